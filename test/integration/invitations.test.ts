/**
 * Invitations against a real server and database: whoever may add a member
 * may invite one; the link is single-use and expires; a signed-in person
 * accepts it and holds the membership; re-sending voids the old link; a
 * link that opens nothing says why. People and sessions are made through
 * the stores (test/support/people.ts; the passkey ceremonies are proven in
 * Chromium).
 */

import { beforeAll, describe, expect, it } from 'vitest'
import { cookieRequest } from '../support/cookieClient.js'
import { useServer } from '../support/fixtures.js'
import { signInPerson } from '../support/people.js'
import type { TestServer } from '../support/testServer.js'

const fixture = useServer()
let server: TestServer
let origin: string

beforeAll(() => {
  server = fixture.server
  origin = server.server.origin
})

const tokenOf = (url: string) => new URL(url).searchParams.get('invitation')!

describe('an invitation', () => {
  it('is made by whoever may add such a member, opens once for a signed-in person, and then opens nothing', async () => {
    const documentId = await server.createDocument()
    const invited = await server.request('POST', `/api/documents/${documentId}/invitations`, { body: { name: 'Pol. Col. Somchai', party: 'TH', role: 'head' } })
    expect(invited.status).toBe(201)
    expect(invited.body).toMatchObject({ documentId, name: 'Pol. Col. Somchai', party: 'TH', role: 'head', status: 'pending', usedAt: null, memberId: null })
    expect(invited.body.url).toMatch(new RegExp(`^${origin}/signin\\?invitation=cp_`))
    const days = (Date.parse(invited.body.expiresAt) - Date.now()) / 86_400_000
    expect(days).toBeGreaterThan(6.99)
    expect(days).toBeLessThanOrEqual(7)
    const token = tokenOf(invited.body.url)

    // What it invites to, to anyone holding the link.
    const described = await fetch(`${server.url}/api/invitations?token=${token}`)
    expect([described.status, await described.json()]).toEqual([200, { title: expect.any(String), name: 'Pol. Col. Somchai', party: 'TH', role: 'head', expiresAt: invited.body.expiresAt }])

    const somchai = (await signInPerson(fixture, 'Somchai')).cookie
    const accepted = await cookieRequest(fixture, 'POST', '/api/me/invitations', somchai, { body: { token } })
    expect(accepted.status).toBe(201)
    expect(accepted.body.member).toMatchObject({ documentId, name: 'Pol. Col. Somchai', party: 'TH', role: 'head' })
    const me = await cookieRequest(fixture, 'GET', '/api/me', somchai)
    expect(JSON.stringify(me.body)).toContain(documentId)

    // Used: it opens nothing again, for anyone, and says why.
    const again = await cookieRequest(fixture, 'POST', '/api/me/invitations', (await signInPerson(fixture, 'Someone else')).cookie, { body: { token } })
    expect([again.status, again.body.error.message]).toEqual([403, 'this invitation has been used; it opens nothing again'])
    expect((await fetch(`${server.url}/api/invitations?token=${token}`)).status).toBe(403)
    const unknown = await fetch(`${server.url}/api/invitations?token=cp_nothing`)
    expect([unknown.status, ((await unknown.json()) as { error: { message: string } }).error.message]).toEqual([404, 'this invitation link opens nothing: it is not a link Counterpart made'])

    const { body: listed } = await server.request('GET', `/api/documents/${documentId}/invitations`)
    expect(listed.invitations).toEqual([expect.objectContaining({ id: invited.body.id, status: 'used', memberId: accepted.body.member.id })])
    const { body: audit } = await server.request('GET', `/api/documents/${documentId}/audit`)
    expect(audit.entries.map((entry: { event: string }) => entry.event)).toEqual(expect.arrayContaining(['invitation-sent', 'invitation-accepted']))
  })

  it('follows who governs whom: a head invites its own party’s members only, and the secretariat no longer invites them', async () => {
    const documentId = await server.createDocument()
    const secretariat = await server.addMember(documentId, 'secretariat', null, 'Joint Secretariat')
    const head = await server.request('POST', `/api/documents/${documentId}/invitations`, { token: secretariat.token, body: { name: 'TH head', party: 'TH', role: 'head' } })
    const thaiHead = (await signInPerson(fixture, 'TH head')).cookie
    expect((await cookieRequest(fixture, 'POST', '/api/me/invitations', thaiHead, { body: { token: tokenOf(head.body.url) } })).status).toBe(201)

    // Signed in, the head invites through the document's routes with its session.
    const delegate = await cookieRequest(fixture, 'POST', `/api/documents/${documentId}/invitations`, thaiHead, { body: { name: 'TH delegate', party: 'TH', role: 'delegate' } })
    expect(delegate.status).toBe(201)
    const other = await cookieRequest(fixture, 'POST', `/api/documents/${documentId}/invitations`, thaiHead, { body: { name: 'KH delegate', party: 'KH', role: 'delegate' } })
    expect([other.status, other.body.error.message]).toEqual([403, "a head of delegation manages only the members of its own party (TH), not KH's members"])
    const bySecretariat = await server.request('POST', `/api/documents/${documentId}/invitations`, { token: secretariat.token, body: { name: 'Another', party: 'TH', role: 'delegate' } })
    expect(bySecretariat.status).toBe(403)
    expect(bySecretariat.body.error.message).toMatch(/^TH has a head of delegation/)
    // The head sees its own party's invitations.
    const listed = await cookieRequest(fixture, 'GET', `/api/documents/${documentId}/invitations`, thaiHead)
    expect(listed.body.invitations.map((invitation: { name: string }) => invitation.name)).toEqual(['TH head', 'TH delegate'])
    // A delegate sees none.
    const member = await server.addMember(documentId, 'delegate', 'KH')
    expect((await server.request('GET', `/api/documents/${documentId}/invitations`, { token: member.token })).status).toBe(403)
  })

  it('sent again voids the old link; withdrawn or expired, a link opens nothing and says why', async () => {
    const documentId = await server.createDocument()
    const first = await server.request('POST', `/api/documents/${documentId}/invitations`, { body: { name: 'CNP delegate', party: 'KH', role: 'delegate' } })
    const resent = await server.request('POST', `/api/documents/${documentId}/invitations/${first.body.id}/resend`)
    expect(resent.status).toBe(201)
    expect(resent.body.url).not.toBe(first.body.url)
    const person = (await signInPerson(fixture, 'Sokha')).cookie
    const old = await cookieRequest(fixture, 'POST', '/api/me/invitations', person, { body: { token: tokenOf(first.body.url) } })
    expect([old.status, old.body.error.message]).toEqual([403, 'this invitation was withdrawn or sent again; use the newest link, or ask for a new one'])

    const withdrawn = await server.request('DELETE', `/api/documents/${documentId}/invitations/${resent.body.id}`)
    expect([withdrawn.status, withdrawn.body.status]).toEqual([200, 'voided'])
    expect((await cookieRequest(fixture, 'POST', '/api/me/invitations', person, { body: { token: tokenOf(resent.body.url) } })).status).toBe(403)
    expect((await server.request('DELETE', `/api/documents/${documentId}/invitations/${resent.body.id}`)).status).toBe(409)

    const third = await server.request('POST', `/api/documents/${documentId}/invitations`, { body: { name: 'CNP legal', party: 'KH', role: 'legal' } })
    await fixture.database.query('UPDATE invitations SET expires_at = now() - interval \'1 minute\' WHERE id = $1', [third.body.id])
    const expired = await cookieRequest(fixture, 'POST', '/api/me/invitations', person, { body: { token: tokenOf(third.body.url) } })
    expect([expired.status, expired.body.error.message]).toEqual([403, 'this invitation has expired; ask whoever invited you for a new one'])
    const { body } = await server.request('GET', `/api/documents/${documentId}/invitations`)
    expect(body.invitations.map((invitation: { status: string }) => invitation.status)).toEqual(['voided', 'voided', 'expired'])
    // An expired invitation can be sent again.
    expect((await server.request('POST', `/api/documents/${documentId}/invitations/${third.body.id}/resend`)).status).toBe(201)
  })

  it('cannot be taken twice at once, nor by a person who already holds a membership of the document', async () => {
    const documentId = await server.createDocument()
    const invited = await server.request('POST', `/api/documents/${documentId}/invitations`, { body: { name: 'Observer', party: null, role: 'observer' } })
    const [a, b] = [(await signInPerson(fixture, 'A')).cookie, (await signInPerson(fixture, 'B')).cookie]
    const answers = await Promise.all([a, b].map((cookie) => cookieRequest(fixture, 'POST', '/api/me/invitations', cookie, { body: { token: tokenOf(invited.body.url) } })))
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 403])
    const second = await server.request('POST', `/api/documents/${documentId}/invitations`, { body: { name: 'Observer 2', party: null, role: 'observer' } })
    const holder = answers[0]!.status === 201 ? a : b
    const refused = await cookieRequest(fixture, 'POST', '/api/me/invitations', holder, { body: { token: tokenOf(second.body.url) } })
    expect([refused.status, refused.body.error.message]).toEqual([409, `you already hold a membership of document ${documentId}`])
    // Refused, it still stands for someone else.
    expect((await fetch(`${server.url}/api/invitations?token=${tokenOf(second.body.url)}`)).status).toBe(200)
  })
})
