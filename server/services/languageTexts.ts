/**
 * The texts of a document in its other languages follow the working text's
 * structure. The server's own changes align them in the same change
 * (`DocumentEditor.change`); a client's change to the working text's
 * structure (a clause inserted, moved or deleted, a paragraph added or
 * removed) is followed, right after its commit, by a server change that
 * brings every language text into line: an inserted clause appears
 * untranslated, with the same id — credited to the member whose change
 * it follows, so that a redline of a language text shows a clause removed
 * by whoever removed it. One alignment at a time per document; a change
 * that lands meanwhile is looked at after. The texts are compared only
 * after a change that added, removed or moved an element (words typed and
 * statuses set move nothing apart): a keystroke costs no walk of the texts.
 */

import type { LiveDocument } from '../engine/liveDocument.js'
import type { Logger } from '../logger.js'
import { alignTranslation, translationAligned } from '../mou/alignedTexts.js'
import type { DocumentEditor } from './documentEditor.js'

export class LanguageTexts {
  private readonly aligning = new Map<string, Promise<void>>()
  /** Documents changed while an alignment ran, with who changed them last. */
  private readonly again = new Map<string, string | null>()

  constructor(
    private readonly editor: DocumentEditor,
    private readonly logger: Logger,
  ) {}

  /** After each committed change, by `changedBy` (null: the server): aligns the language texts of `document` if its working text's structure moved, as `changedBy`. */
  consider(document: LiveDocument, changedBy: string | null): void {
    const [working, ...translations] = document.contentRoots
    if (translations.length === 0) return
    if (this.aligning.has(document.id)) {
      this.again.set(document.id, changedBy)
      return
    }
    // Typing and statuses move nothing apart: the texts are compared only after a change that added, removed or moved an element.
    if (!document.takeMovedElements()) return
    if (translations.every((translation) => translationAligned(document.doc, working!, translation))) return
    const run = this.editor
      .change(document.id, changedBy, (doc) => {
        for (const translation of translations) alignTranslation(doc, working!, translation)
      })
      .catch((error: unknown) => this.logger.warn('languages.align-failed', { documentId: document.id, error: (error as Error).message }))
      .finally(() => {
        this.aligning.delete(document.id)
        if (this.again.has(document.id)) {
          const next = this.again.get(document.id)!
          this.again.delete(document.id)
          this.consider(document, next)
        }
      })
    this.aligning.set(document.id, run)
  }

  /** Resolves when no alignment is running (shutdown waits for them). */
  async idle(): Promise<void> {
    while (this.aligning.size > 0) await Promise.allSettled([...this.aligning.values()])
  }
}
