/**
 * Equally authentic texts: a document in English, Thai and Khmer holds a
 * text per language, each in its own fragment of one Y.Doc, aligned with
 * the working text clause by clause. Stock y-websocket clients type in any
 * language; structure follows the English, which the server mirrors into
 * every other text; locks hold in every language.
 */

import { beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { toYElement } from '../../server/mou/contentCodec.js'
import { mouSchema } from '../../server/vocabulary/schema.js'
import { clauseById, clauseElements, moveClause } from '../support/clauseEditing.js'
import { connectClient, type TestClient } from '../support/collabClient.js'
import { eventually } from '../support/eventually.js'
import { openEventStream } from '../support/eventStream.js'
import { useServer } from '../support/fixtures.js'
import { setStatus } from '../support/negotiation.js'
import { storedReplica } from '../support/replicas.js'
import { cambodianParty, thaiParty, trilingualDocument, type TestServer } from '../support/testServer.js'

const fixture = useServer()
let server: TestServer

type Member = { id: string; token: string }

interface Trilingual {
  documentId: string
  thai: Member
  khmer: Member
  clauseIds: string[]
}

async function trilingual(): Promise<Trilingual> {
  const { status, body } = await server.request('POST', '/api/documents', {
    body: trilingualDocument,
  })
  expect(status).toBe(201)
  const thai = await server.addMember(body.id, 'delegate', 'TH', 'Khun Somchai')
  const khmer = await server.addMember(body.id, 'delegate', 'KH', 'Lok Sokha')
  const content = await server.request('GET', `/api/documents/${body.id}/content`, { token: thai.token })
  return { documentId: body.id, thai, khmer, clauseIds: content.body.clauses.map((clause: { id: string }) => clause.id) }
}

const idsIn = (doc: Y.Doc, fragment: string) => clauseElements(doc.getXmlFragment(fragment)).map((clause) => clause.getAttribute('id'))
/** The text of every text block of clause `id` in `fragment`, in order. */
const blocksOf = (doc: Y.Doc, fragment: string, id: string): string[] => {
  const texts: string[] = []
  const walk = (element: Y.XmlElement) => {
    for (const child of element.toArray()) {
      if (child instanceof Y.XmlElement) {
        if (['paragraph', 'sub_paragraph', 'clause_heading'].includes(child.nodeName)) texts.push(child.toArray().map((part) => (part instanceof Y.XmlText ? part.toString() : '')).join(''))
        else walk(child)
      }
    }
  }
  walk(clauseById(doc.getXmlFragment(fragment), id))
  return texts
}
const shapeOf = (doc: Y.Doc, fragment: string, id: string): string[] => {
  const kinds: string[] = []
  const walk = (element: Y.XmlElement) => {
    for (const child of element.toArray()) if (child instanceof Y.XmlElement) kinds.push(child.nodeName) && walk(child)
  }
  walk(clauseById(doc.getXmlFragment(fragment), id))
  return kinds
}

/** How many times `words` stand in `text`. */
const occurrences = (text: string, words: string): number => text.split(words).length - 1

/** Types `text` at the start of the first paragraph of clause `id` in `fragment`. */
function typeInto(client: TestClient, fragment: string, id: string, text: string): void {
  const clause = clauseById(client.doc.getXmlFragment(fragment), id)
  const walk = (element: Y.XmlElement): Y.XmlElement | null => {
    for (const child of element.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue
      if (child.nodeName === 'paragraph') return child
      const found = walk(child)
      if (found) return found
    }
    return null
  }
  const paragraph = walk(clause)!
  client.doc.transact(() => {
    const first = paragraph.get(0)
    if (first instanceof Y.XmlText) first.insert(0, text)
    else paragraph.insert(0, [new Y.XmlText(text)])
  })
}

/** Removes every word of clause `id` in `fragment` (heading included). */
function clearClause(client: TestClient, fragment: string, id: string): void {
  const texts: Y.XmlText[] = []
  const walk = (element: Y.XmlElement) => {
    for (const child of element.toArray()) {
      if (child instanceof Y.XmlText) texts.push(child)
      else if (child instanceof Y.XmlElement) walk(child)
    }
  }
  walk(clauseById(client.doc.getXmlFragment(fragment), id))
  client.doc.transact(() => {
    for (const text of texts) text.delete(0, text.length)
  })
}

/** Makes sure clause `id` has words in Thai and Khmer, typed by each party's delegate where it has none. */
async function writeTranslations(negotiation: Trilingual, id: string): Promise<void> {
  const { documentId, thai, khmer } = negotiation
  for (const [member, fragment, words] of [
    [thai, 'prosemirror:th', 'ผู้เข้าร่วมทั้งสองฝ่าย '],
    [khmer, 'prosemirror:km', 'ភាគីទាំងពីរ '],
  ] as const) {
    const client = connectClient(server.collabUrl, documentId, member.token)
    // A second connection sees the words once the server has applied them to the document it reads from: stored
    // first (durable before broadcast), applied after — a confirmation in between would confirm the text before them.
    const observer = connectClient(server.collabUrl, documentId, member.token)
    await Promise.all([client.synced(), observer.synced()])
    // Counted, not looked for: a translation may hold these words already ("ភាគីទាំងពីរ", both parties), and a
    // wait for words already there ended at once — the confirmation then raced the typing (a stale one on CI).
    const typed = (doc: Y.Doc) => occurrences(blocksOf(doc, fragment, id).join('\n'), words)
    const before = typed(client.doc)
    typeInto(client, fragment, id, words)
    await eventually(async () => expect(typed(await storedReplica(fixture.database, documentId))).toBe(before + 1))
    await eventually(() => expect(typed(observer.doc)).toBe(before + 1))
    client.destroy()
    observer.destroy()
  }
}

/** Writes (where needed) and confirms clause `id` in Thai (by the Thai delegate) and Khmer (by the Cambodian one). */
async function translateAndConfirm(negotiation: Trilingual, id: string): Promise<void> {
  await writeTranslations(negotiation, id)
  for (const [lang, member] of [['th', negotiation.thai], ['km', negotiation.khmer]] as const) {
    const confirmed = await server.request('POST', `/api/documents/${negotiation.documentId}/clauses/${id}/translations/${lang}/confirm`, { token: member.token })
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(201)
  }
}

beforeAll(() => {
  server = fixture.server
})

describe('a document in three languages', () => {
  it('lists its languages and each party its own, and holds a text per language with the same clauses', async () => {
    const { documentId, thai, clauseIds } = await trilingual()
    const { body } = await server.request('GET', `/api/documents/${documentId}`, { token: thai.token })
    expect(body.languages).toEqual({ working: 'en', others: ['th', 'km'] })
    expect(body.parties.map((party: { code: string; language: string }) => [party.code, party.language])).toEqual([
      ['TH', 'th'],
      ['KH', 'km'],
    ])
    const stored = await storedReplica(fixture.database, documentId)
    expect(idsIn(stored, 'prosemirror:th')).toEqual(clauseIds)
    expect(idsIn(stored, 'prosemirror:km')).toEqual(clauseIds)
    for (const id of clauseIds) expect(shapeOf(stored, 'prosemirror:th', id)).toEqual(shapeOf(stored, 'prosemirror', id))
  })

  it('is created as before without languages: English alone, no other text', async () => {
    const documentId = await server.draftDocument('anti-trafficking-mou')
    const { body } = await server.request('GET', `/api/documents/${documentId}`, { token: server.adminToken })
    expect(body.languages).toEqual({ working: 'en', others: [] })
    expect([...(await storedReplica(fixture.database, documentId)).share.keys()]).toEqual(['prosemirror'])
  })

  it('refuses languages named twice, and a party language the document does not have', async () => {
    const twice = await server.request('POST', '/api/documents', {
      body: { template: 'anti-trafficking-mou', languages: { working: 'en', others: ['th', 'th'] }, parties: [thaiParty, cambodianParty] },
    })
    expect([twice.status, twice.body.error.message]).toEqual([400, 'field "languages" names "th" twice; each language has one text'])
    const foreign = await server.request('POST', '/api/documents', {
      body: { template: 'anti-trafficking-mou', languages: { working: 'en', others: ['th'] }, parties: [{ ...thaiParty, language: 'th' }, { ...cambodianParty, language: 'km' }] },
    })
    expect([foreign.status, foreign.body.error.message]).toEqual([400, 'the language of party KH must be one of the document\'s (en, th) (got "km")'])
    const malformed = await server.request('POST', '/api/documents', {
      body: { template: 'anti-trafficking-mou', languages: { working: 'en', others: ['Thai'] }, parties: [thaiParty, cambodianParty] },
    })
    expect(malformed.status).toBe(400)
    expect(malformed.body.error.message).toMatch(/^field "languages.others\[0\]" must be a BCP 47 language tag/)
  })

  it('lets two stock clients type Thai and English into the same clause at once, and both converge and are stored', async () => {
    const { documentId, thai, khmer, clauseIds } = await trilingual()
    const [thaiClient, khmerClient] = [connectClient(server.collabUrl, documentId, thai.token), connectClient(server.collabUrl, documentId, khmer.token)]
    await Promise.all([thaiClient.synced(), khmerClient.synced()])
    const id = clauseIds[1]!
    typeInto(thaiClient, 'prosemirror:th', id, 'ผู้เข้าร่วม ')
    typeInto(khmerClient, 'prosemirror', id, 'Both ')
    await eventually(async () => {
      const stored = await storedReplica(fixture.database, documentId)
      expect(blocksOf(stored, 'prosemirror:th', id).join('|')).toContain('ผู้เข้าร่วม ')
      expect(blocksOf(stored, 'prosemirror', id).join('|')).toContain('Both ')
      expect(blocksOf(thaiClient.doc, 'prosemirror', id)).toEqual(blocksOf(khmerClient.doc, 'prosemirror', id))
      expect(blocksOf(thaiClient.doc, 'prosemirror:th', id)).toEqual(blocksOf(khmerClient.doc, 'prosemirror:th', id))
    })
    expect([thaiClient.closes, khmerClient.closes]).toEqual([[], []])
    thaiClient.destroy()
    khmerClient.destroy()
  })

  it('mirrors the English structure into every language: a clause inserted appears untranslated with its id, a moved one moves, a deleted one goes', async () => {
    const { documentId, thai, clauseIds } = await trilingual()
    const client = connectClient(server.collabUrl, documentId, thai.token)
    await client.synced()
    const fragment = client.doc.getXmlFragment('prosemirror')
    const inserted = mouSchema.node('clause', { id: 'cl_inserted01' }, [
      mouSchema.node('clause_heading', null, [mouSchema.text('Review')]),
      mouSchema.node('paragraph', null, [mouSchema.text('The Participants will review this Memorandum.')]),
    ])
    client.doc.transact(() => fragment.insert(fragment.toArray().indexOf(clauseById(fragment, clauseIds[2]!)), [toYElement(inserted)]))
    const expected = [clauseIds[0], clauseIds[1], 'cl_inserted01', ...clauseIds.slice(2)]
    await eventually(async () => {
      const stored = await storedReplica(fixture.database, documentId)
      expect(idsIn(stored, 'prosemirror:th')).toEqual(expected)
      expect(idsIn(stored, 'prosemirror:km')).toEqual(expected)
      expect(blocksOf(stored, 'prosemirror:th', 'cl_inserted01')).toEqual(['', ''])
    })

    moveClause(client.doc, clauseIds[0]!, clauseIds[3]!)
    client.doc.transact(() => fragment.delete(fragment.toArray().indexOf(clauseById(fragment, clauseIds[5]!)), 1))
    await eventually(async () => {
      const stored = await storedReplica(fixture.database, documentId)
      expect(idsIn(stored, 'prosemirror:th')).toEqual(idsIn(stored, 'prosemirror'))
      expect(idsIn(stored, 'prosemirror:km')).toEqual(idsIn(stored, 'prosemirror'))
      expect(idsIn(stored, 'prosemirror').indexOf(clauseIds[0]!)).toBe(idsIn(stored, 'prosemirror').indexOf(clauseIds[3]!) + 1)
      expect(idsIn(stored, 'prosemirror')).not.toContain(clauseIds[5])
    })
    expect(client.closes).toEqual([])
    client.destroy()
  })

  it('brings back every language text on restore, and keeps them aligned with the restored English', async () => {
    const { documentId, thai, clauseIds } = await trilingual()
    const secretariat = await server.addMember(documentId, 'secretariat', null, 'Joint Secretariat')
    const client = connectClient(server.collabUrl, documentId, thai.token)
    await client.synced()
    typeInto(client, 'prosemirror:th', clauseIds[2]!, 'ฉบับแรก ')
    await eventually(async () => expect(blocksOf(await storedReplica(fixture.database, documentId), 'prosemirror:th', clauseIds[2]!).join('')).toContain('ฉบับแรก '))
    const first = (await server.request('POST', `/api/documents/${documentId}/revisions`, { token: secretariat.token, body: { label: 'First' } })).body.seq
    const fragment = client.doc.getXmlFragment('prosemirror')
    client.doc.transact(() => fragment.delete(fragment.toArray().indexOf(clauseById(fragment, clauseIds[2]!)), 1))
    typeInto(client, 'prosemirror:th', clauseIds[1]!, 'ฉบับหลัง ')
    await eventually(async () => expect(idsIn(await storedReplica(fixture.database, documentId), 'prosemirror:th')).not.toContain(clauseIds[2]))
    client.destroy()
    expect((await server.request('POST', `/api/documents/${documentId}/revisions/${first}/restore`, { token: secretariat.token })).status).toBe(201)
    const stored = await storedReplica(fixture.database, documentId)
    expect(idsIn(stored, 'prosemirror:th')).toEqual(clauseIds)
    expect(idsIn(stored, 'prosemirror:km')).toEqual(clauseIds)
    expect(blocksOf(stored, 'prosemirror:th', clauseIds[2]!).join('')).toContain('ฉบับแรก ')
    expect(blocksOf(stored, 'prosemirror:th', clauseIds[1]!).join('')).not.toContain('ฉบับหลัง ')
  })

  it('refuses a client that changes the structure of a language text (4403), and keeps the English', async () => {
    const { documentId, thai, clauseIds } = await trilingual()
    const client = connectClient(server.collabUrl, documentId, thai.token)
    await client.synced()
    const translation = client.doc.getXmlFragment('prosemirror:th')
    client.doc.transact(() => translation.delete(translation.toArray().indexOf(clauseById(translation, clauseIds[4]!)), 1))
    const close = await client.closed()
    expect(close.code).toBe(4403)
    expect(close.reason).toMatch(/^the text "prosemirror:th" follows the working text's structure/)
    expect(idsIn(await storedReplica(fixture.database, documentId), 'prosemirror:th')).toEqual(clauseIds)
    client.destroy()
  })

  it("locks an agreed clause in every language: a stock client's edit to its Thai text is refused (4409) and stored nowhere", async () => {
    const negotiation = await trilingual()
    const { documentId, thai, khmer, clauseIds } = negotiation
    const id = clauseIds[3]!
    await translateAndConfirm(negotiation, id)
    await setStatus(server, documentId, id, thai.token, 'under-negotiation')
    await setStatus(server, documentId, id, khmer.token, 'agreed-ad-referendum', 'SK')
    const client = connectClient(server.collabUrl, documentId, thai.token)
    await client.synced()
    const before = blocksOf(client.doc, 'prosemirror:th', id)
    typeInto(client, 'prosemirror:th', id, 'แก้ไข ')
    expect((await client.closed()).code).toBe(4409)
    expect(blocksOf(await storedReplica(fixture.database, documentId), 'prosemirror:th', id)).toEqual(before)
    client.destroy()
  })
})

describe('comments in a language text', () => {
  it('anchors a thread to Thai words, quotes them, and follows them as the Thai text changes', async () => {
    const { documentId, thai, clauseIds } = await trilingual()
    const client = connectClient(server.collabUrl, documentId, thai.token)
    await client.synced()
    typeInto(client, 'prosemirror:th', clauseIds[1]!, 'ถ้อยคำที่ต้องหารือ ')
    await eventually(async () => expect(blocksOf(await storedReplica(fixture.database, documentId), 'prosemirror:th', clauseIds[1]!).join('')).toContain('ถ้อยคำที่ต้องหารือ '))
    const text = (() => {
      const walk = (element: Y.XmlElement): Y.XmlText | null => {
        for (const child of element.toArray()) {
          if (child instanceof Y.XmlText && child.toString().startsWith('ถ้อยคำ')) return child
          if (child instanceof Y.XmlElement) {
            const found = walk(child)
            if (found) return found
          }
        }
        return null
      }
      return walk(clauseById(client.doc.getXmlFragment('prosemirror:th'), clauseIds[1]!))!
    })()
    const from = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, 0))
    const to = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, 'ถ้อยคำที่ต้องหารือ'.length, -1))
    const opened = await server.request('POST', `/api/documents/${documentId}/comments`, { token: thai.token, body: { from, to, body: 'ควรใช้ถ้อยคำนี้หรือไม่' } })
    expect([opened.status, opened.body.thread.quote, opened.body.thread.clauseId]).toEqual([201, 'ถ้อยคำที่ต้องหารือ', clauseIds[1]])
    client.doc.transact(() => text.insert(0, 'คำนำ '))
    await eventually(async () => {
      const { body } = await server.request('GET', `/api/documents/${documentId}/comments`, { token: thai.token })
      expect([body.threads[0].state, body.threads[0].text]).toEqual(['anchored', 'ถ้อยคำที่ต้องหารือ'])
    })
    client.destroy()
  })
})

