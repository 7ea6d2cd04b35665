/**
 * Comment threads on the text of live documents: opened on a span (Yjs
 * relative positions, so they move with every edit), replied to, resolved
 * and reopened. Every member of the document reads them; every member but
 * an observer writes.
 */

import { randomUUID } from 'node:crypto'
import * as Y from 'yjs'
import { requireEditing, type Principal } from '../access/principal.js'
import type { DocumentCatalog } from './documentCatalog.js'
import { conflict, forbidden, notFound } from '../vocabulary/errors.js'
import { anchorText, resolveAnchor } from '../negotiation/commentAnchor.js'
import type { CommentStore } from '../storage/commentStore.js'
import type { MemberStore } from '../storage/memberStore.js'
import type { DocumentEditor } from './documentEditor.js'
import type { DocumentEvents } from './documentEvents.js'
import type { CommentThreadRecord, PersonView, ThreadView } from '../vocabulary/comment.js'
import type { MemberRecord } from '../vocabulary/member.js'
import { refusal } from '../vocabulary/refusal.js'

export class Discussion {
  constructor(
    private readonly catalog: DocumentCatalog,
    private readonly editor: DocumentEditor,
    private readonly comments: CommentStore,
    private readonly members: MemberStore,
    /** Told of every thread opened, replied to, resolved or reopened. */
    private readonly events: Pick<DocumentEvents, 'publish'>,
  ) {}

  /** Every thread, oldest first, placed in the current text. */
  async list(principal: Principal, documentId: string): Promise<ThreadView[]> {
    await this.catalog.get(principal, documentId)
    const [threads, members] = await Promise.all([this.comments.list(documentId), this.memberMap(documentId)])
    const placed = await this.editor.read(documentId, (doc) => threads.map((thread) => place(doc, thread)))
    return threads.map((thread, index) => threadView(thread, placed[index]!, members))
  }

  /** Opens a thread on the span between `from` and `to` with its first message. */
  async open(principal: Principal, documentId: string, request: { from: Y.RelativePosition; to: Y.RelativePosition; body: string }): Promise<ThreadView> {
    const author = await this.writer(principal, documentId)
    const { quote } = await this.editor.read(documentId, (doc) => anchorText(doc, request.from, request.to))
    const thread = await this.comments.create({
      id: randomUUID(),
      documentId,
      anchorFrom: Y.encodeRelativePosition(request.from),
      anchorTo: Y.encodeRelativePosition(request.to),
      quote,
      createdBy: author.id,
      body: request.body,
    })
    return this.told(documentId, thread)
  }

  async reply(principal: Principal, documentId: string, threadId: string, body: string): Promise<ThreadView> {
    const author = await this.writer(principal, documentId)
    return this.told(documentId, found(await this.comments.reply(documentId, threadId, body, author.id), threadId))
  }

  /** Resolves an open thread (`resolved` true) or reopens a resolved one. */
  async setResolved(principal: Principal, documentId: string, threadId: string, resolved: boolean): Promise<ThreadView> {
    const member = await this.writer(principal, documentId)
    const thread = found(await this.comments.get(documentId, threadId), threadId)
    if ((thread.resolvedAt !== null) === resolved) throw conflict(refusal('refusal.comment.alreadyResolved', { thread: threadId, resolved: resolved ? 'yes' : 'no' }))
    return this.told(documentId, found(await this.comments.setResolved(documentId, threadId, resolved ? member.id : null), threadId))
  }

  /** Tells the document's pages that `thread` changed, and answers with its view. */
  private async told(documentId: string, thread: CommentThreadRecord): Promise<ThreadView> {
    this.events.publish(documentId, 'comments')
    return this.view(documentId, thread)
  }

  private async writer(principal: Principal, documentId: string): Promise<MemberRecord> {
    requireEditing(principal, documentId)
    if (principal.kind !== 'member') throw forbidden(refusal('refusal.comment.administrator'))
    await this.catalog.get(principal, documentId)
    return principal.member
  }

  private async view(documentId: string, thread: CommentThreadRecord): Promise<ThreadView> {
    const [placed, members] = await Promise.all([this.editor.read(documentId, (doc) => place(doc, thread)), this.memberMap(documentId)])
    return threadView(thread, placed, members)
  }

  private async memberMap(documentId: string): Promise<Map<string, MemberRecord>> {
    return new Map((await this.members.list(documentId)).map((member) => [member.id, member]))
  }
}

function found(thread: CommentThreadRecord | null, threadId: string): CommentThreadRecord {
  if (!thread) throw notFound(refusal('refusal.comment.threadNotFound', { thread: threadId }))
  return thread
}

function place(doc: Y.Doc, thread: CommentThreadRecord): { state: 'anchored' | 'detached'; text: string; clauseId: string | null } {
  const resolved = resolveAnchor(doc, Y.decodeRelativePosition(thread.anchorFrom), Y.decodeRelativePosition(thread.anchorTo))
  return resolved === 'unknown' ? { state: 'detached', text: '', clauseId: null } : resolved
}

function threadView(thread: CommentThreadRecord, placed: ReturnType<typeof place>, members: Map<string, MemberRecord>): ThreadView {
  const person = (memberId: string): PersonView => {
    const member = members.get(memberId)
    return { memberId, name: member?.name ?? 'unknown member', party: member?.party ?? null }
  }
  return {
    id: thread.id,
    ...placed,
    quote: thread.quote,
    from: Y.relativePositionToJSON(Y.decodeRelativePosition(thread.anchorFrom)) as Record<string, unknown>,
    to: Y.relativePositionToJSON(Y.decodeRelativePosition(thread.anchorTo)) as Record<string, unknown>,
    createdBy: person(thread.createdBy),
    createdAt: thread.createdAt.toISOString(),
    resolved: thread.resolvedAt && thread.resolvedBy ? { by: person(thread.resolvedBy), at: thread.resolvedAt.toISOString() } : null,
    messages: thread.messages.map((message) => ({ id: message.id, body: message.body, author: person(message.authorId), createdAt: message.createdAt.toISOString() })),
  }
}
