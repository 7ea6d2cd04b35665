/**
 * The life of a clause: `draft` → `under-negotiation` → `agreed-ad-referendum`
 * (one party has agreed, subject to confirmation by its capital) → `agreed`
 * (both) → back to `under-negotiation` only when one party asks to reopen
 * and the other accepts. A clause cannot be agreed while it holds
 * bracketed text. Pure rules: who may do what, and what follows.
 */

import { conflict, forbidden, invalid } from '../vocabulary/errors.js'
import { clauseStatuses, type ClauseStatus } from '../vocabulary/schema.js'
import { partyActedFor, type Role } from '../vocabulary/member.js'
import type { FullAgreementBy } from '../vocabulary/document.js'
import type { ClauseState } from '../vocabulary/clauseState.js'
import { refusal } from '../vocabulary/refusal.js'

export interface Actor {
  memberId: string
  name: string
  role: Role
  party: string | null
}

export type StatusAction =
  | { kind: 'set'; target: ClauseStatus; initials?: string | null }
  | { kind: 'request-reopen' }
  | { kind: 'accept-reopen' }

export interface Transition {
  state: ClauseState
  /** The audit event: what happened. */
  event: 'negotiation-started' | 'agreed-ad-referendum' | 'agreed' | 'agreement-withdrawn' | 'reopen-requested' | 'reopened'
}

/**
 * What `action` by `actor` makes of a clause in `state` with `brackets`
 * bracketed proposals, between `parties`. A party's head of delegation,
 * delegates and legal staff act for it; when `fullAgreementBy` is
 * `heads`, only the head gives its party's full agreement (the agreement
 * that makes the clause agreed) and accepts a request to reopen. Throws
 * Forbidden when the actor may not, Conflict when the clause is not in a
 * state that allows it.
 */
export function nextState(
  state: ClauseState,
  action: StatusAction,
  actor: Actor,
  parties: readonly string[],
  brackets: number,
  now: string,
  fullAgreementBy: FullAgreementBy = 'delegates',
): Transition {
  if (actor.role === 'observer') throw forbidden(refusal('refusal.status.observer'))
  const partyMember = partyActedFor(actor) !== null
  const headsOnly = fullAgreementBy === 'heads' && actor.role !== 'head'
  const agreedParties = state.agreements.map((agreement) => agreement.party)

  if (action.kind === 'request-reopen') {
    if (!partyMember) throw forbidden(refusal('refusal.reopen.byPartyMember'))
    if (state.status !== 'agreed') throw conflict(refusal('refusal.reopen.onlyAgreed', { status: state.status }))
    if (state.reopenRequest) throw conflict(refusal('refusal.reopen.alreadyAsked', { party: state.reopenRequest.party }))
    return { state: { ...state, reopenRequest: { party: actor.party!, memberId: actor.memberId, name: actor.name, at: now } }, event: 'reopen-requested' }
  }
  if (action.kind === 'accept-reopen') {
    if (!partyMember) throw forbidden(refusal('refusal.reopen.acceptByPartyMember'))
    if (!state.reopenRequest) throw conflict(refusal('refusal.reopen.nobodyAsked'))
    if (state.reopenRequest.party === actor.party) throw forbidden(refusal('refusal.reopen.otherPartyAccepts'))
    if (headsOnly) throw forbidden(refusal('refusal.reopen.headAccepts', { party: actor.party }))
    return { state: { status: 'under-negotiation', agreements: [], reopenRequest: null }, event: 'reopened' }
  }

  const { target } = action
  if (!(clauseStatuses as readonly string[]).includes(target)) {
    throw invalid(`field "status" must be one of ${clauseStatuses.map((status) => `"${status}"`).join(', ')} (got ${JSON.stringify(target)})`)
  }
  switch (target) {
    case 'draft':
      throw conflict(refusal('refusal.status.noDraftAgain'))
    case 'under-negotiation':
      if (state.status === 'draft') return { state: { ...state, status: 'under-negotiation' }, event: 'negotiation-started' }
      if (state.status === 'under-negotiation') throw conflict(refusal('refusal.status.alreadyUnderNegotiation'))
      if (state.status === 'agreed') {
        throw conflict(refusal('refusal.status.reopenByRequest'))
      }
      // Ad referendum: the party that agreed may withdraw its agreement.
      if (!partyMember || !agreedParties.includes(actor.party!)) throw forbidden(refusal('refusal.status.withdrawByAgreeingParty'))
      return {
        state: { status: 'under-negotiation', agreements: state.agreements.filter((agreement) => agreement.party !== actor.party), reopenRequest: null },
        event: 'agreement-withdrawn',
      }
    case 'agreed-ad-referendum':
    case 'agreed': {
      if (!partyMember) throw forbidden(refusal('refusal.status.agreeByPartyMember'))
      if (state.status === 'draft') throw conflict(refusal('refusal.status.stillDraft'))
      if (state.status === 'agreed') throw conflict(refusal('refusal.status.alreadyAgreed'))
      if (agreedParties.includes(actor.party!)) throw conflict(refusal('refusal.status.partyAlreadyAgreed', { party: actor.party }))
      if (brackets > 0) throw conflict(refusal('refusal.status.openBrackets', { count: brackets }))
      const initials = action.initials?.trim() || null
      if (initials !== null && initials.length > 10) throw invalid(`field "initials" must be at most 10 characters (got ${initials.length})`)
      const agreements = [...state.agreements, { party: actor.party!, memberId: actor.memberId, name: actor.name, initials, at: now }]
      const everyone = parties.every((party) => agreements.some((agreement) => agreement.party === party))
      if (target === 'agreed' && !everyone) throw conflict(refusal('refusal.status.otherPartyFirst'))
      if (everyone && headsOnly) {
        throw forbidden(refusal('refusal.status.headAgrees', { party: actor.party }))
      }
      return { state: { status: everyone ? 'agreed' : 'agreed-ad-referendum', agreements, reopenRequest: null }, event: everyone ? 'agreed' : 'agreed-ad-referendum' }
    }
  }
}

