/**
 * Parties named by reference, not by string: the text holds a `party_ref`
 * node ("the party TH, full name", "both parties, their States") and every
 * reader renders it in its language — and, in a party's signing original,
 * in that party's order (the alternat: in the Cambodian original, Cambodia
 * is named first wherever both are, in every language).
 *
 * English full names and State names are written as they follow "the"
 * ("Cambodian National Police", "Kingdom of Cambodia"): the text writes the
 * article before a reference, and a reference to both parties repeats it
 * before the second name ("the Kingdom of Cambodia and the Kingdom of
 * Thailand"). Short names take none ("CNP and DSI").
 */

import type { PartyNaming, PartyRecord } from './document.js'

/** The `party` of a reference to both parties. */
export const bothParties = '*'

export const partyForms = ['name', 'shortName', 'state'] as const
/** Which of a party's names a reference shows. */
export type PartyForm = (typeof partyForms)[number]

export interface PartyReference {
  /** A party's code, or `bothParties`. */
  party: string
  form: PartyForm
}

/** What a party is named in, per language: its names there, or the working language's. */
type NamedParty = Pick<PartyRecord, 'code' | 'name' | 'shortName' | 'state' | 'names' | 'position'>

/** The word joining two names, by primary language. */
const conjunctions: Readonly<Record<string, string>> = { en: 'and', th: 'และ', km: 'និង' }
/** Languages whose full and State names take a definite article repeated before the second of two names. */
const repeatedArticles: Readonly<Record<string, string>> = { en: 'the' }

const primary = (lang: string) => lang.split('-')[0]!.toLowerCase()

/** How `party` is named in `lang`: its names there, falling back to the working language's for any not given. */
export function namingIn(party: NamedParty, lang: string): PartyNaming {
  const own = party.names[lang]
  return {
    name: own?.name || party.name,
    shortName: own?.shortName || party.shortName,
    state: own?.state || party.state,
  }
}

/** `parties` in the order of `first`'s original (that party first), or in their own order when `first` is null. */
export function inAlternat<P extends Pick<PartyRecord, 'code' | 'position'>>(parties: readonly P[], first: string | null): P[] {
  const ordered = [...parties].sort((a, b) => a.position - b.position)
  if (first === null) return ordered
  return [...ordered.filter((party) => party.code === first), ...ordered.filter((party) => party.code !== first)]
}

/**
 * What `reference` reads in `lang`, with `parties` already in the order
 * they are to be named (see `inAlternat`); a reference to a party the
 * document does not have reads as its code in brackets.
 */
export function partyReferenceText(reference: PartyReference, parties: readonly NamedParty[], lang: string): string {
  const nameOf = (party: NamedParty) => namingIn(party, lang)[reference.form] || namingIn(party, lang).name
  if (reference.party === bothParties) {
    const [a, b] = parties
    if (!a || !b) return parties.map(nameOf).join('')
    const conjunction = conjunctions[primary(lang)] ?? conjunctions.en!
    const article = reference.form === 'shortName' ? undefined : repeatedArticles[primary(lang)]
    return `${nameOf(a)} ${conjunction} ${article ? `${article} ` : ''}${nameOf(b)}`
  }
  const party = parties.find((candidate) => candidate.code === reference.party)
  return party ? nameOf(party) : `[${reference.party}]`
}

/** How a reader shows a party reference: its text in the reader's language and order. */
export type PartyNamer = (reference: PartyReference) => string

/** The namer for text in `lang`, the parties in `first`'s order (see `inAlternat`; null: their own order). */
export function partyNamer(parties: readonly NamedParty[], lang: string, first: string | null = null): PartyNamer {
  const ordered = inAlternat(parties, first)
  return (reference) => partyReferenceText(reference, ordered, lang)
}

/** A namer that renders every reference as object replacement characters, as long as `namer` renders it: text read with it keeps its offsets, and no party name a reference renders. */
export function maskedNamer(namer: PartyNamer): PartyNamer {
  return (reference) => '\uFFFC'.repeat(namer(reference).length)
}

/** The reference a `party_ref` node's attributes make (anything unexpected reads as a full name). */
export function referenceOf(attrs: { party?: unknown; form?: unknown }): PartyReference {
  const form = (partyForms as readonly unknown[]).includes(attrs.form) ? (attrs.form as PartyForm) : 'name'
  return { party: String(attrs.party), form }
}

/** A name free text must not spell out, and the reference to write instead. */
export interface PartyName {
  text: string
  reference: PartyReference
}

/** Every name of every party in `lang` (full, short, State) with its reference, longest first: what free text must not spell out. */
export function partyNamesIn(parties: readonly NamedParty[], lang: string): PartyName[] {
  const names = new Map<string, PartyReference>()
  for (const party of parties) {
    const naming = namingIn(party, lang)
    for (const form of partyForms) {
      const text = naming[form].trim()
      if (text.length >= 2 && !names.has(text)) names.set(text, { party: party.code, form })
    }
  }
  return [...names].map(([text, reference]) => ({ text, reference })).sort((a, b) => b.text.length - a.text.length)
}
