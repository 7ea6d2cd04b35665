/**
 * Redlines from a real server: stock y-websocket clients edit, the server
 * stores every update in PostgreSQL, and the redline of two revisions is
 * a DOCX Word accepts (check-docx), each tracked change dated with the
 * stored update that made it and credited to who made it — a resolved
 * bracket to the party that resolved it — changing whole words, and giving
 * back either revision, line by line, in every language.
 */

import { beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { minuteOf } from '../../server/revisions/loggedAuthorship.js'
import { docxProblems } from '../support/checkDocx.js'
import { clauseById, clauseElements, clauseTexts } from '../support/clauseEditing.js'
import { connectClient, type TestClient } from '../support/collabClient.js'
import { docxPart, parseParagraphs, resolveChanges } from '../support/docxText.js'
import { eventually, sleep } from '../support/eventually.js'
import { useServer } from '../support/fixtures.js'
import { renderWithLibreOffice } from '../support/libreOffice.js'
import { trilingualDocument, type TestServer } from '../support/testServer.js'

// Documents stay loaded for the whole file: an automatic checkpoint (recorded when a
// document unloads) would otherwise take revision numbers the tests count on.
const fixture = useServer({ unloadDelayMs: 600_000 })
let server: TestServer

type Member = { id: string; token: string }

const thaiAuthor = 'Thailand — DSI (Khun Somchai)'
const khmerAuthor = 'Cambodia — CNP (Lok Sokha)'

beforeAll(() => {
  server = fixture.server
})

/** Resolves once the server's live document holds everything `client` has, deletions included (so it is stored). */
async function flushed(documentId: string, client: TestClient): Promise<void> {
  await eventually(async () => {
    const live = await server.server.registry.peek(documentId)
    expect(Y.equalSnapshots(Y.snapshot(live!.doc), Y.snapshot(client.doc))).toBe(true)
  })
}

/** When the last update of the document was stored, as PostgreSQL recorded it. */
async function lastStored(documentId: string): Promise<Date> {
  const [row] = await fixture.database.query<{ created_at: Date }>('SELECT created_at FROM doc_updates WHERE document_id = $1 ORDER BY seq DESC LIMIT 1', [documentId])
  return new Date(row!.created_at)
}

/** Waits until the clock has passed into the minute after `time`'s. */
async function nextMinuteAfter(time: Date): Promise<void> {
  const next = (Math.floor(time.getTime() / 60_000) + 1) * 60_000
  await sleep(Math.max(0, next - Date.now()) + 250)
}

async function record(documentId: string, member: Member, label: string): Promise<number> {
  const { status, body } = await server.request('POST', `/api/documents/${documentId}/revisions`, { token: member.token, body: { label } })
  expect(status).toBe(201)
  return body.seq
}

async function download(path: string, token: string): Promise<Uint8Array> {
  const response = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } })
  expect(response.status).toBe(200)
  return new Uint8Array(await response.arrayBuffer())
}

/** Every tracked change of runs in a document part: kind, author, date and text. */
const trackedRuns = (xml: string) =>
  [...xml.matchAll(/<w:(ins|del) w:id="\d+" w:author="([^"]*)" w:date="([^"]*)">([\s\S]*?)<\/w:\1>/g)].map(([, kind, author, date, body]) => ({
    kind,
    author,
    date,
    text: [...body!.matchAll(/<w:(?:t|delText)(?: [^>]*)?>([^<]*)<\/w:(?:t|delText)>|<w:tab\/>/g)].map((match) => match[1] ?? '\t').join(''),
  }))

