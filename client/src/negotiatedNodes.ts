/**
 * What the negotiation moves in the editor's document: the clauses, and the
 * title, the preamble and the final provisions, which are signed as the
 * clauses are and so negotiated like them (by their fixed ids). Where each
 * is, what it is called, which one holds the cursor, and which ones the
 * other party alone has agreed — for the negotiation panel, the locks and
 * the signing desk's links.
 */

import type { Node } from 'prosemirror-model'
import type { EditorState } from 'prosemirror-state'
import type { Numbering } from '../../server/vocabulary/numbering.js'
import type { InstrumentStyle } from '../../server/vocabulary/document.js'
import { clauseStateOf, type ClauseState } from '../../server/vocabulary/clauseState.js'
import { isNegotiatedNode, negotiatedParts } from '../../server/vocabulary/schema.js'
import { listOf, t } from './i18n/translator.js'
import { interfaceClauseLabel, interfaceNumbering, partInSentence as partNameInSentence, partLabel } from './i18n/vocabularyWords.js'

export interface NegotiatedNode {
  /** The clause's id, or the part's fixed id ("title", "preamble", "final-provisions"); null for a clause without one. */
  id: string | null
  /** "clause", or the part's node name ("title", "preamble", "final_provisions"). */
  kind: string
  node: Node
  /** Position of the node in the document. */
  pos: number
  /** "Article 3", or "Title", "Preamble", "Final provisions", in the interface's language. */
  label: string
  /** The clause's heading ("" for a part). */
  heading: string
  state: ClauseState
}

/** Whether `node` is one of the negotiated parts rather than a clause. */
const isPart = (node: Node): node is Node & { type: { name: keyof typeof negotiatedParts } } => Object.hasOwn(negotiatedParts, node.type.name)

/** The id a negotiated node goes by: a clause's attribute, a part's fixed id. */
export function negotiatedId(node: Node): string | null {
  if (isPart(node)) return (node.attrs.id as string | null) ?? negotiatedParts[node.type.name]
  return (node.attrs.id as string | null) ?? null
}

/** The label of a negotiated part in a sentence ("the title"), or null when `node` is a clause. */
export const partInSentence = (node: Node): string | null => (isPart(node) ? partNameInSentence(node.type.name) : null)

/**
 * Where the negotiation of `doc` stands — each clause's and part's id,
 * status and agreements, in order — as a string that changes when any of
 * them does, and not when words are typed. Cheap: no numbering, no text.
 */
export function negotiationSignature(doc: Node): string {
  const known = signatures.get(doc)
  if (known !== undefined) return known
  const entries: unknown[] = []
  doc.forEach((node) => {
    if (isNegotiatedNode(node.type.name)) entries.push([negotiatedId(node), node.attrs.status, node.attrs.agreedBy, node.attrs.reopenRequest])
  })
  const signature = JSON.stringify(entries)
  signatures.set(doc, signature)
  return signature
}

/** Each document's signature, computed once however many panels ask. */
const signatures = new WeakMap<Node, string>()

/** Every clause and negotiated part of `doc`, in order. */
export function negotiatedNodes(doc: Node, style: InstrumentStyle): NegotiatedNode[] {
  let numbering: Numbering | null = null
  const found: NegotiatedNode[] = []
  doc.forEach((node, pos) => {
    if (!isNegotiatedNode(node.type.name)) return
    found.push(describe(node, pos, () => (numbering ??= interfaceNumbering(doc, style)).clauses.find((clause) => clause.pos === pos)?.label ?? null))
  })
  return found
}

/** The clause or negotiated part holding the start of the selection, or null. */
export function negotiatedAt(state: EditorState, style: InstrumentStyle): NegotiatedNode | null {
  const { $from } = state.selection
  if ($from.depth < 1) return null
  const node = $from.node(1)
  if (!isNegotiatedNode(node.type.name)) return null
  const pos = $from.before(1)
  // Its number is how many clauses come up to it: no need to number the whole document on every keystroke.
  return describe(node, pos, () => {
    let n = 0
    state.doc.forEach((child, offset) => {
      if (offset <= pos && child.type.name === 'clause') n++
    })
    return interfaceClauseLabel(n, style)
  })
}

/** The position of the clause or part with id `id` in `doc`, or null. */
export function positionOf(doc: Node, id: string): number | null {
  let found: number | null = null
  doc.forEach((node, pos) => {
    if (found === null && isNegotiatedNode(node.type.name) && negotiatedId(node) === id) found = pos
  })
  return found
}

/**
 * The clauses and parts another party has agreed ad referendum and `party`
 * has not: what "agree all that the other side agreed ad referendum"
 * agrees (the server decides; this is what the button counts).
 */
export function agreedByOthersOnly(nodes: readonly NegotiatedNode[], party: string): NegotiatedNode[] {
  return nodes.filter(({ id, state }) => {
    const agreedBy = state.agreements.map((agreement) => agreement.party)
    return id !== null && state.status === 'agreed-ad-referendum' && !agreedBy.includes(party) && agreedBy.some((other) => other !== party)
  })
}

/** Labels joined in a sentence: "Article 1, Article 2 and the title". */
export function listInWords(labels: readonly string[]): string {
  return listOf(labels, 'and')
}

function describe(node: Node, pos: number, labelOf: () => string | null): NegotiatedNode {
  const state = clauseStateOf(node.attrs)
  const id = negotiatedId(node)
  if (isPart(node)) return { id, kind: node.type.name, node, pos, label: partLabel(node.type.name), heading: '', state }
  const label = labelOf() ?? t('negotiation.clause')
  const heading = node.firstChild?.type.name === 'clause_heading' ? node.firstChild.textContent : ''
  return { id, kind: 'clause', node, pos, label, heading, state }
}
