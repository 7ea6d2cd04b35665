/**
 * Between the shared Yjs document and ProseMirror nodes, with the encoding
 * y-prosemirror uses (element per node, attributes for node attributes,
 * XmlText with formatting attributes for marked text), so that what the
 * server writes is what a browser editor reads, and back.
 *
 * Reading always works on a throwaway copy: y-prosemirror deletes, from the
 * document it reads, any node the schema rejects (y-prosemirror #271, #39).
 */

import { Fragment, type Node } from 'prosemirror-model'
import { prosemirrorToYXmlFragment, yXmlFragmentToProseMirrorFragment, yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror'
import type { ElementMemo } from './elementMemo.js'
import * as Y from 'yjs'
import { mouSchema } from '../vocabulary/schema.js'
import { contentFragmentName, languageFragmentName } from '../vocabulary/documentRoots.js'


/** The ProseMirror document held by `doc` (in `fragment`: the working text by default), read from a copy so `doc` is never modified. */
export function readContent(doc: Y.Doc, fragment = contentFragmentName): Node {
  return readContents(doc, [fragment])[0]!
}

/** The ProseMirror documents held by `doc` in each of `fragments`, read from one copy. */
export function readContents(doc: Y.Doc, fragments: readonly string[]): Node[] {
  return contentsOfState(Y.encodeStateAsUpdate(doc), fragments)
}

/** The ProseMirror documents a stored state (a revision's, say) holds in each of `fragments`. */
export function contentsOfState(state: Uint8Array, fragments: readonly string[]): Node[] {
  return withStateDoc(state, (doc) => fragments.map((fragment) => yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(fragment), mouSchema)))
}

/**
 * The ProseMirror node `element` holds (a clause, say), read from a copy of
 * that element alone: it costs the element's size, not the document's.
 */
export function readElement(element: Y.XmlElement): Node {
  const doc = new Y.Doc({ gc: false })
  try {
    const fragment = doc.getXmlFragment('element')
    fragment.insert(0, [element.clone()])
    return yXmlFragmentToProseMirrorRootNode(fragment, mouSchema).child(0)
  } finally {
    doc.destroy()
  }
}

/** Clause `clauseId` of the text in `fragment` (the working text by default), read alone; null when that text has no such clause. */
export function readClause(doc: Y.Doc, clauseId: string, fragment = contentFragmentName): Node | null {
  const element = clauseElement(doc, clauseId, fragment)
  return element ? readElement(element) : null
}

/**
 * The ProseMirror document `doc` holds in `fragment`, read from `doc`
 * itself, which must be a throwaway document nobody else syncs (a decoded
 * revision, say): `modified` tells whether reading changed it (y-prosemirror
 * deleted a node the schema rejects), after which it no longer holds the
 * state it was decoded from.
 */
export function readInPlace(doc: Y.Doc, fragment: string, memo?: ElementMemo): { content: Node; modified: boolean } {
  let modified = false
  const changed = () => {
    modified = true
  }
  doc.on('update', changed)
  try {
    const elements = doc.getXmlFragment(fragment).toArray()
    // y-prosemirror converts a fragment's elements one by one (`yXmlFragmentToProseMirrorFragment` maps its
    // `toArray()`), so a view holding one element converts that element alone, as reading the whole fragment would.
    const converted = (element: Y.AbstractType<any>) => yXmlFragmentToProseMirrorFragment({ toArray: () => [element] } as unknown as Y.XmlFragment, mouSchema).firstChild
    const nodes = elements.map((element) => (memo ? memo.reading('node', element, converted) : converted(element)))
    return { content: mouSchema.topNodeType.create(null, Fragment.fromArray(nodes.filter((node): node is Node => node !== null))), modified }
  } finally {
    doc.off('update', changed)
  }
}

/** Runs `read` on a throwaway document holding `state`. */
export function withStateDoc<T>(state: Uint8Array, read: (doc: Y.Doc) => T): T {
  const doc = new Y.Doc({ gc: false })
  try {
    Y.applyUpdate(doc, state)
    return read(doc)
  } finally {
    doc.destroy()
  }
}

