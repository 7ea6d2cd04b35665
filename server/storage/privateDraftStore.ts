/**
 * The private draft documents' updates (migration 0021): each party's
 * own Yjs document of draft wording, kept apart from the shared document's
 * log. Every statement names the document and the party, which the caller
 * takes from the principal, never from a request.
 */

import type { Database } from './database.js'
import { leaseLost, type LeaseFence } from '../vocabulary/documentLease.js'

export class PrivateDraftStore {
  constructor(private readonly db: Database) {}

  /** Every update of `party`'s draft document, oldest first, and the id of the last (0 for none). */
  async load(documentId: string, party: string): Promise<{ updates: Uint8Array[]; lastId: number }> {
    const rows = await this.db.query<{ id: string | number; update: Uint8Array }>(
      'SELECT id, update FROM private_draft_updates WHERE document_id = $1 AND party = $2 ORDER BY id',
      [documentId, party],
    )
    return { updates: rows.map((row) => new Uint8Array(row.update)), lastId: rows.length === 0 ? 0 : Number(rows.at(-1)!.id) }
  }

  /** Appends one update of `party`'s draft document. */
  async append(documentId: string, party: string, update: Uint8Array, fence?: LeaseFence): Promise<void> {
    if (!fence) {
      await this.db.query('INSERT INTO private_draft_updates (document_id, party, update) VALUES ($1, $2, $3)', [documentId, party, update])
      return
    }
    // Behind the document's lease, as the shared document's appends are (`UpdateLog`): an owner taken over stores nothing.
    const [held] = await this.db.query<{ held: number }>(
      `WITH fence AS (SELECT 1 FROM document_leases WHERE document_id = $1 AND instance_id = $4 AND generation = $5 FOR SHARE),
       added AS (INSERT INTO private_draft_updates (document_id, party, update) SELECT $1, $2, $3::bytea WHERE EXISTS (SELECT 1 FROM fence))
       SELECT count(*)::int AS held FROM fence`,
      [documentId, party, update, fence.instanceId, fence.generation],
    )
    if (!held?.held) throw leaseLost(documentId)
  }

  /** Replaces `party`'s updates up to `lastId` by `merged` (their merge), in one transaction; later ones stay. */
  async fold(documentId: string, party: string, lastId: number, merged: Uint8Array): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM private_draft_updates WHERE document_id = $1 AND party = $2 AND id <= $3', [documentId, party, lastId])
      await tx.query('INSERT INTO private_draft_updates (document_id, party, update) VALUES ($1, $2, $3)', [documentId, party, merged])
    })
  }
}
