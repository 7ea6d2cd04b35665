/**
 * A document's lease: which server instance owns the live document now
 * (runs its gate, group commit, compactor and revision recorder), where the
 * other instances reach it, and the generation that fences it — a number
 * never given twice, named by every append and compaction the owner makes,
 * so that an owner whose lease was taken over stores nothing.
 */

import { CounterpartError } from './errors.js'

export interface DocumentLease {
  documentId: string
  /** The owning instance (`COUNTERPART_INSTANCE_ID`). */
  instanceId: string
  /** Where the other instances reach it (`COUNTERPART_INTERNAL_URL`). */
  url: string
  /** The fencing token: the lease's generation. */
  generation: number
  /** When it lapses unless renewed (the database's clock). */
  expiresAt: Date
}

/** The instance taking or renewing a lease: who it is and where others reach it. */
export interface LeaseHolder {
  instanceId: string
  url: string
}

/** The fence an owner's writes carry: its instance and the generation of its lease. */
export interface LeaseFence {
  instanceId: string
  generation: number
}

/** Refused to an owner whose lease was taken over: it stores nothing more of `documentId`, and its clients reconnect to the new owner. */
export function leaseLost(documentId: string): CounterpartError {
  return new CounterpartError('going-away', `document ${documentId} is now served by another server instance (its lease was taken over); reconnect`, { leaseLost: documentId })
}

/** Whether `error` is `leaseLost`'s. */
export function isLeaseLost(error: unknown): error is CounterpartError {
  return error instanceof CounterpartError && error.details !== undefined && 'leaseLost' in error.details
}
