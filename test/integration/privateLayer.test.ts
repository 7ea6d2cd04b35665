/**
 * Each delegation's private layer, against a real server and database: a
 * party's members keep notes on clauses and private comment threads that
 * only they read; the other party, the secretariat, observers and the
 * administrator reach nothing of them through any route, nor through the
 * shared document or the event stream.
 */

import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readZip } from '../../server/export/zipArchive.js'
import { clauseById, clauseTexts } from '../support/clauseEditing.js'
import { connectClient } from '../support/collabClient.js'
import { eventually } from '../support/eventually.js'
import { openEventStream } from '../support/eventStream.js'
import { useServer } from '../support/fixtures.js'
import { agreeEveryClause, fullDelegations } from '../support/negotiation.js'
import { storedReplica } from '../support/replicas.js'
import type { TestServer } from '../support/testServer.js'

const fixture = useServer()
let server: TestServer
beforeAll(() => {
  server = fixture.server
})

const negotiation = () => fullDelegations(server)

const secret = 'FALLBACK 45 DAYS — instructions from Bangkok, do not disclose'
const threadOpening = 'WALK AWAY below 30 days: capital will not ratify less'
const threadReply = 'Agreed; concede the Joint Committee clause before this one'
const draftWording = 'FALLBACK WORDING: within forty-five days, never to be tabled before the second day'

/** Relative positions of the first 12 characters of a clause's text as the server stores it, and those characters. */
async function anchorsIn(documentId: string, clauseId: string): Promise<{ from: unknown; to: unknown; quote: string }> {
  const doc = await storedReplica(fixture.database, documentId)
  const text = clauseTexts(clauseById(doc.getXmlFragment('prosemirror'), clauseId))[0]!
  return {
    from: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, 0)),
    to: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, 12, -1)),
    quote: text.toString().slice(0, 12),
  }
}

/** Opens a private thread of `token`'s party on the first words of `clauseId`; its answer. */
async function openPrivateThread(documentId: string, clauseId: string, token: string, body: string) {
  const { from, to } = await anchorsIn(documentId, clauseId)
  return server.request('POST', `/api/documents/${documentId}/comments`, { token, body: { from, to, body, visibility: 'party' } })
}

/** An observer of TH's, added by TH's head of delegation (who alone adds TH's members): a member of the party that acts for none. */
async function thaiObserver(documentId: string, headToken: string): Promise<{ id: string; token: string }> {
  const added = await server.request('POST', `/api/documents/${documentId}/members`, { token: headToken, body: { name: 'TH observer', party: 'TH', role: 'observer' } })
  expect(added.status).toBe(201)
  return { id: added.body.member.id, token: added.body.token }
}

