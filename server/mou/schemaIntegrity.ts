/**
 * The generic integrity of a change against a ProseMirror schema, in the
 * encoding y-prosemirror uses (an element per node, named by its type,
 * attributes for node attributes, an XmlText per run of text with a format
 * per mark): the document after the change is one the schema accepts.
 *
 * Checked on the change as Yjs integrated it (`AppliedChange`), at a cost
 * that follows the change: each new item against its parent, and the child
 * list of each element whose children changed.
 *
 * - Only the content kinds the binding produces, where it produces them:
 *   elements and texts as children of elements (texts only in textblocks),
 *   strings and formats inside texts, one `ContentAny` value per attribute.
 *   Never `ContentJSON`, `ContentEmbed`, `ContentBinary`, `ContentDoc`, nor
 *   a type of another kind.
 * - Element names are node types that may stand where they stand; attribute
 *   names and values are the node's (its spec's `validate`); format keys are
 *   mark names exactly (a hashed `name--XXXXXXXX` key, which y-prosemirror
 *   reads back as mark `name`, is refused: no mark of this schema overlaps
 *   itself, so the binding never writes one) with the mark's attributes.
 * - Every element whose children changed, and every new one, holds content
 *   its node type accepts; nesting never goes deeper than the schema can.
 * - Only the content roots (the text in each language) are written; other
 *   roots are the server's.
 */

import type { AttributeSpec, ContentMatch, MarkType, NodeType, Schema } from 'prosemirror-model'
import * as Y from 'yjs'
import { conflict, CounterpartError, forbidden, invalid } from '../vocabulary/errors.js'
import type { AppliedChange } from '../engine/appliedChange.js'

export interface IntegrityOptions {
  schema: Schema
  /** The roots holding the content (a text per language), each checked against the schema. */
  contentRoots: readonly string[]
  /** Other roots: the server's own records. */
  serverRoots: readonly string[]
  /** Whether the change is the server's own, which may write the server's roots. */
  byServer: boolean
}

/** What the schema allows, worked out once per schema. */
interface SchemaShape {
  /** Node type name → the node types that may appear among its children. */
  children: Map<string, Set<string>>
  /** The deepest an element can be nested (the content root's children are at depth 1). */
  maxDepth: number
}

const shapes = new WeakMap<Schema, SchemaShape>()

function shapeOf(schema: Schema): SchemaShape {
  const known = shapes.get(schema)
  if (known) return known
  const children = new Map<string, Set<string>>()
  for (const type of Object.values(schema.nodes)) {
    const allowed = new Set<string>()
    const seen = new Set([type.contentMatch])
    const queue = [type.contentMatch]
    while (queue.length > 0) {
      const match = queue.pop()!
      for (let index = 0; index < match.edgeCount; index++) {
        const edge = match.edge(index)
        allowed.add(edge.type.name)
        if (!seen.has(edge.next)) {
          seen.add(edge.next)
          queue.push(edge.next)
        }
      }
    }
    children.set(type.name, allowed)
  }
  // The longest chain of elements below the top node (text is not an element); the schema must not nest a type in itself.
  const depthBelow = (name: string, path: Set<string>): number => {
    if (path.has(name)) throw new Error(`the schema nests ${name} in itself; the gate needs a bounded depth`)
    let deepest = 0
    for (const child of children.get(name) ?? []) {
      if (child === 'text') continue
      deepest = Math.max(deepest, 1 + depthBelow(child, new Set([...path, name])))
    }
    return deepest
  }
  const shape = { children, maxDepth: depthBelow(schema.topNodeType.name, new Set()) }
  shapes.set(schema, shape)
  return shape
}

/** The name of a content kind, for messages. */
function kindOf(content: Y.Item['content']): string {
  if (content instanceof Y.ContentType) return `a ${content.type.constructor.name} type`
  return content.constructor.name
}

/** How a container reads in a message. */
function describeContainer(type: Y.AbstractType<any>): string {
  if (!(type instanceof Y.XmlElement)) return 'the document'
  if (type.nodeName === 'clause') return `clause ${String(type.getAttribute('id') ?? '(no id)')}`
  return `<${type.nodeName}>`
}

