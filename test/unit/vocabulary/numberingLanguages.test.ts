import { nameParties } from '../../support/parties.js'
import { describe, expect, it } from 'vitest'
import type { Node } from 'prosemirror-model'
import { documentParts } from '../../../server/vocabulary/documentText.js'
import type { InstrumentStyle } from '../../../server/vocabulary/document.js'
import {
  clauseWord,
  clauseWordIn,
  digitsIn,
  missingReferenceLabel,
  missingReferenceLabelIn,
  numberDocument,
  numberingLanguageOf,
  subParagraphLetter,
  subParagraphLetterIn,
  type NumberingOptions,
} from '../../../server/vocabulary/numbering.js'
import { clause, mou, np, p, ref, sub } from '../../support/mouBuilders.js'

/** Each clause of `doc` as the reader sees it: label, heading, then one line per block. */
const clauseTexts = (doc: Node, style: InstrumentStyle, lang?: string, options?: NumberingOptions) =>
  documentParts(doc, numberDocument(doc, style, lang, options), nameParties(lang))
    .filter((part) => part.part === 'clause')
    .map((part) => `${part.label}\n${part.text}`)

/**
 * The invariant of numbering in another language: the same clauses, numbers
 * and positions as in English, the same blocks labelled, only the words,
 * letters and digits differ.
 */
function expectSameStructureAsEnglish(doc: Node, style: InstrumentStyle, lang: string, options?: NumberingOptions): void {
  const english = numberDocument(doc, style)
  const other = numberDocument(doc, style, lang, options)
  expect(other.clauses.map(({ id, number, pos }) => ({ id, number, pos }))).toEqual(english.clauses.map(({ id, number, pos }) => ({ id, number, pos })))
  expect([...other.blockLabels.keys()]).toEqual([...english.blockLabels.keys()])
  for (const entry of other.clauses) expect(other.clauseLabel(entry.id)).toBe(entry.label)
}

/** The text of the memorandum the tests number, in one language (numbering never reads it). */
interface Wording {
  objectives: string
  cooperate: string
  requests: string
  inWriting: string
  shallState: string
  facts: string
  assistance: string
  information: string
  sharedUnder: string
  and: string
  first: string
  second: string
}

const thai: Wording = {
  objectives: 'วัตถุประสงค์',
  cooperate: 'ผู้เข้าร่วมจะร่วมมือกัน',
  requests: 'คำร้องขอ',
  inWriting: 'คำร้องขอจะทำเป็นหนังสือ',
  shallState: 'คำร้องขอจะระบุ',
  facts: 'ข้อเท็จจริง',
  assistance: 'ความช่วยเหลือที่ขอ',
  information: 'ข้อมูล',
  sharedUnder: 'ข้อมูลจะแลกเปลี่ยนตาม',
  and: 'และ',
  first: 'หนึ่ง',
  second: 'สอง',
}

const khmer: Wording = {
  objectives: 'គោលបំណង',
  cooperate: 'អ្នកចូលរួមនឹងសហការគ្នា',
  requests: 'សំណើ',
  inWriting: 'សំណើនឹងធ្វើជាលាយលក្ខណ៍អក្សរ',
  shallState: 'សំណើនឹងបញ្ជាក់',
  facts: 'ការពិត',
  assistance: 'ជំនួយដែលស្នើសុំ',
  information: 'ព័ត៌មាន',
  sharedUnder: 'ព័ត៌មាននឹងចែករំលែកតាម',
  and: 'និង',
  first: 'ទីមួយ',
  second: 'ទីពីរ',
}

const english: Wording = {
  objectives: 'Objectives',
  cooperate: 'The Participants will cooperate.',
  requests: 'Requests',
  inWriting: 'Requests will be in writing.',
  shallState: 'A request will state:',
  facts: 'the facts;',
  assistance: 'the assistance sought.',
  information: 'Information',
  sharedUnder: 'Information is shared under ',
  and: ' and ',
  first: 'first',
  second: 'second',
}

/** The clauses of the memorandum: objectives, requests (two numbered paragraphs, two sub-paragraphs), information (references to both). */
const clausesIn = (w: Wording) => ({
  objectives: clause('obj', w.objectives, p(w.cooperate)),
  requests: clause('req', w.requests, np(w.inWriting), np(w.shallState, sub(w.facts), sub(w.assistance))),
  information: clause('info', w.information, p(w.sharedUnder, ref('req'), w.and, ref('obj')), sub(w.first), sub(w.second)),
})

