/**
 * A negotiated document, its two parties and its languages, as the whole
 * server and the browser client speak of them.
 */

import { invalid } from './errors.js'

/** The two instrument styles (see the template library). */
export type InstrumentStyle = 'treaty' | 'mou'

/** How a party is named in one language. */
export interface PartyNaming {
  /** Full name ("Cambodian National Police"), written as it follows "the" in English. */
  name: string
  /** Short name ("CNP"). */
  shortName: string
  /** The State the party belongs to ("Kingdom of Cambodia"), or "" when not given. */
  state: string
}

export interface PartyRecord extends PartyNaming {
  /** Short code, unique within the document ("TH", "KH"). */
  code: string
  /** 0 or 1: the order in which the parties were named at creation. */
  position: number
  /** The party's own language (a BCP 47 code among the document's), or null. */
  language: string | null
  /** The party's names in the document's other languages (`name`, `shortName` and `state` are the working language's). */
  names: Record<string, PartyNaming>
}

/**
 * The languages of a document's equally authentic texts: the working
 * language, in which the delegations negotiate (its text is the `prosemirror`
 * fragment), and the others, each a text of its own that follows the working
 * text's structure.
 */
export interface DocumentLanguages {
  working: string
  others: string[]
}

/** A party's code: 2 to 8 capital letters or digits, starting with a letter ("TH", "KH"). */
export const partyCodePattern = /^[A-Z][A-Z0-9]{1,7}$/

/** A BCP 47 language tag as Counterpart accepts it: a 2–3 letter primary language, lower case, and optional subtags ("th", "km", "en-GB"). */
export const languageTagPattern = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/

/** How many other languages a document may have. */
export const maxOtherLanguages = 8

/**
 * Who gives a party's full agreement (the second party's agreement, which
 * makes a clause agreed) and accepts a request to reopen: any member acting
 * for the party, or only its head of delegation.
 */
export const fullAgreementChoices = ['delegates', 'heads'] as const
export type FullAgreementBy = (typeof fullAgreementChoices)[number]

export interface DocumentRecord {
  id: string
  title: string
  style: InstrumentStyle
  parties: PartyRecord[]
  languages: DocumentLanguages
  /** Who gives a party's full agreement and accepts a reopen request (the document's setting). */
  fullAgreementBy: FullAgreementBy
  createdAt: Date
}

/** Throws Invalid, naming the document's parties, unless `counterpart` is the code of one (the party whose copy an export is). */
export function requireCounterpart(document: Pick<DocumentRecord, 'parties'>, counterpart: string): void {
  if (!document.parties.some((party) => party.code === counterpart)) {
    throw invalid(`parameter "counterpart" must be ${document.parties.map((party) => `"${party.code}"`).join(' or ')} (got ${JSON.stringify(counterpart)})`)
  }
}
