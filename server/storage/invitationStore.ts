/**
 * Invitations (migration 0011): made, listed, voided, and used once.
 */

import type { Database } from './database.js'
import type { InvitationRecord } from '../vocabulary/invitation.js'
import type { Role } from '../vocabulary/member.js'

interface InvitationRow {
  id: string
  document_id: string
  name: string
  party: string | null
  role: Role
  created_by: string | null
  created_at: Date
  expires_at: Date
  used_at: Date | null
  used_by: string | null
  member_id: string | null
  voided_at: Date | null
}

export class InvitationStore {
  constructor(private readonly db: Database) {}

  async create(invitation: Pick<InvitationRecord, 'id' | 'documentId' | 'name' | 'party' | 'role' | 'createdBy' | 'expiresAt'> & { tokenHash: string }): Promise<InvitationRecord> {
    const [row] = await this.db.query<InvitationRow>(
      `INSERT INTO invitations (id, document_id, name, party, role, token_hash, created_by, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
      [invitation.id, invitation.documentId, invitation.name, invitation.party, invitation.role, invitation.tokenHash, invitation.createdBy, invitation.expiresAt],
    )
    return toRecord(row!)
  }

  /** A document's invitations, oldest first. */
  async list(documentId: string): Promise<InvitationRecord[]> {
    return (await this.db.query<InvitationRow>('SELECT * FROM invitations WHERE document_id = $1 ORDER BY created_at, id', [documentId])).map(toRecord)
  }

  async get(documentId: string, id: string): Promise<InvitationRecord | null> {
    const [row] = await this.db.query<InvitationRow>('SELECT * FROM invitations WHERE document_id = $1 AND id = $2', [documentId, id])
    return row ? toRecord(row) : null
  }

  async findByTokenHash(tokenHash: string): Promise<InvitationRecord | null> {
    const [row] = await this.db.query<InvitationRow>('SELECT * FROM invitations WHERE token_hash = $1', [tokenHash])
    return row ? toRecord(row) : null
  }

  /** Voids a pending invitation; null when it was not pending (used, voided or expired). */
  async void(documentId: string, id: string): Promise<InvitationRecord | null> {
    const [row] = await this.db.query<InvitationRow>(
      'UPDATE invitations SET voided_at = now() WHERE document_id = $1 AND id = $2 AND used_at IS NULL AND voided_at IS NULL AND expires_at > now() RETURNING *',
      [documentId, id],
    )
    return row ? toRecord(row) : null
  }

  /** Takes a pending invitation for `personId` (once: a second taker gets null). */
  async take(id: string, personId: string): Promise<InvitationRecord | null> {
    const [row] = await this.db.query<InvitationRow>(
      'UPDATE invitations SET used_at = now(), used_by = $2 WHERE id = $1 AND used_at IS NULL AND voided_at IS NULL AND expires_at > now() RETURNING *',
      [id, personId],
    )
    return row ? toRecord(row) : null
  }

  /** Records the membership a taken invitation made. */
  async recordMember(id: string, memberId: string): Promise<void> {
    await this.db.query('UPDATE invitations SET member_id = $2 WHERE id = $1', [id, memberId])
  }

  /** Gives a taken invitation back (its membership could not be made). */
  async release(id: string): Promise<void> {
    await this.db.query('UPDATE invitations SET used_at = NULL, used_by = NULL WHERE id = $1 AND member_id IS NULL', [id])
  }
}

function toRecord(row: InvitationRow): InvitationRecord {
  return {
    id: row.id,
    documentId: row.document_id,
    name: row.name,
    party: row.party,
    role: row.role,
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    usedAt: row.used_at,
    usedBy: row.used_by,
    memberId: row.member_id,
    voidedAt: row.voided_at,
  }
}
