/**
 * Private draft documents, live: each party of each document has a Yjs
 * document of its own (`ws /collab/<documentId>/private`), where its
 * members co-edit the wording they prepare for each clause. It is never
 * the shared document, never synced into it, and a connection reaches only
 * its own party's: the room is chosen by the party the connection's member
 * acts for, which the WebSocket layer takes from the principal.
 *
 * An update from a client is checked before it is stored or shown: it must
 * integrate completely and the same way everywhere (`integrationCheck.ts`),
 * write only under roots named `draft:<clauseId>` as XML elements and text
 * (no map entries on a root), and keep the document within
 * `maxDraftDocumentBytes`. An update that fails closes its connection with
 * the reason, and nothing of it is kept; one that builds on changes the
 * server lacks is dropped and its sender asked for everything, as in the
 * shared document. Accepted updates are appended to the party's log one
 * after the other, then applied and sent to the party's other connections.
 * Presence (awareness) goes to the party's own connections alone.
 */

import * as Y from 'yjs'
import type { Logger } from '../logger.js'
import type { PrivateDraftStore } from '../storage/privateDraftStore.js'
import { CounterpartError, goingAway, invalid, tooLarge, unavailable } from '../vocabulary/errors.js'
import { isLeaseLost, leaseLost, type LeaseFence } from '../vocabulary/documentLease.js'
import type { DocumentOwnership } from './documentOwnership.js'
import type { PartyRecord } from '../vocabulary/document.js'
import type { MemberRecord } from '../vocabulary/member.js'
import { draftRootPattern, maxDraftDocumentBytes } from '../vocabulary/privateLayer.js'
import { decodeClientMessage, encodeAwareness, encodeSyncStep1, encodeSyncStep2, encodeUpdate, ProtocolError } from '../protocol/message.js'
import { checkIntegration, MissingHistory } from './integrationCheck.js'
import { Presence } from './presence.js'
import type { Transport } from './connection.js'

/** A room's draft document is folded into one row when it loads with more updates than this. */
const foldAfterUpdates = 200

export interface DraftRoomsServices {
  store: Pick<PrivateDraftStore, 'load' | 'append' | 'fold'>
  /** The document's parties (presence colours its members by party). */
  parties: (documentId: string) => Promise<readonly PartyRecord[]>
  logger: Logger
  /** How long a room nobody holds stays loaded. */
  unloadDelayMs: number
  /** Which documents this instance owns: a party's drafts live with the document's owner, their appends behind its lease. */
  ownership: Pick<DocumentOwnership, 'claim' | 'release' | 'onLost'>
}

interface RoomEntry {
  room: Promise<DraftRoom>
  holders: Set<object>
  unloadTimer: NodeJS.Timeout | null
}

/** The live draft rooms, one per document and party, loaded once and let go a while after the last holder. */
export class DraftRooms {
  private readonly entries = new Map<string, RoomEntry>()

  constructor(private readonly services: DraftRoomsServices) {
    // Another instance owns the document now: its rooms go at once, unstored nothing (the fence refuses it), their connections reconnect there.
    services.ownership.onLost((documentId) => {
      for (const [key, entry] of [...this.entries]) {
        if (!key.startsWith(`${documentId}\u0000`)) continue
        this.entries.delete(key)
        if (entry.unloadTimer) clearTimeout(entry.unloadTimer)
        void entry.room.then((room) => room.abandon(leaseLost(documentId)), () => undefined)
      }
    })
  }

  /** Holds `party`'s room of `documentId` for `holder`; match with `release`. */
  acquire(documentId: string, party: string, holder: object): Promise<DraftRoom> {
    const key = roomKey(documentId, party)
    let entry = this.entries.get(key)
    if (!entry) {
      // A room that failed to load, or that holds an update it could not store, is forgotten: the next holder loads it afresh.
      const forget = () => {
        if (this.entries.get(key) === created) this.entries.delete(key)
      }
      const created: RoomEntry = { room: this.load(documentId, party, forget), holders: new Set(), unloadTimer: null }
      // A room that failed to load holds no claim.
      created.room.catch(() => this.services.ownership.release(documentId, ownershipUser(party)))
      created.room.catch(forget)
      this.entries.set(key, (entry = created))
    }
    entry.holders.add(holder)
    if (entry.unloadTimer) {
      clearTimeout(entry.unloadTimer)
      entry.unloadTimer = null
    }
    return entry.room
  }