describe('translation status', () => {
  const statusOf = async (negotiation: Trilingual, clauseId: string) => {
    const { body } = await server.request('GET', `/api/documents/${negotiation.documentId}/translations`, { token: negotiation.thai.token })
    return Object.fromEntries(
      (body.translations as { clauseId: string; lang: string; status: string }[]).filter((entry) => entry.clauseId === clauseId).map((entry) => [entry.lang, entry.status]),
    )
  }

  it('answers one entry per clause and other language: written texts are drafts, empty ones missing', async () => {
    const negotiation = await trilingual()
    const { body } = await server.request('GET', `/api/documents/${negotiation.documentId}/translations`, { token: negotiation.khmer.token })
    expect(body.translations).toHaveLength(negotiation.clauseIds.length * 2)
    expect(body.translations[0]).toEqual({ clauseId: negotiation.clauseIds[0], lang: 'th', status: expect.stringMatching(/^(draft|missing)$/), confirmedBy: null, confirmedAt: null, workingChange: null })
    const client = connectClient(server.collabUrl, negotiation.documentId, negotiation.khmer.token)
    await client.synced()
    const id = negotiation.clauseIds[2]!
    clearClause(client, 'prosemirror:km', id)
    await eventually(async () => expect((await statusOf(negotiation, id)).km).toBe('missing'))
    typeInto(client, 'prosemirror:km', id, 'ភាគីទាំងពីរ ')
    await eventually(async () => expect((await statusOf(negotiation, id)).km).toBe('draft'))
    client.destroy()
  })

  it('confirms, goes stale when the English changes (showing what changed), and is confirmed again', async () => {
    const negotiation = await trilingual()
    const { documentId, thai, khmer, clauseIds } = negotiation
    const id = clauseIds[1]!
    await translateAndConfirm(negotiation, id)
    expect(await statusOf(negotiation, id)).toEqual({ th: 'confirmed', km: 'confirmed' })
    const client = connectClient(server.collabUrl, documentId, khmer.token)
    await client.synced()
    typeInto(client, 'prosemirror', id, 'Notwithstanding ')
    await eventually(async () => expect(await statusOf(negotiation, id)).toEqual({ th: 'stale', km: 'stale' }))
    const { body } = await server.request('GET', `/api/documents/${documentId}/translations`, { token: thai.token })
    const stale = body.translations.find((entry: { clauseId: string; lang: string }) => entry.clauseId === id && entry.lang === 'th')
    expect(stale.confirmedBy).toEqual({ memberId: thai.id, name: 'Khun Somchai', party: 'TH' })
    expect(stale.workingChange.filter((run: { op: string }) => run.op !== 'equal')).toEqual([{ op: 'insert', text: 'Notwithstanding ' }])
    // The other party's pages hear of the confirmation (it changes no text) as it happens.
    const stream = await openEventStream(server.url, documentId, khmer.token)
    const again = await server.request('POST', `/api/documents/${documentId}/clauses/${id}/translations/th/confirm`, { token: thai.token })
    expect([again.status, again.body.translation.status]).toEqual([201, 'confirmed'])
    await stream.waitFor('change', { kind: 'translations' })
    stream.close()
    expect(await statusOf(negotiation, id)).toEqual({ th: 'confirmed', km: 'stale' })
    // The translation changing also makes its confirmation stale.
    typeInto(client, 'prosemirror:th', id, 'ทั้งนี้ ')
    await eventually(async () => expect((await statusOf(negotiation, id)).th).toBe('stale'))
    client.destroy()
  })

  it('is confirmed only by a delegate of the party whose language it is (403 otherwise), in the audit trail and an append-only log', async () => {
    const negotiation = await trilingual()
    const { documentId, thai, khmer, clauseIds } = negotiation
    const id = clauseIds[0]!
    await writeTranslations(negotiation, id)
    const secretariat = await server.addMember(documentId, 'secretariat', null, 'Joint Secretariat')
    const observer = await server.addMember(documentId, 'observer', null, 'Observer')
    const thaiLegal = await server.addMember(documentId, 'legal', 'TH', 'Khun Legal')
    const confirm = (lang: string, token: string) => server.request('POST', `/api/documents/${documentId}/clauses/${id}/translations/${lang}/confirm`, { token })
    for (const token of [khmer.token, secretariat.token, observer.token, thaiLegal.token, server.adminToken]) {
      const refused = await confirm('th', token)
      expect([refused.status, refused.body.error.message]).toEqual([403, 'a translation into th is confirmed by a delegate of TH'])
    }
    expect((await confirm('km', thai.token)).status).toBe(403)
    expect((await confirm('fr', thai.token)).status).toBe(404)
    expect((await server.request('POST', `/api/documents/${documentId}/clauses/cl_nothere/translations/th/confirm`, { token: thai.token })).status).toBe(404)
    expect((await confirm('th', thai.token)).status).toBe(201)
    const audit = await server.request('GET', `/api/documents/${documentId}/audit`, { token: secretariat.token })
    expect(audit.body.entries.filter((entry: { event: string }) => entry.event === 'translation-confirmed')).toEqual([
      expect.objectContaining({ clauseId: id, details: { lang: 'th' }, actor: { kind: 'member', memberId: thai.id, party: 'TH' } }),
    ])
    await expect(fixture.database.query("UPDATE translation_confirmations SET lang = 'km' WHERE document_id = $1", [documentId])).rejects.toThrow(/append-only/)
    await expect(fixture.database.query('DELETE FROM translation_confirmations WHERE document_id = $1', [documentId])).rejects.toThrow(/append-only/)
  })

  it('refuses agreement (409) while a language is missing, draft or stale, naming them; agreement follows confirmation', async () => {
    const negotiation = await trilingual()
    const { documentId, thai, khmer, clauseIds } = negotiation
    const id = clauseIds[5]!
    await setStatus(server, documentId, id, thai.token, 'under-negotiation')
    const agree = () => server.request('POST', `/api/documents/${documentId}/clauses/${id}/status`, { token: khmer.token, body: { status: 'agreed-ad-referendum', initials: 'SK' } })
    const refused = await agree()
    expect(refused.status).toBe(409)
    expect(refused.body.error).toMatchObject({
      message: `clause ${id} cannot be agreed until its text in every language is confirmed: th and km`,
      words: { key: 'refusal.status.translationsOpen', values: { clause: id, languages: ['th', 'km'] } },
    })
    await translateAndConfirm(negotiation, id)
    expect((await agree()).status).toBe(200)
  })

  it('refuses a signing copy (409) while any text is not confirmed', async () => {
    const negotiation = await trilingual()
    const { documentId, thai, khmer, clauseIds } = negotiation
    const secretariat = await server.addMember(documentId, 'secretariat', null, 'Joint Secretariat')
    for (const id of clauseIds) await translateAndConfirm(negotiation, id)
    // Every text confirmed before anything is agreed (when this failed on CI, the agreement was refused for one
    // Khmer text: this tells whether the confirmation was already stale, and why).
    const listed = await server.request('GET', `/api/documents/${documentId}/translations`, { token: thai.token })
    const unconfirmed = listed.body.translations.filter((entry: { status: string }) => entry.status !== 'confirmed') as { clauseId: string; lang: string }[]
    if (unconfirmed.length > 0) {
      // What is stored of each such clause, to compare with what was typed and confirmed.
      const stored = await storedReplica(fixture.database, documentId)
      const texts = unconfirmed.map(({ clauseId, lang }) => ({ clauseId, working: blocksOf(stored, 'prosemirror', clauseId), translation: blocksOf(stored, `prosemirror:${lang}`, clauseId) }))
      expect({ unconfirmed, texts }).toEqual({ unconfirmed: [], texts: [] })
    }
    // Every clause, and the title, the preamble and the final provisions.
    for (const id of [...clauseIds, 'title', 'preamble', 'final-provisions']) {
      await setStatus(server, documentId, id, thai.token, 'under-negotiation')
      await setStatus(server, documentId, id, khmer.token, 'agreed-ad-referendum', 'SK')
      await setStatus(server, documentId, id, thai.token, 'agreed', 'ST')
    }
    const agreed = await server.request('POST', `/api/documents/${documentId}/revisions`, { token: secretariat.token, body: { label: 'Agreed' } })
    const exported = await fetch(`${server.url}/api/documents/${documentId}/revisions/${agreed.body.seq}/export.docx?counterpart=TH`, { headers: { authorization: `Bearer ${secretariat.token}` } })
    expect(exported.status).toBe(200)

    const other = await trilingual()
    const seq = (await server.request('POST', `/api/documents/${other.documentId}/revisions`, { body: { label: 'Draft' } })).body.seq
    const otherSecretariat = await server.addMember(other.documentId, 'secretariat', null, 'Joint Secretariat')
    const refused = await server.request('GET', `/api/documents/${other.documentId}/revisions/${seq}/export.docx?counterpart=TH`, { token: otherSecretariat.token })
    expect(refused.status).toBe(409)
    expect(refused.body.error.message).toMatch(new RegExp(`^revision ${seq} is not ready for signature: not every text is confirmed: clause ${other.clauseIds[0]} in th \\((draft|missing)\\)`))
  })
})

