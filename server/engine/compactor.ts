/**
 * Background compaction: folds a document's log of updates into its
 * snapshot once the log grows past a threshold, one compaction per
 * document at a time. Loading stays fast however long the negotiation.
 * The fold itself runs where it is told (`FoldWorker`: off the event loop).
 */

import type { Logger } from '../logger.js'
import type { UpdateLog } from '../storage/updateLog.js'

export class Compactor {
  private readonly running = new Map<string, Promise<void>>()

  constructor(
    private readonly log: Pick<UpdateLog, 'compact'>,
    private readonly threshold: number,
    private readonly logger: Logger,
    /** Folds a snapshot and the updates after it into one state. */
    private readonly fold: (parts: Uint8Array[]) => Promise<Uint8Array>,
  ) {}

  /** Starts a compaction of `document` if its tail has reached the threshold and none is running. */
  consider(document: { id: string; tailLength: number }): void {
    if (document.tailLength < this.threshold || this.running.has(document.id)) return
    const run = this.compact(document).finally(() => this.running.delete(document.id))
    this.running.set(document.id, run)
  }

  /** Resolves when every running compaction has finished. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()])
  }

  private async compact(document: { id: string; tailLength: number }): Promise<void> {
    const started = performance.now()
    // Every update applied by now is stored, so the compaction folds it in;
    // later ones may or may not be, and are counted as still to fold.
    const applied = document.tailLength
    try {
      const merged = await this.log.compact(document.id, this.fold)
      document.tailLength = Math.max(0, document.tailLength - applied)
      this.logger.info('document.compacted', { documentId: document.id, rows: merged, ms: Math.round(performance.now() - started) })
    } catch (error) {
      // The log is untouched (the transaction rolled back); the next growth retries.
      this.logger.error('document.compact-failed', { documentId: document.id, error })
    }
  }
}
