/**
 * Comment threads in the text: the span of every open, anchored thread is
 * highlighted, placed from the thread's Yjs relative positions (so it sits
 * on the same words whatever was edited around them), and a selection
 * becomes the anchors of a new thread.
 */

import { Plugin, PluginKey, TextSelection, type EditorState } from 'prosemirror-state'
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view'
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from 'y-prosemirror'
import * as Y from 'yjs'
import type { ThreadView } from '../../../server/vocabulary/comment.js'

interface CommentState {
  threads: ThreadView[]
  decorations: DecorationSet
}

export const commentKey = new PluginKey<CommentState>('counterpart-comments')

type Binding = { mapping: Map<unknown, unknown>; type: Y.XmlFragment; doc: Y.Doc }

const bindingOf = (state: EditorState): Binding | null => (ySyncPluginKey.getState(state) as { binding?: Binding } | undefined)?.binding ?? null

/** Where a thread's span is in the editor now, or null (detached, or not placed yet). */
export function spanOf(state: EditorState, thread: Pick<ThreadView, 'from' | 'to'>): { from: number; to: number } | null {
  const binding = bindingOf(state)
  if (!binding) return null
  const place = (json: Record<string, unknown>) =>
    relativePositionToAbsolutePosition(binding.doc, binding.type, Y.createRelativePositionFromJSON(json), binding.mapping as never) as number | null
  const from = place(thread.from)
  const to = place(thread.to)
  return from !== null && to !== null && from < to ? { from, to } : null
}

/** The selection as anchors for a new thread (JSON relative positions); null when nothing is selected. */
export function selectionAnchors(state: EditorState): { from: unknown; to: unknown } | null {
  const binding = bindingOf(state)
  const { from, to } = state.selection
  if (!binding || from === to) return null
  const start = absolutePositionToRelativePosition(from, binding.type, binding.mapping as never)
  // The end sticks to the last selected character, so text typed after the span stays outside it.
  const last = absolutePositionToRelativePosition(to - 1, binding.type, binding.mapping as never)
  const end = new Y.RelativePosition(last.type, last.tname, last.item, -1)
  return { from: Y.relativePositionToJSON(start), to: Y.relativePositionToJSON(end) }
}

/** Selects a thread's span and scrolls it into view; false when it has no place in the text. */
export function showThread(view: EditorView, thread: ThreadView): boolean {
  const span = spanOf(view.state, thread)
  if (!span) return false
  view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, span.from, span.to)).scrollIntoView())
  view.focus()
  return true
}

function decorate(state: EditorState, threads: ThreadView[]): DecorationSet {
  const decorations: Decoration[] = []
  for (const thread of threads) {
    if (thread.resolved || thread.state !== 'anchored') continue
    const span = spanOf(state, thread)
    if (span) decorations.push(Decoration.inline(span.from, span.to, { class: 'comment-anchor', 'data-thread': thread.id, title: `${thread.messages.length} comment(s): ${thread.messages[0]?.body ?? ''}` }))
  }
  return DecorationSet.create(state.doc, decorations)
}

export function commentPlugin(): Plugin<CommentState> {
  return new Plugin<CommentState>({
    key: commentKey,
    state: {
      init: (_, state) => ({ threads: [], decorations: DecorationSet.empty.map(state.tr.mapping, state.doc) }),
      apply(tr, previous, _, state) {
        const threads = tr.getMeta(commentKey) as ThreadView[] | undefined
        // New threads, or changes from the other members (the Yjs mapping is current then): place afresh;
        // local edits: move the highlights with the text.
        if (threads || (tr.docChanged && tr.getMeta(ySyncPluginKey))) return { threads: threads ?? previous.threads, decorations: decorate(state, threads ?? previous.threads) }
        return tr.docChanged ? { ...previous, decorations: previous.decorations.map(tr.mapping, tr.doc) } : previous
      },
    },
    props: { decorations: (state) => commentKey.getState(state)!.decorations },
  })
}
