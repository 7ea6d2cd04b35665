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
import { blockText, textBlocks, withSpans, type DraftText, type InlineSpan } from './importedDraft.js'

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
    const spans: InlineSpan[] = namesFound(blockText(block), names).map(({ index, name }) => ({
      start: index,
      end: index + name.text.length,
      make: (words) => {
        count++
        return { kind: 'party-ref', party: name.reference.party, form: name.reference.form, text: words.text, marks: words.marks, change: null, comments: words.comments }
      },
    }))
    block.inlines = withSpans(block.inlines, spans)
  }
  return count
}

/**
 * The names in `text`, in order, none overlapping: at each place the
 * longest name there, a Latin one only as a whole word. Each name's next
 * place is looked for once it is passed, so the cost is the text's length
 * times the number of names, however many there are.
 */
function namesFound(text: string, names: readonly { text: string; reference: PartyReference }[]): { index: number; name: { text: string; reference: PartyReference } }[] {
  const whole = (name: string, index: number) => {
    const before = text[index - 1]
    const after = text[index + name.length]
    return !(latin.test(name[0]!) && before !== undefined && latin.test(before)) && !(latin.test(name.at(-1)!) && after !== undefined && latin.test(after))
  }
  const nextOf = (name: string, from: number): number => {
    for (let index = text.indexOf(name, from); index >= 0; index = text.indexOf(name, index + 1)) if (whole(name, index)) return index
    return -1
  }
  const next = names.map((name) => nextOf(name.text, 0))
  const found: { index: number; name: { text: string; reference: PartyReference } }[] = []
  let from = 0
  for (;;) {
    let best = -1
    names.forEach((name, at) => {
      if (next[at]! >= 0 && next[at]! < from) next[at] = nextOf(name.text, from)
      // Names are longest first: at the same place, the first found is the longest.
      if (next[at]! >= 0 && (best < 0 || next[at]! < next[best]!)) best = at
    })
    if (best < 0) return found
    found.push({ index: next[best]!, name: names[best]! })
    from = next[best]! + names[best]!.text.length
  }
}
