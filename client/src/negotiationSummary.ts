/**
 * How the home page words a negotiation: its parties, the person's seat in
 * it, how far it has come and what waits on them (`GET /api/me`), in the
 * interface's language.
 */

import type { NegotiationSummary, PersonMembershipView } from '../../server/vocabulary/person.js'
import { t } from './i18n/translator.js'
import { roleName } from './i18n/vocabularyWords.js'

/** "DSI – CNP": the parties' short names in the order they were named. */
export function partiesText(parties: PersonMembershipView['parties']): string {
  return parties.map((party) => party.shortName || party.code).join(' – ')
}

/** "Head of delegation, DSI": the role, and the party it acts for by short name (its code when the document names it otherwise). */
export function seatText(membership: Pick<PersonMembershipView, 'role' | 'party' | 'parties'>): string {
  const role = roleName(membership.role)
  if (membership.party === null) return role
  const party = membership.parties.find((candidate) => candidate.code === membership.party)
  return t('home.seat', { role, party: party?.shortName || membership.party })
}

/** "3 of 19 clauses agreed · 2 under negotiation" ("1 clause" in the singular; "No clauses yet" for an empty text). */
export function progressText({ clauses, agreed, underNegotiation }: NegotiationSummary): string {
  if (clauses === 0) return t('home.noClauses')
  return t('home.progress', { agreed, clauses, underNegotiation })
}

/** "2 waiting on you", or null when nothing waits. */
export function waitingText({ waiting }: NegotiationSummary): string | null {
  return waiting > 0 ? t('home.waiting', { waiting }) : null
}
