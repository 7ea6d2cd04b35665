/**
 * A document held in memory while anyone is connected to it: the Y.Doc
 * (garbage collection off, so old states stay reconstructible), presence,
 * and the connections to send to.
 *
 * The life of an update, from here on: the gate judges it; an accepted
 * update is appended to the log through the group commit; only after the
 * commit is it applied to the Y.Doc and sent to every other connection.
 * What any client has seen is therefore on disk.
 */

import * as Y from 'yjs'
import { CounterpartError, unavailable } from '../vocabulary/errors.js'
import { isLeaseLost, type LeaseFence } from '../vocabulary/documentLease.js'
import type { Logger } from '../logger.js'
import { encodePermissionDenied, encodeRefusalWords, encodeSyncStep1, encodeSyncStep2, encodeUpdate, encodeAwareness } from '../protocol/message.js'
import type { GroupCommit } from './groupCommit.js'
import { AdmittedState } from './admittedState.js'
import { movesElements } from './appliedChange.js'
import { Presence } from './presence.js'
import { applyUpdates } from './stateFold.js'
import type { StoredDocument } from '../storage/updateLog.js'
import type { GateContext, UpdateGate } from './updateGate.js'
import type { PartyRecord } from '../vocabulary/document.js'
import type { MemberRecord } from '../vocabulary/member.js'
import { contentFragmentNames, defineRoots } from '../vocabulary/documentRoots.js'

/** What a live document needs of a connection. */
export interface Peer {
  readonly member: MemberRecord
  /** Sends one frame; a closed peer drops it. */
  send(frame: Uint8Array): void
  /** Ends the connection, telling the client why. */
  close(reason: CounterpartError): void
  /** Stops reading the client's frames (they wait in the socket) until `resume`. */
  pause(): void
  resume(): void
}

/** Updates of one peer on their way to the log beyond which its socket is not read (TCP pushes back on the client). */
const maxPendingPerPeer = 256

export interface LiveDocumentServices {
  gate: UpdateGate
  groupCommit: GroupCommit
  logger: Logger
  /** Called after each committed update, when `tailLength` has grown, with the member whose change it was (null: the server itself). */
  onTailGrowth(document: LiveDocument, changedBy: string | null): void
  /** Called when an update from `member` is refused (the audit trail records it). */
  onRefused(document: LiveDocument, member: MemberRecord, refusal: CounterpartError): void
  /** The lease this instance holds on the document: every append carries it (the fencing token). */
  fence?: LeaseFence
  /** Called when an append was refused because another instance has taken the document over. */
  onLeaseLost?(document: LiveDocument): void
}

export class LiveDocument {
  readonly doc = new Y.Doc({ gc: false })
  readonly presence: Presence
  private readonly peers = new Set<Peer>()
  private readonly pending = new Set<Promise<unknown>>()
  /** Server-made changes run one at a time, each on the state its predecessor left. */
  private serverChanges: Promise<unknown> = Promise.resolve()
  /** Who introduced each Yjs client id (member id; null: the server itself). */
  readonly owners: Map<number, string | null>
  /** Clauses a server change is locking: the gate treats them as locked until the change is applied. */
  readonly pendingLocks = new Set<string>()
  /** The document plus what the gate admitted that the log has not stored yet: where the gate judges each change. */
  private readonly admitted: AdmittedState
  /** Client updates on their way to the log (server changes wait for them). */
  private readonly clientPending = new Set<Promise<unknown>>()
  /** Peers asked for what the server lacks (sync step 1) that have sent no complete update since. */
  private readonly asked = new Set<Peer>()
  /** Peers an update of which could not be stored: their later updates are not shown (they resend them on reconnect). */
  private readonly failed = new WeakSet<Peer>()
  /** Each peer's updates on their way to the log. */
  private readonly pendingOf = new Map<Peer, number>()
  /** Whether a change was applied since the document loaded or its last revision was recorded. */
  changedSinceRevision = false
  /** When the last revision was recorded (or the document loaded), in ms since the epoch. */
  lastRevisionAt = Date.now()
  /** Updates since the latest snapshot (at load: the rows stored after it); drives compaction. */
  tailLength: number
  /** Updates the latest snapshot holds; compaction waits for a tail in proportion. */
  foldedUpdates: number

