/**
 * Agreed text stays agreed, in the editor too: clauses agreed (or agreed ad
 * referendum by a party) — and the title, the preamble and the final
 * provisions, negotiated like them — are marked locked, and every local attempt to
 * change them (typing, deleting, pasting, formatting, moving) is stopped
 * and explained. Changes arriving from the server pass: the server decides.
 * When a clause becomes locked, the undo history is dropped, since undoing
 * an earlier edit would now change agreed text.
 *
 * A text in another language locks by the working text: its clauses carry
 * no status, so the plugin is handed where a clause's status is read
 * (`LockOptions.statusOf`) and told when those statuses change
 * (`refreshLocks`).
 */

import type { Node } from 'prosemirror-model'
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state'
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view'
import { ySyncPluginKey, yUndoPluginKey } from 'y-prosemirror'
import { numberDocument } from '../../../server/vocabulary/numbering.js'
import type { InstrumentStyle } from '../../../server/vocabulary/document.js'
import { isLocked } from '../../../server/vocabulary/clauseState.js'
import { refusalExplainer } from './refusalExplainer.js'
import { isNegotiatedNode } from '../../../server/vocabulary/schema.js'
import { negotiatedId, partInSentence } from '../negotiatedNodes.js'
import { t } from '../i18n/translator.js'
import { isTyping } from './typing.js'

export interface LockedClause {
  id: string | null
  from: number
  to: number
  status: string
  label: string
}

interface LockState {
  clauses: LockedClause[]
  decorations: DecorationSet
}

export const lockKey = new PluginKey<LockState>('counterpart-locks')

/** The status of a clause node (or negotiated part): its own attribute in the working text, the working one's in a translation. */
export type StatusOf = (clause: Node) => unknown

export interface LockOptions {
  /** The text's language, for the labels in explanations (English by default). */
  lang?: string
  /** Where a clause's status is read; by default its own `status` attribute. */
  statusOf?: StatusOf
}

const ownStatus: StatusOf = (clause) => clause.attrs.status

/** The locked clauses and negotiated parts of `doc`, with their ranges. */
export function lockedClauses(doc: Node, style: InstrumentStyle, options: LockOptions = {}): LockedClause[] {
  const statusOf = options.statusOf ?? ownStatus
  let numbering: ReturnType<typeof numberDocument> | null = null
  const locked: LockedClause[] = []
  doc.forEach((child, offset) => {
    if (!isNegotiatedNode(child.type.name)) return
    const status = statusOf(child)
    if (!isLocked(status)) return
    const part = partInSentence(child)
    let label: string
    if (part !== null) label = part.charAt(0).toUpperCase() + part.slice(1)
    else {
      numbering ??= numberDocument(doc, style, options.lang)
      label = numbering.clauses.find((clause) => clause.pos === offset)?.label ?? t('guard.thisClause')
    }
    locked.push({ id: negotiatedId(child), from: offset, to: offset + child.nodeSize, status: status as string, label })
  })
  return locked
}

/** Tells the lock plugin of `view` that the statuses it reads changed (a working clause agreed or reopened). */
export function refreshLocks(view: EditorView): void {
  view.dispatch(view.state.tr.setMeta(lockKey, 'statuses'))
}

/** The locked clause a change of [from, to] in `doc` would touch (an insertion only when strictly inside). */
function touched(clauses: readonly LockedClause[], from: number, to: number): LockedClause | null {
  return clauses.find((clause) => (from === to ? from > clause.from && from < clause.to : from < clause.to && to > clause.from)) ?? null
}

/**
 * The locked clause a local transaction would change, if any. `known` are
 * the locked clauses of the document the transaction starts from, when the
 * caller has them (the plugin's state): a keystroke then looks nothing up.
 */
