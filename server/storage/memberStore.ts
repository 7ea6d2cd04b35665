/**
 * Members of a document and the hashes of their tokens.
 */

import type { Database } from './database.js'
import { conflict } from '../vocabulary/errors.js'
import type { MemberRecord, Role } from '../vocabulary/member.js'

/** A `members` row as the stores read it (personStore reads it through toMember's parameter). */
interface MemberRow {
  id: string
  document_id: string
  name: string
  party: string | null
  role: Role
  created_at: Date
  revoked_at: Date | null
}

const memberColumns = 'id, document_id, name, party, role, created_at, revoked_at'

export class MemberStore {
  constructor(private readonly db: Database) {}

  /** Inserts a member whose token hashes to `tokenHash`. */
  async create(member: {
    id: string
    documentId: string
    name: string
    party: string | null
    role: Role
    tokenHash: string
    createdBy: string | null
  }): Promise<MemberRecord> {
    const rows = await oneHeadPerParty(
      this.db.query<MemberRow>(
        `INSERT INTO members (id, document_id, name, party, role, token_hash, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${memberColumns}`,
        [member.id, member.documentId, member.name, member.party, member.role, member.tokenHash, member.createdBy],
      ),
      member.party,
    )
    return toMember(rows[0]!)
  }

  /** The member (revoked or not) whose token hashes to `tokenHash`, or null. */
  async findByTokenHash(tokenHash: string): Promise<MemberRecord | null> {
    const rows = await this.db.query<MemberRow>(`SELECT ${memberColumns} FROM members WHERE token_hash = $1`, [tokenHash])
    return rows[0] ? toMember(rows[0]) : null
  }

  /** The member `memberId` of `documentId`, or null. */
  async get(documentId: string, memberId: string): Promise<MemberRecord | null> {
    const rows = await this.db.query<MemberRow>(`SELECT ${memberColumns} FROM members WHERE document_id = $1 AND id = $2`, [
      documentId,
      memberId,
    ])
    return rows[0] ? toMember(rows[0]) : null
  }

  /** Every member of `documentId`, revoked ones included, in order of creation. */
  async list(documentId: string): Promise<MemberRecord[]> {
    const rows = await this.db.query<MemberRow>(
      `SELECT ${memberColumns} FROM members WHERE document_id = $1 ORDER BY created_at, id`,
      [documentId],
    )
    return rows.map(toMember)
  }

  /** Notes that member `memberId` is in the document now (a collaboration socket of theirs opened or closed). */
  async markSeen(memberId: string): Promise<void> {
    await this.db.query('UPDATE members SET last_seen_at = now() WHERE id = $1', [memberId])
  }

  /** When each member of `documentId` who has ever come was last in it, by member id. */
  async lastSeen(documentId: string): Promise<Map<string, Date>> {
    const rows = await this.db.query<{ id: string; last_seen_at: Date }>(
      'SELECT id, last_seen_at FROM members WHERE document_id = $1 AND last_seen_at IS NOT NULL',
      [documentId],
    )
    return new Map(rows.map((row) => [row.id, row.last_seen_at]))
  }

  /**
   * Gives a member in office the role `role`. Resolves to the updated
   * record, or null when the member does not exist or was revoked.
   */
  async changeRole(documentId: string, memberId: string, role: Role): Promise<MemberRecord | null> {
    const rows = await oneHeadPerParty(
      this.db.query<MemberRow>(
        `UPDATE members SET role = $3
          WHERE document_id = $1 AND id = $2 AND revoked_at IS NULL
          RETURNING ${memberColumns}`,
        [documentId, memberId, role],
      ),
      null,
    )
    return rows[0] ? toMember(rows[0]) : null
  }

  /**
   * Marks the member revoked. Resolves to the updated record, or null when
   * the member does not exist or was already revoked.
   */
  async revoke(documentId: string, memberId: string): Promise<MemberRecord | null> {
    const rows = await this.db.query<MemberRow>(
      `UPDATE members SET revoked_at = now()
        WHERE document_id = $1 AND id = $2 AND revoked_at IS NULL
        RETURNING ${memberColumns}`,
      [documentId, memberId],
    )
    return rows[0] ? toMember(rows[0]) : null
  }
}

/**
 * `query`, with the database's refusal of a second head of delegation in
 * office for a party (two appointed at once: the service checks first)
 * answered as Conflict. Any other failure is passed on as it is.
 */
async function oneHeadPerParty<T>(query: Promise<T>, party: string | null): Promise<T> {
  try {
    return await query
  } catch (error) {
    const { code, constraint } = error as { code?: unknown; constraint?: unknown }
    if (code === '23505' && constraint === 'members_one_head') {
      throw conflict(`${party ?? "the member's party"} already has a head of delegation; change or revoke that member first`)
    }
    throw error
  }
}

/** A member as the domain speaks of it. */
export function toMember(row: MemberRow): MemberRecord {
  return {
    id: row.id,
    documentId: row.document_id,
    name: row.name,
    party: row.party,
    role: row.role,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  }
}
