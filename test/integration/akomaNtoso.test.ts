/**
 * Akoma Ntoso against a real server and database: the starter MOU in
 * English, Thai and Khmer, negotiated through a round — a bracket with each
 * party's alternative typed by stock clients, a clause agreed by both, the
 * template's references between clauses — exported at the round's opening
 * and closing revisions, after a clause moved, and live. Each expression is
 * well-formed for libxml2 (`xmllint --noout`) and what AKN 3.0 requires
 * (`aknProblems`); eIds are the same in every language and in every
 * revision; one language's file is the zip's entry for it, byte for byte;
 * the zip reads back to the document's clauses; bad requests are refused.
 */

import { beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readZip } from '../../server/export/zipArchive.js'
import { clauseEId } from '../../server/export/akomaNtosoNames.js'
import { readAkomaNtoso } from '../../server/import/akomaNtoso.js'
import { akomaNtosoFiles } from '../../server/import/akomaNtosoFile.js'
import { aknProblems, allOf, elementsOf, firstOf, parseAkn, xmllintProblems } from '../support/akomaNtosoChecks.js'
import { clauseById, clauseTexts, moveClause } from '../support/clauseEditing.js'
import { connectClient, type TestClient } from '../support/collabClient.js'
import { eventually } from '../support/eventually.js'
import { useServer } from '../support/fixtures.js'
import { setStatus } from '../support/negotiation.js'
import { trilingualDocument, type TestServer } from '../support/testServer.js'

const fixture = useServer({ unloadDelayMs: 600_000 })
let server: TestServer

const languages = ['en', 'th', 'km'] as const
let documentId: string
let clauseIds: string[]
let observer: { id: string; token: string }
/** The revisions the round recorded as it opened and closed, and one after a clause moved. */
let opening: number
let closing: number
let moved: number

async function download(path: string, token = observer.token): Promise<{ status: number; type: string | null; sha256: string | null; bytes: Uint8Array; text: string }> {
  const response = await fetch(`${server.url}/api/documents/${documentId}${path}`, { headers: { authorization: `Bearer ${token}` } })
  const bytes = new Uint8Array(await response.arrayBuffer())
  return { status: response.status, type: response.headers.get('content-type'), sha256: response.headers.get('x-content-sha256'), bytes, text: new TextDecoder().decode(bytes) }
}

/** The expression of revision `seq` (or live) in `lang`, checked to come back 200. */
async function expression(seq: number | 'live', lang: string): Promise<string> {
  const answer = await download(`/revisions/${seq}/export.akn?lang=${lang}`)
  expect([answer.status, answer.type], answer.text).toEqual([200, 'application/akn+xml'])
  return answer.text
}

/** Waits until the server's live document holds everything `client` wrote. */
async function flushed(client: TestClient): Promise<void> {
  await eventually(async () => expect(Y.encodeStateVector((await server.server.registry.peek(documentId))!.doc)).toEqual(Y.encodeStateVector(client.doc)))
}

const structuralEIds = (xml: string) => elementsOf(parseAkn(xml)).flatMap((element) => element.getAttribute('eId') ?? []).filter((eId) => !eId.includes('__bracket_'))
const clauseNums = (xml: string) => Object.fromEntries(Array.from(firstOf(parseAkn(xml), 'mainBody')!.childNodes).flatMap((node) => (node.nodeType === 1 ? [[(node as Element).getAttribute('eId'), (node as Element).getElementsByTagName('num')[0]!.textContent]] : [])))
type Element = import('@xmldom/xmldom').Element

