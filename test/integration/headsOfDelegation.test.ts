/**
 * Heads of delegation (issue 17, "Who governs whom"): the secretariat (or
 * the administrator) appoints each party's head; the head then adds,
 * changes and revokes its own party's members, and nobody else does; a
 * head acts for its party in the negotiation; and a document may leave
 * full agreement and accepting a reopen request to the heads. Every
 * membership change is in the audit trail both parties read.
 */

import { beforeAll, describe, expect, it } from 'vitest'
import { clauseById, clauseTexts } from '../support/clauseEditing.js'
import { connectClient } from '../support/collabClient.js'
import { eventually } from '../support/eventually.js'
import { useServer } from '../support/fixtures.js'
import { setStatus } from '../support/negotiation.js'
import type { TestServer } from '../support/testServer.js'

const fixture = useServer()
let server: TestServer
type Member = { id: string; token: string }
type Answer = { status: number; body: any }

beforeAll(() => {
  server = fixture.server
})

const membersPath = (documentId: string, memberId = '') => `/api/documents/${documentId}/members${memberId && `/${memberId}`}`

/** POST …/members as `token` (the administrator when null). */
const add = (documentId: string, token: string | null, member: { name: string; party: string | null; role: string }): Promise<Answer> =>
  server.request('POST', membersPath(documentId), { body: member, ...(token === null ? {} : { token }) })

const changeRole = (documentId: string, token: string | null, memberId: string, role: unknown): Promise<Answer> =>
  server.request('PATCH', membersPath(documentId, memberId), { body: { role }, ...(token === null ? {} : { token }) })

const revoke = (documentId: string, token: string | null, memberId: string): Promise<Answer> =>
  server.request('DELETE', membersPath(documentId, memberId), token === null ? {} : { token })

/** `answer` is a 403 whose message is `message`. */
function refused(answer: Answer, message: string | RegExp): void {
  expect(answer.status, JSON.stringify(answer.body)).toBe(403)
  expect(answer.body.error.code).toBe('forbidden')
  if (typeof message === 'string') expect(answer.body.error.message).toBe(message)
  else expect(answer.body.error.message).toMatch(message)
  // In words too, for a page in Thai or Khmer.
  expect(answer.body.error.words?.key, JSON.stringify(answer.body)).toMatch(/^refusal\./)
}

function created(answer: Answer): Member {
  expect(answer.status, JSON.stringify(answer.body)).toBe(201)
  return { id: answer.body.member.id, token: answer.body.token }
}

async function auditOf(documentId: string, token: string) {
  return (await server.request('GET', `/api/documents/${documentId}/audit`, { token })).body.entries as {
    event: string
    actor: { kind: string; memberId: string | null; party: string | null }
    details: Record<string, unknown>
    visibleTo: string | null
  }[]
}

const thaiHeadOnly = "TH has a head of delegation, who alone adds, changes and revokes TH's members; the secretariat manages only TH's head"

