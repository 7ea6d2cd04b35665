/**
 * The awareness update format of y-protocols:
 *
 *   varuint count, then per client: varuint clientID, varuint clock,
 *   varstring JSON state (the JSON text "null" when the client left)
 *
 * Decoded into entries so the server can check who may speak for which
 * client id and rebuild states before re-encoding; and the one field of a
 * state that other clients interpret beyond the server's stamp: the
 * y-prosemirror cursor.
 */

import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as string from 'lib0/string'
import { ProtocolError } from './message.js'

export interface AwarenessEntry {
  clientId: number
  clock: number
  /** The published state, or null when the client removes itself. */
  state: Record<string, unknown> | null
}

/** Most entries one update may carry; a browser sends one, a query answer a few hundred. */
export const maxAwarenessEntries = 10_000

/**
 * Largest JSON text of one state. A browser's state (a cursor) is about
 * 200 bytes; the states the server hands on, which stock providers relay
 * back, add the member's identity (a name of at most 200 characters).
 */
export const maxAwarenessStateBytes = 8 * 1024

/**
 * Decodes an awareness update. Throws a `ProtocolError` when it is
 * truncated, has leftover bytes, lists more than `maxAwarenessEntries`
 * clients, or carries a state larger than `maxAwarenessStateBytes` or that
 * is not a JSON object or null.
 */
export function decodeAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update)
  try {
    const count = decoding.readVarUint(decoder)
    if (count > maxAwarenessEntries) throw new ProtocolError(`awareness update lists ${count} clients (at most ${maxAwarenessEntries})`)
    const entries: AwarenessEntry[] = []
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder)
      const clock = decoding.readVarUint(decoder)
      const json = decoding.readVarUint8Array(decoder)
      if (json.length > maxAwarenessStateBytes) {
        throw new ProtocolError(`awareness state of client ${clientId} is ${json.length} bytes (at most ${maxAwarenessStateBytes})`)
      }
      entries.push({ clientId, clock, state: parseState(json, clientId) })
    }
    if (decoding.hasContent(decoder)) throw new ProtocolError('unexpected bytes after the awareness update')
    return entries
  } catch (error) {
    if (error instanceof ProtocolError) throw error
    throw new ProtocolError('truncated awareness update')
  }
}

/** Encodes entries in the y-protocols format. */
export function encodeAwarenessUpdate(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, entries.length)
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId)
    encoding.writeVarUint(encoder, entry.clock)
    encoding.writeVarString(encoder, JSON.stringify(entry.state))
  }
  return encoding.toUint8Array(encoder)
}

function parseState(json: Uint8Array, clientId: number): Record<string, unknown> | null {
  let state: unknown
  try {
    state = JSON.parse(string.decodeUtf8(json))
  } catch {
    throw new ProtocolError(`awareness state of client ${clientId} is not JSON`)
  }
  if (state !== null && (typeof state !== 'object' || Array.isArray(state))) {
    throw new ProtocolError(`awareness state of client ${clientId} must be an object or null`)
  }
  return state as Record<string, unknown> | null
}

/** A Yjs id as `Y.relativePositionToJSON` writes it. */
export interface PositionId {
  client: number
  clock: number
}

/**
 * A relative position as `Y.relativePositionToJSON` writes one in a shared
 * fragment y-prosemirror edits: in a nested type (`type`) or in the
 * fragment itself (`tname`), before an item or at the end.
 */
export type CursorPosition = ({ type: PositionId } | { tname: string }) & { item?: PositionId; assoc?: number }

/** A y-prosemirror cursor: the `cursor` field of an awareness state. */
export interface AwarenessCursor {
  anchor: CursorPosition
  head: CursorPosition
}

/** The root type a cursor may name unless told others: the fragment y-prosemirror edits. */
export const cursorTypeName = 'prosemirror'

/**
 * `value` rebuilt as a cursor if it has exactly the shape y-prosemirror
 * publishes, otherwise null. y-prosemirror puts `Y.RelativePosition`
 * objects in the state, so on the wire each position has `type`, `tname`,
 * `item` and `assoc`, unset ones null; `Y.relativePositionToJSON` leaves
 * them out instead. Either is accepted: `{anchor, head}`, each naming
 * either a nested type by id or one of `roots` (the document's text
 * fragments; `prosemirror` by default) by name,
 * optionally an item, and an integer `assoc`; ids of a uint32 client and a
 * safe-integer clock. The cursor comes back in the `relativePositionToJSON`
 * form. Other clients resolve it with `Y.createRelativePositionFromJSON`,
 * which throws ("Unexpected case") or misbehaves on anything else, and
 * creates any other root type it is named.
 */
export function validCursor(value: unknown, roots: readonly string[] = [cursorTypeName]): AwarenessCursor | null {
  if (!isRecord(value) || !hasOnlyKeys(value, ['anchor', 'head'])) return null
  const anchor = validPosition(value.anchor, roots)
  const head = validPosition(value.head, roots)
  return anchor && head ? { anchor, head } : null
}

function validPosition(value: unknown, roots: readonly string[]): CursorPosition | null {
  if (!isRecord(value) || !hasOnlyKeys(value, ['type', 'tname', 'item', 'assoc'])) return null
  // Null and absent mean the same to Yjs.
  const { type = null, tname = null, item = null, assoc = null } = value
  if (assoc !== null && !Number.isSafeInteger(assoc)) return null
  const itemId = item === null ? undefined : validId(item)
  if (itemId === null) return null
  const tail = { ...(itemId ? { item: itemId } : {}), ...(assoc === null ? {} : { assoc: assoc as number }) }
  // Exactly one of the two, as Yjs writes them: a root type by name, any other by id.
  if (tname !== null) return type === null && typeof tname === 'string' && roots.includes(tname) ? { tname, ...tail } : null
  const typeId = type === null ? null : validId(type)
  return typeId ? { type: typeId, ...tail } : null
}

function validId(value: unknown): PositionId | null {
  if (!isRecord(value) || !hasOnlyKeys(value, ['client', 'clock'])) return null
  const { client, clock } = value
  const isClient = Number.isInteger(client) && (client as number) >= 0 && (client as number) <= 0xffff_ffff
  const isClock = Number.isSafeInteger(clock) && (clock as number) >= 0
  return isClient && isClock ? { client: client as number, clock: clock as number } : null
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function hasOnlyKeys(value: Record<string, unknown>, allowed: readonly string[]): boolean {
  return Object.keys(value).every((key) => allowed.includes(key))
}
