/**
 * Agreeing several clauses at once (POST …/clauses/agree), as a head of
 * delegation does at the end of a round: "agree all that the other side
 * has agreed ad referendum", or a list of clauses. Each clause goes through
 * the one status move, so each is checked (brackets, translations),
 * locked, seen by every client and recorded in the audit trail on its own;
 * what is refused is answered with the reason.
 */

import { beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { clauseById, clauseTexts } from '../support/clauseEditing.js'
import { connectClient } from '../support/collabClient.js'
import { eventually } from '../support/eventually.js'
import { useServer } from '../support/fixtures.js'
import { setStatus } from '../support/negotiation.js'
import { trilingualDocument, type TestServer } from '../support/testServer.js'

const fixture = useServer()
let server: TestServer
type Member = { id: string; token: string }

interface Negotiation {
  documentId: string
  secretariat: Member
  thai: Member
  thaiLegal: Member
  khmer: Member
  observer: Member
}

/** A document (the English starter MOU unless `body` says otherwise) with its secretariat, delegates of both parties, a Thai legal officer and an observer. */
async function negotiation(body?: unknown): Promise<Negotiation> {
  const documentId = body ? ((await server.request('POST', '/api/documents', { body })).body.id as string) : await server.draftDocument('anti-trafficking-mou', { style: 'mou' })
  return {
    documentId,
    secretariat: await server.addMember(documentId, 'secretariat', null, 'Joint Secretariat'),
    thai: await server.addMember(documentId, 'delegate', 'TH', 'Khun Somchai'),
    thaiLegal: await server.addMember(documentId, 'legal', 'TH', 'Khun Malee'),
    khmer: await server.addMember(documentId, 'delegate', 'KH', 'Lok Sokha'),
    observer: await server.addMember(documentId, 'observer', null, 'UNODC observer'),
  }
}

const agreePath = (documentId: string) => `/api/documents/${documentId}/clauses/agree`

async function content(documentId: string, token: string) {
  return (await server.request('GET', `/api/documents/${documentId}/content`, { token })).body as {
    clauses: { id: string; status: string; agreements: { party: string; initials: string | null }[] }[]
    parts: { id: string; status: string }[]
  }
}

async function statuses(documentId: string, token: string): Promise<Record<string, string>> {
  const { clauses, parts } = await content(documentId, token)
  return Object.fromEntries([...parts, ...clauses].map(({ id, status }) => [id, status]))
}

async function auditOf(documentId: string, token: string) {
  return (await server.request('GET', `/api/documents/${documentId}/audit`, { token })).body.entries as {
    event: string
    clauseId: string | null
    actor: { memberId: string | null; party: string | null }
    details: Record<string, unknown>
  }[]
}

beforeAll(() => {
  server = fixture.server
})

describe('agreeing several clauses at once', () => {
  let n: Negotiation
  let ids: string[]

  beforeAll(async () => {
    n = await negotiation()
    ids = (await content(n.documentId, n.thai.token)).clauses.map((clause) => clause.id)
  })

  it('takes either a list of clause ids or the other party’s ad referendum agreements, and says what is wrong with anything else', async () => {
    const refusal = async (body: unknown) => {
      const answer = await server.request('POST', agreePath(n.documentId), { token: n.thai.token, body })
      expect(answer.status, JSON.stringify(answer.body)).toBe(400)
      return answer.body.error.message as string
    }
    const either = 'say which clauses to agree: either "clauseIds" (a list of clause ids) or "agreedAdReferendumByOtherParty": true (every clause the other party has agreed ad referendum), not both'
    expect(await refusal({})).toBe(either)
    expect(await refusal({ clauseIds: [ids[0]], agreedAdReferendumByOtherParty: true })).toBe(either)
    expect(await refusal({ agreedAdReferendumByOtherParty: 'yes' })).toBe(
      'field "agreedAdReferendumByOtherParty" must be true (got "yes"); to name the clauses, send "clauseIds" instead',
    )
    expect(await refusal({ clauseIds: ids[0] })).toBe(`field "clauseIds" must be an array of strings (got string ${JSON.stringify(ids[0])})`)
    expect(await refusal({ clauseIds: [] })).toBe('field "clauseIds" must name at least one clause')
    expect(await refusal({ clauseIds: [ids[0], 7] })).toBe('field "clauseIds[1]" must be a string (got number 7)')
    expect(await refusal({ clauseIds: [ids[0], ids[1], ids[0]] })).toBe(`field "clauseIds" names clause ${JSON.stringify(ids[0])} more than once`)
    expect(await refusal({ clauseIds: [ids[0]], initials: 'SOMCHAI JAIDEE' })).toBe('field "initials" must be at most 10 characters (got 14)')
    expect(await refusal({ clauseIds: Array.from({ length: 501 }, (_, index) => `c${index}`) })).toBe('field "clauseIds" must list at most 500 (got 501)')
    expect(new Set(Object.values(await statuses(n.documentId, n.thai.token)))).toEqual(new Set(['draft']))
  })

  it('is for delegates and legal members of a party: the secretariat, an observer and the administrator agree nothing', async () => {
    await setStatus(server, n.documentId, ids[0]!, n.secretariat.token, 'under-negotiation')
    await setStatus(server, n.documentId, ids[0]!, n.khmer.token, 'agreed-ad-referendum')
    for (const token of [n.secretariat.token, n.observer.token, server.adminToken]) {
      const answer = await server.request('POST', agreePath(n.documentId), { token, body: { agreedAdReferendumByOtherParty: true } })
      expect(answer.status).toBe(403)
      expect(answer.body.error.message).toBe('only a delegate or legal member of a party agrees to a clause for that party')
    }
    const other = await negotiation()
    const stranger = await server.request('POST', agreePath(other.documentId), { token: n.thai.token, body: { agreedAdReferendumByOtherParty: true } })
    expect(stranger.status).toBe(403)
    expect((await statuses(n.documentId, n.thai.token))[ids[0]!]).toBe('agreed-ad-referendum')
  })

  it('agrees every clause and part the other party agreed ad referendum, and only those, each recorded on its own and seen by every client', async () => {
    // ids[0]: KH agreed ad referendum (above). The title and ids[1] too; ids[2]: TH's own ad referendum agreement; ids[3]: under negotiation.
    await setStatus(server, n.documentId, 'title', n.secretariat.token, 'under-negotiation')
    await setStatus(server, n.documentId, 'title', n.khmer.token, 'agreed-ad-referendum')
    for (const id of [ids[1]!, ids[2]!, ids[3]!]) await setStatus(server, n.documentId, id, n.secretariat.token, 'under-negotiation')
    await setStatus(server, n.documentId, ids[1]!, n.khmer.token, 'agreed-ad-referendum', 'SK')
    await setStatus(server, n.documentId, ids[2]!, n.thai.token, 'agreed-ad-referendum')
    const watcher = connectClient(server.collabUrl, n.documentId, n.khmer.token)
    await watcher.synced()
    const before = await statuses(n.documentId, n.thai.token)
    const auditBefore = (await auditOf(n.documentId, n.secretariat.token)).length

    const answer = await server.request('POST', agreePath(n.documentId), { token: n.thaiLegal.token, body: { agreedAdReferendumByOtherParty: true, initials: 'KM' } })
    expect(answer.status, JSON.stringify(answer.body)).toBe(200)
    // In the document's order: the title first, then the clauses.
    expect(answer.body).toEqual({
      agreed: [
        { clauseId: 'title', status: 'agreed' },
        { clauseId: ids[0], status: 'agreed' },
        { clauseId: ids[1], status: 'agreed' },
      ],
      refused: [],
    })
    const after = await statuses(n.documentId, n.thai.token)
    expect(after).toEqual({ ...before, title: 'agreed', [ids[0]!]: 'agreed', [ids[1]!]: 'agreed' })
    const { clauses } = await content(n.documentId, n.thai.token)
    expect(clauses.find((clause) => clause.id === ids[1])!.agreements).toEqual([
      expect.objectContaining({ party: 'KH', initials: 'SK' }),
      expect.objectContaining({ party: 'TH', initials: 'KM' }),
    ])

    // One entry per agreement, by the member who agreed, in the same order.
    const entries = (await auditOf(n.documentId, n.secretariat.token)).slice(auditBefore)
    expect(entries.map(({ event, clauseId, actor, details }) => [event, clauseId, actor.memberId, details])).toEqual(
      ['title', ids[0], ids[1]].map((clauseId) => ['clause-agreed', clauseId, n.thaiLegal.id, { from: 'agreed-ad-referendum', to: 'agreed', initials: 'KM' }]),
    )
    // The other delegation's client holds the agreements at once, and the agreed text is locked against it.
    const statusSeen = (id: string) => (id === 'title' ? (watcher.fragment.get(0) as Y.XmlElement) : clauseById(watcher.fragment, id)).getAttribute('status')
    await eventually(() => expect(['title', ids[0]!, ids[1]!].map(statusSeen)).toEqual(['agreed', 'agreed', 'agreed']))
    clauseTexts(clauseById(watcher.fragment, ids[1]!))[0]!.insert(0, 'Notwithstanding the above, ')
    expect((await watcher.closed()).reason).toMatch(/is agreed: its text is locked and the change was not applied$/)
    watcher.destroy()

    // Nothing left that the other party alone has agreed: agreeing again agrees nothing.
    const again = await server.request('POST', agreePath(n.documentId), { token: n.thai.token, body: { agreedAdReferendumByOtherParty: true } })
    expect(again.body).toEqual({ agreed: [], refused: [] })
    // The Cambodian delegation agrees what Thailand agreed ad referendum, and only that.
    const khmer = await server.request('POST', agreePath(n.documentId), { token: n.khmer.token, body: { agreedAdReferendumByOtherParty: true } })
    expect(khmer.body).toEqual({ agreed: [{ clauseId: ids[2], status: 'agreed' }], refused: [] })
  })

  it('agrees the clauses named, each for the member’s party, and answers each refusal with the server’s reason', async () => {
    const [open, draft, bracketed, done] = [ids[4]!, ids[5]!, ids[6]!, ids[0]!]
    await setStatus(server, n.documentId, open, n.secretariat.token, 'under-negotiation')
    await setStatus(server, n.documentId, bracketed, n.secretariat.token, 'under-negotiation')
    const editor = connectClient(server.collabUrl, n.documentId, n.thai.token)
    await editor.synced()
    clauseTexts(clauseById(editor.fragment, bracketed))[0]!.insert(0, 'thirty', { bracket: { id: 'br-days', owner: 'TH', alt: 0 } })
    await eventually(async () => {
      const view = (await server.request('GET', `/api/documents/${n.documentId}/content`, { token: n.thai.token })).body
      expect(view.clauses.find((clause: { id: string }) => clause.id === bracketed).brackets).toHaveLength(1)
    })
    editor.destroy()

    const answer = await server.request('POST', agreePath(n.documentId), { token: n.khmer.token, body: { clauseIds: [draft, open, 'no-such-clause', bracketed, done] } })
    expect(answer.status, JSON.stringify(answer.body)).toBe(200)
    expect(answer.body).toEqual({
      agreed: [{ clauseId: open, status: 'agreed-ad-referendum' }],
      refused: [
        { clauseId: draft, code: 'conflict', reason: 'the clause is still a draft: start the negotiation first', words: { key: 'refusal.status.stillDraft', values: {} } },
        {
          clauseId: 'no-such-clause',
          code: 'not-found',
          reason: 'there is no clause no-such-clause in the document',
          words: { key: 'refusal.clause.notFound', values: { clause: 'no-such-clause' } },
        },
        {
          clauseId: bracketed,
          code: 'conflict',
          reason: 'the clause still holds 1 bracketed proposal; resolve them first',
          words: { key: 'refusal.status.openBrackets', values: { count: 1 } },
        },
        { clauseId: done, code: 'conflict', reason: 'the clause is already agreed', words: { key: 'refusal.status.alreadyAgreed', values: {} } },
      ],
    })
    const after = await statuses(n.documentId, n.thai.token)
    expect([after[open], after[draft], after[bracketed], after[done]]).toEqual(['agreed-ad-referendum', 'draft', 'under-negotiation', 'agreed'])
    // Only the agreement is in the audit trail; the refusals changed nothing.
    const last = (await auditOf(n.documentId, n.secretariat.token)).at(-1)!
    expect([last.event, last.clauseId, last.actor.memberId]).toEqual(['clause-agreed-ad-referendum', open, n.khmer.id])
  })
})

describe('agreeing several clauses of a text in several languages', () => {
  it('agrees only the clauses whose text is confirmed in every language, and says which languages the others wait for', async () => {
    const n = await negotiation(trilingualDocument)
    const [confirmed, unconfirmed] = (await content(n.documentId, n.thai.token)).clauses.map((clause) => clause.id)
    for (const id of [confirmed!, unconfirmed!]) await setStatus(server, n.documentId, id, n.secretariat.token, 'under-negotiation')
    for (const [lang, member] of [['th', n.thai], ['km', n.khmer]] as const) {
      const answer = await server.request('POST', `/api/documents/${n.documentId}/clauses/${confirmed}/translations/${lang}/confirm`, { token: member.token })
      expect(answer.status, JSON.stringify(answer.body)).toBe(201)
    }
    const answer = await server.request('POST', agreePath(n.documentId), { token: n.thai.token, body: { clauseIds: [confirmed, unconfirmed] } })
    expect(answer.body.agreed).toEqual([{ clauseId: confirmed, status: 'agreed-ad-referendum' }])
    expect(answer.body.refused).toEqual([
      {
        clauseId: unconfirmed,
        code: 'conflict',
        reason: `clause ${unconfirmed} cannot be agreed until its text in every language is confirmed: th and km`,
        words: { key: 'refusal.status.translationsOpen', values: { clause: unconfirmed, languages: ['th', 'km'] } },
      },
    ])
  })
})
