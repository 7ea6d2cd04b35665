/**
 * The numbers the editor shows, from the one numbering function the
 * server uses: node decorations carrying `data-label` on each clause,
 * numbered paragraph, sub-paragraph and cross-reference — and the names a
 * party reference reads in the text's language; the stylesheet
 * prints them (`::before`/`::after` with `attr(data-label)`), so labels are
 * never part of the editable text.
 */

import type { Node } from 'prosemirror-model'
import { Decoration, DecorationSet } from 'prosemirror-view'
import { numberDocument } from '../../server/vocabulary/numbering.js'
import type { InstrumentStyle } from '../../server/vocabulary/document.js'
import { referenceOf, type PartyNamer } from '../../server/vocabulary/partyReference.js'

export interface LabelEntry {
  /** Position of the labelled node. */
  pos: number
  label: string
  kind: 'clause' | 'paragraph' | 'reference'
}

/** Every label of `doc`, in document order, in `lang` (a BCP 47 tag), party references named by `nameParty`. */
export function labelsOf(doc: Node, style: InstrumentStyle, lang: string, nameParty: PartyNamer): LabelEntry[] {
  const numbering = numberDocument(doc, style, lang)
  const entries: LabelEntry[] = []
  for (const clause of numbering.clauses) entries.push({ pos: clause.pos, label: clause.label, kind: 'clause' })
  for (const [pos, label] of numbering.blockLabels) entries.push({ pos, label, kind: 'paragraph' })
  doc.descendants((node, pos) => {
    if (node.type.name === 'clause_ref') {
      entries.push({ pos, label: numbering.referenceLabel(node.attrs.clauseId), kind: 'reference' })
    } else if (node.type.name === 'party_ref') {
      entries.push({ pos, label: nameParty(referenceOf(node.attrs)), kind: 'reference' })
    }
    return node.isBlock
  })
  return entries.sort((a, b) => a.pos - b.pos)
}

/** The decorations that show the labels in `lang`. */
export function numberingDecorations(doc: Node, style: InstrumentStyle, lang: string, nameParty: PartyNamer): DecorationSet {
  const decorations = labelsOf(doc, style, lang, nameParty).map((entry) => {
    const node = doc.nodeAt(entry.pos)!
    return Decoration.node(entry.pos, entry.pos + node.nodeSize, { 'data-label': entry.label })
  })
  return DecorationSet.create(doc, decorations)
}
