/**
 * The admitted state of a live document: a replica holding the committed
 * document plus every update the gate has admitted that has not landed yet,
 * in the order they were admitted. The gate applies each new update here
 * first, judges what it changed (exactly, as Yjs integrated it: parents,
 * order, concurrent items), and keeps it only when the judges agree; a
 * refused update, or an admitted one the log could not store, is taken out
 * by rebuilding the replica from the committed document and what is still
 * on its way. The committed document itself only ever receives what the
 * log has stored.
 *
 * Rebuilding costs a pass over the document, like answering a new client's
 * sync; it happens only when an update is refused or a commit fails.
 */

import * as Y from 'yjs'
import { CounterpartError, invalid } from '../vocabulary/errors.js'
import { changeOf, type AppliedChange } from './appliedChange.js'
import type { DecodedUpdate } from './integrationCheck.js'

/** Judges a change applied to the admitted state: null keeps it, an error refuses it. */
export type ChangeJudge = (change: AppliedChange) => CounterpartError | null

/** An admitted update on its way to the log. */
export interface Admission {
  readonly update: Uint8Array
}

export class AdmittedState {
  private replica: Y.Doc | null = null
  private readonly onTheirWay: Admission[] = []

  /**
   * @param committed the live document, holding what the log has stored.
   * @param defineRoots defines the root types on a new replica before any content arrives (so they keep their kind).
   */
  constructor(
    private readonly committed: Y.Doc,
    private readonly defineRoots: (doc: Y.Doc) => void,
  ) {}

  /** The admitted replica (built on first use: a document only read never needs it). */
  get doc(): Y.Doc {
    return (this.replica ??= this.rebuilt())
  }

  /** Updates admitted and not landed yet. */
  get pending(): number {
    return this.onTheirWay.length
  }

  /**
   * Applies `update` (already decoded as `decoded` and checked by
   * `checkIntegration` against this state) on top of everything admitted,
   * and asks `judge` about what it changed. Resolves to the admission to
   * pass to `landed` once the log has answered, or to the refusal — in
   * which case the state is as if the update had never come. An update
   * Yjs cannot apply is refused as malformed.
   */
  admit(update: Uint8Array, decoded: DecodedUpdate, judge: ChangeJudge): Admission | CounterpartError {
    const doc = this.doc
    const clients = decoded.structs.map((struct) => struct.id.client)
    let refusal = null as CounterpartError | null
    try {
      // A local transaction: Yjs's clean-up of redundant formatting after
      // remote changes would otherwise make changes of its own here.
      doc.transact((transaction) => {
        Y.applyUpdate(doc, update)
        refusal = judge(changeOf(transaction, clients))
      })
    } catch (error) {
      refusal = error instanceof CounterpartError ? error : invalid(`malformed update: Yjs could not apply it (${(error as Error).message})`)
    }
    if (refusal !== null) {
      this.replica = this.rebuilt()
      return refusal
    }
    const admission = { update }
    this.onTheirWay.push(admission)
    return admission
  }

  /**
   * Makes a change on the admitted state itself, as Yjs client `clientId`:
   * `mutate` in one transaction, then `judge` on what it changed, as `admit`
   * does for an update received. Answers `mutate`'s result and the change's
   * update with its admission (null when nothing changed). A refusal, or an
   * error `mutate` throws, is thrown with the state as if the change had
   * never been made. A change costs what it touches — no copy of the
   * document — except when refused after it wrote (a rebuild, as in
   * `admit`).
   */
  make<T>(clientId: number, mutate: (doc: Y.Doc) => T, judge: ChangeJudge): { result: T; made: { update: Uint8Array; admission: Admission } | null } {
    const doc = this.doc
    const updates: Uint8Array[] = []
    const collect = (update: Uint8Array) => updates.push(update)
    const ownId = doc.clientID
    doc.clientID = clientId
    doc.on('update', collect)
    let outcome = { refusal: null } as { result: T } | { refusal: unknown }
    try {
      doc.transact((transaction) => {
        const result = mutate(doc)
        const refusal = judge(changeOf(transaction, [clientId]))
        outcome = refusal === null ? { result } : { refusal }
      })
    } catch (error) {
      outcome = { refusal: error }
    } finally {
      doc.off('update', collect)
      doc.clientID = ownId
    }
    if ('refusal' in outcome) {
      if (updates.length > 0) this.replica = this.rebuilt()
      throw outcome.refusal
    }
    if (updates.length === 0) return { result: outcome.result, made: null }
    const admission = { update: updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates) }
    this.onTheirWay.push(admission)
    return { result: outcome.result, made: { update: admission.update, admission } }
  }

  /**
   * The log has answered for `admission`: stored (the committed document
   * now holds it, or will not hold it by the caller's choice), or not
   * stored, and so taken out of the admitted state.
   */
  landed(admission: Admission, stored: boolean): void {
    const index = this.onTheirWay.indexOf(admission)
    if (index < 0) return
    this.onTheirWay.splice(index, 1)
    if (!stored) this.replica = this.rebuilt()
  }

  /** Frees the replica. */
  destroy(): void {
    this.replica?.destroy()
    this.replica = null
  }

  private rebuilt(): Y.Doc {
    this.replica?.destroy()
    const doc = new Y.Doc({ gc: false })
    this.defineRoots(doc)
    doc.transact(() => {
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(this.committed))
      for (const { update } of this.onTheirWay) Y.applyUpdate(doc, update)
    })
    return doc
  }
}
