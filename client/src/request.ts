/**
 * One request as the page sends it: a JSON body if any, the session cookie
 * (HttpOnly: the page never reads it; the browser adds the Origin the
 * server checks), and a patience after which it is given up on. On its own
 * so that the page's first script (`editorPage.ts`, through `session.ts`)
 * sends with it without loading the API client (`api.ts`).
 */

/**
 * How long a request may go unanswered before the page gives up on it and
 * says so: a server that accepted the connection and never answers (or a
 * network that swallows it) must not leave a panel waiting for ever. Long
 * enough for the largest export.
 */
export const requestPatienceMs = 60_000

/** Where a member's token is traded for a session of that membership. */
export const tradePath = '/api/auth/token-session'

/** Where the page asks who it is for, in document `documentId`. */
export const sessionPath = (documentId: string) => `/api/documents/${documentId}/session`

/**
 * The page's first requests, on their way (`session.ts`'s `startSession`): the token's trade (when the address held
 * one), then the session; and the document's text (`earlyText.ts`), with the local copies of it this browser keeps.
 */
export interface FirstRequests {
  /** The document the address names. */
  documentId: string
  trade: Promise<Response> | null
  session: Promise<Response>
  /** The local copies of the document this browser keeps (`localCopyNames`), listed as the page started. */
  heldCopies: Promise<readonly string[]>
  text: EarlyText
}

/** The document's text, asked for over a socket of its own (`earlyText.ts`). */
export interface EarlyText {
  /** The sync messages the server sent up to and including its sync step 2, in order; null when there is none to use. */
  readonly messages: Promise<Uint8Array[] | null>
}

/** Sends `method` to `url` with `body` as JSON (a Blob, a file, as it is, typed as it says); rejects with a TimeoutError (a DOMException) after `patienceMs`. */
export function send(method: string, url: string, body?: unknown, patienceMs = requestPatienceMs): Promise<Response> {
  const file = body instanceof Blob
  return fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': file ? body.type || 'application/octet-stream' : 'application/json' },
    body: body === undefined ? undefined : file ? body : JSON.stringify(body),
    credentials: 'same-origin',
    signal: AbortSignal.timeout(patienceMs),
  })
}
