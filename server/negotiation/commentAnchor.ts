/**
 * Where a comment sits in the text: a span between two Yjs relative
 * positions, which move with the text as anyone edits around them. When
 * every character of the span is deleted the anchor is "detached": the
 * thread keeps the text it was opened on and is never lost.
 */

import * as Y from 'yjs'
import { conflict, invalid } from '../errors.js'
import { contentFragmentName } from '../mou/contentCodec.js'

/** The JSON form of a Yjs relative position (`Y.relativePositionToJSON`). */
export type RelativePositionJson = Record<string, unknown>

export interface ResolvedAnchor {
  state: 'anchored' | 'detached'
  /** The text between the two positions now ("" when detached). */
  text: string
  /** The clause the span starts in, if it is in one. */
  clauseId: string | null
}

/** A relative position from a request field; Invalid unless it is one. */
export function readRelativePosition(value: unknown, field: string): Y.RelativePosition {
  const id = (candidate: unknown) =>
    candidate !== null &&
    typeof candidate === 'object' &&
    Number.isSafeInteger((candidate as { client?: unknown }).client) &&
    Number.isSafeInteger((candidate as { clock?: unknown }).clock) &&
    (candidate as { client: number }).client >= 0 &&
    (candidate as { clock: number }).clock >= 0
  const json = value as { item?: unknown; type?: unknown; assoc?: unknown } | null
  if (
    json === null ||
    typeof json !== 'object' ||
    Array.isArray(json) ||
    !(id(json.item) || id(json.type)) ||
    (json.assoc !== undefined && !Number.isSafeInteger(json.assoc))
  ) {
    throw invalid(`field "${field}" must be a Yjs relative position, {"item": {"client": n, "clock": n}, "assoc": n} (got ${JSON.stringify(value)?.slice(0, 200)})`)
  }
  return Y.createRelativePositionFromJSON(json)
}

/**
 * Checks a new anchor against the document: both ends in text, in order,
 * around at least one character. Resolves to the quoted text.
 */
export function anchorText(doc: Y.Doc, from: Y.RelativePosition, to: Y.RelativePosition): { quote: string; clauseId: string | null } {
  const resolved = resolveAnchor(doc, from, to)
  if (resolved === 'unknown') throw conflict('the anchor refers to text the server has not received yet; try again in a moment')
  if (resolved.state === 'detached') throw invalid('a comment anchors to a span of existing text: "from" must come before "to", both in the text')
  return { quote: resolved.text, clauseId: resolved.clauseId }
}

/** Where the span between `from` and `to` is now; 'unknown' when the document does not hold what they refer to. */
export function resolveAnchor(doc: Y.Doc, from: Y.RelativePosition, to: Y.RelativePosition): ResolvedAnchor | 'unknown' {
  const start = Y.createAbsolutePositionFromRelativePosition(from, doc)
  const end = Y.createAbsolutePositionFromRelativePosition(to, doc)
  const detached: ResolvedAnchor = { state: 'detached', text: '', clauseId: null }
  if (start === null || end === null) return refersToMissing(doc, from) || refersToMissing(doc, to) ? 'unknown' : detached
  if (!(start.type instanceof Y.XmlText) || !(end.type instanceof Y.XmlText) || isDeleted(start.type) || isDeleted(end.type)) return detached
  const texts = textsInOrder(doc)
  const first = texts.findIndex((entry) => entry.text === start.type)
  const last = texts.findIndex((entry) => entry.text === end.type)
  if (first < 0 || last < 0 || first > last) return detached
  const parts: string[] = []
  for (let index = first; index <= last; index++) {
    const entry = texts[index]!
    const whole = plainText(entry.text)
    const part = whole.slice(index === first ? start.index : 0, index === last ? end.index : whole.length)
    if (index > first && entry.block !== texts[index - 1]!.block) parts.push('\n')
    parts.push(part)
  }
  const text = parts.join('')
  if (text.trim() === '') return detached
  return { state: 'anchored', text, clauseId: clauseOf(start.type) }
}

/** Whether a position names an item or type this document does not have yet. */
function refersToMissing(doc: Y.Doc, position: Y.RelativePosition): boolean {
  const id = position.item ?? position.type
  return id !== null && Y.getState(doc.store, id.client) <= id.clock
}

function isDeleted(type: Y.AbstractType<any>): boolean {
  for (let item = type._item; item; item = (item.parent as Y.AbstractType<unknown>)._item) {
    if (item.deleted) return true
  }
  return false
}

function textsInOrder(doc: Y.Doc): { text: Y.XmlText; block: Y.XmlElement | Y.XmlFragment }[] {
  const found: { text: Y.XmlText; block: Y.XmlElement | Y.XmlFragment }[] = []
  const walk = (type: Y.XmlElement | Y.XmlFragment) => {
    for (const child of type.toArray()) {
      if (child instanceof Y.XmlText) found.push({ text: child, block: type })
      else if (child instanceof Y.XmlElement) walk(child)
    }
  }
  walk(doc.getXmlFragment(contentFragmentName))
  return found
}

/** The characters of a text, with one placeholder for each embedded object (so offsets match Yjs indexes). */
function plainText(text: Y.XmlText): string {
  return (text.toDelta() as { insert: unknown }[]).map((op) => (typeof op.insert === 'string' ? op.insert : '\ufffc')).join('')
}

function clauseOf(type: Y.AbstractType<any>): string | null {
  for (let current: Y.AbstractType<unknown> | null = type; current; current = (current._item?.parent as Y.AbstractType<unknown> | undefined) ?? null) {
    if (current instanceof Y.XmlElement && current.nodeName === 'clause') return (current.getAttribute('id') as string | undefined) ?? null
  }
  return null
}
