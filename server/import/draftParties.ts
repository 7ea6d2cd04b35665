/**
 * The parties named in a draft's words, made party references: where a
 * text spells out a party's name, short name or State in its language
 * ("the Cambodian National Police", "DSI", "ราชอาณาจักรไทย"), or both
 * parties' ("DSI and CNP", in either order), the words become a
 * `party-ref`, as Counterpart's own texts hold them — so a party's
 * original names it first (the alternat) and the wording check finds no
 * name typed. Longest names first; a Latin name only as a whole word;
 * words inside a tracked change stay words (a reference takes no bracket).
 */

import type { PartyRecord } from '../vocabulary/document.js'
import { bothParties, partyForms, partyNamesIn, partyReferenceText, type PartyReference } from '../vocabulary/partyReference.js'
import type { DraftInline, DraftText } from './importedDraft.js'
import { textBlocks } from './importedDraft.js'

type NamedParty = Pick<PartyRecord, 'code' | 'name' | 'shortName' | 'state' | 'names' | 'position'>

/** The names to find in `lang`, longest first: both parties' in either order, then each party's. */
function namesIn(parties: readonly NamedParty[], lang: string): { text: string; reference: PartyReference }[] {
  const names = new Map<string, PartyReference>()
  if (parties.length === 2) {
    for (const order of [parties, [...parties].reverse()]) {
      for (const form of partyForms) names.set(partyReferenceText({ party: bothParties, form }, order, lang), { party: bothParties, form })
    }
  }
  for (const { text, reference } of partyNamesIn(parties, lang)) if (!names.has(text)) names.set(text, reference)
  return [...names].map(([text, reference]) => ({ text, reference })).sort((a, b) => b.text.length - a.text.length)
}

const latin = /[A-Za-z0-9\u00c0-\u024f]/

/** Makes the party names in `text`'s words (title, preamble, clauses, final provisions) party references; answers how many. */
export function referParties(text: DraftText, parties: readonly NamedParty[]): number {
  const names = namesIn(parties, text.lang)
  if (names.length === 0) return 0
  let count = 0
  for (const block of textBlocks(text)) {
    const inlines: DraftInline[] = []
    for (const inline of block.inlines) {
      if (inline.kind !== 'text' || inline.change !== null) {
        inlines.push(inline)
        continue
      }
      let rest = inline.text
      while (rest !== '') {
        const found = firstName(rest, names)
        if (found === null) {
          inlines.push({ ...inline, text: rest })
          break
        }
        if (found.index > 0) inlines.push({ ...inline, text: rest.slice(0, found.index) })
        inlines.push({ kind: 'party-ref', party: found.reference.party, form: found.reference.form, text: found.text, marks: inline.marks, change: null, comments: inline.comments })
        count++
        rest = rest.slice(found.index + found.text.length)
      }
    }
    block.inlines = inlines
  }
  return count
}

/** The first name in `text` (the longest at the earliest place), or null. */
function firstName(text: string, names: readonly { text: string; reference: PartyReference }[]): { index: number; text: string; reference: PartyReference } | null {
  let best: { index: number; text: string; reference: PartyReference } | null = null
  for (const name of names) {
    let from = 0
    while (from <= text.length) {
      const index = text.indexOf(name.text, from)
      if (index < 0 || (best !== null && index >= best.index)) break
      const before = text[index - 1]
      const after = text[index + name.text.length]
      const whole = !(latin.test(name.text[0]!) && before !== undefined && latin.test(before)) && !(latin.test(name.text.at(-1)!) && after !== undefined && latin.test(after))
      if (whole) {
        best = { index, text: name.text, reference: name.reference }
        break
      }
      from = index + 1
    }
  }
  return best
}
