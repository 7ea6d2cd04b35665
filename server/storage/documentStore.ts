/**
 * Documents and their two parties.
 */

import type { Database } from './database.js'
import type { DocumentRecord, FullAgreementBy, InstrumentStyle, PartyNaming } from '../vocabulary/document.js'
import type { SigningSettings } from '../vocabulary/signing.js'

interface DocumentRow {
  id: string
  title: string
  style: InstrumentStyle
  created_at: Date
  working_language: string
  other_languages: string[] | string
  full_agreement_by: FullAgreementBy
  parties: PartyRow[] | string
}

interface PartyRow {
  code: string
  name: string
  short_name: string
  position: number
  language: string | null
  state: string
  names: Record<string, PartyNaming> | string
}

const selectDocuments = `
  SELECT d.id, d.title, d.style, d.created_at, d.working_language, array_to_json(d.other_languages) AS other_languages, d.full_agreement_by,
         (SELECT json_agg(json_build_object('code', p.code, 'name', p.name, 'short_name', p.short_name, 'position', p.position, 'language', p.language,
                                           'state', p.state, 'names', p.names)
                          ORDER BY p.position)
            FROM parties p WHERE p.document_id = d.id) AS parties
    FROM documents d`

export class DocumentStore {
  constructor(private readonly db: Database) {}

  /**
   * Inserts a document, its parties and its initial content (a Yjs update,
   * the first row of its log, whose client ids are recorded as the
   * server's) in one transaction.
   */
  async create(
    document: Omit<DocumentRecord, 'createdAt' | 'fullAgreementBy'>,
    initialContent: { update: Uint8Array; clientIds: readonly number[] } | null = null,
  ): Promise<DocumentRecord> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO documents (id, title, style, working_language, other_languages)
         VALUES ($1, $2, $3, $4, ARRAY(SELECT json_array_elements_text($5::json)))`,
        [document.id, document.title, document.style, document.languages.working, JSON.stringify(document.languages.others)],
      )
      for (const party of document.parties) {
        await tx.query('INSERT INTO parties (document_id, code, name, short_name, position, language, state, names) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)', [
          document.id,
          party.code,
          party.name,
          party.shortName,
          party.position,
          party.language,
          party.state,
          JSON.stringify(party.names),
        ])
      }
      if (initialContent !== null) {
        await tx.query('INSERT INTO doc_updates (document_id, data, member_id) VALUES ($1, $2, NULL)', [document.id, initialContent.update])
        for (const client of initialContent.clientIds) {
          await tx.query('INSERT INTO client_ids (document_id, client_id, member_id) VALUES ($1, $2, NULL)', [document.id, client])
        }
      }
    })
    const created = await this.get(document.id)
    if (!created) throw new Error(`document ${document.id} vanished right after it was created`)
    return created
  }

  /** The document with this id, or null. */
  async get(id: string): Promise<DocumentRecord | null> {
    const rows = await this.db.query<DocumentRow>(`${selectDocuments} WHERE d.id = $1`, [id])
    return rows[0] ? toDocument(rows[0]) : null
  }

  /** Every document, oldest first. */
  async list(): Promise<DocumentRecord[]> {
    const rows = await this.db.query<DocumentRow>(`${selectDocuments} ORDER BY d.created_at, d.id`)
    return rows.map(toDocument)
  }

  /** What is set for signing document `id`, or null when nothing is yet. */
  async signing(id: string): Promise<SigningSettings | null> {
    const rows = await this.db.query<{ signing: SigningSettings | string | null }>('SELECT signing FROM documents WHERE id = $1', [id])
    const value = rows[0]?.signing ?? null
    return typeof value === 'string' ? (JSON.parse(value) as SigningSettings) : value
  }

  /** Replaces what is set for signing document `id`. */
  async setSigning(id: string, settings: SigningSettings): Promise<void> {
    await this.db.query('UPDATE documents SET signing = $2::jsonb WHERE id = $1', [id, JSON.stringify(settings)])
  }

  /** Sets who gives a party's full agreement in document `id`. */
  async setFullAgreementBy(id: string, fullAgreementBy: FullAgreementBy): Promise<void> {
    await this.db.query('UPDATE documents SET full_agreement_by = $2 WHERE id = $1', [id, fullAgreementBy])
  }

  /** How many documents exist. */
  async count(): Promise<number> {
    const rows = await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM documents')
    return rows[0]?.n ?? 0
  }
}

function toDocument(row: DocumentRow): DocumentRecord {
  const parties = typeof row.parties === 'string' ? JSON.parse(row.parties) : (row.parties ?? [])
  return {
    id: row.id,
    title: row.title,
    style: row.style,
    createdAt: row.created_at,
    fullAgreementBy: row.full_agreement_by,
    parties: (parties as PartyRow[]).map((p) => ({
      code: p.code,
      name: p.name,
      shortName: p.short_name,
      state: p.state ?? '',
      position: p.position,
      language: p.language ?? null,
      names: typeof p.names === 'string' ? (JSON.parse(p.names) as Record<string, PartyNaming>) : (p.names ?? {}),
    })),
    languages: {
      working: row.working_language,
      others: typeof row.other_languages === 'string' ? (JSON.parse(row.other_languages) as string[]) : row.other_languages,
    },
  }
}
