/**
 * /api/auth — passkey sign-in and the session cookie: registration links
 * (the administrator's), creating an account with a passkey (allowed by a
 * registration link or an invitation, which it accepts), signing in with
 * one, signing out here or everywhere; and trading a member's token for a
 * session of that membership (the page opened with `/d/<id>?token=…`); a
 * signed-in person adding a passkey. Every POST but the administrator's
 * must come from the server's own origin; the passkey ceremonies are
 * limited per client address (`access/attemptLimiter.ts`).
 */

import { Router, type Request, type RequestHandler, type Response } from 'express'
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server'
import type { Authenticator } from '../services/authenticator.js'
import type { BrowserSessions } from '../services/browserSessions.js'
import type { PasskeySignIn } from '../services/passkeySignIn.js'
import { memberCookieName, readSessionCookie, sessionCookie } from '../access/sessionCookie.js'
import type { Invitations } from '../services/invitations.js'
import { memberView } from './views.js'
import { invalid, tooMany, unauthorized, type CounterpartError } from '../vocabulary/errors.js'
import { hashToken } from '../access/token.js'
import { principalOf, requireSameOrigin, requireToken } from './authentication.js'
import { nullableStringField, objectBody, optionalBooleanField, stringField, type JsonObject } from './bodyFields.js'
import { passkeyView, personView } from './personViews.js'
import { AttemptLimiter } from '../access/attemptLimiter.js'
import { refusal } from '../vocabulary/refusal.js'

export interface AuthRouterOptions {
  authenticator: Authenticator
  signIn: PasskeySignIn
  sessions: BrowserSessions
  /** The session cookie's name. */
  cookieName: string
  /** The origin browsers use: cookie requests that change something must come from it. */
  origin: string
  /** Invitations: an account may be made from one, which it then accepts. */
  invitations: Pick<Invitations, 'describe' | 'accept'>
  /** Closes the collaboration sockets a session opened: one session's, or all of a person's. */
  closeSignedIn: (ended: { personId: string } | { sessionHash: string }, reason: CounterpartError) => void
  /** Passkey challenges one client address may ask for a minute, and as many answers it may send (`COUNTERPART_SIGNIN_ATTEMPTS_PER_MINUTE`). */
  signInAttemptsPerMinute: number
}