describe('who governs whom', () => {
  let documentId: string
  let secretariat: Member
  let thaiHead: Member
  let khmerHead: Member
  let thaiDelegate: Member
  let khmerDelegate: Member

  beforeAll(async () => {
    documentId = await server.createDocument()
    secretariat = await server.addMember(documentId, 'secretariat', null, 'Joint Secretariat')
  })

  it('the secretariat adds a party’s members until the party has a head, then only the head itself', async () => {
    // Bootstrapping: no head yet, so the secretariat adds the Thai delegate itself.
    thaiDelegate = created(await add(documentId, secretariat.token, { name: 'Khun Somchai', party: 'TH', role: 'delegate' }))
    thaiHead = created(await add(documentId, secretariat.token, { name: 'Khun Prasert', party: 'TH', role: 'head' }))
    expect((await server.request('GET', membersPath(documentId))).body.members.find((member: { id: string }) => member.id === thaiHead.id)).toMatchObject({
      name: 'Khun Prasert',
      party: 'TH',
      role: 'head',
      revokedAt: null,
    })

    refused(await add(documentId, secretariat.token, { name: 'Khun Malee', party: 'TH', role: 'legal' }), thaiHeadOnly)
    refused(
      await add(documentId, null, { name: 'Khun Malee', party: 'TH', role: 'observer' }),
      "TH has a head of delegation, who alone adds, changes and revokes TH's members; the administrator manages only TH's head",
    )
    refused(await changeRole(documentId, secretariat.token, thaiDelegate.id, 'legal'), thaiHeadOnly)
    refused(await revoke(documentId, secretariat.token, thaiDelegate.id), thaiHeadOnly)

    // Cambodia has no head yet: the secretariat still adds its members; and members of neither party are the secretariat's.
    khmerDelegate = created(await add(documentId, secretariat.token, { name: 'Lok Sokha', party: 'KH', role: 'delegate' }))
    created(await add(documentId, secretariat.token, { name: 'UNODC observer', party: null, role: 'observer' }))
    khmerHead = created(await add(documentId, null, { name: 'Lok Vuthy', party: 'KH', role: 'head' }))

    // One head per party.
    const second = await add(documentId, secretariat.token, { name: 'Khun Anan', party: 'TH', role: 'head' })
    expect(second).toEqual({
      status: 409,
      body: {
        error: {
          code: 'conflict',
          message: 'TH already has a head of delegation (Khun Prasert); change or revoke that member first',
          words: { key: 'refusal.member.headInOffice', values: { party: 'TH', head: 'Khun Prasert' } },
        },
      },
    })
    expect((await add(documentId, secretariat.token, { name: 'Nobody', party: null, role: 'head' })).body.error).toEqual({
      code: 'invalid',
      message: 'field "party" is required for a head',
    })
  })

  it('a head adds, changes and revokes the delegates, legal staff and observers of its own party, and nobody else', async () => {
    const legal = created(await add(documentId, thaiHead.token, { name: 'Khun Malee', party: 'TH', role: 'legal' }))
    const observer = created(await add(documentId, thaiHead.token, { name: 'Khun Wichai', party: 'TH', role: 'observer' }))
    const delegate = created(await add(documentId, thaiHead.token, { name: 'Khun Anan', party: 'TH', role: 'delegate' }))

    // Not the other party's members.
    refused(await add(documentId, thaiHead.token, { name: 'Lok Dara', party: 'KH', role: 'delegate' }), "a head of delegation manages only the members of its own party (TH), not KH's members")
    refused(await changeRole(documentId, thaiHead.token, khmerDelegate.id, 'observer'), "a head of delegation manages only the members of its own party (TH), not KH's members")
    refused(await revoke(documentId, thaiHead.token, khmerDelegate.id), "a head of delegation manages only the members of its own party (TH), not KH's members")
    refused(await revoke(documentId, khmerHead.token, delegate.id), "a head of delegation manages only the members of its own party (KH), not TH's members")
    // Not the secretariat, not members of neither party, not a head (itself included).
    refused(await add(documentId, thaiHead.token, { name: 'Secretary', party: null, role: 'secretariat' }), 'a head of delegation manages only the members of its own party (TH), not members of neither party')
    refused(await revoke(documentId, thaiHead.token, secretariat.id), 'a head of delegation manages only the members of its own party (TH), not members of neither party')
    refused(
      await add(documentId, thaiHead.token, { name: 'Khun Anan', party: 'TH', role: 'head' }),
      'a head of delegation adds, changes and revokes the delegates, legal staff and observers of TH, not a head; ask the secretariat',
    )
    refused(await changeRole(documentId, thaiHead.token, delegate.id, 'head'), /not a head; ask the secretariat$/)
    refused(await changeRole(documentId, thaiHead.token, thaiHead.id, 'delegate'), /not a head; ask the secretariat$/)
    refused(await revoke(documentId, thaiHead.token, thaiHead.id), /not a head; ask the secretariat$/)
    // Members other than heads and the secretariat manage nobody.
    refused(await add(documentId, thaiDelegate.token, { name: 'X', party: 'TH', role: 'observer' }), 'a delegate may not manage members; ask the secretariat')
    refused(await changeRole(documentId, legal.token, observer.id, 'delegate'), 'a legal may not manage members; ask the secretariat')

    // Its own party's members: change and revoke.
    const changed = await changeRole(documentId, thaiHead.token, observer.id, 'delegate')
    expect(changed).toEqual({ status: 200, body: { member: expect.objectContaining({ id: observer.id, party: 'TH', role: 'delegate', revokedAt: null }) } })
    expect((await server.request('GET', '/api/session', { token: observer.token })).body).toMatchObject({ member: { role: 'delegate' }, may: { edit: true } })
    expect((await revoke(documentId, thaiHead.token, delegate.id)).status).toBe(200)
    expect((await server.request('GET', '/api/session', { token: delegate.token })).status).toBe(401)

    // The head's session says it manages members.
    expect((await server.request('GET', '/api/session', { token: thaiHead.token })).body.may).toEqual({ edit: true, manageMembers: true, export: false })
  })

  it('PATCH …/members/:memberId changes a role, refuses what cannot be, and closes the member’s open connections', async () => {
    const member = created(await add(documentId, thaiHead.token, { name: 'Khun Nida', party: 'TH', role: 'delegate' }))
    expect((await changeRole(documentId, thaiHead.token, member.id, 'president')).body.error).toEqual({
      code: 'invalid',
      message: 'field "role" must be one of "secretariat", "head", "delegate", "legal", "observer" (got string "president")',
    })
    expect((await changeRole(documentId, thaiHead.token, 'nobody', 'legal')).status).toBe(404)
    expect((await changeRole(documentId, thaiHead.token, member.id, 'delegate')).body.error).toMatchObject({ code: 'conflict', message: `member ${member.id} is already a delegate` })
    const neither = await server.addMember(documentId, 'observer', null, 'Observer of neither party')
    expect((await changeRole(documentId, secretariat.token, neither.id, 'delegate')).body.error).toEqual({
      code: 'invalid',
      message: `member ${neither.id} belongs to neither party, so cannot be a delegate; add a member with a party instead`,
    })

    // Demoted to observer while connected: the connection is closed, and the member comes back reading only.
    const client = connectClient(server.collabUrl, documentId, member.token)
    try {
      await client.synced()
      expect((await changeRole(documentId, thaiHead.token, member.id, 'observer')).body.member.role).toBe('observer')
      expect(await client.closed()).toEqual({ code: 4503, reason: 'your role in this document changed; reconnecting with the new one' })
    } finally {
      client.destroy()
    }
    expect((await server.request('POST', `/api/documents/${documentId}/revisions`, { token: member.token, body: { label: 'Not mine to name' } })).status).toBe(403)

    expect((await revoke(documentId, thaiHead.token, member.id)).status).toBe(200)
    expect((await changeRole(documentId, thaiHead.token, member.id, 'delegate')).body.error.code).toBe('conflict')
  })

  it('the secretariat changes or revokes a head; with no head in office, the party’s members are the secretariat’s again', async () => {
    const other = await server.createDocument('MOU with a change of head')
    const desk = await server.addMember(other, 'secretariat', null, 'Joint Secretariat')
    const first = created(await add(other, desk.token, { name: 'Khun Prasert', party: 'TH', role: 'head' }))
    const delegate = created(await add(other, first.token, { name: 'Khun Somchai', party: 'TH', role: 'delegate' }))
    refused(await add(other, desk.token, { name: 'Khun Malee', party: 'TH', role: 'legal' }), thaiHeadOnly)

    // The head steps down to delegate: TH has no head, and the secretariat manages its members again.
    expect((await changeRole(other, desk.token, first.id, 'delegate')).body.member).toMatchObject({ id: first.id, role: 'delegate' })
    created(await add(other, desk.token, { name: 'Khun Malee', party: 'TH', role: 'legal' }))
    refused(await add(other, first.token, { name: 'Khun Wichai', party: 'TH', role: 'observer' }), 'a delegate may not manage members; ask the secretariat')

    // Another delegate becomes head; the secretariat then revokes that head, and TH is the secretariat's again.
    expect((await changeRole(other, desk.token, delegate.id, 'head')).body.member).toMatchObject({ id: delegate.id, role: 'head' })
    refused(await changeRole(other, desk.token, first.id, 'head'), thaiHeadOnly)
    expect((await add(other, desk.token, { name: 'Khun Anan', party: 'TH', role: 'head' })).status).toBe(409)
    expect((await revoke(other, desk.token, delegate.id)).status).toBe(200)
    expect((await changeRole(other, desk.token, first.id, 'head')).status).toBe(200)
  })

  it('two heads appointed for one party at once: one is, the other is refused with 409', async () => {
    const other = await server.createDocument('MOU with two appointments at once')
    const answers = await Promise.all(['Lok Vuthy', 'Lok Dara', 'Lok Sokha'].map((name) => add(other, null, { name, party: 'KH', role: 'head' })))
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409, 409])
    for (const answer of answers.filter((answer) => answer.status === 409)) expect(answer.body.error.message).toMatch(/^KH already has a head of delegation/)
    const members = (await server.request('GET', membersPath(other))).body.members as { role: string }[]
    expect(members.filter((member) => member.role === 'head')).toHaveLength(1)
  })

  it('every membership change is in the audit trail, and both parties read it', async () => {
    const events = ['member-added', 'member-role-changed', 'member-revoked']
    const forThai = (await auditOf(documentId, thaiHead.token)).filter((entry) => events.includes(entry.event))
    const forKhmer = (await auditOf(documentId, khmerDelegate.token)).filter((entry) => events.includes(entry.event))
    expect(forKhmer).toEqual(forThai)
    expect(forThai.every((entry) => entry.visibleTo === null)).toBe(true)
    expect(forThai.find((entry) => entry.event === 'member-added' && entry.details.role === 'head' && entry.details.party === 'TH')).toMatchObject({
      actor: { kind: 'member', memberId: secretariat.id, party: null },
      details: { memberId: thaiHead.id, name: 'Khun Prasert' },
    })
    const roleChanges = forThai.filter((entry) => entry.event === 'member-role-changed')
    expect(roleChanges[0]).toMatchObject({ actor: { kind: 'member', memberId: thaiHead.id, party: 'TH' }, details: { party: 'TH', from: 'observer', to: 'delegate', name: 'Khun Wichai' } })
    expect(forThai.filter((entry) => entry.event === 'member-revoked' && entry.actor.memberId === thaiHead.id)).toHaveLength(2)
    // A refusal changes nothing and records nothing.
    expect(forThai.some((entry) => entry.actor.memberId === thaiDelegate.id)).toBe(false)
  })
})

