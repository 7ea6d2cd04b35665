/**
 * Comment threads beside the text: open one on the selection, reply,
 * resolve and reopen; click a thread to see its words in the text. A
 * thread whose words were deleted is kept, marked detached, with the words
 * it was opened on. Read again when the discussion changes (the document's
 * event stream, `documentChanges.ts`) and after each action.
 *
 * The words selected stay highlighted while the comment is written (the
 * pending selection, `commentPlugin.ts`); with none selected, a comment is
 * refused in words. What is being written — a new comment or a reply —
 * survives the list being drawn again as threads arrive: the fields are
 * kept, and one being typed in keeps the focus and the caret.
 *
 * A member with a private layer (a party's heads of delegation, delegates
 * and legal staff) may open a thread "Only my delegation": the party's
 * own, listed with the shared ones and marked as the party's. Private
 * threads are read from `GET …/private` — never on the event stream — so
 * they are read again after the member's own actions and whenever the
 * list is read again.
 */

import type { EditorView } from 'prosemirror-view'
import { ApiError, type Api } from '../api.js'
import type { SessionView } from '../../../server/vocabulary/views.js'
import type { PersonView, ThreadView } from '../../../server/vocabulary/comment.js'
import type { PrivateThreadView } from '../../../server/vocabulary/privateLayer.js'
import { h, replaceChildren } from '../dom.js'
import { commentOpened, commentTarget, isPrivateThread, showThread, showThreads } from '../editor/commentPlugin.js'
import type { Notices } from './notices.js'
import { formatDateTime } from '../i18n/dateFormat.js'
import { errorText } from '../i18n/errorWords.js'
import { t } from '../i18n/translator.js'

/** The panel's words, in the interface's language (read when the panel is drawn, after the page chose its language). */
const words = {
  get list() { return t('comments.list') },
  get panel() { return t('comments.panel') },
  get newComment() { return t('comments.new') },
  get newCommentPlaceholder() { return t('comments.newPlaceholder') },
  get commentOnSelection() { return t('comments.onSelection') },
  get selectFirst() { return t('comments.selectFirst') },
  get writeFirst() { return t('comments.writeFirst') },
  get none() { return t('comments.none') },
  get reply() { return t('comments.reply') },
  get resolve() { return t('comments.resolve') },
  get reopen() { return t('comments.reopen') },
  get showInText() { return t('comments.showInText') },
  get wordsDeleted() { return t('comments.wordsDeleted') },
  get detached() { return t('comments.detached') },
  get noLongerInText() { return t('comments.noLongerInText') },
  openedOn: (quote: string) => t('comments.openedOn', { quote }),
  opened: (where: string | null, by: string, when: string) => t('comments.opened', { where: where ?? 'none', by, when }),
  resolvedBy: (by: string, when: string, quote: string) => t('comments.resolvedBy', { by, when, quote }),
  get onlyMyDelegation() { return t('comments.onlyMyDelegation') },
  onlyMyDelegationHint: (party: string) => t('comments.onlyMyDelegationHint', { party }),
  privateTo: (party: string) => t('comments.privateTo', { party }),
}

/** A thread as the list shows it: shared, or one of the member's party's private threads. */
type ListedThread = ThreadView | PrivateThreadView

export class CommentsPanel {
  readonly element: HTMLElement
  private readonly list = h('ul', { class: 'thread-list', 'aria-label': words.list })
  private readonly draft = h('textarea', { class: 'new-comment', rows: 3, placeholder: words.newCommentPlaceholder, 'aria-label': words.newComment })
  private signature = ''
  /** The reply field of each thread, kept across redrawing so that what is written in one stays, focus and caret too. */
  private readonly replies = new Map<string, HTMLTextAreaElement>()
  /** The resolved threads unfolded, which stay so when the list is drawn again. */
  private readonly unfolded = new Set<string>()
  /** "Only my delegation": a new thread is the member's party's alone (a member with a private layer only). */
  private readonly onlyMine = h('input', { type: 'checkbox', class: 'comment-only-mine', 'aria-label': words.onlyMyDelegation })
  /** The party's private threads as last read (kept when a reading fails). */
  private privateThreads: PrivateThreadView[] = []

  constructor(
    private readonly api: Api,
    private readonly session: SessionView,
    private readonly notices: Notices,
    private readonly view: () => EditorView,
    /** The label a clause has now ("Paragraph 5"), or null for one no longer in the text. */
    private readonly clauseLabel: (clauseId: string) => string | null,
    /** The member's party's short name ("DSI") when the member has a private layer, else null: no private threads. */
    private readonly privateParty: string | null = null,
  ) {
    const mayWrite = session.may.edit && session.member !== null
    this.element = h(
      'section',
      { class: 'panel comments', 'aria-label': words.panel },
      mayWrite
        ? h(
            'div',
            { class: 'comment-form' },
            this.draft,
            h(
              'div',
              { class: 'comment-form-actions' },
              h('button', { class: 'comment-on-selection', onclick: () => void this.open() }, words.commentOnSelection),
              privateParty !== null ? h('label', { class: 'comment-private', title: words.onlyMyDelegationHint(privateParty) }, this.onlyMine, ` ${words.onlyMyDelegation}`) : null,
            ),
          )
        : null,
      this.list,
    )
  }

  async refresh(): Promise<void> {
    let shared: ThreadView[]
    const privately = this.privateParty !== null ? this.api.privateLayer().then((layer) => layer.threads) : Promise.resolve([])
    try {
      shared = await this.api.comments()
    } catch {
      return // the connection status says what is wrong; the next refresh tries again
    }
    try {
      this.privateThreads = await privately
    } catch {
      // The private threads as last read stay; the next refresh reads them again.
    }
    const threads: ListedThread[] = [...shared, ...this.privateThreads].sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    showThreads(this.view(), threads)
    const signature = JSON.stringify(threads)
    if (signature === this.signature) return
    this.signature = signature
    this.render(threads)
  }

