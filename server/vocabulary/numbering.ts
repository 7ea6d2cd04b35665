/**
 * Numbering, derived from the document and never typed: clauses are
 * "Article 1", "Article 2"… in a treaty and "Paragraph 1"… in a memorandum;
 * numbered paragraphs are "1.", "2." within their clause; lettered
 * sub-paragraphs are "(a)", "(b)" within their run. Cross-references show
 * the current label of the clause they point at. The client, compare and
 * DOCX export all number through `numberDocument`.
 *
 * Each authentic text is numbered in its own language's words, letters and
 * (unless asked for Western ones) digits: "ข้อ ๓" and "(ก)" in Thai,
 * "ប្រការ ៣" and "(ក)" in Khmer. The conventions and their reasons are in
 * docs/languages.md; a language without words here is numbered in English.
 */

import type { Node } from 'prosemirror-model'
import type { InstrumentStyle } from './document.js'

/** The languages numbering has words for. Any other language is numbered in English. */
export type NumberingLanguage = 'en' | 'th' | 'km'

/** Which digits numbers are written in: the language's own (๓, ៣) or Western (3). English has only Western digits. */
export type DigitStyle = 'native' | 'western'

export interface NumberingOptions {
  /** 'native' (the default): Thai and Khmer numbers in Thai and Khmer digits; 'western': in 0–9. */
  digits?: DigitStyle
}

export interface ClauseNumber {
  /** The clause's id (null for a clause that has none yet). */
  id: string | null
  /** 1-based position among the clauses. */
  number: number
  /** "Article 3" or "Paragraph 3" ("ข้อ ๓", "ប្រការ ៣"). */
  label: string
  /** Position of the clause node in the document. */
  pos: number
}

export interface Numbering {
  readonly style: InstrumentStyle
  /** The language whose words the labels are in: the one asked for, or 'en' for a language numbering has no words for. */
  readonly lang: NumberingLanguage
  /** The digits the labels are written in. */
  readonly digits: DigitStyle
  /** Every clause in document order. */
  readonly clauses: readonly ClauseNumber[]
  /** Labels of numbered paragraphs ("1.") and sub-paragraphs ("(a)"), by the node's position. */
  readonly blockLabels: ReadonlyMap<number, string>
  /** The label of the clause with this id, or null when there is none. */
  clauseLabel(id: string | null): string | null
  /** What a reference to the clause with this id reads: its label, or the missing-reference label in this numbering's language. */
  referenceLabel(id: string | null): string
}

/** What numbering writes in one language. */
interface LanguageWords {
  /** The word for a clause of a treaty, and of a memorandum. */
  article: string
  paragraph: string
  /** The code point of the language's digit zero; its digits follow in order. */
  zero: number
  /** The letters of sub-paragraphs, in order. */
  letters: readonly string[]
  missingReference: string
}

const words: Record<NumberingLanguage, LanguageWords> = {
  en: {
    article: 'Article',
    paragraph: 'Paragraph',
    zero: 0x30,
    letters: [...'abcdefghijklmnopqrstuvwxyz'],
    missingReference: '[missing reference]',
  },
  th: {
    // Thai treaty texts and memoranda alike number their articles "ข้อ"; "มาตรา" is a section of an Act.
    article: 'ข้อ',
    paragraph: 'ข้อ',
    zero: 0x0e50,
    // The consonants without the obsolete ฃ and ฅ and without ฆ, as Thai drafting letters items: (ก) (ข) (ค) (ง)…
    letters: [...'กขคงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ'],
    missingReference: '[ไม่พบข้อที่อ้างถึง]',
  },
  km: {
    // "មាត្រា" is an article of a treaty or a law; Cambodian memoranda number their clauses "ប្រការ".
    article: 'មាត្រា',
    paragraph: 'ប្រការ',
    zero: 0x17e0,
    // The 33 consonants of modern Khmer, without the obsolete ឝ and ឞ.
    letters: [...'កខគឃងចឆជឈញដឋឌឍណតថទធនបផពភមយរលវសហឡអ'],
    missingReference: '[រកមិនឃើញការយោង]',
  },
}

/**
 * The language numbering writes `lang` (a BCP 47 tag) in: its primary
 * language subtag, case aside, when numbering has words for it ("th-TH" →
 * 'th'), else 'en'.
 */
export function numberingLanguageOf(lang: string): NumberingLanguage {
  const primary = lang.split('-', 1)[0]!.toLowerCase()
  return primary === 'th' || primary === 'km' ? primary : 'en'
}

/** The word that numbers clauses in `style`. */
export function clauseWord(style: InstrumentStyle): 'Article' | 'Paragraph' {
  return style === 'treaty' ? 'Article' : 'Paragraph'
}

