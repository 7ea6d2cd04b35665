import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { docxBytes, packDocx, partText } from '../../../server/export/docxPackage.js'
import { buildRedline, type RedlineFacts } from '../../../server/export/redlineDocument.js'
import { resolveBracket } from '../../../server/negotiation/brackets.js'
import { compareDocuments } from '../../../server/revisions/comparison.js'
import type { DocumentRecord } from '../../../server/vocabulary/document.js'
import { docxProblems } from '../../support/checkDocx.js'
import { bracket, clause, copyOf, Drafting, heading, memo, p, secretariat, somchai, sokha, textAt, textOf, type Tagged } from '../../support/docBuilders.js'
import { parseParagraphs, resolveChanges } from '../../support/docxText.js'

const document: DocumentRecord = {
  id: 'doc-1',
  title: 'Police cooperation',
  style: 'mou',
  parties: [
    { code: 'TH', name: 'Department of Special Investigation', shortName: 'DSI', position: 0, language: 'th', state: '', names: {} },
    { code: 'KH', name: 'Cambodian National Police', shortName: 'CNP', position: 1, language: 'km', state: '', names: {} },
  ],
  languages: { working: 'en', others: [] },
  fullAgreementBy: 'delegates',
  createdAt: new Date('2026-01-01T00:00:00Z'),
}
const thai = 'Thailand — DSI (Khun Somchai)'
const khmer = 'Cambodia — CNP (Lok Sokha)'
const revisionDate = new Date('2026-01-07T16:45:30.500Z')

/** The redline of `content` before and after `edits`, its document part and the whole package. */
async function redlineOf(content: Tagged, edits: (drafting: Drafting) => void, extra: Partial<RedlineFacts> = {}) {
  const drafting = new Drafting(content, secretariat)
  const before = copyOf(drafting.doc)
  edits(drafting)
  const [from, to] = [textOf(before), textOf(drafting.doc)]
  const comparison = compareDocuments(from, to, 'mou', drafting.authorship)
  const redline = buildRedline({ document, comparison, from, to, authorship: drafting.authorship, fromName: 'revision 1', toName: 'revision 2', date: revisionDate, ...extra })
  const entries = packDocx(redline, revisionDate)
  const bytes = docxBytes(entries)
  return { xml: partText(entries, 'word/document.xml')!, entries, bytes }
}

/** Every tracked change of runs: kind, author, date, text. */
const trackedRuns = (xml: string) =>
  [...xml.matchAll(/<w:(ins|del) w:id="\d+" w:author="([^"]*)" w:date="([^"]*)">([\s\S]*?)<\/w:\1>/g)].map(([, kind, author, date, body]) => ({
    kind,
    author,
    date,
    text: [...body!.matchAll(/<w:(?:t|delText)(?: [^>]*)?>([^<]*)<\/w:(?:t|delText)>|<w:tab\/>/g)].map((match) => match[1] ?? '\t').join(''),
  }))

const typeAt = (content: Tagged, tag: string, words: string) => (replica: Y.Doc) => {
  const { text, index } = textAt(replica, content, content.tag[tag]!)
  text.insert(index, words)
}

describe('a redline’s tracked changes', () => {
  it('are each dated with the time of the update that made them, to the minute; numbers that changed with the compared revision', async () => {
    const content = memo(clause('c0', heading('Purpose'), p('To cooperate.')), clause('c1', heading('Costs'), p('Each Participant bears <b>its own<c> costs<a>.')))
    const { xml } = await redlineOf(content, (drafting) => {
      drafting.edit(somchai, typeAt(content, 'a', ' and fees'), '2026-01-05T08:30:00Z')
      drafting.edit(sokha, (replica) => {
        const { text, index } = textAt(replica, content, content.tag.b!)
        text.delete(index, content.tag.c! - content.tag.b!)
        text.insert(index, 'the shared')
      }, '2026-01-06T09:12:00Z')
      // Clause c0 removed: c1, Paragraph 2, becomes Paragraph 1.
      drafting.edit(somchai, (replica) => replica.getXmlFragment('prosemirror').delete(2, 1), '2026-01-07T10:00:00Z')
    })
    const runs = trackedRuns(xml)
    const datesOf = (text: string) => runs.filter((run) => run.text === text).map((run) => [run.kind, run.author, run.date])
    expect(datesOf(' and fees')).toEqual([['ins', thai, '2026-01-05T08:30:00Z']])
    expect([datesOf('its own'), datesOf('the shared')]).toEqual([[['del', khmer, '2026-01-06T09:12:00Z']], [['ins', khmer, '2026-01-06T09:12:00Z']]])
    expect(datesOf('To cooperate.')).toEqual([['del', thai, '2026-01-07T10:00:00Z']])
    expect([datesOf('Paragraph 2'), datesOf('Paragraph 1')]).toEqual([
      [['del', 'Counterpart (numbering)', '2026-01-07T16:45:00Z']],
      [
        ['del', thai, '2026-01-07T10:00:00Z'],
        ['ins', 'Counterpart (numbering)', '2026-01-07T16:45:00Z'],
      ],
    ])
    // The paragraph marks of the removed clause: when it was removed.
    const marks = [...xml.matchAll(/<w:pPr>(?:(?!<\/w:pPr>)[\s\S])*?<w:del w:id="\d+" w:author="([^"]*)" w:date="([^"]*)"/g)].map((match) => [match[1], match[2]])
    expect(new Set(marks.map(([author, date]) => `${author} ${date}`))).toEqual(new Set([`${thai} 2026-01-07T10:00:00Z`]))
  })

  it('credit a resolved bracket — its brackets and the dropped alternative — to the member who resolved it', async () => {
    const content = memo(clause('c1', heading('Notice'), p('Within ', bracket('b1', 'TH')('30'), bracket('b1', 'KH', 1)('60'), ' days.')))
    const { xml } = await redlineOf(content, (drafting) => drafting.edit(sokha, (replica) => resolveBracket(replica, 'b1', 1), '2026-01-06T11:00:00Z'))
    expect(trackedRuns(xml).map((run) => [run.kind, run.text, run.author, run.date])).toEqual([
      ['del', '[30] / [', khmer, '2026-01-06T11:00:00Z'],
      ['del', ']', khmer, '2026-01-06T11:00:00Z'],
    ])
    expect(resolveChanges(xml, 'accept')).toContain('Within 60 days.')
    expect(resolveChanges(xml, 'reject')).toContain('Within [30] / [60] days.')
  })

  it('change whole words: "prior written consent" → "prior consent in writing" is a deletion of "written " and an insertion of " in writing"', async () => {
    const content = memo(clause('c1', heading('Consent'), p('Not without the prior <a>written consent<b> of the other Participant.')))
    const { xml } = await redlineOf(content, (drafting) =>
      drafting.edit(somchai, (replica) => {
        // As y-prosemirror writes a replaced paragraph: what lies between the common beginning and end.
        const { text, index } = textAt(replica, content, content.tag.a!)
        text.delete(index, content.tag.b! - content.tag.a!)
        text.insert(index, 'consent in writing')
      }),
    )
    expect(trackedRuns(xml).map((run) => [run.kind, run.text])).toEqual([
      ['del', 'written '],
      ['ins', ' in writing'],
    ])
  })
})

