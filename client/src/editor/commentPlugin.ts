/**
 * Comment threads in the text: the span of every open, anchored thread is
 * highlighted, placed from the thread's Yjs relative positions (so it sits
 * on the same words whatever was edited around them), and a selection
 * becomes the anchors of a new thread.
 *
 * The selection a comment is about stays highlighted once the focus
 * leaves the text (to write the comment): when the editor loses the focus
 * with words selected, they become the pending selection, anchored like a
 * thread and shown as one; it goes when the editor has the focus again
 * (its own selection shows then) or when the comment is opened.
 */

import { Plugin, PluginKey, TextSelection, type EditorState } from 'prosemirror-state'
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view'
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from 'y-prosemirror'
import * as Y from 'yjs'
import type { ThreadView } from '../../../server/vocabulary/comment.js'
import type { PrivateThreadView } from '../../../server/vocabulary/privateLayer.js'
import { t } from '../i18n/translator.js'

/** A span of the shared text as Yjs relative positions (JSON), as a thread is anchored. */
export interface Anchors {
  from: Record<string, unknown>
  to: Record<string, unknown>
}

interface CommentState {
  threads: ThreadView[]
  /** The words selected when the focus left the editor, or null. */
  pending: Anchors | null
  decorations: DecorationSet
}

/** What a transaction tells the plugin: the threads as read from the server, or the pending selection. */
type CommentMeta = { threads: ThreadView[] } | { pending: Anchors | null }

/** Whether `thread` is one of the member's party's private threads (`GET …/private`) rather than a shared one. */
export const isPrivateThread = (thread: ThreadView): thread is PrivateThreadView => 'visibility' in thread && thread.visibility === 'party'

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
export function selectionAnchors(state: EditorState): Anchors | null {
  const binding = bindingOf(state)
  const { from, to } = state.selection
  if (!binding || from === to) return null
  const start = absolutePositionToRelativePosition(from, binding.type, binding.mapping as never)
  // The end sticks to the last selected character, so text typed after the span stays outside it.
  const last = absolutePositionToRelativePosition(to - 1, binding.type, binding.mapping as never)
  const end = new Y.RelativePosition(last.type, last.tname, last.item, -1)
  return { from: Y.relativePositionToJSON(start) as Record<string, unknown>, to: Y.relativePositionToJSON(end) as Record<string, unknown> }
}

/** Shows `threads` in the text. */
export function showThreads(view: EditorView, threads: ThreadView[]): void {
  view.dispatch(view.state.tr.setMeta(commentKey, { threads } satisfies CommentMeta))
}

/**
 * The words a new comment is about: the selection while the editor has
 * the focus, else the pending selection (the words selected when the
 * focus left it); null when there are none.
 */
export function commentTarget(view: EditorView): Anchors | null {
  return view.hasFocus() ? selectionAnchors(view.state) : commentKey.getState(view.state)!.pending
}

/** Once a comment is opened: the pending highlight goes and the selection collapses to its end, so the next comment needs words selected anew. */
export function commentOpened(view: EditorView): void {
  const { state } = view
  view.dispatch(state.tr.setSelection(TextSelection.create(state.doc, state.selection.to)).setMeta(commentKey, { pending: null } satisfies CommentMeta))
}

/** Selects a thread's span and scrolls it into view; false when it has no place in the text. */
export function showThread(view: EditorView, thread: ThreadView): boolean {
  const span = spanOf(view.state, thread)
  if (!span) return false
  view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, span.from, span.to)).scrollIntoView())
  view.focus()
  return true
}

function decorate(state: EditorState, threads: readonly ThreadView[], pending: Anchors | null): DecorationSet {
  const decorations: Decoration[] = []
  for (const thread of threads) {
    if (thread.resolved || thread.state !== 'anchored') continue
    const span = spanOf(state, thread)
    // A party's private thread is told apart from the shared ones in the text too.
    if (span) decorations.push(Decoration.inline(span.from, span.to, { class: isPrivateThread(thread) ? 'comment-anchor private' : 'comment-anchor', 'data-thread': thread.id, title: t('comments.anchorTitle', { count: thread.messages.length, body: thread.messages[0]?.body ?? '' }) }))
  }
  const span = pending && spanOf(state, pending)
  if (span) decorations.push(Decoration.inline(span.from, span.to, { class: 'comment-pending' }))
  return DecorationSet.create(state.doc, decorations)
}

export function commentPlugin(): Plugin<CommentState> {
  /** Tells the plugin of the words selected as the focus leaves (none: null). */
  const setPending = (view: EditorView, pending: Anchors | null) => view.dispatch(view.state.tr.setMeta(commentKey, { pending } satisfies CommentMeta))
  return new Plugin<CommentState>({
    key: commentKey,
    state: {
      init: (_, state) => ({ threads: [], pending: null, decorations: DecorationSet.empty.map(state.tr.mapping, state.doc) }),
      apply(tr, previous, _, state) {
        const meta = tr.getMeta(commentKey) as CommentMeta | undefined
        // New threads or a new pending selection, or changes from the other members (the Yjs mapping is current then): place afresh;
        // local edits: move the highlights with the text.
        if (meta || (tr.docChanged && tr.getMeta(ySyncPluginKey))) {
          const threads = meta && 'threads' in meta ? meta.threads : previous.threads
          const pending = meta && 'pending' in meta ? meta.pending : previous.pending
          return { threads, pending, decorations: decorate(state, threads, pending) }
        }
        return tr.docChanged ? { ...previous, decorations: previous.decorations.map(tr.mapping, tr.doc) } : previous
      },
    },
    props: {
      decorations: (state) => commentKey.getState(state)!.decorations,
      handleDOMEvents: {
        blur(view) {
          const pending = selectionAnchors(view.state)
          if (pending || commentKey.getState(view.state)!.pending) setPending(view, pending)
          return false
        },
        focus(view) {
          if (commentKey.getState(view.state)!.pending) setPending(view, null)
          return false
        },
      },
    },
  })
}
