/**
 * The member's token: taken from the address the server handed out
 * (`/d/<id>?token=…`), kept in session storage, and removed from the
 * address bar and history so it is not shared by copying the address.
 * The WebSocket carries it in a subprotocol, never in its URL, so that no
 * proxy's access log records it.
 */

const storageKey = (documentId: string) => `counterpart:token:${documentId}`

/** The document id in the address, or null. */
export function documentIdFromLocation(location: Location): string | null {
  return /^\/d\/([^/]+)\/?$/.exec(location.pathname)?.[1] ?? null
}

/** The token for `documentId`: from the address (moved to session storage) or from session storage. */
export function takeToken(documentId: string, location: Location, history: History, storage: Storage): string | null {
  const url = new URL(location.href)
  const fromAddress = url.searchParams.get('token')
  if (fromAddress) {
    storage.setItem(storageKey(documentId), fromAddress)
    url.searchParams.delete('token')
    history.replaceState(null, '', url.pathname + url.search + url.hash)
    return fromAddress
  }
  return storage.getItem(storageKey(documentId))
}

/** Forgets the token (it was refused). */
export function forgetToken(documentId: string, storage: Storage): void {
  storage.removeItem(storageKey(documentId))
}
