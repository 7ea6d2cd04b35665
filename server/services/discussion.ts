/**
 * Comment threads on the text of live documents: opened on a span (Yjs
 * relative positions, so they move with every edit), replied to, resolved
 * and reopened. Every member of the document reads the shared ones; every
 * member but an observer writes.
 *
 * A party's private threads (`visibility: "party"`) are anchored and shown
 * the same way but kept in a store of their own, read and written with the
 * asker's party alone (`privateLayerParty`): to anyone else a private
 * thread's id is a thread that does not exist, in the same words. They are
 * never told to the shared event stream (which reaches every member) nor
 * audited, and the shared listing — and so the waiting list — never holds
 * them.
 */

import { randomUUID } from 'node:crypto'
import * as Y from 'yjs'
import { maybePrivateLayerParty, privateLayerParty, requireEditing, type Principal } from '../access/principal.js'
import type { DocumentCatalog } from './documentCatalog.js'
import { conflict, forbidden, notFound } from '../vocabulary/errors.js'
import { anchorText, resolveAnchor } from '../negotiation/commentAnchor.js'
import type { CommentStore } from '../storage/commentStore.js'
import type { PrivateThreadStore } from '../storage/privateThreadStore.js'
import type { MemberStore } from '../storage/memberStore.js'
import type { DocumentEditor } from './documentEditor.js'
import type { DocumentEvents } from './documentEvents.js'
import type { CommentThreadRecord, CommentVisibility, PersonView, ThreadView } from '../vocabulary/comment.js'
import type { PrivateThreadRecord, PrivateThreadView } from '../vocabulary/privateLayer.js'
import type { MemberRecord } from '../vocabulary/member.js'
import { refusal } from '../vocabulary/refusal.js'

export class Discussion {
  constructor(
    private readonly catalog: DocumentCatalog,
    private readonly editor: DocumentEditor,
    private readonly comments: CommentStore,
    /** Each party's private threads, always read and written with the asker's own party. */
    private readonly partyThreads: PrivateThreadStore,
    private readonly members: MemberStore,
    /** Told of every shared thread opened, replied to, resolved or reopened (never of a private one). */
    private readonly events: Pick<DocumentEvents, 'publish'>,
  ) {}

  /** Every shared thread, oldest first, placed in the current text. */
  async list(principal: Principal, documentId: string): Promise<ThreadView[]> {
    await this.catalog.get(principal, documentId)
    const [threads, members] = await Promise.all([this.comments.list(documentId), this.memberMap(documentId)])
    const placed = await this.editor.read(documentId, (doc) => threads.map((thread) => place(doc, thread)))
    return threads.map((thread, index) => threadView(thread, placed[index]!, members))
  }

  /** The asker's party's private threads, oldest first, placed in the current text. Forbidden to anyone with no private layer. */
  async listPrivate(principal: Principal, documentId: string): Promise<PrivateThreadView[]> {
    const party = privateLayerParty(principal, documentId)
    await this.catalog.get(principal, documentId)
    const [threads, members] = await Promise.all([this.partyThreads.list(documentId, party), this.memberMap(documentId)])
    const placed = await this.editor.read(documentId, (doc) => threads.map((thread) => place(doc, thread)))
    return threads.map((thread, index) => privateThreadView(thread, placed[index]!, members))
  }

  /**
   * Opens a thread on the span between `from` and `to` with its first
   * message: a shared one, or with `visibility` "party" one of the asker's
   * party's private threads (Forbidden to anyone with no private layer).
   */
  async open(
    principal: Principal,
    documentId: string,
    request: { from: Y.RelativePosition; to: Y.RelativePosition; body: string; visibility?: CommentVisibility },
  ): Promise<ThreadView | PrivateThreadView> {
    const party = request.visibility === 'party' ? privateLayerParty(principal, documentId) : null
    const author = await this.writer(principal, documentId)
    const { quote } = await this.editor.read(documentId, (doc) => anchorText(doc, request.from, request.to))
    const thread = {
      id: randomUUID(),
      documentId,
      anchorFrom: Y.encodeRelativePosition(request.from),
      anchorTo: Y.encodeRelativePosition(request.to),
      quote,
      createdBy: author.id,
      body: request.body,
    }
    if (party === null) return this.told(documentId, await this.comments.create(thread))
    return this.privateView(documentId, await this.partyThreads.create({ ...thread, party }))
  }

  /** Adds a message to a shared thread, or to one of the asker's party's private threads. */
  async reply(principal: Principal, documentId: string, threadId: string, body: string): Promise<ThreadView | PrivateThreadView> {
    const author = await this.writer(principal, documentId)
    const held = await this.heldPrivately(principal, documentId, threadId)
    if (held !== null) return this.privateView(documentId, found(await this.partyThreads.reply(documentId, held.party, threadId, body, author.id), threadId))
    return this.told(documentId, found(await this.comments.reply(documentId, threadId, body, author.id), threadId))
  }

  /** Resolves an open thread (`resolved` true) or reopens a resolved one: a shared thread, or one of the asker's party's private threads. */
  async setResolved(principal: Principal, documentId: string, threadId: string, resolved: boolean): Promise<ThreadView | PrivateThreadView> {
    const member = await this.writer(principal, documentId)
    const held = await this.heldPrivately(principal, documentId, threadId)
    const thread = held ?? found(await this.comments.get(documentId, threadId), threadId)
    if ((thread.resolvedAt !== null) === resolved) throw conflict(refusal('refusal.comment.alreadyResolved', { thread: threadId, resolved: resolved ? 'yes' : 'no' }))
    const by = resolved ? member.id : null
    if (held !== null) return this.privateView(documentId, found(await this.partyThreads.setResolved(documentId, held.party, threadId, by), threadId))
    return this.told(documentId, found(await this.comments.setResolved(documentId, threadId, by), threadId))
  }

  /**
   * Thread `threadId` when it is one of the asker's party's private
   * threads; null otherwise — a shared thread, none at all, or another
   * party's, which is looked for nowhere.
   */
  private async heldPrivately(principal: Principal, documentId: string, threadId: string): Promise<PrivateThreadRecord | null> {
    const party = maybePrivateLayerParty(principal, documentId)
    return party === null ? null : this.partyThreads.get(documentId, party, threadId)
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

  /** A private thread's view, told to no one: that a party discusses a span is already something the other side must not learn. */
  private async privateView(documentId: string, thread: PrivateThreadRecord): Promise<PrivateThreadView> {
    const [placed, members] = await Promise.all([this.editor.read(documentId, (doc) => place(doc, thread)), this.memberMap(documentId)])
    return privateThreadView(thread, placed, members)
  }

  private async memberMap(documentId: string): Promise<Map<string, MemberRecord>> {
    return new Map((await this.members.list(documentId)).map((member) => [member.id, member]))
  }
}

function found<Thread extends CommentThreadRecord>(thread: Thread | null, threadId: string): Thread {
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

function privateThreadView(thread: PrivateThreadRecord, placed: ReturnType<typeof place>, members: Map<string, MemberRecord>): PrivateThreadView {
  return { ...threadView(thread, placed, members), visibility: 'party', party: thread.party }
}
