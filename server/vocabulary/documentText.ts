/**
 * The plain text of a document, part by part (title, preamble, each clause,
 * final provisions), with numbers and cross-references as the reader sees
 * them. Offsets reported by the wording check, and later by compare, are
 * offsets into these texts.
 */

import type { Node } from 'prosemirror-model'
import { bracketJoint, bracketRunOf, type BracketRun } from './bracketNotation.js'
import type { Numbering } from './numbering.js'
import { referenceOf, type PartyNamer } from './partyReference.js'

export type PartKind = 'title' | 'preamble' | 'clause' | 'final_provisions'

export interface TextPart {
  part: PartKind
  /** The clause's id, for a clause. */
  clauseId: string | null
  /** The clause's label ("Article 3"), for a clause. */
  label: string | null
  /** The clause heading, for a clause. */
  heading: string | null
  /** One line per block: "1. The Participants will …", "(a) …". */
  text: string
}

/**
 * The text of a textblock's inline content: clause references shown by
 * their labels, party references by `nameParty`, bracketed text in brackets.
 */
export function inlineText(node: Node, numbering: Numbering, nameParty: PartyNamer): string {
  let text = ''
  let open: BracketRun | null = null
  node.forEach((child) => {
    const run = bracketRunOf(child.marks.find((mark) => mark.type.name === 'bracket')?.attrs ?? null)
    text += bracketJoint(open, run)
    open = run
    if (child.isText) text += child.text
    else if (child.type.name === 'clause_ref') text += numbering.referenceLabel(child.attrs.clauseId)
    else if (child.type.name === 'party_ref') text += nameParty(referenceOf(child.attrs))
  })
  return text + bracketJoint(open, null)
}

/** Every part of `doc` as plain text: one per child of the document, in order. */
export function documentParts(doc: Node, numbering: Numbering, nameParty: PartyNamer): TextPart[] {
  const parts: TextPart[] = []
  doc.forEach((child, offset) => {
    const lines: string[] = []
    if (child.isTextblock) lines.push(inlineText(child, numbering, nameParty))
    child.descendants((node, pos) => {
      if (!node.isTextblock) return true
      // A sub-paragraph carries its own label; the text of a numbered
      // paragraph sits in its first child, one position after the label's node.
      const label = numbering.blockLabels.get(offset + 1 + pos) ?? numbering.blockLabels.get(offset + pos)
      lines.push(label ? `${label} ${inlineText(node, numbering, nameParty)}` : inlineText(node, numbering, nameParty))
      return false
    })
    const kind = child.type.name as PartKind
    if (kind === 'clause') {
      const clause = numbering.clauses.find((entry) => entry.pos === offset)
      parts.push({
        part: 'clause',
        clauseId: child.attrs.id ?? null,
        label: clause?.label ?? null,
        heading: child.firstChild?.type.name === 'clause_heading' ? inlineText(child.firstChild, numbering, nameParty) : null,
        text: lines.join('\n'),
      })
    } else {
      parts.push({ part: kind, clauseId: null, label: null, heading: null, text: lines.join('\n') })
    }
  })
  return parts
}

/** The clauses of a text, by id, in the text's order. */
export function clausesById(content: Node): Map<string, Node> {
  const clauses = new Map<string, Node>()
  content.forEach((child) => {
    if (child.type.name === 'clause' && typeof child.attrs.id === 'string') clauses.set(child.attrs.id, child)
  })
  return clauses
}
