/**
 * Shows clause, paragraph and reference numbers, recomputed from the shared
 * numbering function whenever the document changes (a clause added, moved
 * or deleted, here or by the other delegation), in the text's language.
 */

import { Plugin, PluginKey } from 'prosemirror-state'
import type { DecorationSet } from 'prosemirror-view'
import { numberingDecorations } from '../numberingView.js'
import type { InstrumentStyle } from '../../../server/vocabulary/document.js'

export const numberingKey = new PluginKey<DecorationSet>('counterpart-numbering')

/** Numbers in `lang` (a BCP 47 tag): a text in Thai reads "ข้อ ๓", one in Khmer "ប្រការ ៣". */
export function numberingPlugin(style: InstrumentStyle, lang = 'en'): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: numberingKey,
    state: {
      init: (_, state) => numberingDecorations(state.doc, style, lang),
      apply: (tr, previous, _, state) => (tr.docChanged ? numberingDecorations(state.doc, style, lang) : previous),
    },
    props: { decorations: (state) => numberingKey.getState(state) },
  })
}
