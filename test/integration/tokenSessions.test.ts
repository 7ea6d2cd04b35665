/**
 * A page opened with a member's token (`/d/<id>?token=…`) trades it for a
 * session of that membership, in an HttpOnly cookie of its own per
 * document, against a real server and database: the cookie opens that
 * document's routes and socket and nothing else, needs the server's own
 * Origin like a person's session, and ends the moment the membership is
 * revoked. Bearer tokens are unchanged beside it.
 */

import { beforeAll, describe, expect, it } from 'vitest'
import { memberCookieName } from '../../server/access/sessionCookie.js'
import { hashToken } from '../../server/access/token.js'
import { cookieRequest, cookieSocket } from '../support/cookieClient.js'
import { useServer } from '../support/fixtures.js'

const fixture = useServer()
let documentId: string

beforeAll(async () => {
  documentId = await fixture.server.createDocument()
})

/** Trades `token` for a membership session; resolves to the answer and the cookie (name=value) it set. */
async function trade(token: string, options: { origin?: string | null; cookie?: string } = {}) {
  const answer = await cookieRequest(fixture, 'POST', '/api/auth/token-session', options.cookie ?? '', { origin: options.origin, body: { token } })
  return { ...answer, cookie: answer.setCookie?.split(';')[0] ?? null }
}

describe('a member token traded for a session', () => {
  it('sets an HttpOnly, SameSite=Strict cookie named for the document, which opens that document as the member', async () => {
    const member = await fixture.server.addMember(documentId, 'delegate', 'TH', 'Khun Somchai')
    const traded = await trade(member.token)
    expect(traded.status).toBe(201)
    expect(traded.body).toMatchObject({ documentId, member: { id: member.id, party: 'TH', role: 'delegate' } })
    const name = memberCookieName('counterpart_session', documentId)
    expect(traded.setCookie).toMatch(new RegExp(`^${name.replace('.', '\\.')}=cps_[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Strict; Max-Age=\\d+$`))
    // The token itself is nowhere in the answer.
    expect(JSON.stringify(traded.body)).not.toContain(member.token)

    const session = await cookieRequest(fixture, 'GET', `/api/documents/${documentId}/session`, traded.cookie!)
    expect(session.status).toBe(200)
    expect(session.body).toMatchObject({ kind: 'member', member: { id: member.id }, document: { id: documentId }, may: { edit: true } })
    expect((await cookieRequest(fixture, 'GET', `/api/documents/${documentId}/templates`, traded.cookie!)).status).toBe(200)
    // A change needs the server's own Origin, as with a person's session.
    const revision = `/api/documents/${documentId}/revisions`
    expect((await cookieRequest(fixture, 'POST', revision, traded.cookie!, { body: { label: 'from the page' } })).status).toBe(201)
    expect((await cookieRequest(fixture, 'POST', revision, traded.cookie!, { origin: 'https://evil.example', body: { label: 'x' } })).status).toBe(403)
  })

  it('opens no other document, and is no person: the routes outside the document ask for a token', async () => {
    const member = await fixture.server.addMember(documentId, 'observer', null, 'Observer')
    const { cookie } = await trade(member.token)
    const other = await fixture.server.createDocument('Another negotiation')
    // Its cookie is not the other document's: nothing authenticates there.
    expect((await cookieRequest(fixture, 'GET', `/api/documents/${other}/content`, cookie!)).status).toBe(401)
    expect((await cookieRequest(fixture, 'GET', '/api/me', cookie!)).status).toBe(401)
    expect((await cookieRequest(fixture, 'GET', '/api/session', cookie!)).status).toBe(401)
  })

  it('is refused for the administrator token, an unknown or revoked token, and from another origin', async () => {
    const admin = await trade(fixture.server.adminToken)
    expect(admin.status).toBe(401)
    expect(admin.body.error.message).toContain('the administrator token opens no document')
    expect((await trade('cp_unknown')).status).toBe(401)
    const revoked = await fixture.server.addMember(documentId, 'delegate', 'KH', 'Revoked')
    await fixture.server.request('DELETE', `/api/documents/${documentId}/members/${revoked.id}`)
    expect((await trade(revoked.token)).body.error.message).toBe('the token was revoked')
    const member = await fixture.server.addMember(documentId, 'delegate', 'KH', 'Lok Sokha')
    expect((await trade(member.token, { origin: 'https://evil.example' })).status).toBe(403)
    expect((await trade(member.token, { origin: null })).status).toBe(403)
  })

  it('trading again ends the page’s earlier session of that document', async () => {
    const member = await fixture.server.addMember(documentId, 'delegate', 'KH', 'Twice')
    const first = await trade(member.token)
    const second = await trade(member.token, { cookie: first.cookie! })
    expect(second.cookie).not.toBe(first.cookie)
    expect((await cookieRequest(fixture, 'GET', `/api/documents/${documentId}/session`, first.cookie!)).status).toBe(401)
    expect((await cookieRequest(fixture, 'GET', `/api/documents/${documentId}/session`, second.cookie!)).status).toBe(200)
  })

  it('opens the collaboration socket from the server’s own origin, and ends at once when the membership is revoked', async () => {
    const member = await fixture.server.addMember(documentId, 'delegate', 'TH', 'Socket Member')
    const { cookie } = await trade(member.token)
    const origin = fixture.server.server.origin
    expect(await cookieSocket(fixture, documentId, { cookie: cookie!, origin })).toBe('open')
    expect(await cookieSocket(fixture, documentId, { cookie: cookie!, origin: 'https://evil.example' })).toMatchObject({ code: 4403 })
    await fixture.server.request('DELETE', `/api/documents/${documentId}/members/${member.id}`)
    expect((await cookieRequest(fixture, 'GET', `/api/documents/${documentId}/session`, cookie!)).body.error.message).toBe('your membership was revoked')
    expect(await cookieSocket(fixture, documentId, { cookie: cookie!, origin })).toMatchObject({ code: 4401, reason: 'your membership was revoked' })
  })

  it('that ran out of time is said to have, apart from a revoked one: 401 "expired" and the socket closed with 4440', async () => {
    const member = await fixture.server.addMember(documentId, 'delegate', 'KH', 'Week of Meetings')
    const { cookie } = await trade(member.token)
    const sessionToken = cookie!.slice(cookie!.indexOf('=') + 1)
    // Time moved by hand in the database: the page was left open past its session's maximum age.
    await fixture.database.query('UPDATE sessions SET expires_at = now() - interval \'1 second\' WHERE token_hash = $1', [hashToken(sessionToken)])
    const words = 'this page\'s session has ended after a time; open the link you were sent again'
    const { status, body } = await cookieRequest(fixture, 'GET', `/api/documents/${documentId}/session`, cookie!)
    expect({ status, error: body.error }).toEqual({ status: 401, error: { code: 'expired', message: words, words: { key: 'refusal.session.pageEndedByTime', values: {} } } })
    expect(await cookieSocket(fixture, documentId, { cookie: cookie!, origin: fixture.server.server.origin })).toEqual({ code: 4440, reason: words })
  })
})