beforeAll(async () => {
  server = fixture.server
  const created = await server.request('POST', '/api/documents', { body: trilingualDocument })
  expect(created.status, JSON.stringify(created.body)).toBe(201)
  documentId = created.body.id
  const thai = await server.addMember(documentId, 'delegate', 'TH', 'Khun Somchai')
  const khmer = await server.addMember(documentId, 'delegate', 'KH', 'Lok Sokha')
  const secretariat = await server.addMember(documentId, 'secretariat', null, 'Joint Secretariat')
  observer = await server.addMember(documentId, 'observer', null, 'Observer')
  const { body: content } = await server.request('GET', `/api/documents/${documentId}/content`)
  clauseIds = content.clauses.map((clause: { id: string }) => clause.id)

  const rounds = `/api/documents/${documentId}/rounds`
  expect((await server.request('POST', rounds, { token: secretariat.token, body: { title: '9th Annual Meeting', place: 'Bangkok', startDate: '2027-03-01', endDate: '2027-03-03' } })).status).toBe(201)
  opening = (await server.request('POST', `${rounds}/1/open`, { token: secretariat.token })).body.openedRevision

  // In the round: a bracket with each party's alternative, a clause agreed by both.
  const thaiClient = connectClient(server.collabUrl, documentId, thai.token)
  const khmerClient = connectClient(server.collabUrl, documentId, khmer.token)
  await Promise.all([thaiClient.synced(), khmerClient.synced()])
  clauseTexts(clauseById(thaiClient.fragment, clauseIds[6]!))[0]!.insert(0, 'within thirty days', { bracket: { id: 'br-days', owner: 'TH', alt: 0 } })
  await flushed(thaiClient)
  await eventually(() => expect(Y.encodeStateVector(khmerClient.doc)).toEqual(Y.encodeStateVector(thaiClient.doc)))
  clauseTexts(clauseById(khmerClient.fragment, clauseIds[6]!))[0]!.insert('within thirty days'.length, 'within sixty days', { bracket: { id: 'br-days', owner: 'KH', alt: 1 } })
  await flushed(khmerClient)
  // A clause is agreed once its Thai and Khmer texts are confirmed, each by its party.
  for (const [lang, member] of [['th', thai], ['km', khmer]] as const) {
    expect((await server.request('POST', `/api/documents/${documentId}/clauses/${clauseIds[5]}/translations/${lang}/confirm`, { token: member.token })).status).toBe(201)
  }
  await setStatus(server, documentId, clauseIds[5]!, thai.token, 'under-negotiation')
  await setStatus(server, documentId, clauseIds[5]!, khmer.token, 'agreed-ad-referendum')
  await setStatus(server, documentId, clauseIds[5]!, thai.token, 'agreed')
  closing = (await server.request('POST', `${rounds}/1/close`, { token: secretariat.token })).body.closedRevision

  // After the round: the costs clause moves to the front; every language text follows.
  moveClause(thaiClient.doc, clauseIds[13]!, null)
  await flushed(thaiClient)
  for (const lang of ['th', 'km']) {
    await eventually(async () => {
      const { body } = await server.request('GET', `/api/documents/${documentId}/content?lang=${lang}`)
      expect(body.clauses[0].id).toBe(clauseIds[13])
    })
  }
  moved = (await server.request('POST', `/api/documents/${documentId}/revisions`, { token: thai.token, body: { label: 'Costs first' } })).body.seq
  thaiClient.destroy()
  khmerClient.destroy()
}, 120_000)

