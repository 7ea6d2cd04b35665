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
    const rows = await this.db.query<IntroductionRow>('SELECT client_id, member_id, created_at FROM client_ids WHERE document_id = $1', [documentId])
    return new Map(rows.map(introductionOf))
  }

  /** Every deletion mark of the document, by client then clock. */
  async deletionMarks(documentId: string): Promise<DeletionMark[]> {
    const rows = await this.db.query<DeletionRow>(
      'SELECT client_id, clock, len, member_id, created_at FROM deletion_marks WHERE document_id = $1 ORDER BY client_id, clock, created_at',
      [documentId],
    )
    return rows.map(deletionOf)
  }

  /** Every insertion mark of the document, by client then clock. */
  async insertionMarks(documentId: string): Promise<InsertionMark[]> {
    const rows = await this.db.query<InsertionRow>(
      'SELECT client_id, clock, len, created_at FROM insertion_marks WHERE document_id = $1 ORDER BY client_id, clock, created_at',
      [documentId],
    )
    return rows.map(insertionOf)
  }

  /**
   * The rows of the log stored from `since` on (by `created_at`), per table,
   * each with how many rows the table holds for the document, counted in the
   * same statement (one snapshot): a reader that kept the earlier rows can
   * tell whether it now holds them all.
   */
  async marksSince(documentId: string, since: Date): Promise<{ introductions: Counted<[number, ClientIntroduction]>; insertions: Counted<InsertionMark>; deletions: Counted<DeletionMark> }> {
    const [introductions, insertions, deletions] = await Promise.all([
      this.counted<IntroductionRow>('client_id, member_id', 'client_ids', documentId, since),
      this.counted<InsertionRow>('client_id, clock, len', 'insertion_marks', documentId, since),
      this.counted<DeletionRow>('client_id, clock, len, member_id', 'deletion_marks', documentId, since),
    ])
    return {
      introductions: { total: introductions.total, rows: introductions.rows.map(introductionOf) },
      insertions: { total: insertions.total, rows: insertions.rows.map(insertionOf) },
      deletions: { total: deletions.total, rows: deletions.rows.map(deletionOf) },
    }
  }

  private async counted<Row>(columns: string, table: string, documentId: string, since: Date): Promise<Counted<Row>> {
    const width = columns.split(',').length
    // The table's count rides along as one more row, its columns null but the last.
    const rows = await this.db.query<Row & { total: number | null }>(
      `SELECT ${columns}, created_at, NULL::bigint AS total FROM ${table} WHERE document_id = $1 AND created_at >= $2
       UNION ALL
       SELECT ${Array.from({ length: width }, () => 'NULL').join(', ')}, NULL, count(*) FROM ${table} WHERE document_id = $1`,
      [documentId, since],
    )
    const total = Number(rows.find((row) => row.total !== null)!.total)
    return { total, rows: rows.filter((row) => row.total === null) }
  }
}

interface IntroductionRow {
  client_id: number
  member_id: string | null
  created_at: Date
}

interface InsertionRow {
  client_id: number
  clock: number
  len: number
  created_at: Date
}

interface DeletionRow extends InsertionRow {
  member_id: string | null
}

const introductionOf = (row: IntroductionRow): [number, ClientIntroduction] => [Number(row.client_id), { memberId: row.member_id, at: new Date(row.created_at) }]
const insertionOf = (row: InsertionRow): InsertionMark => ({ client: Number(row.client_id), clock: Number(row.clock), len: Number(row.len), at: new Date(row.created_at) })
const deletionOf = (row: DeletionRow): DeletionMark => ({ ...insertionOf(row), memberId: row.member_id })

/** Rows read, and how many the table holds in all. */
interface Counted<T> {
  rows: T[]
  total: number
}
