/**
 * The gate: the one place every change passes before it is stored or shown
 * to anyone — a client's update, and the server's own changes.
 *
 * For a client's update it decides whether it is accepted, already known
 * (dropped silently), denied (the sender stays connected and is told why),
 * incomplete (it builds on changes the server does not have yet: dropped,
 * and the sender is asked for what the server lacks) or refused (the sender
 * is disconnected, with a close code and a reason naming what was refused).
 *
 * What it guarantees for every accepted change: it decodes; it writes only
 * under Yjs client ids of its own member; Yjs can integrate it completely
 * and identically everywhere (`integrationCheck.ts`); and, judged on the
 * admitted state after it (`admittedState.ts`), the document's rules hold.
 * The engine knows no rules of its own: they are handed to the gate when
 * the server is wired (for Counterpart, `negotiation/documentRules.ts`:
 * the schema and the negotiation). A refused change leaves nothing behind.
 */

import * as Y from 'yjs'
import { CounterpartError, forbidden, invalid, tooLarge } from '../vocabulary/errors.js'
import type { Admission, AdmittedState, ChangeJudge } from './admittedState.js'
import { checkIntegration, MissingHistory, type DecodedUpdate } from './integrationCheck.js'
import type { AppliedChange } from './appliedChange.js'
import { changesAnything, effectOf, type UpdateEffect } from './updateEffect.js'
import { canEdit, type MemberRecord } from '../vocabulary/member.js'
import { refusal } from '../vocabulary/refusal.js'

export type GateVerdict =
  | { kind: 'accept'; effect: UpdateEffect; admission: Admission }
  | { kind: 'known' }
  | { kind: 'deny'; error: CounterpartError }
  | { kind: 'reject'; error: CounterpartError }
  /** It builds on changes the server does not have yet: not stored, not applied; the sender should be asked for what the server lacks. */
  | { kind: 'incomplete'; reason: string }

/** Who made a change, and the state of the document's negotiation it is judged in. */
export interface ChangeContext {
  /** Who sent the update; null for the server's own changes. */
  sender: MemberRecord | null
  /** The document's party codes. */
  parties: readonly string[]
  /** Clauses a server change on its way is locking: treated as locked already. */
  pendingLocks: ReadonlySet<string>
  /** The roots holding the document's texts, the working text's first. */
  contentRoots: readonly string[]
}

/** The document's rules: the refusal of `change` (applied, its transaction still open), or null when it may stand. */
export type GateRules = (change: AppliedChange, context: ChangeContext) => CounterpartError | null

export interface GateOptions {
  /** Largest update accepted, in bytes. */
  maxUpdateBytes: number
  rules: GateRules
}

/** Who introduced each Yjs client id of a document: a member id, or null for the server itself. */
export type ClientOwners = ReadonlyMap<number, string | null>

/** The document a change is judged against. */
export interface GateContext {
  /** The committed document: what the log holds and clients have been shown. */
  doc: Y.Doc
  /** The committed document plus what is admitted and on its way. */
  admitted: AdmittedState
  owners: ClientOwners
  /** The document's party codes. */
  parties: readonly string[]
  /** Clauses a server change on its way is locking. */
  pendingLocks: ReadonlySet<string>
  /** The roots holding the document's texts, the working text's first. */
  contentRoots: readonly string[]
}

export class UpdateGate {
  constructor(private readonly options: GateOptions) {}

  /**
   * Judges `update`, sent by `sender`, and admits it into `context.admitted`
   * when it is accepted. Refuses an update that writes under a client id
   * another member introduced: no one can forge another delegation's
   * authorship.
   */
  admit(context: GateContext, update: Uint8Array, sender: MemberRecord): GateVerdict {
    if (update.length > this.options.maxUpdateBytes) {
      return { kind: 'reject', error: tooLarge(`update of ${update.length} bytes exceeds the limit of ${this.options.maxUpdateBytes}`) }
    }
    let decoded: DecodedUpdate
    try {
      // Reads every struct and the delete set, so a malformed update fails here.
      decoded = Y.decodeUpdate(update)
    } catch (error) {
      return { kind: 'reject', error: invalid(`update does not decode: ${(error as Error).message}`) }
    }
    const effect = effectOf(context.doc, decoded)
    if (!changesAnything(effect)) return { kind: 'known' }
    if (!canEdit(sender.role)) return { kind: 'deny', error: forbidden(refusal('refusal.text.roleMayNotEdit', { role: sender.role })) }
    for (const client of effect.newClients) {
      const owner = context.owners.get(client)
      if (owner !== undefined && owner !== sender.id) {
        return { kind: 'reject', error: forbidden(`the update writes as Yjs client ${client}, which belongs to another member`) }
      }
    }
    const result = this.judge(context, update, decoded, sender)
    if (result instanceof MissingHistory) return { kind: 'incomplete', reason: result.message }
    if (result instanceof CounterpartError) return { kind: 'reject', error: result }
    return { kind: 'accept', effect, admission: result }
  }

  /**
   * Makes a change on the server's side (on behalf of a member's request) on
   * the admitted state, as Yjs client `clientId`: it keeps the locks, the
   * clause identities and the schema like any other, and may write what only
   * the server writes. Throws the refusal, with nothing changed.
   */
  makeServerChange<T>(context: GateContext, clientId: number, mutate: (doc: Y.Doc) => T): { result: T; made: { update: Uint8Array; effect: UpdateEffect; admission: Admission } | null } {
    const { result, made } = context.admitted.make(clientId, mutate, this.judgeAs(context, null))
    if (made === null) return { result, made: null }
    return { result, made: { ...made, effect: effectOf(context.doc, Y.decodeUpdate(made.update)) } }
  }

  private judge(context: GateContext, update: Uint8Array, decoded: DecodedUpdate, sender: MemberRecord): Admission | CounterpartError {
    const unfit = checkIntegration(context.admitted.doc.store, decoded)
    if (unfit) return unfit
    return context.admitted.admit(update, decoded, this.judgeAs(context, sender))
  }

  /** The rules' judgement of a change to `context`'s document sent by `sender` (null: made by the server). */
  private judgeAs(context: GateContext, sender: MemberRecord | null): ChangeJudge {
    const changeContext: ChangeContext = { sender, parties: context.parties, pendingLocks: context.pendingLocks, contentRoots: context.contentRoots }
    return (change) => this.options.rules(change, changeContext)
  }
}
