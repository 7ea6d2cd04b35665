/**
 * Which live documents this server instance owns, among the instances
 * sharing one database. An instance serves a document's live state — the
 * gate, the group commit, the compactor, the revision recorder, the party
 * drafts — only while it holds the document's lease; the other instances
 * relay their clients to it. The lease is taken when something here needs
 * the document, renewed by a heartbeat, and given up when nothing here
 * needs it any more or the instance drains.
 *
 * When a renewal finds a lease taken over (this instance was paused, or
 * cut off from the database longer than the lease), or cannot reach the
 * database until the lease would have lapsed, the document is lost: it is
 * forgotten here, and `onLost` closes its clients so that they reconnect to
 * the new owner. Whatever this instance still tries to store of it is
 * refused by the fence (the lease's generation) in the append itself, so
 * a late discovery costs latency, never a second writer.
 */

import type { Logger } from '../logger.js'
import { goingAway } from '../vocabulary/errors.js'
import type { LeaseStore } from '../storage/leaseStore.js'
import type { DocumentLease, LeaseFence, LeaseHolder } from '../vocabulary/documentLease.js'

export interface OwnershipOptions {
  leases: Pick<LeaseStore, 'take' | 'holderOf' | 'renew' | 'release'>
  /** This instance: its id and where the others reach it. */
  holder: LeaseHolder
  /** How long a lease lasts unless renewed; renewed every third of it. */
  leaseMs: number
  /** Alone by configuration (one instance, `COUNTERPART_CLUSTER` off): it owns every document it loads, and takes no lease (nothing to fence, nothing to wait for after a crash). */
  alone: boolean
  logger: Logger
}

/** Who serves a document: this instance (its writes carry `fence`; none when alone), or another, at `lease.url`. */
export type Claim = { kind: 'owned'; fence: LeaseFence | undefined } | { kind: 'elsewhere'; lease: DocumentLease }

interface Held {
  fence: LeaseFence | undefined
  /** What here needs the document: the registry, the draft rooms. */
  users: Set<string>
  /** The lease is being given up: a new claim waits for it. */
  releasing: Promise<void> | null
}

export class DocumentOwnership {
  private readonly held = new Map<string, Held>()
  /** Claims in progress, so that two needs of one document take one lease. */
  private readonly claiming = new Map<string, Promise<Claim>>()
  private readonly lostListeners = new Set<(documentId: string) => void>()
  private heartbeat: NodeJS.Timeout | null = null
  /** When the leases were last renewed (ms, this process's monotonic clock). */
  private renewedAt = performance.now()
  private closed = false
  /** A renewal is under way: the next beat does not start another. */
  private renewing = false

  constructor(private readonly options: OwnershipOptions) {}

  /** This instance's id. */
  get instanceId(): string {
    return this.options.holder.instanceId
  }

  /** The documents this instance owns now. */
  owned(): string[] {
    return [...this.held.keys()].sort()
  }

  /** The fence of `documentId`'s lease, when this instance owns it. */
  fenceOf(documentId: string): LeaseFence | undefined {
    return this.held.get(documentId)?.fence
  }

  /** Calls `listener` with each document lost to another instance (or to the database's silence); returns what stops it. */
  onLost(listener: (documentId: string) => void): () => void {
    this.lostListeners.add(listener)
    return () => this.lostListeners.delete(listener)
  }

  /**
   * Claims `documentId` for `user` (what here needs it): owned, with the
   * fence its writes carry, or held by another instance. Every claim that
   * answered "owned" is matched by `release` with the same user.
   */
  async claim(documentId: string, user: string): Promise<Claim> {
    for (;;) {
      if (this.closed) throw goingAway('the server is shutting down')
      const mine = this.held.get(documentId)
      if (mine?.releasing) {
        await mine.releasing
        continue
      }
      if (mine) {
        mine.users.add(user)
        return { kind: 'owned', fence: mine.fence }
      }
      const pending = this.claiming.get(documentId)
      if (pending) {
        await pending.catch(() => null)
        continue
      }
      const claim = this.take(documentId)
      this.claiming.set(documentId, claim)
      try {
        const result = await claim
        if (result.kind === 'owned') this.held.get(documentId)!.users.add(user)
        return result
      } finally {
        this.claiming.delete(documentId)
      }
    }
  }

