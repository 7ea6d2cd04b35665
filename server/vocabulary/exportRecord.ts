/**
 * A record of a sealed export: which revision, for whom, and its seal.
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
  createdAt: Date
}
