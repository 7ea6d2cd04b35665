/**
 * Presence: who is in a document and where their cursor is (y-protocols
 * awareness). The server stamps every published state with the sender's
 * identity, so a client can say where its cursor is but not who it is.
 *
 * Each awareness client id belongs to the member who first published it.
 * Stock providers relay the states of everyone else back to the server;
 * entries for another member's client id are therefore dropped silently,
 * never applied, so no member can move or rename another's presence.
 */

import * as awarenessProtocol from 'y-protocols/awareness'
import type * as Y from 'yjs'
import { decodeAwarenessUpdate, encodeAwarenessUpdate } from '../protocol/awarenessUpdate.js'
import { encodeAwareness } from '../protocol/message.js'
import type { PartyRecord } from '../storage/documentStore.js'
import type { MemberRecord } from '../storage/memberStore.js'

/** The identity the server writes into `state.user` of every awareness state. */
export interface PresenceIdentity {
  memberId: string
  name: string
  party: string | null
  role: MemberRecord['role']
  /** Cursor colour of the member's party (y-prosemirror reads `user.color`). */
  color: string
}

/** What presence needs to know of a connection. */
export interface PresencePeer {
  readonly member: MemberRecord
}

/** Party colours by position, and one for members of neither party. */
const partyColors = ['#1d4ed8', '#c2410c'] as const
const neutralColor = '#4b5563'

export class Presence {
  readonly awareness: awarenessProtocol.Awareness
  /** Client id → the member it belongs to, and the connection publishing it now (null once gone). */
  private readonly owners = new Map<number, { memberId: string; peer: PresencePeer | null }>()

  /**
   * @param broadcast sends an awareness frame to every connection of the document.
   */
  constructor(
    doc: Y.Doc,
    private readonly parties: readonly PartyRecord[],
    broadcast: (frame: Uint8Array) => void,
  ) {
    this.awareness = new awarenessProtocol.Awareness(doc)
    // The server itself is not a participant.
    this.awareness.setLocalState(null)
    this.awareness.on('update', ({ added, updated, removed }: Record<'added' | 'updated' | 'removed', number[]>) => {
      const changed = [...added, ...updated, ...removed]
      broadcast(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed)))
    })
  }

  /** The identity stamped on `member`'s states. */
  identityOf(member: MemberRecord): PresenceIdentity {
    const position = this.parties.findIndex((party) => party.code === member.party)
    return {
      memberId: member.id,
      name: member.name,
      party: member.party,
      role: member.role,
      color: partyColors[position] ?? neutralColor,
    }
  }

  /**
   * Applies the entries of an awareness update from `peer` that speak for
   * the peer's own member, each stamped with the member's identity. Throws a
   * ProtocolError for a malformed update.
   */
  receive(peer: PresencePeer, update: Uint8Array): void {
    const memberId = peer.member.id
    const identity = { user: this.identityOf(peer.member) }
    const own = decodeAwarenessUpdate(update).filter((entry) => {
      const owner = this.owners.get(entry.clientId)
      if (owner === undefined) this.owners.set(entry.clientId, { memberId, peer })
      else if (owner.memberId !== memberId) return false
      else if (owner.peer === null) owner.peer = peer
      return true
    })
    if (own.length === 0) return
    const stamped = own.map((entry) => ({ ...entry, state: entry.state === null ? null : { ...entry.state, ...identity } }))
    awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessUpdate(stamped), peer)
  }

  /** An awareness update holding every known state, or null when nobody is present. */
  encodeAll(): Uint8Array | null {
    const clients = [...this.awareness.getStates().keys()]
    return clients.length === 0 ? null : awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients)
  }

  /** Removes the states of every client id `peer` was publishing (it disconnected). */
  forget(peer: PresencePeer): void {
    const clients: number[] = []
    for (const [clientId, owner] of this.owners) {
      if (owner.peer !== peer) continue
      owner.peer = null
      clients.push(clientId)
    }
    if (clients.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, clients, peer)
  }

  /** Stops the awareness timer; call when the document unloads. */
  destroy(): void {
    this.owners.clear()
    this.awareness.destroy()
  }
}
