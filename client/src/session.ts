/**
 * The address of the editor page: `/d/<id>`, opened by a signed-in person,
 * or `/d/<id>?token=…` for a member's token (the link a script or the
 * banner hands out). The page trades such a token for a session of that
 * membership at once (an HttpOnly cookie) and removes it from the address
 * bar and history, so that a bookmark, a second tab or a reload stays in
 * without the token, and copying the address shares no credential. Its
 * first script does it (`startSession`), and asks who the page is for,
 * while the editor's script is still on its way.
 */

import { send, sessionPath, tradePath, type FirstRequests } from './request.js'
import { fetchEarlyText } from './earlyText.js'
import { localCopyNames } from './keptCopies.js'

/**
 * Takes the token out of the address and sends the page's first requests
 * for the document in it (null: the address names none): the token traded
 * for a session, then — once the trade is answered, whatever it says — who
 * the page is for (read by `Api.firstSession`), and the document's text
 * when this browser keeps no copy of it (`earlyText.ts`).
 */
export function startSession(location: Location, history: History): FirstRequests | null {
  const documentId = documentIdFromLocation(location)
  if (documentId === null) return null
  const token = takeTokenFromAddress(location, history)
  const trade = token === null ? null : send('POST', tradePath, { token })
  const traded = (trade ?? Promise.resolve()).catch(() => undefined)
  const session = traded.then(() => send('GET', sessionPath(documentId)))
  // Read only when the trade succeeds: a failure not read must not surface as an unhandled rejection.
  void session.catch(() => undefined)
  const heldCopies = localCopyNames(documentId)
  return { documentId, trade, session, heldCopies, text: fetchEarlyText(documentId, traded, heldCopies) }
}

/** The document id in the address, or null. */
function documentIdFromLocation(location: Location): string | null {
  return /^\/d\/([^/]+)\/?$/.exec(location.pathname)?.[1] ?? null
}

/** The member's token in the address, removed from it at once; null when there is none. */
function takeTokenFromAddress(location: Location, history: History): string | null {
  const url = new URL(location.href)
  const token = url.searchParams.get('token')
  if (token === null) return null
  url.searchParams.delete('token')
  history.replaceState(null, '', url.pathname + url.search + url.hash)
  return token
}
