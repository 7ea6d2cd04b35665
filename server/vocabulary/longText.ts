/**
 * When a text is long: from so many blocks (title, preamble, clauses, final
 * provisions) the page lays out only the clauses near the screen (the style
 * sheet's `content-visibility` for `.mou-document[data-long]`; why, in
 * `client/src/editor/longText.ts`), in the editor and in the first text the
 * server draws into the page alike.
 */

import type { Node } from 'prosemirror-model'

/** From how many blocks a text is long. */
export const longTextBlocks = 60

/** Whether `doc` is long enough to lay out only what is near the screen. */
export function isLongText(doc: Node): boolean {
  return doc.childCount >= longTextBlocks
}
