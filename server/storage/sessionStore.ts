/**
 * Browser sessions, stored as the SHA-256 of the cookie's value (like
 * bearer tokens), with their holder (a person, or one membership), their
 * idle and absolute expiry and revocation.
 */

import type { Database } from './database.js'

export class SessionStore {
  constructor(private readonly db: Database) {}

  /**
   * Inserts a session held by a person (signed in with a passkey) or by one
   * membership (opened with its token) that expires, at the latest, after
   * `maxAgeMs`.
   */
  async create(tokenHash: string, holder: { personId: string } | { memberId: string }, maxAgeMs: number): Promise<{ expiresAt: Date }> {
    const rows = await this.db.query<{ expires_at: Date }>(
      `INSERT INTO sessions (token_hash, person_id, member_id, expires_at)
       VALUES ($1, $2, $3, now() + make_interval(secs => $4::double precision / 1000)) RETURNING expires_at`,
      [tokenHash, 'personId' in holder ? holder.personId : null, 'memberId' in holder ? holder.memberId : null, maxAgeMs],
    )
    return { expiresAt: rows[0]!.expires_at }
  }

  /**
   * The holder of the session `tokenHash` when it stands (not revoked,
   * before its expiry, used within `idleMs`), marking it seen now; null
   * otherwise.
   */
  async touch(tokenHash: string, idleMs: number): Promise<({ personId: string } | { memberId: string }) & { expiresAt: Date } | null> {
    const rows = await this.db.query<{ person_id: string | null; member_id: string | null; expires_at: Date }>(
      `UPDATE sessions SET last_seen_at = now()
        WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > now()
          AND last_seen_at > now() - make_interval(secs => $2::double precision / 1000)
        RETURNING person_id, member_id, expires_at`,
      [tokenHash, idleMs],
    )
    const row = rows[0]
    if (!row) return null
    return row.person_id !== null ? { personId: row.person_id, expiresAt: row.expires_at } : { memberId: row.member_id!, expiresAt: row.expires_at }
  }

  /**
   * Why the session `tokenHash`, which `touch` found not standing, ended:
   * revoked (signed out, here or everywhere), or by time (idle too long,
   * or at its maximum age); null when there is no such session.
   */
  async endedBy(tokenHash: string): Promise<'revoked' | 'time' | null> {
    const rows = await this.db.query<{ revoked: boolean }>('SELECT revoked_at IS NOT NULL AS revoked FROM sessions WHERE token_hash = $1', [tokenHash])
    const row = rows[0]
    return row ? (row.revoked ? 'revoked' : 'time') : null
  }

  /** Revokes the session `tokenHash`; resolves to whether it stood. */
  async revoke(tokenHash: string): Promise<boolean> {
    const rows = await this.db.query(
      'UPDATE sessions SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL RETURNING token_hash',
      [tokenHash],
    )
    return rows.length === 1
  }

  /** Revokes every standing session of `personId`; resolves to how many. */
  async revokeAll(personId: string): Promise<number> {
    const rows = await this.db.query(
      'UPDATE sessions SET revoked_at = now() WHERE person_id = $1 AND revoked_at IS NULL RETURNING token_hash',
      [personId],
    )
    return rows.length
  }
}
