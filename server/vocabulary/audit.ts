/**
 * An entry of a negotiation's audit trail.
 */

export interface AuditEntry {
  id: number
  documentId: string
  at: Date
  event: string
  actorKind: 'member' | 'admin' | 'server'
  actorId: string | null
  actorParty: string | null
  clauseId: string | null
  details: Record<string, unknown>
  /** A party code: only that party and the secretariat see it. Null: everyone. */
  visibleTo: string | null
}
