/**
 * The WebSocket subprotocols of `/collab/<documentId>`: `counterpart`,
 * which the server selects, and `counterpart.token.<token>`, which carries
 * a member's credential out of the URL (so no proxy's access log records
 * it) and is never echoed. Tokens are `cp_` and base64url, valid in a
 * subprotocol.
 */

/** The subprotocol the server selects for a client that offers it. */
export const collabProtocol = 'counterpart'

/** The prefix of the subprotocol that carries a member's token. */
export const tokenProtocolPrefix = 'counterpart.token.'

/** The subprotocols a client offers to connect with `token`. */
export const collabProtocols = (token: string): string[] => [collabProtocol, `${tokenProtocolPrefix}${token}`]