/** The root type `type` lives in (the fragment of its text, for an element of the content). */
export function rootTypeOf(type: Y.AbstractType<any>): Y.AbstractType<any> {
  let current = type
  while (current._item !== null) current = current._item.parent as Y.AbstractType<any>
  return current
}

/** A Yjs update that creates `content` in an empty document, and each of `translations` in its language's fragment. */
export function encodeContent(content: Node, translations: ReadonlyMap<string, Node> = new Map()): Uint8Array {
  const doc = new Y.Doc({ gc: false })
  try {
    prosemirrorToYXmlFragment(content, doc.getXmlFragment(contentFragmentName))
    for (const [lang, text] of translations) prosemirrorToYXmlFragment(text, doc.getXmlFragment(languageFragmentName(lang)))
    return Y.encodeStateAsUpdate(doc)
  } finally {
    doc.destroy()
  }
}

/**
 * A Yjs element for `node`, encoded as y-prosemirror encodes it: runs of
 * text become one XmlText whose formatting attributes are the marks.
 */
export function toYElement(node: Node): Y.XmlElement {
  const element = new Y.XmlElement(node.type.name)
  for (const [key, value] of Object.entries(node.attrs)) {
    if (value !== null && key !== 'ychange') element.setAttribute(key, value)
  }
  const children: (Y.XmlElement | Y.XmlText)[] = []
  let run: Node[] = []
  const flush = () => {
    if (run.length === 0) return
    const text = new Y.XmlText()
    text.applyDelta(run.map((textNode) => ({ insert: textNode.text, attributes: marksToAttributes(textNode) })))
    children.push(text)
    run = []
  }
  node.forEach((child) => {
    if (child.isText) run.push(child)
    else {
      flush()
      children.push(toYElement(child))
    }
  })
  flush()
  element.insert(0, children)
  return element
}

function marksToAttributes(node: Node): Record<string, unknown> {
  const attributes: Record<string, unknown> = {}
  for (const mark of node.marks) if (mark.type.name !== 'ychange') attributes[mark.type.name] = mark.attrs
  return attributes
}

/**
 * Inserts the clause `clause` into the content of `doc` (the text in
 * `fragmentName`: the working text by default), after the clause with id
 * `afterClauseId`, or before every clause when it is null. Throws a
 * RangeError when no clause has that id.
 */
export function insertClause(doc: Y.Doc, clause: Node, afterClauseId: string | null, fragmentName = contentFragmentName): void {
  const fragment = doc.getXmlFragment(fragmentName)
  const children = fragment.toArray()
  const isClause = (child: unknown): child is Y.XmlElement => child instanceof Y.XmlElement && child.nodeName === 'clause'
  let index: number
  if (afterClauseId === null) {
    const first = children.findIndex(isClause)
    index = first === -1 ? children.length : first
  } else {
    const after = children.findIndex((child) => isClause(child) && child.getAttribute('id') === afterClauseId)
    if (after === -1) throw new RangeError(`no clause with id ${afterClauseId}`)
    index = after + 1
  }
  doc.transact(() => fragment.insert(index, [toYElement(clause)]))
}

/** The element of clause `clauseId` in `fragment` (the working text by default), or null when that text has no such clause. */
export function clauseElement(doc: Y.Doc, clauseId: string, fragment = contentFragmentName): Y.XmlElement | null {
  return clauseElements(doc.getXmlFragment(fragment)).find((clause) => clause.getAttribute('id') === clauseId) ?? null
}

/** The clause elements of a shared fragment, in order. */
export function clauseElements(fragment: Y.XmlFragment): Y.XmlElement[] {
  return fragment.toArray().filter((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'clause')
}

/** Every XmlText in the body of a clause (the heading excluded), in order. */
export function clauseTexts(clause: Y.XmlElement): Y.XmlText[] {
  const texts: Y.XmlText[] = []
  const walk = (element: Y.XmlElement) => {
    for (const child of element.toArray()) {
      if (child instanceof Y.XmlText) texts.push(child)
      else if (child instanceof Y.XmlElement && child.nodeName !== 'clause_heading') walk(child)
    }
  }
  walk(clause)
  return texts
}
