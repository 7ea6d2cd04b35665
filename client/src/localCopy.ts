/**
 * A member's copy of a document kept in this browser (IndexedDB, through
 * y-indexeddb, the Yjs ecosystem's provider for it): every update the page
 * sees — the server's and the member's own — is written as it happens, so
 * that changes not yet sent survive a reload, a crash of the tab and a
 * restart of the browser, and the page can open with the last text it had
 * when the server cannot be reached. Beside the text it keeps the session
 * view the page was last opened with (no secret: who the member is and
 * what they may do) and the record of the unsent changes.
 *
 * One copy per document and member (`keptCopies.ts` names it); the
 * administrator, who joins no text, keeps none. The page loads a copy it
 * held into its document before it connects, so its sync step 1 names
 * everything it holds and the server asks for exactly what it lacks; a new
 * copy is made while the page connects.
 *
 * Writing is kept off the way from a keystroke to its paint: what a
 * keystroke changed is written in the task after the next frame (one
 * IndexedDB transaction for the updates of that frame, merged), or at once
 * when the page is hidden or left. A crash of the tab in the frame between
 * loses that frame's keys; nothing else waits.
 */

import { IndexeddbPersistence } from 'y-indexeddb'
import * as Y from 'yjs'
import type { SessionView } from '../../server/vocabulary/views.js'
import { deleteDatabase, localCopyName } from './keptCopies.js'
import { oncePerFrame } from './afterPaint.js'
import type { KeptUnsent } from './unsentChanges.js'

/** Keys of the values kept beside the text (y-indexeddb's `custom` store). */
const sessionKey = 'session'
const openedKey = 'openedAt'
const unsentKey = 'unsent'

export class LocalCopy {
  private readonly persistence: IndexeddbPersistence
  private removed = false
  /** Updates made since the last write, and the record of unsent changes if it changed: written after the next paint. */
  private pending: Uint8Array[] = []
  private pendingUnsent: KeptUnsent | null = null
  private readonly storeUpdates: () => void
  private readonly writeSoon = oncePerFrame(() => this.write())

  /**
   * Resolves once the kept text is in the document, with the unsent
   * changes kept by the page before; rejects when this browser cannot
   * keep a copy (IndexedDB refused, as in some private windows).
   */
  readonly loaded: Promise<KeptUnsent | null>

  /**
   * Whether this browser held the copy before the page opened it: a copy
   * it did not hold has nothing to load (and making its database on disk
   * takes a while), so the page need not wait for it. Never false for a
   * copy that was held; for a new one, true if the listing came after the
   * opening.
   */
  readonly held: Promise<boolean>

  private constructor(
    readonly name: string,
    doc: Y.Doc,
    heldNames: Promise<readonly string[]>,
  ) {
    this.held = heldNames.then((names) => names.includes(name), () => true)
    this.persistence = new IndexeddbPersistence(name, doc)
    // y-indexeddb writes each update in its own transaction as it happens: held until after the next paint instead.
    const store = this.persistence._storeUpdate
    doc.off('update', store)
    this.persistence._storeUpdate = (update: Uint8Array, origin: unknown) => {
      if (origin === this.persistence) return
      this.pending.push(update)
      this.writeSoon()
    }
    doc.on('update', this.persistence._storeUpdate)
    this.storeUpdates = () => {
      const updates = this.pending.splice(0)
      if (updates.length > 0) store(updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates), null)
    }
    const writeNow = () => this.write()
    window.addEventListener('pagehide', writeNow)
    document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && writeNow())
    const opened = this.persistence._db.then((db) => {
      // Another page deleting this copy (a refusal, a sign-out) closes it here too: from then on this page keeps nothing.
      db.onversionchange = () => {
        this.removed = true
        db.close()
        void this.persistence.destroy()
      }
      return new Promise<never>(() => {})
    })
    this.loaded = Promise.race([this.persistence.whenSynced, opened]).then(async () => parseUnsent(await this.persistence.get(unsentKey)))
  }

  /**
   * `memberId`'s copy of document `documentId`, loading into `doc`; null
   * where this browser has no IndexedDB. `heldNames` are the copies the
   * browser held, listed before this one is opened (which makes it): the
   * page lists them as soon as it starts, while it asks who it is for.
   */
  static open(documentId: string, memberId: string, doc: Y.Doc, heldNames: Promise<readonly string[]>): LocalCopy | null {
    if (typeof indexedDB === 'undefined') return null
    return new LocalCopy(localCopyName(documentId, memberId), doc, heldNames)
  }

  /** Whether `origin` (of a Yjs transaction) is this copy loading its text: not a change made in the page. */
  isOrigin(origin: unknown): boolean {
    return origin === this.persistence
  }

  /** Keeps the session view the page was opened with, for opening it when the server cannot be reached. */
  async keepSession(session: SessionView): Promise<void> {
    if (this.removed) return
    await this.persistence.set(sessionKey, JSON.stringify(session))
    await this.persistence.set(openedKey, Date.now())
  }

  /** Keeps the record of the unsent changes (written with the updates it counts). */
  keepUnsent(unsent: KeptUnsent): void {
    if (this.removed) return
    this.pendingUnsent = unsent
    this.writeSoon()
  }

  /** Writes the pending updates and record of unsent changes now. */
  private write(): void {
    if (this.removed || this.persistence._destroyed) return
    this.storeUpdates()
    const unsent = this.pendingUnsent
    this.pendingUnsent = null
    if (unsent) void this.persistence.set(unsentKey, JSON.stringify(unsent)).catch(() => {})
  }

  /** Removes the copy from this browser, with whatever it holds that was not sent. */
  async remove(): Promise<void> {
    if (this.removed) return
    this.removed = true
    await this.persistence.destroy()
    await deleteDatabase(this.name)
  }
}

/**
 * The session view kept with the most recently opened of the local copies
 * `names` (a document's, as `localCopyNames` lists them; whoever's: the
 * server, once reachable, says whose the page is), or null when none keeps
 * one.
 */
export async function keptSession(names: Promise<readonly string[]>): Promise<SessionView | null> {
  let latest: { session: SessionView; openedAt: number } | null = null
  for (const name of await names) {
    const kept = await readKept(name)
    if (kept && (latest === null || kept.openedAt > latest.openedAt)) latest = kept
  }
  return latest?.session ?? null
}

/** What database `name` keeps beside the text, read without loading the text. */
function readKept(name: string): Promise<{ session: SessionView; openedAt: number } | null> {
  return new Promise((resolve) => {
    const request = indexedDB.open(name)
    request.onerror = () => resolve(null)
    request.onupgradeneeded = () => request.transaction?.abort()
    request.onsuccess = () => {
      const db = request.result
      try {
        const custom = db.transaction('custom', 'readonly').objectStore('custom')
        const session = custom.get(sessionKey)
        const openedAt = custom.get(openedKey)
        custom.transaction.oncomplete = () => {
          db.close()
          resolve(typeof session.result === 'string' ? { session: JSON.parse(session.result) as SessionView, openedAt: Number(openedAt.result ?? 0) } : null)
        }
        custom.transaction.onerror = () => {
          db.close()
          resolve(null)
        }
      } catch {
        db.close()
        resolve(null)
      }
    }
  })
}

/** The kept record of unsent changes, or null when there is none or it does not read. */
function parseUnsent(value: unknown): KeptUnsent | null {
  if (typeof value !== 'string') return null
  try {
    const kept = JSON.parse(value) as KeptUnsent
    return Number.isInteger(kept.changes) && Array.isArray(kept.writes) && Array.isArray(kept.deletes) ? kept : null
  } catch {
    return null
  }
}
