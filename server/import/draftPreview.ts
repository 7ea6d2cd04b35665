/**
 * A written text as the preview shows it: its text blocks in order, each
 * with the number the text will show beside it ("Article 3", "2.", "(b)")
 * in the text's language, its words with brackets in their notation
 * ("[shall] / [will]"), references by the number of the clause they name,
 * parties by their names, and the file's paragraphs it was made of.
 */

import type { Node } from 'prosemirror-model'
import { bracketJoint, bracketRunOf, type BracketRun } from '../vocabulary/bracketNotation.js'
import type { DocumentRecord } from '../vocabulary/document.js'
import type { PreviewBlock, PreviewText } from '../vocabulary/draftImport.js'
import { numberDocument, type Numbering } from '../vocabulary/numbering.js'
import { partyNamer, referenceOf, type PartyNamer } from '../vocabulary/partyReference.js'
import type { WrittenText } from './draftContent.js'

/** `written` as the preview shows it, going to `target`, numbered in `document`'s style. */
export function previewOf(written: WrittenText, target: PreviewText['target'], document: Pick<DocumentRecord, 'style' | 'parties'>): PreviewText {
  const { content, lang } = written
  const numbering = numberDocument(content, document.style, lang)
  const clauseLabels = new Map(numbering.clauses.map((clause) => [clause.pos, clause.label]))
  const nameParty = partyNamer(document.parties, lang)
  const blocks: PreviewBlock[] = []
  content.descendants((node, pos, parent) => {
    if (!node.isTextblock) return true
    const block = written.blocks[blocks.length]
    let label: string | null = null
    if (node.type.name === 'clause_heading') label = clauseLabels.get(pos - 1) ?? null
    else if (node.type.name === 'sub_paragraph') label = numbering.blockLabels.get(pos) ?? null
    else if (parent?.type.name === 'numbered_paragraph') label = numbering.blockLabels.get(pos - 1) ?? null
    blocks.push({ kind: block?.kind ?? 'paragraph', label, text: notation(node, numbering, nameParty), sources: block?.sources ?? [] })
    return false
  })
  return { lang, target, blocks, doc: content.toJSON() as Record<string, unknown> }
}

/** A text block's words as they read: brackets in their notation, references by number, parties by name. */
function notation(block: Node, numbering: Numbering, nameParty: PartyNamer): string {
  let text = ''
  let previous: BracketRun | null = null
  block.forEach((child) => {
    const bracket = child.marks.find((mark) => mark.type.name === 'bracket')
    const run = bracket ? bracketRunOf(bracket.attrs) : null
    text += bracketJoint(previous, run)
    previous = run
    if (child.isText) text += child.text
    else if (child.type.name === 'clause_ref') text += numbering.referenceLabel(child.attrs.clauseId)
    else if (child.type.name === 'party_ref') text += nameParty(referenceOf(child.attrs))
  })
  return text + bracketJoint(previous, null)
}
