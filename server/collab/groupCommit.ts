/**
 * Group commit: every update that arrives while a commit is in flight joins
 * the next one, so durability costs one round trip per batch rather than one
 * per update. Each `append` resolves only after Postgres has committed its
 * batch; batches commit one after another, in arrival order, and resolve
 * their callers in that order. When a batch fails, its updates are retried
 * one by one, so that a single bad row fails only its own sender.
 */

import type { UpdateEntry, UpdateLog } from '../storage/updateLog.js'

interface Waiting {
  entry: UpdateEntry
  resolve: () => void
  reject: (error: unknown) => void
}

export class GroupCommit {
  private queue: Waiting[] = []
  private running: Promise<void> | null = null
  private scheduled = false
  /** Commits, updates committed and updates refused so far, for benchmarks and logs. */
  readonly stats = { commits: 0, updates: 0, failures: 0 }

  constructor(
    private readonly log: Pick<UpdateLog, 'append'>,
    private readonly maxBatch: number,
  ) {}

  /** Queues `entry`; resolves when it is committed, rejects when its batch failed. */
  append(entry: UpdateEntry): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ entry, resolve, reject })
      this.schedule()
    })
  }

  /** Resolves once everything queued so far has been committed or has failed. */
  async flush(): Promise<void> {
    while (this.running !== null || this.scheduled) {
      await (this.running ?? new Promise<void>((resolve) => setImmediate(resolve)))
    }
  }

  private schedule(): void {
    if (this.running !== null || this.scheduled) return
    this.scheduled = true
    // Let every frame decoded in this turn of the event loop join the batch.
    queueMicrotask(() => {
      this.scheduled = false
      this.running = this.drain().finally(() => {
        this.running = null
        if (this.queue.length > 0) this.schedule()
      })
    })
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch)
      try {
        await this.log.append(batch.map((waiting) => waiting.entry))
        this.settle(batch, null)
      } catch (error) {
        if (batch.length === 1) {
          this.settle(batch, error)
          continue
        }
        // One bad row must not fail its neighbours: retry each alone, in order.
        for (const waiting of batch) {
          await this.log.append([waiting.entry]).then(
            () => this.settle([waiting], null),
            (retryError: unknown) => this.settle([waiting], retryError),
          )
        }
      }
    }
  }

  private settle(batch: Waiting[], error: unknown): void {
    if (error === null) {
      this.stats.commits++
      this.stats.updates += batch.length
      for (const waiting of batch) waiting.resolve()
    } else {
      this.stats.failures += batch.length
      for (const waiting of batch) waiting.reject(error)
    }
  }
}
