/**
 * The numbers the editor shows, from the one numbering function the
 * server uses: node decorations carrying `data-label` on each clause,
 * numbered paragraph, sub-paragraph and cross-reference; the stylesheet
 * prints them (`::before`/`::after` with `attr(data-label)`), so labels are
 * never part of the editable text.
 */

import type { Node } from 'prosemirror-model'
import { Decoration, DecorationSet } from 'prosemirror-view'
import { missingReferenceLabel, numberDocument } from '../../server/vocabulary/numbering.js'
import type { InstrumentStyle } from '../../server/vocabulary/document.js'

export interface LabelEntry {
  /** Position of the labelled node. */
  pos: number
  label: string
  kind: 'clause' | 'paragraph' | 'reference'
}

/** Every label of `doc`, in document order. */
export function labelsOf(doc: Node, style: InstrumentStyle): LabelEntry[] {
  const numbering = numberDocument(doc, style)
  const entries: LabelEntry[] = []
  for (const clause of numbering.clauses) entries.push({ pos: clause.pos, label: clause.label, kind: 'clause' })
  for (const [pos, label] of numbering.blockLabels) entries.push({ pos, label, kind: 'paragraph' })
  doc.descendants((node, pos) => {
    if (node.type.name === 'clause_ref') {
      entries.push({ pos, label: numbering.clauseLabel(node.attrs.clauseId) ?? missingReferenceLabel, kind: 'reference' })
    }
    return node.isBlock
  })
  return entries.sort((a, b) => a.pos - b.pos)
}

/** The decorations that show the labels. */
export function numberingDecorations(doc: Node, style: InstrumentStyle): DecorationSet {
  const decorations = labelsOf(doc, style).map((entry) => {
    const node = doc.nodeAt(entry.pos)!
    return Decoration.node(entry.pos, entry.pos + node.nodeSize, { 'data-label': entry.label })
  })
  return DecorationSet.create(doc, decorations)
}