  /** `user` no longer needs `documentId`; the last user gives the lease up. */
  release(documentId: string, user: string): void {
    const mine = this.held.get(documentId)
    if (!mine || !mine.users.delete(user) || mine.users.size > 0 || mine.releasing) return
    const fence = mine.fence
    if (fence === undefined) {
      this.held.delete(documentId)
      return
    }
    mine.releasing = this.options.leases
      .release(documentId, fence.instanceId, fence.generation)
      .catch((error: unknown) => this.options.logger.warn('lease.release-failed', { documentId, error }))
      .finally(() => {
        if (this.held.get(documentId) === mine) this.held.delete(documentId)
      })
  }

  /** Forgets `documentId` at once: its lease was taken over (an append was fenced off). */
  lost(documentId: string): void {
    if (!this.held.delete(documentId)) return
    this.options.logger.warn('lease.lost', { documentId, instanceId: this.instanceId })
    for (const listener of this.lostListeners) listener(documentId)
  }

  /** Starts renewing the leases held. */
  start(): void {
    if (this.heartbeat || this.options.alone) return
    this.renewedAt = performance.now()
    this.heartbeat = setInterval(() => void this.renew(), Math.max(50, Math.floor(this.options.leaseMs / 3)))
    this.heartbeat.unref()
  }

  /** Stops renewing and gives up every lease still held (the instance drains; its documents are already unloaded). */
  async close(): Promise<void> {
    this.closed = true
    if (this.heartbeat) clearInterval(this.heartbeat)
    this.heartbeat = null
    await Promise.all(
      [...this.held].map(async ([documentId, mine]) => {
        if (mine.releasing) return mine.releasing
        if (mine.fence) await this.options.leases.release(documentId, mine.fence.instanceId, mine.fence.generation).catch(() => {})
        this.held.delete(documentId)
      }),
    )
  }

  private async take(documentId: string): Promise<Claim> {
    const { leases, holder, leaseMs, alone } = this.options
    if (alone) {
      this.held.set(documentId, { fence: undefined, users: new Set(), releasing: null })
      return { kind: 'owned', fence: undefined }
    }
    // Twice at most: a lease seen held may lapse or be given up between the two statements.
    for (let attempt = 0; attempt < 2; attempt++) {
      const lease = await leases.take(documentId, holder, leaseMs)
      if (lease) {
        const fence = { instanceId: lease.instanceId, generation: lease.generation }
        this.held.set(documentId, { fence, users: new Set(), releasing: null })
        this.options.logger.info('lease.taken', { documentId, generation: lease.generation })
        return { kind: 'owned', fence }
      }
      const current = await leases.holderOf(documentId)
      if (current && current.instanceId !== holder.instanceId) return { kind: 'elsewhere', lease: current }
    }
    throw new Error(`could not take or find the lease of document ${documentId}`)
  }

  private async renew(): Promise<void> {
    if (this.renewing || this.closed) return
    this.renewing = true
    const started = performance.now()
    const asked = new Map([...this.held].flatMap(([documentId, mine]) => (mine.fence && !mine.releasing ? [[documentId, mine.fence.generation] as const] : [])))
    try {
      const renewed = await this.options.leases.renew(this.instanceId, asked, this.options.leaseMs)
      this.renewedAt = started
      for (const documentId of asked.keys()) if (!renewed.has(documentId) && this.held.get(documentId)?.fence?.generation === asked.get(documentId)) this.lost(documentId)
    } catch (error) {
      this.options.logger.warn('lease.renew-failed', { instanceId: this.instanceId, error })
      // Unrenewed for a whole lease: another instance may own these documents by now.
      if (performance.now() - this.renewedAt >= this.options.leaseMs) for (const documentId of [...this.held.keys()]) this.lost(documentId)
    } finally {
      this.renewing = false
    }
  }
}

/**
 * The header an instance adds to what it relays to a document's owner (a
 * socket, a request), naming itself: the owner serves it there and then,
 * and never relays it on (a lease moved meanwhile costs a reconnect, not
 * a loop).
 */
export const relayedByHeader = 'x-counterpart-relayed-by'
