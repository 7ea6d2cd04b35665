/**
 * Reading who introduced each Yjs client id of a document, who deleted
 * which items, and when items were stored and deleted (written with the
 * updates, in `updateLog.ts`).
 */

import type { Database } from './database.js'
import type { ClientIntroduction, DeletionMark, InsertionMark } from '../vocabulary/authorship.js'

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

  /** Client id → the member who introduced it and when. */
  async clientIntroductions(documentId: string): Promise<Map<number, ClientIntroduction>> {
    const rows = await this.db.query<{ client_id: number; member_id: string | null; created_at: Date }>(
      'SELECT client_id, member_id, created_at FROM client_ids WHERE document_id = $1',
      [documentId],
    )
    return new Map(rows.map((row) => [Number(row.client_id), { memberId: row.member_id, at: new Date(row.created_at) }]))
  }

  /** Every deletion mark of the document, by client then clock. */
  async deletionMarks(documentId: string): Promise<DeletionMark[]> {
    const rows = await this.db.query<{ client_id: number; clock: number; len: number; member_id: string | null; created_at: Date }>(
      'SELECT client_id, clock, len, member_id, created_at FROM deletion_marks WHERE document_id = $1 ORDER BY client_id, clock, created_at',
      [documentId],
    )
    return rows.map((row) => ({ client: Number(row.client_id), clock: Number(row.clock), len: Number(row.len), memberId: row.member_id, at: new Date(row.created_at) }))
  }

  /** Every insertion mark of the document, by client then clock. */
  async insertionMarks(documentId: string): Promise<InsertionMark[]> {
    const rows = await this.db.query<{ client_id: number; clock: number; len: number; created_at: Date }>(
      'SELECT client_id, clock, len, created_at FROM insertion_marks WHERE document_id = $1 ORDER BY client_id, clock, created_at',
      [documentId],
    )
    return rows.map((row) => ({ client: Number(row.client_id), clock: Number(row.clock), len: Number(row.len), at: new Date(row.created_at) }))
  }
}