describe('compare and wording check in each language', () => {
  it('compares the Thai text with Thai numbers, each change attributed to the party that made it; DOCX too; the Thai wording check; unknown languages refused', async () => {
    const negotiation = await trilingual()
    const { documentId, thai, khmer, clauseIds } = negotiation
    const secretariat = await server.addMember(documentId, 'secretariat', null, 'Joint Secretariat')
    const before = (await server.request('POST', `/api/documents/${documentId}/revisions`, { token: secretariat.token, body: { label: 'Before' } })).body.seq
    const [thaiClient, khmerClient] = [connectClient(server.collabUrl, documentId, thai.token), connectClient(server.collabUrl, documentId, khmer.token)]
    await Promise.all([thaiClient.synced(), khmerClient.synced()])
    typeInto(thaiClient, 'prosemirror:th', clauseIds[1]!, 'ถ้อยคำไทย ')
    typeInto(khmerClient, 'prosemirror:th', clauseIds[2]!, 'ถ้อยคำกัมพูชา ')
    await eventually(async () => {
      const stored = await storedReplica(fixture.database, documentId)
      expect(blocksOf(stored, 'prosemirror:th', clauseIds[2]!).join('')).toContain('ถ้อยคำกัมพูชา ')
      expect(blocksOf(stored, 'prosemirror:th', clauseIds[1]!).join('')).toContain('ถ้อยคำไทย ')
    })
    const { status, body } = await server.request('GET', `/api/documents/${documentId}/compare?from=${before}&lang=th`, { token: secretariat.token })
    expect([status, body.lang]).toEqual([200, 'th'])
    const modified = body.clauses.filter((clause: { change: string }) => clause.change === 'modified')
    expect(modified.map((clause: { id: string; to: { label: string } }) => [clause.id, clause.to.label])).toEqual([
      [clauseIds[1], 'ข้อ ๒'],
      [clauseIds[2], 'ข้อ ๓'],
    ])
    const insertions = modified.map((clause: { diff: { op: string; text: string; author: { party: string } }[] }) =>
      clause.diff.filter((run) => run.op === 'insert').map((run) => [run.text, run.author.party]),
    )
    expect(insertions).toEqual([[['ถ้อยคำไทย ', 'TH']], [['ถ้อยคำกัมพูชา ', 'KH']]])
    const english = await server.request('GET', `/api/documents/${documentId}/compare?from=${before}`, { token: secretariat.token })
    expect([english.body.lang, english.body.summary.modified]).toEqual(['en', 0])
    const docx = await fetch(`${server.url}/api/documents/${documentId}/compare.docx?from=${before}&lang=th`, { headers: { authorization: `Bearer ${secretariat.token}` } })
    expect([docx.status, docx.headers.get('content-disposition')]).toEqual([200, `attachment; filename="redline-${documentId.slice(0, 8)}-${before}-to-live-th.docx"`])
    expect((await server.request('GET', `/api/documents/${documentId}/compare?from=${before}&lang=fr`, { token: secretariat.token })).status).toBe(404)
    expect((await server.request('GET', `/api/documents/${documentId}/compare?from=${before}&lang=Thai!`, { token: secretariat.token })).status).toBe(400)
    typeInto(thaiClient, 'prosemirror:th', clauseIds[1]!, 'จะต้อง')
    await eventually(async () => {
      const wording = await server.request('GET', `/api/documents/${documentId}/wording-check?lang=th`, { token: secretariat.token })
      expect([wording.body.lang, wording.body.rules]).toEqual(['th', true])
      expect(wording.body.findings).toContainEqual(expect.objectContaining({ clauseId: clauseIds[1], label: 'ข้อ ๒', text: 'จะต้อง', suggestion: 'จะ' }))
    })
    const attribution = await server.request('GET', `/api/documents/${documentId}/attribution?lang=km`, { token: secretariat.token })
    expect(attribution.body.clauses[2].label).toBe('ប្រការ ៣')
    thaiClient.destroy()
    khmerClient.destroy()
  })
})
