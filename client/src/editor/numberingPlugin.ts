/**
 * Shows clause, paragraph and reference numbers, recomputed from the shared
 * numbering function whenever the document's structure changes (a clause
 * added, moved or deleted, here or by the other delegation), in the text's
 * language, and the parties' names where the text refers to them. Typing
 * within a paragraph changes no number: the labels are only moved along.
 */

import { Plugin, PluginKey } from 'prosemirror-state'
import { isTyping } from './typing.js'
import type { DecorationSet } from 'prosemirror-view'
import { numberingDecorations } from '../numberingView.js'
import type { InstrumentStyle, PartyRecord } from '../../../server/vocabulary/document.js'
import { partyNamer } from '../../../server/vocabulary/partyReference.js'

export const numberingKey = new PluginKey<DecorationSet>('counterpart-numbering')

/** The parties as the editor names them: each name per language, in their own order. */
export type NamedParties = readonly Pick<PartyRecord, 'code' | 'name' | 'shortName' | 'state' | 'names' | 'position'>[]

/** Numbers and party names in `lang` (a BCP 47 tag): a text in Thai reads "ข้อ ๓", one in Khmer "ប្រការ ៣". */
export function numberingPlugin(style: InstrumentStyle, lang: string, parties: NamedParties): Plugin<DecorationSet> {
  const nameParty = partyNamer(parties, lang)
  return new Plugin<DecorationSet>({
    key: numberingKey,
    state: {
      init: (_, state) => numberingDecorations(state.doc, style, lang, nameParty),
      apply: (tr, previous, _, state) => {
        if (!tr.docChanged) return previous
        if (isTyping(tr)) return previous.map(tr.mapping, state.doc)
        return numberingDecorations(state.doc, style, lang, nameParty)
      },
    },
    props: { decorations: (state) => numberingKey.getState(state) },
  })
}