const memorandumIn = (w: Wording) => {
  const { objectives, requests, information } = clausesIn(w)
  return mou(objectives, requests, information)
}

/** A clause with `count` sub-paragraphs, lettered as one run. */
const manySubParagraphs = (count: number) =>
  mou(clause('many', 'Many', p('lead-in'), ...Array.from({ length: count }, (_, index) => sub(`item ${index}`))))

/** The labels of the sub-paragraphs at these indexes in `manySubParagraphs`. */
function letterLabels(lang: string, indexes: readonly number[]): string[] {
  const doc = manySubParagraphs(Math.max(...indexes) + 1)
  const labels = [...numberDocument(doc, 'mou', lang).blockLabels.values()]
  return indexes.map((index) => labels[index]!)
}

describe('numbering in Thai', () => {
  const { objectives, requests, information } = clausesIn(thai)
  const memorandum = memorandumIn(thai)

  it('numbers clauses "ข้อ" in Thai digits, paragraphs "๑." and sub-paragraphs "(ก)", references by the target\'s Thai label', () => {
    expect(clauseTexts(memorandum, 'mou', 'th')).toEqual([
      'ข้อ ๑\nวัตถุประสงค์\nผู้เข้าร่วมจะร่วมมือกัน',
      'ข้อ ๒\nคำร้องขอ\n๑. คำร้องขอจะทำเป็นหนังสือ\n๒. คำร้องขอจะระบุ\n(ก) ข้อเท็จจริง\n(ข) ความช่วยเหลือที่ขอ',
      'ข้อ ๓\nข้อมูล\nข้อมูลจะแลกเปลี่ยนตามข้อ ๒และข้อ ๑\n(ก) หนึ่ง\n(ข) สอง',
    ])
    expectSameStructureAsEnglish(memorandum, 'mou', 'th')
  })

  it('says "ข้อ" in a treaty too', () => {
    expect(numberDocument(memorandum, 'treaty', 'th').clauses.map((entry) => entry.label)).toEqual(['ข้อ ๑', 'ข้อ ๒', 'ข้อ ๓'])
    expectSameStructureAsEnglish(memorandum, 'treaty', 'th')
  })

  it('writes Western digits when asked, the words and letters still Thai', () => {
    expect(clauseTexts(memorandum, 'mou', 'th', { digits: 'western' })).toEqual([
      'ข้อ 1\nวัตถุประสงค์\nผู้เข้าร่วมจะร่วมมือกัน',
      'ข้อ 2\nคำร้องขอ\n1. คำร้องขอจะทำเป็นหนังสือ\n2. คำร้องขอจะระบุ\n(ก) ข้อเท็จจริง\n(ข) ความช่วยเหลือที่ขอ',
      'ข้อ 3\nข้อมูล\nข้อมูลจะแลกเปลี่ยนตามข้อ 2และข้อ 1\n(ก) หนึ่ง\n(ข) สอง',
    ])
    expectSameStructureAsEnglish(memorandum, 'mou', 'th', { digits: 'western' })
  })

  it('letters sub-paragraphs through the consonants without ฃ, ฅ and ฆ, then กก, กข…', () => {
    expect(letterLabels('th', [0, 1, 2, 3, 4, 10, 20, 30, 40, 41, 42])).toEqual(['(ก)', '(ข)', '(ค)', '(ง)', '(จ)', '(ฎ)', '(ธ)', '(ย)', '(ฮ)', '(กก)', '(กข)'])
    expectSameStructureAsEnglish(manySubParagraphs(43), 'mou', 'th')
  })

  it('renumbers in Thai, references included, when a clause moves or is deleted', () => {
    expect(clauseTexts(mou(information, objectives, requests), 'mou', 'th')[0]).toContain('ข้อมูลจะแลกเปลี่ยนตามข้อ ๓และข้อ ๒')
    const deleted = numberDocument(mou(requests, information), 'mou', 'th')
    expect([deleted.referenceLabel('req'), deleted.referenceLabel('obj'), deleted.clauseLabel('obj')]).toEqual(['ข้อ ๑', '[ไม่พบข้อที่อ้างถึง]', null])
  })
})

