/**
 * Resolving a bracketed proposal by consent. A resolution keeps one
 * alternative (the others are deleted) or drops them all; it needs the
 * consent of every party whose alternative it drops, and the party asking
 * consents by asking. So a party withdraws its own proposal, keeps its own
 * single alternative or accepts the other party's at once, while dropping
 * the other party's wording becomes a request that party accepts (or
 * declines; the asker may cancel it) — the way reopening works. Pure rules,
 * and where pending requests live: the root `Y.Map` named `negotiation`
 * of the shared document, written only by the server.
 */

import type * as Y from 'yjs'
import { conflict, forbidden, invalid } from '../vocabulary/errors.js'
import { negotiationMapName } from '../mou/contentCodec.js'
import type { Role } from '../storage/memberStore.js'
import { describeBracket, type Bracket } from './brackets.js'

/** The root `Y.Map` of pending resolution requests (bracket id → the request as a JSON string). */
export { negotiationMapName }

/** Who asks or answers: a member, or the administrator (no party, like the secretariat). */
export interface ResolutionActor {
  memberId: string | null
  name: string
  role: Role | 'administrator'
  /** The member's party; null for the secretariat, observers and the administrator. */
  party: string | null
}

export interface Acceptance {
  party: string
  memberId: string | null
  name: string
  at: string
}

export interface ResolutionRequest {
  bracketId: string
  /** The alternative to keep, or null to drop every alternative. */
  keep: number | null
  /** The asker's party; null when the secretariat (or the administrator) asked. */
  party: string | null
  memberId: string | null
  name: string
  at: string
  /** Parties whose consent is still awaited. */
  awaiting: string[]
  /** Consents given so far. */
  accepted: Acceptance[]
  /** The bracket as it read when asked, "[30] / [60]", and its owners by alternative: the request is void once either changes. */
  proposal: string
  owners: string[]
}

/** What became of a move on a bracket, as the API answers it: applied (and what was kept), or not (yet), with the pending request (null: none left). */
export type BracketOutcome = { bracketId: string; resolved: true; kept: string | null } | { bracketId: string; resolved: false; request: ResolutionRequest | null }

/** What an answer to a request makes of it: still pending, applied (every consent given), or gone (declined, cancelled). */
export type Answer = 'accept' | 'decline' | 'cancel'
export type AnswerOutcome = { kind: 'pending'; request: ResolutionRequest } | { kind: 'apply'; request: ResolutionRequest } | { kind: 'closed' }

const partyMember = (actor: ResolutionActor) => actor.party !== null && (actor.role === 'delegate' || actor.role === 'legal')
const partyOf = (actor: ResolutionActor) => (partyMember(actor) ? actor.party : null)

/** How a resolution reads in messages: 'keep "30"' or 'remove every alternative'. */
export function describeResolution(bracket: Pick<Bracket, 'alternatives'>, keep: number | null): string {
  return keep === null ? 'remove every alternative' : `keep “${bracket.alternatives[keep] ?? ''}”`
}

/**
 * The parties that must consent to resolving `bracket` by keeping `keep`
 * (null: dropping every alternative) when `party` asks: the owners of the
 * alternatives it drops, other than the asker's party; when the
 * secretariat asks (`party` null), the owner of every alternative. In order
 * of alternative. Throws Invalid for an alternative the bracket does not
 * have.
 */
export function consentNeeded(bracket: Bracket, keep: number | null, party: string | null): string[] {
  if (keep !== null && !(Number.isSafeInteger(keep) && keep >= 0 && keep < bracket.alternatives.length)) {
    throw invalid(`field "keep" must name an alternative of bracket ${bracket.id}, 0 to ${bracket.alternatives.length - 1} (got ${keep})`)
  }
  // The secretariat is no party: every party with wording in the bracket decides.
  const deciding = bracket.owners.filter((owner, alt) => (party === null ? true : alt !== keep && owner !== party))
  return [...new Set(deciding)]
}

