/**
 * The wording check: whether the words of a draft match its instrument
 * style. A memorandum of understanding is meant not to bind; treaty words
 * in it ("shall", "agree", "Parties", "obligations", "enter into force",
 * "Article") invite the later dispute over whether the two sides created
 * legal obligations. A treaty, in turn, should not speak the soft language
 * of a memorandum. Each finding says where, and what to write instead.
 */

import type { PartKind, TextPart } from './documentText.js'
import type { InstrumentStyle } from './document.js'

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
  /** The replacement, written as for a lower-case match; a capitalised match gets a capital first letter. */
  suggest: (match: string) => string
  reason: string
}

const binding = 'binding treaty wording in a non-binding memorandum'
const soft = 'memorandum wording in a binding treaty'

const rule = (pattern: RegExp, replacement: string | ((match: string) => string), reason: string): Rule => ({
  pattern,
  suggest: typeof replacement === 'string' ? () => replacement : replacement,
  reason,
})

/** Rules by the style of the document they check; phrases come before the words they contain. */
const rules: Record<InstrumentStyle, Rule[]> = {
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

/** Every place in `parts` whose wording does not fit `style`, in document order. */
export function checkWording(parts: readonly TextPart[], style: InstrumentStyle): WordingFinding[] {
  let findings: WordingFinding[] = []
  for (const { part, clauseId, label, text } of parts) {
    findings = collectWording(text, style, findings, (offset, length, words, suggestion, reason) => ({ part, clauseId, label, offset, length, text: words, suggestion, reason }))
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
export function findWording(text: string, style: InstrumentStyle): WordingMatch[] {
  return collectWording(text, style, [], (offset, length, words, suggestion, reason) => ({ offset, length, text: words, suggestion, reason }))
}

/**
 * Appends to `into` what `make` builds of each place in `text` whose
 * wording does not fit `style`, in order; returns the list appended to
 * (`into` itself, or a new list when `into` was empty).
 *
 * Linear in the text for a fixed rule set: each rule's matches come in
 * order and never overlap each other, so one walk over the places already
 * taken (kept sorted) tests them all, and one merge adds the new ones.
 */
function collectWording<T extends WordingMatch>(
  text: string,
  style: InstrumentStyle,
  into: T[],
  make: (offset: number, length: number, text: string, suggestion: string, reason: string) => T,
): T[] {
  let found: T[] = []
  for (const { pattern, suggest, reason } of rules[style]) {
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
      if (suggestion === undefined) suggestions.set(match[0], (suggestion = matchCase(match[0], suggest(match[0]))))
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
