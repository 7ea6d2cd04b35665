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
  if (actor.role === 'observer') throw forbidden('observers may not change the status of a clause')
  const partyMember = partyActedFor(actor) !== null
  const headsOnly = fullAgreementBy === 'heads' && actor.role !== 'head'
  const agreedParties = state.agreements.map((agreement) => agreement.party)

  if (action.kind === 'request-reopen') {
    if (!partyMember) throw forbidden('only a delegate or legal member of a party may ask to reopen a clause')
    if (state.status !== 'agreed') throw conflict(`only an agreed clause is reopened (this one is ${state.status}); a party that agreed ad referendum may withdraw instead`)
    if (state.reopenRequest) throw conflict(`${state.reopenRequest.party} has already asked to reopen this clause`)
    return { state: { ...state, reopenRequest: { party: actor.party!, memberId: actor.memberId, name: actor.name, at: now } }, event: 'reopen-requested' }
  }
  if (action.kind === 'accept-reopen') {
    if (!partyMember) throw forbidden('only a delegate or legal member of a party may accept a request to reopen')
    if (!state.reopenRequest) throw conflict('nobody has asked to reopen this clause')
    if (state.reopenRequest.party === actor.party) throw forbidden('the other party must accept the request to reopen')
    if (headsOnly) throw forbidden(`in this document only ${actor.party}'s head of delegation accepts a request to reopen`)
    return { state: { status: 'under-negotiation', agreements: [], reopenRequest: null }, event: 'reopened' }
  }

  const { target } = action
  if (!(clauseStatuses as readonly string[]).includes(target)) {
    throw invalid(`field "status" must be one of ${clauseStatuses.map((status) => `"${status}"`).join(', ')} (got ${JSON.stringify(target)})`)
  }
  switch (target) {
    case 'draft':
      throw conflict('a clause does not go back to draft')
    case 'under-negotiation':
      if (state.status === 'draft') return { state: { ...state, status: 'under-negotiation' }, event: 'negotiation-started' }
      if (state.status === 'under-negotiation') throw conflict('the clause is already under negotiation')
      if (state.status === 'agreed') {
        throw conflict('an agreed clause is reopened only when one party asks and the other accepts (POST …/reopen)')
      }
      // Ad referendum: the party that agreed may withdraw its agreement.
      if (!partyMember || !agreedParties.includes(actor.party!)) throw forbidden('only the party that agreed may withdraw its agreement')
      return {
        state: { status: 'under-negotiation', agreements: state.agreements.filter((agreement) => agreement.party !== actor.party), reopenRequest: null },
        event: 'agreement-withdrawn',
      }
    case 'agreed-ad-referendum':
    case 'agreed': {
      if (!partyMember) throw forbidden('only a delegate or legal member of a party agrees to a clause for that party')
      if (state.status === 'draft') throw conflict('the clause is still a draft: start the negotiation first')
      if (state.status === 'agreed') throw conflict('the clause is already agreed')
      if (agreedParties.includes(actor.party!)) throw conflict(`${actor.party} has already agreed to this clause`)
      if (brackets > 0) throw conflict(`the clause still holds ${brackets} bracketed proposal${brackets === 1 ? '' : 's'}; resolve them first`)
      const initials = action.initials?.trim() || null
      if (initials !== null && initials.length > 10) throw invalid(`field "initials" must be at most 10 characters (got ${initials.length})`)
      const agreements = [...state.agreements, { party: actor.party!, memberId: actor.memberId, name: actor.name, initials, at: now }]
      const everyone = parties.every((party) => agreements.some((agreement) => agreement.party === party))
      if (target === 'agreed' && !everyone) throw conflict('the other party has not agreed yet: agree ad referendum')
      if (everyone && headsOnly) {
        throw forbidden(`in this document only ${actor.party}'s head of delegation gives the full agreement that makes a clause agreed; a delegate agrees ad referendum only while the other party has not agreed`)
      }
      return { state: { status: everyone ? 'agreed' : 'agreed-ad-referendum', agreements, reopenRequest: null }, event: everyone ? 'agreed' : 'agreed-ad-referendum' }
    }
  }
}

