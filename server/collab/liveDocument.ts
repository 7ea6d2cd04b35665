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
import { CounterpartError, unavailable } from '../errors.js'
import type { Logger } from '../logger.js'
import { encodePermissionDenied, encodeSyncStep1, encodeSyncStep2, encodeUpdate, encodeAwareness } from '../protocol/message.js'
import type { PartyRecord } from '../storage/documentStore.js'
import type { MemberRecord } from '../storage/memberStore.js'
import type { GroupCommit } from './groupCommit.js'
import { Presence } from './presence.js'
import { applyUpdates } from './stateFold.js'
import type { UpdateGate } from './updateGate.js'

/** The root type holding the ProseMirror content (y-prosemirror's default name). */
export const contentFragmentName = 'prosemirror'

/** What a live document needs of a connection. */
export interface Peer {
  readonly member: MemberRecord
  /** Sends one frame; a closed peer drops it. */
  send(frame: Uint8Array): void
  /** Ends the connection, telling the client why. */
  close(reason: CounterpartError): void
}

export interface LiveDocumentServices {
  gate: UpdateGate
  groupCommit: GroupCommit
  logger: Logger
  /** Called after each committed update, when `tailLength` has grown. */
  onTailGrowth(document: LiveDocument): void
}

export class LiveDocument {
  readonly doc = new Y.Doc({ gc: false })
  readonly presence: Presence
  private readonly peers = new Set<Peer>()
  private readonly pending = new Set<Promise<void>>()
  /** Update rows stored after the latest snapshot; drives compaction. */
  tailLength: number

  constructor(
    readonly id: string,
    readonly parties: readonly PartyRecord[],
    stored: { snapshot: Uint8Array | null; updates: Uint8Array[] },
    private readonly services: LiveDocumentServices,
  ) {
    // Registered before any content exists so the type is always an XmlFragment.
    this.doc.getXmlFragment(contentFragmentName)
    applyUpdates(this.doc, stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates, this)
    this.tailLength = stored.updates.length
    this.presence = new Presence(this.doc, parties, (frame) => this.broadcast(frame, null))
  }

  /** Connections currently attached. */
  get peerCount(): number {
    return this.peers.size
  }

  /**
   * Starts serving `peer`: asks it for what the server lacks (sync step 1)
   * and shows it who is present. Called only once the document has loaded,
   * so a client never sees "synced" on a document that is still loading.
   */
  attach(peer: Peer): void {
    this.peers.add(peer)
    peer.send(encodeSyncStep1(Y.encodeStateVector(this.doc)))
    const everyone = this.presence.encodeAll()
    if (everyone) peer.send(encodeAwareness(everyone))
  }

  /** Stops serving `peer` and removes its presence. */
  detach(peer: Peer): void {
    if (!this.peers.delete(peer)) return
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
    const verdict = this.services.gate.admit(this.doc, update, peer.member)
    switch (verdict.kind) {
      case 'known':
        return
      case 'reject':
        peer.close(verdict.error)
        return
      case 'deny':
        this.services.logger.info('update.denied', { documentId: this.id, memberId: peer.member.id, reason: verdict.reason })
        peer.send(encodePermissionDenied(verdict.reason))
        return
      case 'accept': {
        // Copy out of the frame's buffer: the view would otherwise pin it.
        const bytes = update.slice()
        const stored = this.services.groupCommit.append({ documentId: this.id, update: bytes, memberId: peer.member.id }).then(
          () => this.applyCommitted(bytes, peer),
          (error: unknown) => {
            this.services.logger.error('update.store-failed', { documentId: this.id, memberId: peer.member.id, error })
            // Nothing was stored, so nothing is shown; the provider resends on reconnect.
            peer.close(unavailable('the update could not be stored; reconnect to send it again'))
          },
        )
        this.pending.add(stored)
        void stored.finally(() => this.pending.delete(stored))
      }
    }
  }

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
    this.doc.destroy()
  }

  private applyCommitted(update: Uint8Array, origin: Peer): void {
    try {
      Y.applyUpdate(this.doc, update, origin)
    } catch (error) {
      // The gate decoded it fully, so this should not happen; if it does,
      // the update is stored and every client still receives it.
      this.services.logger.error('update.apply-failed', { documentId: this.id, error })
    }
    this.broadcast(encodeUpdate(update), origin)
    this.tailLength++
    this.services.onTailGrowth(this)
  }
}
