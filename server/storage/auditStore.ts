/**
 * The append-only audit trail (the database refuses UPDATE and DELETE on it).
 */

import type { Database } from './database.js'
import type { AuditEntry } from '../vocabulary/audit.js'


interface AuditRow {
  id: number
  document_id: string
  at: Date
  event: string
  actor_kind: AuditEntry['actorKind']
  actor_id: string | null
  actor_party: string | null
  clause_id: string | null
  details: string
  visible_to: string | null
}

export class AuditStore {
  constructor(private readonly db: Database) {}

  async append(entry: Omit<AuditEntry, 'id' | 'at'>): Promise<void> {
    await this.db.query(
      `INSERT INTO audit (document_id, event, actor_kind, actor_id, actor_party, clause_id, details, visible_to)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [entry.documentId, entry.event, entry.actorKind, entry.actorId, entry.actorParty, entry.clauseId, JSON.stringify(entry.details), entry.visibleTo],
    )
  }

  /**
   * The document's entries in order; with `party`, only the shared ones and
   * that party's own; with `during`, only those made from `from` to `to`
   * (null: to now).
   */
  async list(documentId: string, party?: string | null, during?: { from: Date; to: Date | null }): Promise<AuditEntry[]> {
    const conditions = ['document_id = $1']
    const parameters: unknown[] = [documentId]
    const where = (condition: (placeholder: string) => string, value: unknown) => {
      parameters.push(value)
      conditions.push(condition(`$${parameters.length}`))
    }
    if (party !== undefined) where((placeholder) => `(visible_to IS NULL OR visible_to = ${placeholder})`, party)
    if (during) where((placeholder) => `at >= ${placeholder}`, during.from)
    if (during?.to) where((placeholder) => `at <= ${placeholder}`, during.to)
    const rows = await this.db.query<AuditRow>(`SELECT * FROM audit WHERE ${conditions.join(' AND ')} ORDER BY id`, parameters)
    return rows.map((row) => ({
      id: row.id,
      documentId: row.document_id,
      at: row.at,
      event: row.event,
      actorKind: row.actor_kind,
      actorId: row.actor_id,
      actorParty: row.actor_party,
      clauseId: row.clause_id,
      details: JSON.parse(row.details) as Record<string, unknown>,
      visibleTo: row.visible_to,
    }))
  }
}
