/**
 * Personal API tokens (migration 0013): made, listed by their person,
 * revoked, and looked up by the hash of their secret with the membership
 * they act as.
 */

import type { Database } from './database.js'
import { toMember } from './memberStore.js'
import type { ApiTokenRecord } from '../vocabulary/apiToken.js'
import type { MemberRecord } from '../vocabulary/member.js'

/** What making a token takes: its record's fixed parts and the hash of its secret. */
export type NewApiToken = Pick<ApiTokenRecord, 'id' | 'personId' | 'documentId' | 'memberId' | 'label'> & { tokenHash: string }

interface ApiTokenRow {
  id: string
  person_id: string
  document_id: string
  member_id: string
  label: string
  created_at: Date
  last_used_at: Date | null
  revoked_at: Date | null
}

const tokenColumns = 'id, person_id, document_id, member_id, label, created_at, last_used_at, revoked_at'

export class ApiTokenStore {
  constructor(private readonly db: Database) {}

  async create(token: NewApiToken): Promise<ApiTokenRecord> {
    const [row] = await this.db.query<ApiTokenRow>(
      `INSERT INTO api_tokens (token_hash, id, person_id, document_id, member_id, label)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${tokenColumns}`,
      [token.tokenHash, token.id, token.personId, token.documentId, token.memberId, token.label],
    )
    return toRecord(row!)
  }

  /** The tokens `personId` made, revoked ones included, oldest first. */
  async list(personId: string): Promise<ApiTokenRecord[]> {
    const rows = await this.db.query<ApiTokenRow>(`SELECT ${tokenColumns} FROM api_tokens WHERE person_id = $1 ORDER BY created_at, id`, [personId])
    return rows.map(toRecord)
  }

  /** The token `id` if `personId` made it, or null. */
  async get(personId: string, id: string): Promise<ApiTokenRecord | null> {
    const [row] = await this.db.query<ApiTokenRow>(`SELECT ${tokenColumns} FROM api_tokens WHERE id = $1 AND person_id = $2`, [id, personId])
    return row ? toRecord(row) : null
  }

  /**
   * Revokes the standing token `id` that `personId` made. Resolves to it
   * with the hash of its secret (to find what it opened), or null when it
   * is not theirs or was already revoked.
   */
  async revoke(personId: string, id: string): Promise<{ token: ApiTokenRecord; tokenHash: string } | null> {
    const [row] = await this.db.query<ApiTokenRow & { token_hash: string }>(
      `UPDATE api_tokens SET revoked_at = now()
        WHERE id = $1 AND person_id = $2 AND revoked_at IS NULL
        RETURNING ${tokenColumns}, token_hash`,
      [id, personId],
    )
    return row ? { token: toRecord(row), tokenHash: row.token_hash } : null
  }

  /**
   * The token whose secret hashes to `tokenHash` (revoked or not) and the
   * member it acts as (revoked or not), or null; marks a standing token of
   * a standing member used now, at most once a minute, in the same round
   * trip.
   */
  async use(tokenHash: string): Promise<{ revokedAt: Date | null; member: MemberRecord } | null> {
    const [row] = await this.db.query<Parameters<typeof toMember>[0] & { token_revoked_at: Date | null }>(
      `WITH touched AS (
         UPDATE api_tokens t SET last_used_at = now()
          WHERE t.token_hash = $1 AND t.revoked_at IS NULL
            AND (t.last_used_at IS NULL OR t.last_used_at < now() - interval '1 minute')
            AND EXISTS (SELECT 1 FROM members m WHERE m.id = t.member_id AND m.revoked_at IS NULL)
       )
       SELECT m.id, m.document_id, m.name, m.party, m.role, m.created_at, m.revoked_at, t.revoked_at AS token_revoked_at
         FROM api_tokens t JOIN members m ON m.id = t.member_id
        WHERE t.token_hash = $1`,
      [tokenHash],
    )
    return row ? { revokedAt: row.token_revoked_at, member: toMember(row) } : null
  }
}

function toRecord(row: ApiTokenRow): ApiTokenRecord {
  return {
    id: row.id,
    personId: row.person_id,
    documentId: row.document_id,
    memberId: row.member_id,
    label: row.label,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  }
}