describe('a head acts for its party in the negotiation', () => {
  let documentId: string
  let clauseIds: string[]
  let secretariat: Member
  let thaiHead: Member
  let thaiDelegate: Member
  let khmerHead: Member
  let khmerDelegate: Member

  const statusOf = async (clauseId: string) =>
    ((await server.request('GET', `/api/documents/${documentId}/content`, { token: secretariat.token })).body.clauses as { id: string; status: string; agreements: { party: string; memberId: string }[]; brackets: unknown[] }[]).find(
      (clause) => clause.id === clauseId,
    )!
  const move = (clauseId: string, token: string, status: string) => server.request('POST', `/api/documents/${documentId}/clauses/${clauseId}/status`, { token, body: { status } })
  const reopen = (clauseId: string, token: string, action: string) => server.request('POST', `/api/documents/${documentId}/clauses/${clauseId}/reopen`, { token, body: { action } })
  const settings = (token: string | null, body: unknown) => server.request('PUT', `/api/documents/${documentId}/settings`, { body, ...(token === null ? {} : { token }) })

  beforeAll(async () => {
    documentId = await server.draftDocument('anti-trafficking-mou', { style: 'mou' })
    secretariat = await server.addMember(documentId, 'secretariat', null, 'Joint Secretariat')
    thaiDelegate = await server.addMember(documentId, 'delegate', 'TH', 'Khun Somchai')
    khmerDelegate = await server.addMember(documentId, 'delegate', 'KH', 'Lok Sokha')
    thaiHead = await server.addMember(documentId, 'head', 'TH', 'Khun Prasert')
    khmerHead = await server.addMember(documentId, 'head', 'KH', 'Lok Vuthy')
    clauseIds = ((await server.request('GET', `/api/documents/${documentId}/content`, { token: secretariat.token })).body.clauses as { id: string }[]).map((clause) => clause.id)
  })

  it('a head agrees, withdraws, asks to reopen and accepts a reopen request for its party', async () => {
    const clauseId = clauseIds[0]!
    await setStatus(server, documentId, clauseId, thaiHead.token, 'under-negotiation')
    expect((await move(clauseId, thaiHead.token, 'agreed-ad-referendum')).body.clause).toMatchObject({ status: 'agreed-ad-referendum', agreements: [{ party: 'TH', memberId: thaiHead.id }] })
    expect((await move(clauseId, thaiHead.token, 'under-negotiation')).body.clause).toMatchObject({ status: 'under-negotiation', agreements: [] })
    await setStatus(server, documentId, clauseId, khmerDelegate.token, 'agreed-ad-referendum')
    expect((await move(clauseId, thaiHead.token, 'agreed')).body.clause).toMatchObject({ status: 'agreed' })
    expect((await reopen(clauseId, khmerHead.token, 'request')).body.clause.reopenRequest).toMatchObject({ party: 'KH', memberId: khmerHead.id })
    expect((await reopen(clauseId, thaiHead.token, 'accept')).body.clause).toMatchObject({ status: 'under-negotiation', agreements: [], reopenRequest: null })
  })

  it('a head brackets text in its own party’s name and answers a request to resolve it', async () => {
    const clauseId = clauseIds[1]!
    await setStatus(server, documentId, clauseId, thaiHead.token, 'under-negotiation')
    const typist = connectClient(server.collabUrl, documentId, thaiHead.token)
    try {
      await typist.synced()
      const text = clauseTexts(clauseById(typist.fragment, clauseId))[0]!
      typist.doc.transact(() => {
        text.insert(0, 'thirty', { bracket: { id: 'br-head', owner: 'TH', alt: 0 } })
        text.insert(6, 'sixty', { bracket: { id: 'br-head', owner: 'TH', alt: 1 } })
      })
      await eventually(async () => expect((await statusOf(clauseId)).brackets).toHaveLength(1))
      expect(typist.closes).toEqual([])
    } finally {
      typist.destroy()
    }
    const asked = await server.request('POST', `/api/documents/${documentId}/brackets/br-head/resolve`, { token: khmerHead.token, body: { keep: 1 } })
    expect(asked.status).toBe(202)
    expect(asked.body.request).toMatchObject({ party: 'KH', awaiting: ['TH'] })
    const accepted = await server.request('POST', `/api/documents/${documentId}/brackets/br-head/resolution`, { token: thaiHead.token, body: { action: 'accept' } })
    expect(accepted.body).toEqual({ bracketId: 'br-head', resolved: true, kept: 'sixty' })
  })

  it('the document says who gives full agreement: only the secretariat and the administrator set it, and GET shows it', async () => {
    expect((await server.request('GET', `/api/documents/${documentId}`, { token: khmerDelegate.token })).body.fullAgreementBy).toBe('delegates')
    refused(await settings(thaiHead.token, { fullAgreementBy: 'heads' }), 'only the secretariat sets who gives full agreement')
    refused(await settings(thaiDelegate.token, { fullAgreementBy: 'heads' }), 'only the secretariat sets who gives full agreement')
    expect((await settings(secretariat.token, { fullAgreementBy: 'everyone' })).body.error).toEqual({
      code: 'invalid',
      message: 'field "fullAgreementBy" must be one of "delegates", "heads" (got string "everyone")',
    })
    expect((await settings(secretariat.token, { fullAgreementBy: 'heads' })).body).toMatchObject({ id: documentId, fullAgreementBy: 'heads' })
    expect((await server.request('GET', `/api/documents/${documentId}`, { token: thaiDelegate.token })).body.fullAgreementBy).toBe('heads')
    const changes = (await auditOf(documentId, khmerDelegate.token)).filter((entry) => entry.event === 'settings-changed')
    expect(changes).toEqual([expect.objectContaining({ actor: expect.objectContaining({ memberId: secretariat.id }), details: { fullAgreementBy: { from: 'delegates', to: 'heads' } }, visibleTo: null })])
  })

  it('when heads give full agreement, a delegate agrees ad referendum only, and only a head accepts a reopen request', async () => {
    const clauseId = clauseIds[2]!
    await setStatus(server, documentId, clauseId, thaiDelegate.token, 'under-negotiation')
    expect((await move(clauseId, khmerDelegate.token, 'agreed-ad-referendum')).body.clause.status).toBe('agreed-ad-referendum')
    refused(
      await move(clauseId, thaiDelegate.token, 'agreed-ad-referendum'),
      "in this document only TH's head of delegation gives the full agreement that makes a clause agreed; a delegate agrees ad referendum only while the other party has not agreed",
    )
    refused(await move(clauseId, thaiDelegate.token, 'agreed'), /^in this document only TH's head of delegation gives the full agreement/)
    expect((await statusOf(clauseId)).status).toBe('agreed-ad-referendum')
    const bulk = await server.request('POST', `/api/documents/${documentId}/clauses/agree`, { token: thaiDelegate.token, body: { clauseIds: [clauseId] } })
    expect(bulk.body).toMatchObject({ agreed: [], refused: [{ clauseId, code: 'forbidden', reason: expect.stringMatching(/^in this document only TH's head/) }] })
    expect((await move(clauseId, thaiHead.token, 'agreed')).body.clause).toMatchObject({ status: 'agreed', agreements: [{ party: 'KH' }, { party: 'TH', memberId: thaiHead.id }] })

    // A delegate still asks to reopen; the other party's head alone accepts.
    expect((await reopen(clauseId, thaiDelegate.token, 'request')).status).toBe(200)
    refused(await reopen(clauseId, khmerDelegate.token, 'accept'), "in this document only KH's head of delegation accepts a request to reopen")
    expect((await reopen(clauseId, khmerHead.token, 'accept')).body.clause.status).toBe('under-negotiation')

    // Back to the default: a delegate's agreement completes the clause again.
    expect((await settings(null, { fullAgreementBy: 'delegates' })).body.fullAgreementBy).toBe('delegates')
    await setStatus(server, documentId, clauseId, khmerDelegate.token, 'agreed-ad-referendum')
    expect((await move(clauseId, thaiDelegate.token, 'agreed')).body.clause.status).toBe('agreed')
  })
})
