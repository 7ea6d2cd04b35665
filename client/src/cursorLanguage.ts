/**
 * Which text a member's cursor is in: y-prosemirror publishes a cursor as
 * two Yjs relative positions, and the root they fall in — `prosemirror` or
 * `prosemirror:th` — names the language. The presence list shows it beside
 * the member ("in ไทย").
 */

import * as Y from 'yjs'
import { contentFragmentName } from '../../server/vocabulary/documentRoots.js'

/**
 * The root a relative position (as JSON) falls in: named when the position
 * is in a root itself, else the root above the type it is in — known as
 * soon as that type is, even before the character it points at arrives.
 */
function rootNameOf(doc: Y.Doc, position: { type?: unknown; tname?: unknown }): string | null {
  if (typeof position.tname === 'string') return position.tname
  const id = position.type as { client?: unknown; clock?: unknown } | null | undefined
  if (!id || !Number.isInteger(id.client) || !Number.isInteger(id.clock)) return null
  if (Y.getState(doc.store, id.client as number) <= (id.clock as number)) return null
  const item = Y.getItem(doc.store, Y.createID(id.client as number, id.clock as number))
  if (!(item instanceof Y.Item) || !(item.content instanceof Y.ContentType)) return null
  let root: Y.AbstractType<unknown> = item.content.type
  while (root._item !== null) root = root._item.parent as Y.AbstractType<unknown>
  return Y.findRootTypeKey(root)
}

/**
 * The language of the text holding the anchor of `cursor` (an awareness
 * `cursor` field): `working` for the working text, `lang` for
 * `prosemirror:<lang>`, null when there is no cursor or it points nowhere
 * this replica knows (yet).
 */
export function cursorLanguage(doc: Y.Doc, cursor: unknown, working: string): string | null {
  const anchor = (cursor as { anchor?: unknown } | null | undefined)?.anchor
  if (anchor === null || typeof anchor !== 'object') return null
  const name = rootNameOf(doc, anchor as { type?: unknown; tname?: unknown })
  if (name === contentFragmentName) return working
  return name?.startsWith(`${contentFragmentName}:`) ? name.slice(contentFragmentName.length + 1) : null
}
