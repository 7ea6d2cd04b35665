/**
 * The negotiation's rules for incoming updates, checked at the gate:
 *
 * - nothing may change inside a locked clause (agreed, or agreed ad
 *   referendum by a party): no text inserted, deleted or formatted, the
 *   clause itself not deleted, moved or split;
 * - a clause's status attributes (`status`, `agreedBy`, `reopenRequest`)
 *   change only through the API: an update that writes them on an existing
 *   clause is refused, and a clause a client creates may only be a draft
 *   or under negotiation;
 * - a bracket a member opens belongs to the member's party.
 *
 * The server's own changes (templates, restores, bracket resolutions,
 * status changes) are checked too: only the status attributes are theirs.
 *
 * Works on the decoded update: a new item's container is its `parent`, or,
 * when the encoding leaves that out, the container of its origin.
 */

import * as Y from 'yjs'
import { conflict, CounterpartError, forbidden, invalid } from '../errors.js'
import { lockedStatuses } from '../negotiation/clauseStatus.js'
import type { MemberRecord } from '../storage/memberStore.js'
import type { InFlight } from './inFlight.js'
import type { ItemRange } from './updateEffect.js'

/** Clause attributes that only the server writes. */
const protectedAttributes = new Set(['status', 'agreedBy', 'reopenRequest'])
/** Statuses a clause created by a client may carry (a moved clause is re-created with its status). */
const creatableStatuses = new Set([undefined, null, 'draft', 'under-negotiation'])

export interface GuardContext {
  doc: Y.Doc
  /** Who sent the update; null for the server's own changes, which may write status attributes. */
  sender: MemberRecord | null
  /** Clauses being locked by a server change not yet applied. */
  pendingLocks: ReadonlySet<string>
  /** Updates admitted but not applied yet, which this one may build on. */
  inFlight: InFlight
}

type Decoded = ReturnType<typeof Y.decodeUpdate>

/**
 * The refusal of an update that builds on changes the server does not have
 * (yet): Yjs would hold it back and apply it later, when nothing checks it.
 * From a client it is usually only early — typed while the client's own
 * unsent changes (made offline) are still on their way — so the live
 * document drops it and asks the client for everything it lacks; a server
 * change refused this way is a conflict (409).
 */
export class MissingHistory extends CounterpartError {
  constructor(message: string) {
    super('conflict', message)
  }
}

/** Yjs client ids are random unsigned 32-bit integers; anything else comes from a corrupted update. */
const isClientId = (client: number) => Number.isInteger(client) && client >= 0 && client <= 0xffff_ffff

const idText = (id: Y.ID | null) => (id ? `${id.client}:${id.clock}` : 'nothing')

/** The most items walked to check that a new item's neighbours are in order; a real edit has few between them (only concurrent ones). */
const maxNeighbourWalk = 100_000

/**
 * Whether a new item's right origin comes after its left origin in the list
 * they share, where the document already holds both. Every replica places
 * an item between two neighbours the creator saw side by side; a forged
 * pair out of order (or in different lists) is placed differently
 * depending on what else a replica has integrated, and replicas diverge.
 */
function neighboursInOrder(store: Y.Doc['store'], item: Y.Item): boolean {
  const { origin, rightOrigin } = item
  if (!origin || !rightOrigin) return true
  if (origin.clock >= Y.getState(store, origin.client) || rightOrigin.clock >= Y.getState(store, rightOrigin.client)) return true
  const left = Y.getItem(store, origin)
  const right = Y.getItem(store, rightOrigin)
  if (!(left instanceof Y.Item) || !(right instanceof Y.Item)) return true
  if (left === right) return rightOrigin.clock > origin.clock
  let cursor = left.right
  for (let walked = 0; cursor && walked < maxNeighbourWalk; walked++, cursor = cursor.right) {
    if (cursor === right) return true
  }
  return false
}

/** Where an item lives: an existing type of the document, or a type created by the same update. */
type Container = { type: Y.AbstractType<unknown>; fresh: false } | { type: Y.AbstractType<unknown>; fresh: true; item: Y.Item }

/**
 * Where a new item goes: its container and map key; 'garbage' when it
 * builds on garbage-collected content (Yjs drops it on arrival); 'unknown'
 * when it builds on items the server does not have; 'malformed' when its
 * parent is an item that is not a shared type (Yjs would crash on it).
 */
type Place = { container: Container; key: string | null } | 'garbage' | 'unknown' | 'malformed'

