/**
 * A request to resolve a bracket by consent, as the shared `negotiation`
 * map holds it and the API answers it: whose consent it needs, whether it
 * still stands, how it reads. The rules that make and answer requests are
 * `negotiation/bracketResolution.ts`.
 */

import type * as Y from 'yjs'
import { describeBracket, type Bracket } from './brackets.js'
import { negotiationMapName } from './documentRoots.js'
import { invalid } from './errors.js'

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

/** How a party answers a request: accept it, decline it, or (the asker) cancel it. */
export type Answer = 'accept' | 'decline' | 'cancel'

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
