/**
 * The browser session's cookie and the origin check that goes with it.
 * The cookie carries a random session token (`cps_` and 43 base64url
 * characters), stored hashed like bearer tokens (`token.ts`); it is
 * HttpOnly and SameSite=Strict, and Secure with the `__Host-` prefix when
 * the server's public origin is https.
 */

import { createHash, randomBytes } from 'node:crypto'

/** The cookie's name: `__Host-counterpart_session` behind https, `counterpart_session` otherwise. */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-counterpart_session' : 'counterpart_session'
}

/**
 * The name of the cookie holding a membership's session in `documentId`
 * (a page opened with a member's token): the person's cookie name and a
 * digest of the document id, so that a browser holds one per document,
 * beside a signed-in person's, and any id makes a valid cookie name.
 */
export function memberCookieName(personCookieName: string, documentId: string): string {
  return `${personCookieName}.${createHash('sha256').update(documentId).digest('hex').slice(0, 16)}`
}

/** A fresh session token: `cps_` followed by 43 base64url characters (256 random bits). */
export function generateSessionToken(): string {
  return `cps_${randomBytes(32).toString('base64url')}`
}

/** The value of cookie `name` in a `Cookie` header, or null when absent or not a session token. */
export function readSessionCookie(header: string | undefined, name: string): string | null {
  if (header === undefined) return null
  for (const pair of header.split(';')) {
    const index = pair.indexOf('=')
    if (index < 0 || pair.slice(0, index).trim() !== name) continue
    const value = pair.slice(index + 1).trim()
    return /^cps_[A-Za-z0-9_-]{43}$/.test(value) ? value : null
  }
  return null
}

/** The `Set-Cookie` value that stores `token` for `maxAgeSeconds` (0 with an empty token: clears it). */
export function sessionCookie(name: string, token: string, options: { secure: boolean; maxAgeSeconds: number }): string {
  const attributes = [`${name}=${token}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`]
  if (options.secure) attributes.push('Secure')
  return attributes.join('; ')
}

/**
 * Whether an `Origin` header names exactly `origin` (scheme, host and
 * port) — or, for an `http://localhost:<port>` origin (the default, a
 * server on this machine), the same port at a loopback address: the
 * same listening server by another name (links print `127.0.0.1`), and a
 * separate site to the browser, whose cookies it keeps apart.
 */
export function isSameOrigin(header: string | undefined, origin: string): boolean {
  if (header === undefined) return false
  if (header === origin) return true
  const local = /^http:\/\/localhost(:\d+)?$/.exec(origin)
  return local !== null && (header === `http://127.0.0.1${local[1] ?? ''}` || header === `http://[::1]${local[1] ?? ''}`)
}
