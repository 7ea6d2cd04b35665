/**
 * Whether a decoded Yjs update can be integrated now, completely, and the
 * same way on every replica — checked before anything is applied, because
 * what Yjs does with an update that fails these is either to hold part of
 * it back and integrate it later, when nothing checks it, to crash half way,
 * or to place an item differently on different replicas.
 *
 * - Each client's new structs continue its history without a gap, and
 *   every item they refer to (origin, right origin, parent) is held by the
 *   document or comes with the update: otherwise the update is incomplete
 *   (`MissingHistory`), usually only early, and the sender is asked for
 *   what the server lacks.
 * - An item's parent, when named, is a shared type (Yjs crashes on a
 *   string), and an item refers to its own client's history only before
 *   itself.
 * - A new item's left origin comes before its right origin in the list
 *   they share: a forged pair out of order is placed differently depending
 *   on what else a replica has integrated, and replicas diverge. The walk
 *   that checks it is bounded per update, since Yjs itself walks the same
 *   stretch to integrate the item.
 * - The shared types it creates nest at most `maxNesting` deep in one
 *   another.
 * - Deletions name only items the document holds or the update brings.
 */

import * as Y from 'yjs'
import { CounterpartError, invalid } from '../vocabulary/errors.js'

/** A decoded update, as `Y.decodeUpdate` gives it. */
export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>

/**
 * The refusal of an update that builds on changes the server does not have
 * (yet). From a client it is usually only early — typed while the client's
 * own unsent changes (made offline) are still on their way — so the live
 * document drops it and asks the client for everything it lacks; a server
 * change refused this way is a conflict (409).
 */
export class MissingHistory extends CounterpartError {
  constructor(message: string) {
    super('conflict', message)
  }
}

/** The most list items walked, over one update, to check that new items sit between their origins. */
export const maxNeighbourWalk = 1_000_000

/**
 * The deepest chain of shared types one update may create inside one
 * another: far beyond any schema's nesting (a memorandum's is five), far
 * below what recursive walks of the tree can take.
 */
export const maxNesting = 64

/** Yjs client ids are random unsigned 32-bit integers; anything else comes from a corrupted update. */
export const isClientId = (client: number) => Number.isInteger(client) && client >= 0 && client <= 0xffff_ffff

const idText = (id: Y.ID | null) => (id ? `${id.client}:${id.clock}` : 'nothing')

/**
 * Null when `update` can be integrated into the document whose struct
 * store is `store`; otherwise `MissingHistory` (incomplete) or an Invalid
 * error (malformed). Never modifies anything.
 */
