/**
 * The wording check: whether the words of a draft match its instrument
 * style. A memorandum of understanding is meant not to bind; treaty words
 * in it ("shall", "agree", "Parties", "obligations", "enter into force",
 * "Article") invite the later dispute over whether the two sides created
 * legal obligations. A treaty, in turn, should not speak the soft language
 * of a memorandum. Each finding says where, and what to write instead.
 *
 * Rules exist for English, Thai and Khmer (see docs/languages.md for the
 * forms chosen); a text in another language has none. Thai and Khmer write
 * no spaces between words, so their rules match words as written, guarded
 * where a binding word is part of a harmless longer one (Khmer ត្រូវ in
 * ត្រឹមត្រូវ, "correct"; Thai ภาคี in ทวิภาคี, "bilateral").
 */

import type { PartKind, TextPart } from './documentText.js'
import type { InstrumentStyle } from './document.js'
import type { PartyName, PartyReference } from './partyReference.js'

export interface WordingFinding {
  part: PartKind
  clauseId: string | null
  /** "Article 3" for a clause, null elsewhere. */
  label: string | null
  /** Offset and length in the part's text (see `documentText.ts`). */
  offset: number
  length: number
  /** The words found. */
  text: string
  /** What to write instead, in the same capitalisation. */
  suggestion: string
  reason: string
}

interface Rule {
  pattern: RegExp
  /** The replacement, written as for a lower-case match; a capitalised match gets a capital first letter (unless `verbatim`). */
  suggest: (match: string) => string
  reason: string
  /** The suggestion is not words to write but what to do: kept as it is, whatever the match's case. */
  verbatim?: boolean
}

const binding = 'binding treaty wording in a non-binding memorandum'
const soft = 'memorandum wording in a binding treaty'

const rule = (pattern: RegExp, replacement: string | ((match: string) => string), reason: string): Rule => ({
  pattern,
  suggest: typeof replacement === 'string' ? () => replacement : replacement,
  reason,
})

/** English rules by the style of the document they check; phrases come before the words they contain. */
const englishRules: Record<InstrumentStyle, Rule[]> = {
  mou: [
    rule(/\bhave agreed as follows\b/gi, 'have reached the following understanding', binding),
    rule(/\bthis agreement\b/gi, 'this Memorandum of Understanding', binding),
    rule(/\bentry into force\b/gi, 'coming into effect', binding),
    rule(/\benter(s|ed)? into force\b/gi, (m) => (/^enters/i.test(m) ? 'comes into effect' : /^entered/i.test(m) ? 'came into effect' : 'come into effect'), binding),
    rule(/\bshall\b/gi, 'will', binding),
    rule(/\bagree(s|d|ing)?\b/gi, (m) => ({ agree: 'decide', agrees: 'decides', agreed: 'decided', agreeing: 'deciding' })[m.toLowerCase()]!, binding),
    rule(/\bagreements?\b/gi, (m) => (m.toLowerCase().endsWith('s') ? 'arrangements' : 'arrangement'), binding),
    rule(/\bParties\b/g, 'participants', binding),
    rule(/\bParty\b/g, 'participant', binding),
    rule(/\bobligations?\b/gi, (m) => (m.toLowerCase().endsWith('s') ? 'commitments' : 'commitment'), binding),
    rule(/\bArticles?\b/g, (m) => (m.endsWith('s') ? 'paragraphs' : 'paragraph'), binding),
  ],
  treaty: [
    rule(/\bhave reached the following understanding\b/gi, 'have agreed as follows', soft),
    rule(/\bmemorandum of understanding\b/gi, 'agreement', soft),
    rule(/\bcom(e|es|ing) into effect\b/gi, (m) => ({ come: 'enter into force', comes: 'enters into force', coming: 'entry into force' })[m.split(/\s/)[0]!.toLowerCase()]!, soft),
    rule(/\bwill\b/gi, 'shall', soft),
    rule(/\bParticipants\b/g, 'parties', soft),
    rule(/\bParticipant\b/g, 'party', soft),
    rule(/\bParagraphs?\b/g, (m) => (m.endsWith('s') ? 'articles' : 'article'), soft),
  ],
}