  release(documentId: string, party: string, holder: object): void {
    const key = roomKey(documentId, party)
    const entry = this.entries.get(key)
    if (!entry || !entry.holders.delete(holder) || entry.holders.size > 0) return
    entry.unloadTimer = setTimeout(() => {
      if (entry.holders.size > 0 || this.entries.get(key) !== entry) return
      this.entries.delete(key)
      void entry.room.then((room) => room.unload().finally(() => this.services.ownership.release(documentId, ownershipUser(party))), () => undefined)
    }, this.services.unloadDelayMs)
    entry.unloadTimer.unref()
  }

  /** Runs `work` on `party`'s draft document of `documentId` (loading it if need be) once what it holds is stored; `work` must not change it. */
  async read<T>(documentId: string, party: string, work: (doc: Y.Doc) => T): Promise<T> {
    const holder = {}
    try {
      const room = await this.acquire(documentId, party, holder)
      await room.settled()
      return work(room.doc)
    } finally {
      this.release(documentId, party, holder)
    }
  }

  /** Lets every room go (shutdown), once their updates under way are stored. */
  async close(): Promise<void> {
    const entries = [...this.entries.values()]
    this.entries.clear()
    for (const entry of entries) if (entry.unloadTimer) clearTimeout(entry.unloadTimer)
    await Promise.all(entries.map((entry) => entry.room.then((room) => room.unload().finally(() => this.services.ownership.release(room.documentId, ownershipUser(room.party))), () => undefined)))
  }

  private async load(documentId: string, party: string, discard: () => void): Promise<DraftRoom> {
    const { store, ownership } = this.services
    const claim = await ownership.claim(documentId, ownershipUser(party))
    if (claim.kind === 'elsewhere') throw goingAway(`document ${documentId} is served by another server instance; reconnect`)
    const [{ updates, lastId }, parties] = await Promise.all([store.load(documentId, party), this.services.parties(documentId)])
    const merged = updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates)
    if (updates.length > foldAfterUpdates) await store.fold(documentId, party, lastId, merged)
    const doc = new Y.Doc({ gc: true })
    if (updates.length > 0) Y.applyUpdate(doc, merged)
    return new DraftRoom(documentId, party, doc, parties, this.services, discard, claim.fence)
  }
}

/** What a party's room claims its document as (the registry claims it too). */
const ownershipUser = (party: string) => `drafts:${party}`

const roomKey = (documentId: string, party: string) => `${documentId}\u0000${party}`

/** What a room knows of a connection. */
export interface DraftPeer {
  readonly member: MemberRecord
  send(frame: Uint8Array): void
  close(reason: CounterpartError): void
}

/** One party's draft document of one document, with the party's connections to it. */
export class DraftRoom {
  private readonly peers = new Set<DraftPeer>()
  private readonly presence: Presence
  /** What the document weighs: its state when loaded, and every update since (deletions count until the next load folds them). */
  private bytes: number
  /** Updates on their way to the store, one after the other. */
  private queue: Promise<void> = Promise.resolve()
  /** Peers asked for everything after an update that built on what the server lacked; asked once until they answer. */
  private readonly asked = new Set<DraftPeer>()
  /**
   * A copy of the document that takes each update first, to judge its
   * shape by what it changed: equal to the document between updates (a
   * refused update rebuilds it), so an update costs what it changes.
   */
  private admitted: Y.Doc
  /** Set once an update could not be stored: the room holds more than the store, and is let go. */
  private broken = false

