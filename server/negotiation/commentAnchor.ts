/**
 * Where a comment sits in the text: a span between two Yjs relative
 * positions, which move with the text as anyone edits around them. When
 * every character of the span is deleted the anchor is "detached": the
 * thread keeps the text it was opened on and is never lost. A span lies in
 * one text: the working text or one language's.
 */

import * as Y from 'yjs'
import { conflict, invalid } from '../vocabulary/errors.js'
import { bracketJoint, bracketRunOf, type BracketRun } from '../vocabulary/bracketNotation.js'
import { rootTypeOf } from '../mou/contentCodec.js'
import { refusal } from '../vocabulary/refusal.js'

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
  if (resolved === 'unknown') throw conflict(refusal('refusal.comment.anchorNotYetReceived'))
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
  const root = rootTypeOf(start.type)
  if (root !== rootTypeOf(end.type) || !(root instanceof Y.XmlFragment)) return detached
  const texts = textsInOrder(root)
  const first = texts.findIndex((entry) => entry.text === start.type)
  const last = texts.findIndex((entry) => entry.text === end.type)
  if (first < 0 || last < 0 || first > last) return detached
  const parts: string[] = []
  for (let index = first; index <= last; index++) {
    const entry = texts[index]!
    const part = textBetween(entry.text, index === first ? start.index : 0, index === last ? end.index : null)
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

function textsInOrder(fragment: Y.XmlFragment): { text: Y.XmlText; block: Y.XmlElement | Y.XmlFragment }[] {
  const found: { text: Y.XmlText; block: Y.XmlElement | Y.XmlFragment }[] = []
  const walk = (type: Y.XmlElement | Y.XmlFragment) => {
    for (const child of type.toArray()) {
      if (child instanceof Y.XmlText) found.push({ text: child, block: type })
      else if (child instanceof Y.XmlElement) walk(child)
    }
  }
  walk(fragment)
  return found
}

/**
 * The text of `text` from offset `from` to `to` (null: the end), in Yjs
 * indexes (one placeholder for each embedded object), with bracketed text
 * in its notation: the brackets the span opens and closes are shown.
 */
function textBetween(text: Y.XmlText, from: number, to: number | null): string {
  const chars: string[] = []
  const runs: (BracketRun | null)[] = []
  for (const op of text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
    const run = bracketRunOf(op.attributes?.bracket ?? null)
    const insert = typeof op.insert === 'string' ? op.insert : '\ufffc'
    // UTF-16 units, as Yjs counts.
    for (let index = 0; index < insert.length; index++) {
      chars.push(insert[index]!)
      runs.push(run)
    }
  }
  const end = to ?? chars.length
  if (end <= from) return ''
  // A joint that opens a bracket ends with "["; one that closes one starts with "]".
  let result = bracketJoint(runs[from - 1] ?? null, runs[from] ?? null).endsWith('[') ? '[' : ''
  for (let index = from; index < end; index++) {
    if (index > from) result += bracketJoint(runs[index - 1] ?? null, runs[index] ?? null)
    result += chars[index]
  }
  return bracketJoint(runs[end - 1] ?? null, runs[end] ?? null).startsWith(']') ? `${result}]` : result
}

function clauseOf(type: Y.AbstractType<any>): string | null {
  for (let current: Y.AbstractType<unknown> | null = type; current; current = (current._item?.parent as Y.AbstractType<unknown> | undefined) ?? null) {
    if (current instanceof Y.XmlElement && current.nodeName === 'clause') return (current.getAttribute('id') as string | undefined) ?? null
  }
  return null
}
