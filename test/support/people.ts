/**
 * Signed-in people for tests, made through the stores as a passkey
 * registration would make them (the ceremonies themselves are proven in
 * Chromium, test/e2e/passkeys.test.ts), with a session open and, when
 * asked, the memberships their members' tokens open.
 */

import { randomBytes, randomUUID } from 'node:crypto'
import { sessionCookieName as sessionCookieNameFor } from '../../server/access/sessionCookie.js'
import { generateToken, hashToken } from '../../server/access/token.js'
import { ChallengeStore } from '../../server/storage/challengeStore.js'
import { PersonStore } from '../../server/storage/personStore.js'
import { cookieRequest } from './cookieClient.js'
import type { ServerFixture } from './fixtures.js'

/** The name of the session cookie a signed-in person's browser holds (on http://localhost). */
export const sessionCookieName = sessionCookieNameFor(false)

export interface SignedInPerson {
  personId: string
  /** The session token, the cookie's value. */
  token: string
  /** `counterpart_session=<token>`, for a Cookie header. */
  cookie: string
  /** The person's passkeys' credential ids, oldest first. */
  credentialIds: string[]
}

export interface PersonOptions {
  /** Registered through an administrator's registration link. */
  administrator?: boolean
  organisation?: string | null
  /** How many passkeys the person holds (1 unless given). */
  passkeys?: number
  /** The transports each passkey is reached by. */
  transports?: string[]
  /** Members' tokens whose memberships the person claims (POST /api/me/memberships). */
  memberTokens?: readonly string[]
}

/** A fresh credential id, as an authenticator would make one. */
export const newCredentialId = (): string => randomBytes(16).toString('base64url')

/** A person registered through a registration link on `fixture`'s server, with a session open; throws if a claim of `memberTokens` is refused. */
export async function signInPerson(fixture: ServerFixture, name = 'Somchai Rattanakorn', options: PersonOptions = {}): Promise<SignedInPerson> {
  const link = generateToken()
  await new ChallengeStore(fixture.database).putRegistrationLink(hashToken(link), 60_000, options.administrator ?? false)
  const people = new PersonStore(fixture.database)
  const credentialIds = Array.from({ length: options.passkeys ?? 1 }, newCredentialId)
  const passkey = (credentialId: string) => ({ credentialId, publicKey: new Uint8Array([1, 2, 3]), counter: 0, transports: options.transports ?? ['internal'] })
  const person = await people.createWithPasskey({ id: randomUUID(), name, organisation: options.organisation ?? null, email: null }, passkey(credentialIds[0]!), hashToken(link))
  if (!person) throw new Error('the registration link was refused')
  for (const credentialId of credentialIds.slice(1)) await people.addPasskey(person.id, passkey(credentialId))
  const { token } = await fixture.server.server.sessions.open(person.id, null)
  const signedIn = { personId: person.id, token, cookie: `${sessionCookieName}=${token}`, credentialIds }
  for (const memberToken of options.memberTokens ?? []) {
    const claimed = await cookieRequest(fixture, 'POST', '/api/me/memberships', signedIn.cookie, { body: { token: memberToken } })
    if (claimed.status !== 201) throw new Error(`claiming a membership answered ${claimed.status}: ${JSON.stringify(claimed.body)}`)
  }
  return signedIn
}
