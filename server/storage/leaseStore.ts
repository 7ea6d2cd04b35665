/**
 * Document leases (migration 0022): one owner per live document among the
 * server instances sharing this database. The database's clock decides
 * expiry, so the instances' clocks need not agree.
 */

import type { Queryable } from './database.js'
import type { DocumentLease, LeaseHolder } from '../vocabulary/documentLease.js'
import { notFound } from '../vocabulary/errors.js'

interface LeaseRow {
  document_id: string
  instance_id: string
  url: string
  generation: number
  expires_at: Date
}

const columns = 'document_id, instance_id, url, generation, expires_at'

/** PostgreSQL's SQLSTATE for a foreign key violation. */
const foreignKeyViolation = '23503'

export class LeaseStore {
  constructor(private readonly db: Queryable) {}

  /**
   * Takes `documentId`'s lease for `holder` for `ms`, with a generation
   * never given before, when it is free, expired or already `holder`'s.
   * Resolves to the lease taken, or null when another instance holds it.
   */
  async take(documentId: string, holder: LeaseHolder, ms: number): Promise<DocumentLease | null> {
    const rows = await this.db.query<LeaseRow>(
      `INSERT INTO document_leases (document_id, instance_id, url, generation, expires_at)
       VALUES ($1, $2, $3, nextval('lease_generations'), now() + $4 * interval '1 millisecond')
       ON CONFLICT (document_id) DO UPDATE
         SET instance_id = EXCLUDED.instance_id, url = EXCLUDED.url, generation = EXCLUDED.generation, expires_at = EXCLUDED.expires_at
         WHERE document_leases.expires_at <= now() OR document_leases.instance_id = $2
       RETURNING ${columns}`,
      [documentId, holder.instanceId, holder.url, ms],
    ).catch((error: unknown) => {
      // No such document: the lease's foreign key says so.
      if ((error as { code?: unknown }).code === foreignKeyViolation) throw notFound(`document ${documentId} does not exist`)
      throw error
    })
    return rows[0] ? leaseOf(rows[0]) : null
  }

  /** The lease on `documentId` that has not expired, or null. */
  async holderOf(documentId: string): Promise<DocumentLease | null> {
    const rows = await this.db.query<LeaseRow>(`SELECT ${columns} FROM document_leases WHERE document_id = $1 AND expires_at > now()`, [documentId])
    return rows[0] ? leaseOf(rows[0]) : null
  }

  /**
   * Renews for `ms` the leases `instanceId` still holds among `held`
   * (document id → generation), expired or not: an expired lease nobody
   * took is still only its holder's. Resolves to the documents renewed;
   * those missing were taken over.
   */
  async renew(instanceId: string, held: ReadonlyMap<string, number>, ms: number): Promise<Set<string>> {
    if (held.size === 0) return new Set()
    const rows = await this.db.query<{ document_id: string }>(
      `UPDATE document_leases SET expires_at = now() + $2 * interval '1 millisecond'
       WHERE instance_id = $1 AND (document_id, generation) IN (SELECT * FROM unnest($3::text[], $4::bigint[]))
       RETURNING document_id`,
      [instanceId, ms, [...held.keys()], [...held.values()]],
    )
    return new Set(rows.map((row) => row.document_id))
  }

  /** Gives up `documentId`'s lease if `instanceId` still holds it with `generation`. */
  async release(documentId: string, instanceId: string, generation: number): Promise<void> {
    await this.db.query('DELETE FROM document_leases WHERE document_id = $1 AND instance_id = $2 AND generation = $3', [documentId, instanceId, generation])
  }
}

function leaseOf(row: LeaseRow): DocumentLease {
  return { documentId: row.document_id, instanceId: row.instance_id, url: row.url, generation: Number(row.generation), expiresAt: row.expires_at }
}
