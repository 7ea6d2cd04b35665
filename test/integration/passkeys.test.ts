/**
 * A signed-in person's passkeys against a real server and database: listed
 * without their public keys, removed but never the last, never another
 * person's; adding one is a ceremony of the signed-in session, from the
 * server's own origin, whose challenge nothing else can answer. And the
 * passkey ceremonies are limited per client address: beyond the limit, 429
 * with when to try again. (The ceremonies with a real authenticator are
 * proven in Chromium: test/e2e/passkeys.test.ts.)
 */

import http from 'node:http'
import { beforeAll, describe, expect, it } from 'vitest'
import { cookieRequest, type CookieRequestOptions } from '../support/cookieClient.js'
import { useServer, type ServerFixture } from '../support/fixtures.js'
import { newCredentialId, signInPerson } from '../support/people.js'

const fixture = useServer()
/** A second server whose sign-in limit is small, to reach it quickly. */
const limited = useServer({ signInAttemptsPerMinute: 3 })
let origin: string

beforeAll(() => {
  origin = fixture.server.server.origin
})

/** Sokha, signed in, holding `passkeys` passkeys, each on the device or reached through a phone. */
const signedInPerson = (passkeys = 1) => signInPerson(fixture, 'Sokha Chan', { organisation: 'Cambodian National Police', passkeys, transports: ['internal', 'hybrid'] })

/** A JSON request to the server, carrying `cookie` when given, from the server's own Origin unless told otherwise. */
const send = (method: string, path: string, { cookie = '', ...options }: CookieRequestOptions & { cookie?: string } = {}) => cookieRequest(fixture, method, path, cookie, options)

/** A registration answer the authenticator never gave, carrying `challenge`: enough to reach the challenge check. */
function forgedRegistration(challenge: string) {
  const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.create', challenge, origin })).toString('base64url')
  const id = newCredentialId()
  return { credential: { id, rawId: id, type: 'public-key', response: { clientDataJSON, attestationObject: '' }, clientExtensionResults: {} } }
}

describe("a signed-in person's passkeys", () => {
  it('are listed oldest first, with when each was made and last used and how it is reached, never the public key', async () => {
    const { cookie, credentialIds } = await signedInPerson(2)
    const listed = await send('GET', '/api/me/passkeys', { cookie })
    expect(listed.status).toBe(200)
    expect(listed.body.passkeys.map((passkey: { credentialId: string }) => passkey.credentialId)).toEqual(credentialIds)
    for (const passkey of listed.body.passkeys) {
      expect(Object.keys(passkey).sort()).toEqual(['createdAt', 'credentialId', 'lastUsedAt', 'transports'])
      expect(passkey).toMatchObject({ lastUsedAt: null, transports: ['internal', 'hybrid'] })
      expect(Date.parse(passkey.createdAt)).not.toBeNaN()
    }
  })

  it('can be removed one by one, but never the last: that would lock the person out', async () => {
    const { cookie, credentialIds } = await signedInPerson(2)
    const removed = await send('DELETE', `/api/me/passkeys/${credentialIds[0]}`, { cookie })
    expect(removed.status).toBe(200)
    const last = await send('DELETE', `/api/me/passkeys/${credentialIds[1]}`, { cookie })
    expect(last.status).toBe(409)
    expect(last.body.error.message).toBe('this is your last passkey: removing it would lock you out; add another passkey first')
    const listed = await send('GET', '/api/me/passkeys', { cookie })
    expect(listed.body.passkeys.map((passkey: { credentialId: string }) => passkey.credentialId)).toEqual([credentialIds[1]])
  })

  it("never include another person's: removing one of theirs is not found, and it stays", async () => {
    const mine = await signedInPerson(2)
    const theirs = await signedInPerson(2)
    const refused = await send('DELETE', `/api/me/passkeys/${theirs.credentialIds[0]}`, { cookie: mine.cookie })
    expect(refused.status).toBe(404)
    expect((await send('GET', '/api/me/passkeys', { cookie: theirs.cookie })).body.passkeys).toHaveLength(2)
    expect((await send('DELETE', `/api/me/passkeys/${newCredentialId()}`, { cookie: mine.cookie })).status).toBe(404)
  })

  it('are for a signed-in person: a bearer token names none, and a removal must come from the server’s own origin', async () => {
    const { cookie, credentialIds } = await signedInPerson(2)
    expect((await fixture.server.request('GET', '/api/me/passkeys')).status).toBe(401)
    expect((await send('GET', '/api/me/passkeys')).status).toBe(401)
    expect((await send('DELETE', `/api/me/passkeys/${credentialIds[0]}`, { cookie, origin: 'https://evil.example' })).status).toBe(403)
    expect((await send('GET', '/api/me/passkeys', { cookie })).body.passkeys).toHaveLength(2)
  })
})

