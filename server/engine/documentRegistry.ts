/**
 * The registry of live documents. It loads each document once, however many
 * connections ask for it at the same moment, counts who holds it, and
 * unloads it a while after the last holder lets go — but never while an
 * update of it is still on its way to the log, and never so that a
 * newcomer could load a copy that misses such an update.
 */

import { goingAway, type CounterpartError } from '../vocabulary/errors.js'
import type { Logger } from '../logger.js'
import type { AuthorshipStore } from '../storage/authorshipStore.js'
import type { DocumentStore } from '../storage/documentStore.js'
import type { StoredDocument, UpdateLog } from '../storage/updateLog.js'
import type { Compactor } from './compactor.js'
import type { GroupCommit } from './groupCommit.js'
import { LiveDocument } from './liveDocument.js'
import type { UpdateGate } from './updateGate.js'
import type { DocumentOwnership } from './documentOwnership.js'
import { leaseLost } from '../vocabulary/documentLease.js'
import type { MemberRecord } from '../vocabulary/member.js'

export interface RegistryServices {
  updateLog: Pick<UpdateLog, 'load'>
  documents: Pick<DocumentStore, 'get'>
  authorship: Pick<AuthorshipStore, 'clientOwners'>
  groupCommit: GroupCommit
  gate: UpdateGate
  compactor: Compactor
  /** What the services do as a document changes: told after each commit, and awaited before a changed document unloads (automatic checkpoints). */
  watcher: DocumentWatcher
  /** Told of every refused update (the audit trail records them). */
  onRefused: (documentId: string, member: MemberRecord, refusal: CounterpartError) => void
  logger: Logger
  /** How long a document with no holders stays loaded. */
  unloadDelayMs: number
  /** Which documents this instance owns: a document loads only under its lease, and unloads at once when it is lost. */
  ownership: Pick<DocumentOwnership, 'claim' | 'release' | 'lost' | 'onLost'>
}

/** Handed in at wiring time: the engine calls back into the services only through it. */
export interface DocumentWatcher {
  /** A commit of `document` has landed: a change by `changedBy` (a member id; null: the server itself). */
  consider(document: LiveDocument, changedBy: string | null): void
  /** `document`, changed since it loaded, is about to unload. */
  beforeUnload(document: LiveDocument): Promise<void>
}

/** Anyone holding a document: a connection, or server code changing it. */
export type Holder = object

/** What the registry claims documents as (the draft rooms claim them too). */
const ownershipUser = 'registry'

/** How long after loading a document a compaction it needs may start. */
const compactAfterLoadMs = 2_000

/**
 * A holder that can use the document's stored state as soon as it has been
 * read, before the live document is built from it (a connection answering
 * a new client at once). It returns a promise when it has sent something
 * the document's building should not hold up: resolved once it has left.
 */
export interface StoredStateReader {
  storedStateRead(stored: StoredDocument): Promise<void> | null
}

/** Longest the building of a document waits for answers sent from its stored state to leave. */
const storedAnswerWaitMs = 250

const readsStoredState = (holder: Holder): holder is StoredStateReader => 'storedStateRead' in holder

interface Entry {
  readonly document: Promise<LiveDocument>
  readonly holders: Set<Holder>
  unloadTimer: NodeJS.Timeout | null
  /** Set while the document is being unloaded; later acquirers wait for it. */
  unloading: Promise<void> | null
}

export class DocumentRegistry {
  private readonly entries = new Map<string, Entry>()
  private closed = false
  /** Loads performed since start, for tests and metrics. */
  loads = 0

  constructor(private readonly services: RegistryServices) {
    services.ownership.onLost((documentId) => void this.abandon(documentId))
  }

  /** How many documents are in memory (loaded or loading). */
  get size(): number {
    return this.entries.size
  }

  /**
   * Holds `documentId` for `holder`, loading it if needed. Every call must
   * be matched by `release` with the same holder, whether it resolved or
   * not. Rejects when the document cannot be loaded or the registry is
   * closing.
   */
  async acquire(documentId: string, holder: Holder): Promise<LiveDocument> {
    for (;;) {
      if (this.closed) throw goingAway('the server is shutting down')
      const entry = this.entries.get(documentId)
      if (entry?.unloading) {
        await entry.unloading
        continue
      }
      const current = entry ?? this.startLoading(documentId)
      current.holders.add(holder)
      if (current.unloadTimer) {
        clearTimeout(current.unloadTimer)
        current.unloadTimer = null
      }
      return current.document
    }
  }

  /** Lets go of a document; the last release schedules the unload. */
  release(documentId: string, holder: Holder): void {
    const entry = this.entries.get(documentId)
    if (!entry || !entry.holders.delete(holder) || entry.holders.size > 0 || entry.unloading || this.closed) return
    entry.unloadTimer = setTimeout(() => {
      entry.unloadTimer = null
      if (entry.holders.size === 0) entry.unloading = this.unload(documentId, entry)
    }, this.services.unloadDelayMs)
    entry.unloadTimer.unref()
  }

  /** The live document if it is loaded, without holding it. */
  async peek(documentId: string): Promise<LiveDocument | null> {
    const entry = this.entries.get(documentId)
    return entry ? entry.document.catch(() => null) : null
  }

