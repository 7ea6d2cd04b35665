/**
 * The append-only record of sealed signing copies and Records of Discussion.
 */

import type { Database } from './database.js'
import type { ExportRecord } from '../vocabulary/exportRecord.js'


interface ExportRow {
  document_id: string
  revision_seq: number
  counterpart: string
  docx_sha256: string
  statement: string
  signature: string
  exported_by: string | null
  exported_by_kind: ExportRecord['exportedByKind']
  round_number: number | null
  created_at: Date
}

export class ExportStore {
  constructor(private readonly db: Database) {}

  /** Records one export. */
  async record(entry: Omit<ExportRecord, 'createdAt'>): Promise<ExportRecord> {
    const [row] = await this.db.query<ExportRow>(
      `INSERT INTO exports (document_id, revision_seq, counterpart, docx_sha256, statement, signature, exported_by, exported_by_kind, round_number)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
      [entry.documentId, entry.revisionSeq, entry.counterpart, entry.docxSha256, entry.statement, entry.signature, entry.exportedBy, entry.exportedByKind, entry.round],
    )
    return toRecord(row!)
  }

  /** The first export of a file with these exact bytes, or null. */
  async findByHash(docxSha256: string): Promise<ExportRecord | null> {
    const rows = await this.db.query<ExportRow>('SELECT * FROM exports WHERE docx_sha256 = $1 ORDER BY id LIMIT 1', [docxSha256])
    return rows[0] ? toRecord(rows[0]) : null
  }
}

function toRecord(row: ExportRow): ExportRecord {
  return {
    documentId: row.document_id,
    revisionSeq: row.revision_seq,
    counterpart: row.counterpart,
    docxSha256: row.docx_sha256,
    statement: row.statement,
    signature: row.signature,
    exportedBy: row.exported_by,
    exportedByKind: row.exported_by_kind,
    round: row.round_number,
    createdAt: row.created_at,
  }
}
