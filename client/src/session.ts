/**
 * The address of the editor page: `/d/<id>`, opened by a signed-in person,
 * or `/d/<id>?token=…` for a member's token (the link a script or the
 * banner hands out). The page trades such a token for a session of that
 * membership at once (`Api.tradeToken`, an HttpOnly cookie) and removes it
 * from the address bar and history, so that a bookmark, a second tab or a
 * reload stays in without the token, and copying the address shares no
 * credential.
 */

/** The document id in the address, or null. */
export function documentIdFromLocation(location: Location): string | null {
  return /^\/d\/([^/]+)\/?$/.exec(location.pathname)?.[1] ?? null
}

/** The member's token in the address, removed from it at once; null when there is none. */
export function takeTokenFromAddress(location: Location, history: History): string | null {
  const url = new URL(location.href)
  const token = url.searchParams.get('token')
  if (token === null) return null
  url.searchParams.delete('token')
  history.replaceState(null, '', url.pathname + url.search + url.hash)
  return token
}
