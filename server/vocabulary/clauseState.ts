/**
 * Where a clause stands in the negotiation: its status, who agreed (ad
 * referendum) for which party, and a pending request to reopen it — as the
 * clause's attributes hold them, for the server's rules and the client's
 * panels alike. Which moves are allowed is `negotiation/clauseStatus.ts`.
 */

import { clauseStatuses, type ClauseStatus, type negotiatedParts } from './schema.js'

export { clauseStatuses, type ClauseStatus }

/** How the parts negotiated like clauses are called, as a label and inside a sentence. */
export const partNames: Readonly<Record<keyof typeof negotiatedParts, { label: string; inSentence: string }>> = {
  title: { label: 'Title', inSentence: 'the title' },
  preamble: { label: 'Preamble', inSentence: 'the preamble' },
  final_provisions: { label: 'Final provisions', inSentence: 'the final provisions' },
}

/** What a part is called at the start of a sentence ("The final provisions"), by its node name. */
export const partSubject = (name: keyof typeof negotiatedParts): string => {
  const { inSentence } = partNames[name]
  return inSentence[0]!.toUpperCase() + inSentence.slice(1)
}

/** Statuses whose text is locked: nobody may change it. */
export const lockedStatuses: readonly ClauseStatus[] = ['agreed-ad-referendum', 'agreed']

/** Whether a clause with `status` (an attribute value, of any type) has locked text. */
export const isLocked = (status: unknown): boolean => (lockedStatuses as readonly unknown[]).includes(status)

export interface Agreement {
  party: string
  memberId: string
  name: string
  initials: string | null
  at: string
}

export interface ReopenRequest {
  party: string
  memberId: string
  name: string
  at: string
}

export interface ClauseState {
  status: ClauseStatus
  agreements: Agreement[]
  reopenRequest: ReopenRequest | null
}

/** Which clauses POST …/clauses/agree agrees: those named, or every one the other party has agreed ad referendum and the member's party has not. */
export type AgreementSelection = { clauseIds: readonly string[] } | { agreedAdReferendumByOtherParty: true }

/** Reads a clause's workflow state from its attributes (as stored in the document). */
export function clauseStateOf(attrs: { status?: unknown; agreedBy?: unknown; reopenRequest?: unknown }): ClauseState {
  const status = (clauseStatuses as readonly string[]).includes(String(attrs.status)) ? (attrs.status as ClauseStatus) : 'draft'
  return { status, agreements: parseJson<Agreement[]>(attrs.agreedBy) ?? [], reopenRequest: parseJson<ReopenRequest>(attrs.reopenRequest) }
}

/** A clause's workflow state as attribute values. */
export function attributesOf(state: ClauseState): { status: ClauseStatus; agreedBy: string | null; reopenRequest: string | null } {
  return {
    status: state.status,
    agreedBy: state.agreements.length > 0 ? JSON.stringify(state.agreements) : null,
    reopenRequest: state.reopenRequest ? JSON.stringify(state.reopenRequest) : null,
  }
}

function parseJson<T>(value: unknown): T | null {
  if (typeof value !== 'string' || value === '') return null
  try {
    return JSON.parse(value) as T
  } catch {
    return null
  }
}
