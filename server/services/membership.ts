/**
 * Adding, listing and revoking the members of a document.
 */

import { randomUUID } from 'node:crypto'
import { conflict, invalid, notFound } from '../vocabulary/errors.js'
import type { DocumentCatalog } from './documentCatalog.js'
import type { AuditTrail } from './auditTrail.js'
import type { MemberStore } from '../storage/memberStore.js'
import { requireMemberManagement, type Principal } from '../access/principal.js'
import { generateToken, hashToken } from '../access/token.js'
import type { MemberRecord, Role } from '../vocabulary/member.js'

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
   * afterwards. Administrator or the document's secretariat only. Throws
   * Invalid when the party is not one of the document's, or when a
   * delegate or legal member has no party.
   */
  async add(principal: Principal, documentId: string, spec: NewMember): Promise<{ member: MemberRecord; token: string }> {
    requireMemberManagement(principal, documentId)
    const document = await this.catalog.get(principal, documentId)
    if (spec.party !== null && !document.parties.some((party) => party.code === spec.party)) {
      const codes = document.parties.map((party) => `"${party.code}"`).join(' or ')
      throw invalid(`field "party" must be ${codes} or null (got "${spec.party}")`)
    }
    if (spec.party === null && (spec.role === 'delegate' || spec.role === 'legal')) {
      throw invalid(`field "party" is required for a ${spec.role}`)
    }
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

  /** Every member of the document, revoked ones included; any member of the document may ask. */
  async list(principal: Principal, documentId: string): Promise<MemberRecord[]> {
    await this.catalog.get(principal, documentId)
    return this.members.list(documentId)
  }

  /**
   * Revokes a member's token. Throws NotFound for an unknown member and
   * Conflict when it was already revoked.
   */
  async revoke(principal: Principal, documentId: string, memberId: string): Promise<MemberRecord> {
    requireMemberManagement(principal, documentId)
    await this.catalog.get(principal, documentId)
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
    throw conflict(`member ${memberId} was already revoked at ${existing.revokedAt?.toISOString()}`)
  }
}
