/**
 * Revisions of a document: the records of the append-only, hash-chained
 * version log, and how a revision is named.
 */

export interface RevisionRecord {
  documentId: string
  seq: number
  label: string
  note: string
  auto: boolean
  snapshot: Uint8Array
  state: Uint8Array
  contentHash: string
  parentHash: string
  hash: string
  createdBy: string | null
  createdByKind: 'member' | 'admin' | 'server'
  createdAt: Date
}

/** A revision without its (large) snapshot and state. */
export type RevisionSummary = Omit<RevisionRecord, 'snapshot' | 'state'>

/** A revision number as written in a URL or a query: 1 to 999,999,999. */
export const revisionNumberPattern = /^[1-9]\d{0,8}$/

/** Which state to read: a revision, or the live document. */
export type StateRef = number | 'live'
