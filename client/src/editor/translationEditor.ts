/**
 * The editor of a text in another language: ProseMirror bound by
 * y-prosemirror to that language's fragment (`prosemirror:th`) of the same
 * shared document, with the same presence, undo of one's own changes, the
 * numbers in that language, locks taken from the working clause with the
 * same id, the bracket guard, the structure guard (words only), and each
 * clause's translation status. No clause identity, wording check or
 * comments: those belong to the working text.
 */

import { EditorState } from 'prosemirror-state'
import { EditorView } from 'prosemirror-view'
import type { Awareness } from 'y-protocols/awareness'
import type * as Y from 'yjs'
import { languageFragmentName } from '../../../server/vocabulary/documentRoots.js'
import type { InstrumentStyle } from '../../../server/vocabulary/document.js'
import { mouSchema } from '../../../server/vocabulary/schema.js'
import { bracketGuardPlugin } from './bracketGuard.js'
import { sharedTextPlugins } from './editorSetup.js'
import { lockPlugin, refreshLocks } from './lockPlugin.js'
import { numberingPlugin } from './numberingPlugin.js'
import { translationGuardPlugin } from './translationGuard.js'
import { refreshTranslationMarks, translationMarksPlugin, type MarksContext } from './translationMarks.js'
import type { WorkingStatuses } from './workingStatuses.js'
import { t } from '../i18n/translator.js'

export interface TranslationEditorOptions {
  mount: HTMLElement
  doc: Y.Doc
  /** The text's language, one of the document's other languages. */
  lang: string
  awareness: Awareness
  style: InstrumentStyle
  editable: boolean
  /** The working text's clause statuses: a translation locks by them. */
  statuses: WorkingStatuses
  /** Each clause's status in this language, the badges' words and the confirming. */
  marks: MarksContext
  /** Subscribes to changes of the translation statuses; returns what unsubscribes. */
  onStatuses: (listener: () => void) => () => void
  /** Tells the member why a change was stopped. */
  explain: (message: string) => void
  /** The party whose bracketed proposals this member may change; null for the secretariat. */
  party: string | null
  /** Called after every state change. */
  onChange?: (view: EditorView) => void
}

export interface TranslationEditor {
  readonly lang: string
  readonly view: EditorView
  /** Unbinds the editor from the shared document and removes it from the page. */
  destroy(): void
}

export function createTranslationEditor(options: TranslationEditorOptions): TranslationEditor {
  const { lang, statuses } = options
  const state = EditorState.create({
    schema: mouSchema,
    plugins: [
      ...sharedTextPlugins(options.doc.getXmlFragment(languageFragmentName(lang)), options.awareness),
      numberingPlugin(options.style, lang, options.marks.parties),
      lockPlugin(options.style, options.explain, { lang, statusOf: (clause) => statuses.statusOf(clause.attrs.id ?? null) }),
      bracketGuardPlugin(options.party, options.explain),
      translationGuardPlugin(options.marks.languageName, options.marks.workingName, options.explain),
      translationMarksPlugin(options.style, options.marks),
    ],
  })
  const view = new EditorView(options.mount, {
    state,
    editable: () => options.editable,
    attributes: {
      'aria-label': t('editor.documentTextIn', { language: options.marks.languageName }),
      role: 'textbox',
      'aria-multiline': 'true',
      class: `mou-document style-${options.style}`,
      lang,
      'data-lang': lang,
    },
    dispatchTransaction(this: EditorView, transaction) {
      this.updateState(this.state.apply(transaction))
      options.onChange?.(this)
    },
  })
  // Out of the Yjs transaction or API answer that brought the change.
  const later = (redraw: (view: EditorView) => void) => () => queueMicrotask(() => view.isDestroyed || redraw(view))
  const stopLocks = statuses.subscribe(later(refreshLocks))
  const stopMarks = options.onStatuses(later(refreshTranslationMarks))
  return {
    lang,
    view,
    destroy() {
      stopLocks()
      stopMarks()
      view.destroy()
    },
  }
}
