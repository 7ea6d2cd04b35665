/**
 * Resolving a bracketed proposal by consent. A resolution keeps one
 * alternative (the others are deleted) or drops them all; it needs the
 * consent of every party whose alternative it drops, and the party asking
 * consents by asking. So a party withdraws its own proposal, keeps its own
 * single alternative or accepts the other party's at once, while dropping
 * the other party's wording becomes a request that party accepts (or
 * declines; the asker may cancel it) — the way reopening works. Pure rules,
 * and the writing of pending requests into the root `Y.Map` named
 * `negotiation` of the shared document, which only the server writes
 * (reading them is `vocabulary/bracketRequest.ts`).
 */

import type * as Y from 'yjs'
import { conflict, forbidden, invalid } from '../vocabulary/errors.js'
import { partyActedFor, type Role } from '../vocabulary/member.js'
import { describeBracket, type Bracket } from '../vocabulary/brackets.js'
import { consentNeeded, type Answer, type ResolutionRequest } from '../vocabulary/bracketRequest.js'
import { negotiationMapName } from '../vocabulary/documentRoots.js'
import { refusal } from '../vocabulary/refusal.js'

/** Who asks or answers: a member, or the administrator (no party, like the secretariat). */
export interface ResolutionActor {
  memberId: string | null
  name: string
  role: Role | 'administrator'
  /** The member's party; null for the secretariat, observers and the administrator. */
  party: string | null
}

/** What an answer to a request makes of it: still pending, applied (every consent given), or gone (declined, cancelled). */
export type AnswerOutcome = { kind: 'pending'; request: ResolutionRequest } | { kind: 'apply'; request: ResolutionRequest } | { kind: 'closed' }

/** The party the actor answers for: a head of delegation's, a delegate's or a legal member's; null for anyone else. */
const partyOf = (actor: ResolutionActor) => (actor.role !== 'administrator' && partyActedFor({ role: actor.role, party: actor.party }) !== null ? actor.party : null)

/**
 * What `actor` asking to resolve `bracket` with `keep` makes: null when it
 * is applied at once (nobody else's alternative is dropped), or the
 * request to store. `pending` is the bracket's current request, if any.
 * Throws Forbidden for observers, Conflict while another request is
 * pending, Invalid for an alternative the bracket does not have.
 */
export function askResolution(bracket: Bracket, keep: number | null, actor: ResolutionActor, pending: ResolutionRequest | null, now: string): ResolutionRequest | null {
  if (actor.role === 'observer') throw forbidden(refusal('refusal.bracket.observerResolves'))
  const awaiting = consentNeeded(bracket, keep, partyOf(actor))
  if (pending) throw conflict(refusal('refusal.bracket.alreadyAsked', askedFor(bracket, pending)))
  if (awaiting.length === 0) return null
  return {
    bracketId: bracket.id,
    keep,
    party: partyOf(actor),
    memberId: actor.memberId,
    name: actor.name,
    at: now,
    awaiting,
    accepted: [],
    proposal: describeBracket(bracket),
    owners: [...bracket.owners],
  }
}

/**
 * What `actor` answering `request` makes of it: an acceptance by a delegate
 * or legal member of an awaited party (applied once no party is awaited),
 * a refusal by one, or a cancellation by the asker's party (the
 * secretariat, or the administrator, when the secretariat asked). Throws
 * Forbidden for anyone else.
 */
export function answerResolution(request: ResolutionRequest, answer: Answer, actor: ResolutionActor, now: string): AnswerOutcome {
  if (actor.role === 'observer') throw forbidden(refusal('refusal.bracket.observerAnswers'))
  const party = partyOf(actor)
  if (answer === 'cancel') {
    const asker = request.party === null ? actor.role === 'secretariat' || actor.role === 'administrator' : party === request.party
    if (!asker) throw forbidden(refusal('refusal.bracket.cancelByAsker', { asker: request.party, bracket: request.bracketId }))
    return { kind: 'closed' }
  }
  if (party === null || !request.awaiting.includes(party)) {
    const values = { party, awaited: request.awaiting, answer, bracket: request.bracketId }
    throw forbidden(refusal(party !== null && party === request.party ? 'refusal.bracket.askerAnswers' : 'refusal.bracket.answerByAwaited', values))
  }
  if (answer === 'decline') return { kind: 'closed' }
  const next: ResolutionRequest = {
    ...request,
    awaiting: request.awaiting.filter((awaited) => awaited !== party),
    accepted: [...request.accepted, { party, memberId: actor.memberId, name: actor.name, at: now }],
  }
  return { kind: next.awaiting.length === 0 ? 'apply' : 'pending', request: next }
}

/**
 * Checks that `actor` may withdraw alternative `alt` of `bracket` alone:
 * a delegate or legal member of the party that owns it, while no request
 * to resolve the bracket is pending. Throws Invalid, Forbidden or Conflict.
 */
export function checkWithdrawal(bracket: Bracket, alt: number, actor: ResolutionActor, pending: ResolutionRequest | null): void {
  if (!(Number.isSafeInteger(alt) && alt >= 0 && alt < bracket.alternatives.length)) {
    throw invalid(`field "alt" must name an alternative of bracket ${bracket.id}, 0 to ${bracket.alternatives.length - 1} (got ${alt})`)
  }
  const owner = bracket.owners[alt]!
  if (partyOf(actor) !== owner) {
    throw forbidden(refusal('refusal.bracket.withdrawOwn', { alternative: alt, bracket: bracket.id, words: bracket.alternatives[alt]!, owner }))
  }
  if (pending) throw conflict(refusal('refusal.bracket.requestPending', askedFor(bracket, pending)))
}

/** Stores (or, with null, removes) the request for bracket `bracketId`. For server changes only. */
export function writeResolutionRequest(doc: Y.Doc, bracketId: string, request: ResolutionRequest | null): void {
  const map = doc.getMap<string>(negotiationMapName)
  if (request) map.set(bracketId, JSON.stringify(request))
  else if (map.has(bracketId)) map.delete(bracketId)
}

/** Who asked for what in `pending`, as a refusal's values: keeping one alternative's words, or removing every one. */
function askedFor(bracket: Bracket, pending: ResolutionRequest) {
  const kept = pending.keep === null ? null : (bracket.alternatives[pending.keep] ?? '')
  return { asker: pending.party, keep: kept === null ? 'none' : 'one', kept: kept ?? '', bracket: bracket.id }
}