export function checkIntegration(store: Y.Doc['store'], update: DecodedUpdate): CounterpartError | null {
  const incomplete = (client: number, clock: number) =>
    new MissingHistory(`the update builds on changes the server does not have (Yjs client ${client}, clock ${clock}); reconnect to resynchronise`)

  // Each client's structs must continue its history without a gap.
  const reach = new Map<number, number>()
  const fresh = new Map<number, (Y.Item | Y.GC)[]>()
  for (const struct of update.structs) {
    const { client, clock } = struct.id
    if (!isClientId(client)) return invalid(`malformed update: Yjs client ${client} is not a 32-bit client id`)
    if (struct instanceof Y.Skip) return incomplete(client, clock)
    const known = reach.get(client) ?? Y.getState(store, client)
    if (clock > known) return incomplete(client, known)
    reach.set(client, Math.max(known, clock + struct.length))
    const list = fresh.get(client)
    if (list) list.push(struct)
    else fresh.set(client, [struct])
  }
  /** How far the document, with this update, holds the history of `client`. */
  const held = (client: number) => reach.get(client) ?? Y.getState(store, client)

  /** The struct holding `id`: in the document, or new in this update. */
  const structAt = (id: Y.ID): Y.Item | Y.GC | null => {
    if (id.clock < Y.getState(store, id.client)) return Y.getItem(store, id) as Y.Item | Y.GC
    const structs = fresh.get(id.client)
    if (!structs) return null
    // A client's new structs are in clock order, without gaps: a binary search (a parent chain 30,000 deep made a linear one quadratic).
    let low = 0
    let high = structs.length - 1
    while (low <= high) {
      const middle = (low + high) >>> 1
      const struct = structs[middle]!
      if (id.clock < struct.id.clock) high = middle - 1
      else if (id.clock >= struct.id.clock + struct.length) low = middle + 1
      else return struct
    }
    return null
  }

  let walked = 0
  for (const struct of update.structs) {
    if (!(struct instanceof Y.Item) || struct.id.clock + struct.length <= Y.getState(store, struct.id.client)) continue
    const { client, clock } = struct.id
    const parentId = struct.parent instanceof Y.ID ? struct.parent : null
    for (const reference of [struct.origin, struct.rightOrigin, parentId]) {
      if (!reference) continue
      if (!isClientId(reference.client)) return invalid(`malformed update: item ${client}:${clock} refers to Yjs client ${reference.client}`)
      // Yjs takes an item's references to its own client's history as already integrated.
      if (reference.client === client && reference.clock >= clock) {
        return invalid(`malformed update: item ${client}:${clock} refers to ${reference.client}:${reference.clock}, not before itself`)
      }
      if (reference.clock >= held(reference.client)) return incomplete(reference.client, reference.clock)
    }
    if (parentId) {
      const holder = structAt(parentId)
      // Yjs would take the content's type as the parent, and crash on a string or an embed.
      if (holder instanceof Y.Item && !(holder.content instanceof Y.ContentType) && !(holder.content instanceof Y.ContentDeleted)) {
        return invalid(`malformed update: item ${client}:${clock} has a parent that is not a shared type`)
      }
    }
    const { origin, rightOrigin } = struct
    if (origin && rightOrigin && origin.clock < Y.getState(store, origin.client) && rightOrigin.clock < Y.getState(store, rightOrigin.client)) {
      const steps = stepsBetween(store, origin, rightOrigin, maxNeighbourWalk - walked)
      if (steps === 'budget') {
        return invalid(`malformed update: its items sit more than ${maxNeighbourWalk} items away from their neighbours`)
      }
      if (steps === 'unordered') {
        return invalid(`malformed update: item ${client}:${clock} goes between ${idText(origin)} and ${idText(rightOrigin)}, which are not in that order`)
      }
      walked += steps
    }
  }

  // Shared types nested in one another within the update: bounded before Yjs integrates (and anyone walks) them.
  const depthOf = new Map<Y.Item, number>()
  for (const struct of update.structs) {
    if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentType) || depthOf.has(struct)) continue
    const chain: Y.Item[] = []
    let cursor: Y.Item | null = struct
    let base = 0
    while (cursor !== null) {
      const known = depthOf.get(cursor)
      if (known !== undefined) {
        base = known
        break
      }
      chain.push(cursor)
      if (chain.length > maxNesting) return invalid(`malformed update: it nests shared types more than ${maxNesting} deep`)
      const parent: Y.Item | Y.GC | null = cursor.parent instanceof Y.ID && cursor.parent.clock >= Y.getState(store, cursor.parent.client) ? structAt(cursor.parent) : null
      cursor = parent instanceof Y.Item && parent.content instanceof Y.ContentType ? parent : null
    }
    for (let index = chain.length - 1; index >= 0; index--) {
      if (++base > maxNesting) return invalid(`malformed update: it nests shared types more than ${maxNesting} deep`)
      depthOf.set(chain[index]!, base)
    }
  }

  for (const [client, ranges] of update.ds.clients) {
    if (!isClientId(client)) return invalid(`malformed update: it deletes items of Yjs client ${client}`)
    for (const range of ranges) {
      // Deleting what the server has never seen would wait, unchecked, for it to arrive.
      if (range.clock + range.len > held(client)) return incomplete(client, Math.max(range.clock, Y.getState(store, client)))
    }
  }
  return null
}

/**
 * How many items lie from the item holding `origin` to the one holding
 * `rightOrigin`, walking right; 'unordered' when the right one does not
 * follow in the same list, 'budget' when more than `budget` were walked.
 */
function stepsBetween(store: Y.Doc['store'], origin: Y.ID, rightOrigin: Y.ID, budget: number): number | 'unordered' | 'budget' {
  const left = Y.getItem(store, origin)
  const right = Y.getItem(store, rightOrigin)
  if (!(left instanceof Y.Item) || !(right instanceof Y.Item)) return 0
  if (left === right) return rightOrigin.clock > origin.clock ? 0 : 'unordered'
  let steps = 0
  for (let cursor = left.right; cursor; cursor = cursor.right) {
    if (cursor === right) return steps
    if (++steps > budget) return 'budget'
  }
  return 'unordered'
}
