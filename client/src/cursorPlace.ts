/**
 * Where a member's cursor is: y-prosemirror publishes a cursor as two Yjs
 * relative positions, and the root they fall in — `prosemirror` or
 * `prosemirror:th` — names the language text, the element under that root
 * the clause (or the title, the preamble, the final provisions). Read from
 * the replica's own Yjs items, so no editor of that text need be open; the
 * presence list says it beside the member ("in Paragraph 6 (Thai text)").
 */

import * as Y from 'yjs'
import { contentFragmentName } from '../../server/vocabulary/documentRoots.js'
import { negotiatedParts } from '../../server/vocabulary/schema.js'

/** What holds a cursor in a text: the n-th clause (from 1), or a negotiated part by its node name. */
export type CursorPart = { kind: 'clause'; number: number } | { kind: keyof typeof negotiatedParts }

/** Where a cursor is: the language of its text, and the clause or part, when the replica knows it. */
export interface CursorPlace {
  /** The working language for the working text, `lang` for `prosemirror:<lang>`. */
  lang: string
  part: CursorPart | null
}

/** The item of a Yjs id (as JSON) this replica holds, or null. */
function itemOf(doc: Y.Doc, id: unknown): Y.Item | null {
  const { client, clock } = (id ?? {}) as { client?: unknown; clock?: unknown }
  if (!Number.isInteger(client) || !Number.isInteger(clock)) return null
  if (Y.getState(doc.store, client as number) <= (clock as number)) return null
  const item = Y.getItem(doc.store, Y.createID(client as number, clock as number))
  return item instanceof Y.Item ? item : null
}

/**
 * The root a relative position (as JSON) falls in, and the item directly
 * under that root it is inside or before (null when it names none): known
 * as soon as the type it is in is, even before the character it points at
 * arrives. Never creates a root.
 */
function locate(doc: Y.Doc, position: { type?: unknown; tname?: unknown; item?: unknown }): { root: string; top: Y.Item | null } | null {
  if (typeof position.tname === 'string') {
    const top = itemOf(doc, position.item)
    // An item of another root is not a place in this one.
    return { root: position.tname, top: top?.parent === doc.share.get(position.tname) ? top : null }
  }
  let top = itemOf(doc, position.type)
  if (top === null || !(top.content instanceof Y.ContentType)) return null
  while ((top.parent as Y.AbstractType<unknown>)._item !== null) top = (top.parent as Y.AbstractType<unknown>)._item!
  return { root: Y.findRootTypeKey(top.parent as Y.AbstractType<unknown>), top }
}

/** The clause or part an item directly under a text's root is, or null for anything else. */
function partOf(top: Y.Item): CursorPart | null {
  const element = top.content instanceof Y.ContentType ? top.content.type : null
  if (!(element instanceof Y.XmlElement)) return null
  if (Object.hasOwn(negotiatedParts, element.nodeName)) return { kind: element.nodeName as keyof typeof negotiatedParts }
  if (element.nodeName !== 'clause') return null
  let number = 1
  for (let left = top.left; left !== null; left = left.left) {
    if (!left.deleted && left.content instanceof Y.ContentType && left.content.type instanceof Y.XmlElement && left.content.type.nodeName === 'clause') number++
  }
  return { kind: 'clause', number }
}

/**
 * Where the anchor of `cursor` (an awareness `cursor` field) is in `doc`,
 * whose working text is in `working`: null when there is no cursor or it
 * points nowhere this replica knows (yet), or outside the texts.
 */
export function cursorPlace(doc: Y.Doc, cursor: unknown, working: string): CursorPlace | null {
  const anchor = (cursor as { anchor?: unknown } | null | undefined)?.anchor
  if (anchor === null || typeof anchor !== 'object') return null
  const located = locate(doc, anchor as { type?: unknown; tname?: unknown; item?: unknown })
  if (located === null) return null
  const { root, top } = located
  const lang = root === contentFragmentName ? working : root.startsWith(`${contentFragmentName}:`) ? root.slice(contentFragmentName.length + 1) : null
  return lang === null ? null : { lang, part: top === null ? null : partOf(top) }
}
