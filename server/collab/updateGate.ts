/**
 * The gate: the one place every incoming Yjs update passes before it is
 * stored or shown to anyone. It decides, from the update, the live document
 * and the sender, whether the update is accepted, is already known (and so
 * dropped silently), is denied (the sender stays connected and is told why)
 * or is rejected as malformed (the sender is disconnected).
 */

import * as Y from 'yjs'
import { canEdit } from '../access/principal.js'
import { CounterpartError, invalid, tooLarge } from '../errors.js'
import type { MemberRecord } from '../storage/memberStore.js'

type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>

export type GateVerdict =
  | { kind: 'accept' }
  | { kind: 'known' }
  | { kind: 'deny'; reason: string }
  | { kind: 'reject'; error: CounterpartError }

export interface GateLimits {
  /** Largest update accepted, in bytes. */
  maxUpdateBytes: number
}

export class UpdateGate {
  constructor(private readonly limits: GateLimits) {}

  /** Judges `update`, sent by `sender`, against the current state of `doc`. Never modifies `doc`. */
  admit(doc: Y.Doc, update: Uint8Array, sender: MemberRecord): GateVerdict {
    if (update.length > this.limits.maxUpdateBytes) {
      return { kind: 'reject', error: tooLarge(`update of ${update.length} bytes exceeds the limit of ${this.limits.maxUpdateBytes}`) }
    }
    let decoded: DecodedUpdate
    try {
      // Reads every struct and the delete set, so a malformed update fails
      // here rather than half way through being applied.
      decoded = Y.decodeUpdate(update)
    } catch (error) {
      return { kind: 'reject', error: invalid(`update does not decode: ${(error as Error).message}`) }
    }
    if (!changesDocument(doc, decoded)) return { kind: 'known' }
    if (!canEdit(sender.role)) return { kind: 'deny', reason: `members with the ${sender.role} role may not change the document` }
    return { kind: 'accept' }
  }
}

/**
 * Whether applying a decoded update to `doc` would change it: it carries a
 * struct beyond what `doc` holds, or deletes something `doc` has not
 * deleted. Clients answer every sync step 1 with such "nothing new"
 * updates; storing them would only grow the log.
 */
function changesDocument(doc: Y.Doc, update: DecodedUpdate): boolean {
  const store = doc.store
  for (const struct of update.structs) {
    if (struct instanceof Y.Skip) continue
    if (struct.id.clock + struct.length > Y.getState(store, struct.id.client)) return true
  }
  for (const [client, ranges] of update.ds.clients) {
    const structs = store.clients.get(client)
    for (const range of ranges) {
      if (range.len === 0) continue
      const end = range.clock + range.len
      if (structs === undefined || end > Y.getState(store, client)) return true
      for (let index = Y.findIndexSS(structs, range.clock); index < structs.length; index++) {
        const struct = structs[index]!
        if (struct.id.clock >= end) break
        if (!struct.deleted) return true
      }
    }
  }
  return false
}