/**
 * What `actor` asking to resolve `bracket` with `keep` makes: null when it
 * is applied at once (nobody else's alternative is dropped), or the
 * request to store. `pending` is the bracket's current request, if any.
 * Throws Forbidden for observers, Conflict while another request is
 * pending, Invalid for an alternative the bracket does not have.
 */
export function askResolution(bracket: Bracket, keep: number | null, actor: ResolutionActor, pending: ResolutionRequest | null, now: string): ResolutionRequest | null {
  if (actor.role === 'observer') throw forbidden('observers may not resolve a bracket')
  const awaiting = consentNeeded(bracket, keep, partyOf(actor))
  if (pending) throw conflict(`${askerOf(pending)} has already asked to ${describeResolution(bracket, pending.keep)} in bracket ${bracket.id}; accept, decline or cancel that request first`)
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
  if (actor.role === 'observer') throw forbidden('observers may not answer a request to resolve a bracket')
  const party = partyOf(actor)
  if (answer === 'cancel') {
    const asker = request.party === null ? actor.role === 'secretariat' || actor.role === 'administrator' : party === request.party
    if (!asker) throw forbidden(`only ${askerOf(request)}, who asked, may cancel the request to resolve bracket ${request.bracketId}`)
    return { kind: 'closed' }
  }
  if (party === null || !request.awaiting.includes(party)) {
    const awaited = request.awaiting.join(' and ')
    const verb = answer === 'accept' ? 'accepts' : 'declines'
    throw forbidden(
      party !== null && party === request.party
        ? `${party} asked for this resolution of bracket ${request.bracketId}: ${awaited} ${verb} it`
        : `only a delegate or legal member of ${awaited} ${verb} the request to resolve bracket ${request.bracketId}`,
    )
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
    throw forbidden(`alternative ${alt} of bracket ${bracket.id} (“${bracket.alternatives[alt]}”) is ${owner}'s: only ${owner} withdraws it; ask for its removal instead (POST …/resolve)`)
  }
  if (pending) throw conflict(`${askerOf(pending)} has asked to ${describeResolution(bracket, pending.keep)} in bracket ${bracket.id}; answer or cancel that request first`)
}

/** Whether `request` still stands for `bracket` (undefined: gone): a request is void once the bracket's wording or owners changed. */
export function isCurrent(request: ResolutionRequest, bracket: Bracket | undefined): bracket is Bracket {
  return bracket !== undefined && describeBracket(bracket) === request.proposal && bracket.owners.join('\u0000') === request.owners.join('\u0000')
}

/** The pending requests stored in `doc`, by bracket id; entries that do not parse are left out. */
export function readResolutionRequests(doc: Y.Doc): Map<string, ResolutionRequest> {
  const requests = new Map<string, ResolutionRequest>()
  doc.getMap<unknown>(negotiationMapName).forEach((value, bracketId) => {
    const request = parseRequest(value)
    if (request && request.bracketId === bracketId) requests.set(bracketId, request)
  })
  return requests
}

/** Stores (or, with null, removes) the request for bracket `bracketId`. For server changes only. */
export function writeResolutionRequest(doc: Y.Doc, bracketId: string, request: ResolutionRequest | null): void {
  const map = doc.getMap<string>(negotiationMapName)
  if (request) map.set(bracketId, JSON.stringify(request))
  else if (map.has(bracketId)) map.delete(bracketId)
}

/** Who asked, for messages: "KH" or "the secretariat". */
export const askerOf = (request: Pick<ResolutionRequest, 'party'>): string => request.party ?? 'the secretariat'

function parseRequest(value: unknown): ResolutionRequest | null {
  if (typeof value !== 'string') return null
  try {
    const parsed = JSON.parse(value) as ResolutionRequest
    return typeof parsed === 'object' && parsed !== null && Array.isArray(parsed.awaiting) && Array.isArray(parsed.owners) && Array.isArray(parsed.accepted) ? parsed : null
  } catch {
    return null
  }
}
