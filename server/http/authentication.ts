/**
 * Authentication for the HTTP API: `Authorization: Bearer <token>` (scripts,
 * stock clients, the member's page), or a signed-in person's session cookie.
 * With the cookie, a state-changing request must carry the server's own
 * `Origin` (SameSite=Strict is the first guard against cross-site requests,
 * the origin check the second), and the person acts in a document as their
 * membership there, so every permission check is the member's.
 */

import type { NextFunction, Request, RequestHandler, Response } from 'express'
import type { Authenticator } from '../services/authenticator.js'
import type { BrowserSessions } from '../services/browserSessions.js'
import type { Principal } from '../access/principal.js'
import { isSameOrigin, memberCookieName, readSessionCookie } from '../access/sessionCookie.js'
import { CounterpartError, forbidden, invalid, unauthorized } from '../vocabulary/errors.js'
import type { PersonRecord } from '../vocabulary/person.js'

/** What cookie authentication needs: the sessions, the cookie's name, the origin requests must come from. */
export interface CookieAuthentication {
  sessions: BrowserSessions
  cookieName: string
  origin: string
}

/** Methods that change nothing, and so need no origin check. */
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS'])
/** Paths (under /api) a signed-in person reaches without a document: their own, the template library, and the list of negotiations (to start one). */
const personalPath = /^\/(me|templates)(\/|$)/
const documentsPath = /^\/documents\/?$/
const documentPath = /^\/documents\/([^/]+)/

/**
 * Resolves the request's principal into `response.locals.principal` (and,
 * with a person's session cookie, the person into `response.locals.person`);
 * 401 without a valid token or session, 403 for a cookie request from
 * another origin or for a document the person holds no membership of.
 * Under a document's path, the session of the membership a page opened
 * with its token comes first (its own cookie), then the person's.
 */
export function requireToken(authenticator: Authenticator, cookies?: CookieAuthentication): RequestHandler {
  return async (request: Request, response: Response, next: NextFunction) => {
    const header = request.get('authorization')
    if (cookies && header === undefined) {
      const cookieHeader = request.get('cookie')
      const document = documentPath.exec(request.path)
      const documentId = document ? decodeDocumentId(document[1]!) : null
      const memberSession = documentId !== null ? readSessionCookie(cookieHeader, memberCookieName(cookies.cookieName, documentId)) : null
      if (memberSession !== null) {
        requireSameOrigin(request, cookies.origin)
        response.locals.principal = { kind: 'member', member: await cookies.sessions.memberOf(memberSession, documentId!) } satisfies Principal
        return next()
      }
      const session = readSessionCookie(cookieHeader, cookies.cookieName)
      if (session !== null) {
        requireSameOrigin(request, cookies.origin)
        const person = await cookies.sessions.personOf(session)
        response.locals.person = person
        response.locals.session = session
        if (documentId !== null) response.locals.principal = await cookies.sessions.principalIn(person, documentId)
        else if (documentsPath.test(request.path)) {
          // The administrator lists and starts negotiations as such; anyone else starts one as its secretariat (documentsRouter).
          if (person.administrator) response.locals.principal = { kind: 'admin' } satisfies Principal
          else if (request.method !== 'POST') throw forbidden('your negotiations are listed at /api/me')
        } else if (!personalPath.test(request.path)) {
          throw forbidden('signed in, you act through your memberships: use /api/me and the routes of your documents, or a bearer token')
        }
        return next()
      }
    }
    if (header === undefined) throw unauthorized('send "Authorization: Bearer <token>"')
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
    if (!match) throw unauthorized('the Authorization header must read "Bearer <token>"')
    response.locals.principal = await authenticator.authenticate(match[1])
    next()
  }
}

/**
 * Who opens the page of document `documentId`, for what the page may carry
 * before its script runs (its first text): the member whose token is in the
 * address (the page trades it for a session at once), else the membership
 * session the page opened before, else the signed-in person's membership;
 * null when none of them holds, or any of them fails (the page's script
 * then says why, from the API).
 */
export async function pagePrincipal(request: Request, documentId: string, authenticator: Authenticator, cookies: CookieAuthentication): Promise<Principal | null> {
  try {
    const { token } = request.query
    if (typeof token === 'string') return await authenticator.authenticate(token.slice(0, 200))
    const cookieHeader = request.get('cookie')
    const memberSession = readSessionCookie(cookieHeader, memberCookieName(cookies.cookieName, documentId))
    if (memberSession !== null) return { kind: 'member', member: await cookies.sessions.memberOf(memberSession, documentId) }
    const session = readSessionCookie(cookieHeader, cookies.cookieName)
    if (session !== null) return await cookies.sessions.principalIn(await cookies.sessions.personOf(session), documentId)
    return null
  } catch (error) {
    if (error instanceof CounterpartError) return null
    throw error
  }
}

/** Throws Forbidden when a state-changing request does not come from `origin` (CSRF). */
export function requireSameOrigin(request: Request, origin: string): void {
  if (safeMethods.has(request.method)) return
  const sent = request.get('origin')
  if (!isSameOrigin(sent, origin)) {
    throw forbidden(`a signed-in request that changes something must come from ${origin} (Origin: ${sent === undefined ? 'none' : JSON.stringify(sent.slice(0, 200))})`)
  }
}

/** The principal that `requireToken` established. */
export function principalOf(response: Response): Principal {
  const principal = response.locals.principal as Principal | undefined
  if (!principal) throw new Error('principalOf() called on a route without requireToken')
  return principal
}

/** The signed-in person of a cookie request, or null (a bearer token, or a membership's session). */
export function signedInPerson(response: Response): PersonRecord | null {
  return (response.locals.person as PersonRecord | undefined) ?? null
}

/** The signed-in person of a cookie request; throws Unauthorized for a bearer-token request. */
export function personOf(response: Response): { person: PersonRecord; session: string } {
  const person = response.locals.person as PersonRecord | undefined
  if (!person) throw unauthorized('this is for a signed-in person: sign in with a passkey (a bearer token names no person)')
  return { person, session: response.locals.session as string }
}

function decodeDocumentId(encoded: string): string {
  try {
    return decodeURIComponent(encoded)
  } catch {
    throw invalid('the document id in the path is not valid percent-encoding')
  }
}
