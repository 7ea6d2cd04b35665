/**
 * Each party's colour, by its position among the document's parties: the
 * same on cursors, in presence lists, in redlines and on bracketed text.
 */

/** Party colours by position, and one for members of neither party, the server or an unknown author. */
export const partyColors: readonly string[] = ['#1d4ed8', '#c2410c']
export const neutralColor = '#4b5563'

/** The colour of party `code` among `parties` (grey for none or an unknown code). */
export function colorOfParty(parties: readonly { code: string }[], code: string | null | undefined): string {
  return partyColors[parties.findIndex((party) => party.code === code)] ?? neutralColor
}
