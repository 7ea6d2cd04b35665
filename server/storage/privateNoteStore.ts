/**
 * Private notes (migration 0018): every statement names the party, which
 * the caller takes from the principal, never from a request.
 */

import type { Database } from './database.js'
import type { PrivateNoteRecord } from '../vocabulary/privateLayer.js'

interface PrivateNoteRow {
  document_id: string
  party: string
  clause_id: string
  text: string
  updated_by: string
  updated_at: Date
}

export class PrivateNoteStore {
  constructor(private readonly db: Database) {}

  /** `party`'s notes on the document, by clause id. */
  async list(documentId: string, party: string): Promise<PrivateNoteRecord[]> {
    const rows = await this.db.query<PrivateNoteRow>('SELECT * FROM private_notes WHERE document_id = $1 AND party = $2 ORDER BY clause_id', [documentId, party])
    return rows.map(toRecord)
  }

  /** Writes `party`'s note on a clause (replacing the one there). */
  async set(note: Omit<PrivateNoteRecord, 'updatedAt'>): Promise<PrivateNoteRecord> {
    const [row] = await this.db.query<PrivateNoteRow>(
      `INSERT INTO private_notes (document_id, party, clause_id, text, updated_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (document_id, party, clause_id) DO UPDATE SET text = EXCLUDED.text, updated_by = EXCLUDED.updated_by, updated_at = now()
       RETURNING *`,
      [note.documentId, note.party, note.clauseId, note.text, note.updatedBy],
    )
    return toRecord(row!)
  }

  /** Removes `party`'s note on a clause; whether there was one. */
  async remove(documentId: string, party: string, clauseId: string): Promise<boolean> {
    const rows = await this.db.query('DELETE FROM private_notes WHERE document_id = $1 AND party = $2 AND clause_id = $3 RETURNING clause_id', [documentId, party, clauseId])
    return rows.length > 0
  }
}

function toRecord(row: PrivateNoteRow): PrivateNoteRecord {
  return { documentId: row.document_id, party: row.party, clauseId: row.clause_id, text: row.text, updatedBy: row.updated_by, updatedAt: new Date(row.updated_at) }
}