/** Null when the update keeps the rules, or the error to refuse it with. */
export function guardUpdate(context: GuardContext, update: Decoded, deletions: readonly ItemRange[]): CounterpartError | null {
  const { doc, inFlight } = context
  const store = doc.store
  /** How far the server has (or will have, once what is in flight lands) the history of `client`. */
  const held = (client: number) => Math.max(Y.getState(store, client), inFlight.reach(client))
  const incomplete = (client: number, clock: number) =>
    new MissingHistory(`the update builds on changes the server does not have (Yjs client ${client}, clock ${clock}); reconnect to resynchronise`)

  // Each client's new structs must continue its history without a gap: Yjs
  // would hold the rest back and apply it later, when nothing checks it.
  const fresh = new Map<number, Y.Item[]>()
  const reach = new Map<number, number>()
  for (const struct of update.structs) {
    const { client, clock } = struct.id
    if (!isClientId(client)) return invalid(`malformed update: Yjs client ${client} is not a 32-bit client id`)
    if (struct instanceof Y.Skip) return incomplete(client, clock)
    const known = reach.get(client) ?? held(client)
    if (clock > known) return incomplete(client, known)
    reach.set(client, Math.max(known, clock + struct.length))
    if (!(struct instanceof Y.Item)) continue
    // Yjs takes an item's references to its own client's history as already
    // integrated; one pointing at itself or ahead of it crashes the integration.
    const parentId = struct.parent instanceof Y.ID ? struct.parent : null
    for (const reference of [struct.origin, struct.rightOrigin, parentId]) {
      if (reference && !isClientId(reference.client)) return invalid(`malformed update: item ${client}:${clock} refers to Yjs client ${reference.client}`)
      if (reference && reference.client === client && reference.clock >= clock) {
        return invalid(`malformed update: item ${client}:${clock} refers to ${reference.client}:${reference.clock}, not before itself`)
      }
    }
    const list = fresh.get(client)
    if (list) list.push(struct)
    else fresh.set(client, [struct])
  }

  /** The struct holding `id`: already in the document, or new in this update. */
  const itemAt = (id: Y.ID): { item: Y.Item; fresh: boolean } | 'garbage' | 'unknown' => {
    if (id.clock < Y.getState(store, id.client)) {
      const struct = Y.getItem(store, id)
      return struct instanceof Y.Item ? { item: struct, fresh: false } : 'garbage'
    }
    const candidate = fresh.get(id.client)?.find((item) => id.clock >= item.id.clock && id.clock < item.id.clock + item.length) ?? inFlight.structAt(id)
    if (candidate === null || candidate === undefined) return 'unknown'
    return candidate instanceof Y.Item ? { item: candidate, fresh: true } : 'garbage'
  }

  /** Where `item` goes when that can be told from the item itself, or the new item beside it whose place is its place. */
  const directPlace = (item: Y.Item): Place | { follow: Y.Item } => {
    const parent = item.parent as unknown
    if (parent instanceof Y.AbstractType) return { container: { type: parent, fresh: false }, key: item.parentSub }
    if (typeof parent === 'string') return { container: { type: doc.get(parent), fresh: false }, key: item.parentSub }
    if (parent instanceof Y.ID) {
      const holder = itemAt(parent)
      if (typeof holder === 'string') return holder
      // Yjs would take the content's type as the parent, and crash on a string or an embed.
      if (!(holder.item.content instanceof Y.ContentType)) return 'malformed'
      const type = holder.item.content.type as Y.AbstractType<unknown>
      return { container: holder.fresh ? { type, fresh: true, item: holder.item } : { type, fresh: false }, key: item.parentSub }
    }
    const neighbours = [item.origin, item.rightOrigin].filter((id): id is Y.ID => id !== null).map(itemAt)
    // Yjs holds an item back until both its neighbours are there, unchecked when they come.
    if (neighbours.includes('unknown')) return 'unknown'
    // Yjs drops an item next to garbage-collected content.
    if (neighbours.includes('garbage')) return 'garbage'
    const sibling = neighbours.find((neighbour) => typeof neighbour !== 'string')
    if (!sibling || typeof sibling === 'string') return 'unknown'
    if (!sibling.fresh) return { container: { type: sibling.item.parent as Y.AbstractType<unknown>, fresh: false }, key: sibling.item.parentSub }
    return { follow: sibling.item }
  }

  /**
   * The container of a new item, and the map key it is written under
   * (attributes), following new neighbours where needed. A loop, and
   * remembered for items in flight: a storm of typing puts thousands of
   * items in flight, each next to the one before.
   */
  const placeOf = (start: Y.Item): Place => {
    const followed = new Set<Y.Item>()
    let item = start
    let place: Place
    for (;;) {
      const remembered = inFlight.placeOf(item) as Place | undefined
      if (remembered) {
        place = remembered
        break
      }
      if (followed.has(item)) {
        place = 'unknown'
        break
      }
      followed.add(item)
      const found = directPlace(item)
      if (typeof found === 'object' && 'follow' in found) item = found.follow
      else {
        place = found
        break
      }
    }
    for (const visited of followed) inFlight.rememberPlace(visited, place)
    return place
  }

  /** The existing clause a container is (or is inside), if any. */
  const existingClause = (container: Container): Y.XmlElement | null => {
    if (container.fresh) {
      const place = placeOf(container.item)
      return typeof place === 'string' ? null : existingClause(place.container)
    }
    for (let type: Y.AbstractType<unknown> | null = container.type; type; type = (type._item?.parent as Y.AbstractType<unknown> | undefined) ?? null) {
      if (type instanceof Y.XmlElement && type.nodeName === 'clause') return type
    }
    return null
  }

  const isLocked = (clause: Y.XmlElement) =>
    (lockedStatuses as readonly unknown[]).includes(clause.getAttribute('status')) || context.pendingLocks.has(String(clause.getAttribute('id')))
  const locked = (clause: Y.XmlElement) => {
    const heading = clause.toArray()[0]
    const name = heading instanceof Y.XmlElement ? heading.toString().replace(/<[^>]*>/g, '').trim() : ''
    return conflict(`clause “${name || clause.getAttribute('id')}” is ${clause.getAttribute('status')}: its text is locked and the change was not applied`)
  }

  /** Whether the update deletes the item with this id. */
  const deletes = (id: Y.ID) => deletions.some((range) => range.client === id.client && id.clock >= range.clock && id.clock < range.clock + range.len)
  const isClause = (type: unknown): type is Y.XmlElement => type instanceof Y.XmlElement && type.nodeName === 'clause'

  // Deletions first: moving a locked clause (deleting it and creating a copy) is refused as a change to it.
  for (const range of deletions) {
    if (!isClientId(range.client)) return invalid(`malformed update: it deletes items of Yjs client ${range.client}`)
    const state = Y.getState(store, range.client)
    // Deleting what the server has never seen would wait, unchecked, for it to arrive.
    if (range.clock + range.len > (reach.get(range.client) ?? held(range.client))) return incomplete(range.client, Math.max(range.clock, state))
    const structs = store.clients.get(range.client)
    if (!structs || range.clock >= state) continue
    const end = range.clock + range.len
    for (let index = Y.findIndexSS(structs, range.clock); index < structs.length && structs[index]!.id.clock < end; index++) {
      const item = structs[index]
      if (!(item instanceof Y.Item)) continue
      if (item.content instanceof Y.ContentType && isClause(item.content.type) && isLocked(item.content.type)) return locked(item.content.type)
      const parent = item.parent as Y.AbstractType<unknown>
      if (item.parentSub !== null && protectedAttributes.has(item.parentSub) && isClause(parent)) {
        // The server rewrites status attributes; a client only loses them with the whole clause.
        if (context.sender === null) continue
        if (!(parent._item && deletes(parent._item.id))) return forbidden(`a clause's ${item.parentSub} changes only through the API (POST …/clauses/<id>/status)`)
        if (isLocked(parent)) return locked(parent)
        continue
      }
      const clause = existingClause({ type: parent, fresh: false })
      if (clause && isLocked(clause)) return locked(clause)
    }
  }
  for (const struct of update.structs) {
    if (!(struct instanceof Y.Item) || struct.id.clock + struct.length <= Y.getState(store, struct.id.client)) continue
    const place = placeOf(struct)
    if (place === 'unknown') return incomplete(struct.id.client, struct.id.clock)
    if (place === 'malformed') return invalid(`malformed update: item ${struct.id.client}:${struct.id.clock} has a parent that is not a shared type`)
    if (place === 'garbage') continue
    if (!neighboursInOrder(store, struct)) {
      return invalid(`malformed update: item ${struct.id.client}:${struct.id.clock} goes between ${idText(struct.origin)} and ${idText(struct.rightOrigin)}, which are not in that order`)
    }
    const { container, key } = place
    if (key !== null && protectedAttributes.has(key) && isClause(container.type)) {
      if (context.sender === null) continue
      if (!container.fresh) return forbidden(`a clause's ${key} changes only through the API (POST …/clauses/<id>/status)`)
      const value = struct.content instanceof Y.ContentAny ? struct.content.arr[0] : undefined
      if (key === 'status' ? !creatableStatuses.has(value as string) : value !== null && value !== undefined) {
        return forbidden(`a new clause cannot be created ${key === 'status' ? `with status ${JSON.stringify(value)}` : `with ${key}`}`)
      }
      continue
    }
    const clause = existingClause(container)
    if (clause && isLocked(clause)) return locked(clause)
    const { sender } = context
    if (sender && struct.content instanceof Y.ContentFormat && struct.content.key === 'bracket') {
      const owner = (struct.content.value as { owner?: unknown } | null)?.owner
      if (owner !== undefined && owner !== sender.party && sender.role !== 'secretariat') {
        return forbidden(`a bracket owned by ${String(owner)} can only be opened by a member of that party`)
      }
    }
  }

  return null
}
