/**
 * What changed in a negotiation outside its shared text — the discussion,
 * the translations' confirmations, the members and invitations — told to
 * the pages that show it, so that they read it again at once instead of
 * polling. A change carries its kind only, never what changed: each page
 * reads what it may see through the API, with its own access checked
 * there. Several instances: each tells the others (`share`), and delivers
 * what they tell it to its own pages (`deliver`, `endMemberHere`).
 */

import type { DocumentChange } from '../vocabulary/documentChange.js'

/** A listener of one document's changes: told each change, and `end` when its member's access to the document has ended. */
export interface ChangeListener {
  memberId: string | null
  changed(change: DocumentChange): void
  end(reason: string): void
}

/** How the other instances are told. */
export interface SharedEvents {
  changed(documentId: string, change: DocumentChange): void
  memberEnded(documentId: string, memberId: string, reason: string): void
}

export class DocumentEvents {
  private readonly listeners = new Map<string, Set<ChangeListener>>()

  constructor(private readonly share: SharedEvents | null = null) {}

  /** Tells every listener of `documentId`, on every instance, that `change` happened. */
  publish(documentId: string, change: DocumentChange): void {
    this.deliver(documentId, change)
    this.share?.changed(documentId, change)
  }

  /** Tells this instance's listeners of `documentId` that `change` happened (another instance told it). */
  deliver(documentId: string, change: DocumentChange): void {
    for (const listener of this.listeners.get(documentId) ?? []) listener.changed(change)
  }

  /** Adds `listener` to `documentId`'s; returns what removes it. */
  subscribe(documentId: string, listener: ChangeListener): () => void {
    let set = this.listeners.get(documentId)
    if (!set) this.listeners.set(documentId, (set = new Set()))
    set.add(listener)
    return () => {
      set.delete(listener)
      if (set.size === 0 && this.listeners.get(documentId) === set) this.listeners.delete(documentId)
    }
  }

  /** How many listeners `memberId` holds on `documentId` now. */
  listenersOf(documentId: string, memberId: string): number {
    let count = 0
    for (const listener of this.listeners.get(documentId) ?? []) if (listener.memberId === memberId) count++
    return count
  }

  /** Ends, with `reason`, the listeners the member `memberId` holds on `documentId`, on every instance (the membership was revoked). */
  endMember(documentId: string, memberId: string, reason: string): void {
    this.endMemberHere(documentId, memberId, reason)
    this.share?.memberEnded(documentId, memberId, reason)
  }

  /** Ends this instance's listeners of `memberId` on `documentId` (another instance told it). */
  endMemberHere(documentId: string, memberId: string, reason: string): void {
    for (const listener of [...(this.listeners.get(documentId) ?? [])]) if (listener.memberId === memberId) listener.end(reason)
  }

  /** Ends every listener (the server is shutting down). */
  endAll(reason: string): void {
    for (const set of [...this.listeners.values()]) for (const listener of [...set]) listener.end(reason)
  }
}
