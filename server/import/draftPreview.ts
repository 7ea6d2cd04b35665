/**
 * A written text as the preview shows it: its text blocks in order, each
 * with the number the text will show beside it ("Article 3", "2.", "(b)")
 * in the text's language, its words with brackets in their notation
 * ("[shall] / [will]"), references by the number of the clause they name,
 * parties by their names, and the file's paragraphs it was made of.
 */

import type { DocumentRecord } from '../vocabulary/document.js'
import { inlineText } from '../vocabulary/documentText.js'
import type { PreviewBlock, PreviewText } from '../vocabulary/draftImport.js'
import { numberDocument } from '../vocabulary/numbering.js'
import { partyNamer } from '../vocabulary/partyReference.js'
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
    blocks.push({ kind: block?.kind ?? 'paragraph', label, text: inlineText(node, numbering, nameParty), sources: block?.sources ?? [] })
    return false
  })
  return { lang, target, blocks, doc: content.toJSON() as Record<string, unknown> }
}
