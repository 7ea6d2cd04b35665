/**
 * Server code reading and changing live documents: holds the document in
 * the registry (loading it if nobody is connected) for the duration of the
 * work, so reads see every committed change and changes reach every client.
 */

import type * as Y from 'yjs'
import type { DocumentRegistry } from '../engine/documentRegistry.js'
import type { LiveDocument } from '../engine/liveDocument.js'
import { alignTranslation, touchedParts } from '../mou/alignedTexts.js'
import { reshapedParents } from '../engine/appliedChange.js'

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
   * itself); see `LiveDocument.change`. In a document with other
   * languages, a change that added, removed or moved an element brings every
   * language text into the working text's structure in the same change.
   * Resolves once the change is stored and sent to every
   * connected client.
   */
  change<T>(documentId: string, memberId: string | null, mutate: (doc: Y.Doc) => T, options: { locks?: readonly string[] } = {}): Promise<T> {
    return this.hold(documentId, (document) => changeInLine(document, memberId, mutate, options))
  }
}

/** `document.change`, with every language text brought into the working text's structure in the same change when the change moved an element. */
export function changeInLine<T>(document: LiveDocument, memberId: string | null, mutate: (doc: Y.Doc) => T, options: { locks?: readonly string[] } = {}): Promise<T> {
  const [working, ...translations] = document.contentRoots
  if (translations.length === 0) return document.change(memberId, mutate, options)
  // Only a change that added, removed or moved an element can have moved the texts apart (a status, a word: not).
  const aligned = (doc: Y.Doc) =>
    doc.transact((transaction) => {
      const result = mutate(doc)
      const reshaped = reshapedParents(transaction, document.contentRoots)
      if (reshaped.length === 0) return result
      // Inside the parts the change touched alone (the texts' top level whole, and cheaply, always).
      const within = touchedParts(transaction, reshaped, document.contentRoots)
      for (const translation of translations) alignTranslation(doc, working!, translation, within)
      return result
    })
  return document.change(memberId, aligned, options)
}
