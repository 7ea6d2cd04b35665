/**
 * Browser sessions against a real server and database: the session cookie
 * stands beside bearer tokens, a signed-in person acts in a document as
 * their membership there, state-changing cookie requests and cookie
 * sockets need the server's own Origin, and sessions end on sign-out,
 * everywhere at once, when idle and at their maximum age. The passkey
 * ceremonies themselves are proven in Chromium (test/e2e/passkeys.test.ts);
 * here a person and a session are made through the stores.
 */

import { beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { generateToken, hashToken } from '../../server/access/token.js'
import { cookieRequest, cookieSocket, openCookieSocket } from '../support/cookieClient.js'
import { useServer } from '../support/fixtures.js'
import { signInPerson } from '../support/people.js'
import type { TestServer } from '../support/testServer.js'

const fixture = useServer()
let server: TestServer
let origin: string
let documentId: string
let delegate: { id: string; token: string }

beforeAll(async () => {
  server = fixture.server
  origin = server.server.origin
  documentId = await server.createDocument()
  delegate = await server.addMember(documentId, 'delegate', 'TH')
})

describe('registration links and the ceremonies’ doors', () => {
  it('only the administrator makes a registration link, and it opens registration options until used', async () => {
    const made = await server.request('POST', '/api/auth/registration-links')
    expect(made.status).toBe(201)
    expect(made.body.url).toBe(`${origin}/signin?register=${made.body.token}`)
    expect((await server.request('POST', '/api/auth/registration-links', { token: delegate.token })).status).toBe(403)

    const options = await fetch(`${server.url}/api/auth/register/options`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ link: made.body.token, name: 'Sokha Chan', email: 'sokha@example.org' }),
    })
    expect(options.status).toBe(200)
    const body = (await options.json()) as any
    expect(body.rp).toEqual({ name: 'Counterpart', id: 'localhost' })
    expect(body.authenticatorSelection).toMatchObject({ residentKey: 'required', userVerification: 'required' })
    expect(typeof body.challenge).toBe('string')

    const unknown = await fetch(`${server.url}/api/auth/register/options`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ link: generateToken(), name: 'Mallory' }),
    })
    expect(unknown.status).toBe(403)
  })

  it('refuses a ceremony from another origin, and an answer to a challenge never handed out', async () => {
    const foreign = await fetch(`${server.url}/api/auth/login/options`, { method: 'POST', headers: { origin: 'https://evil.example' } })
    expect(foreign.status).toBe(403)
    const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge: 'bm90LWhhbmRlZC1vdXQ', origin })).toString('base64url')
    const forged = await fetch(`${server.url}/api/auth/login/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ credential: { id: 'abc', rawId: 'abc', type: 'public-key', response: { clientDataJSON, authenticatorData: '', signature: '' }, clientExtensionResults: {} } }),
    })
    expect(forged.status).toBe(401)
  })
})

describe('a signed-in person', () => {
  it('acts in a document as their membership there, and nowhere else', async () => {
    const { cookie } = await signInPerson(fixture)
    expect((await cookieRequest(fixture, 'GET', `/api/documents/${documentId}`, cookie)).status).toBe(403)
    const observer = await server.addMember(documentId, 'observer', null, 'Observer Person')
    expect((await cookieRequest(fixture, 'POST', '/api/me/memberships', cookie, { body: { token: observer.token } })).status).toBe(201)

    const me = await cookieRequest(fixture, 'GET', '/api/me', cookie)
    expect(me.status).toBe(200)
    expect(me.body.person.name).toBe('Somchai Rattanakorn')
    expect(me.body.memberships).toEqual([
      // Where the negotiation stands (parties, summary) is test/integration/meSummary.test.ts's.
      expect.objectContaining({ documentId, title: 'MOU on cooperation against cross-border trafficking in persons', memberId: observer.id, party: null, role: 'observer' }),
    ])
    expect((await cookieRequest(fixture, 'GET', `/api/documents/${documentId}/content`, cookie)).status).toBe(200)
    // The observer's limits are the person's: no revision, no members.
    expect((await cookieRequest(fixture, 'POST', `/api/documents/${documentId}/revisions`, cookie, { body: { label: 'Mine' } })).status).toBe(403)
    expect((await cookieRequest(fixture, 'GET', '/api/documents', cookie)).status).toBe(403)
    const other = await server.createDocument('Another MOU')
    expect((await cookieRequest(fixture, 'GET', `/api/documents/${other}/content`, cookie)).status).toBe(403)
  })

  it('a delegate’s session may do what the delegate may', async () => {
    const member = await server.addMember(documentId, 'delegate', 'KH', 'Sokha Chan')
    const { cookie } = await signInPerson(fixture, 'Sokha Chan', { memberTokens: [member.token] })
    const revision = await cookieRequest(fixture, 'POST', `/api/documents/${documentId}/revisions`, cookie, { body: { label: 'First reading' } })
    expect(revision.status).toBe(201)
    expect(revision.body.createdBy).toMatchObject({ kind: 'member', memberId: member.id })
  })

  it('cannot take a membership another person holds, nor two of one document', async () => {
    const member = await server.addMember(documentId, 'legal', 'TH', 'Legal Officer')
    await signInPerson(fixture, 'First Holder', { memberTokens: [member.token] })
    const { cookie } = await signInPerson(fixture, 'Second Hand')
    expect((await cookieRequest(fixture, 'POST', '/api/me/memberships', cookie, { body: { token: member.token } })).status).toBe(409)
    const secondOfDocument = await server.addMember(documentId, 'observer', null, 'Second Role')
    const holder = await signInPerson(fixture, 'Two Roles', { memberTokens: [(await server.addMember(documentId, 'observer', null, 'Third Role')).token] })
    expect((await cookieRequest(fixture, 'POST', '/api/me/memberships', holder.cookie, { body: { token: secondOfDocument.token } })).status).toBe(409)
  })
})

describe('the origin check (CSRF)', () => {
  it('a state-changing cookie request needs the server’s own Origin; reading does not', async () => {
    const member = await server.addMember(documentId, 'delegate', 'TH', 'Origin Tester')
    const { cookie } = await signInPerson(fixture, 'Somchai Rattanakorn', { memberTokens: [member.token] })
    const path = `/api/documents/${documentId}/revisions`
    expect((await cookieRequest(fixture, 'POST', path, cookie, { origin: null, body: { label: 'x' } })).status).toBe(403)
    const foreign = await cookieRequest(fixture, 'POST', path, cookie, { origin: 'https://evil.example', body: { label: 'x' } })
    expect(foreign.status).toBe(403)
    expect(foreign.body.error.message).toContain(`must come from ${origin}`)
    // Another port of this machine is another origin; the loopback address of this port is this server (links print it).
    expect((await cookieRequest(fixture, 'POST', path, cookie, { origin: origin.replace(/:\d+$/, ':1'), body: { label: 'x' } })).status).toBe(403)
    expect((await cookieRequest(fixture, 'POST', path, cookie, { origin: origin.replace('localhost', '127.0.0.1'), body: { label: 'x' } })).status).toBe(201)
    expect((await cookieRequest(fixture, 'GET', path, cookie, { origin: null })).status).toBe(200)
  })

  it('bearer tokens are unchanged: the token decides, with or without a cookie, and no credential is 401', async () => {
    const { cookie } = await signInPerson(fixture)
    const bearer = await cookieRequest(fixture, 'GET', '/api/session', cookie, { bearer: delegate.token, origin: null })
    expect(bearer.status).toBe(200)
    expect(bearer.body.member.id).toBe(delegate.id)
    const none = await fetch(`${server.url}/api/documents/${documentId}`)
    expect(none.status).toBe(401)
    expect(((await none.json()) as any).error.message).toBe('send "Authorization: Bearer <token>"')
    expect((await cookieRequest(fixture, 'GET', '/api/me', 'counterpart_session=not-a-session')).status).toBe(401)
    expect((await server.request('GET', '/api/me', { token: delegate.token })).status).toBe(401)
  })
})

describe('the end of a session', () => {
  it('signing out ends this session only, and clears the cookie', async () => {
    const first = await signInPerson(fixture)
    const { token: second } = await server.server.sessions.open(first.personId, null)
    const out = await cookieRequest(fixture, 'POST', '/api/auth/logout', first.cookie)
    expect(out.status).toBe(200)
    expect(out.setCookie).toBe('counterpart_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0')
    expect((await cookieRequest(fixture, 'GET', '/api/me', first.cookie)).status).toBe(401)
    expect((await cookieRequest(fixture, 'GET', '/api/me', `counterpart_session=${second}`)).status).toBe(200)
    expect((await cookieRequest(fixture, 'POST', '/api/auth/logout', `counterpart_session=${second}`, { origin: 'https://evil.example' })).status).toBe(403)
  })

  it('signing out everywhere ends every session of the person and no one else’s', async () => {
    const person = await signInPerson(fixture)
    const { token: elsewhere } = await server.server.sessions.open(person.personId, null)
    const bystander = await signInPerson(fixture, 'Bystander')
    const out = await cookieRequest(fixture, 'POST', '/api/auth/logout-everywhere', person.cookie)
    expect(out.body).toEqual({ ended: 2 })
    expect((await cookieRequest(fixture, 'GET', '/api/me', person.cookie)).status).toBe(401)
    expect((await cookieRequest(fixture, 'GET', '/api/me', `counterpart_session=${elsewhere}`)).status).toBe(401)
    expect((await cookieRequest(fixture, 'GET', '/api/me', bystander.cookie)).status).toBe(200)
  })

  it('a session idle too long, or past its maximum age, has ended by time — said apart from one ended by a sign-out', async () => {
    const idle = await signInPerson(fixture)
    const old = await signInPerson(fixture)
    const signedOut = await signInPerson(fixture)
    // Time moved by hand in the database: no waiting in tests.
    await fixture.database.query(`UPDATE sessions SET last_seen_at = now() - interval '13 hours' WHERE token_hash = $1`, [hashToken(idle.token)])
    await fixture.database.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [hashToken(old.token)])
    await cookieRequest(fixture, 'POST', '/api/auth/logout', signedOut.cookie)
    const error = async (cookie: string) => {
      const { status, body } = await cookieRequest(fixture, 'GET', '/api/me', cookie)
      return { status, code: body.error.code, message: body.error.message }
    }
    const endedByTime = { status: 401, code: 'expired', message: 'the session has ended after a time; sign in again' }
    expect(await error(idle.cookie)).toEqual(endedByTime)
    expect(await error(old.cookie)).toEqual(endedByTime)
    expect(await error(signedOut.cookie)).toEqual({ status: 401, code: 'unauthorized', message: 'the session has ended; sign in again' })
    expect(await error('counterpart_session=never-was')).toMatchObject({ status: 401, code: 'unauthorized' })
  })
})

describe('the collaboration socket with a session cookie', () => {
  it('joins as the person’s membership when the Origin is the server’s own, and is refused otherwise', async () => {
    const member = await server.addMember(documentId, 'delegate', 'KH', 'Socket Person')
    const { cookie, token } = await signInPerson(fixture, 'Somchai Rattanakorn', { memberTokens: [member.token] })
    expect(await cookieSocket(fixture, documentId, { cookie, origin })).toBe('open')
    expect(await cookieSocket(fixture, documentId, { cookie, origin: 'https://evil.example' })).toEqual({ code: 4403, reason: `a signed-in connection must come from ${origin}` })
    expect(await cookieSocket(fixture, documentId, { cookie })).toMatchObject({ code: 4403 })
    const other = await server.createDocument('Not theirs')
    expect(await cookieSocket(fixture, other, { cookie, origin })).toMatchObject({ code: 4403 })
    await server.server.sessions.end(token)
    expect(await cookieSocket(fixture, documentId, { cookie, origin })).toMatchObject({ code: 4401 })
  })

  it('closes with 4440 for a session that ran out of time: nobody ended the access, the page keeps what it did not send', async () => {
    const member = await server.addMember(documentId, 'delegate', 'TH', 'Long Meeting')
    const { cookie, token } = await signInPerson(fixture, 'Somchai Rattanakorn', { memberTokens: [member.token] })
    await fixture.database.query(`UPDATE sessions SET last_seen_at = now() - interval '13 hours' WHERE token_hash = $1`, [hashToken(token)])
    expect(await cookieSocket(fixture, documentId, { cookie, origin })).toEqual({ code: 4440, reason: 'the session has ended after a time; sign in again' })
  })

  it('signing out closes the sockets that session opened; signing out everywhere, all of the person’s; token sockets stay', async () => {
    const member = await server.addMember(documentId, 'delegate', 'TH', 'Two Tabs')
    const person = await signInPerson(fixture, 'Somchai Rattanakorn', { memberTokens: [member.token] })
    const { token: otherTab } = await server.server.sessions.open(person.personId, null)
    const here = await openCookieSocket(fixture, documentId, { cookie: person.cookie, origin })
    const there = await openCookieSocket(fixture, documentId, { cookie: `counterpart_session=${otherTab}`, origin })
    const script = await openCookieSocket(fixture, documentId, {}, `?token=${member.token}`)

    await cookieRequest(fixture, 'POST', '/api/auth/logout', person.cookie)
    expect(await here.closed).toEqual({ code: 4401, reason: 'you signed out' })
    await cookieRequest(fixture, 'POST', '/api/auth/logout-everywhere', `counterpart_session=${otherTab}`)
    expect(await there.closed).toEqual({ code: 4401, reason: 'you signed out everywhere' })
    expect(script.socket.readyState).toBe(WebSocket.OPEN)
    script.socket.close()
  })
})