describe("a delegation's private layer", () => {
  it("keeps a party's notes on clauses for that party's members alone, each party its own", async () => {
    const { documentId, members, clauseIds } = await negotiation()
    const notePath = (clauseId: string) => `/api/documents/${documentId}/clauses/${clauseId}/private-note`
    const written = await server.request('PUT', notePath(clauseIds[4]!), { token: members.thDelegate.token, body: { text: secret } })
    expect(written.status).toBe(200)
    expect(written.body).toEqual({ clauseId: clauseIds[4], text: secret, updatedBy: { memberId: members.thDelegate.id, name: 'Pol. Maj. Somchai' }, updatedAt: expect.any(String) })
    for (const member of [members.thHead, members.thLegal, members.thDelegate]) {
      expect((await server.request('GET', `/api/documents/${documentId}/private`, { token: member.token })).body).toEqual({ party: 'TH', notes: [written.body], threads: [], drafts: [] })
    }
    // KH has a layer of its own, which TH's note is not in; what KH writes stays in KH's.
    expect((await server.request('GET', `/api/documents/${documentId}/private`, { token: members.khDelegate.token })).body).toEqual({ party: 'KH', notes: [], threads: [], drafts: [] })
    const khNote = await server.request('PUT', notePath(clauseIds[4]!), { token: members.khHead.token, body: { text: 'Hold at 30 days.' } })
    expect(khNote.body.text).toBe('Hold at 30 days.')
    expect((await server.request('GET', `/api/documents/${documentId}/private`, { token: members.thLegal.token })).body.notes).toEqual([written.body])
    expect((await server.request('GET', `/api/documents/${documentId}/private`, { token: members.khDelegate.token })).body.notes.map((note: { text: string }) => note.text)).toEqual(['Hold at 30 days.'])
    // An empty text removes the note.
    expect((await server.request('PUT', notePath(clauseIds[4]!), { token: members.khHead.token, body: { text: '  ' } })).status).toBe(204)
    expect((await server.request('GET', `/api/documents/${documentId}/private`, { token: members.khHead.token })).body.notes).toEqual([])
    expect((await server.request('GET', `/api/documents/${documentId}/private`, { token: members.thHead.token })).body.notes).toEqual([written.body])
  })

  it('is refused to the secretariat, observers and the administrator, who have none, and refuses a clause not in the text and too long a note, storing nothing', async () => {
    const { documentId, members, clauseIds } = await negotiation()
    const notePath = (clauseId: string) => `/api/documents/${documentId}/clauses/${clauseId}/private-note`
    for (const token of [members.secretariat.token, members.observer.token, server.adminToken]) {
      const read = await server.request('GET', `/api/documents/${documentId}/private`, { token })
      expect([read.status, read.body.error.message]).toEqual([403, expect.stringMatching(/private layer is its own members' alone/)])
      expect((await server.request('PUT', notePath(clauseIds[1]!), { token, body: { text: secret } })).status).toBe(403)
    }
    expect((await server.request('PUT', notePath('no-such-clause'), { token: members.thDelegate.token, body: { text: secret } })).body.error.message).toBe(`document ${documentId} has no clause no-such-clause`)
    const long = await server.request('PUT', notePath(clauseIds[1]!), { token: members.thDelegate.token, body: { text: 'x'.repeat(20_001) } })
    expect([long.status, long.body.error.message]).toEqual([400, 'field "text" must be at most 20000 characters (got 20001)'])
    expect((await server.request('PUT', notePath(clauseIds[1]!), { token: members.thDelegate.token, body: {} })).status).toBe(400)
    expect((await server.request('GET', `/api/documents/${documentId}/private`, { token: members.thDelegate.token })).body.notes).toEqual([])
  })

  it("keeps a party's private threads for that party's members alone: opened, replied to, resolved and reopened through the comments API, never in the shared listing", async () => {
    const { documentId, members, clauseIds } = await negotiation()
    const comments = `/api/documents/${documentId}/comments`
    const privateLayer = (token: string) => server.request('GET', `/api/documents/${documentId}/private`, { token })
    const { quote } = await anchorsIn(documentId, clauseIds[3]!)
    const opened = await openPrivateThread(documentId, clauseIds[3]!, members.thDelegate.token, threadOpening)
    expect(opened.status).toBe(201)
    expect(opened.body.thread).toMatchObject({
      visibility: 'party',
      party: 'TH',
      state: 'anchored',
      clauseId: clauseIds[3],
      quote,
      text: quote,
      createdBy: { memberId: members.thDelegate.id, party: 'TH' },
      resolved: null,
      messages: [{ body: threadOpening, author: { memberId: members.thDelegate.id } }],
    })
    const threadId = opened.body.thread.id as string
    const replied = await server.request('POST', `${comments}/${threadId}/replies`, { token: members.thLegal.token, body: { body: threadReply } })
    expect([replied.status, replied.body.thread.messages.map((message: { body: string }) => message.body)]).toEqual([201, [threadOpening, threadReply]])
    const resolved = await server.request('POST', `${comments}/${threadId}/resolve`, { token: members.thHead.token })
    expect([resolved.status, resolved.body.thread.resolved]).toEqual([200, { by: { memberId: members.thHead.id, name: 'Pol. Gen. Anan', party: 'TH' }, at: expect.any(String) }])
    expect(resolved.body.thread).toMatchObject({ visibility: 'party', party: 'TH', id: threadId })
    // Every TH member reads it in TH's private layer, placed in the current text like a shared thread.
    for (const member of [members.thHead, members.thLegal, members.thDelegate]) {
      expect((await privateLayer(member.token)).body).toEqual({ party: 'TH', notes: [], threads: [resolved.body.thread], drafts: [] })
    }
    // Resolving twice is a conflict, as for a shared thread; reopening works for TH.
    expect((await server.request('POST', `${comments}/${threadId}/resolve`, { token: members.thDelegate.token })).status).toBe(409)
    const reopened = await server.request('POST', `${comments}/${threadId}/reopen`, { token: members.thDelegate.token })
    expect([reopened.status, reopened.body.thread.resolved]).toEqual([200, null])

    // KH has private threads of its own, which TH's is not among, and the other way round.
    const khOpened = await openPrivateThread(documentId, clauseIds[3]!, members.khHead.token, 'Hold firm here.')
    expect([khOpened.status, khOpened.body.thread.party]).toEqual([201, 'KH'])
    expect((await privateLayer(members.khDelegate.token)).body.threads.map((thread: { id: string }) => thread.id)).toEqual([khOpened.body.thread.id])
    expect((await privateLayer(members.thDelegate.token)).body.threads.map((thread: { id: string }) => thread.id)).toEqual([threadId])

    // The shared listing holds neither, whoever asks.
    for (const token of [members.thDelegate.token, members.khDelegate.token, members.secretariat.token, server.adminToken]) {
      expect((await server.request('GET', comments, { token })).body).toEqual({ threads: [] })
    }
  })

  it("answers anyone outside the party on a private thread exactly as on a thread that does not exist, and changes nothing", async () => {
    const { documentId, members, clauseIds } = await negotiation()
    const thObserver = await thaiObserver(documentId, members.thHead.token)
    const comments = `/api/documents/${documentId}/comments`
    const opened = await openPrivateThread(documentId, clauseIds[1]!, members.thDelegate.token, threadOpening)
    const threadId = opened.body.thread.id as string
    const unknownId = randomUUID()
    const actions = [
      { action: 'replies', body: { body: 'Crossing over' } },
      { action: 'resolve', body: undefined },
      { action: 'reopen', body: undefined },
    ]
    const outsiders = [
      ['KH delegate', members.khDelegate.token, 404],
      ['KH head', members.khHead.token, 404],
      ['secretariat', members.secretariat.token, 404],
      // Those who may write no comment at all are refused that first, whatever the thread.
      ['observer', members.observer.token, 403],
      ["TH's observer", thObserver.token, 403],
      ['administrator', server.adminToken, 403],
    ] as const
    for (const [who, token, status] of outsiders) {
      for (const { action, body } of actions) {
        const onPrivate = await server.request('POST', `${comments}/${threadId}/${action}`, { token, body })
        const onNothing = await server.request('POST', `${comments}/${unknownId}/${action}`, { token, body })
        expect(onPrivate.status, `${who} ${action}`).toBe(status)
        expect(JSON.stringify(onPrivate.body).replaceAll(threadId, '<thread>'), `${who} ${action}`).toBe(JSON.stringify(onNothing.body).replaceAll(unknownId, '<thread>'))
      }
    }
    expect((await server.request('POST', `${comments}/${threadId}/replies`, { token: members.khDelegate.token, body: { body: 'Crossing over' } })).body.error.message).toBe(
      `there is no comment thread ${threadId} in this document`,
    )
    // Nothing changed: one message, open.
    const { threads } = (await server.request('GET', `/api/documents/${documentId}/private`, { token: members.thLegal.token })).body
    expect(threads.map((thread: { messages: unknown[]; resolved: unknown }) => [thread.messages.length, thread.resolved])).toEqual([[1, null]])
  })

  it('opens a private thread for party members alone, and refuses a visibility other than "shared" or "party" in words, storing nothing', async () => {
    const { documentId, members, clauseIds } = await negotiation()
    const thObserver = await thaiObserver(documentId, members.thHead.token)
    const comments = `/api/documents/${documentId}/comments`
    const { from, to } = await anchorsIn(documentId, clauseIds[1]!)
    for (const token of [members.secretariat.token, members.observer.token, thObserver.token, server.adminToken]) {
      const refused = await server.request('POST', comments, { token, body: { from, to, body: threadOpening, visibility: 'party' } })
      expect([refused.status, refused.body.error.message]).toEqual([403, expect.stringMatching(/private layer is its own members' alone/)])
    }
    for (const visibility of ['private', 'PARTY', null, true, { party: 'KH' }]) {
      const refused = await server.request('POST', comments, { token: members.thDelegate.token, body: { from, to, body: threadOpening, visibility } })
      expect([refused.status, refused.body.error.message]).toEqual([400, expect.stringMatching(/^field "visibility" must be one of "shared", "party" \(got /)])
    }
    for (const token of [members.thDelegate.token, members.khDelegate.token]) expect((await server.request('GET', `/api/documents/${documentId}/private`, { token })).body.threads).toEqual([])
    expect((await server.request('GET', comments, { token: members.secretariat.token })).body.threads).toEqual([])
    // "shared", said or not, is a shared thread as before.
    const shared = await server.request('POST', comments, { token: members.thDelegate.token, body: { from, to, body: 'For everyone', visibility: 'shared' } })
    expect(shared.status).toBe(201)
    expect(shared.body.thread).not.toHaveProperty('visibility')
    expect((await server.request('GET', comments, { token: members.khDelegate.token })).body.threads.map((thread: { id: string }) => thread.id)).toEqual([shared.body.thread.id])
  })

  it("tells no event stream of a private thread, not even its own party's, while a shared thread is told to every one", async () => {
    const { documentId, members, clauseIds } = await negotiation()
    const streams = await Promise.all([members.khDelegate, members.thLegal, members.secretariat, members.observer].map((member) => openEventStream(server.url, documentId, member.token)))
    const opened = await openPrivateThread(documentId, clauseIds[2]!, members.thDelegate.token, threadOpening)
    const threadPath = `/api/documents/${documentId}/comments/${opened.body.thread.id}`
    expect((await server.request('POST', `${threadPath}/replies`, { token: members.thHead.token, body: { body: threadReply } })).status).toBe(201)
    expect((await server.request('POST', `${threadPath}/resolve`, { token: members.thHead.token })).status).toBe(200)
    // Then a shared thread: each stream hears it, and since a stream keeps the order of what was published, nothing before it.
    const { from, to } = await anchorsIn(documentId, clauseIds[2]!)
    expect((await server.request('POST', `/api/documents/${documentId}/comments`, { token: members.thDelegate.token, body: { from, to, body: 'For everyone' } })).status).toBe(201)
    for (const stream of streams) {
      await stream.waitFor('change', { kind: 'comments' })
      expect(stream.events).toEqual([{ event: 'change', data: { kind: 'comments' } }])
      stream.close()
    }
  })

  it("leaves nothing of TH's notes and private threads in anything the other party, the secretariat, an observer or the administrator can obtain", async () => {
    const { documentId, members, clauseIds } = await negotiation()
    const thObserver = await thaiObserver(documentId, members.thHead.token)
    expect((await server.request('PUT', `/api/documents/${documentId}/clauses/${clauseIds[2]}/private-note`, { token: members.thDelegate.token, body: { text: secret } })).status).toBe(200)
    const opened = await openPrivateThread(documentId, clauseIds[2]!, members.thDelegate.token, threadOpening)
    expect(opened.status).toBe(201)
    const threadId = opened.body.thread.id as string
    const threadPath = `/api/documents/${documentId}/comments/${threadId}`
    expect((await server.request('POST', `${threadPath}/replies`, { token: members.thLegal.token, body: { body: threadReply } })).status).toBe(201)
    expect((await server.request('POST', `${threadPath}/resolve`, { token: members.thHead.token })).status).toBe(200)
    // TH's draft wording, co-edited in TH's draft document, around a round that opens and closes (its record is swept too).
    const rounds = `/api/documents/${documentId}/rounds`
    expect((await server.request('POST', rounds, { token: members.secretariat.token, body: { title: '11th Meeting', place: 'Phnom Penh', startDate: '2027-03-01', endDate: '2027-03-02', agenda: [{ clauseId: clauseIds[2], topic: 'Scope' }] } })).status).toBe(201)
    expect((await server.request('POST', `${rounds}/1/open`, { token: members.secretariat.token })).status).toBe(200)
    const drafting = connectClient(server.collabUrl, `${documentId}/private`, members.thLegal.token)
    await drafting.synced()
    const paragraph = new Y.XmlElement('paragraph')
    drafting.doc.getXmlFragment(`draft:${clauseIds[2]}`).insert(0, [paragraph])
    paragraph.insert(0, [new Y.XmlText(draftWording)])
    await eventually(async () => expect(JSON.stringify((await server.request('GET', `/api/documents/${documentId}/private`, { token: members.thHead.token })).body.drafts)).toContain(draftWording))
    drafting.destroy()
    expect((await server.request('POST', `${rounds}/1/close`, { token: members.secretariat.token })).status).toBe(200)
    expect((await server.request('POST', `/api/documents/${documentId}/revisions`, { token: members.secretariat.token, body: { label: 'After the notes' } })).status).toBe(201)
    // Every clause agreed and a revision for signature: its originals are swept too.
    await agreeEveryClause(server, documentId, members.thDelegate.token, members.khDelegate.token)
    const signing = await server.request('POST', `/api/documents/${documentId}/revisions`, { token: members.secretariat.token, body: { label: 'For signature' } })
    expect(signing.status).toBe(201)
    const paths = [
      '/content',
      '/content?lang=en',
      '/revisions',
      '/revisions/1',
      '/compare?from=1',
      '/compare?from=1&format=html',
      '/compare.docx?from=1',
      '/attribution',
      '/audit',
      '/comments',
      '/waiting',
      '/members',
      '/rounds',
      '/rounds/1',
      '/rounds/1/record.docx?counterpart=TH',
      '/rounds/1/record.docx?counterpart=KH',
      `/revisions/${signing.body.seq}/export.docx?counterpart=TH`,
      `/revisions/${signing.body.seq}/export.docx?counterpart=KH`,
      `/compare.docx?from=1&to=${signing.body.seq}`,
      '/private',
      '/signing/readiness',
    ].map((path) => `/api/documents/${documentId}${path}`)
    const secrets = [secret, threadOpening, threadReply, threadId, draftWording]
    const fragments = [...secrets, 'FALLBACK', 'WALK AWAY', 'Joint Committee clause', 'forty-five', 'private-note', 'private_note', 'private_thread', 'draft:', '"visibility"']
    /** Everything `token` gets from the paths, as text: a DOCX by its parts, unpacked. */
    const obtained = async (token: string) => {
      const texts: [string, string][] = []
      for (const path of paths) {
        const response = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } })
        const bytes = new Uint8Array(await response.arrayBuffer())
        const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b
        texts.push([path, isZip ? Object.values(readZip(bytes)).map((part) => new TextDecoder().decode(part)).join('\n') : new TextDecoder().decode(bytes)])
      }
      return texts
    }
    // The sweep reads what it is given: TH's own layer holds the note and the thread, and nothing else does.
    const thOwn = await obtained(members.thLegal.token)
    for (const text of secrets) expect(thOwn.filter(([, obtainedText]) => obtainedText.includes(text)).map(([path]) => path), text).toEqual([`/api/documents/${documentId}/private`])
    // And the Records of Discussion it sweeps are records: the KH head obtains both copies.
    const khHeadObtained = await obtained(members.khHead.token)
    for (const party of ['TH', 'KH']) expect(khHeadObtained.find(([path]) => path.endsWith(`record.docx?counterpart=${party}`))![1]).toContain('RECORD OF DISCUSSION')
    const secretariatObtained = await obtained(members.secretariat.token)
    for (const party of ['TH', 'KH']) expect(secretariatObtained.find(([path]) => path.endsWith(`export.docx?counterpart=${party}`))![1]).toContain('CounterpartSeal')
    const outsiders = [
      ['KH delegate', members.khDelegate.token],
      ['KH head', members.khHead.token],
      ['secretariat', members.secretariat.token],
      ['observer', members.observer.token],
      ["TH's observer", thObserver.token],
      ['administrator', server.adminToken],
    ] as const
    for (const [who, token] of outsiders) {
      for (const [path, text] of await obtained(token)) {
        for (const fragment of fragments) expect(text.includes(fragment), `${who} found "${fragment}" in ${path}`).toBe(false)
      }
      // Nor in their own party's drafts, for the other party's members.
      if (who.startsWith('KH')) {
        const theirs = connectClient(server.collabUrl, `${documentId}/private`, token)
        await theirs.synced()
        const drafts = JSON.stringify(theirs.doc.toJSON())
        for (const fragment of fragments) expect(drafts, `${who} found "${fragment}" in KH's drafts`).not.toContain(fragment)
        theirs.destroy()
      }
      // Nor in the shared document itself.
      if (token !== server.adminToken) {
        const client = connectClient(server.collabUrl, documentId, token)
        await client.synced()
        const shared = JSON.stringify(client.doc.toJSON())
        for (const fragment of fragments) expect(shared, `${who} found "${fragment}" in the shared document`).not.toContain(fragment)
        client.destroy()
      }
    }
  })
})