  /**
   * Shuts the registry: refuses new holders, lets every accepted update
   * reach the log and the other clients, then closes every connection
   * with `reason` and frees every document.
   */
  async close(reason: CounterpartError): Promise<void> {
    this.closed = true
    const entries = [...this.entries]
    await Promise.all(
      entries.map(async ([documentId, entry]) => {
        if (entry.unloadTimer) clearTimeout(entry.unloadTimer)
        if (entry.unloading) return entry.unloading
        const document = await entry.document.catch(() => null)
        if (document) {
          await document.settle()
          document.closeAll(reason)
          await this.services.watcher.beforeUnload(document)
          document.destroy()
        }
        this.entries.delete(documentId)
        this.services.ownership.release(documentId, ownershipUser)
      }),
    )
  }

  private startLoading(documentId: string): Entry {
    const holders = new Set<Holder>()
    const entry: Entry = { document: this.load(documentId, holders), holders, unloadTimer: null, unloading: null }
    this.entries.set(documentId, entry)
    // A failed load leaves nothing behind: the next acquire tries again.
    entry.document.catch(() => {
      if (this.entries.get(documentId) === entry) this.entries.delete(documentId)
    })
    return entry
  }

  /** Loads `documentId`, showing its stored state to those of `holders` that read it before the document is built. */
  private async load(documentId: string, holders: ReadonlySet<Holder>): Promise<LiveDocument> {
    const { logger, documents, updateLog, compactor, ownership } = this.services
    const started = performance.now()
    const claim = await ownership.claim(documentId, ownershipUser)
    if (claim.kind === 'elsewhere') throw ownedElsewhere(documentId)
    try {
      // Three reads at once: the first client after a restart waits for the slowest, not for their sum.
      const [record, stored, owners] = await Promise.all([documents.get(documentId), updateLog.load(documentId), this.services.authorship.clientOwners(documentId)])
      if (!record) throw new Error(`document ${documentId} does not exist`)
      const read = performance.now()
      await this.showStoredState(documentId, stored, holders)
      const document = new LiveDocument(documentId, record.parties, record.languages.others, { ...stored, owners }, {
        gate: this.services.gate,
        groupCommit: this.services.groupCommit,
        logger,
        onRefused: (refusedIn, member, refusal) => this.services.onRefused(refusedIn.id, member, refusal),
        onTailGrowth: (grown, changedBy) => {
          compactor.consider(grown)
          this.services.watcher.consider(grown, changedBy)
        },
        fence: claim.fence,
        onLeaseLost: (lost) => ownership.lost(lost.id),
      })
      this.loads++
      logger.info('document.loaded', {
        documentId,
        updates: stored.updates.length,
        snapshotBytes: stored.snapshot?.length ?? 0,
        ms: Math.round(performance.now() - started),
        readMs: Math.round(read - started),
      })
      // Not at once: folding a long history is synchronous work that would
      // delay the sync the loading client is waiting for.
      setTimeout(() => {
        if (!this.closed) compactor.consider(document)
      }, compactAfterLoadMs).unref()
      return document
    } catch (error) {
      logger.error('document.load-failed', { documentId, error })
      ownership.release(documentId, ownershipUser)
      throw error
    }
  }

  /**
   * Drops `documentId` at once, without storing anything more of it or
   * recording a checkpoint: another instance has taken it over. Its
   * connections are closed so that they reconnect to the new owner; what
   * they had sent and not seen stored they send again there.
   */
  private async abandon(documentId: string): Promise<void> {
    const entry = this.entries.get(documentId)
    if (!entry) return
    this.entries.delete(documentId)
    if (entry.unloadTimer) clearTimeout(entry.unloadTimer)
    const document = await entry.document.catch(() => null)
    if (!document) return
    document.closeAll(leaseLost(documentId))
    await document.settle()
    document.destroy()
    this.services.logger.info('document.abandoned', { documentId })
  }

  /**
   * Shows `stored` to the holders that read it, and waits (a little) for
   * what they sent to leave: building the document is synchronous work
   * that would otherwise keep it in the server's buffers.
   */
  private async showStoredState(documentId: string, stored: StoredDocument, holders: ReadonlySet<Holder>): Promise<void> {
    const sent: Promise<void>[] = []
    for (const holder of holders) {
      if (!readsStoredState(holder)) continue
      try {
        const leaving = holder.storedStateRead(stored)
        if (leaving) sent.push(leaving)
      } catch (error) {
        this.services.logger.error('document.stored-state-read-failed', { documentId, error })
      }
    }
    if (sent.length === 0) return
    let timer: NodeJS.Timeout | undefined
    await Promise.race([Promise.all(sent), new Promise((resolve) => (timer = setTimeout(resolve, storedAnswerWaitMs)))])
    clearTimeout(timer)
  }

  private async unload(documentId: string, entry: Entry): Promise<void> {
    try {
      const document = await entry.document
      // Updates still on their way to the log must land before a newcomer
      // may load a fresh copy from it.
      await document.settle()
      await this.services.watcher.beforeUnload(document)
      document.destroy()
      this.services.logger.debug('document.unloaded', { documentId })
    } finally {
      if (this.entries.get(documentId) === entry) {
        this.entries.delete(documentId)
        this.services.ownership.release(documentId, ownershipUser)
      }
    }
  }
}

/** Refused to a client of an instance that found the document owned by another meanwhile: it reconnects, and is relayed. */
function ownedElsewhere(documentId: string): CounterpartError {
  return goingAway(`document ${documentId} is served by another server instance; reconnect`)
}
