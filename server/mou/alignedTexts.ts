/**
 * The texts of a document in its languages are aligned: every language
 * text has the working text's structure — the same clauses with the same
 * ids in the same order, the same paragraphs and sub-paragraphs in each,
 * the same cross-references — while the words inside each text block are
 * that language's own. A translation clause carries the clause's identity
 * (`id`, `templateId`) and never its negotiation state, which lives on the
 * working clause alone.
 */

import { diffArrays } from 'diff'
import { Fragment, type Node } from 'prosemirror-model'
import * as Y from 'yjs'

/** The attributes a clause keeps in every language text. */
export const clauseIdentity = (clause: Node): { id: unknown; templateId: unknown } => ({ id: clause.attrs.id, templateId: clause.attrs.templateId })

/**
 * A copy of `node` with the same structure, every text block emptied of
 * its words (cross-references kept) and clauses stripped of negotiation
 * state: a text not yet translated.
 */
export function untranslated(node: Node): Node {
  if (node.isText) throw new RangeError('an untranslated copy is of a block or a document, not of a text node')
  if (node.isTextblock) {
    const references: Node[] = []
    node.forEach((child) => {
      if (!child.isText) references.push(child)
    })
    return node.type.create(node.attrs, references)
  }
  const children: Node[] = []
  node.forEach((child) => children.push(untranslated(child)))
  const attrs = node.type.name === 'clause' ? clauseIdentity(node) : node.attrs
  return node.type.create(attrs, Fragment.fromArray(children))
}

/**
 * `translation`, drafted with clause ids of its own, with the clause ids
 * of `working` instead, clause by clause in order, and its references
 * pointing where the working text's point. Throws a RangeError when the
 * two do not have the same number of clauses.
 */
export function withIdsOf(working: Node, translation: Node): Node {
  const workingIds: unknown[] = []
  working.forEach((child) => {
    if (child.type.name === 'clause') workingIds.push(child.attrs.id)
  })
  const renamed = new Map<unknown, unknown>()
  translation.forEach((child) => {
    if (child.type.name === 'clause') renamed.set(child.attrs.id, workingIds[renamed.size])
  })
  if (renamed.size !== workingIds.length) throw new RangeError(`the translation has ${renamed.size} clauses where the working text has ${workingIds.length}`)
  const rename = (node: Node): Node => {
    if (node.isText) return node
    if (node.type.name === 'clause_ref') return node.type.create({ ...node.attrs, clauseId: renamed.get(node.attrs.clauseId) ?? node.attrs.clauseId }, null, node.marks)
    const children: Node[] = []
    node.forEach((child) => children.push(rename(child)))
    const attrs = node.type.name === 'clause' ? { ...node.attrs, id: renamed.get(node.attrs.id) } : node.attrs
    return node.type.create(attrs, Fragment.fromArray(children), node.marks)
  }
  return rename(translation)
}

/** How an element is matched across languages: a clause by its id, any other element by its kind. */
const keyOf = (element: Y.XmlElement): string => (element.nodeName === 'clause' ? `clause\u0000${String(element.getAttribute('id'))}` : element.nodeName)

/** The elements of a text's top level or of an element, in order. */
const elementsOf = (parent: Y.XmlFragment | Y.XmlElement): Y.XmlElement[] => parent.toArray().filter((child): child is Y.XmlElement => child instanceof Y.XmlElement)

/** Elements whose children are blocks, aligned block by block; the others are text blocks, whose words are each language's own. */
const containers = new Set(['preamble', 'clause', 'numbered_paragraph', 'final_provisions'])

/** An untranslated copy of `element`: its structure, no words, references kept; a clause keeps its identity only. */
export function untranslatedElement(element: Y.XmlElement): Y.XmlElement {
  const copy = new Y.XmlElement(element.nodeName)
  const attributes = element.getAttributes() as Record<string, unknown>
  for (const [key, value] of Object.entries(attributes)) {
    if (element.nodeName === 'clause' && key !== 'id' && key !== 'templateId') continue
    if (value !== null && value !== undefined) copy.setAttribute(key, value as string)
  }
  copy.insert(0, elementsOf(element).map(untranslatedElement))
  return copy
}

/**
 * Brings the text in fragment `translation` of `doc` into the structure of
 * the working text (fragment `working`): clauses deleted, inserted
 * (untranslated) and moved as the working text has them, and within each
 * clause, the preamble and the final provisions, blocks removed or added
 * (empty) where the working text's differ. The words of the translation's
 * text blocks are left as they are. Answers whether anything changed. Call
 * inside a transaction.
 */
export function alignTranslation(doc: Y.Doc, working: string, translation: string, within?: ReadonlySet<string>): boolean {
  return alignChildren(doc.getXmlFragment(working), doc.getXmlFragment(translation), true, within)
}

/**
 * The keys (a clause by its id, another part by its kind) of the top-level
 * parts, in any of the texts held by the roots named `roots`, whose blocks
 * `transaction` may have moved: those it created, and those holding one of
 * `reshaped`, the elements whose children it changed (the engine's
 * `reshapedParents`). `alignTranslation` given them looks inside those
 * alone — a change costs what it touched.
 */
