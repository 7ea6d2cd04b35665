import { AlignmentType, HeadingLevel, LevelFormat, Paragraph, TextRun } from 'docx'
import { describe, expect, it } from 'vitest'
import { readWordDraft } from '../../../server/import/wordDraft.js'
import { destinations, draftOutline, para, wordFile } from '../../support/wordDrafts.js'

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
        finalProvisions: ['IN WITNESS WHEREOF, the undersigned have signed this Memorandum of Understanding.'],
      },
    ])
    expect(destinations(draft)).toEqual([
      '1 title', '2 title', '3 recital', '4 recital', '5 recital', '6 closing_formula',
      '7 clause_label 1', '8 clause_heading 1', '9 paragraph 1',
      '10 clause_heading 2', '11 numbered_paragraph 2', '12 sub_paragraph 2', '13 sub_paragraph 2', '14 numbered_paragraph 2',
      '15 clause_label 3', '16 clause_heading 3', '17 paragraph 3',
      '18 final_provisions', '19 generated',
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