/** Thai: the binding modal จะต้อง ("shall"), obligations, entry into force and "Parties" in a memorandum, and the reverse. */
const thaiRules: Record<InstrumentStyle, Rule[]> = {
  mou: [
    rule(/ความตกลงนี้/g, 'บันทึกความเข้าใจนี้', binding),
    rule(/มีผลใช้บังคับ/g, 'มีผล', binding),
    rule(/จะต้อง/g, 'จะ', binding),
    rule(/พันธกรณี/g, 'ข้อผูกพัน', binding),
    // Not ทวิภาคี ("bilateral"), พหุภาคี ("multilateral") or ภาคีเครือข่าย ("partner network").
    rule(/(?<!ทวิ|พหุ)ภาคี(?!เครือข่าย)/g, 'ผู้เข้าร่วม', binding),
  ],
  treaty: [
    rule(/บันทึกความเข้าใจนี้/g, 'ความตกลงนี้', soft),
    rule(/ผู้เข้าร่วม/g, 'ภาคี', soft),
  ],
}

/** Khmer: the binding modal ត្រូវ ("shall"), obligations, "Agreement" and entry into force in a memorandum, and the reverse. */
const khmerRules: Record<InstrumentStyle, Rule[]> = {
  mou: [
    rule(/កិច្ចព្រមព្រៀងនេះ/g, 'អនុស្សរណៈនៃការយោគយល់គ្នានេះ', binding),
    rule(/ចូលជាធរមាន/g, 'ចាប់មានប្រសិទ្ធភាព', binding),
    rule(/កាតព្វកិច្ច/g, 'ការប្តេជ្ញាចិត្ត', binding),
    // Not ត្រឹមត្រូវ ("correct"), ទទួលខុសត្រូវ ("responsible") or ត្រូវការ ("need").
    rule(/(?<!ត្រឹម|ខុស)ត្រូវ(?!ការ)/g, 'នឹង', binding),
  ],
  treaty: [
    rule(/អនុស្សរណៈនៃការយោគយល់គ្នានេះ/g, 'កិច្ចព្រមព្រៀងនេះ', soft),
    rule(/ចាប់មានប្រសិទ្ធភាព/g, 'ចូលជាធរមាន', soft),
  ],
}

/** The rules for a text in `lang` (by its primary subtag); none for a language without rules. */
function rulesFor(style: InstrumentStyle, lang: string): readonly Rule[] {
  const primary = lang.split('-', 1)[0]!.toLowerCase()
  const table = primary === 'en' ? englishRules : primary === 'th' ? thaiRules : primary === 'km' ? khmerRules : null
  return table === null ? [] : table[style]
}

/** Whether the wording check has rules for `lang`. */
export const hasWordingRules = (lang: string): boolean => rulesFor('mou', lang).length > 0

/** Every place in `parts` (a text in `lang`) whose wording does not fit `style`, in document order. */
export function checkWording(parts: readonly TextPart[], style: InstrumentStyle, lang = 'en'): WordingFinding[] {
  let findings: WordingFinding[] = []
  for (const { part, clauseId, label, text } of parts) {
    findings = collectWording(text, rulesFor(style, lang), findings, (offset, length, words, suggestion, reason) => ({ part, clauseId, label, offset, length, text: words, suggestion, reason }))
  }
  return findings
}

/** Why a party named in free text is a finding. */
export const partyNamedAsText = 'names a party as text: use a party reference so that the alternat can order it'

/** What to write instead of a party's name: a reference, described in words. */
const referenceSuggestion = ({ party, form }: PartyReference) => `a reference to ${party}${form === 'name' ? '' : form === 'shortName' ? ' (short name)' : ' (State)'}`

/** The rule that finds a list of names, with the reference each stands for. */
interface PartyNameRule {
  rule: Rule
  references: ReadonlyMap<string, PartyReference>
}

/** Rules already built, by the list of names they find: the editor checks every paragraph with the same list. */
const partyNameRules = new WeakMap<readonly PartyName[], PartyNameRule>()

/** The rule that finds `names` in free text: longest first, Latin ones as whole words, Thai and Khmer ones as written (they write no spaces). */
function partyNameRule(names: readonly PartyName[]): PartyNameRule {
  const known = partyNameRules.get(names)
  if (known) return known
  const latin = /^[\p{Script=Latin}\p{N}]$/u
  const alternatives = names.map(({ text }) => {
    const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    const before = latin.test(text[0]!) ? '(?<![\\p{L}\\p{N}])' : ''
    const after = latin.test(text.at(-1)!) ? '(?![\\p{L}\\p{N}])' : ''
    return `${before}${escaped}${after}`
  })
  const references = new Map(names.map(({ text, reference }) => [text, reference]))
  const built = { rule: { ...rule(new RegExp(alternatives.join('|'), 'gu'), (match) => referenceSuggestion(references.get(match)!), partyNamedAsText), verbatim: true }, references }
  partyNameRules.set(names, built)
  return built
}

/** A place in one text where a party is named as text, with the reference to write instead. */
export type PartyNameMatch = WordingMatch & { reference: PartyReference }

