/**
 * Invitations to a negotiation: who may add a member may invite one (the
 * same rules: `Membership.checkAddition`); the invitation is a single-use
 * link that expires (7 days by default), stored hashed like tokens.
 * Accepting it — a signed-in person — makes the membership, as the one who
 * invited would have made it, checked again then, and links it to that
 * person. Re-sending voids the old link and makes another. Every step is in
 * the audit trail, visible to both parties.
 */

import { randomUUID } from 'node:crypto'
import { type Principal } from '../access/principal.js'
import { generateToken, hashToken } from '../access/token.js'
import { conflict, forbidden, notFound } from '../vocabulary/errors.js'
import { invitationLifetimeMs, invitationStatus, type InvitationRecord } from '../vocabulary/invitation.js'
import type { MemberRecord } from '../vocabulary/member.js'
import type { PersonRecord } from '../vocabulary/person.js'
import type { InvitationStore } from '../storage/invitationStore.js'
import type { MemberStore } from '../storage/memberStore.js'
import type { AuditTrail } from './auditTrail.js'
import type { BrowserSessions } from './browserSessions.js'
import type { DocumentCatalog } from './documentCatalog.js'
import type { Membership, NewMember } from './membership.js'
import { refusal, type RefusalWords } from '../vocabulary/refusal.js'

/** Why a link opens nothing, by the invitation's status. */
const closed: Record<'used' | 'expired' | 'voided', RefusalWords> = {
  used: refusal('refusal.invitation.used'),
  expired: refusal('refusal.invitation.expired'),
  voided: refusal('refusal.invitation.voided'),
}

export class Invitations {
  constructor(
    private readonly catalog: DocumentCatalog,
    private readonly membership: Pick<Membership, 'add' | 'checkAddition'>,
    private readonly members: Pick<MemberStore, 'get'>,
    private readonly sessions: Pick<BrowserSessions, 'claimMembership' | 'memberships'>,
    private readonly store: InvitationStore,
    private readonly audit: Pick<AuditTrail, 'record'>,
    /** The origin links are made for, e.g. `https://counterpart.example.org`. */
    private readonly origin: string,
    private readonly lifetimeMs = invitationLifetimeMs,
  ) {}

  /** Invites `spec` to document `documentId`: the invitation and its link (shown this once). */
  async invite(principal: Principal, documentId: string, spec: NewMember): Promise<{ invitation: InvitationRecord; url: string }> {
    await this.membership.checkAddition(principal, documentId, spec)
    const token = generateToken()
    const invitation = await this.store.create({
      id: randomUUID(),
      documentId,
      name: spec.name,
      party: spec.party,
      role: spec.role,
      createdBy: principal.kind === 'admin' ? null : principal.member.id,
      expiresAt: new Date(Date.now() + this.lifetimeMs),
      tokenHash: hashToken(token),
    })
    await this.audit.record(documentId, principal, {
      event: 'invitation-sent',
      details: { invitationId: invitation.id, name: spec.name, party: spec.party, role: spec.role, expiresAt: invitation.expiresAt.toISOString() },
    })
    return { invitation, url: this.urlOf(token) }
  }

  /** A document's invitations, pending, used, expired and voided; for whoever may manage members. */
  async list(principal: Principal, documentId: string): Promise<InvitationRecord[]> {
    await this.catalog.get(principal, documentId)
    if (principal.kind === 'member' && principal.member.role !== 'secretariat' && principal.member.role !== 'head') {
      throw forbidden('only the secretariat and the heads of delegation see the invitations')
    }
    const all = await this.store.list(documentId)
    // A head sees its own party's.
    return principal.kind === 'member' && principal.member.role === 'head' ? all.filter((invitation) => invitation.party === principal.member.party) : all
  }

  /** Withdraws a pending invitation (whoever could make it now). */
  async withdraw(principal: Principal, documentId: string, invitationId: string): Promise<InvitationRecord> {
    const invitation = await this.pending(principal, documentId, invitationId)
    const voided = await this.store.void(documentId, invitation.id)
    if (!voided) throw conflict(`invitation ${invitationId} is no longer pending`)
    await this.audit.record(documentId, principal, { event: 'invitation-withdrawn', details: { invitationId, name: invitation.name, party: invitation.party, role: invitation.role } })
    return voided
  }

