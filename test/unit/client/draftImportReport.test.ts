import { afterEach, describe, expect, it } from 'vitest'
import { authorLines, changesLine, countsLine, importQuery, outcomeLine, paragraphLines, textHeading, unmappedLines } from '../../../client/src/draftImportReport.js'
import { setInterfaceLanguage } from '../../../client/src/i18n/translator.js'
import { importDestinations, unmappedKinds, type ImportedParagraph, type ImportReport } from '../../../server/vocabulary/draftImport.js'

afterEach(() => setInterfaceLanguage('en'))

/** A paragraph of the file, with what a test says of it. */
const paragraph = (source: number, text: string, destination: ImportedParagraph['destination'], clause: number | null = null, more: Partial<ImportedParagraph> = {}): ImportedParagraph => ({
  source,
  where: 'body',
  text,
  lang: 'en',
  destination,
  intoText: destination === 'unmapped' || destination === 'empty' ? null : 'en',
  clause,
  written: null,
  note: null,
  ...more,
})

const report = (more: Partial<ImportReport> = {}): ImportReport => ({
  format: 'docx',
  changes: 'brackets',
  bracketOwner: null,
  paragraphs: [],
  unmapped: [],
  authors: [],
  notes: [],
  counts: { paragraphs: 0, clauses: 0, numberedParagraphs: 0, subParagraphs: 0, references: 0, partyReferences: 0, brackets: 0, comments: 0, unmapped: 0 },
  ...more,
})

describe('the import’s words', () => {
  it('says where every paragraph went, in order, and which were left out', () => {
    const paragraphs = [
      paragraph(1, 'Memorandum', 'title'),
      paragraph(2, 'Paragraph 1', 'clause_label', 1),
      paragraph(3, 'Objectives', 'clause_heading', 1),
      paragraph(4, 'The Participants will cooperate.', 'numbered_paragraph', 1, { note: 'numbered by Word' }),
      paragraph(5, 'ผู้เข้าร่วม', 'paragraph', 1, { lang: 'th', intoText: 'th' }),
      paragraph(6, '', 'empty'),
      paragraph(7, 'Cell text', 'unmapped'),
    ]
    expect(paragraphLines(report({ paragraphs })).map((line) => [line.source, line.went, line.leftOut, line.note])).toEqual([
      [1, 'Title (English)', false, null],
      [2, 'Opens clause 1 (English)', false, null],
      [3, 'Heading of clause 1 (English)', false, null],
      [4, 'Numbered paragraph of clause 1 (English)', false, 'numbered by Word'],
      [5, 'Paragraph of clause 1 (Thai)', false, null],
      [6, 'Left out: empty', true, null],
      [7, 'Not mapped', true, null],
    ])
  })

  it('has words for every destination and every kind of thing not mapped, in every language', () => {
    for (const language of ['en', 'th', 'km'] as const) {
      setInterfaceLanguage(language)
      const went = paragraphLines(report({ paragraphs: importDestinations.map((destination, at) => paragraph(at + 1, 'x', destination, 2, { intoText: null })) })).map((line) => line.went)
      expect(new Set(went).size, language).toBe(importDestinations.length)
      const kinds = unmappedLines(report({ unmapped: unmappedKinds.map((kind) => ({ kind, where: 'here', text: '', note: '' })) })).map((line) => line.what)
      expect(new Set(kinds).size, language).toBe(unmappedKinds.length)
      expect(kinds.every((what) => what.includes('here')), language).toBe(true)
    }
  })

  it('names what could not be mapped with its text and the server’s note', () => {
    expect(unmappedLines(report({ unmapped: [{ kind: 'table', where: 'table 1', text: 'Budget | 100', note: 'not mapped: a table' }, { kind: 'text-box', where: 'body, paragraph 3', text: 'Draft', note: 'kept out' }] }))).toEqual([
      { what: 'A table, table 1', text: 'Budget | 100', note: 'not mapped: a table' },
      { what: 'A text box, body, paragraph 3', text: 'Draft', note: 'kept out' },
    ])
  })

  it('names the tracked changes’ authors and what becomes of their changes', () => {
    const changed = report({ authors: [{ name: 'Somchai', insertions: 2, deletions: 1 }], bracketOwner: 'TH' })
    expect(authorLines(changed)).toEqual(['Somchai: 2 insertions, 1 deletion'])
    expect(changesLine(changed)).toBe('The tracked changes become bracketed proposals of TH.')
    expect(changesLine({ ...changed, changes: 'accept', bracketOwner: null })).toBe('The tracked changes are accepted.')
    expect(changesLine(report())).toBeNull()
  })

  it('counts the file and says where each text goes', () => {
    const counts = { paragraphs: 12, clauses: 3, numberedParagraphs: 0, subParagraphs: 0, references: 0, partyReferences: 0, brackets: 1, comments: 0, unmapped: 1 }
    expect(countsLine(report({ counts }))).toBe('Word file: 12 paragraphs, 3 clauses, 1 bracketed proposal, 0 comments, 1 thing not mapped.')
    expect(countsLine(report({ format: 'akn', counts: { ...counts, unmapped: 0 } }))).toBe('Akoma Ntoso file: 12 paragraphs, 3 clauses, 1 bracketed proposal, 0 comments, nothing left unmapped.')
    expect([textHeading({ lang: 'en', target: 'working' }), textHeading({ lang: 'km', target: 'none' })]).toEqual(['English: the working text', 'Khmer: not imported'])
  })

  it('says the outcome of an applied import by its two revisions', () => {
    expect(outcomeLine({ revisions: { before: 4, after: 5 }, threads: [], keptLocked: [] })).toBe('Imported. The text before is revision 4, the text after revision 5.')
    expect(outcomeLine({ revisions: { before: 4, after: 5 }, threads: ['t1', 't2'], keptLocked: ['cl_1'] })).toBe('Imported. The text before is revision 4, the text after revision 5; 2 comment threads opened; 1 agreed part kept as it was.')
  })

  it('asks for a preview or an application with the choices made', () => {
    expect(importQuery({ apply: false, changes: 'brackets', party: null })).toBe('?changes=brackets')
    expect(importQuery({ apply: true, changes: 'reject', party: 'TH' })).toBe('?changes=reject&party=TH&apply=1')
  })
})
