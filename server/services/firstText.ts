/**
 * The text a member's page shows before its script has run: the working
 * text of the document as it stands, drawn as the editor draws it
 * (`vocabulary/documentHtml.ts`), for the page the server sends
 * (`http/clientApp.ts`). The editor replaces it once it holds the text.
 *
 * Drawn once per state of the document: the drawing is kept beside the
 * live document until its next transaction, so a burst of page loads costs
 * one copy of the state, however large the document.
 */

import * as Y from 'yjs'
import type { Principal } from '../access/principal.js'
import type { DocumentCatalog } from './documentCatalog.js'
import type { DocumentEditor } from './documentEditor.js'
import { readContent } from '../mou/contentCodec.js'
import { documentHtml } from '../vocabulary/documentHtml.js'
import { partyNamer } from '../vocabulary/partyReference.js'
import type { DocumentRecord } from '../vocabulary/document.js'

/** A document's working text as the page first shows it. */
export interface FirstTextView {
  /** The working language (a BCP 47 tag). */
  lang: string
  style: DocumentRecord['style']
  /** The editor root's inner HTML, escaped. */
  html: string
}

/** A drawing of a live document: null once the document has changed; `key` what else it was drawn from (the record's style, language and parties). */
interface Drawing {
  key: string
  text: FirstTextView | null
}

export class FirstText {
  private readonly drawings = new WeakMap<Y.Doc, Drawing>()

  constructor(
    private readonly catalog: Pick<DocumentCatalog, 'get'>,
    private readonly editor: Pick<DocumentEditor, 'read'>,
  ) {}

  /** The working text of `documentId` for `principal`, who must be able to read it (else the catalog's error). */
  async of(principal: Principal, documentId: string): Promise<FirstTextView> {
    const record = await this.catalog.get(principal, documentId)
    return this.editor.read(documentId, (doc) => this.drawn(doc, record))
  }

  private drawn(doc: Y.Doc, record: DocumentRecord): FirstTextView {
    const key = JSON.stringify([record.style, record.languages.working, record.parties])
    let drawing = this.drawings.get(doc)
    if (!drawing) {
      const fresh: Drawing = { key, text: null }
      doc.on('afterTransaction', () => (fresh.text = null))
      this.drawings.set(doc, fresh)
      drawing = fresh
    }
    if (drawing.text === null || drawing.key !== key) {
      drawing.key = key
      const content = readContent(doc)
      const lang = record.languages.working
      drawing.text = {
        lang,
        style: record.style,
        html: documentHtml(content, { style: record.style, lang, nameParty: partyNamer(record.parties, lang) }),
      }
    }
    return drawing.text
  }
}
