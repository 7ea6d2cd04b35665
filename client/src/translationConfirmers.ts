/**
 * Who confirms a translation: a delegate of the party whose language it is,
 * or of either party for a language no party names — the rule the server
 * applies to POST …/translations/:lang/confirm, so the page offers the
 * "Confirm" button only to those the server will hear.
 */

import type { MemberView, PartyView } from '../../server/vocabulary/views.js'

/** The codes of the parties whose delegates confirm a translation into `lang`. */
export function confirmingParties(parties: readonly Pick<PartyView, 'code' | 'language'>[], lang: string): string[] {
  const own = parties.filter((party) => party.language === lang).map((party) => party.code)
  return own.length > 0 ? own : parties.map((party) => party.code)
}

/** Whether `member` (null: the administrator) may confirm a translation into `lang`. */
export function mayConfirm(member: Pick<MemberView, 'role' | 'party' | 'revokedAt'> | null, parties: readonly Pick<PartyView, 'code' | 'language'>[], lang: string): boolean {
  if (member === null || member.role !== 'delegate' || member.revokedAt !== null || member.party === null) return false
  return confirmingParties(parties, lang).includes(member.party)
}
