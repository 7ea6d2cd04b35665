/**
 * The authorship log of each document (who introduced each Yjs client id,
 * when each item was stored and who deleted it, `authorshipStore.ts`) kept
 * in memory and brought up to date by reading only the rows stored since
 * the last reading, so that a compare of a long negotiation does not read
 * its whole history each time.
 *
 * The log only grows. Rows are dated by the transaction that stored them,
 * and a transaction can commit after a later one, so each reading goes back
 * `overlap` before the latest row kept and drops the rows it already holds
 * from that time on; it then checks, for each table, that it holds as many
 * rows as the table counts in the same statement. When it does not (a transaction older than
 * the overlap committed since, or two rows alike to the millisecond), it
 * reads the whole log again (which gives every row, alike rows once: they
 * tell the same).
 */

import type { AuthorshipStore } from '../storage/authorshipStore.js'
import type { AuthorshipLog } from '../revisions/loggedAuthorship.js'
import type { ClientIntroduction, DeletionMark, InsertionMark } from '../vocabulary/authorship.js'

/** How far before its latest row a reading looks again. */
const overlap = 5_000

/** Documents whose logs are kept, the least recently read going first. */
const keptDocuments = 32

interface Kept {
  log: { introductions: Map<number, ClientIntroduction>; insertions: InsertionMark[]; deletions: DeletionMark[] }
  /** When the latest row kept was stored (0: nothing kept). */
  latest: number
}

export class AuthorshipLogs {
  private readonly kept = new Map<string, Kept>()

  constructor(private readonly store: Pick<AuthorshipStore, 'marksSince'>) {}

  /** The whole authorship log of `documentId` as stored now. */
  async of(documentId: string): Promise<AuthorshipLog> {
    let kept = this.kept.get(documentId)
    this.kept.delete(documentId)
    if (!kept || !(await this.extend(documentId, kept))) {
      kept = { log: { introductions: new Map(), insertions: [], deletions: [] }, latest: 0 }
      await this.extend(documentId, kept)
    }
    this.kept.set(documentId, kept)
    for (const oldest of this.kept.keys()) {
      if (this.kept.size <= keptDocuments) break
      this.kept.delete(oldest)
    }
    return kept.log
  }

  /** Adds to `kept` the rows stored since its latest (less the overlap); whether it then holds every row. */
  private async extend(documentId: string, kept: Kept): Promise<boolean> {
    const since = kept.latest === 0 ? 0 : kept.latest - overlap
    const fresh = await this.store.marksSince(documentId, new Date(since))
    const { log } = kept
    let latest = kept.latest
    /** Keeps the rows of `fresh` not kept already (those from `since` on, told apart by what they say); whether the kept rows are now as many as stored. */
    const add = <T>(fresh: { rows: readonly T[]; total: number }, held: Iterable<T>, keyOf: (row: T) => string, at: (row: T) => Date, keep: (row: T) => void, count: () => number) => {
      const known = new Set<string>()
      for (const row of held) if (at(row).getTime() >= since) known.add(keyOf(row))
      for (const row of fresh.rows) {
        const key = keyOf(row)
        if (known.has(key)) continue
        known.add(key)
        keep(row)
        latest = Math.max(latest, at(row).getTime())
      }
      return count() === fresh.total
    }
    const complete = [
      add(fresh.introductions, log.introductions, ([client, { memberId, at }]) => `${client} ${memberId} ${at.getTime()}`, ([, introduction]) => introduction.at, ([client, introduction]) => log.introductions.set(client, introduction), () => log.introductions.size),
      add(fresh.insertions, log.insertions, (mark) => `${mark.client} ${mark.clock} ${mark.len} ${mark.at.getTime()}`, (mark) => mark.at, (mark) => log.insertions.push(mark), () => log.insertions.length),
      add(fresh.deletions, log.deletions, (mark) => `${mark.client} ${mark.clock} ${mark.len} ${mark.memberId} ${mark.at.getTime()}`, (mark) => mark.at, (mark) => log.deletions.push(mark), () => log.deletions.length),
    ].every(Boolean)
    kept.latest = latest
    return complete
  }
}
