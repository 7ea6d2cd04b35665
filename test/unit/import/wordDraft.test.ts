import { AlignmentType, CommentRangeEnd, CommentRangeStart, CommentReference, DeletedTextRun, FootnoteReferenceRun, HeadingLevel, InsertedTextRun, LevelFormat, PageNumber, Paragraph, Table, TextRun } from 'docx'
import { describe, expect, it } from 'vitest'
import { readWordDraft } from '../../../server/import/wordDraft.js'
import { destinations, draftOutline, para, tableRow, wordFile } from '../../support/wordDrafts.js'

const centered = { alignment: AlignmentType.CENTER }
const bold = (text: string, options: ConstructorParameters<typeof Paragraph>[0] & object = {}) => new Paragraph({ ...options, children: [new TextRun({ text, bold: true })] })

/** Word's multi-level list as drafters set it up: "1.", "(a)", "(i)". */
const paragraphList = {
  config: [
    {
      reference: 'paragraphs',
      levels: [
        { level: 0, format: LevelFormat.DECIMAL, text: '%1.', start: 1 },
        { level: 1, format: LevelFormat.LOWER_LETTER, text: '(%2)', start: 1 },
        { level: 2, format: LevelFormat.LOWER_ROMAN, text: '(%3)', start: 1 },
      ],
    },
  ],
}
const item = (text: string, level: number, instance: number) => new Paragraph({ numbering: { reference: 'paragraphs', level, instance }, children: [new TextRun(text)] })

