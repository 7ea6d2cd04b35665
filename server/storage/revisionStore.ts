/**
 * The append-only revision log (the database refuses UPDATE, DELETE and
 * TRUNCATE on it; see migration 0002).
 */

import type { Database } from './database.js'
import type { RevisionRecord, RevisionSummary } from '../vocabulary/revision.js'

interface RevisionRow {
  document_id: string
  seq: number
  label: string
  note: string
  auto: boolean
  snapshot?: Uint8Array
  state?: Uint8Array
  content_hash: string
  parent_hash: string
  hash: string
  created_by: string | null
  created_by_kind: RevisionRecord['createdByKind']
  created_at: Date
}

const summaryColumns = 'document_id, seq, label, note, auto, content_hash, parent_hash, hash, created_by, created_by_kind, created_at'

export class RevisionStore {
  constructor(private readonly db: Database) {}

  /**
   * Appends the next revision of `documentId`. `build` receives the next
   * seq and the previous revision's hash (null for the first) and returns
   * the record to store; appends to one document take turns, so the chain
   * has no forks.
   */
  async append(documentId: string, build: (seq: number, previousHash: string | null) => RevisionRecord): Promise<RevisionRecord> {
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT id FROM documents WHERE id = $1 FOR NO KEY UPDATE', [documentId])
      const [last] = await tx.query<{ seq: number; hash: string }>(
        'SELECT seq, hash FROM revisions WHERE document_id = $1 ORDER BY seq DESC LIMIT 1',
        [documentId],
      )
      const record = build((last?.seq ?? 0) + 1, last?.hash ?? null)
      await tx.query(
        `INSERT INTO revisions (document_id, seq, label, note, auto, snapshot, state, content_hash, parent_hash, hash,
                                created_by, created_by_kind, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
        [
          record.documentId,
          record.seq,
          record.label,
          record.note,
          record.auto,
          record.snapshot,
          record.state,
          record.contentHash,
          record.parentHash,
          record.hash,
          record.createdBy,
          record.createdByKind,
          record.createdAt,
        ],
      )
      return record
    })
  }

  /** Every revision of the document, oldest first, without snapshot and state. */
  async list(documentId: string): Promise<RevisionSummary[]> {
    const rows = await this.db.query<RevisionRow>(`SELECT ${summaryColumns} FROM revisions WHERE document_id = $1 ORDER BY seq`, [documentId])
    return rows.map(toSummary)
  }

  /** One revision without snapshot and state, or null. */
  async summary(documentId: string, seq: number): Promise<RevisionSummary | null> {
    const rows = await this.db.query<RevisionRow>(`SELECT ${summaryColumns} FROM revisions WHERE document_id = $1 AND seq = $2`, [documentId, seq])
    return rows[0] ? toSummary(rows[0]) : null
  }

  /** One revision's Yjs state alone, or null. */
  async state(documentId: string, seq: number): Promise<Uint8Array | null> {
    const rows = await this.db.query<{ state: Uint8Array }>('SELECT state FROM revisions WHERE document_id = $1 AND seq = $2', [documentId, seq])
    return rows[0]?.state ?? null
  }

  /** One revision with its snapshot and state, or null. */
  async get(documentId: string, seq: number): Promise<RevisionRecord | null> {
    const rows = await this.db.query<RevisionRow>(`SELECT ${summaryColumns}, snapshot, state FROM revisions WHERE document_id = $1 AND seq = $2`, [
      documentId,
      seq,
    ])
    return rows[0] ? toRecord(rows[0]) : null
  }

  /** Every revision with snapshot and state, oldest first (for verification). */
  async all(documentId: string): Promise<RevisionRecord[]> {
    const rows = await this.db.query<RevisionRow>(`SELECT ${summaryColumns}, snapshot, state FROM revisions WHERE document_id = $1 ORDER BY seq`, [
      documentId,
    ])
    return rows.map(toRecord)
  }
}

function toSummary(row: RevisionRow): RevisionSummary {
  return {
    documentId: row.document_id,
    seq: row.seq,
    label: row.label,
    note: row.note,
    auto: row.auto,
    contentHash: row.content_hash,
    parentHash: row.parent_hash,
    hash: row.hash,
    createdBy: row.created_by,
    createdByKind: row.created_by_kind,
    createdAt: row.created_at,
  }
}

function toRecord(row: RevisionRow): RevisionRecord {
  return { ...toSummary(row), snapshot: row.snapshot!, state: row.state! }
}
