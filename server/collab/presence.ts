/**
 * Presence: who is in a document and where their cursor is (y-protocols
 * awareness). The server stamps every published state with the sender's
 * identity, so a client can say where its cursor is but not who it is, and
 * a connection may speak only for the Yjs client ids it introduced.
 */

import * as awarenessProtocol from 'y-protocols/awareness'
import type * as Y from 'yjs'
import { forbidden } from '../errors.js'
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
  private readonly owners = new Map<number, PresencePeer>()

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
   * Applies an awareness update from `peer` after stamping each state with
   * the peer's identity. Throws a ProtocolError for a malformed update and
   * Forbidden for a client id that another member's connection introduced.
   * A member's new connection may take over its own old connection's ids
   * (a reconnect that the server has not noticed yet).
   */
  receive(peer: PresencePeer, update: Uint8Array): void {
    const entries = decodeAwarenessUpdate(update)
    for (const entry of entries) {
      const owner = this.owners.get(entry.clientId)
      if (owner !== undefined && owner !== peer && owner.member.id !== peer.member.id) {
        throw forbidden(`awareness client id ${entry.clientId} belongs to another member's connection`)
      }
    }
    const identity = { user: this.identityOf(peer.member) }
    const stamped = entries.map((entry) => ({ ...entry, state: entry.state === null ? null : { ...entry.state, ...identity } }))
    for (const entry of stamped) this.owners.set(entry.clientId, peer)
    awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessUpdate(stamped), peer)
  }

  /** An awareness update holding every known state, or null when nobody is present. */
  encodeAll(): Uint8Array | null {
    const clients = [...this.awareness.getStates().keys()]
    return clients.length === 0 ? null : awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients)
  }

  /** Removes the states of every client id `peer` introduced (it disconnected). */
  forget(peer: PresencePeer): void {
    const clients = [...this.owners].filter(([, owner]) => owner === peer).map(([clientId]) => clientId)
    for (const clientId of clients) this.owners.delete(clientId)
    if (clients.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, clients, peer)
  }

  /** Stops the awareness timer; call when the document unloads. */
  destroy(): void {
    this.owners.clear()
    this.awareness.destroy()
  }
}
