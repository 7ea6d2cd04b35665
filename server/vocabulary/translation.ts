/**
 * Where each clause's text in another language stands against the working
 * text: missing (never written), draft (written, not confirmed), confirmed
 * (a member confirmed it renders the working text as it stood: both texts'
 * hashes recorded), or stale (confirmed, but either text changed since).
 * Stale is derived from the hashes, never set by hand.
 */

export const translationStatuses = ['missing', 'draft', 'confirmed', 'stale'] as const
export type TranslationStatus = (typeof translationStatuses)[number]

/** A confirmation, as the append-only log keeps it. */
export interface TranslationConfirmation {
  documentId: string
  clauseId: string
  lang: string
  /** SHA-256 (hex) of the clause's working text and of its text in `lang`, as confirmed. */
  workingHash: string
  translationHash: string
  /** The working text's words as confirmed: what a stale clause is compared with. */
  workingText: string
  confirmedBy: string
  confirmedAt: Date
}

/** Whether a status lets the clause be agreed: only a confirmation that still holds. */
export const isSettled = (status: TranslationStatus): boolean => status === 'confirmed'

/** The codes of the parties whose delegates confirm a translation into `lang`: the party that names it its own, or both when none does. */
export function confirmingParties(parties: readonly { code: string; language: string | null }[], lang: string): string[] {
  const own = parties.filter((party) => party.language === lang).map((party) => party.code)
  return own.length > 0 ? own : parties.map((party) => party.code)
}

/** Whether `member` (null: the administrator) may confirm a translation into `lang`: a delegate, not revoked, of a confirming party. */
export function mayConfirm(
  member: { role: string; party: string | null; revokedAt: unknown } | null,
  parties: readonly { code: string; language: string | null }[],
  lang: string,
): boolean {
  if (member === null || member.role !== 'delegate' || (member.revokedAt !== null && member.revokedAt !== undefined) || member.party === null) return false
  return confirmingParties(parties, lang).includes(member.party)
}
