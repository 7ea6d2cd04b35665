/**
 * The outline of the clauses (number, heading, status), and moving a
 * clause: the shared element is taken out and a copy with the same
 * attributes put back elsewhere, in one Yjs transaction, so its id and
 * negotiation state survive the move and no other clause is touched.
 */

import type { Node } from 'prosemirror-model'
import * as Y from 'yjs'
import type { InstrumentStyle } from '../../server/vocabulary/document.js'
import { interfaceNumbering } from './i18n/vocabularyWords.js'

export interface OutlineEntry {
  id: string | null
  label: string
  heading: string
  status: string
  /** Position of the clause node. */
  pos: number
}

export function outlineOf(doc: Node, style: InstrumentStyle): OutlineEntry[] {
  return interfaceNumbering(doc, style).clauses.map((clause) => {
    const node = doc.nodeAt(clause.pos)!
    const heading = node.firstChild?.type.name === 'clause_heading' ? node.firstChild.textContent : ''
    return { id: clause.id, label: clause.label, heading, status: node.attrs.status ?? 'draft', pos: clause.pos }
  })
}

/**
 * Whether `before` and `after` have the same outline for certain: the same
 * top-level nodes, or copies of them with the same attributes and heading
 * (what ProseMirror makes of a clause whose body alone changed).
 */
export function sameOutline(before: Node, after: Node): boolean {
  if (before.childCount !== after.childCount) return false
  for (let index = 0; index < before.childCount; index++) {
    const a = before.child(index)
    const b = after.child(index)
    if (a !== b && (a.type !== b.type || a.attrs !== b.attrs || a.firstChild !== b.firstChild)) return false
  }
  return true
}

/**
 * Moves the clause at outline index `from` of the shared `fragment` so
 * that it becomes outline index `to`, in one transaction with `origin`.
 * Returns false when the move changes nothing or the indexes are out of
 * range.
 *
 * Done on the shared document rather than as a ProseMirror transaction:
 * y-prosemirror turns a reordering of same-named siblings into updates of
 * the elements in place — another clause's id, status and text written into
 * an existing clause — which the server's gate rightly refuses (an id is
 * fixed at creation; a locked clause's text does not change).
 */
export function moveClause(fragment: Y.XmlFragment, from: number, to: number, origin: unknown = null): boolean {
  const clauses = fragment.toArray().filter((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'clause')
  if (from === to || from < 0 || to < 0 || from >= clauses.length || to >= clauses.length) return false
  const moving = clauses[from]!
  const target = clauses[to]!
  const move = () => {
    const copy = moving.clone()
    fragment.delete(fragment.toArray().indexOf(moving), 1)
    const at = fragment.toArray().indexOf(target)
    fragment.insert(to < from ? at : at + 1, [copy])
  }
  if (fragment.doc) fragment.doc.transact(move, origin)
  else move()
  return true
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
