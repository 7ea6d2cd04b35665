/**
 * Small builders for memorandum documents in tests, in the style of
 * prosemirror-test-builder: `clause('c1', 'Heading', p('text'), np('1st', sub('a')))`.
 */

import type { Node } from 'prosemirror-model'
import { mouSchema } from '../../server/vocabulary/schema.js'

type Inline = string | Node

const inline = (content: Inline[]): Node[] =>
  content.filter((item) => item !== '').map((item) => (typeof item === 'string' ? mouSchema.text(item) : item))

export const ref = (clauseId: string | null): Node => mouSchema.node('clause_ref', { clauseId })
/** A reference to party `party` (a code, or "*" for both) by `form`. */
export const partyRef = (party: string, form: 'name' | 'shortName' | 'state' = 'name'): Node => mouSchema.node('party_ref', { party, form })
export const p = (...content: Inline[]): Node => mouSchema.node('paragraph', null, inline(content))
export const sub = (...content: Inline[]): Node => mouSchema.node('sub_paragraph', null, inline(content))
export const np = (text: Inline | Inline[], ...subs: Node[]): Node =>
  mouSchema.node('numbered_paragraph', null, [p(...(Array.isArray(text) ? text : [text])), ...subs])
export const clause = (id: string, heading: string, ...body: Node[]): Node =>
  mouSchema.node('clause', { id }, [mouSchema.node('clause_heading', null, inline([heading])), ...body])

/** A whole document: title, a one-recital preamble, the clauses. */
export function mou(...clauses: Node[]): Node {
  return mouSchema.node('doc', null, [
    mouSchema.node('title', null, inline(['Memorandum of Understanding'])),
    mouSchema.node('preamble', null, [
      mouSchema.node('recital', null, inline(['RECOGNISING the need to cooperate;'])),
      mouSchema.node('closing_formula', null, inline(['HAVE REACHED the following understanding:'])),
    ]),
    ...clauses,
  ])
}

/** Where `text` starts in `doc` (in the first text node that holds it); a RangeError when no text node does. */
export function textPosition(doc: Node, text: string): number {
  let found = -1
  doc.descendants((node, pos) => {
    if (found < 0 && node.isText && node.text!.includes(text)) found = pos + node.text!.indexOf(text)
  })
  if (found < 0) throw new RangeError(`"${text}" is not in the document`)
  return found
}
