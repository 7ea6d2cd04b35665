/**
 * Who is asking, and what each role may do. Every permission decision in
 * the server goes through the functions here (and, in the member
 * vocabulary that the client shares, `canEdit` and who governs whom).
 */

import { forbidden } from '../vocabulary/errors.js'
import { canEdit, governanceRefusal, managementRefusal, partyActedFor, type Governor, type MemberRecord, type MembershipChange } from '../vocabulary/member.js'
import { refusal } from '../vocabulary/refusal.js'
import { keepsRounds, setsAttendanceOf } from '../vocabulary/round.js'

/** The bearer of a valid token: the bootstrap administrator, or a member of one document. */
export type Principal = { kind: 'admin' } | { kind: 'member'; member: MemberRecord }

/** Throws Forbidden unless `principal` is the administrator. */
export function requireAdmin(principal: Principal): void {
  if (principal.kind !== 'admin') throw forbidden('only the administrator may do this')
}

/** Throws Forbidden unless `principal` may read `documentId`. */
export function requireDocumentAccess(principal: Principal, documentId: string): void {
  if (principal.kind === 'member' && principal.member.documentId !== documentId) {
    throw forbidden(`this token is not valid for document ${documentId}`)
  }
}

/** Throws Forbidden unless `principal` may change the content of `documentId`. */
export function requireEditing(principal: Principal, documentId: string): void {
  requireDocumentAccess(principal, documentId)
  if (principal.kind === 'member' && !canEdit(principal.member.role)) {
    throw forbidden(refusal('refusal.text.roleMayNotEdit', { role: principal.member.role }))
  }
}

/**
 * Throws Forbidden unless `principal` may manage members of `documentId` at
 * all: the administrator, the secretariat or a head of delegation. Which
 * members each may touch is `requireGovernance`.
 */
export function requireMemberManagement(principal: Principal, documentId: string): void {
  requireDocumentAccess(principal, documentId)
  const refused = managementRefusal(governorOf(principal))
  if (refused !== null) throw forbidden(refused)
}

/**
 * Throws Forbidden unless `principal` may make `change` to the members of
 * `documentId`. `headed` lists the parties with a head of delegation in
 * office other than the member changed. Who governs whom is
 * `governanceRefusal`, in the member vocabulary, which the client shares.
 */
export function requireGovernance(principal: Principal, documentId: string, change: MembershipChange, headed: ReadonlySet<string>): void {
  requireMemberManagement(principal, documentId)
  const refused = governanceRefusal(governorOf(principal), change, headed)
  if (refused !== null) throw forbidden(refused)
}

/** Throws Forbidden unless `principal` may plan, open and close the rounds of `documentId`: the secretariat (or the administrator). */
export function requireRoundKeeping(principal: Principal, documentId: string): void {
  requireDocumentAccess(principal, documentId)
  if (principal.kind === 'member' && !keepsRounds(principal.member.role)) throw forbidden(refusal('refusal.round.keeping', { role: principal.member.role }))
}

/** Throws Forbidden unless `principal` may set who attends a round for `party`: the secretariat, or that party's head of delegation. */
export function requireAttendanceOf(principal: Principal, documentId: string, party: string): void {
  requireDocumentAccess(principal, documentId)
  if (principal.kind === 'admin' || setsAttendanceOf(principal.member, party)) return
  throw forbidden(refusal('refusal.round.attendanceOf', { party, role: principal.member.role, memberParty: principal.member.party ?? 'none' }))
}

/**
 * Throws Forbidden unless `principal` may export a round's Record of
 * Discussion of `documentId`: the secretariat (or the administrator), who
 * keeps the record, or a head of delegation, who initials it.
 */
export function requireRecordExport(principal: Principal, documentId: string): void {
  requireDocumentAccess(principal, documentId)
  if (principal.kind === 'member' && principal.member.role !== 'secretariat' && principal.member.role !== 'head') {
    throw forbidden(`a Record of Discussion is exported by the secretariat or a head of delegation (this member is ${principal.member.role})`)
  }
}

/**
 * The party whose private layer `principal` reads and writes in
 * `documentId`: a head of delegation, delegate or legal staff of a party.
 * Throws Forbidden for everyone else — the other party is another layer,
 * and the secretariat, observers and the administrator have none.
 */
export function privateLayerParty(principal: Principal, documentId: string): string {
  const party = maybePrivateLayerParty(principal, documentId)
  if (party === null) throw forbidden("a delegation's private layer is its own members' alone (heads of delegation, delegates and legal staff of the party)")
  return party
}

/**
 * Like `privateLayerParty`, but null instead of Forbidden for a principal
 * with no private layer (the secretariat, observers, the administrator).
 * Still throws Forbidden for another document's member.
 */
export function maybePrivateLayerParty(principal: Principal, documentId: string): string | null {
  requireDocumentAccess(principal, documentId)
  return principal.kind === 'member' ? partyActedFor(principal.member) : null
}

/** `principal` as governance sees it: the administrator, or a member's role and party. */
function governorOf(principal: Principal): Governor {
  return principal.kind === 'admin' ? principal : { kind: 'member', role: principal.member.role, party: principal.member.party }
}

/** A short description for logs: never the token. */
export function describePrincipal(principal: Principal): Record<string, string | null> {
  return principal.kind === 'admin'
    ? { principal: 'admin' }
    : { principal: 'member', memberId: principal.member.id, party: principal.member.party, role: principal.member.role }
}