export function authRouter({ authenticator, signIn, sessions, invitations, cookieName, origin, closeSignedIn, signInAttemptsPerMinute }: AuthRouterOptions): Router {
  const router = Router()
  const signInLimit = { attempts: signInAttemptsPerMinute, perMs: 60_000 }
  // Each address: so many challenges asked for (each a stored row), and so many answers (each a signature checked).
  const challengesAsked = limitedBy(new AttemptLimiter(signInLimit))
  const answersSent = limitedBy(new AttemptLimiter(signInLimit))
  const secure = origin.startsWith('https:')
  const sessionOf = (request: Request) => readSessionCookie(request.get('cookie'), cookieName)
  const setCookie = (response: Response, token: string, expiresAt: Date) =>
    response.append('Set-Cookie', sessionCookie(cookieName, token, { secure, maxAgeSeconds: (expiresAt.getTime() - Date.now()) / 1000 }))
  const clearCookie = (response: Response) => response.append('Set-Cookie', sessionCookie(cookieName, '', { secure, maxAgeSeconds: 0 }))

  router.post('/registration-links', requireToken(authenticator), async (request, response) => {
    // No body, or {"administrator": true} for a link that makes an administrator.
    const administrator = request.body === undefined ? false : optionalBooleanField(objectBody(request.body), 'administrator', false)
    const { token, expiresAt } = await signIn.createRegistrationLink(principalOf(response), { administrator })
    response.status(201).json({ token, url: `${origin}/signin?register=${token}`, expiresAt: expiresAt.toISOString() })
  })

  router.use((request, _response, next) => {
    requireSameOrigin(request, origin)
    next()
  })

  router.post('/register/options', challengesAsked, async (request, response) => {
    const body = objectBody(request.body)
    const permit = permitField(body)
    // An invitation allows an account only while it is pending: said now, before any passkey is made.
    if (permit.kind === 'invitation') await invitations.describe(permit.token)
    const options = await signIn.registrationOptions(permit, {
      name: stringField(body, 'name', { maxLength: 200 }),
      organisation: nullableStringField(body, 'organisation', { maxLength: 200 }),
      email: nullableStringField(body, 'email', { maxLength: 320, pattern: /^[^\s@]+@[^\s@]+$/, hint: 'must be an e-mail address' }),
    })
    response.json(options)
  })

  router.post('/register/verify', answersSent, async (request, response) => {
    const body = objectBody(request.body)
    const invitationToken = nullableStringField(body, 'invitation', { maxLength: 200 })
    const { person, invitation } = await signIn.register(credentialField(body) as unknown as RegistrationResponseJSON, invitationToken)
    const { token, expiresAt } = await sessions.open(person.id, sessionOf(request))
    setCookie(response, token, expiresAt)
    // The account stands, signed in, even if the invitation was used meanwhile: the error says so.
    const member = invitation === null ? null : await invitations.accept(person, invitation)
    response.status(201).json({ person: personView(person), member: member && memberView(member) })
  })

  // A page opened with a member's token trades it for a session of that membership, in a cookie of its own.
  router.post('/token-session', async (request, response) => {
    const memberToken = stringField(objectBody(request.body), 'token', { maxLength: 200 })
    const cookieOf = (documentId: string) => memberCookieName(cookieName, documentId)
    const { token, expiresAt, member } = await sessions.openForMember(memberToken, (documentId) => readSessionCookie(request.get('cookie'), cookieOf(documentId)))
    response.append('Set-Cookie', sessionCookie(cookieOf(member.documentId), token, { secure, maxAgeSeconds: (expiresAt.getTime() - Date.now()) / 1000 }))
    response.status(201).json({ documentId: member.documentId, member: memberView(member) })
  })

  router.post('/login/options', challengesAsked, async (_request, response) => {
    response.json(await signIn.loginOptions())
  })

  router.post('/login/verify', answersSent, async (request, response) => {
    const person = await signIn.signIn(credentialField(objectBody(request.body)) as unknown as AuthenticationResponseJSON)
    const { token, expiresAt } = await sessions.open(person.id, sessionOf(request))
    setCookie(response, token, expiresAt)
    response.json({ person: personView(person) })
  })

  // A signed-in person adds another passkey (a phone, a security key): the same ceremony as an account's first, for their account.
  const signedIn = async (request: Request) => {
    const session = sessionOf(request)
    if (session === null) throw unauthorized('adding a passkey is for a signed-in person: sign in first')
    return sessions.personOf(session)
  }

  router.post('/passkeys/options', challengesAsked, async (request, response) => {
    response.json(await signIn.addPasskeyOptions(await signedIn(request)))
  })

  router.post('/passkeys/verify', answersSent, async (request, response) => {
    const person = await signedIn(request)
    const passkey = await signIn.addPasskey(person, credentialField(objectBody(request.body)) as unknown as RegistrationResponseJSON)
    response.status(201).json({ passkey: passkeyView(passkey) })
  })

  router.post('/logout', async (request, response) => {
    const session = sessionOf(request)
    if (session === null) throw unauthorized('no session to end: this browser is not signed in')
    await sessions.end(session)
    closeSignedIn({ sessionHash: hashToken(session) }, unauthorized('you signed out'))
    clearCookie(response)
    response.json({ ended: 1 })
  })

  router.post('/logout-everywhere', async (request, response) => {
    const session = sessionOf(request)
    if (session === null) throw unauthorized('no session to end: this browser is not signed in')
    const person = await sessions.personOf(session)
    const ended = await sessions.endEverywhere(person.id)
    closeSignedIn({ personId: person.id }, unauthorized('you signed out everywhere'))
    clearCookie(response)
    response.json({ ended })
  })

  return router
}

/** Refuses a request beyond `limiter`'s limit for its client's address (the TCP peer's): 429, saying when to try again. */
function limitedBy(limiter: AttemptLimiter): RequestHandler {
  return (request, _response, next) => {
    const attempt = limiter.take(request.ip ?? request.socket.remoteAddress ?? 'unknown')
    if (!attempt.allowed) {
      const seconds = Math.ceil(attempt.retryAfterMs / 1000)
      throw tooMany(refusal('refusal.signIn.tooMany', { seconds }), seconds)
    }
    next()
  }
}

/** What allows a new account: `link` (a registration link's token) or `invitation` (an invitation's), exactly one. */
function permitField(body: JsonObject): { kind: 'link' | 'invitation'; token: string } {
  const link = nullableStringField(body, 'link', { maxLength: 200 })
  const invitation = nullableStringField(body, 'invitation', { maxLength: 200 })
  if ((link === null) === (invitation === null)) throw invalid('send exactly one of "link" (a registration link) and "invitation" (an invitation)')
  return link !== null ? { kind: 'link', token: link } : { kind: 'invitation', token: invitation! }
}

/** The authenticator's answer, as `@simplewebauthn/browser` gives it, in `credential`; the library checks the rest. */
function credentialField(body: JsonObject): JsonObject {
  const credential = body.credential
  if (typeof credential !== 'object' || credential === null || Array.isArray(credential)) {
    throw invalid('field "credential" must be the object the authenticator answered (startRegistration / startAuthentication)')
  }
  const { id, response } = credential as JsonObject
  if (typeof id !== 'string' || typeof response !== 'object' || response === null) {
    throw invalid('field "credential" must have an "id" and a "response"')
  }
  return credential as JsonObject
}