  /** Sends a pending or expired invitation again: the old link is void, a new one made. */
  async resend(principal: Principal, documentId: string, invitationId: string): Promise<{ invitation: InvitationRecord; url: string }> {
    const old = await this.store.get(documentId, invitationId)
    if (!old) throw notFound(`invitation ${invitationId} does not exist in document ${documentId}`)
    const status = invitationStatus(old, new Date())
    if (status === 'used') throw conflict(`invitation ${invitationId} has been used`)
    await this.membership.checkAddition(principal, documentId, old)
    if (status === 'pending') await this.store.void(documentId, old.id)
    return this.invite(principal, documentId, { name: old.name, party: old.party, role: old.role })
  }

  /** What a link invites to, for the page that opens it; NotFound for no invitation, Forbidden with the reason for one that opens nothing. */
  async describe(token: string): Promise<{ invitation: InvitationRecord; title: string }> {
    const invitation = await this.open(token)
    const document = await this.catalog.get({ kind: 'admin' }, invitation.documentId)
    return { invitation, title: document.title }
  }

  /**
   * Accepts the invitation `token` for the signed-in `person`: the
   * membership is made (as the one who invited would make it, checked
   * now) and becomes theirs. Once only.
   */
  async accept(person: PersonRecord, token: string): Promise<MemberRecord> {
    const invitation = await this.open(token)
    const inviter = await this.inviterOf(invitation)
    if ((await this.sessions.memberships(person)).some((membership) => membership.member.documentId === invitation.documentId)) {
      throw conflict(refusal('refusal.invitation.alreadyMember', { document: invitation.documentId }))
    }
    const taken = await this.store.take(invitation.id, person.id)
    if (!taken) throw forbidden(closed.used)
    let member: MemberRecord
    try {
      const added = await this.membership.add(inviter, invitation.documentId, { name: invitation.name, party: invitation.party, role: invitation.role })
      member = await this.sessions.claimMembership(person, added.token)
    } catch (error) {
      await this.store.release(invitation.id)
      throw error
    }
    await this.store.recordMember(invitation.id, member.id)
    await this.audit.record(invitation.documentId, { kind: 'member', member }, {
      event: 'invitation-accepted',
      details: { invitationId: invitation.id, memberId: member.id, name: member.name, party: member.party, role: member.role },
    })
    return member
  }

  private urlOf(token: string): string {
    return `${this.origin}/signin?invitation=${token}`
  }

  /** The pending invitation `token` opens. */
  private async open(token: string): Promise<InvitationRecord> {
    const invitation = await this.store.findByTokenHash(hashToken(token))
    if (!invitation) throw notFound(refusal('refusal.invitation.unknown'))
    const status = invitationStatus(invitation, new Date())
    if (status !== 'pending') throw forbidden(closed[status])
    return invitation
  }

  /** A pending invitation of the document that `principal` may manage. */
  private async pending(principal: Principal, documentId: string, invitationId: string): Promise<InvitationRecord> {
    const invitation = await this.store.get(documentId, invitationId)
    if (!invitation) throw notFound(`invitation ${invitationId} does not exist in document ${documentId}`)
    await this.membership.checkAddition(principal, documentId, invitation)
    const status = invitationStatus(invitation, new Date())
    if (status !== 'pending') throw conflict(`invitation ${invitationId} is ${status}, not pending`)
    return invitation
  }

  /** Who invited, as a principal: the administrator, or the member (who must still be one). */
  private async inviterOf(invitation: InvitationRecord): Promise<Principal> {
    if (invitation.createdBy === null) return { kind: 'admin' }
    const member = await this.members.get(invitation.documentId, invitation.createdBy)
    if (!member || member.revokedAt !== null) throw forbidden(refusal('refusal.invitation.inviterGone'))
    return { kind: 'member', member }
  }
}
