/**
 * What the mapping reads in a draft's words, in English, Thai and Khmer:
 * the language of a text by its script; a clause's label ("Article 3",
 * "Paragraph 3", "ข้อ ๓", "ប្រការ ៣", "មាត្រា ៣") with the title that may
 * follow it on the same line; the numbers and letters typed before a
 * paragraph ("1.", "(a)", "(i)", "๑.", "(ก)", "(ក)"); the typical openings of
 * recitals, of the closing formula, of the final provisions and of the
 * testimonium; and cross-references written as text ("Article 8").
 * Every pattern is anchored or bounded: linear in the text it reads.
 */

/** Letters of each script the languages are told by. */
const thaiLetter = /[\u0e01-\u0e5b]/gu
const khmerLetter = /[\u1780-\u17dd\u19e0-\u19ff]/gu
const latinLetter = /[A-Za-z\u00c0-\u024f]/gu

/**
 * The language of `text` by the script most of its letters are in: "th",
 * "km", else "en" for Latin letters; null for text with no letters.
 */
export function languageOfText(text: string): string | null {
  const count = (pattern: RegExp) => text.match(pattern)?.length ?? 0
  const thai = count(thaiLetter)
  const khmer = count(khmerLetter)
  const latin = count(latinLetter)
  if (thai === 0 && khmer === 0 && latin === 0) return null
  if (thai >= khmer && thai >= latin) return 'th'
  if (khmer >= latin) return 'km'
  return 'en'
}

/** The value of a number written in Western, Thai or Khmer digits, or in Roman numerals; null for anything else. */
export function numberValue(written: string): number | null {
  const western = westernDigits(written)
  if (/^\d{1,6}$/.test(western)) return Number(western)
  return romanValue(written)
}

/** `written` with its Thai and Khmer digits as Western ones ("ข้อ ๑๒" → "ข้อ 12"). */
export const westernDigits = (written: string): string =>
  written.replace(/[\u0e50-\u0e59]/g, (digit) => String(digit.charCodeAt(0) - 0x0e50)).replace(/[\u17e0-\u17e9]/g, (digit) => String(digit.charCodeAt(0) - 0x17e0))

/** The value of a Roman numeral (either case), or null. */
export function romanValue(written: string): number | null {
  if (!/^(?=[ivxlcdm])m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$/i.test(written)) return null
  const values: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100, d: 500, m: 1000 }
  const digits = [...written.toLowerCase()].map((letter) => values[letter]!)
  return digits.reduce((sum, value, index) => (value < (digits[index + 1] ?? 0) ? sum - value : sum + value), 0)
}

/** The words that label a clause, in every language and style. */
const clauseWords = String.raw`(?:article|paragraph|art\.|ข้อ|ប្រការ|មាត្រា)`
const numberPattern = String.raw`([0-9]{1,4}|[\u0e50-\u0e59]{1,4}|[\u17e0-\u17e9]{1,4}|[IVXLC]{1,7})`
const clauseLabelPattern = new RegExp(String.raw`^\s*(${clauseWords})\s*${numberPattern}(?![\p{L}\p{N}])\s*([-–—:.]?)\s*(.*)$`, 'iu')

/** A clause label at the start of a paragraph: its word, its number as written and its value, and the text after it. */
export interface ClauseLabel {
  word: string
  written: string
  value: number
  /** What follows the label on the same line (a title, or words of a sentence): "" for none. */
  rest: string
  /** Whether a separator (–, :, .) stood between the label and `rest`. */
  separated: boolean
}

/** The clause label `text` opens with ("Article 3", "ข้อ ๓ การรักษาความลับ"), or null. */
export function clauseLabelOf(text: string): ClauseLabel | null {
  const match = clauseLabelPattern.exec(text.length > 2_000 ? text.slice(0, 2_000) : text)
  if (!match) return null
  const value = numberValue(match[2]!)
  if (value === null || value === 0) return null
  return { word: match[1]!, written: match[2]!, value, rest: match[4]!.trim(), separated: match[3] !== '' }
}

/** What a typed number is: a number, a letter, or a Roman numeral (whose reading as a letter the mapping may prefer). */
export type TypedNumberKind = 'number' | 'letter' | 'roman'

