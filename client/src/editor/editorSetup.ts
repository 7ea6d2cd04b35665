/**
 * The editor: ProseMirror bound to the shared `prosemirror` fragment by
 * y-prosemirror, with the presence of the other members, undo of one's own
 * changes only, the keyboard commands, numbers, the wording check, clause
 * ids kept unique, locks on agreed clauses, and comment highlights.
 */

import { baseKeymap, chainCommands, createParagraphNear, liftEmptyBlock, splitBlock, toggleMark } from 'prosemirror-commands'
import { keymap } from 'prosemirror-keymap'
import { EditorState, Plugin, type Command } from 'prosemirror-state'
import { EditorView } from 'prosemirror-view'
import { redo, undo, yCursorPlugin, ySyncPlugin, yUndoPlugin } from 'y-prosemirror'
import type { Awareness } from 'y-protocols/awareness'
import type * as Y from 'yjs'
import { mouSchema } from '../../../server/vocabulary/schema.js'
import { bracketGuardPlugin } from './bracketGuard.js'
import { clauseIdentityPlugin } from './clauseIdentity.js'
import { commentPlugin } from './commentPlugin.js'
import { lockPlugin } from './lockPlugin.js'
import { longTextPlugin } from './longText.js'
import { numberingPlugin, type NamedParties } from './numberingPlugin.js'
import { wordingPlugin } from './wordingPlugin.js'
import { partyNamesIn } from '../../../server/vocabulary/partyReference.js'
import type { InstrumentStyle } from '../../../server/vocabulary/document.js'
import { neutralColor } from '../../../server/vocabulary/partyColours.js'
import { t } from '../i18n/translator.js'
import { oncePerFrame } from '../afterPaint.js'

export interface EditorOptions {
  mount: HTMLElement
  fragment: Y.XmlFragment
  awareness: Awareness
  style: InstrumentStyle
  editable: boolean
  /** Called after every state change (outline, wording panel and status follow it). */
  onChange: (view: EditorView) => void
  /** Tells the member why a change was stopped (agreed text is locked, a bracket is another party's). */
  explain: (message: string) => void
  /** The party whose bracketed proposals this member may change; null for the secretariat (none). */
  party: string | null
  /** The document's parties, as party references name them. */
  parties: NamedParties
  /** The working language, in which party references read. */
  lang: string
  /** More keys, such as the one that opens the party reference menu. */
  keys?: Record<string, Command>
}

/** The label of a remote cursor: the member's name and delegation, in the party's colour. */
function cursorBuilder(user: { name?: string; party?: string | null; role?: string; color?: string }): HTMLElement {
  const cursor = document.createElement('span')
  cursor.className = 'remote-cursor'
  cursor.style.borderColor = user.color ?? neutralColor
  const label = document.createElement('span')
  label.className = 'remote-cursor-label'
  label.style.backgroundColor = user.color ?? neutralColor
  label.textContent = `${user.name ?? t('editor.someone')}${user.party ? ` · ${user.party}` : ''}`
  cursor.append('\u2060', label, '\u2060')
  return cursor
}

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] }
type ChangeListener = (change: AwarenessChange, origin: unknown) => void

/**
 * The presences as the cursor plugin reads them (`getStates`,
 * `getLocalState`, `setLocalStateField`, `on`/`off` of 'change' — all it
 * uses), with the changes of this page's own presence left out: the plugin
 * redraws every cursor, in a transaction of its own, at any change, and
 * this page's cursor moves at every keystroke yet is never drawn here.
 */
function othersOnly(awareness: Awareness): Awareness {
  const wrapped = new Map<ChangeListener, ChangeListener>()
  const others = {
    getStates: () => awareness.getStates(),
    getLocalState: () => awareness.getLocalState(),
    setLocalStateField: (field: string, value: unknown) => awareness.setLocalStateField(field, value),
    on(name: string, listener: ChangeListener) {
      const filtered: ChangeListener = (change, origin) => {
        if ([...change.added, ...change.updated, ...change.removed].some((client) => client !== awareness.clientID)) listener(change, origin)
      }
      wrapped.set(listener, filtered)
      awareness.on(name as 'change', filtered)
    },
    off(name: string, listener: ChangeListener) {
      const filtered = wrapped.get(listener)
      wrapped.delete(listener)
      if (filtered) awareness.off(name as 'change', filtered)
    },
  }
  return others as unknown as Awareness
}

/**
 * The cursor plugin with its view's update — where this page's own cursor
 * is, as a position in the shared text (a walk of the text up to it), told
 * to the others — run once after the frame that shows the keystroke rather
 * than before it; the others' cursors are drawn as before.
 */
function cursorAfterPaint(cursors: Plugin): Plugin {
  const view = cursors.spec.view
  if (!view) return cursors
  return new Plugin({
    ...cursors.spec,
    view(editor) {
      const inner = view(editor)
      const update = oncePerFrame(() => {
        if (!editor.isDestroyed) inner.update?.(editor, editor.state)
      })
      return { update, destroy: () => inner.destroy?.() }
    },
  })
}

/**
 * The plugins every editor of a shared text starts with: the binding to
 * `fragment`, the others' cursors, undo of one's own changes, and the keys
 * for undo and formatting, with `extraKeys`.
 */
export function sharedTextPlugins(fragment: Y.XmlFragment, awareness: Awareness, extraKeys: Record<string, Command> = {}): Plugin[] {
  const marks = mouSchema.marks
  return [
    ySyncPlugin(fragment),
    cursorAfterPaint(yCursorPlugin(othersOnly(awareness), { cursorBuilder })),
    yUndoPlugin(),
    keymap({
      'Mod-z': undo,
      'Mod-y': redo,
      'Mod-Shift-z': redo,
      'Mod-b': toggleMark(marks.strong!),
      'Mod-i': toggleMark(marks.em!),
      'Mod-u': toggleMark(marks.underline!),
      ...extraKeys,
    }),
    keymap(baseKeymap),
    longTextPlugin(),
  ]
}

export function createEditor(options: EditorOptions): EditorView {
  const state = EditorState.create({
    schema: mouSchema,
    plugins: [
      ...sharedTextPlugins(options.fragment, options.awareness, { Enter: chainCommands(createParagraphNear, liftEmptyBlock, splitBlock), ...options.keys }),
      numberingPlugin(options.style, options.lang, options.parties),
      wordingPlugin(options.style, partyNamesIn(options.parties, options.lang)),
      clauseIdentityPlugin(),
      lockPlugin(options.style, options.explain),
      bracketGuardPlugin(options.party, options.explain),
      commentPlugin(),
    ],
  })
  return new EditorView(options.mount, {
    state,
    editable: () => options.editable,
    attributes: { 'aria-label': t('editor.documentText'), role: 'textbox', 'aria-multiline': 'true', class: `mou-document style-${options.style}` },
    // Called with the view as `this`, also while it is being constructed (the sync plugin fills it in).
    dispatchTransaction(this: EditorView, transaction) {
      this.updateState(this.state.apply(transaction))
      options.onChange(this)
    },
  })
}

/** A read-only view of a document given as ProseMirror JSON (an old revision). */
export function createReadOnlyView(mount: HTMLElement, json: Record<string, unknown>, style: InstrumentStyle, lang: string, parties: NamedParties): EditorView {
  const state = EditorState.create({ schema: mouSchema, doc: mouSchema.nodeFromJSON(json), plugins: [numberingPlugin(style, lang, parties)] })
  return new EditorView(mount, { state, editable: () => false, attributes: { class: `mou-document style-${style}`, 'aria-label': t('editor.revisionText') } })
}
