/**
 * What applying an update to a document would change: the Yjs client ids
 * of the structs it adds, the ranges of items it adds and the ranges it
 * newly deletes. The gate uses it to drop updates that change nothing, to
 * check authorship, and to record who deleted what (Yjs delete sets carry
 * no author) and when each item came and went.
 */

import * as Y from 'yjs'

/** Items [clock, clock + len) of `client`. */
export interface ItemRange {
  client: number
  clock: number
  len: number
}

export interface UpdateEffect {
  /** Client ids of the structs the document does not hold yet. */
  newClients: Set<number>
  /** Ranges of items the update adds that the document does not hold yet. */
  insertions: ItemRange[]
  /** Ranges of items the update deletes that the document has not deleted (or does not hold yet). */
  deletions: ItemRange[]
}

/** The effect of a decoded update on `doc`. Never modifies `doc`. */
export function effectOf(doc: Y.Doc, update: ReturnType<typeof Y.decodeUpdate>): UpdateEffect {
  const store = doc.store
  const newClients = new Set<number>()
  const insertions: ItemRange[] = []
  for (const struct of update.structs) {
    if (struct instanceof Y.Skip) continue
    const state = Y.getState(store, struct.id.client)
    const end = struct.id.clock + struct.length
    if (end <= state) continue
    newClients.add(struct.id.client)
    addRange(insertions, struct.id.client, Math.max(struct.id.clock, state), end)
  }
  const deletions: ItemRange[] = []
  const add = (client: number, from: number, to: number) => addRange(deletions, client, from, to)
  for (const [client, ranges] of update.ds.clients) {
    const structs = store.clients.get(client)
    const state = Y.getState(store, client)
    for (const range of ranges) {
      const end = range.clock + range.len
      if (structs !== undefined && range.clock < state) {
        for (let index = Y.findIndexSS(structs, range.clock); index < structs.length; index++) {
          const struct = structs[index]!
          if (struct.id.clock >= end) break
          if (!struct.deleted) add(client, Math.max(struct.id.clock, range.clock), Math.min(struct.id.clock + struct.length, end))
        }
      }
      // Items the document does not hold yet: deleted as soon as they arrive.
      add(client, Math.max(range.clock, state), end)
    }
  }
  return { newClients, insertions, deletions }
}

/** Appends [from, to) of `client` to `ranges`, extending the last range when it ends where this one begins. */
function addRange(ranges: ItemRange[], client: number, from: number, to: number): void {
  const last = ranges.at(-1)
  if (last && last.client === client && last.clock + last.len === from) last.len += to - from
  else if (to > from) ranges.push({ client, clock: from, len: to - from })
}

/** Whether an update with this effect changes the document at all. */
export const changesAnything = (effect: UpdateEffect): boolean => effect.newClients.size > 0 || effect.deletions.length > 0
