/**
 * Ranges of Yjs items marked with what the log knows of them — who deleted
 * them, when they were stored or deleted — looked up by item id. Marks may
 * overlap (an update sent again while its first copy was on its way, two
 * members deleting the same words at once): where they do, the earliest
 * mark holds, as the change it records is the one that took effect.
 */

/** Items [clock, clock + len) of `client`, marked with `value` at time `at` (ms since the epoch). */
export interface ItemMark<T> {
  client: number
  clock: number
  len: number
  at: number
  value: T
}

/** One client's marks: disjoint ranges sorted by clock. */
interface ClientRanges<T> {
  starts: number[]
  ends: number[]
  marks: ItemMark<T>[]
}

export class ItemMarks<T> {
  private readonly clients = new Map<number, ClientRanges<T>>()

  /** Indexes `marks` (in any order), in n·log n when marks of one client come in clock order. */
  constructor(marks: Iterable<ItemMark<T>>) {
    // Earliest first, so that a later mark only fills what earlier ones left uncovered.
    const ordered = [...marks].sort((a, b) => a.at - b.at || a.client - b.client || a.clock - b.clock)
    for (const mark of ordered) {
      let ranges = this.clients.get(mark.client)
      if (!ranges) this.clients.set(mark.client, (ranges = { starts: [], ends: [], marks: [] }))
      cover(ranges, mark)
    }
  }

  /** The mark of item `clock` of `client`, or undefined when none covers it. */
  find(client: number, clock: number): ItemMark<T> | undefined {
    const ranges = this.clients.get(client)
    if (!ranges) return undefined
    const index = lastAtOrBefore(ranges.starts, clock)
    return index >= 0 && clock < ranges.ends[index]! ? ranges.marks[index] : undefined
  }
}

/** Adds the parts of `mark` that `ranges` does not cover yet. */
function cover<T>(ranges: ClientRanges<T>, mark: ItemMark<T>): void {
  const end = mark.clock + mark.len
  // The common case, a client typing on: after everything marked so far.
  if (ranges.ends.length === 0 || mark.clock >= ranges.ends.at(-1)!) {
    ranges.starts.push(mark.clock)
    ranges.ends.push(end)
    ranges.marks.push(mark)
    return
  }
  const gaps: [number, number][] = []
  let from = mark.clock
  let index = Math.max(0, lastAtOrBefore(ranges.starts, mark.clock))
  for (; index < ranges.starts.length && from < end; index++) {
    const start = ranges.starts[index]!
    if (start >= end) break
    if (start > from) gaps.push([from, start])
    from = Math.max(from, ranges.ends[index]!)
  }
  if (from < end) gaps.push([from, end])
  for (const [start, stop] of gaps) {
    const at = lastAtOrBefore(ranges.starts, start) + 1
    ranges.starts.splice(at, 0, start)
    ranges.ends.splice(at, 0, stop)
    ranges.marks.splice(at, 0, mark)
  }
}

/** The index of the last of the sorted `values` at or before `value`; -1 when none is. */
function lastAtOrBefore(values: readonly number[], value: number): number {
  let low = 0
  let high = values.length
  while (low < high) {
    const middle = (low + high) >> 1
    if (values[middle]! <= value) low = middle + 1
    else high = middle
  }
  return low - 1
}
