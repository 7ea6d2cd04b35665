/**
 * Marks every clause of a text in another language with its translation
 * status (`translationBadge.ts`), as a widget at the head of the
 * clause, outside the editable text. The statuses come from the server
 * (`TranslationRegister`); `refreshTranslationMarks` redraws after they
 * change. Local typing maps the widgets; a change from the shared document
 * (which y-prosemirror applies as one replacement of the whole text) places
 * them again, reusing every badge whose key is unchanged.
 */

import type { Node } from 'prosemirror-model'
import { Plugin, PluginKey } from 'prosemirror-state'
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view'
import { ySyncPluginKey } from 'y-prosemirror'
import { numberDocument } from '../../../server/vocabulary/numbering.js'
import type { InstrumentStyle } from '../../../server/vocabulary/document.js'
import type { TranslationView } from '../../../server/vocabulary/views.js'
import { badgeKey, translationBadge, type BadgeContext } from './translationBadge.js'

export const translationMarksKey = new PluginKey<DecorationSet>('counterpart-translation-marks')

export interface MarksContext extends BadgeContext {
  /** The status of a clause in this language, as last known (null: not yet). */
  statusOf: (clauseId: string) => TranslationView | null
}

/** The widgets of `doc`, a text in `context.lang`. */
export function translationMarks(doc: Node, style: InstrumentStyle, context: MarksContext): DecorationSet {
  const numbering = numberDocument(doc, style, context.lang)
  const widgets: Decoration[] = []
  for (const clause of numbering.clauses) {
    if (clause.id === null) continue
    const id = clause.id
    const translation = context.statusOf(id)
    widgets.push(
      Decoration.widget(clause.pos + 1, () => translationBadge(id, clause.label, translation, context), {
        side: -1,
        key: badgeKey(id, clause.label, translation, context),
        ignoreSelection: true,
        stopEvent: () => true,
      }),
    )
  }
  return DecorationSet.create(doc, widgets)
}

export function translationMarksPlugin(style: InstrumentStyle, context: MarksContext): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: translationMarksKey,
    state: {
      init: (_, state) => translationMarks(state.doc, style, context),
      apply: (tr, previous, _, state) => {
        if (tr.getMeta(translationMarksKey) || (tr.docChanged && tr.getMeta(ySyncPluginKey))) return translationMarks(state.doc, style, context)
        return tr.docChanged ? previous.map(tr.mapping, tr.doc) : previous
      },
    },
    props: { decorations: (state) => translationMarksKey.getState(state) },
  })
}

/** Redraws the marks of `view` after the statuses changed. */
export function refreshTranslationMarks(view: EditorView): void {
  view.dispatch(view.state.tr.setMeta(translationMarksKey, 'statuses'))
}