/** The word that numbers clauses in `style` in `lang`: "ข้อ" in Thai, "មាត្រា" (treaty) or "ប្រការ" (memorandum) in Khmer. */
export function clauseWordIn(style: InstrumentStyle, lang: string): string {
  const language = words[numberingLanguageOf(lang)]
  return style === 'treaty' ? language.article : language.paragraph
}

/** The label of the `n`th clause (from 1) in `style` and `lang`: "Paragraph 3", "ข้อ ๓". */
export function clauseLabelIn(n: number, style: InstrumentStyle, lang = 'en', digits: DigitStyle = 'native'): string {
  return `${clauseWordIn(style, lang)} ${digitsIn(n, lang, digits)}`
}

/** What a reference to a clause that no longer exists shows. */
export const missingReferenceLabel = '[missing reference]'

/** What a reference to a clause that no longer exists shows in `lang`. */
export function missingReferenceLabelIn(lang: string): string {
  return words[numberingLanguageOf(lang)].missingReference
}

/**
 * `n` in `lang`'s digits ("๑๒" in Thai, "១២" in Khmer), or in Western
 * digits when `digits` is 'western' or the language has no others.
 * Throws a RangeError when `n` is not a whole number ≥ 0 or `digits` is
 * neither 'native' nor 'western'.
 */
export function digitsIn(n: number, lang: string, digits: DigitStyle = 'native'): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`number ${n} is not a whole number ≥ 0`)
  checkDigitStyle(digits)
  const western = String(n)
  const zero = words[numberingLanguageOf(lang)].zero
  if (digits === 'western' || zero === 0x30) return western
  return [...western].map((digit) => String.fromCodePoint(zero + digit.charCodeAt(0) - 0x30)).join('')
}

function checkDigitStyle(digits: unknown): asserts digits is DigitStyle {
  if (digits !== 'native' && digits !== 'western') throw new RangeError(`digits ${String(digits)} is neither 'native' nor 'western'`)
}

/** Letters for sub-paragraphs: a…z, then aa, ab… */
export function subParagraphLetter(index: number): string {
  return subParagraphLetterIn(index, 'en')
}

/**
 * The letter of the sub-paragraph at `index` (from 0) in `lang`: a…z, then
 * aa, ab… in English; ก…ฮ, then กก, กข… in Thai; ក…អ, then កក, កខ… in Khmer.
 * Throws a RangeError when `index` is not a whole number ≥ 0.
 */
export function subParagraphLetterIn(index: number, lang: string): string {
  if (!Number.isInteger(index) || index < 0) throw new RangeError(`sub-paragraph index ${index} is not a whole number ≥ 0`)
  const letters = words[numberingLanguageOf(lang)].letters
  let label = ''
  let n = index
  do {
    label = letters[n % letters.length]! + label
    n = Math.floor(n / letters.length) - 1
  } while (n >= 0)
  return label
}

/**
 * Numbers every clause, numbered paragraph and sub-paragraph of `doc` in
 * `lang` (a BCP 47 tag; English words for a language numbering has none
 * for), in the language's own digits unless `options.digits` is 'western'.
 * Throws a RangeError when `options.digits` is neither 'native' nor 'western'.
 */
export function numberDocument(doc: Node, style: InstrumentStyle, lang = 'en', options: NumberingOptions = {}): Numbering {
  const digits = options.digits ?? 'native'
  checkDigitStyle(digits)
  const language = numberingLanguageOf(lang)
  const number = (n: number) => digitsIn(n, language, digits)
  const letter = (index: number) => `(${subParagraphLetterIn(index, language)})`
  const clauses: ClauseNumber[] = []
  const blockLabels = new Map<number, string>()
  doc.forEach((child, offset) => {
    if (child.type.name !== 'clause') return
    const pos = offset
    clauses.push({ id: child.attrs.id ?? null, number: clauses.length + 1, label: clauseLabelIn(clauses.length + 1, style, language, digits), pos })
    let paragraphNumber = 0
    let letterIndex = 0
    child.forEach((block, blockOffset) => {
      const blockPos = pos + 1 + blockOffset
      if (block.type.name === 'sub_paragraph') {
        blockLabels.set(blockPos, letter(letterIndex++))
        return
      }
      letterIndex = 0
      if (block.type.name !== 'numbered_paragraph') return
      blockLabels.set(blockPos, `${number(++paragraphNumber)}.`)
      let innerLetter = 0
      block.forEach((inner, innerOffset) => {
        if (inner.type.name === 'sub_paragraph') blockLabels.set(blockPos + 1 + innerOffset, letter(innerLetter++))
      })
    })
  })
  const byId = new Map(clauses.filter((clause) => clause.id !== null).map((clause) => [clause.id, clause.label]))
  const clauseLabel = (id: string | null) => (id === null ? null : (byId.get(id) ?? null))
  const missing = missingReferenceLabelIn(language)
  return {
    style,
    lang: language,
    digits,
    clauses,
    blockLabels,
    clauseLabel,
    referenceLabel: (id) => clauseLabel(id) ?? missing,
  }
}