describe('a Word draft read onto an instrument', () => {
  it('finds the title, recitals by their openings, the closing formula, clauses by their labels and the final provisions', async () => {
    const file = await wordFile([
      {
        children: [
          bold('MEMORANDUM OF UNDERSTANDING', centered),
          bold('BETWEEN THE DEPARTMENT OF SPECIAL INVESTIGATION AND THE CAMBODIAN NATIONAL POLICE', centered),
          para('The Department of Special Investigation and the Cambodian National Police, hereinafter “the Participants”;'),
          para('Recognizing the friendship between the two Kingdoms;'),
          para('Desiring to cooperate against trafficking in persons;'),
          para('Have reached the following understanding:'),
          bold('Article 1', centered),
          bold('Objectives', centered),
          para('The Participants will cooperate.'),
          bold('Article 2 – Exchange of Information', centered),
          para('1. Information is exchanged through the focal points in Article 3.'),
          para('(a) requests are made in writing;'),
          para('(b) answers are given within 30 days.'),
          para('2. Article 1 applies.'),
          bold('ARTICLE 3', centered),
          para('Focal Points'),
          para('Each Participant names a focal point.'),
          para('IN WITNESS WHEREOF, the undersigned have signed this Memorandum of Understanding.'),
          para('Done at Bangkok on 1 March 2027, in two originals.'),
        ],
      },
    ])
    const draft = readWordDraft(file, 'brackets')
    expect(draftOutline(draft)).toEqual([
      {
        lang: 'en',
        title: 'MEMORANDUM OF UNDERSTANDING BETWEEN THE DEPARTMENT OF SPECIAL INVESTIGATION AND THE CAMBODIAN NATIONAL POLICE',
        preamble: [
          'The Department of Special Investigation and the Cambodian National Police, hereinafter “the Participants”;',
          'Recognizing the friendship between the two Kingdoms;',
          'Desiring to cooperate against trafficking in persons;',
          '⟨Have reached the following understanding:⟩',
        ],
        clauses: [
          { heading: 'Objectives', body: ['¶ The Participants will cooperate.'] },
          {
            heading: 'Exchange of Information',
            body: ['1. Information is exchanged through the focal points in →3.', '  (a) requests are made in writing;', '  (a) answers are given within 30 days.', '1. →1 applies.'],
          },
          { heading: 'Focal Points', body: ['¶ Each Participant names a focal point.'] },
        ],
        // With no signature block after it, "Done at …" is the text's own words, not a testimonium to write again.
        finalProvisions: ['IN WITNESS WHEREOF, the undersigned have signed this Memorandum of Understanding.', 'Done at Bangkok on 1 March 2027, in two originals.'],
      },
    ])
    expect(destinations(draft)).toEqual([
      '1 title', '2 title', '3 recital', '4 recital', '5 recital', '6 closing_formula',
      '7 clause_label 1', '8 clause_heading 1', '9 paragraph 1',
      '10 clause_heading 2', '11 numbered_paragraph 2', '12 sub_paragraph 2', '13 sub_paragraph 2', '14 numbered_paragraph 2',
      '15 clause_label 3', '16 clause_heading 3', '17 paragraph 3',
      '18 final_provisions', '19 final_provisions',
    ])
    expect(draft.paragraphs.find((entry) => entry.source === 3)?.note).toMatch(/by its place/)
    expect(draft.paragraphs.find((entry) => entry.source === 11)?.written).toBe('1.')
  })

  it('reads clauses from Word heading styles, and numbered paragraphs and sub-paragraphs from Word’s list levels and start values', async () => {
    const file = await wordFile(
      [
        {
          children: [
            new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun('Memorandum on Police Cooperation')] }),
            para('RECOGNISING the need to cooperate;'),
            para('HAVE REACHED the following understanding:'),
            new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('Scope')] }),
            item('This Memorandum covers trafficking in persons.', 0, 1),
            item('It covers:', 0, 1),
            item('recruitment;', 1, 1),
            item('transport, including:', 1, 1),
            item('by land;', 2, 1),
            item('by sea;', 2, 1),
            item('harbouring.', 1, 1),
            new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('Costs')] }),
            item('Each Participant bears its own costs.', 0, 2),
          ],
        },
      ],
      { numbering: paragraphList },
    )
    const draft = readWordDraft(file, 'brackets')
    expect(draftOutline(draft)).toEqual([
      {
        lang: 'en',
        title: 'Memorandum on Police Cooperation',
        preamble: ['RECOGNISING the need to cooperate;', '⟨HAVE REACHED the following understanding:⟩'],
        clauses: [
          {
            heading: 'Scope',
            body: ['1. This Memorandum covers trafficking in persons.', '1. It covers:', '  (a) recruitment;', '  (a) transport, including: (i) by land; (ii) by sea;', '  (a) harbouring.'],
          },
          { heading: 'Costs', body: ['1. Each Participant bears its own costs.'] },
        ],
        finalProvisions: [],
      },
    ])
    // Word's own numbers, as the file shows them: the second list starts again at 1.
    expect(draft.paragraphs.filter((entry) => entry.written !== null).map((entry) => entry.written)).toEqual(['1.', '2.', '(a)', '(b)', '(i)', '(ii)', '(c)', '1.'])
    expect(draft.paragraphs.find((entry) => entry.source === 9)).toMatchObject({ destination: 'joined', clause: 1 })
  })

  it('reads typed numbers and letters in Thai and Khmer, and “(i)” after “(h)” as a letter', async () => {
    const letters = 'abcdefghi'.split('').map((letter) => para(`(${letter}) item ${letter};`))
    const file = await wordFile([
      { children: [para('บันทึกความเข้าใจ'), para('ตระหนักถึงความร่วมมือ'), para('ได้มีความเข้าใจร่วมกันดังต่อไปนี้'), para('ข้อ ๑ วัตถุประสงค์'), para('๑. ภาคีจะร่วมมือกัน'), para('(ก) ด้านข้อมูล'), para('(ข) ด้านการฝึกอบรม'), para('๒. ตามข้อ ๑')] },
      { children: [para('Memorandum'), para('Recognizing it;'), para('Have reached the following understanding:'), bold('Article 1', centered), bold('Items', centered), para('1. The items are:'), ...letters] },
    ])
    const draft = readWordDraft(file, 'brackets')
    const [thai, english] = draftOutline(draft)
    expect(thai).toMatchObject({ lang: 'th', clauses: [{ heading: 'วัตถุประสงค์', body: ['1. ภาคีจะร่วมมือกัน', '  (a) ด้านข้อมูล', '  (a) ด้านการฝึกอบรม', '1. ตาม→1'] }] })
    expect(english).toMatchObject({ lang: 'en', clauses: [{ heading: 'Items', body: ['1. The items are:', ...'abcdefghi'.split('').map((letter) => `  (a) item ${letter};`)] }] })
  })
})