  constructor(
    readonly documentId: string,
    readonly party: string,
    readonly doc: Y.Doc,
    parties: readonly PartyRecord[],
    private readonly services: Pick<DraftRoomsServices, 'store' | 'logger'>,
    /** Lets the room go from the registry: the next holder loads it again from the store. */
    private readonly discard: () => void,
    /** The document's lease, which every append carries (none when the instance is alone). */
    private readonly fence?: LeaseFence,
  ) {
    this.bytes = Y.encodeStateAsUpdate(doc).length
    this.admitted = copyOf(doc)
    this.presence = new Presence(doc, parties, (frame) => this.broadcast(frame, null), { cursorRoots: [] })
  }

  attach(peer: DraftPeer): void {
    this.peers.add(peer)
    peer.send(encodeSyncStep1(Y.encodeStateVector(this.doc)))
    const everyone = this.presence.encodeAll()
    if (everyone) peer.send(encodeAwareness(everyone))
  }

  detach(peer: DraftPeer): void {
    if (!this.peers.delete(peer)) return
    this.asked.delete(peer)
    this.presence.forget(peer)
  }

  /** Handles one frame of `peer`'s; throws a ProtocolError or CounterpartError that should close it. */
  receive(peer: DraftPeer, frame: Uint8Array): void {
    const message = decodeClientMessage(frame)
    switch (message.type) {
      case 'sync-step-1':
        peer.send(encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, message.stateVector)))
        break
      case 'sync-step-2':
      case 'update':
        this.receiveUpdate(peer, message.update)
        break
      case 'awareness':
        this.presence.receive(peer, message.update)
        break
      case 'query-awareness': {
        const everyone = this.presence.encodeAll()
        if (everyone) peer.send(encodeAwareness(everyone))
      }
    }
  }

  private receiveUpdate(peer: DraftPeer, update: Uint8Array): void {
    const refused = this.check(update)
    if (refused instanceof MissingHistory) {
      if (!this.asked.has(peer)) {
        this.asked.add(peer)
        peer.send(encodeSyncStep1(Y.encodeStateVector(this.doc)))
      }
      return
    }
    this.asked.delete(peer)
    if (refused) throw refused
    const bytes = update.slice()
    this.bytes += bytes.length
    // Applied at once, so that the next update of a typist builds on it; shown to the others once stored.
    Y.applyUpdate(this.doc, bytes, peer)
    this.queue = this.queue.then(async () => {
      if (this.broken) return
      try {
        await this.services.store.append(this.documentId, this.party, bytes, this.fence)
      } catch (error) {
        // The document now holds what was not stored: it goes, and is loaded again from what was (by the new owner, when the lease was taken over).
        if (!isLeaseLost(error)) this.services.logger.error('draft.store-failed', { documentId: this.documentId, party: this.party, error })
        this.broken = true
        this.discard()
        for (const each of [...this.peers]) each.close(isLeaseLost(error) ? error : unavailable('the draft could not be stored; reconnect to send it again'))
        return
      }
      this.broadcast(encodeUpdate(bytes), peer)
    })
  }

  /** Why `update` may not enter the draft document, or null when it may (a MissingHistory: not yet). */
  private check(update: Uint8Array): CounterpartError | null {
    if (this.bytes + update.length > maxDraftDocumentBytes) {
      return tooLarge(`the ${this.party} drafts would exceed ${maxDraftDocumentBytes} bytes; shorten them`)
    }
    let decoded: ReturnType<typeof Y.decodeUpdate>
    try {
      decoded = Y.decodeUpdate(update)
    } catch {
      return invalid('malformed update: it does not decode')
    }
    const integration = checkIntegration(this.doc.store, decoded)
    if (integration) return integration
    // Judged on the admitted copy as it would be, looking only at what the update changed.
    const refused = admitDraftUpdate(this.admitted, update)
    if (refused) {
      // The copy took what is refused: it is made again from the document, which never saw it.
      this.admitted.destroy()
      this.admitted = copyOf(this.doc)
    }
    return refused
  }

  private broadcast(frame: Uint8Array, except: DraftPeer | null): void {
    for (const peer of this.peers) if (peer !== except) peer.send(frame)
  }

  /** Resolves once every update taken so far is stored (or refused by the store). */
  settled(): Promise<void> {
    return this.queue
  }

  /** Stops storing anything (another instance owns the document now) and closes every connection with `reason`. */
  abandon(reason: CounterpartError): void {
    this.broken = true
    for (const each of [...this.peers]) each.close(reason)
    void this.unload()
  }

  /** Stops presence once the updates under way are stored. */
  async unload(): Promise<void> {
    await this.queue
    this.presence.destroy()
    this.admitted.destroy()
    this.doc.destroy()
  }
}

