/**
 * A record of a sealed export — a signing original, or a round's Record of
 * Discussion: which revision, for whom, and its seal.
 */

export interface ExportRecord {
  documentId: string
  revisionSeq: number
  counterpart: string
  docxSha256: string
  statement: string
  signature: string
  exportedBy: string | null
  exportedByKind: 'member' | 'admin'
  /** The round whose Record of Discussion this is; null for a signing original. */
  round: number | null
  createdAt: Date
}
