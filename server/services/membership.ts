/**
 * Adding, listing, changing and revoking the members of a document, by who
 * governs whom: the administrator and the secretariat, then each party's
 * head of delegation for its own party (`requireGovernance`).
 */

import { randomUUID } from 'node:crypto'
import { conflict, invalid, notFound } from '../vocabulary/errors.js'
import type { DocumentCatalog } from './documentCatalog.js'
import type { AuditTrail } from './auditTrail.js'
import type { MemberStore } from '../storage/memberStore.js'
import { requireGovernance, requireMemberManagement, type Principal } from '../access/principal.js'
import { generateToken, hashToken } from '../access/token.js'
import { headedParties, partyRoles, type MemberRecord, type Role } from '../vocabulary/member.js'
import { refusal } from '../vocabulary/refusal.js'

export interface NewMember {
  name: string
  party: string | null
  role: Role
}

export class Membership {
  constructor(
    private readonly catalog: DocumentCatalog,
    private readonly members: MemberStore,
    private readonly audit: Pick<AuditTrail, 'record'>,
  ) {}

  /**
   * Adds a member and returns it with its token, which exists nowhere else
   * afterwards. The administrator and the secretariat add anyone but the
   * members of a party with a head of delegation; the head adds its own
   * party's delegates, legal staff and observers. Throws Forbidden when
   * the principal may not, Invalid when the party is not one of the
   * document's or a head, delegate or legal member has no party, Conflict
   * when the party has a head already and another is added.
   */
  async add(principal: Principal, documentId: string, spec: NewMember): Promise<{ member: MemberRecord; token: string }> {
    await this.checkAddition(principal, documentId, spec)
    const token = generateToken()
    const member = await this.members.create({
      id: randomUUID(),
      documentId,
      name: spec.name,
      party: spec.party,
      role: spec.role,
      tokenHash: hashToken(token),
      createdBy: principal.kind === 'admin' ? 'admin' : principal.member.id,
    })
    await this.audit.record(documentId, principal, {
      event: 'member-added',
      details: { memberId: member.id, name: member.name, party: member.party, role: member.role },
    })
    return { member, token }
  }

  /**
   * Throws as `add` would for adding `spec`, and adds nothing: whether
   * `principal` may add such a member now (an invitation is checked so
   * when it is made, and again when it is accepted).
   */
  async checkAddition(principal: Principal, documentId: string, spec: NewMember): Promise<void> {
    requireMemberManagement(principal, documentId)
    const document = await this.catalog.get(principal, documentId)
    if (spec.party !== null && !document.parties.some((party) => party.code === spec.party)) {
      const codes = document.parties.map((party) => `"${party.code}"`).join(' or ')
      throw invalid(`field "party" must be ${codes} or null (got "${spec.party}")`)
    }
    if (spec.party === null && partyRoles.includes(spec.role)) {
      throw invalid(`field "party" is required for a ${spec.role}`)
    }
    const current = await this.members.list(documentId)
    requireGovernance(principal, documentId, { before: null, after: spec }, headedParties(current, null))
    if (spec.role === 'head') requireNoHead(current, spec.party!, null)
  }

  /** Every member of the document, revoked ones included; any member of the document may ask. */
  async list(principal: Principal, documentId: string): Promise<MemberRecord[]> {
    await this.catalog.get(principal, documentId)
    return this.members.list(documentId)
  }

  /** Every member of `documentId`, as `list`, each with when they were last in the document (null: never yet). */
  async listWithLastSeen(principal: Principal, documentId: string): Promise<{ member: MemberRecord; lastSeenAt: Date | null }[]> {
    await this.catalog.get(principal, documentId)
    const [members, lastSeen] = await Promise.all([this.members.list(documentId), this.members.lastSeen(documentId)])
    return members.map((member) => ({ member, lastSeenAt: lastSeen.get(member.id) ?? null }))
  }

  /**
   * Gives member `memberId` the role `role`, by the same rules as adding
   * (the member as it is and as it will be). Throws Forbidden when the
   * principal may not, NotFound for an unknown member, Invalid when the
   * role needs a party the member does not have, Conflict when the member
   * was revoked, already holds the role, or would be a second head.
   */
  async changeRole(principal: Principal, documentId: string, memberId: string, role: Role): Promise<MemberRecord> {
    requireMemberManagement(principal, documentId)
    await this.catalog.get(principal, documentId)
    const current = await this.members.list(documentId)
    const existing = current.find((member) => member.id === memberId)
    if (!existing) throw notFound(`member ${memberId} does not exist in document ${documentId}`)
    if (existing.party === null && partyRoles.includes(role)) {
      throw invalid(`member ${memberId} belongs to neither party, so cannot be a ${role}; add a member with a party instead`)
    }
    requireGovernance(principal, documentId, { before: existing, after: { party: existing.party, role } }, headedParties(current, memberId))
    if (existing.revokedAt) throw conflict(refusal('refusal.member.revoked', { member: memberId, at: existing.revokedAt.toISOString() }))
    if (existing.role === role) throw conflict(refusal('refusal.member.alreadyInRole', { member: memberId, role }))
    if (role === 'head') requireNoHead(current, existing.party!, memberId)
    const changed = await this.members.changeRole(documentId, memberId, role)
    if (!changed) throw conflict(refusal('refusal.member.revokedMeanwhile', { member: memberId }))
    await this.audit.record(documentId, principal, {
      event: 'member-role-changed',
      details: { memberId, name: changed.name, party: changed.party, from: existing.role, to: changed.role },
    })
    return changed
  }

  /**
   * Revokes a member's token, by the same rules as adding. Throws
   * Forbidden when the principal may not, NotFound for an unknown member
   * and Conflict when it was already revoked.
   */
  async revoke(principal: Principal, documentId: string, memberId: string): Promise<MemberRecord> {
    requireMemberManagement(principal, documentId)
    await this.catalog.get(principal, documentId)
    const current = await this.members.list(documentId)
    const target = current.find((member) => member.id === memberId)
    if (target) requireGovernance(principal, documentId, { before: target, after: null }, headedParties(current, memberId))
    const revoked = await this.members.revoke(documentId, memberId)
    if (revoked) {
      await this.audit.record(documentId, principal, {
        event: 'member-revoked',
        details: { memberId, name: revoked.name, party: revoked.party, role: revoked.role },
      })
      return revoked
    }
    const existing = await this.members.get(documentId, memberId)
    if (!existing) throw notFound(`member ${memberId} does not exist in document ${documentId}`)
    throw conflict(refusal('refusal.member.alreadyRevoked', { member: memberId, at: existing.revokedAt?.toISOString() ?? '' }))
  }
}

/** Throws Conflict when `party` has a head of delegation in office other than member `except`. */
function requireNoHead(members: readonly MemberRecord[], party: string, except: string | null): void {
  const head = members.find((member) => member.role === 'head' && member.party === party && member.revokedAt === null && member.id !== except)
  if (head) throw conflict(refusal('refusal.member.headInOffice', { party, head: head.name }))
}
