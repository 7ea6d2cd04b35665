/**
 * Server code reading and changing live documents: holds the document in
 * the registry (loading it if nobody is connected) for the duration of the
 * work, so reads see every committed change and changes reach every client.
 */

import type * as Y from 'yjs'
import type { DocumentRegistry } from '../engine/documentRegistry.js'
import type { LiveDocument } from '../engine/liveDocument.js'

export class DocumentEditor {
  constructor(private readonly registry: DocumentRegistry) {}

  /** Runs `work` with the live document held. */
  async hold<T>(documentId: string, work: (document: LiveDocument) => Promise<T> | T): Promise<T> {
    const holder = {}
    try {
      return await work(await this.registry.acquire(documentId, holder))
    } finally {
      this.registry.release(documentId, holder)
    }
  }

  /** Runs `read` on the live document; `read` must not modify it. */
  read<T>(documentId: string, read: (doc: Y.Doc) => T): Promise<T> {
    return this.hold(documentId, (document) => read(document.doc))
  }

  /**
   * Changes the live document on behalf of `memberId` (null: the server
   * itself); see `LiveDocument.change`. Resolves once the change is stored
   * and sent to every connected client.
   */
  change<T>(documentId: string, memberId: string | null, mutate: (doc: Y.Doc) => T, options: { locks?: readonly string[] } = {}): Promise<T> {
    return this.hold(documentId, (document) => document.change(memberId, mutate, options))
  }
}
