/**
 * Presence: who is in a document and where their cursor is (y-protocols
 * awareness), as the server lets the others see it.
 *
 * - **One client id per connection**: the first one the connection
 *   publishes a state for that no other live connection holds, and that no
 *   other member held before. Stock providers relay every awareness change
 *   they receive back to the server (others' states, and removals when their
 *   timeout drops them), so whatever else a connection sends is dropped
 *   silently, never applied: no member can move, rename or multiply
 *   presences.
 * - **States are rebuilt** from what the server validates: `user` is the
 *   member's identity, `cursor` is kept only in the exact shape y-prosemirror
 *   publishes, and nothing else passes (other clients render what they get).
 * - **At most one broadcast per connection per interval**: a state arriving
 *   sooner waits, and the newest waiting state is sent when the interval
 *   ends, so a fast or hostile sender costs the others a bounded traffic and
 *   the latest cursor is never lost.
 * - When a connection closes, its state is removed for everyone.
 * - **Only what no provider sends closes the connection**: a malformed
 *   update, one of more than 10,000 entries or with a state over 8 KiB (a
 *   ProtocolError, 4400). Relays, other ids and crafted cursors are dropped
 *   silently, so a stock client is never closed for what it echoes.
 */

import { equalityDeep } from 'lib0/function'
import * as awarenessProtocol from 'y-protocols/awareness'
import type * as Y from 'yjs'
import { decodeAwarenessUpdate, encodeAwarenessUpdate, validCursor, type AwarenessCursor, type AwarenessEntry } from '../protocol/awarenessUpdate.js'
import { encodeAwareness } from '../protocol/message.js'
import type { PartyRecord } from '../vocabulary/document.js'
import type { MemberRecord } from '../vocabulary/member.js'
import { colorOfParty } from '../vocabulary/partyColours.js'

/** The identity the server writes into `state.user` of every awareness state. */
export interface PresenceIdentity {
  memberId: string
  name: string
  party: string | null
  role: MemberRecord['role']
  /** Cursor colour of the member's party (y-prosemirror reads `user.color`). */
  color: string
}

/** An awareness state as the server hands it on. */
export type PresenceState = {
  user: PresenceIdentity
  cursor?: AwarenessCursor
}

/** What presence needs to know of a connection. */
export interface PresencePeer {
  readonly member: MemberRecord
}

/** Runs `task` once after `ms` milliseconds; returns what cancels it. */
export type Schedule = (task: () => void, ms: number) => () => void

export interface PresenceOptions {
  /** The root fragments a cursor may name by name: the document's texts (default: `prosemirror` alone). */
  cursorRoots?: readonly string[]
  /** Shortest time between two broadcasts of one connection's state. */
  intervalMs?: number
  /** Timers; real ones unless a test drives them by hand. */
  schedule?: Schedule
}

/** Fast enough for a cursor to follow typing; at most ten states a second from any connection. */
export const presenceIntervalMs = 100

/**
 * Client ids of closed connections whose member is remembered (so that no
 * one else takes them over from a late relay); beyond that, the oldest are
 * forgotten.
 */
export const maxRememberedClients = 10_000


const realTimers: Schedule = (task, ms) => {
  const timer = setTimeout(task, ms)
  return () => clearTimeout(timer)
}

/**
 * The state others see for a member who published `published`: the
 * member's identity as `user`, the cursor if it has exactly y-prosemirror's
 * shape, nothing else.
 */
export function presenceState(published: Readonly<Record<string, unknown>>, identity: PresenceIdentity, cursorRoots?: readonly string[]): PresenceState {
  const cursor = validCursor(published.cursor, cursorRoots)
  return cursor ? { user: identity, cursor } : { user: identity }
}

/** A connection's client id, and its state waiting for the end of the interval. */
interface Publisher {
  readonly peer: PresencePeer
  readonly clientId: number
  /** The newest state received since the last broadcast, sent when the interval ends. */
  waiting: AwarenessEntry | null
  /** Cancels the running interval; null when the next state may go at once. */
  cancelInterval: (() => void) | null
}

export class Presence {
  readonly awareness: awarenessProtocol.Awareness
  private readonly intervalMs: number
  private readonly cursorRoots: readonly string[] | undefined
  private readonly schedule: Schedule
  private readonly publishers = new Map<PresencePeer, Publisher>()
  /** Client id → the live connection publishing it. */
  private readonly holders = new Map<number, Publisher>()
  /** Client id → the member whose connection held it last, for ids no live connection holds. */
  private readonly formerMembers = new Map<number, string>()

