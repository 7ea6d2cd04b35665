/**
 * A signed-in person's workspace against a real server and database: the
 * administrator signs in as a person (through a registration link that
 * says so) and acts as the administrator where they hold no membership;
 * the administrator, or the secretariat of a negotiation, starts one and
 * becomes its secretariat; nobody else may; an invitation allows making an
 * account, and only while it is pending.
 */

import { beforeAll, describe, expect, it } from 'vitest'
import { cookieRequest, cookieSocket } from '../support/cookieClient.js'
import { useServer } from '../support/fixtures.js'
import { signInPerson } from '../support/people.js'
import { cambodianParty, thaiParty } from '../support/testServer.js'

const fixture = useServer()
let documentId: string

beforeAll(async () => {
  documentId = await fixture.server.createDocument()
})

const negotiation = { title: 'MOU on police cooperation', parties: [thaiParty, cambodianParty] }

describe('the administrator, signed in', () => {
  it('acts as the administrator where they hold no membership, but joins the text only as a member', async () => {
    const admin = await signInPerson(fixture, 'System Administrator', { administrator: true })
    const me = await cookieRequest(fixture, 'GET', '/api/me', admin.cookie)
    expect(me.body).toMatchObject({ person: { name: 'System Administrator', administrator: true }, memberships: [], mayCreate: true })
    expect((await cookieRequest(fixture, 'GET', `/api/documents/${documentId}/members`, admin.cookie)).status).toBe(200)
    const listed = await cookieRequest(fixture, 'GET', '/api/documents', admin.cookie)
    expect(listed.body.documents.map((document: { id: string }) => document.id)).toContain(documentId)
    const invited = await cookieRequest(fixture, 'POST', `/api/documents/${documentId}/invitations`, admin.cookie, { body: { name: 'Pol. Gen. Head', party: 'TH', role: 'head' } })
    expect(invited.status).toBe(201)
    expect(await cookieSocket(fixture, documentId, { cookie: admin.cookie, origin: fixture.server.server.origin })).toMatchObject({ code: 4403 })
  })

  it('starts a negotiation and is its secretariat, opening it in the editor', async () => {
    const admin = await signInPerson(fixture, 'Negotiation Starter', { administrator: true })
    const created = await cookieRequest(fixture, 'POST', '/api/documents', admin.cookie, { body: negotiation })
    expect(created.status).toBe(201)
    const me = await cookieRequest(fixture, 'GET', '/api/me', admin.cookie)
    expect(me.body.memberships).toMatchObject([{ documentId: created.body.id, role: 'secretariat', party: null }])
    expect(await cookieSocket(fixture, created.body.id, { cookie: admin.cookie, origin: fixture.server.server.origin })).toBe('open')
    const members = await fixture.server.request('GET', `/api/documents/${created.body.id}/members`)
    expect(members.body.members).toMatchObject([{ name: 'Negotiation Starter', role: 'secretariat', party: null }])
  })
})

describe('starting a negotiation', () => {
  it('is for the secretariat of another negotiation too, and for nobody else; never from another origin', async () => {
    const secretariat = await fixture.server.addMember(documentId, 'secretariat', null, 'Joint Secretariat')
    const clerk = await signInPerson(fixture, 'Secretariat Clerk')
    expect((await cookieRequest(fixture, 'POST', '/api/me/memberships', clerk.cookie, { body: { token: secretariat.token } })).status).toBe(201)
    expect((await cookieRequest(fixture, 'GET', '/api/me', clerk.cookie)).body.mayCreate).toBe(true)
    expect((await cookieRequest(fixture, 'POST', '/api/documents', clerk.cookie, { body: negotiation, origin: 'https://evil.example' })).status).toBe(403)
    expect((await cookieRequest(fixture, 'POST', '/api/documents', clerk.cookie, { body: negotiation })).status).toBe(201)
    // The list of every negotiation stays the administrator's.
    expect((await cookieRequest(fixture, 'GET', '/api/documents', clerk.cookie)).status).toBe(403)

    const delegate = await fixture.server.addMember(documentId, 'delegate', 'TH', 'A Delegate')
    const person = await signInPerson(fixture, 'Delegate Person')
    await cookieRequest(fixture, 'POST', '/api/me/memberships', person.cookie, { body: { token: delegate.token } })
    expect((await cookieRequest(fixture, 'GET', '/api/me', person.cookie)).body.mayCreate).toBe(false)
    const refused = await cookieRequest(fixture, 'POST', '/api/documents', person.cookie, { body: negotiation })
    expect(refused.status).toBe(403)
    expect(refused.body.error.message).toBe('only the administrator, or the secretariat of a negotiation, starts a negotiation')
  })
})

describe('an account from an invitation', () => {
  const options = (body: unknown, origin?: string | null) => cookieRequest(fixture, 'POST', '/api/auth/register/options', '', { body, origin })

  it('gets registration options while the invitation is pending, and none once it is withdrawn', async () => {
    const invited = await fixture.server.request('POST', `/api/documents/${documentId}/invitations`, { body: { name: 'Lok Sokha', party: 'KH', role: 'delegate' } })
    const invitation = new URL(invited.body.url).searchParams.get('invitation')!
    const answer = await options({ invitation, name: 'Lok Sokha' })
    expect(answer.status).toBe(200)
    expect(answer.body).toMatchObject({ rp: { name: 'Counterpart' }, user: { displayName: 'Lok Sokha' } })
    await fixture.server.request('DELETE', `/api/documents/${documentId}/invitations/${invited.body.id}`)
    const withdrawn = await options({ invitation, name: 'Lok Sokha' })
    expect(withdrawn.status).toBe(403)
    expect(withdrawn.body.error.message).toBe('this invitation was withdrawn or sent again; use the newest link, or ask for a new one')
    expect((await options({ invitation: 'cp_not-an-invitation', name: 'X' })).status).toBe(404)
  })

  it('names exactly one permit, a registration link or an invitation, and comes from the server’s own origin', async () => {
    const both = await options({ link: 'cp_a', invitation: 'cp_b', name: 'X' })
    expect(both.status).toBe(400)
    expect(both.body.error.message).toBe('send exactly one of "link" (a registration link) and "invitation" (an invitation)')
    expect((await options({ name: 'X' })).status).toBe(400)
    expect((await options({ invitation: 'cp_b', name: 'X' }, 'https://evil.example')).status).toBe(403)
  })
})
