/**
 * The awareness update format of y-protocols:
 *
 *   varuint count, then per client: varuint clientID, varuint clock,
 *   varstring JSON state (the JSON text "null" when the client left)
 *
 * Decoded into entries so the server can check who may speak for which
 * client id and stamp identities before re-encoding.
 */

import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
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
 * Decodes an awareness update. Throws a `ProtocolError` when it is
 * truncated, has leftover bytes, or carries a state that is not a JSON
 * object or null.
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
      entries.push({ clientId, clock, state: parseState(decoding.readVarString(decoder), clientId) })
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

function parseState(json: string, clientId: number): Record<string, unknown> | null {
  let state: unknown
  try {
    state = JSON.parse(json)
  } catch {
    throw new ProtocolError(`awareness state of client ${clientId} is not JSON`)
  }
  if (state !== null && (typeof state !== 'object' || Array.isArray(state))) {
    throw new ProtocolError(`awareness state of client ${clientId} must be an object or null`)
  }
  return state as Record<string, unknown> | null
}
