/**
 * Updates the gate has admitted that the document does not hold yet: they
 * are on their way through the log, and a client's next update may already
 * build on them. The gate looks here for what such an update refers to.
 *
 * Kept per Yjs client, sorted by clock, because under a write storm
 * thousands of updates can be in flight at once and every admitted update
 * asks about its own client's history: scanning all of them per question
 * made the gate quadratic in the backlog.
 */

import * as Y from 'yjs'

type Struct = Y.Item | Y.GC

interface ClientFlight {
  /** In-flight structs of one client, sorted by clock (a resend may overlap an earlier one). */
  readonly structs: Struct[]
  /** The clock just past the furthest of them. */
  reach: number
}

const end = (struct: Struct) => struct.id.clock + struct.length

/** Index of the first struct in `structs` whose clock is greater than `clock`. */
function upperBound(structs: readonly Struct[], clock: number): number {
  let low = 0
  let high = structs.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (structs[middle]!.id.clock <= clock) low = middle + 1
    else high = middle
  }
  return low
}

export class InFlight {
  private readonly clients = new Map<number, ClientFlight>()
  /** Where the gate found new items go, so that an item placed beside one in flight is not walked back along the whole chain. */
  private readonly places = new WeakMap<Y.Item, unknown>()

  /** What `rememberPlace` recorded for `item`. */
  placeOf(item: Y.Item): unknown {
    return this.places.get(item)
  }

  rememberPlace(item: Y.Item, place: unknown): void {
    this.places.set(item, place)
  }

  /** Records the structs of an admitted update; call the returned function once it is applied (or failed). */
  add(structs: readonly (Struct | Y.Skip)[]): () => void {
    const batch = structs.filter((struct): struct is Struct => !(struct instanceof Y.Skip))
    for (const struct of batch) {
      let flight = this.clients.get(struct.id.client)
      if (!flight) this.clients.set(struct.id.client, (flight = { structs: [], reach: 0 }))
      const { structs: list } = flight
      // Almost always appended: a client's updates arrive in clock order.
      if (list.length === 0 || list.at(-1)!.id.clock <= struct.id.clock) list.push(struct)
      else list.splice(upperBound(list, struct.id.clock), 0, struct)
      flight.reach = Math.max(flight.reach, end(struct))
    }
    let landed = false
    return () => {
      if (landed) return
      landed = true
      for (const struct of batch) this.remove(struct)
    }
  }

  /** The in-flight struct holding `id`, if any. */
  structAt(id: Y.ID): Struct | null {
    const list = this.clients.get(id.client)?.structs
    if (!list) return null
    // The last struct starting at or before the clock usually holds it; an
    // overlapping resend may start earlier.
    for (let index = upperBound(list, id.clock) - 1; index >= 0; index--) {
      if (id.clock < end(list[index]!)) return list[index]!
    }
    return null
  }

  /** The clock just past the last in-flight struct of `client`, or 0. */
  reach(client: number): number {
    return this.clients.get(client)?.reach ?? 0
  }

  private remove(struct: Struct): void {
    const flight = this.clients.get(struct.id.client)
    if (!flight) return
    const { structs: list } = flight
    // Updates land in about the order they were admitted: search from the front.
    const index = list.indexOf(struct)
    if (index < 0) return
    list.splice(index, 1)
    if (list.length === 0) this.clients.delete(struct.id.client)
    else if (end(struct) >= flight.reach) flight.reach = list.reduce((furthest, other) => Math.max(furthest, end(other)), 0)
  }
}