  /**
   * @param broadcast sends an awareness frame to every connection of the document.
   */
  constructor(
    doc: Y.Doc,
    private readonly parties: readonly PartyRecord[],
    broadcast: (frame: Uint8Array) => void,
    options: PresenceOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? presenceIntervalMs
    this.cursorRoots = options.cursorRoots
    this.schedule = options.schedule ?? realTimers
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
    return {
      memberId: member.id,
      name: member.name,
      party: member.party,
      role: member.role,
      color: colorOfParty(this.parties, member.party),
    }
  }

  /**
   * Takes the entry of an awareness update from `peer` for the peer's own
   * client id (claiming one if it holds none yet), rebuilt with the member's
   * identity, and hands it on now or when the peer's interval ends. Entries
   * for other client ids are dropped. Throws a ProtocolError for a malformed
   * update.
   */
  receive(peer: PresencePeer, update: Uint8Array): void {
    const entries = decodeAwarenessUpdate(update)
    let publisher = this.publishers.get(peer)
    let newest: AwarenessEntry | null = null
    for (const entry of entries) {
      publisher ??= this.claim(peer, entry)
      if (publisher?.clientId === entry.clientId) newest = entry
    }
    if (publisher === undefined || newest === null) return
    const state = newest.state === null ? null : presenceState(newest.state, this.identityOf(peer.member), this.cursorRoots)
    this.offer(publisher, { clientId: newest.clientId, clock: newest.clock, state })
  }

  /** An awareness update holding every known state, or null when nobody is present. */
  encodeAll(): Uint8Array | null {
    const clients = [...this.awareness.getStates().keys()]
    return clients.length === 0 ? null : awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients)
  }

  /** Removes the state of the client id `peer` was publishing (it disconnected); a state still waiting is never sent. */
  forget(peer: PresencePeer): void {
    const publisher = this.publishers.get(peer)
    if (publisher === undefined) return
    publisher.cancelInterval?.()
    this.publishers.delete(peer)
    this.holders.delete(publisher.clientId)
    this.remember(publisher.clientId, peer.member.id)
    awarenessProtocol.removeAwarenessStates(this.awareness, [publisher.clientId], peer)
  }

  /** Stops every timer; call when the document unloads. */
  destroy(): void {
    for (const publisher of this.publishers.values()) publisher.cancelInterval?.()
    this.publishers.clear()
    this.holders.clear()
    this.formerMembers.clear()
    this.awareness.destroy()
  }

  /** Makes `entry`'s client id `peer`'s own if it may be: a state (not a removal) for an id nobody else holds or held. */
  private claim(peer: PresencePeer, entry: AwarenessEntry): Publisher | undefined {
    const { clientId } = entry
    if (entry.state === null || this.holders.has(clientId) || clientId === this.awareness.clientID) return undefined
    const former = this.formerMembers.get(clientId)
    if (former !== undefined && former !== peer.member.id) return undefined
    this.formerMembers.delete(clientId)
    const publisher: Publisher = { peer, clientId, waiting: null, cancelInterval: null }
    this.publishers.set(peer, publisher)
    this.holders.set(clientId, publisher)
    return publisher
  }

  private offer(publisher: Publisher, entry: AwarenessEntry): void {
    if (publisher.cancelInterval === null) this.publish(publisher, entry)
    else publisher.waiting = entry
  }

  private publish(publisher: Publisher, entry: AwarenessEntry): void {
    const known = this.awareness.meta.get(entry.clientId)?.clock ?? 0
    if (entry.state !== null && entry.clock <= known) {
      // The client is behind the clock everyone holds for it: its first
      // state (clock 0, which awareness takes for "nothing new"), a
      // reconnect repeating the clock of the state removed when it left, or
      // a state sent before the echo of the last one reached it. A state
      // other than the one shown is news all the same, sent with the next
      // clock (the sender takes it from the echo); the one shown is the
      // sender's relay of that echo and changes nothing. Removals keep the
      // awareness rules.
      const shown = this.awareness.getStates().get(entry.clientId)
      if (shown !== undefined && equalityDeep(shown, entry.state)) return
      entry = { ...entry, clock: known + 1 }
    }
    awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessUpdate([entry]), publisher.peer)
    publisher.cancelInterval = this.schedule(() => {
      publisher.cancelInterval = null
      const waiting = publisher.waiting
      publisher.waiting = null
      if (waiting !== null) this.publish(publisher, waiting)
    }, this.intervalMs)
  }

  private remember(clientId: number, memberId: string): void {
    this.formerMembers.set(clientId, memberId)
    if (this.formerMembers.size <= maxRememberedClients) return
    const [oldest] = this.formerMembers.keys()
    this.formerMembers.delete(oldest!)
    // Its clock too: the only thing the awareness keeps of a client that left.
    this.awareness.meta.delete(oldest!)
  }
}
