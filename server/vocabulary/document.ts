/**
 * A negotiated document, its two parties and its languages, as the whole
 * server and the browser client speak of them.
 */

/** The two instrument styles (see the template library). */
export type InstrumentStyle = 'treaty' | 'mou'

export interface PartyRecord {
  /** Short code, unique within the document ("TH", "KH"). */
  code: string
  name: string
  shortName: string
  /** 0 or 1: the order in which the parties were named at creation. */
  position: number
  /** The party's own language (a BCP 47 code among the document's), or null. */
  language: string | null
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

/** A BCP 47 language tag as Counterpart accepts it: a 2–3 letter primary language, lower case, and optional subtags ("th", "km", "en-GB"). */
export const languageTagPattern = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/

/** How many other languages a document may have. */
export const maxOtherLanguages = 8

export interface DocumentRecord {
  id: string
  title: string
  style: InstrumentStyle
  parties: PartyRecord[]
  languages: DocumentLanguages
  createdAt: Date
}
