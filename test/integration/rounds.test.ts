/**
 * Rounds against a real server and database: the secretariat plans a
 * round (attendance and agenda checked against the document), opens it —
 * the text recorded as a revision — and closes it, recording another, one
 * round open at a time; a head of delegation sets their own party's
 * attendance; refusals say why and store nothing.
 */

import { beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { clauseById, clauseTexts } from '../support/clauseEditing.js'
import { connectClient } from '../support/collabClient.js'
import { eventually } from '../support/eventually.js'
import { fullDelegations, setStatus } from '../support/negotiation.js'
import { useServer } from '../support/fixtures.js'
import type { TestServer } from '../support/testServer.js'

const fixture = useServer()
let server: TestServer
beforeAll(() => {
  server = fixture.server
})

async function negotiation() {
  const cast = await fullDelegations(server)
  return { ...cast, path: (rest = '') => `/api/documents/${cast.documentId}/rounds${rest}` }
}

const delegation = (party: string, size: number) =>
  Array.from({ length: size }, (_, index) => ({ party, name: `${party} participant ${index + 1}`, title: 'Police Colonel', organisation: party === 'TH' ? 'DSI' : 'CNP', role: index === 0 ? 'Head of delegation' : 'Member' }))

const plan = (rest: Record<string, unknown> = {}) => ({ title: '11th Meeting', place: 'Phnom Penh', startDate: '2027-03-01', endDate: '2027-03-03', ...rest })

describe('a round', () => {
  it('is planned by the secretariat with sixty participants a delegation and an agenda of clauses and topics, and read by every member', async () => {
    const { documentId, members, clauseIds, path } = await negotiation()
    const attendance = [...delegation('TH', 60), ...delegation('KH', 60)]
    const agenda = [{ clauseId: clauseIds[5], topic: 'Time limits for requests' }, { clauseId: null, topic: 'Date of the next meeting' }]
    const planned = await server.request('POST', path(), { token: members.secretariat.token, body: plan({ attendance, agenda }) })
    expect(planned.status).toBe(201)
    expect(planned.body).toEqual({
      number: 1,
      title: '11th Meeting',
      place: 'Phnom Penh',
      startDate: '2027-03-01',
      endDate: '2027-03-03',
      state: 'planned',
      attendance,
      agenda,
      openedAt: null,
      openedRevision: null,
      closedAt: null,
      closedRevision: null,
    })
    const second = await server.request('POST', path(), { token: members.secretariat.token, body: plan({ title: '12th Meeting', place: 'Bangkok' }) })
    expect([second.status, second.body.number, second.body.attendance, second.body.agenda]).toEqual([201, 2, [], []])
    for (const member of [members.thDelegate, members.khHead]) {
      const { status, body } = await server.request('GET', path(), { token: member.token })
      expect([status, body.rounds.map((round: { number: number; title: string }) => `${round.number} ${round.title}`)]).toEqual([200, ['1 11th Meeting', '2 12th Meeting']])
      expect((await server.request('GET', path('/1'), { token: member.token })).body).toEqual({ ...planned.body, changes: null })
    }
    // Two planned at once take two numbers.
    const both = await Promise.all([3, 4].map((n) => server.request('POST', path(), { body: plan({ title: `Meeting ${n}` }) })))
    expect(both.map((answer) => answer.status)).toEqual([201, 201])
    expect(both.map((answer) => answer.body.number).sort()).toEqual([3, 4])
    const { body: audit } = await server.request('GET', `/api/documents/${documentId}/audit`)
    expect(audit.entries.filter((entry: { event: string }) => entry.event === 'round-planned')).toHaveLength(4)
  })

  it('refuses, in words that name the field, dates that do not exist or run backwards, a party not in the negotiation, an agenda clause not in the text, too long a list — and a planner who is not the secretariat — storing nothing', async () => {
    const { members, path } = await negotiation()
    const refusals: [Record<string, unknown>, RegExp][] = [
      [plan({ startDate: '2027-02-30' }), /field "startDate" must be a date written YYYY-MM-DD \(got "2027-02-30"\)/],
      [plan({ startDate: '2027-03-04' }), /field "endDate" must not be before "startDate" \(got 2027-03-03 before 2027-03-04\)/],
      [plan({ attendance: [{ party: 'VN', name: 'Someone' }] }), /attendance\[0\]\.party must be "TH" or "KH" \(got "VN"\)/],
      [plan({ attendance: [{ party: 'TH' }] }), /field "attendance\[0\]\.name" must be a string \(got nothing\)/],
      [plan({ agenda: [{ clauseId: 'no-such-clause', topic: 'x' }] }), /field "agenda\[0\]\.clauseId" names no clause of the text \(got "no-such-clause"\)/],
      [plan({ attendance: delegation('TH', 401) }), /field "attendance" must list at most 400 items \(got 401\)/],
      [plan({ title: '' }), /field "title" must not be empty/],
    ]
    for (const [body, message] of refusals) {
      const answer = await server.request('POST', path(), { token: members.secretariat.token, body })
      expect([answer.status, answer.body.error.message]).toEqual([400, expect.stringMatching(message)])
    }
    for (const member of [members.thHead, members.thDelegate]) {
      const answer = await server.request('POST', path(), { token: member.token, body: plan() })
      expect([answer.status, answer.body.error.message]).toEqual([403, expect.stringMatching(/only the secretariat plans, opens and closes rounds/)])
    }
    expect((await server.request('GET', path())).body.rounds).toEqual([])
    expect((await server.request('GET', path('/1'))).status).toBe(404)
    expect((await server.request('GET', path('/first'))).body.error.message).toBe('round number must be a whole number from 1 (got "first")')
  })

  it('opens with the text recorded as a revision and closes with another, one round open at a time, and tells what it did clause by clause: the text each party changed and the decisions taken, between its two revisions', async () => {
    const { documentId, members, clauseIds, path } = await negotiation()
    const token = members.secretariat.token
    for (const title of ['11th Meeting', '12th Meeting']) expect((await server.request('POST', path(), { token, body: plan({ title }) })).status).toBe(201)
    expect((await server.request('POST', path('/1/open'), { token: members.thHead.token })).status).toBe(403)
    expect((await server.request('GET', path('/1'))).body.changes).toBeNull()
    const opened = await server.request('POST', path('/1/open'), { token })
    expect(opened.status).toBe(200)
    expect(opened.body).toMatchObject({ state: 'open', openedRevision: expect.any(Number), openedAt: expect.any(String) })
    const refusedOpen = await server.request('POST', path('/2/open'), { token })
    expect([refusedOpen.status, refusedOpen.body.error.message]).toEqual([409, 'round 1 is open: close it before opening round 2'])
    // In words too, for a page to say in its reader's language.
    expect(refusedOpen.body.error.words).toEqual({ key: 'refusal.round.anotherOpen', values: { open: 1, round: 2 } })
    expect((await server.request('POST', path('/2/close'), { token })).body.error.message).toBe('round 2 is planned: only an open round closes')

    // During the round a delegate changes a clause.
    const client = connectClient(server.collabUrl, documentId, members.thDelegate.token)
    await client.synced()
    clauseTexts(clauseById(client.fragment, clauseIds[3]!))[0]!.insert(0, 'Agreed in Phnom Penh: ')
    await eventually(async () => {
      const live = await server.server.registry.peek(documentId)
      expect(Y.encodeStateVector(live!.doc)).toEqual(Y.encodeStateVector(client.doc))
    })
    client.destroy()
    await setStatus(server, documentId, clauseIds[6]!, members.thDelegate.token, 'under-negotiation')
    await setStatus(server, documentId, clauseIds[6]!, members.thDelegate.token, 'agreed-ad-referendum')
    // What the round did so far, clause by clause: the text changed by TH, a clause put under negotiation and agreed ad referendum by TH.
    const expectedChanges = [
      { clauseId: clauseIds[3], label: expect.any(String), heading: expect.any(String), change: 'modified', changedBy: ['TH'], decisions: [] },
      {
        clauseId: clauseIds[6],
        label: expect.any(String),
        heading: expect.any(String),
        change: 'unchanged',
        changedBy: [],
        decisions: [
          { event: 'clause-negotiation-started', at: expect.any(String), party: 'TH', details: expect.objectContaining({ to: 'under-negotiation' }) },
          { event: 'clause-agreed-ad-referendum', at: expect.any(String), party: 'TH', details: expect.objectContaining({ to: 'agreed-ad-referendum' }) },
        ],
      },
    ]
    expect((await server.request('GET', path('/1'), { token: members.khHead.token })).body.changes).toEqual(expectedChanges)

    const closed = await server.request('POST', path('/1/close'), { token })
    expect(closed.status).toBe(200)
    expect(closed.body).toMatchObject({ state: 'closed', openedRevision: opened.body.openedRevision, closedRevision: opened.body.openedRevision + 1 })
    expect((await server.request('POST', path('/1/close'), { token })).body.error.message).toBe('round 1 is closed: only an open round closes')
    // Closed, the round is what lies between its two revisions: a change made after it is not its.
    const after = connectClient(server.collabUrl, documentId, members.thDelegate.token)
    await after.synced()
    clauseTexts(clauseById(after.fragment, clauseIds[8]!))[0]!.insert(0, 'Later: ')
    await eventually(async () => expect(Y.encodeStateVector((await server.server.registry.peek(documentId))!.doc)).toEqual(Y.encodeStateVector(after.doc)))
    after.destroy()
    expect((await server.request('GET', path('/1'))).body.changes).toEqual(expectedChanges)
    expect((await server.request('POST', path('/1/open'), { token })).body.error.message).toBe('round 1 is closed: only a planned round opens')
    const { body: revisions } = await server.request('GET', `/api/documents/${documentId}/revisions`)
    expect(revisions.revisions.map((revision: { seq: number; label: string }) => [revision.seq, revision.label])).toEqual([
      [opened.body.openedRevision, 'Opening text of round 1'],
      [closed.body.closedRevision, 'Closing text of round 1'],
    ])
    const { body: compared } = await server.request('GET', `/api/documents/${documentId}/compare?from=${opened.body.openedRevision}&to=${closed.body.closedRevision}`)
    const changed = compared.clauses.filter((clause: { change: string }) => clause.change !== 'unchanged')
    expect(changed.map((clause: { id: string; change: string }) => [clause.id, clause.change])).toEqual([[clauseIds[3], 'modified']])
    // The next round opens once this one is closed.
    expect((await server.request('POST', path('/2/open'), { token })).body.state).toBe('open')
    const { body: audit } = await server.request('GET', `/api/documents/${documentId}/audit`)
    expect(audit.entries.map((entry: { event: string }) => entry.event).filter((event: string) => event.startsWith('round-'))).toEqual(
      expect.arrayContaining(['round-opened', 'round-closed', 'round-opened']),
    )
  })

  it("takes a party's attendance from the secretariat or that party's head of delegation, leaving the other party's list as it was", async () => {
    const { members, path } = await negotiation()
    expect((await server.request('POST', path(), { token: members.secretariat.token, body: plan({ attendance: [...delegation('TH', 2), ...delegation('KH', 3)] }) })).status).toBe(201)
    const thList = delegation('TH', 45)
    const set = await server.request('PUT', path('/1/attendance/TH'), { token: members.thHead.token, body: { attendance: thList } })
    expect(set.status).toBe(200)
    expect(set.body.attendance).toEqual([...delegation('KH', 3), ...thList])
    for (const [token, party] of [[members.thHead.token, 'KH'], [members.thDelegate.token, 'TH'], [members.khHead.token, 'TH']] as const) {
      const refused = await server.request('PUT', path(`/1/attendance/${party}`), { token, body: { attendance: [] } })
      expect([refused.status, refused.body.error.message]).toEqual([403, expect.stringMatching(new RegExp(`attendance for ${party} is set by the secretariat or ${party}'s head of delegation`))])
      expect(refused.body.error.words).toMatchObject({ key: 'refusal.round.attendanceOf', values: { party } })
    }
    const mixed = await server.request('PUT', path('/1/attendance/TH'), { token: members.thHead.token, body: { attendance: [delegation('KH', 1)[0]] } })
    expect([mixed.status, mixed.body.error.message]).toEqual([400, "attendance[0] is for KH: this list is TH's"])
    expect((await server.request('GET', path('/1'))).body.attendance).toEqual([...delegation('KH', 3), ...thList])
    const emptied = await server.request('PUT', path('/1/attendance/KH'), { token: members.secretariat.token, body: { attendance: [] } })
    expect(emptied.body.attendance).toEqual(thList)
  })
})