/** Null when the changed document is one the schema accepts; otherwise why not. */
export function checkSchemaIntegrity(change: AppliedChange, options: IntegrityOptions): CounterpartError | null {
  const { schema, contentRoots } = options
  const shape = shapeOf(schema)
  const roots = new Set(contentRoots.flatMap((name) => change.doc.share.get(name) ?? []))
  const isRoot = (type: Y.AbstractType<any>) => roots.has(type)
  const containers = new Set<Y.AbstractType<any>>()

  for (const item of change.inserted) {
    const refusal = checkItem(item)
    if (refusal) return refusal
  }
  for (const [type, keys] of change.changed) {
    if (keys.has(null) && (isRoot(type) || type instanceof Y.XmlElement)) containers.add(type)
  }
  for (const type of containers) {
    if (type._item?.deleted) continue
    const refusal = checkChildren(type, type._item !== null && !change.existedBefore(type._item))
    if (refusal) return refusal
  }
  return null

  /** Whether `item` may stand where Yjs put it; new elements are queued for a look at their children. */
  function checkItem(item: Y.Item): CounterpartError | null {
    const { content } = item
    const parent = item.parent as Y.AbstractType<any>
    const key = item.parentSub
    if (content instanceof Y.ContentDeleted) return null
    if (parent._item === null && !isRoot(parent)) {
      const name = Y.findRootTypeKey(parent)
      if (options.serverRoots.includes(name)) {
        return options.byServer ? null : forbidden(`the update writes "${name}", which only the server writes`)
      }
      return invalid(`the update writes a shared type named "${name}"; a Counterpart document has only ${contentRoots.map((root) => `"${root}"`).join(', ')}`)
    }
    if (isRoot(parent) || (parent instanceof Y.XmlElement && key === null)) {
      if (key !== null) return invalid(`the update writes attribute "${key}" on the document itself`)
      const parentType = isRoot(parent) ? schema.topNodeType : nodeTypeOf(parent as Y.XmlElement)
      if (!parentType) return invalid(`the update writes into <${(parent as Y.XmlElement).nodeName}>, which the schema has no node for`)
      if (!(content instanceof Y.ContentType)) return invalid(`the update puts ${kindOf(content)} content directly in ${describeContainer(parent)}; only elements and texts stand there`)
      const type = content.type
      if (type.constructor === Y.XmlText) {
        return parentType.inlineContent ? null : invalid(`the update puts text directly in ${describeContainer(parent)}, which holds no text`)
      }
      if (type.constructor !== Y.XmlElement) return invalid(`the update puts ${kindOf(content)} in ${describeContainer(parent)}; only elements and texts stand there`)
      const name = (type as Y.XmlElement).nodeName
      const nodeType = schema.nodes[name]
      if (!nodeType || nodeType === schema.topNodeType || nodeType.isText) return invalid(`the update creates a <${name}> element, which the schema has no node for`)
      if (!shape.children.get(parentType.name)!.has(name)) return invalid(`the update puts a <${name}> in ${describeContainer(parent)}, where the schema has no place for it`)
      if (depthOf(type) > shape.maxDepth) return invalid(`the update nests elements deeper than the schema allows (${shape.maxDepth})`)
      if (!item.deleted) containers.add(type)
      return null
    }
    if (parent instanceof Y.XmlElement) return checkAttribute(parent, key!, content)
    if (parent instanceof Y.XmlText) {
      if (key !== null) return invalid(`the update writes attribute "${key}" on a text`)
      if (content instanceof Y.ContentString) return null
      if (content instanceof Y.ContentFormat) return checkFormat(content)
      return invalid(`the update puts ${kindOf(content)} content in a text; texts hold only strings and formats`)
    }
    return invalid(`the update writes into a ${parent.constructor.name}, which a Counterpart document does not hold`)
  }

  function checkAttribute(element: Y.XmlElement, key: string, content: Y.Item['content']): CounterpartError | null {
    const nodeType = nodeTypeOf(element)
    const spec: AttributeSpec | undefined = nodeType?.spec.attrs?.[key]
    if (!nodeType || !spec || key === 'ychange') return invalid(`"${key}" is not an attribute of <${element.nodeName}>`)
    if (!(content instanceof Y.ContentAny) || content.getLength() !== 1) {
      return invalid(`attribute "${key}" of <${element.nodeName}> is written as ${kindOf(content)}; attribute values are plain values (ContentAny)`)
    }
    return validated(spec, content.getContent()[0], `<${element.nodeName}>`)
  }

  function checkFormat(content: Y.ContentFormat): CounterpartError | null {
    const markType: MarkType | undefined = content.key === 'ychange' ? undefined : schema.marks[content.key]
    if (!markType) return invalid(`format "${content.key}" is not a mark of the schema`)
    const value = content.value as unknown
    if (value === null) return null
    if (typeof value !== 'object' || Array.isArray(value)) return invalid(`format "${content.key}" must hold the mark's attributes as an object`)
    const attrs = value as Record<string, unknown>
    const specs = markType.spec.attrs ?? {}
    for (const name of Object.keys(attrs)) if (!(name in specs)) return invalid(`"${name}" is not an attribute of mark ${markType.name}`)
    for (const [name, spec] of Object.entries(specs)) {
      if (!(name in attrs)) {
        if ('default' in spec) continue
        return invalid(`mark ${markType.name} needs attribute "${name}"`)
      }
      const refusal = validated(spec, attrs[name], `mark ${markType.name}`)
      if (refusal) return refusal
    }
    return null
  }

  /** Whether the children of `type` are content its node type accepts. */
  function checkChildren(type: Y.AbstractType<any>, isNew: boolean): CounterpartError | null {
    const nodeType = isRoot(type) ? schema.topNodeType : nodeTypeOf(type as Y.XmlElement)
    if (!nodeType) return invalid(`${describeContainer(type)} is not a node of the schema`)
    let match: ContentMatch | null = nodeType.contentMatch
    const names: string[] = []
    for (let item = type._start; item !== null; item = item.right) {
      if (item.deleted || !item.countable) continue
      const child = item.content instanceof Y.ContentType ? item.content.type : null
      const childType = child instanceof Y.XmlElement ? nodeTypeOf(child) : child instanceof Y.XmlText ? (child.length > 0 ? schema.nodes.text : null) : undefined
      if (childType === undefined) return invalid(`${describeContainer(type)} holds ${kindOf(item.content)} content`)
      if (childType === null) continue
      names.push(childType.name)
      match = match?.matchType(childType) ?? null
    }
    if (match?.validEnd) return null
    const listed = names.length > 12 ? `${names.slice(0, 12).join(', ')}, …` : names.join(', ') || 'nothing'
    const message = `the change would leave ${describeContainer(type)} holding ${listed}, which the schema does not accept there`
    // An element that already existed can be left wrong by two valid changes made at once (each deleting a different last paragraph).
    return isNew ? invalid(message) : conflict(message)
  }

  function nodeTypeOf(element: Y.XmlElement): NodeType | undefined {
    const type = schema.nodes[element.nodeName]
    return type && type !== schema.topNodeType && !type.isText ? type : undefined
  }

  /** How deep `type` is below the content root, walking at most one level past the schema's depth. */
  function depthOf(type: Y.AbstractType<any>): number {
    let depth = 0
    for (let current: Y.AbstractType<any> | null = type; current !== null && !isRoot(current) && depth <= shape.maxDepth; depth++) {
      current = (current._item?.parent as Y.AbstractType<any> | undefined) ?? null
    }
    return depth
  }
}

/** The refusal for `value` failing `spec`'s validation, or null. */
function validated(spec: AttributeSpec, value: unknown, where: string): CounterpartError | null {
  if (typeof spec.validate !== 'function') return null
  try {
    spec.validate(value)
    return null
  } catch (error) {
    return invalid(`${where}: ${(error as Error).message}`)
  }
}
