/**
 * What the secretariat sets for signature, and what the originals print of
 * it in each language: who signs for each party (name and title per
 * language), where and when, in how many originals, and which text
 * prevails in case of divergence.
 */

export interface Signatory {
  name: string
  title: string
}

export interface SigningSettings {
  /** The place of signature per language ("Bangkok", "กรุงเทพมหานคร", "បាងកក"); a language without one uses the working language's. */
  place: Record<string, string>
  /** The date of signature (YYYY-MM-DD), or null while it is not fixed (a blank is left to fill in by hand). */
  date: string | null
  /** How many originals are signed (each holds every language text). */
  originals: number
  /** The language whose text prevails in case of divergence, or null when all are equally authentic without one prevailing. */
  prevailingLanguage: string | null
  /** Signatories by party code, then language. */
  signatories: Record<string, Record<string, Signatory>>
}

/** PUT …/signing: the settings, with a place that may be one string (the working language's). */
export type SigningRequest = Omit<SigningSettings, 'place'> & { place: string | Record<string, string> }

/** The settings of a document nobody has set yet. */
export const unsetSigning: SigningSettings = { place: {}, date: null, originals: 2, prevailingLanguage: null, signatories: {} }

/** Most originals one signing may have. */
export const maxOriginals = 10

/** A calendar date as the settings hold it. */
export const signingDatePattern = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/

/** The signatory of `party` in `lang`, falling back to the working language's; null when none is set. */
export function signatoryIn(settings: SigningSettings, party: string, lang: string, working: string): Signatory | null {
  const byLanguage = settings.signatories[party]
  return byLanguage?.[lang] ?? byLanguage?.[working] ?? null
}

/** The place of signature in `lang`, falling back to the working language's; null when none is set. */
export const placeIn = (settings: SigningSettings, lang: string, working: string): string | null => settings.place[lang] ?? settings.place[working] ?? null

/** What is still missing from `settings` for `parties` before originals can be exported, in words (empty when nothing is). */
export function missingSigningSettings(settings: SigningSettings, parties: readonly { code: string }[], working: string): string[] {
  const missing: string[] = []
  for (const party of parties) {
    if (signatoryIn(settings, party.code, working, working) === null) missing.push(`the signatory of ${party.code}`)
  }
  if (placeIn(settings, working, working) === null) missing.push('the place of signature')
  return missing
}
