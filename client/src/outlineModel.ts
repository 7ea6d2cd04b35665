/**
 * The outline of the clauses (number, heading, status), and moving a
 * clause: the node is taken out and put back elsewhere with the same
 * attributes, so its id survives the move.
 */

import type { Node } from 'prosemirror-model'
import type { EditorState, Transaction } from 'prosemirror-state'
import { numberDocument } from '../../server/mou/numbering.js'
import type { InstrumentStyle } from '../../server/storage/documentStore.js'

export interface OutlineEntry {
  id: string | null
  label: string
  heading: string
  status: string
  /** Position of the clause node. */
  pos: number
}

export function outlineOf(doc: Node, style: InstrumentStyle): OutlineEntry[] {
  return numberDocument(doc, style).clauses.map((clause) => {
    const node = doc.nodeAt(clause.pos)!
    const heading = node.firstChild?.type.name === 'clause_heading' ? node.firstChild.textContent : ''
    return { id: clause.id, label: clause.label, heading, status: node.attrs.status ?? 'draft', pos: clause.pos }
  })
}

/**
 * A transaction moving the clause at outline index `from` so that it
 * becomes outline index `to`; null when the move changes nothing or the
 * indexes are out of range.
 */
export function moveClause(state: EditorState, style: InstrumentStyle, from: number, to: number): Transaction | null {
  const outline = outlineOf(state.doc, style)
  if (from === to || from < 0 || to < 0 || from >= outline.length || to >= outline.length) return null
  const moving = outline[from]!
  const node = state.doc.nodeAt(moving.pos)!
  const tr = state.tr.delete(moving.pos, moving.pos + node.nodeSize)
  // Positions after the deletion: the target clause's start (moving up) or end (moving down).
  const target = outline[to]!
  const targetNode = state.doc.nodeAt(target.pos)!
  const insertAt = to < from ? tr.mapping.map(target.pos) : tr.mapping.map(target.pos + targetNode.nodeSize)
  return tr.insert(insertAt, node)
}

/** The id of the clause that holds `pos`, or null (the cursor is in the title, preamble…). */
export function clauseIdAt(doc: Node, pos: number): string | null {
  const resolved = doc.resolve(Math.min(pos, doc.content.size))
  for (let depth = resolved.depth; depth > 0; depth--) {
    const node = resolved.node(depth)
    if (node.type.name === 'clause') return node.attrs.id ?? null
  }
  return null
}
