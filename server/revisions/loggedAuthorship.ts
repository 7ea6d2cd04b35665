/**
 * The `Authorship` a compare reads from what the log records beside the
 * updates: who introduced each Yjs client id (and so typed its items), who
 * deleted which items, and when each item was stored and deleted — each
 * change dated by the stored update that made it, to the minute.
 */

import type { Authorship } from './comparison.js'
import { ItemMarks } from './itemMarks.js'
import type { ClientIntroduction, DeletionMark, InsertionMark } from '../vocabulary/authorship.js'
import type { Author } from '../vocabulary/views.js'

/** What the log holds for one document. */
export interface AuthorshipLog {
  introductions: ReadonlyMap<number, ClientIntroduction>
  insertions: readonly InsertionMark[]
  deletions: readonly DeletionMark[]
}

/**
 * The authorship `log` records, members named by `author` (given a member
 * id, or null for the server itself). Items stored before insertions were
 * marked are dated by when their client id came.
 */
export function loggedAuthorship(log: AuthorshipLog, author: (memberId: string | null) => Author | null): Authorship {
  const deleted = new ItemMarks(log.deletions.map((mark) => ({ client: mark.client, clock: mark.clock, len: mark.len, at: mark.at.getTime(), value: mark.memberId })))
  const inserted = new ItemMarks(log.insertions.map((mark) => ({ client: mark.client, clock: mark.clock, len: mark.len, at: mark.at.getTime(), value: null })))
  const introduced = (client: number) => log.introductions.get(client)
  return {
    insertedBy: (client) => {
      const introduction = introduced(client)
      return introduction ? author(introduction.memberId) : null
    },
    deletedBy: (client, clock) => {
      const mark = deleted.find(client, clock)
      return mark ? author(mark.value) : null
    },
    insertedAt: (client, clock) => {
      const at = inserted.find(client, clock)?.at ?? introduced(client)?.at.getTime()
      return at === undefined ? null : minuteOf(at)
    },
    deletedAt: (client, clock) => {
      const mark = deleted.find(client, clock)
      return mark ? minuteOf(mark.at) : null
    },
  }
}

/** The minute of `time` as a change is dated: ISO 8601 in UTC, seconds zero ("2026-01-05T08:30:00Z"). */
export function minuteOf(time: Date | number): string {
  const ms = typeof time === 'number' ? time : time.getTime()
  return new Date(Math.floor(ms / 60_000) * 60_000).toISOString().replace('.000Z', 'Z')
}