  /** The roots holding the document's texts, the working text's first. */
  readonly contentRoots: readonly string[]
  /** See `takeMovedElements`. */
  private elementsMoved = true
  private readonly defineRoots: (doc: Y.Doc) => void

  constructor(
    readonly id: string,
    readonly parties: readonly PartyRecord[],
    /** The document's authentic languages besides the working one, each a text of its own. */
    otherLanguages: readonly string[],
    stored: StoredDocument & { owners: Map<number, string | null> },
    private readonly services: LiveDocumentServices,
  ) {
    this.owners = stored.owners
    this.contentRoots = contentFragmentNames(otherLanguages)
    this.defineRoots = (doc) => defineRoots(doc, otherLanguages)
    // Registered before any content exists so that each root keeps its kind.
    this.defineRoots(this.doc)
    applyUpdates(this.doc, stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates, this)
    this.admitted = new AdmittedState(this.doc, this.defineRoots)
    this.tailLength = stored.updates.length
    this.foldedUpdates = stored.foldedUpdates
    this.presence = new Presence(this.doc, parties, (frame) => this.broadcast(frame, null), { cursorRoots: this.contentRoots })
    // A change the server made (origin null) brought the texts in line in itself (`DocumentEditor.change`).
    this.doc.on('afterTransaction', (transaction: Y.Transaction) => {
      if (!this.elementsMoved && transaction.origin !== null && movesElements(transaction, this.contentRoots)) this.elementsMoved = true
    })
  }

  /**
   * Whether a client's update has added, removed or moved an element in any
   * of the texts since the last call (true at the first: nothing had looked
   * yet; a server change aligns the texts in itself). The
   * language texts' aligner asks, so as to compare the texts' structures
   * only after a change that can have moved them apart.
   */
  takeMovedElements(): boolean {
    const moved = this.elementsMoved
    this.elementsMoved = false
    return moved
  }

  /** Connections currently attached. */
  get peerCount(): number {
    return this.peers.size
  }

  /**
   * Starts serving `peer`: asks it for what the server lacks (sync step 1)
   * and shows it who is present. Called only once the document has loaded,
   * so a client never sees "synced" on a document that is still loading.
   * A client that held nothing and has been answered from the stored state
   * is not asked: it has nothing the server lacks but what it types, which
   * comes as updates — and its answer would hand back what the server
   * holds without having integrated it.
   */
  attach(peer: Peer, options: { ask: boolean } = { ask: true }): void {
    this.peers.add(peer)
    if (options.ask) {
      this.asked.add(peer)
      peer.send(encodeSyncStep1(Y.encodeStateVector(this.doc)))
    }
    const everyone = this.presence.encodeAll()
    if (everyone) peer.send(encodeAwareness(everyone))
  }

  /** Stops serving `peer` and removes its presence. */
  detach(peer: Peer): void {
    if (!this.peers.delete(peer)) return
    this.asked.delete(peer)
    this.presence.forget(peer)
  }