export function touchedParts(transaction: Y.Transaction, reshaped: readonly Y.AbstractType<any>[], roots: readonly string[]): Set<string> {
  const touched = new Set<string>()
  for (const type of reshaped) {
    // Up to the part: the element whose parent is the text itself (a text's own children changed: no part).
    let part = type
    while (part._item !== null && (part._item.parent as Y.AbstractType<any>)._item !== null) part = part._item.parent as Y.AbstractType<any>
    if (part instanceof Y.XmlElement) touched.add(keyOf(part))
  }
  for (const name of roots) {
    for (const element of elementsOf(transaction.doc.getXmlFragment(name))) {
      const id = element._item!.id
      if (id.clock >= (transaction.beforeState.get(id.client) ?? 0)) touched.add(keyOf(element))
    }
  }
  return touched
}

/** Whether the translation's structure differs from the working text's. */
export function translationAligned(doc: Y.Doc, working: string, translation: string): boolean {
  return sameShape(doc.getXmlFragment(working), doc.getXmlFragment(translation), true)
}

function sameShape(source: Y.XmlFragment | Y.XmlElement, target: Y.XmlFragment | Y.XmlElement, byKey: boolean): boolean {
  const from = elementsOf(source)
  const to = elementsOf(target)
  if (from.length !== to.length) return false
  return from.every((element, index) => {
    const other = to[index]!
    if ((byKey ? keyOf(element) : element.nodeName) !== (byKey ? keyOf(other) : other.nodeName)) return false
    return !containers.has(element.nodeName) || sameShape(element, other, false)
  })
}

/**
 * Aligns the element children of `target` with those of `source`. At the
 * top level elements are matched by key (a clause by its id) and moved
 * where they belong; inside a container, by kind, in order (a paragraph has
 * no identity across languages), an added block inserted and a removed one
 * deleted where a diff of the kinds places them.
 */
function alignChildren(source: Y.XmlFragment | Y.XmlElement, target: Y.XmlFragment | Y.XmlElement, byKey: boolean, within?: ReadonlySet<string>): boolean {
  let changed = false
  const wanted = elementsOf(source)
  if (byKey) {
    const wantedKeys = new Set(wanted.map(keyOf))
    const seen = new Set<string>()
    // Gone from the working text, or a second element of one key: deleted (from the end, so the places hold).
    const children = target.toArray()
    for (let index = children.length - 1; index >= 0; index--) {
      const child = children[index]
      if (!(child instanceof Y.XmlElement)) continue
      const key = keyOf(child)
      if (!wantedKeys.has(key) || seen.has(key)) {
        target.delete(index, 1)
        changed = true
      } else seen.add(key)
    }
    // Read again only after a move: a text already in line costs one pass.
    let current = elementsOf(target)
    wanted.forEach((element, position) => {
      // Every earlier position already holds its element, so a match, if any, lies after this one.
      if (current[position] !== undefined && keyOf(current[position]!) === keyOf(element)) return
      const index = current[position] === undefined ? target.length : target.toArray().indexOf(current[position]!)
      const at = current.findIndex((candidate) => keyOf(candidate) === keyOf(element))
      if (at === -1) {
        target.insert(index, [untranslatedElement(element)])
      } else {
        // Moved in the working text: a copy where it belongs, the original gone (as y-prosemirror moves).
        const moved = current[at]!.clone()
        target.delete(target.toArray().indexOf(current[at]!), 1)
        target.insert(index, [moved])
      }
      current = elementsOf(target)
      changed = true
    })
  } else {
    const from = wanted.map((element) => element.nodeName)
    const to = elementsOf(target).map((element) => element.nodeName)
    if (from.length === to.length && from.every((name, index) => name === to[index])) return alignNested(wanted, elementsOf(target))
    let sourceIndex = 0
    let targetIndex = 0
    for (const part of diffArrays(to, from)) {
      if (part.added) {
        for (const _ of part.value) {
          const anchor = elementsOf(target)[targetIndex]
          target.insert(anchor ? target.toArray().indexOf(anchor) : target.length, [untranslatedElement(wanted[sourceIndex]!)])
          sourceIndex++
          targetIndex++
        }
        changed = true
      } else if (part.removed) {
        for (const _ of part.value) target.delete(target.toArray().indexOf(elementsOf(target)[targetIndex]!), 1)
        changed = true
      } else {
        sourceIndex += part.value.length
        targetIndex += part.value.length
      }
    }
  }
  return alignNested(wanted, elementsOf(target), within) || changed
}

/** Aligns the children of each container in `wanted` (of those keyed in `within`, when given) with those of its counterpart in `aligned` (the same kinds, in order). */
function alignNested(wanted: readonly Y.XmlElement[], aligned: readonly Y.XmlElement[], within?: ReadonlySet<string>): boolean {
  let changed = false
  wanted.forEach((element, index) => {
    if (within && !within.has(keyOf(element))) return
    if (containers.has(element.nodeName) && alignChildren(element, aligned[index]!, false)) changed = true
  })
  return changed
}
