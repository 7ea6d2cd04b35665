/**
 * Editing the clauses of a shared document the way a ProseMirror editor
 * bound with y-prosemirror does: text typed into a clause's paragraphs,
 * clauses deleted, and a clause moved (deleted and re-created elsewhere).
 */

import * as Y from 'yjs'
import { clauseElements, clauseTexts, readContent, toYElement } from '../../server/mou/contentCodec.js'

export { clauseElements, clauseTexts }

/** The clause with `id`. Throws a RangeError when there is none. */
export function clauseById(fragment: Y.XmlFragment, id: string): Y.XmlElement {
  const clause = clauseElements(fragment).find((element) => element.getAttribute('id') === id)
  if (!clause) throw new RangeError(`no clause ${id}`)
  return clause
}

/**
 * Moves the clause `id` to just after the clause `afterId` (or first), as
 * y-prosemirror does for a drag: the old element is deleted and a copy
 * with the same attributes and text is inserted, in one transaction.
 */
export function moveClause(doc: Y.Doc, id: string, afterId: string | null): void {
  const fragment = doc.getXmlFragment('prosemirror')
  const content = readContent(doc)
  let node = null as ReturnType<typeof content.child> | null
  content.forEach((child) => {
    if (child.type.name === 'clause' && child.attrs.id === id) node = child
  })
  if (!node) throw new RangeError(`no clause ${id}`)
  doc.transact(() => {
    fragment.delete(fragment.toArray().indexOf(clauseById(fragment, id)), 1)
    const children = fragment.toArray()
    const index = afterId === null ? children.findIndex((child) => (child as Y.XmlElement).nodeName === 'clause') : children.indexOf(clauseById(fragment, afterId)) + 1
    fragment.insert(index, [toYElement(node!)])
  })
}
