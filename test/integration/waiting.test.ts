/**
 * What waits on a member: what the other side did that needs this person,
 * derived from the negotiation as it stands, gone when handled, dismissable
 * until something new happens. Real server, real Postgres, stock clients.
 */

import { beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { clauseById, clauseTexts } from '../support/clauseEditing.js'
import { connectClient } from '../support/collabClient.js'
import { eventually } from '../support/eventually.js'
import { useServer } from '../support/fixtures.js'
import { setStatus } from '../support/negotiation.js'
import { cambodianParty, thaiParty, trilingualDocument, type TestServer } from '../support/testServer.js'

const fixture = useServer({ unloadDelayMs: 600_000 })
let server: TestServer

type Member = { id: string; token: string }

interface Negotiation {
  documentId: string
  clauseIds: string[]
  thai: Member
  khmer: Member
  secretariat: Member
  observer: Member
}

/** The starter MOU (in English unless `body` says otherwise) with a delegate of each party, the secretariat and an observer. */
async function negotiation(body: Record<string, unknown> = { template: 'anti-trafficking-mou', parties: [thaiParty, cambodianParty] }): Promise<Negotiation> {
  const created = await server.request('POST', '/api/documents', { body })
  const documentId = created.body.id as string
  const content = await server.request('GET', `/api/documents/${documentId}/content`)
  return {
    documentId,
    clauseIds: content.body.clauses.map((clause: { id: string }) => clause.id),
    thai: await server.addMember(documentId, 'delegate', 'TH', 'Khun Somchai'),
    khmer: await server.addMember(documentId, 'delegate', 'KH', 'Lok Sokha'),
    secretariat: await server.addMember(documentId, 'secretariat', null, 'Joint Secretariat'),
    observer: await server.addMember(documentId, 'observer', null, 'Observer'),
  }
}

const waiting = async ({ documentId }: Negotiation, member: Member) => {
  const response = await server.request('GET', `/api/documents/${documentId}/waiting`, { token: member.token })
  expect(response.status).toBe(200)
  return response.body.items as { key: string; kind: string; clauseId: string | null; label: string; text: string; words: unknown; at: string | null }[]
}

beforeAll(() => {
  server = fixture.server
})

describe('what waits on a member', () => {
  it('is an agreement ad referendum by the other side, until the member’s party agrees', async () => {
    const n = await negotiation()
    const clauseId = n.clauseIds[2]!
    await setStatus(server, n.documentId, clauseId, n.thai.token, 'under-negotiation')
    await setStatus(server, n.documentId, clauseId, n.khmer.token, 'agreed-ad-referendum')
    expect(await waiting(n, n.thai)).toEqual([
      {
        key: expect.stringMatching(new RegExp(`^agreement:${clauseId}:`)),
        kind: 'agreement',
        clauseId,
        label: 'Paragraph 3',
        text: "KH agreed Paragraph 3 ad referendum (Lok Sokha): your party's agreement makes it agreed",
        // The same in words, for a page in Thai or Khmer.
        words: { key: 'waiting.text.agreement', values: { party: 'KH', label: 'Paragraph 3', name: 'Lok Sokha' } },
        at: expect.any(String),
      },
    ])
    expect(await waiting(n, n.khmer)).toEqual([])
    await setStatus(server, n.documentId, clauseId, n.thai.token, 'agreed')
    expect(await waiting(n, n.thai)).toEqual([])

    // A request to reopen it waits on the other party until answered.
    await server.request('POST', `/api/documents/${n.documentId}/clauses/${clauseId}/reopen`, { token: n.khmer.token, body: { action: 'request' } })
    expect((await waiting(n, n.thai)).map(({ kind, text }) => [kind, text])).toEqual([['reopen', 'KH asks to reopen Paragraph 3 (Lok Sokha)']])
    await server.request('POST', `/api/documents/${n.documentId}/clauses/${clauseId}/reopen`, { token: n.thai.token, body: { action: 'accept' } })
    expect(await waiting(n, n.thai)).toEqual([])
  })

  it('is a request to resolve a bracket that awaits the member’s party', async () => {
    const n = await negotiation()
    const clauseId = n.clauseIds[7]!
    const editor = connectClient(server.collabUrl, n.documentId, n.thai.token)
    await editor.synced()
    const text = clauseTexts(clauseById(editor.fragment, clauseId))[0]!
    editor.doc.transact(() => {
      text.insert(0, '30', { bracket: { id: 'br-days', owner: 'TH', alt: 0 } })
      text.insert(2, ' ', { bracket: null })
    })
    await eventually(async () => expect((await server.request('GET', `/api/documents/${n.documentId}/content`)).body.clauses[7].brackets).toHaveLength(1))
    editor.destroy()
    // The Cambodian delegate asks to drop the Thai proposal: the Thai party's consent is awaited.
    const asked = await server.request('POST', `/api/documents/${n.documentId}/brackets/br-days/resolve`, { token: n.khmer.token, body: { keep: null } })
    expect([asked.status, asked.body.resolved]).toEqual([202, false])
    expect((await waiting(n, n.thai)).map(({ kind, clauseId: id, text }) => [kind, id, text])).toEqual([
      ['bracket', clauseId, "KH asks to remove every alternative of [30] in Paragraph 8 (Lok Sokha): your party's consent is awaited"],
    ])
    expect(await waiting(n, n.khmer)).toEqual([])
  })

  it('is a reply from outside the party on a thread the member’s party opened; dismissed, it stays gone until the next reply', async () => {
    const n = await negotiation()
    const clauseId = n.clauseIds[4]!
    const client = connectClient(server.collabUrl, n.documentId, n.thai.token)
    await client.synced()
    const target = clauseTexts(clauseById(client.fragment, clauseId))[0]!
    const from = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(target, 0))
    const to = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(target, 10, -1))
    client.destroy()
    const comments = `/api/documents/${n.documentId}/comments`
    const opened = await server.request('POST', comments, { token: n.thai.token, body: { from, to, body: 'Is "shall" right here?' } })
    expect(await waiting(n, n.khmer)).toEqual([])
    await server.request('POST', `${comments}/${opened.body.thread.id}/replies`, { token: n.khmer.token, body: { body: 'We would prefer "will".' } })
    const [item] = await waiting(n, n.thai)
    expect(item).toMatchObject({ kind: 'comment', clauseId, label: 'Paragraph 5', text: expect.stringMatching(/^Lok Sokha \(KH\) wrote on “.+”: We would prefer "will"\.$/) })
    expect(await waiting(n, n.khmer)).toEqual([])

    const dismiss = await server.request('POST', `/api/documents/${n.documentId}/waiting/${encodeURIComponent(item!.key)}/dismiss`, { token: n.thai.token })
    expect(dismiss.status).toBe(204)
    expect(await waiting(n, n.thai)).toEqual([])
    await server.request('POST', `${comments}/${opened.body.thread.id}/replies`, { token: n.secretariat.token, body: { body: 'Let us settle it on Thursday.' } })
    expect((await waiting(n, n.thai)).map(({ kind, text }) => [kind, text])).toEqual([['comment', expect.stringMatching(/^Joint Secretariat wrote on “.+”: Let us settle it on Thursday\.$/)]])
  })

  it('is a clause whose text in the party’s language went stale', async () => {
    const n = await negotiation(trilingualDocument)
    const clauseId = n.clauseIds[1]!
    expect((await server.request('POST', `/api/documents/${n.documentId}/clauses/${clauseId}/translations/th/confirm`, { token: n.thai.token })).status).toBe(201)
    expect(await waiting(n, n.thai)).toEqual([])
    const client = connectClient(server.collabUrl, n.documentId, n.khmer.token)
    await client.synced()
    clauseTexts(clauseById(client.fragment, clauseId))[1]!.insert(0, 'Amended: ')
    await eventually(async () => expect((await waiting(n, n.thai)).map(({ kind, clauseId: id }) => [kind, id])).toEqual([['translation', clauseId]]))
    client.destroy()
    // The Cambodian party's language is Khmer, never confirmed: nothing went stale for it.
    expect(await waiting(n, n.khmer)).toEqual([])
  })

  it('is nothing for the administrator, the secretariat or an observer, who cannot dismiss what is not theirs either', async () => {
    const n = await negotiation()
    await setStatus(server, n.documentId, n.clauseIds[0]!, n.thai.token, 'under-negotiation')
    await setStatus(server, n.documentId, n.clauseIds[0]!, n.khmer.token, 'agreed-ad-referendum')
    for (const member of [n.secretariat, n.observer]) expect(await waiting(n, member)).toEqual([])
    expect((await server.request('GET', `/api/documents/${n.documentId}/waiting`)).body).toEqual({ items: [] })
    const refused = await server.request('POST', `/api/documents/${n.documentId}/waiting/x/dismiss`)
    expect([refused.status, refused.body.error.message]).toEqual([400, 'only a member of the negotiation has anything waiting on them to dismiss'])
    const other = await negotiation()
    expect((await server.request('GET', `/api/documents/${n.documentId}/waiting`, { token: other.thai.token })).status).toBe(403)
  })
})
