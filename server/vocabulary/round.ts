/**
 * Rounds: the meetings a negotiation's text moves in (the Nth meeting
 * between the two delegations, its place and dates, who attended for each
 * party, its agenda). A round is planned, opened — the text as it stood
 * recorded as a revision — and closed, recording another: everything
 * between the two revisions is the round.
 */

import type { Role } from './member.js'

/** One person attending a round for a party: forty and more a delegation. */
export interface Attendee {
  party: string
  name: string
  /** Their title ("Police Major General"). */
  title: string
  organisation: string
  /** Their role in the delegation ("Head of delegation", "Member", "Interpreter"). */
  role: string
}

/** An item of a round's agenda: a clause of the text, or a topic of its own (clauseId null). */
export interface AgendaItem {
  clauseId: string | null
  topic: string
}

export interface RoundRecord {
  documentId: string
  number: number
  title: string
  place: string
  /** Calendar dates, YYYY-MM-DD. */
  startDate: string
  endDate: string
  attendance: Attendee[]
  agenda: AgendaItem[]
  createdBy: string | null
  createdAt: Date
  openedAt: Date | null
  /** The revision recorded as the round opened, and as it closed. */
  openedRevision: number | null
  closedAt: Date | null
  closedRevision: number | null
}

export type RoundState = 'planned' | 'open' | 'closed'

export const roundState = (round: Pick<RoundRecord, 'openedAt' | 'closedAt'>): RoundState => (round.closedAt ? 'closed' : round.openedAt ? 'open' : 'planned')

/** Most attendees a round lists, for both parties together, and most agenda items. */
export const maxAttendees = 400
export const maxAgendaItems = 200

/** Whether a member of `role` plans, opens and closes rounds: the secretariat's alone (and the administrator's, who is no member). */
export const keepsRounds = (role: Role): boolean => role === 'secretariat'

/**
 * Whether `member` sets who attends a round for `party` (until the round
 * is closed): the secretariat for either party, a head of delegation for
 * its own.
 */
export function setsAttendanceOf(member: { role: Role; party: string | null }, party: string): boolean {
  return keepsRounds(member.role) || (member.role === 'head' && member.party === party)
}

/** A calendar date as rounds write it: YYYY-MM-DD, a day that exists. */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false
  const date = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value
}

/** The revision a round's opening or closing records. */
export type RoundStepName = 'opening' | 'closing'

/**
 * The label of the revision recorded as round `number` opens or closes:
 * "Opening text of round 3", "Closing text of round 3" — the server's
 * words, in English; a page says them in its reader's language
 * (`roundOfRevisionLabel`).
 */
export function roundRevisionLabel(step: RoundStepName, number: number): string {
  return `${step === 'opening' ? 'Opening' : 'Closing'} text of round ${number}`
}

/** The round and step a revision label names, as `roundRevisionLabel` writes it; null for any other label. */
export function roundOfRevisionLabel(label: string): { step: RoundStepName; round: number } | null {
  const match = /^(Opening|Closing) text of round ([1-9][0-9]{0,8})$/.exec(label)
  return match ? { step: match[1] === 'Opening' ? 'opening' : 'closing', round: Number(match[2]) } : null
}

/** The decisions about a clause that are told with who took them alone, by audit event, and the phrase each is said with (the Record of Discussion's words, the page's). */
const clauseDecisionPhrases = {
  'clause-negotiation-started': 'negotiationStarted',
  'clause-agreed-ad-referendum': 'agreedAdReferendum',
  'clause-agreed': 'agreed',
  'clause-agreement-withdrawn': 'agreementWithdrawn',
  'clause-reopen-requested': 'reopenRequested',
  'clause-reopened': 'reopened',
  'clause-deleted': 'deleted',
} as const

export type ClauseDecisionPhrase = (typeof clauseDecisionPhrases)[keyof typeof clauseDecisionPhrases]

/** The phrase decision `event` is said with when who took it is all it needs, or null for another event. */
export const clauseDecisionPhrase = (event: string): ClauseDecisionPhrase | null =>
  Object.hasOwn(clauseDecisionPhrases, event) ? clauseDecisionPhrases[event as keyof typeof clauseDecisionPhrases] : null

/** A decision about a clause taken during a round, as the audit trail records it. */
export interface RoundDecision {
  /** The audit event: "clause-agreed-ad-referendum", "bracket-resolved", "translation-confirmed"… */
  event: string
  at: string
  /** The party of the member who took it; null for the secretariat, the administrator or the server. */
  party: string | null
  details: Record<string, unknown>
}

/** What a round did to one clause: its text's change between the round's two states, who changed it, and the decisions taken. */
export interface RoundClauseChange {
  clauseId: string
  /** As numbered at the end of the round (or, for a clause the round removed, at its start). */
  label: string
  heading: string
  change: 'added' | 'removed' | 'moved' | 'modified' | 'renumbered' | 'unchanged'
  /** The parties whose edits the compare credits with the change (the secretariat and the server are not a party). */
  changedBy: string[]
  decisions: RoundDecision[]
}

/** What the API answers of a round. */
export interface RoundView {
  number: number
  title: string
  place: string
  startDate: string
  endDate: string
  state: RoundState
  attendance: Attendee[]
  agenda: AgendaItem[]
  openedAt: string | null
  openedRevision: number | null
  closedAt: string | null
  closedRevision: number | null
  /**
   * With a single round read: what it did, clause by clause — from its
   * opening revision to its closing one (or to the live text while it is
   * open); null while it is planned. Only clauses it changed or decided on.
   */
  changes?: RoundClauseChange[] | null
}

export function roundView(round: RoundRecord, changes?: RoundClauseChange[] | null): RoundView {
  return {
    number: round.number,
    title: round.title,
    place: round.place,
    startDate: round.startDate,
    endDate: round.endDate,
    state: roundState(round),
    attendance: round.attendance,
    agenda: round.agenda,
    openedAt: round.openedAt?.toISOString() ?? null,
    openedRevision: round.openedRevision,
    closedAt: round.closedAt?.toISOString() ?? null,
    closedRevision: round.closedRevision,
    ...(changes !== undefined && { changes }),
  }
}