export function lockedBy(tr: Transaction, style: InstrumentStyle, options: LockOptions = {}, known?: { doc: Node; clauses: readonly LockedClause[] }): LockedClause | null {
  for (let index = 0; index < tr.steps.length; index++) {
    const step = tr.steps[index] as unknown as { from?: number; to?: number; pos?: number }
    const from = step.from ?? step.pos
    if (from === undefined) continue
    const to = step.to ?? from + 1
    const doc = tr.docs[index]!
    const hit = touched(known?.doc === doc ? known.clauses : lockedClauses(doc, style, options), from, to)
    if (hit) return hit
  }
  return null
}

/** Why the clause's text cannot be changed, and what to do about it, in the interface's language. */
export function explainLock(clause: LockedClause): string {
  return t('guard.locked', { label: clause.label, status: clause.status })
}

/** `state` after `tr`, which only typed: each locked clause's range mapped through it. */
function moved(state: LockState, tr: Transaction, doc: Node): LockState {
  if (state.clauses.length === 0) return state
  return {
    clauses: state.clauses.map((clause) => ({ ...clause, from: tr.mapping.map(clause.from), to: tr.mapping.map(clause.to) })),
    decorations: state.decorations.map(tr.mapping, doc),
  }
}

export function lockPlugin(style: InstrumentStyle, explain: (message: string) => void, options: LockOptions = {}): Plugin<LockState> {
  const explainOnce = refusalExplainer(explain)
  const refuse = (clause: LockedClause) => explainOnce(() => explainLock(clause))
  const build = (doc: Node): LockState => {
    const clauses = lockedClauses(doc, style, options)
    const decorations = DecorationSet.create(
      doc,
      clauses.map((clause) => Decoration.node(clause.from, clause.to, {
          class: 'clause-locked',
          'data-locked': clause.status,
          // What the lock mark beside the clause reads (styles.css).
          'data-locked-label': t('guard.lockedShort', { status: clause.status }),
          title: explainLock(clause),
        })),
    )
    return { clauses, decorations }
  }
  const selectionLock = (state: EditorState) => {
    const { from, to } = state.selection
    return touched(lockKey.getState(state)!.clauses, from, to) ?? (from === to ? null : touched(lockKey.getState(state)!.clauses, from, from))
  }
  return new Plugin<LockState>({
    key: lockKey,
    state: {
      init: (_, state) => build(state.doc),
      apply: (tr, previous, _, state) => {
        if (tr.getMeta(lockKey)) return build(state.doc)
        if (!tr.docChanged) return previous
        // Typing changes no status and no number: the locks are where they were, moved along.
        if (isTyping(tr)) return moved(previous, tr, state.doc)
        return build(state.doc)
      },
    },
    filterTransaction(tr, state) {
      if (!tr.docChanged || tr.getMeta(ySyncPluginKey)) return true
      const hit = lockedBy(tr, style, options, { doc: state.doc, clauses: lockKey.getState(state)!.clauses })
      if (hit) refuse(hit)
      return hit === null
    },
    props: {
      decorations: (state) => lockKey.getState(state)!.decorations,
      handleDOMEvents: {
        // Typing, deleting and pasting are stopped before the browser changes the page.
        beforeinput(view: EditorView, event: Event) {
          const input = event as InputEvent
          if (!/^(insert|delete|format|history)/.test(input.inputType)) return false
          const hit = selectionLock(view.state)
          if (!hit) return false
          event.preventDefault()
          refuse(hit)
          return true
        },
      },
    },
    view: () => {
      let lockedIds = ''
      return {
        update(view) {
          const ids = lockKey
            .getState(view.state)!
            .clauses.map((clause) => clause.id)
            .join(' ')
          if (ids === lockedIds) return
          const grew = ids.split(' ').some((id) => id && !lockedIds.split(' ').includes(id))
          lockedIds = ids
          if (grew) (yUndoPluginKey.getState(view.state) as { undoManager?: { clear(): void } } | undefined)?.undoManager?.clear()
        },
      }
    },
  })
}