describe('adding a passkey while signed in', () => {
  it('asks for a passkey for the same account, excluding the ones the person holds', async () => {
    const { personId, cookie, credentialIds } = await signedInPerson(2)
    const options = await send('POST', '/api/auth/passkeys/options', { cookie })
    expect(options.status).toBe(200)
    expect(options.body.user).toMatchObject({ id: Buffer.from(personId).toString('base64url'), displayName: 'Sokha Chan' })
    expect(options.body.excludeCredentials.map((credential: { id: string }) => credential.id)).toEqual(credentialIds)
    expect(options.body.authenticatorSelection).toMatchObject({ residentKey: 'required', userVerification: 'required' })
  })

  it('needs a session, from the server’s own origin', async () => {
    const { cookie } = await signedInPerson()
    expect((await send('POST', '/api/auth/passkeys/options')).status).toBe(401)
    expect((await send('POST', '/api/auth/passkeys/options', { cookie: 'counterpart_session=cs_not-a-session' })).status).toBe(401)
    expect((await send('POST', '/api/auth/passkeys/options', { cookie, origin: 'https://evil.example' })).status).toBe(403)
    expect((await send('POST', '/api/auth/passkeys/options', { cookie, origin: null })).status).toBe(403)
  })

  it("takes only its own challenge, handed to this person: not a sign-in's, not another person's", async () => {
    const me = await signedInPerson()
    const other = await signedInPerson()
    const signInChallenge = (await send('POST', '/api/auth/login/options')).body.challenge as string
    const fromSignIn = await send('POST', '/api/auth/passkeys/verify', { cookie: me.cookie, body: forgedRegistration(signInChallenge) })
    expect(fromSignIn.status).toBe(401)
    expect(fromSignIn.body.error.message).toMatch(/^adding this passkey was not asked for in this session/)

    const othersChallenge = (await send('POST', '/api/auth/passkeys/options', { cookie: other.cookie })).body.challenge as string
    expect((await send('POST', '/api/auth/passkeys/verify', { cookie: me.cookie, body: forgedRegistration(othersChallenge) })).status).toBe(401)
    // Still the other person's to answer: it reaches the authenticator's answer, which does not verify.
    const answered = await send('POST', '/api/auth/passkeys/verify', { cookie: other.cookie, body: forgedRegistration(othersChallenge) })
    expect(answered.status).toBe(401)
    expect(answered.body.error.message).toMatch(/^the passkey could not be verified/)
    // And once answered, it is gone.
    expect((await send('POST', '/api/auth/passkeys/verify', { cookie: other.cookie, body: forgedRegistration(othersChallenge) })).body.error.message).toMatch(
      /^adding this passkey was not asked for/,
    )
    // A registration's answer cannot create an account from this challenge either.
    expect((await send('POST', '/api/auth/register/verify', { body: forgedRegistration(othersChallenge) })).status).toBe(401)
  })
})

/** POSTs to `path` on `on`'s server from the local address `localAddress`; resolves to the status and Retry-After. */
function postFrom(localAddress: string, path: string, on: ServerFixture): Promise<{ status: number; retryAfter: string | undefined; body: any }> {
  const url = new URL(on.server.url + path)
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress, headers: { origin: on.server.server.origin, 'content-type': 'application/json' } },
      (response) => {
        let text = ''
        response.setEncoding('utf8')
        response.on('data', (chunk: string) => (text += chunk))
        response.on('end', () => resolve({ status: response.statusCode!, retryAfter: response.headers['retry-after'], body: JSON.parse(text) }))
      },
    )
    request.on('error', reject)
    request.end('{}')
  })
}

describe('the passkey ceremonies, limited per client address', () => {
  it('refuse the challenge beyond the limit with 429, in words, saying when to try again', async () => {
    const answers = []
    for (let i = 0; i < 4; i++) answers.push(await postFrom('127.0.0.1', '/api/auth/login/options', limited))
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 429])
    const refused = answers[3]!
    expect(refused.body.error.code).toBe('too-many')
    expect(refused.body.error.message).toMatch(/^too many sign-in attempts from this address; try again in \d+ s$/)
    const seconds = Number(refused.retryAfter)
    expect(seconds).toBeGreaterThan(0)
    expect(seconds).toBeLessThanOrEqual(20)
    expect(refused.body.error.message).toBe(`too many sign-in attempts from this address; try again in ${seconds} s`)
    // Every ceremony's challenge counts: registration and adding a passkey are refused too.
    expect((await postFrom('127.0.0.1', '/api/auth/register/options', limited)).status).toBe(429)
    expect((await postFrom('127.0.0.1', '/api/auth/passkeys/options', limited)).status).toBe(429)
  })

  it('count answers apart from challenges, and each address apart', async () => {
    for (let i = 0; i < 3; i++) await postFrom('127.0.0.3', '/api/auth/login/options', limited)
    expect((await postFrom('127.0.0.3', '/api/auth/login/options', limited)).status).toBe(429)
    // Its answers are still heard (and this empty one refused as an answer).
    expect((await postFrom('127.0.0.3', '/api/auth/login/verify', limited)).status).toBe(400)
    // Another address has its own allowance.
    expect((await postFrom('127.0.0.4', '/api/auth/login/options', limited)).status).toBe(200)
  })
})
