/**
 * The append-only log of translation confirmations (the database refuses
 * UPDATE, DELETE and TRUNCATE on it; see migration 0005).
 */

import type { Database } from './database.js'
import type { TranslationConfirmation } from '../vocabulary/translation.js'

interface ConfirmationRow {
  document_id: string
  clause_id: string
  lang: string
  working_hash: string
  translation_hash: string
  working_text: string
  confirmed_by: string
  confirmed_at: Date
}

export type NewConfirmation = Omit<TranslationConfirmation, 'confirmedAt'>

export class TranslationStore {
  constructor(private readonly db: Database) {}

  /** Records a confirmation. */
  async append(confirmation: NewConfirmation): Promise<TranslationConfirmation> {
    const [row] = await this.db.query<ConfirmationRow>(
      `INSERT INTO translation_confirmations (document_id, clause_id, lang, working_hash, translation_hash, working_text, confirmed_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [confirmation.documentId, confirmation.clauseId, confirmation.lang, confirmation.workingHash, confirmation.translationHash, confirmation.workingText, confirmation.confirmedBy],
    )
    return toConfirmation(row!)
  }

  /** The latest confirmation of each clause in each language of a document. */
  async latest(documentId: string): Promise<TranslationConfirmation[]> {
    const rows = await this.db.query<ConfirmationRow>(
      `SELECT DISTINCT ON (clause_id, lang) * FROM translation_confirmations
        WHERE document_id = $1 ORDER BY clause_id, lang, id DESC`,
      [documentId],
    )
    return rows.map(toConfirmation)
  }
}

function toConfirmation(row: ConfirmationRow): TranslationConfirmation {
  return {
    documentId: row.document_id,
    clauseId: row.clause_id,
    lang: row.lang,
    workingHash: row.working_hash,
    translationHash: row.translation_hash,
    workingText: row.working_text,
    confirmedBy: row.confirmed_by,
    confirmedAt: row.confirmed_at,
  }
}
