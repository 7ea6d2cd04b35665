/**
 * Group commit: every update that arrives while commits are in flight joins
 * the next one, so durability costs one round trip per batch rather than one
 * per update. Each `append` resolves only after Postgres has committed its
 * batch. Up to `maxInFlight` batches commit at once (PostgreSQL flushes
 * their WAL together), so an update arriving during a commit does not wait
 * for it to finish before its own starts — but never two batches of one
 * document: a document's later updates build on its earlier ones, and two
 * batches may commit in either order, so a crash between the two commits
 * could leave stored an update whose predecessor is not (every replica
 * would hold it back for good, and new clients would receive it as such).
 * A document's callers are therefore resolved in order, batch after batch,
 * and no document waits for another's commit. When a batch fails,
 * its updates are retried one by one, so that a single bad row fails only
 * its own sender.
 *
 * Consecutive updates of one member to one document in a batch are stored
 * as one row (merged, up to 64 at a time): a burst of typing leaves a short
 * log, which loads, compacts and answers a new client faster. Authorship is not in the rows
 * but beside them (client ids, insertions and deletions, by document and
 * member, dated by the commit that stores them), so merging loses none of it.
 */

import type { UpdateEntry, UpdateLog } from '../storage/updateLog.js'
import { mergeInRuns } from './stateFold.js'
import type { ItemRange } from './updateEffect.js'

/** Most updates merged into one row: merging stays quick on the way to the commit. */
const maxMergedUpdates = 64

interface Waiting {
  entry: UpdateEntry
  resolve: () => void
  reject: (error: unknown) => void
}

/** Per waiting update: null when stored, or why not. */
type Outcomes = (unknown | null)[]

export class GroupCommit {
  private queue: Waiting[] = []
  private inFlight = 0
  /** Documents with a batch on its way to the log: their next updates wait for it. */
  private readonly committing = new Set<string>()
  private scheduled = false
  /** Commits, updates committed and updates refused so far, for benchmarks and logs. */
  readonly stats = { commits: 0, updates: 0, failures: 0 }

  constructor(
    private readonly log: Pick<UpdateLog, 'append'>,
    private readonly maxBatch: number,
    private readonly maxInFlight = 2,
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
    while (this.queue.length > 0 || this.inFlight > 0 || this.scheduled) await new Promise<void>((resolve) => setImmediate(resolve))
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.maxInFlight) return
    this.scheduled = true
    // Let every frame decoded in this turn of the event loop join the batch.
    queueMicrotask(() => {
      this.scheduled = false
      this.launch()
    })
  }

  private launch(): void {
    while (this.queue.length > 0 && this.inFlight < this.maxInFlight) {
      const batch = this.takeBatch()
      if (batch.length === 0) return
      const documents = new Set(batch.map((waiting) => waiting.entry.documentId))
      for (const documentId of documents) this.committing.add(documentId)
      this.inFlight++
      // Its callers are resolved before the documents' next batch can start.
      void this.store(batch)
        .then((outcomes) => this.settle(batch, outcomes))
        .finally(() => {
          for (const documentId of documents) this.committing.delete(documentId)
          this.inFlight--
          if (this.queue.length > 0) this.schedule()
        })
    }
  }

  /** Up to `maxBatch` waiting updates, in arrival order, of documents that have no batch on its way. */
  private takeBatch(): Waiting[] {
    if (this.committing.size === 0) return this.queue.splice(0, this.maxBatch)
    const batch: Waiting[] = []
    const rest: Waiting[] = []
    for (const waiting of this.queue) {
      if (batch.length < this.maxBatch && !this.committing.has(waiting.entry.documentId)) batch.push(waiting)
      else rest.push(waiting)
    }
    this.queue = rest
    return batch
  }

  /** Stores `batch` in one commit; when that fails, row by row. Never rejects. */
  private async store(batch: Waiting[]): Promise<Outcomes> {
    try {
      await this.log.append(coalesce(batch.map((waiting) => waiting.entry)))
      this.stats.commits++
      return batch.map(() => null)
    } catch (error) {
      if (batch.length === 1) return [error]
      const outcomes: Outcomes = []
      for (const waiting of batch) {
        outcomes.push(
          await this.log.append([waiting.entry]).then(
            () => {
              this.stats.commits++
              return null
            },
            (retryError: unknown) => retryError,
          ),
        )
      }
      return outcomes
    }
  }

  private settle(batch: Waiting[], outcomes: Outcomes): void {
    batch.forEach((waiting, index) => {
      const error = outcomes[index]
      if (error === null) {
        this.stats.updates++
        waiting.resolve()
      } else {
        this.stats.failures++
        waiting.reject(error)
      }
    })
  }
}

/** `entries` with each run of consecutive updates by one member to one document merged into as few rows as `maxMergedUpdates` allows. */
export function coalesce(entries: readonly UpdateEntry[]): UpdateEntry[] {
  const rows: UpdateEntry[] = []
  let run: UpdateEntry[] = []
  const close = () => {
    const [first] = run
    if (run.length === 1) rows.push(first!)
    else if (first) {
      mergeInRuns(run.map((entry) => entry.update), maxMergedUpdates).forEach((update, index) =>
        rows.push({
          documentId: first.documentId,
          memberId: first.memberId,
          update,
          // A run is one document's, so one owner's: its rows carry that owner's fence, or a stale owner would store them.
          ...(first.fence ? { fence: first.fence } : {}),
          // Authorship is recorded by document and member, not by row: the run's first row carries it.
          clientIds: index === 0 ? run.flatMap((entry) => entry.clientIds ?? []) : [],
          deletions: index === 0 ? run.flatMap((entry) => entry.deletions ?? []) : [],
          insertions: index === 0 ? joinedRanges(run.flatMap((entry) => entry.insertions ?? [])) : [],
        }),
      )
    }
    run = []
  }
  for (const entry of entries) {
    if (run[0] && (run[0].documentId !== entry.documentId || run[0].memberId !== entry.memberId)) close()
    run.push(entry)
  }
  close()
  return rows
}

/** `ranges` with each range that begins where the one before it ends (one client typing on) joined to it. */
function joinedRanges(ranges: readonly ItemRange[]): ItemRange[] {
  const joined: ItemRange[] = []
  for (const range of ranges) {
    const last = joined.at(-1)
    if (last && last.client === range.client && last.clock + last.len === range.clock) last.len += range.len
    else joined.push({ ...range })
  }
  return joined
}
