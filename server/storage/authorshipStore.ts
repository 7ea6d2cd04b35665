/**
 * Reading who introduced each Yjs client id of a document and who deleted
 * which items (written with the updates, in `updateLog.ts`).
 */

import type { Database } from './database.js'
import type { DeletionMark } from '../vocabulary/authorship.js'


export class AuthorshipStore {
  constructor(private readonly db: Database) {}

  /** Client id → member id (null: the server itself). */
  async clientOwners(documentId: string): Promise<Map<number, string | null>> {
    const rows = await this.db.query<{ client_id: number; member_id: string | null }>(
      'SELECT client_id, member_id FROM client_ids WHERE document_id = $1',
      [documentId],
    )
    return new Map(rows.map((row) => [row.client_id, row.member_id]))
  }

  /** Every deletion mark of the document, by client then clock. */
  async deletionMarks(documentId: string): Promise<DeletionMark[]> {
    const rows = await this.db.query<{ client_id: number; clock: number; len: number; member_id: string | null }>(
      'SELECT client_id, clock, len, member_id FROM deletion_marks WHERE document_id = $1 ORDER BY client_id, clock, created_at',
      [documentId],
    )
    return rows.map((row) => ({ client: row.client_id, clock: row.clock, len: row.len, memberId: row.member_id }))
  }
}
