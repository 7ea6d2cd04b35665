/**
 * The changes made in this page that the server has not been seen to hold.
 *
 * y-websocket has no acknowledgement, but the sync protocol says enough:
 * everything the server sends (its sync step 2, its updates) is what it
 * holds, stored before it is shown, and its sync step 1 is its state
 * vector. A change made here is held once the server holds every item it
 * wrote (a Yjs client's history has no gaps on the server, so the last
 * clock is enough) and every item it deleted (a sync step 2 carries the
 * server's whole delete set). `question` is the state vector to ask the
 * server with so that its answer shows exactly that.
 *
 * Pure: it reads Yjs updates and state vectors, and knows no socket.
 */

import * as Y from 'yjs'

/** Items `[clock, clock + length)` of Yjs client `client`. */
export type Span = [client: number, clock: number, length: number]

/** What is kept of the unsent changes across a reload (plain values, for the local copy). */
export interface KeptUnsent {
  /** How many changes they are. */
  changes: number
  /** Per client, the clocks written: `[client, from, to]`. */
  writes: [client: number, from: number, to: number][]
  /** The items deleted, not yet seen deleted on the server. */
  deletes: Span[]
}

/** One change (or, once kept, several merged), until the server holds it. */
interface Pending {
  writes: Map<number, { from: number; to: number }>
  deletes: Span[]
  changes: number
}

export class UnsentChanges {
  private pending: Pending[] = []
  /** Per client, the clock below which the server is known to hold every item. */
  private readonly serverClocks = new Map<number, number>()

  /** How many changes made here the server has not been seen to hold. */
  get count(): number {
    return this.pending.reduce((sum, entry) => sum + entry.changes, 0)
  }

  /** Notes a change made in this page: `update`, as the document emitted it. */
  madeHere(update: Uint8Array): void {
    const { structs, ds } = Y.decodeUpdate(update)
    const writes = new Map<number, { from: number; to: number }>()
    for (const struct of structs) {
      if (struct instanceof Y.Skip) continue
      const { client, clock } = struct.id
      const span = writes.get(client)
      const to = clock + struct.length
      if (span) {
        span.from = Math.min(span.from, clock)
        span.to = Math.max(span.to, to)
      } else writes.set(client, { from: clock, to })
    }
    const deletes = spansOf(ds)
    if (writes.size > 0 || deletes.length > 0) this.pending.push({ writes, deletes, changes: 1 })
  }

  /** Adds the changes kept from an earlier page (`kept()`). */
  restore(kept: KeptUnsent): void {
    if (kept.changes <= 0) return
    const writes = new Map(kept.writes.map(([client, from, to]) => [client, { from, to }]))
    this.pending.push({ writes, deletes: kept.deletes.map((span) => [...span]), changes: kept.changes })
    this.settle()
  }

  /** Notes the server's state vector (its sync step 1): it holds every item below these clocks. */
  serverHasClocks(stateVector: Map<number, number>): void {
    for (const [client, clock] of stateVector) this.raise(client, clock)
    this.settle()
  }

  /** Notes `update`, sent by the server (a sync step 2 or an update): it holds all of it. */
  serverHolds(update: Uint8Array): void {
    if (this.pending.length === 0) return
    const { structs, ds } = Y.decodeUpdate(update)
    for (const struct of structs) if (!(struct instanceof Y.Skip)) this.raise(struct.id.client, struct.id.clock + struct.length)
    const held = spansOf(ds)
    if (held.length > 0) for (const entry of this.pending) entry.deletes = subtract(entry.deletes, held)
    this.settle()
  }

  /**
   * The state vector to send as a sync step 1 so that the server's answer
   * shows which pending changes it holds: the document's own, except that
   * for each client with pending writes it claims only what the server is
   * known to hold (or the first pending clock), so the answer hands back
   * the pending items the server has. Null when nothing is pending.
   */
  question(documentVector: Map<number, number>): Map<number, number> | null {
    if (this.pending.length === 0) return null
    const vector = new Map(documentVector)
    for (const entry of this.pending) {
      for (const [client, { from }] of entry.writes) {
        const claimed = this.serverClocks.get(client) ?? from
        vector.set(client, Math.min(vector.get(client) ?? claimed, claimed))
      }
    }
    return vector
  }

  /** Forgets every pending change (the copy that held them is discarded). */
  discard(): void {
    this.pending = []
  }

  /** The pending changes merged into one, to keep across a reload. */
  kept(): KeptUnsent {
    const writes = new Map<number, { from: number; to: number }>()
    for (const entry of this.pending) {
      for (const [client, span] of entry.writes) {
        const merged = writes.get(client)
        writes.set(client, merged ? { from: Math.min(merged.from, span.from), to: Math.max(merged.to, span.to) } : { ...span })
      }
    }
    return {
      changes: this.count,
      writes: [...writes].map(([client, { from, to }]) => [client, from, to]),
      deletes: this.pending.flatMap((entry) => entry.deletes.map((span): Span => [...span])),
    }
  }

  private raise(client: number, clock: number): void {
    if ((this.serverClocks.get(client) ?? 0) < clock) this.serverClocks.set(client, clock)
  }

  /** Drops the changes the server now holds whole. */
  private settle(): void {
    this.pending = this.pending.filter(
      (entry) => entry.deletes.length > 0 || [...entry.writes].some(([client, { to }]) => (this.serverClocks.get(client) ?? 0) < to),
    )
  }
}

/** A delete set as spans. */
function spansOf(ds: { clients: Map<number, { clock: number; len: number }[]> }): Span[] {
  const spans: Span[] = []
  for (const [client, items] of ds.clients) for (const { clock, len } of items) spans.push([client, clock, len])
  return spans
}

/** What of `spans` lies outside every span of `held`. */
export function subtract(spans: readonly Span[], held: readonly Span[]): Span[] {
  let remaining = spans.map((span): Span => [...span])
  for (const [client, clock, length] of held) {
    const end = clock + length
    remaining = remaining.flatMap((span): Span[] => {
      const [spanClient, spanClock, spanLength] = span
      const spanEnd = spanClock + spanLength
      if (spanClient !== client || end <= spanClock || spanEnd <= clock) return [span]
      const left: Span[] = spanClock < clock ? [[client, spanClock, clock - spanClock]] : []
      const right: Span[] = end < spanEnd ? [[client, end, spanEnd - end]] : []
      return [...left, ...right]
    })
    if (remaining.length === 0) break
  }
  return remaining
}
