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
import { useServer } from '../support/fixtures.js'
import { setStatus } from '../support/negotiation.js'
import { storedReplica } from '../support/replicas.js'
import { cambodianParty, thaiParty, type TestServer } from '../support/testServer.js'

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
    body: {
      template: 'anti-trafficking-mou',
      style: 'mou',
      languages: { working: 'en', others: ['th', 'km'] },
      parties: [
        { ...thaiParty, language: 'th' },
        { ...cambodianParty, language: 'km' },
      ],
    },
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
    const { documentId, thai, khmer, clauseIds } = await trilingual()
    const id = clauseIds[3]!
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
