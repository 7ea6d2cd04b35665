/**
 * A long text lays out only the clauses near the screen. Chromium's cost of
 * a keystroke in one contenteditable grows with everything it holds — the
 * selection synchronised over the whole editable, hit testing, paint: at
 * 300 clauses some 50 ms of native work a key before any script. With
 * `content-visibility: auto` on its clauses (the style sheet, for
 * `.mou-document[data-long]`) the clauses off screen are neither laid out
 * nor painted, each keeping the size it last had once it has been shown.
 *
 * Only a long text gets it: an unshown clause stands at an estimated height
 * until it is first shown, so a clause scrolled to in the same instant can
 * shift under a click; a short text costs little to lay out whole.
 */

import type { Node } from 'prosemirror-model'
import { Plugin } from 'prosemirror-state'

/** From how many blocks (title, preamble, clauses, final provisions) a text is long. */
export const longTextBlocks = 60

/** Whether `doc` is long enough to lay out only what is near the screen. */
export function isLongText(doc: Node): boolean {
  return doc.childCount >= longTextBlocks
}

/** Marks the editor of a long text `data-long`. */
export function longTextPlugin(): Plugin {
  const long: Record<string, string> = { 'data-long': 'true' }
  const short: Record<string, string> = {}
  return new Plugin({ props: { attributes: (state) => (isLongText(state.doc) ? long : short) } })
}