  /** Answers a client's sync step 1 with everything the server has that the client lacks. */
  answerSyncStep1(peer: Peer, stateVector: Uint8Array): void {
    peer.send(encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, stateVector)))
  }

  /** Every awareness state, for a client that asked (query awareness). */
  answerQueryAwareness(peer: Peer): void {
    const everyone = this.presence.encodeAll()
    if (everyone) peer.send(encodeAwareness(everyone))
  }

  /**
   * Takes an update (sync step 2 or incremental) from `peer` through the
   * gate, the log, and only then the document and the other connections.
   */
  receiveUpdate(peer: Peer, update: Uint8Array): void {
    const verdict = this.services.gate.admit(this.gateContext(), update, peer.member)
    if (verdict.kind !== 'incomplete') this.asked.delete(peer)
    switch (verdict.kind) {
      case 'known':
        return
      case 'incomplete':
        // Typically an edit made while the client's earlier changes (made
        // offline) had not reached the server yet: it races the client's
        // answer to the sync step 1 sent on attach. Applied, Yjs would hold
        // it back and integrate it later, unchecked; refused, a stock
        // provider would never reconnect. So it is dropped, and the client
        // is asked (once until it answers) for everything the server lacks:
        // its answer holds this update too and passes the gate whole.
        this.services.logger.debug('update.incomplete', { documentId: this.id, memberId: peer.member.id, reason: verdict.reason })
        if (!this.asked.has(peer)) {
          this.asked.add(peer)
          peer.send(encodeSyncStep1(Y.encodeStateVector(this.doc)))
        }
        return
      case 'reject':
        this.services.onRefused(this, peer.member, verdict.error)
        peer.close(verdict.error)
        return
      case 'deny':
        this.services.logger.info('update.denied', { documentId: this.id, memberId: peer.member.id, reason: verdict.error.message })
        if (verdict.error.words) peer.send(encodeRefusalWords(verdict.error.words))
        peer.send(encodePermissionDenied(verdict.error.message))
        return
      case 'accept': {
        // Copy out of the frame's buffer: the view would otherwise pin it.
        const bytes = update.slice()
        const memberId = peer.member.id
        // Claimed now, so that a concurrent update from someone else cannot take the same ids.
        const clientIds = [...verdict.effect.newClients].filter((client) => !this.owners.has(client))
        for (const client of clientIds) this.owners.set(client, memberId)
        const entry = { documentId: this.id, update: bytes, memberId, clientIds, deletions: verdict.effect.deletions, insertions: verdict.effect.insertions, fence: this.fence }
        const { admission } = verdict
        const stored = this.services.groupCommit.append(entry).then(
          () => {
            // After an earlier update of this peer failed, a later one may
            // build on it: stored, it waits for the resend; shown, it would
            // be held back by every replica until then.
            const shown = !this.failed.has(peer)
            if (shown) this.applyCommitted(bytes, peer, memberId)
            this.admitted.landed(admission, shown)
          },
          (error: unknown) => {
            this.failed.add(peer)
            this.admitted.landed(admission, false)
            // Nothing was stored, so nothing is shown; the provider resends on reconnect (to the new owner, when the lease was taken over).
            if (this.leaseLost(error)) return peer.close(error as CounterpartError)
            this.services.logger.error('update.store-failed', { documentId: this.id, memberId: peer.member.id, error })
            peer.close(unavailable('the update could not be stored; reconnect to send it again'))
          },
        ).finally(() => this.landed(peer))
        this.pendingOf.set(peer, (this.pendingOf.get(peer) ?? 0) + 1)
        // A client sending faster than the log takes it waits: its frames stay in the socket.
        if (this.pendingOf.get(peer) === maxPendingPerPeer) peer.pause()
        this.track(stored)
        this.clientPending.add(stored)
        void stored.finally(() => this.clientPending.delete(stored))
      }
    }
  }

  /**
   * Makes a change on the server's side (a clause from a template, a status,
   * a restore), attributed to `memberId`, through the same gate as a
   * client's update: `mutate` runs on the admitted state (what it costs is
   * what it touches, not the document's size), the gate judges what it
   * changed, and the change is stored, then applied and sent to every
   * connection. Resolves
   * to what `mutate` returned once the change is stored and shown; if
   * `mutate` throws, nothing changes and the error is passed on.
   */
  change<T>(memberId: string | null, mutate: (doc: Y.Doc) => T, options: { locks?: readonly string[] } = {}): Promise<T> {
    const locks = options.locks ?? []
    const run = async (): Promise<T> => {
      // Client updates already accepted land first, so the change sees them;
      // updates arriving from now on find the clauses being locked refused.
      for (const clauseId of locks) this.pendingLocks.add(clauseId)
      while (this.clientPending.size > 0) await Promise.allSettled([...this.clientPending])
      // On the admitted state itself, under a client id of its own recorded as the asking member's.
      const clientId = this.unusedClientId()
      const { result, made } = this.services.gate.makeServerChange({ ...this.gateContext(), pendingLocks: new Set() }, clientId, mutate)
      if (made === null) return result
      const { update, effect, admission } = made
      this.owners.set(clientId, memberId)
      try {
        await this.services.groupCommit.append({ documentId: this.id, update, memberId, clientIds: [clientId], deletions: effect.deletions, insertions: effect.insertions, fence: this.fence })
      } catch (error) {
        this.admitted.landed(admission, false)
        this.leaseLost(error)
        throw error
      }
      this.applyCommitted(update, null, memberId)
      this.admitted.landed(admission, true)
      return result
    }
    const release = () => {
      for (const clauseId of locks) this.pendingLocks.delete(clauseId)
    }
    const done = this.serverChanges.then(run, run).finally(release)
    this.serverChanges = done.catch(() => {})
    this.track(done.catch(() => {}))
    return done
  }

  /** The fence this instance's writes of the document carry (none when it runs without leases). */
  get fence(): LeaseFence | undefined {
    return this.services.fence
  }

  /** Whether `error` says another instance has taken the document over; if so, tells the registry (once). */
  private leaseLost(error: unknown): boolean {
    if (!isLeaseLost(error)) return false
    if (!this.lostLease) {
      this.lostLease = true
      this.services.onLeaseLost?.(this)
    }
    return true
  }

  private lostLease = false

  /** Resolves once every accepted update has been stored and applied (or has failed). */
  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending])
  }

  /** Sends `frame` to every attached connection except `except`. */
  broadcast(frame: Uint8Array, except: Peer | null): void {
    for (const peer of this.peers) if (peer !== except) peer.send(frame)
  }

  /** Closes every attached connection with `reason`. */
  closeAll(reason: CounterpartError): void {
    for (const peer of [...this.peers]) peer.close(reason)
  }

  /** Frees the Y.Doc and presence; the document must have no peers and nothing pending. */
  destroy(): void {
    this.presence.destroy()
    this.admitted.destroy()
    this.doc.destroy()
  }

  private gateContext(): GateContext {
    return {
      doc: this.doc,
      admitted: this.admitted,
      owners: this.owners,
      parties: this.parties.map((party) => party.code),
      pendingLocks: this.pendingLocks,
      contentRoots: this.contentRoots,
    }
  }

  private unusedClientId(): number {
    for (;;) {
      const candidate = crypto.getRandomValues(new Uint32Array(1))[0]!
      if (!this.owners.has(candidate) && !this.doc.store.clients.has(candidate) && !this.admitted.doc.store.clients.has(candidate)) return candidate
    }
  }

  private track(work: Promise<unknown>): void {
    this.pending.add(work)
    void work.finally(() => this.pending.delete(work))
  }

  private landed(peer: Peer): void {
    const pending = (this.pendingOf.get(peer) ?? 1) - 1
    if (pending === 0) this.pendingOf.delete(peer)
    else this.pendingOf.set(peer, pending)
    if (pending === maxPendingPerPeer / 2) peer.resume()
  }

  private applyCommitted(update: Uint8Array, origin: Peer | null, changedBy: string | null): void {
    try {
      Y.applyUpdate(this.doc, update, origin)
    } catch (error) {
      // The gate decoded it fully, so this should not happen; if it does,
      // the update is stored and every client still receives it.
      this.services.logger.error('update.apply-failed', { documentId: this.id, error })
    }
    this.broadcast(encodeUpdate(update), origin)
    this.changedSinceRevision = true
    this.tailLength++
    this.services.onTailGrowth(this, changedBy)
  }
}
