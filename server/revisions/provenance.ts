/**
 * The text of a document read straight from its Yjs structure, each
 * character with the id of the Yjs item it lives in (client and clock):
 * from that id, the log knows who typed the character and, once it is gone,
 * who deleted it. Compare and attribution are built on this.
 *
 * Reads a document as it is now (visible = not deleted). To read an older
 * state, read the document `Y.createDocFromSnapshot` returns: it keeps the
 * item ids.
 */

import * as Y from 'yjs'
import { bracketJoint, bracketRunOf, type BracketRun } from '../vocabulary/bracketNotation.js'
import type { BlockKind } from '../vocabulary/views.js'

/** Client of characters the software adds (separators, reference labels): no author. */
export const generated = -1

/** A block of text; `clients[i]`/`clocks[i]` identify the item of `text[i]` (UTF-16 units). */
export interface TextBlock {
  kind: BlockKind
  text: string
  clients: number[]
  clocks: number[]
  /** A sub-paragraph of a numbered paragraph (lettered within it), not one standing in the clause itself. */
  inNumbered?: true
}

export interface ClauseText {
  id: string | null
  templateId: string | null
  status: string
  /** The heading first, then the body blocks in order. */
  blocks: TextBlock[]
}

export interface DocumentText {
  title: TextBlock[]
  preamble: TextBlock[]
  clauses: ClauseText[]
  finalProvisions: TextBlock[]
}

const blockKinds: Record<string, BlockKind> = {
  title: 'title',
  recital: 'recital',
  closing_formula: 'closing_formula',
  clause_heading: 'heading',
  paragraph: 'paragraph',
  sub_paragraph: 'sub',
}

/**
 * Reads fragment `fragment` of `doc` (the working text by default).
 * References are shown with `labelOf(clauseId)`, given the clause order
 * just read.
 */
export function readDocumentText(doc: Y.Doc, labelOf: (clauseId: string | null, order: (string | null)[]) => string, fragment = 'prosemirror'): DocumentText {
  const result: DocumentText = { title: [], preamble: [], clauses: [], finalProvisions: [] }
  const elements = doc.getXmlFragment(fragment).toArray().filter((node): node is Y.XmlElement => node instanceof Y.XmlElement)
  const order = elements.filter((element) => element.nodeName === 'clause').map((element) => stringAttribute(element, 'id'))
  // Once per clause referred to, however many references there are.
  const labels = new Map<string | null, string>()
  const label = (clauseId: string | null) => {
    let text = labels.get(clauseId)
    if (text === undefined) labels.set(clauseId, (text = labelOf(clauseId, order)))
    return text
  }
  for (const element of elements) {
    switch (element.nodeName) {
      case 'title':
        result.title = blocksOf(element, label)
        break
      case 'preamble':
        result.preamble = blocksOf(element, label)
        break
      case 'final_provisions':
        result.finalProvisions = blocksOf(element, label)
        break
      case 'clause':
        result.clauses.push({
          id: stringAttribute(element, 'id'),
          templateId: stringAttribute(element, 'templateId'),
          status: stringAttribute(element, 'status') ?? 'draft',
          blocks: blocksOf(element, label),
        })
        break
    }
  }
  return result
}

/** How deep `blocksOf` looks: the schema nests text blocks three deep; anything deeper is not a document's text. */
const maxDepth = 16

/** The text blocks inside `element` (itself one, or its descendants down to `maxDepth`), in order. */
function blocksOf(element: Y.XmlElement, label: (clauseId: string | null) => string, depth = 0): TextBlock[] {
  if (depth > maxDepth) return []
  if (element.nodeName === 'numbered_paragraph') {
    const blocks = childElements(element).flatMap((child) => blocksOf(child, label, depth + 1))
    if (blocks[0]?.kind === 'paragraph') blocks[0].kind = 'numbered'
    // Its sub-paragraphs are lettered within it, apart from the clause's own.
    for (const block of blocks) if (block.kind === 'sub') block.inNumbered = true
    return blocks
  }
  const kind = blockKinds[element.nodeName]
  if (kind === undefined) return childElements(element).flatMap((child) => blocksOf(child, label, depth + 1))
  const pieces: Piece[] = []
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlText) appendItems(pieces, child)
    else if (child instanceof Y.XmlElement && child.nodeName === 'clause_ref') {
      pieces.push({ text: label(stringAttribute(child, 'clauseId')), client: generated, clock: 0 })
    }
  }
  return [blockOf(kind, pieces)]
}

/** A run of characters from one Yjs item (clocks from `clock` on), or generated (client `generated`). */
interface Piece {
  text: string
  client: number
  clock: number
}

/** Appends the pieces of `text`, writing brackets around bracketed runs (see `bracketNotation.ts`). */
function appendItems(pieces: Piece[], text: Y.XmlText): void {
  let open: BracketRun | null = null
  let current: BracketRun | null = null
  const joint = (after: BracketRun | null) => {
    const brackets = bracketJoint(open, after)
    if (brackets !== '') pieces.push({ text: brackets, client: generated, clock: 0 })
  }
  for (let item = text._start; item !== null; item = item.right) {
    if (item.deleted) continue
    if (item.content instanceof Y.ContentFormat && item.content.key === 'bracket') current = bracketRunOf(item.content.value)
    if (!(item.content instanceof Y.ContentString)) continue
    joint(current)
    open = current
    pieces.push({ text: item.content.str, client: item.id.client, clock: item.id.clock })
  }
  joint(null)
}

/** The block of `pieces`, its arrays filled in one pass (per-character pushes are slow on long texts). */
function blockOf(kind: BlockKind, pieces: readonly Piece[]): TextBlock {
  let length = 0
  for (const piece of pieces) length += piece.text.length
  const clients = new Array<number>(length)
  const clocks = new Array<number>(length)
  let at = 0
  for (const { text, client, clock } of pieces) {
    for (let i = 0; i < text.length; i++, at++) {
      clients[at] = client
      clocks[at] = client === generated ? 0 : clock + i
    }
  }
  return { kind, text: pieces.map((piece) => piece.text).join(''), clients, clocks }
}

const childElements = (element: Y.XmlElement) => element.toArray().filter((child): child is Y.XmlElement => child instanceof Y.XmlElement)

function stringAttribute(element: Y.XmlElement, name: string): string | null {
  const value = element.getAttribute(name) as unknown
  return typeof value === 'string' ? value : null
}
