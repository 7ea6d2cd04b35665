/**
 * Server code reading and changing live documents: holds the document in
 * the registry (loading it if nobody is connected) for the duration of the
 * work, so reads see every committed change and changes reach every client.
 */

import type * as Y from 'yjs'
import type { DocumentRegistry } from './documentRegistry.js'

export class DocumentEditor {
  constructor(private readonly registry: DocumentRegistry) {}

  /** Runs `read` on the live document; `read` must not modify it. */
  async read<T>(documentId: string, read: (doc: Y.Doc) => T): Promise<T> {
    const holder = {}
    try {
      const document = await this.registry.acquire(documentId, holder)
      return read(document.doc)
    } finally {
      this.registry.release(documentId, holder)
    }
  }

  /**
   * Changes the live document on behalf of `memberId` (null: the server
   * itself); see `LiveDocument.change`. Resolves once the change is stored
   * and sent to every connected client.
   */
  async change<T>(documentId: string, memberId: string | null, mutate: (doc: Y.Doc) => T): Promise<T> {
    const holder = {}
    try {
      const document = await this.registry.acquire(documentId, holder)
      return await document.change(memberId, mutate)
    } finally {
      this.registry.release(documentId, holder)
    }
  }
}