/** One socket on a party's draft document: frames in, routed to the room once it has loaded. */
export class DraftConnection implements DraftPeer {
  private room: DraftRoom | null = null
  private backlog: Uint8Array[] | null = []
  private backlogBytes = 0
  private ended = false
  private quiet = false

  constructor(
    readonly member: MemberRecord,
    private readonly party: string,
    private readonly transport: Transport,
    private readonly rooms: DraftRooms,
    private readonly maxMessageBytes: number,
    private readonly logger: Logger,
  ) {}

  async open(): Promise<void> {
    let room: DraftRoom
    try {
      room = await this.rooms.acquire(this.member.documentId, this.party, this)
    } catch (error) {
      // A refusal in words (another instance owns the document now: reconnect) is passed on as it is, as the shared document's connection does.
      if (!(error instanceof CounterpartError)) this.logger.error('draft.load-failed', { error })
      this.rooms.release(this.member.documentId, this.party, this)
      this.close(error instanceof CounterpartError ? error : unavailable('the drafts could not be loaded; try again'))
      return
    }
    if (this.ended) {
      this.rooms.release(this.member.documentId, this.party, this)
      return
    }
    this.room = room
    room.attach(this)
    const waiting = this.backlog ?? []
    this.backlog = null
    for (const frame of waiting) this.handle(frame)
  }

  receive(frame: Uint8Array): void {
    if (this.ended || this.quiet) return
    if (frame.length > this.maxMessageBytes) return this.close(tooLarge(`message of ${frame.length} bytes exceeds the limit of ${this.maxMessageBytes}`))
    if (this.backlog !== null) {
      this.backlogBytes += frame.length
      if (this.backlogBytes > this.maxMessageBytes) return this.close(tooLarge(`more than ${this.maxMessageBytes} bytes sent before the drafts loaded`))
      this.backlog.push(frame)
      return
    }
    this.handle(frame)
  }

  send(frame: Uint8Array): void {
    if (!this.ended) this.transport.send(frame)
  }

  close(reason: CounterpartError): void {
    if (this.ended) return
    this.logger.info('connection.closing', { code: reason.code, reason: reason.message })
    this.transport.close(reason)
    this.closed()
  }

  closed(): void {
    this.ended = true
    const room = this.room
    if (room === null) return
    this.room = null
    room.detach(this)
    this.rooms.release(this.member.documentId, this.party, this)
  }

  quiesce(): void {
    this.quiet = true
  }

  private handle(frame: Uint8Array): void {
    const room = this.room
    if (room === null || this.ended) return
    try {
      room.receive(this, frame)
    } catch (error) {
      if (error instanceof ProtocolError) this.close(invalid(error.message))
      else if (error instanceof CounterpartError) this.close(error)
      else {
        this.logger.error('draft.message-failed', { error })
        this.close(unavailable('the server could not handle this message'))
      }
    }
  }
}

/** A shared type of the draft document, as Yjs names them in a transaction. */
type SharedType = Y.AbstractType<Y.YEvent<any>>

/** Marks a draft's text may carry (the draft schema's). */
const draftMarks = new Set(['strong', 'em', 'underline'])

const copyOf = (doc: Y.Doc): Y.Doc => {
  const copy = new Y.Doc({ gc: true })
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  return copy
}