/** A number or letter typed before a paragraph's words. */
export interface TypedNumber {
  /** As written ("1.", "(a)", "(ก)"). */
  written: string
  kind: TypedNumberKind
  /** Its value as its kind reads: 3 for "3." or "(c)", 4 for "(iv)". */
  value: number
  /** Its value read as a letter ("(i)" → 9, "(v)" → 22), or null when it is no letter. */
  letterValue: number | null
  /** Its value read as a Roman numeral ("(i)" → 1, "(v)" → 5), or null when it is none. */
  romanValue: number | null
  /** How many characters it takes, with the spaces or tab after it. */
  length: number
}

const letters = { latin: 'abcdefghijklmnopqrstuvwxyz', thai: [...'กขคงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ'], khmer: [...'កខគឃងចឆជឈញដឋឌឍណតថទធនបផពភមយរលវសហឡអ'] }
const digit = String.raw`[0-9\u0e50-\u0e59\u17e0-\u17e9]`
/** "9.2", "9.2.1": a clause's paragraph numbered with its clause's number (the last figure counts). */
const dottedNumberPattern = new RegExp(String.raw`^\s*(${digit}{1,3}(?:\.${digit}{1,3})+)\.?(?:\s+|$)`, 'u')
const typedNumberPattern = /^\s*(\(?)([0-9]{1,3}|[\u0e50-\u0e59]{1,3}|[\u17e0-\u17e9]{1,3}|[a-z]{1,4}|[A-Z]|[\u0e01-\u0e2e]|[\u1780-\u17a2])(\.|\))(?:\s+|$)/u

/**
 * The number or letter typed at the start of `text` ("1.", "1)", "(1)",
 * "9.2", "(a)", "a)", "(iv)", "๑.", "(ก)", "១.", "(ក)"), or null. A letter
 * needs its brackets or a closing one ("a." is too often a word).
 */
export function typedNumberOf(text: string): TypedNumber | null {
  const head = text.slice(0, 40)
  const dotted = dottedNumberPattern.exec(head)
  if (dotted) {
    const value = numberValue(dotted[1]!.split('.').at(-1)!)
    return value === null ? null : { written: dotted[1]!, kind: 'number', value, letterValue: null, romanValue: null, length: dotted[0].length }
  }
  const match = typedNumberPattern.exec(head)
  if (!match) return null
  const [whole, open, body, close] = match as unknown as [string, string, string, string]
  if (open === '(' && close !== ')') return null
  const written = `${open}${body}${close}`
  const length = whole.length
  const digits = numberValue(body)
  if (digits !== null && /^[0-9\u0e50-\u0e59\u17e0-\u17e9]+$/.test(body)) return { written, kind: 'number', value: digits, letterValue: null, romanValue: null, length }
  // A letter needs a bracket: "a." opens sentences ("A. Introduction" aside).
  if (close !== ')' && open !== '(') return null
  const roman = romanValue(body)
  // One letter is a letter that may be a numeral ("(i)", "(v)"); two are a numeral when they read as one ("(iv)"), else Counterpart's doubled letters ("(aa)").
  const letter = body.length === 1 || roman === null ? letterValue(body) : null
  if (letter === null) return roman === null ? null : { written, kind: 'roman', value: roman, letterValue: null, romanValue: roman, length }
  const kind = roman !== null && body.toLowerCase() === 'i' ? 'roman' : 'letter'
  return { written, kind, value: kind === 'roman' ? roman! : letter, letterValue: letter, romanValue: roman, length }
}

/** The value (from 1) of a sub-paragraph letter in Latin, Thai or Khmer ("c" → 3, "ค" → 3, "aa" → 27), or null. */
function letterValue(body: string): number | null {
  const lower = body.toLowerCase()
  if (/^[a-z]$/.test(lower)) return letters.latin.indexOf(lower) + 1
  // Word's and Counterpart's doubled letters: "aa" follows "z".
  if (/^([a-z])\1$/.test(lower) || /^[a-z]{2}$/.test(lower)) return lower.length === 2 ? 26 * (letters.latin.indexOf(lower[0]!) + 1) + letters.latin.indexOf(lower[1]!) + 1 : null
  const thai = letters.thai.indexOf(body)
  if (thai >= 0) return thai + 1
  const khmer = letters.khmer.indexOf(body)
  if (khmer >= 0) return khmer + 1
  return null
}

