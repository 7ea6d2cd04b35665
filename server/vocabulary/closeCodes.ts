/**
 * The one table from error codes to WebSocket close codes, and what each
 * application close code means to a member, in words. Application codes are
 * named after HTTP statuses (4400 Bad Request, 4401 Unauthorized…). The
 * stock y-websocket provider stops reconnecting on 4400–4499 (reconnecting
 * cannot help) and retries on everything else.
 */

import type { CounterpartError, ErrorCode } from './errors.js'

export const closeCodes: Record<ErrorCode, number> = {
  invalid: 4400,
  unauthorized: 4401,
  // IIS's 440 Login Time-out: the session ran out, nobody ended the access.
  expired: 4440,
  forbidden: 4403,
  'not-found': 4404,
  conflict: 4409,
  'too-large': 4413,
  'too-many': 4429,
  unavailable: 4503,
  'going-away': 1001,
}

/** What an application close code means, for the member whose connection it closed. */
export const closeMeanings: Readonly<Record<number, string>> = {
  4400: 'the server refused a malformed message',
  4401: 'your access has ended (revoked, signed out, or a token unknown); sign in again, or ask your head of delegation or the secretariat for a new invitation',
  4440: 'your session has ended after a time; sign in again (what this page had not sent is kept in this browser, and goes once you are back)',
  4403: 'the server refused this action',
  4404: 'this document does not exist',
  4409: 'the change conflicts with the negotiation (agreed text is locked)',
  4413: 'a change was too large to send',
  4429: 'this link is already open in too many tabs or windows; close one of them, then reload this page',
  4503: 'the server cannot store changes right now; it will be retried',
}

/** Close codes by which the gate refuses a change the connection sent: the sender's copy is no longer the server's. */
export const changeRefusalCodes: readonly number[] = [closeCodes.invalid, closeCodes.forbidden, closeCodes.conflict, closeCodes['too-large']]

/** Close reasons are limited to 123 bytes of UTF-8 by the protocol. */
const maxReasonBytes = 123

/** The close code and reason text for `error`. */
export function closeFrameFor(error: CounterpartError): { code: number; reason: string } {
  return { code: closeCodes[error.code], reason: truncateUtf8(error.message, maxReasonBytes) }
}

const utf8 = new TextEncoder()

function truncateUtf8(text: string, maxBytes: number): string {
  if (utf8.encode(text).length <= maxBytes) return text
  let end = text.length
  while (utf8.encode(text.slice(0, end) + '…').length > maxBytes) end--
  return text.slice(0, end) + '…'
}
