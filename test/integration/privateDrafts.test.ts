/**
 * Each delegation's private draft area against a real server, database and
 * stock y-websocket clients: a party's members co-edit their wording live
 * at /collab/<id>/private, each party in its own document; nobody else can
 * connect; an update that writes outside the drafts is refused and leaves
 * nothing; "propose" brings a party's draft into the shared text as that
 * party's bracket, or as its alternative in the other party's.
 */

import { beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import { connectClient, type TestClient } from '../support/collabClient.js'
import { eventually } from '../support/eventually.js'
import { fullDelegations, setStatus } from '../support/negotiation.js'
import { useServer } from '../support/fixtures.js'
import { startTestServer, type TestServer } from '../support/testServer.js'

const fixture = useServer()
let server: TestServer
beforeAll(() => {
  server = fixture.server
})

const drafts = (documentId: string, token: string) => connectClient(server.collabUrl, `${documentId}/private`, token)

/** Writes `paragraphs` as the draft of `clauseId` in a client's draft document, replacing what was there. */
function writeDraft(client: TestClient, clauseId: string, paragraphs: string[]): void {
  const fragment = client.doc.getXmlFragment(`draft:${clauseId}`)
  client.doc.transact(() => {
    fragment.delete(0, fragment.length)
    for (const words of paragraphs) {
      const paragraph = new Y.XmlElement('paragraph')
      fragment.insert(fragment.length, [paragraph])
      paragraph.insert(0, [new Y.XmlText(words)])
    }
  })
}

const draftText = (client: TestClient, clauseId: string) => client.doc.getXmlFragment(`draft:${clauseId}`).toString()

async function flushedDrafts(client: TestClient, party: string, documentId: string): Promise<void> {
  await eventually(async () => {
    const { body } = await server.request('GET', `/api/documents/${documentId}/private`, { token: tokenOf(client) })
    expect(body.party).toBe(party)
    expect(JSON.stringify(body.drafts)).toBe(JSON.stringify(draftsOf(client)))
  })
}
const tokens = new Map<TestClient, string>()
const tokenOf = (client: TestClient) => tokens.get(client)!
function connected(documentId: string, token: string): TestClient {
  const client = drafts(documentId, token)
  tokens.set(client, token)
  return client
}

/** A client's drafts as `GET …/private` reads them. */
function draftsOf(client: TestClient): { clauseId: string; paragraphs: string[] }[] {
  return [...client.doc.share.keys()]
    .filter((name) => name.startsWith('draft:'))
    .sort()
    .map((name) => ({ clauseId: name.slice(6), paragraphs: client.doc.getXmlFragment(name).toArray().map((paragraph) => (paragraph as Y.XmlElement).toArray().map(String).join('')).filter((text) => text !== '') }))
    .filter((draft) => draft.paragraphs.length > 0)
}

describe("a delegation's private drafts", () => {
  it("are co-edited live by the party's members, each party in a document of its own, and read back in the party's private layer", async () => {
    const { documentId, members, clauseIds } = await fullDelegations(server)
    const thDelegate = connected(documentId, members.thDelegate.token)
    const thLegal = connected(documentId, members.thLegal.token)
    const khDelegate = connected(documentId, members.khDelegate.token)
    await Promise.all([thDelegate.synced(), thLegal.synced(), khDelegate.synced()])
    writeDraft(thDelegate, clauseIds[6]!, ['within forty-five days of receipt of the request'])
    await eventually(() => expect(draftText(thLegal, clauseIds[6]!)).toContain('within forty-five days'))
    ;(thLegal.doc.getXmlFragment(`draft:${clauseIds[6]}`).get(0) as Y.XmlElement).insert(1, [new Y.XmlText(', or sooner where a victim is at risk')])
    await eventually(() => expect(draftText(thDelegate, clauseIds[6]!)).toContain('sooner where a victim is at risk'))
    writeDraft(khDelegate, clauseIds[6]!, ['within sixty days'])
    await flushedDrafts(thDelegate, 'TH', documentId)
    await flushedDrafts(khDelegate, 'KH', documentId)
    // Each party's own: KH holds nothing of TH's draft, TH nothing of KH's.
    expect(draftText(khDelegate, clauseIds[6]!)).not.toContain('forty-five')
    expect(draftText(thLegal, clauseIds[6]!)).not.toContain('sixty')
    const { body: thLayer } = await server.request('GET', `/api/documents/${documentId}/private`, { token: members.thHead.token })
    expect(thLayer.drafts).toEqual([{ clauseId: clauseIds[6], paragraphs: ['within forty-five days of receipt of the request, or sooner where a victim is at risk'] }])
    const { body: khLayer } = await server.request('GET', `/api/documents/${documentId}/private`, { token: members.khHead.token })
    expect(khLayer.drafts).toEqual([{ clauseId: clauseIds[6], paragraphs: ['within sixty days'] }])
    // Presence goes to the party's own: TH's legal staff is seen by TH's delegate, never by KH.
    thLegal.provider.awareness.setLocalStateField('cursor', null)
    await eventually(() => expect([...thDelegate.provider.awareness.getStates().values()].map((state) => state.user?.name)).toContain('Khun Malee'))
    expect([...khDelegate.provider.awareness.getStates().values()].map((state) => state.user?.party)).not.toContain('TH')
    // The shared document holds none of it.
    const shared = connectClient(server.collabUrl, documentId, members.khDelegate.token)
    await shared.synced()
    expect(JSON.stringify(shared.doc.toJSON())).not.toMatch(/forty-five|draft:/)
    for (const client of [thDelegate, thLegal, khDelegate, shared]) client.destroy()

    // Stored: another server on the same database, which has never held the drafts, loads them as they were.
    const other = await startTestServer(fixture.database)
    try {
      const reloaded = connectClient(other.collabUrl, `${documentId}/private`, members.thHead.token)
      await reloaded.synced()
      expect(draftText(reloaded, clauseIds[6]!)).toContain('forty-five days of receipt of the request, or sooner')
      expect(draftText(reloaded, clauseIds[6]!)).not.toContain('sixty')
      reloaded.destroy()
    } finally {
      await other.close()
    }
  })

  it('are closed to the secretariat, observers and the administrator, with a close code and a reason', async () => {
    const { documentId, members } = await fullDelegations(server)
    for (const token of [members.secretariat.token, members.observer.token, server.adminToken]) {
      const client = drafts(documentId, token)
      const closed = await client.closed()
      expect(closed.code, closed.reason).toBe(4403)
      client.destroy()
    }
    const unknown = drafts(documentId, 'not-a-token')
    expect((await unknown.closed()).code).toBe(4401)
    unknown.destroy()
  })

  it("are closed to a member at once when revoked, or when their role changes (an observer then reaches none)", async () => {
    const { documentId, members } = await fullDelegations(server)
    const legal = connected(documentId, members.thLegal.token)
    const delegate = connected(documentId, members.thDelegate.token)
    await Promise.all([legal.synced(), delegate.synced()])
    const changed = await server.request('PATCH', `/api/documents/${documentId}/members/${members.thLegal.id}`, { token: members.thHead.token, body: { role: 'observer' } })
    expect(changed.status, JSON.stringify(changed.body)).toBe(200)
    expect((await legal.closed()).code).toBe(4503)
    // Reconnecting as the observer it now is: refused.
    await eventually(() => expect(legal.closes.at(-1)!.code).toBe(4403))
    legal.destroy()
    expect((await server.request('DELETE', `/api/documents/${documentId}/members/${members.thDelegate.id}`, { token: members.thHead.token })).status).toBe(200)
    expect(await delegate.closed()).toEqual({ code: 4401, reason: 'your membership of this document was revoked' })
    delegate.destroy()
  })

  it("cannot be reached by guessing another party's address: the party is always the connecting member's", async () => {
    const { documentId, members, clauseIds } = await fullDelegations(server)
    const th = connected(documentId, members.thDelegate.token)
    await th.synced()
    writeDraft(th, clauseIds[4]!, ['TH ONLY WORDING'])
    await flushedDrafts(th, 'TH', documentId)
    th.destroy()
    const token = encodeURIComponent(members.khDelegate.token)
    // A party named in the path is no address at all; one named in the query is ignored; an encoded slash names no document.
    const handshake = (path: string) =>
      new Promise<string>((resolve) => {
        const socket = new WebSocket(`${server.collabUrl}/${path}`)
        socket.on('unexpected-response', (_request, response) => resolve(`HTTP ${response.statusCode}`))
        socket.on('close', (code) => resolve(`closed ${code}`))
        socket.on('error', () => {})
      })
    expect(await handshake(`${documentId}/private/TH?token=${token}`)).toBe('HTTP 404')
    expect(await handshake(`${encodeURIComponent(`${documentId}/private`)}?token=${token}`)).toBe('closed 4403')
    const doc = new Y.Doc()
    const khWithQuery = new WebsocketProvider(server.collabUrl, `${documentId}/private`, doc, {
      params: { token: members.khDelegate.token, party: 'TH' },
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    })
    await new Promise((resolve) => khWithQuery.once('sync', resolve))
    expect(JSON.stringify(doc.toJSON())).not.toContain('TH ONLY WORDING')
    khWithQuery.destroy()
  })

  it('refuse an update that writes outside the drafts — the shared text, another kind of root, keyed entries — closing its socket and keeping nothing of it', async () => {
    const { documentId, members, clauseIds } = await fullDelegations(server)
    const crafted: [string, (doc: Y.Doc) => void][] = [
      ['the shared text', (doc) => doc.getXmlFragment('prosemirror').insert(0, [new Y.XmlText('SMUGGLED INTO THE SHARED TEXT')])],
      ['a map root', (doc) => doc.getMap(`draft:${clauseIds[2]}`).set('SMUGGLED', 'KEYED ENTRY')],
      ['an array of values', (doc) => doc.getArray(`draft:${clauseIds[3]}`).insert(0, ['SMUGGLED VALUE'])],
    ]
    for (const [what, write] of crafted) {
      const client = connected(documentId, members.thDelegate.token)
      await client.synced()
      write(client.doc)
      const closed = await client.closed()
      expect([closed.code, what]).toEqual([4400, what])
      client.destroy()
    }
    const reader = connected(documentId, members.thLegal.token)
    await reader.synced()
    expect(JSON.stringify(reader.doc.toJSON())).not.toContain('SMUGGLED')
    expect((await server.request('GET', `/api/documents/${documentId}/private`, { token: members.thLegal.token })).body.drafts).toEqual([])
    // Still working for the party.
    writeDraft(reader, clauseIds[2]!, ['wording after the refusals'])
    await flushedDrafts(reader, 'TH', documentId)
    reader.destroy()
  })

  it("are proposed into the shared text as the party's bracket, or as its alternative in the other party's, in one attributed change", async () => {
    const { documentId, members, clauseIds } = await fullDelegations(server)
    const propose = (clauseId: string, token: string, body: Record<string, unknown> = {}) => server.request('POST', `/api/documents/${documentId}/clauses/${clauseId}/private-draft/propose`, { token, body })
    const rounds = `/api/documents/${documentId}/rounds`
    expect((await server.request('POST', rounds, { token: members.secretariat.token, body: { title: '11th Meeting', place: 'Phnom Penh', startDate: '2027-03-01', endDate: '2027-03-03' } })).status).toBe(201)
    expect((await server.request('POST', `${rounds}/1/open`, { token: members.secretariat.token })).status).toBe(200)
    const th = connected(documentId, members.thDelegate.token)
    const kh = connected(documentId, members.khDelegate.token)
    await Promise.all([th.synced(), kh.synced()])
    writeDraft(th, clauseIds[6]!, ['Requests will be answered within forty-five days.', 'Urgent requests within seven days.'])
    writeDraft(kh, clauseIds[6]!, ['Requests will be answered within sixty days.'])
    await flushedDrafts(th, 'TH', documentId)
    await flushedDrafts(kh, 'KH', documentId)

    const proposed = await propose(clauseIds[6]!, members.thDelegate.token)
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(201)
    expect(proposed.body).toEqual({ clauseId: clauseIds[6], bracketId: expect.stringMatching(/^br_/), alt: 0, party: 'TH', text: 'Requests will be answered within forty-five days.\nUrgent requests within seven days.' })
    const bracketId = proposed.body.bracketId as string
    const answered = await propose(clauseIds[6]!, members.khDelegate.token, { bracketId })
    expect(answered.status, JSON.stringify(answered.body)).toBe(201)
    expect(answered.body).toMatchObject({ bracketId, alt: 1, party: 'KH', text: 'Requests will be answered within sixty days.' })
    const { body: content } = await server.request('GET', `/api/documents/${documentId}/content`, { token: members.secretariat.token })
    const clause = content.clauses.find((entry: { id: string }) => entry.id === clauseIds[6])
    expect(clause.brackets).toEqual([
      expect.objectContaining({
        id: bracketId,
        owners: ['TH', 'KH'],
        alternatives: ['Requests will be answered within forty-five days.\nUrgent requests within seven days.', 'Requests will be answered within sixty days.'],
      }),
    ])
    // One change each, attributed to the member who proposed it.
    const { body: attribution } = await server.request('GET', `/api/documents/${documentId}/attribution`, { token: members.secretariat.token })
    expect(JSON.stringify(attribution)).toContain(members.thDelegate.id)
    const { body: audit } = await server.request('GET', `/api/documents/${documentId}/audit`, { token: members.secretariat.token })
    expect(audit.entries.filter((entry: { event: string }) => entry.event === 'bracket-proposed').map((entry: { details: { party: string; alt: number } }) => [entry.details.party, entry.details.alt])).toEqual([['TH', 0], ['KH', 1]])

    // The round tells of both proposals, each as its party's.
    const { body: round } = await server.request('GET', `${rounds}/1`, { token: members.khHead.token })
    const decided = round.changes.find((change: { clauseId: string }) => change.clauseId === clauseIds[6]).decisions
    expect(decided.map((entry: { event: string; party: string }) => [entry.event, entry.party])).toEqual([['bracket-proposed', 'TH'], ['bracket-proposed', 'KH']])

    // Refused, in words, changing nothing: a second alternative of one party, no draft, another's draft, a locked clause.
    const again = await propose(clauseIds[6]!, members.khDelegate.token, { bracketId })
    expect([again.status, again.body.error.message]).toEqual([409, `KH has an alternative in bracket ${bracketId} already: withdraw it before proposing another`])
    const none = await propose(clauseIds[3]!, members.thDelegate.token)
    expect([none.status, none.body.error.message]).toEqual([400, `TH has no draft wording for clause ${clauseIds[3]} to propose`])
    expect((await propose(clauseIds[6]!, members.secretariat.token)).status).toBe(403)
    expect((await propose(clauseIds[6]!, members.thDelegate.token, { bracketId: 'br_none' })).status).toBe(404)
    await setStatus(server, documentId, clauseIds[8]!, members.thDelegate.token, 'under-negotiation')
    await setStatus(server, documentId, clauseIds[8]!, members.khDelegate.token, 'agreed-ad-referendum')
    await setStatus(server, documentId, clauseIds[8]!, members.thDelegate.token, 'agreed')
    writeDraft(th, clauseIds[8]!, ['A late afterthought.'])
    await flushedDrafts(th, 'TH', documentId)
    const locked = await propose(clauseIds[8]!, members.thDelegate.token)
    expect(locked.status, JSON.stringify(locked.body)).toBe(409)
    const { body: after } = await server.request('GET', `/api/documents/${documentId}/content`, { token: members.secretariat.token })
    expect(JSON.stringify(after)).not.toContain('A late afterthought')
    expect(after.clauses.find((entry: { id: string }) => entry.id === clauseIds[6]).brackets[0].alternatives).toHaveLength(2)
    // The draft stays the party's after it is proposed.
    expect(draftText(th, clauseIds[6]!)).toContain('forty-five days')
    th.destroy()
    kh.destroy()
  })
})
