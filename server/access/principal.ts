/**
 * Who is asking, and what each role may do. Every permission decision in
 * the server goes through the functions here (and `canEdit`, which the
 * client shares, in the member vocabulary).
 */

import { forbidden } from '../vocabulary/errors.js'
import { canEdit, type MemberRecord } from '../vocabulary/member.js'

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
    throw forbidden(`members with the ${principal.member.role} role may not change the document`)
  }
}

/** Throws Forbidden unless `principal` may add and revoke members of `documentId`. */
export function requireMemberManagement(principal: Principal, documentId: string): void {
  requireDocumentAccess(principal, documentId)
  if (principal.kind === 'member' && principal.member.role !== 'secretariat') {
    throw forbidden(`a ${principal.member.role} may not manage members; ask the secretariat`)
  }
}

/** A short description for logs: never the token. */
export function describePrincipal(principal: Principal): Record<string, string | null> {
  return principal.kind === 'admin'
    ? { principal: 'admin' }
    : { principal: 'member', memberId: principal.member.id, party: principal.member.party, role: principal.member.role }
}
