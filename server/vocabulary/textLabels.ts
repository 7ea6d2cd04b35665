/**
 * The labels a text shows beside its words and never holds in them: each
 * clause's number, each numbered paragraph's and sub-paragraph's, the
 * current number a cross-reference reads, and the name a party reference
 * reads in the text's language — from the one numbering function
 * (`numbering.ts`). The editor shows them as decorations
 * (`client/src/numberingView.ts`); the page's first text carries them as
 * `data-label` attributes (`documentHtml.ts`).
 */

import type { Node } from 'prosemirror-model'
import { numberDocument } from './numbering.js'
import type { InstrumentStyle } from './document.js'
import { referenceOf, type PartyNamer } from './partyReference.js'

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
