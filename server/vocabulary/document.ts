/**
 * A negotiated document and its two parties, as the whole server and the
 * browser client speak of them.
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
}

export interface DocumentRecord {
  id: string
  title: string
  style: InstrumentStyle
  parties: PartyRecord[]
  createdAt: Date
}