/**
 * The places in `text` that spell out one of `names` (see `partyNamesIn`),
 * in order; `text` must hold references masked (as the editor reads a
 * paragraph, or `maskedNamer`), so that no reference's own words are found.
 */
export function findPartyNames(text: string, names: readonly PartyName[]): PartyNameMatch[] {
  if (names.length === 0) return []
  const { rule: found, references } = partyNameRule(names)
  return collectWording(text, [found], [], (offset, length, words, suggestion, reason) => ({ offset, length, text: words, suggestion, reason, reference: references.get(words)! }))
}

/** Every place in `parts` (read with references masked) that spells out one of `names`, in document order. */
export function checkPartyNames(parts: readonly TextPart[], names: readonly PartyName[]): WordingFinding[] {
  if (names.length === 0) return []
  const rules = [partyNameRule(names).rule]
  let findings: WordingFinding[] = []
  for (const { part, clauseId, label, text } of parts) {
    findings = collectWording(text, rules, findings, (offset, length, words, suggestion, reason) => ({ part, clauseId, label, offset, length, text: words, suggestion, reason }))
  }
  return findings
}

/** A place in one text whose wording does not fit a style. */
export type WordingMatch = Pick<WordingFinding, 'offset' | 'length' | 'text' | 'suggestion' | 'reason'>

/**
 * The places in `text` whose wording does not fit `style`, in order (the
 * editor checks each paragraph with it). Where matches overlap, the earlier
 * rule wins, so a phrase hides the words it contains.
 */
export function findWording(text: string, style: InstrumentStyle, lang = 'en'): WordingMatch[] {
  return collectWording(text, rulesFor(style, lang), [], (offset, length, words, suggestion, reason) => ({ offset, length, text: words, suggestion, reason }))
}

/**
 * Appends to `into` what `make` builds of each place in `text` that one
 * of `rules` matches, in order; returns the list appended to
 * (`into` itself, or a new list when `into` was empty).
 *
 * Linear in the text for a fixed rule set: each rule's matches come in
 * order and never overlap each other, so one walk over the places already
 * taken (kept sorted) tests them all, and one merge adds the new ones.
 */
function collectWording<T extends WordingMatch>(
  text: string,
  rules: readonly Rule[],
  into: T[],
  make: (offset: number, length: number, text: string, suggestion: string, reason: string) => T,
): T[] {
  let found: T[] = []
  for (const { pattern, suggest, reason, verbatim } of rules) {
    const added: T[] = []
    // The same words get the same suggestion: work it out once.
    const suggestions = new Map<string, string>()
    let next = 0
    const search = new RegExp(pattern)
    for (let match = search.exec(text); match !== null; match = search.exec(text)) {
      const start = match.index
      const end = start + match[0].length
      // Places taken that end before this match cannot touch this one or any later one.
      while (next < found.length && endOf(found[next]!) <= start) next++
      if (next < found.length && found[next]!.offset < end) continue
      let suggestion = suggestions.get(match[0])
      if (suggestion === undefined) suggestions.set(match[0], (suggestion = verbatim ? suggest(match[0]) : matchCase(match[0], suggest(match[0]))))
      added.push(make(start, match[0].length, match[0], suggestion, reason))
    }
    if (added.length > 0) found = found.length === 0 ? added : mergeByOffset(found, added)
  }
  if (into.length === 0) return found
  for (const place of found) into.push(place)
  return into
}

const endOf = (match: WordingMatch) => match.offset + match.length

/** Two lists sorted by offset, as one. */
function mergeByOffset<T extends WordingMatch>(a: readonly T[], b: readonly T[]): T[] {
  const merged: T[] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) merged.push(a[i]!.offset <= b[j]!.offset ? a[i++]! : b[j++]!)
  while (i < a.length) merged.push(a[i++]!)
  while (j < b.length) merged.push(b[j++]!)
  return merged
}

/**
 * `replacement` in the capitalisation of `original`: all capitals; or as
 * many leading words in capitals as `original` has ("HAVE REACHED the
 * following…" → "HAVE AGREED as follows"); or a capital first letter.
 */
function matchCase(original: string, replacement: string): string {
  if (original === original.toUpperCase() && /[A-Z]/.test(original)) return replacement.toUpperCase()
  const words = original.split(/\s+/)
  const leadingCapitals = words.findIndex((word) => word.length < 2 || word !== word.toUpperCase())
  if (leadingCapitals > 0) {
    return replacement
      .split(' ')
      .map((word, index) => (index < leadingCapitals ? word.toUpperCase() : word))
      .join(' ')
  }
  if (/^[A-Z]/.test(original)) return replacement.charAt(0).toUpperCase() + replacement.slice(1)
  return replacement
}