describe('a revision as Akoma Ntoso', () => {
  it('is, in every language, well-formed for libxml2 and what AKN 3.0 requires: parts in order, FRBR complete, eIds unique and well-formed, every reference resolving', async () => {
    for (const seq of [opening, closing, moved]) {
      for (const lang of languages) {
        const xml = await expression(seq, lang)
        expect([seq, lang, await xmllintProblems(xml)]).toEqual([seq, lang, ''])
        expect([seq, lang, aknProblems(xml)]).toEqual([seq, lang, []])
        // The template's references between clauses are refs to their eIds.
        expect(allOf(parseAkn(xml), 'ref').length).toBeGreaterThan(0)
      }
    }
  })

  it('shares its eIds between the languages, and keeps each clause’s eId from revision to revision while its number changes', async () => {
    const eIds = await Promise.all(languages.map(async (lang) => structuralEIds(await expression(closing, lang))))
    expect(eIds[1]).toEqual(eIds[0])
    expect(eIds[2]).toEqual(eIds[0])
    const before = clauseNums(await expression(closing, 'th'))
    const after = clauseNums(await expression(moved, 'th'))
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort())
    expect(Object.keys(before)).toEqual(clauseIds.map((id) => clauseEId('mou', id)))
    const costs = clauseEId('mou', clauseIds[13]!)
    expect([before[costs], after[costs]]).toEqual(['ข้อ ๑๔', 'ข้อ ๑'])
    expect(new Set(structuralEIds(await expression(moved, 'km')))).toEqual(new Set(eIds[2]))
  })

  it('carries the bracket’s alternatives, the second an alternative to the first, each its party’s', async () => {
    const root = parseAkn(await expression(closing, 'en'))
    const brackets = allOf(root, 'inline').filter((element) => element.getAttribute('name') === 'bracket')
    const eId = `${clauseEId('mou', clauseIds[6]!)}__bracket_br--days__alt_`
    expect(brackets.map((element) => [element.getAttribute('eId'), element.getAttribute('refersTo'), element.getAttribute('alternativeTo'), element.textContent])).toEqual([
      [`${eId}0`, '#party_TH', null, 'within thirty days'],
      [`${eId}1`, '#party_KH', `${eId}0`, 'within sixty days'],
    ])
  })

  it('records the round and the agreements in its workflow, as they stood at that revision', async () => {
    const steps = async (seq: number) =>
      allOf(parseAkn(await expression(seq, 'km')), 'step').map((step) => [step.getAttribute('by'), step.getAttribute('outcome'), step.getAttribute('refersTo') ?? step.getAttribute('href')])
    const agreed = `#${clauseEId('mou', clauseIds[5]!)}`
    expect(await steps(opening)).toEqual([['#secretariat', '#roundOpened', '#round_1']])
    expect(await steps(closing)).toEqual([
      ['#secretariat', '#roundOpened', '#round_1'],
      ['#party_KH', '#agreedAdReferendum', agreed],
      ['#party_TH', '#agreed', agreed],
      ['#secretariat', '#roundClosed', '#round_1'],
    ])
  })

  it('gives every language in a zip, each entry the same bytes as that language’s file, the same bytes each time', async () => {
    const zip = await download(`/revisions/${closing}/export.akn`)
    expect([zip.status, zip.type]).toEqual([200, 'application/zip'])
    const entries = readZip(zip.bytes)
    const prefix = `akn-${documentId.slice(0, 8)}-r${closing}-`
    expect(Object.keys(entries)).toEqual(['en', 'km', 'th'].map((lang) => `${prefix}${lang}.xml`))
    for (const lang of languages) {
      const single = await download(`/revisions/${closing}/export.akn?lang=${lang}`)
      expect(Buffer.from(entries[`${prefix}${lang}.xml`]!).equals(Buffer.from(single.bytes))).toBe(true)
    }
    const again = await download(`/revisions/${closing}/export.akn`, (await server.addMember(documentId, 'legal', 'KH', 'Another reader')).token)
    expect(Buffer.from(again.bytes).equals(Buffer.from(zip.bytes))).toBe(true)
    expect(zip.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(again.sha256).toBe(zip.sha256)
  })

  it('reads back, through the import’s reader, to the document’s clauses in every language', async () => {
    const zip = await download(`/revisions/${moved}/export.akn`)
    const { draft, clauses } = readAkomaNtoso(akomaNtosoFiles(zip.bytes, 'export.zip'))
    expect(draft.texts.map((text) => text.lang)).toEqual(['en', 'km', 'th'])
    const { body } = await server.request('GET', `/api/documents/${documentId}/content`)
    const order = body.clauses.map((clause: { id: string }) => clause.id)
    for (const text of clauses) expect(text.map((clause) => clause.clauseId)).toEqual(order)
    expect(draft.texts[0]!.clauses.map((clause) => clause.written)).toEqual(order.map((_: string, index: number) => String(index + 1)))
  })

  it('gives the live text too', async () => {
    const xml = await expression('live', 'en')
    expect(aknProblems(xml)).toEqual([])
    expect(firstOf(parseAkn(xml), 'FRBRversionNumber')!.getAttribute('value')).toBe('live')
  })

  it('refuses a revision or a language the document does not have, and a bad language or revision', async () => {
    const refused = async (path: string) => {
      const answer = await download(path)
      return [answer.status, JSON.parse(answer.text).error.message]
    }
    expect(await refused('/revisions/999/export.akn?lang=en')).toEqual([404, `document ${documentId} has no revision 999`])
    expect(await refused('/revisions/999/export.akn')).toEqual([404, `document ${documentId} has no revision 999`])
    expect(await refused(`/revisions/${closing}/export.akn?lang=fr`)).toEqual([404, `document ${documentId} has no text in "fr"; its languages are en, th, km`])
    expect(await refused(`/revisions/${closing}/export.akn?lang=x%20y`)).toEqual([400, 'parameter "lang" must be a BCP 47 language tag such as "th" or "km" (got "x y")'])
    expect(await refused('/revisions/first/export.akn')).toEqual([400, 'revision must be a whole number from 1 or "live" (got "first")'])
  })
})