describe('numbering in Khmer', () => {
  const { objectives, requests, information } = clausesIn(khmer)
  const memorandum = memorandumIn(khmer)

  it('numbers a memorandum\'s clauses "ប្រការ" in Khmer digits, paragraphs "១." and sub-paragraphs "(ក)", references by the target\'s Khmer label', () => {
    expect(clauseTexts(memorandum, 'mou', 'km')).toEqual([
      'ប្រការ ១\nគោលបំណង\nអ្នកចូលរួមនឹងសហការគ្នា',
      'ប្រការ ២\nសំណើ\n១. សំណើនឹងធ្វើជាលាយលក្ខណ៍អក្សរ\n២. សំណើនឹងបញ្ជាក់\n(ក) ការពិត\n(ខ) ជំនួយដែលស្នើសុំ',
      'ប្រការ ៣\nព័ត៌មាន\nព័ត៌មាននឹងចែករំលែកតាមប្រការ ២និងប្រការ ១\n(ក) ទីមួយ\n(ខ) ទីពីរ',
    ])
    expectSameStructureAsEnglish(memorandum, 'mou', 'km')
  })

  it('says "មាត្រា" in a treaty', () => {
    expect(clauseTexts(memorandum, 'treaty', 'km')).toEqual([
      'មាត្រា ១\nគោលបំណង\nអ្នកចូលរួមនឹងសហការគ្នា',
      'មាត្រា ២\nសំណើ\n១. សំណើនឹងធ្វើជាលាយលក្ខណ៍អក្សរ\n២. សំណើនឹងបញ្ជាក់\n(ក) ការពិត\n(ខ) ជំនួយដែលស្នើសុំ',
      'មាត្រា ៣\nព័ត៌មាន\nព័ត៌មាននឹងចែករំលែកតាមមាត្រា ២និងមាត្រា ១\n(ក) ទីមួយ\n(ខ) ទីពីរ',
    ])
    expectSameStructureAsEnglish(memorandum, 'treaty', 'km')
  })

  it('writes Western digits when asked, the words and letters still Khmer', () => {
    expect(clauseTexts(memorandum, 'treaty', 'km', { digits: 'western' })).toEqual([
      'មាត្រា 1\nគោលបំណង\nអ្នកចូលរួមនឹងសហការគ្នា',
      'មាត្រា 2\nសំណើ\n1. សំណើនឹងធ្វើជាលាយលក្ខណ៍អក្សរ\n2. សំណើនឹងបញ្ជាក់\n(ក) ការពិត\n(ខ) ជំនួយដែលស្នើសុំ',
      'មាត្រា 3\nព័ត៌មាន\nព័ត៌មាននឹងចែករំលែកតាមមាត្រា 2និងមាត្រា 1\n(ក) ទីមួយ\n(ខ) ទីពីរ',
    ])
    expectSameStructureAsEnglish(memorandum, 'treaty', 'km', { digits: 'western' })
  })

  it('letters sub-paragraphs through the 33 consonants without ឝ and ឞ, then កក, កខ…', () => {
    expect(letterLabels('km', [0, 1, 2, 10, 20, 29, 30, 31, 32, 33, 34])).toEqual(['(ក)', '(ខ)', '(គ)', '(ដ)', '(ប)', '(ស)', '(ហ)', '(ឡ)', '(អ)', '(កក)', '(កខ)'])
    expectSameStructureAsEnglish(manySubParagraphs(35), 'mou', 'km')
  })

  it('renumbers in Khmer, references included, when a clause moves or is deleted', () => {
    expect(clauseTexts(mou(information, objectives, requests), 'mou', 'km')[0]).toContain('ព័ត៌មាននឹងចែករំលែកតាមប្រការ ៣និងប្រការ ២')
    const deleted = numberDocument(mou(requests, information), 'treaty', 'km')
    expect([deleted.referenceLabel('req'), deleted.referenceLabel('obj'), deleted.referenceLabel(null)]).toEqual(['មាត្រា ១', '[រកមិនឃើញការយោង]', '[រកមិនឃើញការយោង]'])
  })
})