describe('a redline’s pages', () => {
  it('are headed with the title, the two revisions compared with their labels and dates, and the language; numbered in the footer', async () => {
    const content = memo(clause('c1', heading('Costs'), p('Each Participant bears <a>its own costs.')))
    const { entries } = await redlineOf(content, (drafting) => drafting.edit(somchai, typeAt(content, 'a', 'all of ')), {
      states: { from: { label: 'Before the round', date: new Date('2026-01-02T09:05:59Z') }, to: { label: 'After the round', date: revisionDate } },
      lang: 'th',
    })
    const header = partText(entries, 'word/header1.xml')!
    const headerText = [...header.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((match) => match[1]).join('|')
    expect(headerText).toContain('Police cooperation')
    expect(headerText).toContain('Redline: changes from revision 1 “Before the round” (2026-01-02 09:05 UTC) to revision 2 “After the round” (2026-01-07 16:45 UTC)')
    expect(headerText).toMatch(/Text: Thai \|?\(\|?ไทย\|?\)/)
    const footer = partText(entries, 'word/footer1.xml')!
    expect(footer).toMatch(/PAGE/)
    expect(footer).toMatch(/NUMPAGES/)
    expect(footer).toContain('>Page </w:t>')
  })

  it('keep clause numbers and headings with the paragraph after them, and open in normal editing mode', async () => {
    const content = memo(clause('c1', heading('Costs'), p('Each Participant bears its own costs.')), clause('c2', heading('Review'), p('Reviewed <a>yearly.')))
    const { xml, entries } = await redlineOf(content, (drafting) => drafting.edit(sokha, typeAt(content, 'a', 'at least ')))
    const paragraphs = parseParagraphs(xml)
    const kept = (text: string) => /<w:keepNext\/>/.test(paragraphs.find((paragraph) => paragraph.segments.map((segment) => segment.text).join('') === text)!.xml)
    expect(['Paragraph 1', 'Costs', 'Paragraph 2', 'Review'].map(kept)).toEqual([true, true, true, true])
    expect(kept('Each Participant bears its own costs.')).toBe(false)
    expect(partText(entries, 'word/settings.xml')).not.toMatch(/<w:trackRevisions/)
  })

  it('pass check-docx, with paragraphs and clauses inserted and deleted and a bracket resolved', async () => {
    const content = memo(
      clause('c1', heading('Notice'), p('Within ', bracket('b1', 'TH')('30'), bracket('b1', 'KH', 1)('60'), ' days.')),
      clause('c2', heading('Costs'), p('Each Participant bears its own costs.'), p('Travel is shared.')),
      clause('c3', heading('Review'), p('Reviewed yearly.')),
    )
    const { bytes, xml } = await redlineOf(content, (drafting) => {
      drafting.edit(sokha, (replica) => resolveBracket(replica, 'b1', 0), '2026-01-06T11:00:00Z')
      drafting.edit(somchai, (replica) => {
        const fragment = replica.getXmlFragment('prosemirror')
        const costs = fragment.get(3) as Y.XmlElement
        const paragraph = new Y.XmlElement('paragraph')
        paragraph.insert(0, [new Y.XmlText('Interpretation is shared.')])
        costs.push([paragraph])
        fragment.delete(4, 1)
      }, '2026-01-06T12:00:00Z')
    })
    expect(parseParagraphs(xml).some((paragraph) => paragraph.mark === 'insert')).toBe(true)
    expect(parseParagraphs(xml).some((paragraph) => paragraph.mark === 'delete')).toBe(true)
    expect(await docxProblems(bytes, 'redline.docx')).toEqual([])
  })
})
