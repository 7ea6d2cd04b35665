/**
 * Background compaction: folds a document's log of updates into its
 * snapshot once the log grows past a threshold, one compaction per
 * document at a time. Loading stays fast however long the negotiation.
 * The fold itself runs where it is told (`FoldWorker`: off the event loop).
 *
 * A fold costs the size of the whole state, not of the tail it folds in,
 * so folding every `threshold` updates would make the work of a
 * document's life quadratic in its edits. The tail that is due grows with
 * the snapshot instead — at least `threshold` updates, at least a
 * sixteenth of the updates the snapshot already holds — so the folds'
 * sizes grow geometrically and their total is at most seventeen times the
 * history (linear); a load reads at most that sixteenth as single updates.
 */

import type { Logger } from '../logger.js'
import type { Fold, UpdateLog } from '../storage/updateLog.js'
import type { LeaseFence } from '../vocabulary/documentLease.js'

/** The tail due for folding, as a share of the updates the snapshot holds. */
const tailShare = 1 / 16

/** What the compactor knows of a document: its updates since the snapshot, and those the snapshot holds. */
export interface CompactedDocument {
  readonly id: string
  tailLength: number
  foldedUpdates: number
  /** The lease its compaction must still hold (several instances): a compaction by an owner taken over stores nothing. */
  readonly fence?: LeaseFence
}

export class Compactor {
  private readonly running = new Map<string, Promise<void>>()

  constructor(
    private readonly log: Pick<UpdateLog, 'compact'>,
    private readonly threshold: number,
    private readonly logger: Logger,
    /** Begins a fold of a snapshot and the updates after it into one state. */
    private readonly startFold: () => Fold,
  ) {}

  /** Whether `document`'s tail is long enough to fold (see above). */
  due(document: CompactedDocument): boolean {
    return document.tailLength >= Math.max(this.threshold, Math.ceil(document.foldedUpdates * tailShare))
  }

  /** Starts a compaction of `document` if its tail is due and none is running. */
  consider(document: CompactedDocument): void {
    if (!this.due(document) || this.running.has(document.id)) return
    const run = this.compact(document).finally(() => this.running.delete(document.id))
    this.running.set(document.id, run)
  }

  /** Resolves when every running compaction has finished. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()])
  }

  private async compact(document: CompactedDocument): Promise<void> {
    const started = performance.now()
    // Every update applied by now is stored, so the compaction folds it in;
    // later ones may or may not be, and are counted as still to fold.
    const applied = document.tailLength
    try {
      const merged = await this.log.compact(document.id, this.startFold, document.fence)
      document.tailLength = Math.max(0, document.tailLength - applied)
      document.foldedUpdates += merged
      this.logger.info('document.compacted', { documentId: document.id, rows: merged, ms: Math.round(performance.now() - started) })
    } catch (error) {
      // The log is untouched (the transaction rolled back); the next growth retries.
      this.logger.error('document.compact-failed', { documentId: document.id, error })
    }
  }
}