  private async open(): Promise<void> {
    const anchors = commentTarget(this.view())
    if (!anchors) return this.notices.show(words.selectFirst, 'warning')
    const body = this.draft.value.trim()
    if (!body) return this.notices.show(words.writeFirst, 'warning')
    // Words typed a moment ago may still be on their way to the server: try again shortly.
    for (let attempt = 0; ; attempt++) {
      try {
        await this.api.openThread(anchors.from, anchors.to, body, this.privateParty !== null && this.onlyMine.checked ? 'party' : 'shared')
        break
      } catch (error) {
        if (error instanceof ApiError && error.status === 409 && attempt < 3) {
          await new Promise((resolve) => setTimeout(resolve, 500))
          continue
        }
        return this.notices.show(errorText(error), 'warning')
      }
    }
    this.draft.value = ''
    commentOpened(this.view())
    await this.refresh()
  }

  /** The reply field of `threadId`: the one already made, with what is written in it, or a new one. */
  private replyField(threadId: string): HTMLTextAreaElement {
    let field = this.replies.get(threadId)
    if (!field) {
      field = h('textarea', { class: 'reply', rows: 2, placeholder: words.reply, 'aria-label': words.reply })
      this.replies.set(threadId, field)
    }
    return field
  }

  private act(work: () => Promise<unknown>): () => Promise<void> {
    return async () => {
      try {
        await work()
      } catch (error) {
        this.notices.show(errorText(error), 'warning')
      }
      await this.refresh()
    }
  }

  private render(threads: ListedThread[]): void {
    const mayWrite = this.session.may.edit && this.session.member !== null
    const ordered = [...threads.filter((thread) => !thread.resolved), ...threads.filter((thread) => thread.resolved)]
    const present = new Set(threads.map((thread) => thread.id))
    for (const id of this.replies.keys()) if (!present.has(id)) this.replies.delete(id)
    for (const id of this.unfolded) if (!present.has(id)) this.unfolded.delete(id)
    // Redrawing takes the focus from a field being typed in: it is given back, caret and all.
    const typing = document.activeElement instanceof HTMLTextAreaElement && this.list.contains(document.activeElement) ? document.activeElement : null
    const caret = typing && ([typing.selectionStart, typing.selectionEnd, typing.selectionDirection] as const)
    replaceChildren(
      this.list,
      ordered.length === 0 ? h('li', { class: 'empty' }, words.none) : null,
      ordered.map((thread) => {
        const where = thread.clauseId === null ? null : this.clauseLabel(thread.clauseId)
        const reply = this.replyField(thread.id)
        const body = [
          isPrivateThread(thread) ? h('p', { class: 'thread-private' }, h('span', { class: 'badge private' }, words.privateTo(this.privateParty ?? thread.party))) : null,
          h('p', { class: 'thread-opened' }, words.opened(where, personText(thread.createdBy), timeText(thread.createdAt))),
          h(
            'blockquote',
            {
              class: 'thread-quote',
              title: thread.state === 'anchored' ? words.showInText : words.wordsDeleted,
              onclick: () => {
                if (!showThread(this.view(), thread)) this.notices.show(words.noLongerInText, 'info')
              },
            },
            thread.state === 'detached' ? h('span', { class: 'badge detached' }, words.detached) : null,
            `“${thread.state === 'anchored' ? thread.text : thread.quote}”`,
          ),
          thread.state === 'anchored' && thread.text !== thread.quote ? h('p', { class: 'hint' }, words.openedOn(thread.quote)) : null,
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
                  : h(
                      'button',
                      {
                        class: 'send-reply',
                        onclick: this.act(async () => {
                          if (!reply.value.trim()) return
                          await this.api.reply(thread.id, reply.value.trim())
                          reply.value = ''
                        }),
                      },
                      words.reply,
                    ),
                h(
                  'button',
                  { class: thread.resolved ? 'reopen-thread' : 'resolve-thread', onclick: this.act(() => this.api.setThreadResolved(thread.id, !thread.resolved)) },
                  thread.resolved ? words.reopen : words.resolve,
                ),
              )
            : null,
        ]
        return h(
          'li',
          { class: `thread${thread.resolved ? ' resolved' : ''}${isPrivateThread(thread) ? ' private' : ''}`, 'data-thread': thread.id, 'data-state': thread.state, 'data-visibility': isPrivateThread(thread) ? 'party' : 'shared' },
          // A resolved thread folds away under one line, to be opened when wanted.
          thread.resolved
            ? h(
                'details',
                {
                  class: 'resolved-thread',
                  open: this.unfolded.has(thread.id),
                  ontoggle: (event: Event) => {
                    if ((event.currentTarget as HTMLDetailsElement).open) this.unfolded.add(thread.id)
                    else this.unfolded.delete(thread.id)
                  },
                },
                h('summary', {}, words.resolvedBy(personText(thread.resolved.by), timeText(thread.resolved.at), thread.quote)),
                ...body,
              )
            : body,
        )
      }),
    )
    if (typing && caret && typing.isConnected) {
      typing.focus()
      typing.setSelectionRange(caret[0], caret[1], caret[2] ?? undefined)
    }
  }
}

/** "Khun Somchai · TH": a member by name and party. */
const personText = (person: PersonView) => `${person.name}${person.party ? ` · ${person.party}` : ''}`

/** "3 Dec 2026, 14:05": a moment no reader can take for another day. */
const timeText = (iso: string) => formatDateTime(iso)