/** Openings of recitals, in the three languages. */
const recitalOpening = /^\s*(recogni[sz]|desir|consider|noting|not(e|ed) |mindful|concerned|reaffirm|acknowledg|bearing in mind|wishing|convinced|aware|determined|taking (into|note)|emphasi[sz]|welcom|affirm|reali[sz]|believ|seeking|having regard|ตระหนัก|ปรารถนา|คำนึง|ห่วงกังวล|ยืนยัน|รับทราบ|ประสงค์|โดยที่|เชื่อมั่น|โดยคำนึง|ដោយ)/iu

/** Whether `text` opens as a recital does ("RECOGNIZING…", "Desiring…", "ตระหนักถึง…", "ដោយទទួលស្គាល់…"). */
export const opensAsRecital = (text: string): boolean => recitalOpening.test(text.slice(0, 60))

/** How a closing formula reads ("HAVE AGREED as follows:", "Have reached the following understanding:", "ได้ตกลงกันดังต่อไปนี้", "បានព្រមព្រៀងគ្នាដូចតទៅ៖"). */
const closingFormulaWords = /(ha(ve|s)\s+(agreed|reached|decided)|agree\s+as\s+follows|following\s+understanding|ได้ตกลง|ได้มีความเข้าใจ|ตกลงกันดังนี้|ดังต่อไปนี้\s*:?\s*$|បានព្រមព្រៀង|បានឈានដល់|ដូចតទៅ)/iu

/** Whether `text` reads as a closing formula: short, with its words. */
export const readsAsClosingFormula = (text: string): boolean => text.length <= 300 && closingFormulaWords.test(text)

/** Openings of the final provisions: the formula that introduces the signatures. */
const finalOpening = /^\s*(in\s+witness\s+whereof|เพื่อเป็นพยาน|ដើម្បីជាសក្ខីភាព)/iu

/** Whether `text` opens the final provisions ("IN WITNESS WHEREOF…"). */
export const opensFinalProvisions = (text: string): boolean => finalOpening.test(text.slice(0, 80))

/** Openings of the testimonium, which Counterpart writes at signature from what the secretariat sets ("Done at Bangkok on …"). */
const testimoniumOpening = /^\s*(done\s+(at|in)\b|signed\s+(at|in)\b|ทำ\s*ณ|ทำที่|ធ្វើនៅ)/iu

/** Whether `text` is a testimonium ("Done at … in two originals"). */
export const readsAsTestimonium = (text: string): boolean => testimoniumOpening.test(text.slice(0, 40))

/** Whether `text` is a line of a signature block ("For the …", "Name:", a signing line). */
export const readsAsSignatureLine = (text: string): boolean => /^\s*(for\s+the\b|name\s*:|title\s*:|สำหรับ|ชื่อ\s*:|ตำแหน่ง\s*:|សម្រាប់|ឈ្មោះ|មុខតំណែង|_{5,})/iu.test(text.slice(0, 40))

/** A cross-reference to a clause written as text. */
export interface WrittenReference {
  /** Where it starts in the text, and how long it is. */
  index: number
  length: number
  /** The clause's number as written, and its value. */
  written: string
  value: number
}

// Thai and Khmer write no space before a word: their clause words are found anywhere, Latin ones at a word's start.
const referencePattern = /((?<![\p{L}\p{N}])Article|(?<![\p{L}\p{N}])Paragraph|ข้อ|ប្រការ|មាត្រា)\s?([0-9]{1,4}|[\u0e50-\u0e59]{1,4}|[\u17e0-\u17e9]{1,4})(?![\p{N}])(?!\.[0-9\u0e50-\u0e59\u17e0-\u17e9])/gu

/**
 * The cross-references written in `text`, with the clause word `words`
 * allows ("Article" and "Paragraph" capitalised, as references to clauses
 * are written; "paragraph 2" is a numbered paragraph; "ข้อ", "ប្រការ",
 * "មាត្រា"), in order. "Article 8.2" is not a reference to a clause.
 */
export function writtenReferences(text: string, words: ReadonlySet<string>): WrittenReference[] {
  const found: WrittenReference[] = []
  for (const match of text.matchAll(referencePattern)) {
    if (!words.has(match[1]!)) continue
    const value = numberValue(match[2]!)
    if (value === null || value === 0) continue
    found.push({ index: match.index, length: match[0].length, written: match[0], value })
  }
  return found
}

/** Zero-width spaces and joiners: Counterpart's exports break Khmer between words with them; they are no text. */
export const invisibleBreaks = /[\u200b\u200c\u2060\ufeff]/g