describe('tracked changes, comments and what has no place', () => {
  const date = '2027-01-10T09:00:00Z'
  const ins = (id: number, text: string, author = 'Somchai Jaidee') => new InsertedTextRun({ id, author, date, text })
  const del = (id: number, text: string, author = 'Somchai Jaidee') => new DeletedTextRun({ id, author, date, text })
  /** A memorandum whose only clause the test writes. */
  const memorandum = async (body: Paragraph[], options: Parameters<typeof wordFile>[1] = {}) =>
    wordFile([{ children: [para('Memorandum'), para('Recognizing the need;'), para('Have reached the following understanding:'), bold('Article 1', centered), bold('Requests', centered), ...body] }], options)

  it('keeps each insertion and deletion on its words, the ones that touch one proposal, with their authors counted', async () => {
    const file = await memorandum([
      new Paragraph({ children: [new TextRun('Requests are answered within '), del(1, 'thirty'), ins(2, 'sixty'), new TextRun(' days '), ins(3, 'in writing', 'Sok Dara'), new TextRun('.')] }),
      new Paragraph({ children: [del(4, 'This paragraph goes.')] }),
    ])
    const draft = readWordDraft(file, 'brackets')
    expect((draftOutline(draft)[0] as { clauses: unknown[] }).clauses).toEqual([{ heading: 'Requests', body: ['¶ Requests are answered within {-thirty-}{+sixty+} days {+in writing+}.', '¶ {-This paragraph goes.-}'] }])
    const changed = draft.texts[0]!.clauses[0]!.body.flatMap((entry) => entry.block.inlines.flatMap((inline) => (inline.change ? [inline.change] : [])))
    expect(changed.map((change) => change.proposal)).toEqual([changed[0]!.proposal, changed[0]!.proposal, changed[2]!.proposal, changed[3]!.proposal])
    expect(new Set(changed.map((change) => change.proposal)).size).toBe(3)
    expect(draft.authors).toEqual([
      { name: 'Somchai Jaidee', insertions: 1, deletions: 2 },
      { name: 'Sok Dara', insertions: 1, deletions: 0 },
    ])
  })

  it('accepts or rejects every change as Word does, a paragraph whose mark goes joining the next', async () => {
    const file = await memorandum([
      new Paragraph({ children: [new TextRun('Within '), del(1, 'thirty'), ins(2, 'sixty'), new TextRun(' days.')] }),
      new Paragraph({ children: [new TextRun('Kept.'), ins(3, ' Added.')] }),
    ])
    expect((draftOutline(readWordDraft(file, 'accept'))[0] as { clauses: unknown[] }).clauses).toEqual([{ heading: 'Requests', body: ['¶ Within sixty days.', '¶ Kept. Added.'] }])
    expect((draftOutline(readWordDraft(file, 'reject'))[0] as { clauses: unknown[] }).clauses).toEqual([{ heading: 'Requests', body: ['¶ Within thirty days.', '¶ Kept.'] }])
  })

  it('keeps the comments’ ranges on the words they cover, and their replies', async () => {
    const file = await memorandum(
      [new Paragraph({ children: [new TextRun('Requests are made '), new CommentRangeStart(0), new TextRun('in writing'), new CommentRangeEnd(0), new TextRun({ children: [new CommentReference(0)] }), new TextRun('.')] })],
      {
        comments: {
          children: [
            { id: 0, author: 'Malee', date: new Date(date), children: [para('Or by e-mail?')] },
            { id: 1, author: 'Dara', date: new Date(date), parentId: 0, children: [para('E-mail is writing.')] },
          ],
        },
      },
    )
    const draft = readWordDraft(file, 'brackets')
    const inlines = (draft.texts[0]!.clauses[0]!.body[0]!.block.inlines)
    expect(inlines.map((inline) => [inline.text, inline.comments])).toEqual([['Requests are made ', []], ['in writing', ['0']], ['.', []]])
    expect(draft.comments).toEqual([
      { id: '0', author: 'Malee', date: expect.stringMatching(/^2027-01-10/), text: 'Or by e-mail?', replyTo: null },
      { id: '1', author: 'Dara', date: expect.stringMatching(/^2027-01-10/), text: 'E-mail is writing.', replyTo: '0' },
    ])
  })

  it('reports tables, footnotes and fields with their text, and nothing is left out of the report', async () => {
    const file = await wordFile(
      [
        {
          children: [
            para('Memorandum'),
            para('Recognizing the need;'),
            para('Have reached the following understanding:'),
            bold('Article 1', centered),
            bold('Contacts', centered),
            new Paragraph({ children: [new TextRun('Focal points are listed below.'), new FootnoteReferenceRun(1)] }),
            new Table({ rows: [tableRow('DSI', '+66 2 831 9888')] }),
            new Paragraph({ children: [new TextRun('Page '), new TextRun({ children: [PageNumber.CURRENT] })] }),
          ],
        },
      ],
      { footnotes: { 1: { children: [para('As updated each year.')] } } },
    )
    const draft = readWordDraft(file, 'brackets')
    expect(draft.unmapped.map((item) => [item.kind, item.text])).toEqual(
      expect.arrayContaining([
        ['footnote', 'As updated each year.'],
        ['table', 'DSI | +66 2 831 9888'],
        ['field', expect.stringMatching(/PAGE/)],
      ]),
    )
    // Every paragraph of the file, the table's included, has its entry.
    expect(draft.paragraphs.map((entry) => entry.source)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(draft.paragraphs.filter((entry) => entry.destination === 'unmapped').map((entry) => entry.where)).toEqual(['table 1, row 1, cell 1', 'table 1, row 1, cell 2'])
  })

  it('gives each column of a bilingual table to its language’s text', async () => {
    const file = await wordFile([
      {
        children: [
          new Table({
            rows: [
              tableRow('บันทึกความเข้าใจว่าด้วยความร่วมมือ', 'Memorandum of Understanding on Cooperation'),
              tableRow('ตระหนักถึงความร่วมมือ', 'Recognizing the cooperation;'),
              tableRow('ได้มีความเข้าใจร่วมกันดังต่อไปนี้', 'Have reached the following understanding:'),
              tableRow('ข้อ ๑', 'Paragraph 1'),
              tableRow('วัตถุประสงค์', 'Objectives'),
              tableRow('ผู้เข้าร่วมจะร่วมมือกันตามข้อ ๑', 'The Participants will cooperate under Paragraph 1.'),
            ],
          }),
        ],
      },
    ])
    const draft = readWordDraft(file, 'brackets')
    expect(draftOutline(draft)).toEqual([
      { lang: 'th', title: 'บันทึกความเข้าใจว่าด้วยความร่วมมือ', preamble: ['ตระหนักถึงความร่วมมือ', '⟨ได้มีความเข้าใจร่วมกันดังต่อไปนี้⟩'], clauses: [{ heading: 'วัตถุประสงค์', body: ['¶ ผู้เข้าร่วมจะร่วมมือกันตาม→1'] }], finalProvisions: [] },
      { lang: 'en', title: 'Memorandum of Understanding on Cooperation', preamble: ['Recognizing the cooperation;', '⟨Have reached the following understanding:⟩'], clauses: [{ heading: 'Objectives', body: ['¶ The Participants will cooperate under →1.'] }], finalProvisions: [] },
    ])
    expect(draft.unmapped).toEqual([])
  })
})
