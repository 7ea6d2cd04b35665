/**
 * Invitations to a negotiation: a single-use link that expires, naming the
 * document, the party and the role, as the server records them and the API
 * shows them (never the link's secret after it is made).
 */

import type { Role } from './member.js'

/** How long an invitation stands unless told otherwise: 7 days. */
export const invitationLifetimeMs = 7 * 24 * 60 * 60 * 1000

export interface InvitationRecord {
  id: string
  documentId: string
  name: string
  party: string | null
  role: Role
  /** The member who invited, or null for the administrator. */
  createdBy: string | null
  createdAt: Date
  expiresAt: Date
  usedAt: Date | null
  /** The person who accepted it, and the membership it made. */
  usedBy: string | null
  memberId: string | null
  voidedAt: Date | null
}

export type InvitationStatus = 'pending' | 'used' | 'expired' | 'voided'

/** Where an invitation stands at `now`. */
export function invitationStatus(invitation: Pick<InvitationRecord, 'usedAt' | 'voidedAt' | 'expiresAt'>, now: Date): InvitationStatus {
  if (invitation.usedAt !== null) return 'used'
  if (invitation.voidedAt !== null) return 'voided'
  return invitation.expiresAt.getTime() <= now.getTime() ? 'expired' : 'pending'
}

export interface InvitationView {
  id: string
  documentId: string
  name: string
  party: string | null
  role: Role
  status: InvitationStatus
  createdAt: string
  expiresAt: string
  usedAt: string | null
  memberId: string | null
}

export function invitationView(invitation: InvitationRecord, now: Date): InvitationView {
  return {
    id: invitation.id,
    documentId: invitation.documentId,
    name: invitation.name,
    party: invitation.party,
    role: invitation.role,
    status: invitationStatus(invitation, now),
    createdAt: invitation.createdAt.toISOString(),
    expiresAt: invitation.expiresAt.toISOString(),
    usedAt: invitation.usedAt?.toISOString() ?? null,
    memberId: invitation.memberId,
  }
}