describe('numbering in English and other languages', () => {
  const memorandum = memorandumIn(english)

  it('is unchanged in English, whatever the digits asked for', () => {
    const expected = [
      'Paragraph 1\nObjectives\nThe Participants will cooperate.',
      'Paragraph 2\nRequests\n1. Requests will be in writing.\n2. A request will state:\n(a) the facts;\n(b) the assistance sought.',
      'Paragraph 3\nInformation\nInformation is shared under Paragraph 2 and Paragraph 1\n(a) first\n(b) second',
    ]
    expect(clauseTexts(memorandum, 'mou')).toEqual(expected)
    expect(clauseTexts(memorandum, 'mou', 'en')).toEqual(expected)
    expect(clauseTexts(memorandum, 'mou', 'en', { digits: 'western' })).toEqual(expected)
    expect(clauseTexts(memorandum, 'mou', 'en', { digits: 'native' })).toEqual(expected)
    const numbering = numberDocument(memorandum, 'treaty')
    expect([numbering.lang, numbering.digits, numbering.clauseLabel('req'), numbering.referenceLabel('gone')]).toEqual(['en', 'native', 'Article 2', missingReferenceLabel])
  })

  it('falls back to English words for a language it has none for, and says so in `lang`', () => {
    for (const lang of ['fr', 'lo', 'vi', 'zh-Hant-TW']) {
      expect(numberDocument(memorandum, 'treaty', lang).lang).toBe('en')
      expect(clauseTexts(memorandum, 'treaty', lang)).toEqual(clauseTexts(memorandum, 'treaty'))
    }
  })

  it('reads the language from a tag\'s primary subtag, case aside', () => {
    expect(['th', 'th-TH', 'TH', 'km-KH', 'km', 'en-GB', 'fr', 'thai', 'khm'].map(numberingLanguageOf)).toEqual(['th', 'th', 'th', 'km', 'km', 'en', 'en', 'en', 'en'])
    expect(numberDocument(memorandum, 'mou', 'th-TH').clauseLabel('info')).toBe('ข้อ ๓')
  })

  it('refuses a digit style it does not know', () => {
    expect(() => numberDocument(memorandum, 'mou', 'th', { digits: 'thai' as never })).toThrow(RangeError)
    expect(() => digitsIn(3, 'th', 'arabic' as never)).toThrow(RangeError)
  })
})

describe('the per-language helpers', () => {
  it('clauseWordIn: the word for each style in each language, English as clauseWord', () => {
    expect((['treaty', 'mou'] as const).map((style) => ['en', 'th', 'km', 'fr'].map((lang) => clauseWordIn(style, lang)))).toEqual([
      ['Article', 'ข้อ', 'មាត្រា', 'Article'],
      ['Paragraph', 'ข้อ', 'ប្រការ', 'Paragraph'],
    ])
    expect(clauseWordIn('treaty', 'en')).toBe(clauseWord('treaty'))
  })

  it('digitsIn: every digit in each language and both styles', () => {
    expect([0, 7, 10, 1234567890].map((n) => digitsIn(n, 'th'))).toEqual(['๐', '๗', '๑๐', '๑๒๓๔๕๖๗๘๙๐'])
    expect([0, 7, 10, 1234567890].map((n) => digitsIn(n, 'km'))).toEqual(['០', '៧', '១០', '១២៣៤៥៦៧៨៩០'])
    expect([digitsIn(42, 'th', 'western'), digitsIn(42, 'km', 'western'), digitsIn(42, 'en'), digitsIn(42, 'fr', 'native')]).toEqual(['42', '42', '42', '42'])
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) expect(() => digitsIn(bad, 'th')).toThrow(RangeError)
  })

  it('subParagraphLetterIn: English as subParagraphLetter, Thai and Khmer at 10, 20, 30', () => {
    for (const index of [0, 25, 26, 27, 51, 52, 701, 702]) expect(subParagraphLetterIn(index, 'en')).toBe(subParagraphLetter(index))
    expect([10, 20, 30].map((index) => subParagraphLetterIn(index, 'th'))).toEqual(['ฎ', 'ธ', 'ย'])
    expect([10, 20, 30].map((index) => subParagraphLetterIn(index, 'km'))).toEqual(['ដ', 'ប', 'ហ'])
    expect(() => subParagraphLetterIn(-1, 'km')).toThrow(RangeError)
    expect(() => subParagraphLetterIn(0.5, 'th')).toThrow(RangeError)
  })

  it('missingReferenceLabelIn: the English label unchanged, Thai and Khmer in their words', () => {
    expect(['en', 'th', 'km', 'fr'].map(missingReferenceLabelIn)).toEqual([missingReferenceLabel, '[ไม่พบข้อที่อ้างถึง]', '[រកមិនឃើញការយោង]', '[missing reference]'])
  })
})