/**
 * Applies `update` to `admitted` (a copy of a draft document) and says why
 * the draft it makes is refused (see `draftShapeRefusal`), judging only the
 * types it changed — in every transaction applying it makes: Yjs may clean
 * up text formatting in one of its own. Null when it is a draft still.
 */
export function admitDraftUpdate(admitted: Y.Doc, update: Uint8Array): CounterpartError | null {
  const changed = new Set<SharedType>()
  const noteChanges = (transaction: Y.Transaction) => transaction.changed.forEach((_keys, type) => changed.add(type))
  admitted.on('afterTransaction', noteChanges)
  try {
    Y.applyUpdate(admitted, update)
  } finally {
    admitted.off('afterTransaction', noteChanges)
  }
  return draftShapeRefusal(admitted, changed)
}

/**
 * Why `doc` is not a draft document where `changed` (the types a
 * transaction changed, `Transaction.changed`: each type whose own list or
 * keys it changed, whatever its class — a root the update names is a type
 * of no class yet; all of the document's roots when not given) and what
 * they hold say so, or null when it is: roots named
 * `draft:<clauseId>`, each a list of paragraphs (no keyed entries), each
 * paragraph text alone (no attributes), the text plain or marked strong,
 * em or underline — nothing a proposal or the page could not read. Types
 * created in the transaction are not among those it changed; they are
 * judged with the type that holds them.
 */
export function draftShapeRefusal(doc: Y.Doc, changed: Iterable<SharedType> = doc.share.values()): CounterpartError | null {
  const rootNames = new Map([...doc.share].map(([name, type]) => [type, name]))
  for (const type of changed) {
    const root = rootNames.get(type)
    const refused =
      root !== undefined
        ? rootRefusal(root, type)
        : type instanceof Y.XmlText
          ? textRefusal(type)
          : type instanceof Y.XmlElement && type.nodeName === 'paragraph'
            ? paragraphRefusal(type)
            : invalid('a private draft holds only paragraphs and their text')
    if (refused) return refused
  }
  return null
}

/** The children of `type` not deleted: the items its list holds. */
function* itemsOf(type: Pick<SharedType, '_start'>): Generator<Y.Item> {
  for (let item = type._start; item !== null; item = item.right) if (!item.deleted) yield item
}

function rootRefusal(name: string, root: SharedType): CounterpartError | null {
  if (!draftRootPattern.test(name)) return invalid(`a private draft document holds only draft:<clauseId> roots (got ${JSON.stringify(name.slice(0, 60))})`)
  if (root._map.size > 0) return invalid(`a draft root holds no keyed entries (got ${JSON.stringify([...root._map.keys()][0]!.slice(0, 60))} on ${name})`)
  for (const item of itemsOf(root)) {
    const paragraph = item.content instanceof Y.ContentType ? item.content.type : null
    if (!(paragraph instanceof Y.XmlElement) || paragraph.nodeName !== 'paragraph') return invalid(`${name} holds paragraphs alone`)
    const refused = paragraphRefusal(paragraph)
    if (refused) return refused
  }
  return null
}

function paragraphRefusal(paragraph: Y.XmlElement): CounterpartError | null {
  if (paragraph._map.size > 0) return invalid('a draft paragraph has no attributes')
  for (const item of itemsOf(paragraph)) {
    const text = item.content instanceof Y.ContentType ? item.content.type : null
    if (!(text instanceof Y.XmlText)) return invalid('a draft paragraph holds text alone')
    const refused = textRefusal(text)
    if (refused) return refused
  }
  return null
}

function textRefusal(text: Y.XmlText): CounterpartError | null {
  if (text._map.size > 0) return invalid('a draft paragraph holds text alone')
  for (const run of itemsOf(text)) {
    if (run.content instanceof Y.ContentString) continue
    if (run.content instanceof Y.ContentFormat && draftMarks.has(run.content.key)) continue
    return invalid(`a draft's text is plain or marked ${[...draftMarks].join(', ')}`)
  }
  return null
}
