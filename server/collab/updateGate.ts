/**
 * The gate: the one place every incoming Yjs update passes before it is
 * stored or shown to anyone. It decides, from the update, the live document
 * and the sender, whether the update is accepted, is already known (and so
 * dropped silently), is denied (the sender stays connected and is told why),
 * is incomplete (it builds on changes the server does not have yet: dropped,
 * and the sender is asked for what the server lacks) or is rejected as
 * malformed (the sender is disconnected).
 */

import type * as Y from 'yjs'
import { canEdit } from '../access/principal.js'
import { CounterpartError, forbidden, invalid, tooLarge } from '../errors.js'
import type { MemberRecord } from '../storage/memberStore.js'
import { guardUpdate, MissingHistory, type GuardContext } from './clauseGuard.js'
import { InFlight } from './inFlight.js'
import { changesAnything, decodeUpdate, effectOf, type UpdateEffect } from './updateEffect.js'

export type GateVerdict =
  | { kind: 'accept'; effect: UpdateEffect; structs: ReturnType<typeof decodeUpdate>['structs'] }
  | { kind: 'known' }
  | { kind: 'deny'; reason: string }
  | { kind: 'reject'; error: CounterpartError }
  /** It builds on changes the server does not have yet: not stored, not applied; the sender should be asked for what the server lacks. */
  | { kind: 'incomplete'; reason: string }

export interface GateLimits {
  /** Largest update accepted, in bytes. */
  maxUpdateBytes: number
}

/** Who introduced each Yjs client id of a document: a member id, or null for the server itself. */
export type ClientOwners = ReadonlyMap<number, string | null>

export class UpdateGate {
  constructor(private readonly limits: GateLimits) {}

  /**
   * Judges `update`, sent by `sender`, against the current state of `doc`
   * and the owners of its client ids. Rejects an update that adds structs
   * under a client id another member introduced: no one can forge another
   * delegation's authorship, and one that breaks the negotiation's rules
   * (see `clauseGuard.ts`: locked clauses, status attributes, bracket
   * owners). Never modifies anything.
   */
  admit(doc: Y.Doc, owners: ClientOwners, update: Uint8Array, sender: MemberRecord, pending: Pick<GuardContext, 'pendingLocks' | 'inFlight'> = { pendingLocks: new Set(), inFlight: new InFlight() }): GateVerdict {
    if (update.length > this.limits.maxUpdateBytes) {
      return { kind: 'reject', error: tooLarge(`update of ${update.length} bytes exceeds the limit of ${this.limits.maxUpdateBytes}`) }
    }
    let decoded: ReturnType<typeof decodeUpdate>
    try {
      // Reads every struct and the delete set, so a malformed update fails
      // here rather than half way through being applied.
      decoded = decodeUpdate(update)
    } catch (error) {
      return { kind: 'reject', error: invalid(`update does not decode: ${(error as Error).message}`) }
    }
    const effect = effectOf(doc, decoded)
    if (!changesAnything(effect)) return { kind: 'known' }
    if (!canEdit(sender.role)) return { kind: 'deny', reason: `members with the ${sender.role} role may not change the document` }
    for (const client of effect.newClients) {
      const owner = owners.get(client)
      if (owner !== undefined && owner !== sender.id) {
        return { kind: 'reject', error: forbidden(`the update writes as Yjs client ${client}, which belongs to another member`) }
      }
    }
    const refusal = guardUpdate({ doc, sender, ...pending }, decoded, effect.deletions)
    if (refusal instanceof MissingHistory) return { kind: 'incomplete', reason: refusal.message }
    if (refusal) return { kind: 'reject', error: refusal }
    return { kind: 'accept', effect, structs: decoded.structs }
  }
}
