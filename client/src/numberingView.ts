/**
 * The numbers the editor shows, the labels the server reads
 * (`server/vocabulary/textLabels.ts`): node decorations carrying `data-label` on each clause,
 * numbered paragraph, sub-paragraph and cross-reference — and the names a
 * party reference reads in the text's language; the stylesheet
 * prints them (`::before`/`::after` with `attr(data-label)`), so labels are
 * never part of the editable text.
 */

import type { Node } from 'prosemirror-model'
import { Decoration, DecorationSet } from 'prosemirror-view'
import type { InstrumentStyle } from '../../server/vocabulary/document.js'
import type { PartyNamer } from '../../server/vocabulary/partyReference.js'
import { labelsOf } from '../../server/vocabulary/textLabels.js'

/** The decorations that show the labels in `lang`. */
export function numberingDecorations(doc: Node, style: InstrumentStyle, lang: string, nameParty: PartyNamer): DecorationSet {
  const decorations = labelsOf(doc, style, lang, nameParty).map((entry) => {
    const node = doc.nodeAt(entry.pos)!
    return Decoration.node(entry.pos, entry.pos + node.nodeSize, { 'data-label': entry.label })
  })
  return DecorationSet.create(doc, decorations)
}
