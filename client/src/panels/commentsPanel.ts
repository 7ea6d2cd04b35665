/**
 * Comment threads beside the text: open one on the selection, reply,
 * resolve and reopen; click a thread to see its words in the text. A
 * thread whose words were deleted is kept, marked detached, with the words
 * it was opened on. Read again when the discussion changes (the document's
 * event stream, `documentChanges.ts`) and after each action.
 */

import type { EditorView } from 'prosemirror-view'
import { ApiError, type Api } from '../api.js'
import type { SessionView } from '../../../server/vocabulary/views.js'
import type { PersonView, ThreadView } from '../../../server/vocabulary/comment.js'
import { h, replaceChildren } from '../dom.js'
import { commentKey, selectionAnchors, showThread } from '../editor/commentPlugin.js'
import type { Notices } from './notices.js'

export class CommentsPanel {
  readonly element: HTMLElement
  private readonly list = h('ul', { class: 'thread-list', 'aria-label': 'Comment threads' })
  private readonly draft = h('textarea', { class: 'new-comment', rows: 3, placeholder: 'Select words in the text, then write your comment', 'aria-label': 'New comment' })
  private signature = ''
  /** Replies being written, by thread: a refresh must not lose them. */
  private readonly replies = new Map<string, string>()

  constructor(
    private readonly api: Api,
    private readonly session: SessionView,
    private readonly notices: Notices,
    private readonly view: () => EditorView,
    /** The label a clause has now ("Paragraph 5"), or null for one no longer in the text. */
    private readonly clauseLabel: (clauseId: string) => string | null,
  ) {
    const mayWrite = session.may.edit && session.member !== null
    this.element = h(
      'section',
      { class: 'panel comments', 'aria-label': 'Comments' },
      mayWrite ? h('div', { class: 'comment-form' }, this.draft, h('button', { class: 'comment-on-selection', onclick: () => void this.open() }, 'Comment on the selection')) : null,
      this.list,
    )
  }

  async refresh(): Promise<void> {
    let threads: ThreadView[]
    try {
      threads = await this.api.comments()
    } catch {
      return // the connection status says what is wrong; the next refresh tries again
    }
    const view = this.view()
    view.dispatch(view.state.tr.setMeta(commentKey, threads))
    const signature = JSON.stringify(threads)
    if (signature === this.signature) return
    this.signature = signature
    this.render(threads)
  }

  private async open(): Promise<void> {
    const anchors = selectionAnchors(this.view().state)
    if (!anchors) return this.notices.show('Select the words the comment is about first.', 'warning')
    const body = this.draft.value.trim()
    if (!body) return this.notices.show('Write the comment first.', 'warning')
    // Words typed a moment ago may still be on their way to the server: try again shortly.
    for (let attempt = 0; ; attempt++) {
      try {
        await this.api.openThread(anchors.from, anchors.to, body)
        break
      } catch (error) {
        if (error instanceof ApiError && error.status === 409 && attempt < 3) {
          await new Promise((resolve) => setTimeout(resolve, 500))
          continue
        }
        return this.notices.show(error instanceof Error ? error.message : String(error), 'warning')
      }
    }
    this.draft.value = ''
    await this.refresh()
  }

  private act(work: () => Promise<unknown>): () => Promise<void> {
    return async () => {
      try {
        await work()
      } catch (error) {
        this.notices.show(error instanceof Error ? error.message : String(error), 'warning')
      }
      await this.refresh()
    }
  }

  private render(threads: ThreadView[]): void {
    const mayWrite = this.session.may.edit && this.session.member !== null
    const ordered = [...threads.filter((thread) => !thread.resolved), ...threads.filter((thread) => thread.resolved)]
    replaceChildren(
      this.list,
      ordered.length === 0 ? h('li', { class: 'empty' }, 'No comments yet.') : null,
      ordered.map((thread) => {
        const where = thread.clauseId === null ? null : this.clauseLabel(thread.clauseId)
        const opened = `${where ? `${where} · ` : ''}opened by ${personText(thread.createdBy)}, ${timeText(thread.createdAt)}`
        const reply = h('textarea', { class: 'reply', rows: 2, placeholder: 'Reply', 'aria-label': 'Reply', oninput: () => this.replies.set(thread.id, reply.value) })
        reply.value = this.replies.get(thread.id) ?? ''
        const body = [
          h('p', { class: 'thread-opened' }, opened),
          h(
            'blockquote',
            {
              class: 'thread-quote',
              title: thread.state === 'anchored' ? 'Show in the text' : 'The words were deleted',
              onclick: () => {
                if (!showThread(this.view(), thread)) this.notices.show('The words of this thread are no longer in the text.', 'info')
              },
            },
            thread.state === 'detached' ? h('span', { class: 'badge detached' }, 'detached') : null,
            `“${thread.state === 'anchored' ? thread.text : thread.quote}”`,
          ),
          thread.state === 'anchored' && thread.text !== thread.quote ? h('p', { class: 'hint' }, `Opened on “${thread.quote}”`) : null,
          h(
            'ol',
            { class: 'messages' },
            thread.messages.map((message) =>
              h('li', {}, h('span', { class: 'author' }, personText(message.author)), ' ', h('time', { class: 'message-time', datetime: message.createdAt }, timeText(message.createdAt)), h('p', {}, message.body)),
            ),
          ),
          mayWrite
            ? h(
                'div',
                { class: 'thread-actions' },
                thread.resolved ? null : reply,
                thread.resolved
                  ? null
                  : h('button', { class: 'send-reply', onclick: this.act(async () => {
                        if (!reply.value.trim()) return
                        await this.api.reply(thread.id, reply.value.trim())
                        this.replies.delete(thread.id)
                      }) }, 'Reply'),
                h(
                  'button',
                  { class: thread.resolved ? 'reopen-thread' : 'resolve-thread', onclick: this.act(() => this.api.setThreadResolved(thread.id, !thread.resolved)) },
                  thread.resolved ? 'Reopen' : 'Resolve',
                ),
              )
            : null,
        ]
        return h(
          'li',
          { class: `thread${thread.resolved ? ' resolved' : ''}`, 'data-thread': thread.id, 'data-state': thread.state },
          // A resolved thread folds away under one line, to be opened when wanted.
          thread.resolved
            ? h('details', { class: 'resolved-thread' }, h('summary', {}, `Resolved by ${personText(thread.resolved.by)}, ${timeText(thread.resolved.at)}: “${thread.quote}”`), ...body)
            : body,
        )
      }),
    )
  }
}

/** "Khun Somchai · TH": a member by name and party. */
const personText = (person: PersonView) => `${person.name}${person.party ? ` · ${person.party}` : ''}`

/** "3 Dec 2026, 14:05": a moment no reader can take for another day. */
const timeText = (iso: string) => new Date(iso).toLocaleString(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' })
