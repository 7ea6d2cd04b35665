/**
 * Automatic checkpoints (revisions the server records by itself: `auto`,
 * made by the server, see docs/revision-log.md) folded so that named
 * revisions are not buried among them: each run of consecutive checkpoints
 * in the list becomes one row — "4 automatic checkpoints, 5 Dec 2026,
 * 14:02–14:06" — that opens to show them. Named revisions always stand on
 * their own.
 */

import { formatDateTime } from './i18n/dateFormat.js'
import { t } from './i18n/translator.js'

/** A row of the revisions list: one revision, or a run of consecutive automatic checkpoints. */
export type RevisionRow<R> = { kind: 'revision'; revision: R } | { kind: 'checkpoints'; revisions: R[] }

/** What folding needs of a revision. */
export interface FoldedRevision {
  auto: boolean
  /** ISO 8601. */
  createdAt: string
}

/** The words of this module, in one place. */
const words = {
  count: (n: number) => t('revisions.checkpointCount', { count: n }),
  summary: (count: string, span: string) => t('revisions.checkpointSummary', { count, span }),
  sameDay: (first: string, lastTime: string) => `${first}–${lastTime}`,
  days: (first: string, last: string) => `${first} – ${last}`,
}

/**
 * The rows of `revisions`, in their order: with `fold`, each run of
 * consecutive automatic checkpoints is one row (a run of one too), every
 * named revision a row of its own; without, every revision a row of its own.
 */
export function revisionRows<R extends FoldedRevision>(revisions: readonly R[], fold: boolean): RevisionRow<R>[] {
  const rows: RevisionRow<R>[] = []
  for (const revision of revisions) {
    const last = rows.at(-1)
    if (!fold || !revision.auto) rows.push({ kind: 'revision', revision })
    else if (last?.kind === 'checkpoints') last.revisions.push(revision)
    else rows.push({ kind: 'checkpoints', revisions: [revision] })
  }
  return rows
}

/**
 * What a folded row says: how many checkpoints, and from when to when, in
 * `timeZone` (the browser's by default) — "4 automatic checkpoints, 5 Dec
 * 2026, 14:02–14:06", the day written once when they all fall on it.
 * `revisions` may be in either order.
 */
export function checkpointsSummary(revisions: readonly FoldedRevision[], timeZone?: string): string {
  const times = revisions.map((revision) => new Date(revision.createdAt)).sort((a, b) => a.getTime() - b.getTime())
  const first = times[0]
  const last = times.at(-1)
  if (!first || !last) return words.count(0)
  const count = words.count(times.length)
  const from = formatDateTime(first, { timeZone })
  const day = (date: Date) => new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }).format(date)
  const time = (date: Date) => new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(date)
  if (day(first) !== day(last)) return words.summary(count, words.days(from, formatDateTime(last, { timeZone })))
  return words.summary(count, time(first) === time(last) ? from : words.sameDay(from, time(last)))
}