/** The lines of revision `seq` in `lang` as the API shows it, one per paragraph of a redline: clause labels, headings, numbers before a tab. */
async function revisionLines(documentId: string, seq: number, lang: string, token: string): Promise<string[]> {
  const { status, body } = await server.request('GET', `/api/documents/${documentId}/revisions/${seq}?lang=${lang}`, { token })
  expect(status).toBe(200)
  const { content } = body
  const numbered = (line: string) => line.replace(/^(\p{Nd}+\.|\([^()\s]{1,3}\)) /u, '$1\t')
  return [
    ...(content.title ? [content.title] : []),
    ...(content.preamble ? content.preamble.split('\n') : []),
    ...content.clauses.flatMap((clause: { label: string; text: string }) => [clause.label, ...clause.text.split('\n').map(numbered)]),
    ...(content.finalProvisions ? content.finalProvisions.split('\n') : []),
  ]
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' })

/** Where a compare's runs pass from kept to changed text, or between deletion and insertion, inside a word of either text: none. */
function splitWords(diff: { op: string; text: string }[]): string[] {
  const side = (skip: string) => diff.filter((run) => run.op !== skip).map((run) => run.text).join('')
  const inside = (text: string) => {
    const places = new Set<number>()
    for (const segment of segmenter.segment(text)) if (segment.isWordLike) for (let offset = 1; offset < segment.segment.length; offset++) places.add(segment.index + offset)
    return places
  }
  const [before, after] = [inside(side('insert')), inside(side('delete'))]
  const splits: string[] = []
  let [at, atAfter] = [0, 0]
  diff.forEach((run, index) => {
    const previous = diff[index - 1]
    if (previous && previous.op !== run.op && (before.has(at) || after.has(atAfter))) splits.push(`${previous.op} “${previous.text}” | ${run.op} “${run.text}”`)
    if (run.op !== 'insert') at += run.text.length
    if (run.op !== 'delete') atAfter += run.text.length
  })
  return splits
}

describe('a redline of a real negotiation', () => {
  it('dates each tracked change with the stored update that made it (to the minute, not the revision’s time) and credits a resolved bracket to the party that resolved it', async () => {
    const documentId = await server.draftDocument('anti-trafficking-mou')
    const secretariat = await server.addMember(documentId, 'secretariat', null, 'Joint Secretariat')
    const thai = await server.addMember(documentId, 'delegate', 'TH', 'Khun Somchai')
    const khmer = await server.addMember(documentId, 'delegate', 'KH', 'Lok Sokha')
    const thaiClient = connectClient(server.collabUrl, documentId, thai.token)
    const khmerClient = connectClient(server.collabUrl, documentId, khmer.token)
    await Promise.all([thaiClient.synced(), khmerClient.synced()])
    const ids = clauseElements(thaiClient.fragment).map((clause) => clause.getAttribute('id') as string)
    // A proposal Thailand brackets before the round: "[within thirty days]".
    clauseTexts(clauseById(thaiClient.fragment, ids[6]!))[1]!.insert(0, 'within thirty days ', { bracket: { id: 'br-days', owner: 'TH', alt: 0 } })
    await flushed(documentId, thaiClient)
    const before = await record(documentId, secretariat, 'Before the round')

    clauseTexts(clauseById(thaiClient.fragment, ids[3]!))[1]!.insert(0, 'THAI WORDING ')
    await flushed(documentId, thaiClient)
    const thaiTyped = await lastStored(documentId)
    // The next changes come a minute later, so that each change's date is its own.
    await nextMinuteAfter(thaiTyped)
    await eventually(() => expect(clauseTexts(clauseById(khmerClient.fragment, ids[3]!))[1]!.toString()).toMatch(/^THAI WORDING /))
    // Cambodia deletes a word: "the " in the longest run of text of another clause.
    const khmerTarget = clauseTexts(clauseById(khmerClient.fragment, ids[5]!)).reduce((longest, text) => (text.length > longest.length ? text : longest))
    const removed = 'the '
    khmerTarget.delete(khmerTarget.toString().indexOf(' the ') + 1, removed.length)
    await flushed(documentId, khmerClient)
    const khmerDeleted = await lastStored(documentId)
    // Cambodia accepts Thailand's proposal as it stands: the bracket goes, the words stay.
    const resolved = await server.request('POST', `/api/documents/${documentId}/brackets/br-days/resolve`, { token: khmer.token, body: { keep: 0 } })
    expect([resolved.status, resolved.body.resolved]).toEqual([200, true])
    const bracketResolved = await lastStored(documentId)
    const after = await record(documentId, secretariat, 'After the round')
    thaiClient.destroy()
    khmerClient.destroy()

    const bytes = await download(`/api/documents/${documentId}/compare.docx?from=${before}&to=${after}`, thai.token)
    expect(await docxProblems(bytes, 'redline.docx')).toEqual([])
    const xml = docxPart(bytes, 'word/document.xml')
    const runs = trackedRuns(xml)
    const changesOf = (text: string) => runs.filter((run) => run.text === text).map((run) => [run.kind, run.author, run.date])
    expect(changesOf('THAI WORDING ')).toEqual([['ins', thaiAuthor, minuteOf(thaiTyped)]])
    expect(changesOf(removed)).toEqual([['del', khmerAuthor, minuteOf(khmerDeleted)]])
    const brackets = runs.filter((run) => /[[\]]/.test(run.text))
    expect(brackets.map((run) => [run.kind, run.text, run.author, run.date])).toEqual([
      ['del', '[', khmerAuthor, minuteOf(bracketResolved)],
      ['del', ']', khmerAuthor, minuteOf(bracketResolved)],
    ])
    // Not the revision's time: Thailand's change is a minute older than the revision compared.
    const revision = await server.request('GET', `/api/documents/${documentId}/revisions/${after}`, { token: thai.token })
    expect(minuteOf(new Date(revision.body.createdAt))).not.toBe(minuteOf(thaiTyped))
    // The same dates in the JSON compare and on hover in the HTML one.
    const { body: compared } = await server.request('GET', `/api/documents/${documentId}/compare?from=${before}&to=${after}`, { token: thai.token })
    const jsonRuns = compared.clauses.flatMap((clause: { diff: { op: string; text: string; at?: string; author?: { name: string } }[] | null }) => clause.diff ?? [])
    expect(jsonRuns.filter((run: { text: string }) => run.text === 'THAI WORDING ').map((run: { at: string }) => run.at)).toEqual([minuteOf(thaiTyped)])
    const page = await (await fetch(`${server.url}/api/documents/${documentId}/compare?from=${before}&to=${after}&format=html`, { headers: { authorization: `Bearer ${thai.token}` } })).text()
    expect(page).toContain(`title="Inserted by Khun Somchai (TH) on ${minuteOf(thaiTyped).slice(0, 10)} ${minuteOf(thaiTyped).slice(11, 16)} UTC"`)
    expect(page).toContain(`Changes from revision ${before} “Before the round” (`)
    // The header names both revisions with their labels and dates, and the language.
    const header = docxPart(bytes, 'word/header1.xml')
    expect(header).toContain(`revision ${before} “Before the round”`)
    expect(header).toContain(`revision ${after} “After the round” (${minuteOf(new Date(revision.body.createdAt)).slice(0, 10)}`)
    expect(header).toContain('Text: English')
    expect(docxPart(bytes, 'word/settings.xml')).not.toMatch(/<w:trackRevisions/)
    // Accepting every change gives the later revision, rejecting every change the earlier one.
    expect(resolveChanges(xml, 'accept')).toEqual(await revisionLines(documentId, after, 'en', thai.token))
    expect(resolveChanges(xml, 'reject')).toEqual(await revisionLines(documentId, before, 'en', thai.token))
  }, 120_000)
})

describe('a redline in each language', () => {
  it('passes check-docx and gives back either revision line by line in English, Thai and Khmer, with whole words changed', async () => {
    const { status, body } = await server.request('POST', '/api/documents', { body: trilingualDocument })
    expect(status).toBe(201)
    const documentId: string = body.id
    const secretariat = await server.addMember(documentId, 'secretariat', null, 'Joint Secretariat')
    const thai = await server.addMember(documentId, 'delegate', 'TH', 'Khun Somchai')
    const khmer = await server.addMember(documentId, 'delegate', 'KH', 'Lok Sokha')
    const thaiClient = connectClient(server.collabUrl, documentId, thai.token)
    const khmerClient = connectClient(server.collabUrl, documentId, khmer.token)
    await Promise.all([thaiClient.synced(), khmerClient.synced()])
    const fragmentOf = (client: TestClient, lang: string) => client.doc.getXmlFragment(lang === 'en' ? 'prosemirror' : `prosemirror:${lang}`)
    const ids = clauseElements(fragmentOf(thaiClient, 'en')).map((clause) => clause.getAttribute('id') as string)
    const paragraphOf = (client: TestClient, lang: string, index: number) => clauseTexts(clauseById(fragmentOf(client, lang), ids[index]!))[1]!
    // Each delegation writes its own language's text of two clauses.
    thaiClient.doc.transact(() => {
      paragraphOf(thaiClient, 'th', 1).insert(0, 'ความร่วมมือระหว่างประเทศในการปราบปรามการค้ามนุษย์')
      paragraphOf(thaiClient, 'th', 2).insert(0, 'ภาคีทั้งสองจะแลกเปลี่ยนข้อมูลภายในสามสิบวัน')
    })
    khmerClient.doc.transact(() => {
      paragraphOf(khmerClient, 'km', 1).insert(0, 'កិច្ចសហប្រតិបត្តិការអន្តរជាតិក្នុងការប្រយុទ្ធប្រឆាំងការជួញដូរមនុស្ស')
      paragraphOf(khmerClient, 'km', 2).insert(0, 'ភាគីទាំងពីរនឹងផ្លាស់ប្តូរព័ត៌មាន')
    })
    await flushed(documentId, thaiClient)
    await flushed(documentId, khmerClient)
    await eventually(() => expect(Y.encodeStateVector(thaiClient.doc)).toEqual(Y.encodeStateVector(khmerClient.doc)))
    const before = await record(documentId, secretariat, 'Drafts')

    // Then each changes part of a word, as an editor replacing a selection does, and the structure changes in English
    // (a paragraph added, a clause removed, a clause from the library), which the server mirrors into every text.
    thaiClient.doc.transact(() => {
      const text = paragraphOf(thaiClient, 'th', 1)
      const at = text.toString().indexOf('มือ')
      text.delete(at, 'มือ'.length)
      text.insert(at, 'ใจ')
      paragraphOf(thaiClient, 'th', 2).insert(paragraphOf(thaiClient, 'th', 2).toString().indexOf('สามสิบ'), 'ภายใน')
    })
    khmerClient.doc.transact(() => {
      const text = paragraphOf(khmerClient, 'km', 1)
      const at = text.toString().indexOf('អន្តរជាតិ')
      text.delete(at, 'អន្តរជាតិ'.length)
      text.insert(at, 'ទ្វេភាគី')
      const paragraph = new Y.XmlElement('paragraph')
      paragraph.insert(0, [new Y.XmlText('A paragraph Cambodia added.')])
      clauseById(fragmentOf(khmerClient, 'en'), ids[4]!).push([paragraph])
      const english = fragmentOf(khmerClient, 'en')
      // A clause no other refers to (a reference to a removed clause reads "[missing reference]" in every language in the content API).
      english.delete(english.toArray().indexOf(clauseById(english, ids[16]!)), 1)
    })
    await flushed(documentId, thaiClient)
    await flushed(documentId, khmerClient)
    const added = await server.request('POST', `/api/documents/${documentId}/clauses`, { token: khmer.token, body: { templateId: 'costs', after: ids[9] } })
    expect(added.status).toBe(201)
    const after = await record(documentId, secretariat, 'Round one')
    thaiClient.destroy()
    khmerClient.destroy()

    const redlines: Record<string, Uint8Array> = {}
    for (const lang of ['en', 'th', 'km']) {
      const bytes = (redlines[lang] = await download(`/api/documents/${documentId}/compare.docx?from=${before}&to=${after}&lang=${lang}`, secretariat.token))
      expect({ lang, problems: await docxProblems(bytes, `redline-${lang}.docx`) }).toEqual({ lang, problems: [] })
      const xml = docxPart(bytes, 'word/document.xml')
      expect({ lang, insertedMark: parseParagraphs(xml).some((paragraph) => paragraph.mark === 'insert'), deletedMark: parseParagraphs(xml).some((paragraph) => paragraph.mark === 'delete') }).toEqual({ lang, insertedMark: true, deletedMark: true })
      expect({ lang, accepted: resolveChanges(xml, 'accept') }).toEqual({ lang, accepted: await revisionLines(documentId, after, lang, secretariat.token) })
      expect({ lang, rejected: resolveChanges(xml, 'reject') }).toEqual({ lang, rejected: await revisionLines(documentId, before, lang, secretariat.token) })
      // What the server mirrors into a language text is credited to whoever changed the English: none of it to the server.
      const runs = trackedRuns(xml)
      expect({ lang, byTheServer: runs.filter((run) => run.author === 'Counterpart server').map((run) => run.text) }).toEqual({ lang, byTheServer: [] })
      const markAuthors = [...xml.matchAll(/<w:pPr>(?:(?!<\/w:pPr>)[\s\S])*?<w:(ins|del) w:id="\d+" w:author="([^"]*)"/g)].map((match) => `${match[1]} ${match[2]}`)
      // The paragraph Cambodia added in English (untranslated, empty, in the other texts), the clause it removed.
      expect({ lang, marks: new Set(markAuthors) }).toEqual({ lang, marks: new Set([`ins ${khmerAuthor}`, `del ${khmerAuthor}`]) })
      const { body: compared } = await server.request('GET', `/api/documents/${documentId}/compare?from=${before}&to=${after}&lang=${lang}`, { token: secretariat.token })
      const splits = compared.clauses.flatMap((clause: { diff: { op: string; text: string }[] | null }) => splitWords(clause.diff ?? []))
      expect({ lang, splits }).toEqual({ lang, splits: [] })
    }
    // The Thai and Khmer words changed inside are shown deleted and inserted whole.
    const { body: thaiCompare } = await server.request('GET', `/api/documents/${documentId}/compare?from=${before}&to=${after}&lang=th`, { token: secretariat.token })
    const thaiChanges = thaiCompare.clauses.flatMap((clause: { diff: { op: string; text: string; author?: { party: string } }[] | null }) => (clause.diff ?? []).filter((run) => run.op !== 'equal').map((run) => [run.op, run.text, run.author?.party]))
    expect(thaiChanges).toEqual(expect.arrayContaining([['delete', 'ร่วมมือ', 'TH'], ['insert', 'ร่วมใจ', 'TH']]))

    // In a real word processor: every page headed with the language and numbered.
    const rendered = (await renderWithLibreOffice({ 'redline-th.docx': redlines.th! }))['redline-th.docx']!
    expect(rendered.pages).toBeGreaterThan(3)
    expect(rendered.text).toContain(`Page ${rendered.pages} of ${rendered.pages}`)
    expect(rendered.text.split('Text: Thai').length - 1).toBe(rendered.pages)
  }, 240_000)
})
