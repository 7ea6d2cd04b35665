/**
 * Comment threads: as stored, and as members see them (the API's and the
 * browser client's vocabulary): where its words are now, what they were,
 * and its messages.
 */

/**
 * Who a thread is opened for (`POST …/comments`, field `visibility`):
 * everyone in the negotiation, or the asker's party alone (a private
 * thread, in that party's private layer).
 */
export const commentVisibilities = ['shared', 'party'] as const
export type CommentVisibility = (typeof commentVisibilities)[number]

export interface CommentMessage {
  id: number
  body: string
  authorId: string
  createdAt: Date
}

export interface CommentThreadRecord {
  id: string
  documentId: string
  /** Encoded Yjs relative positions of the start and the end of the span. */
  anchorFrom: Uint8Array
  anchorTo: Uint8Array
  /** The text the thread was opened on, kept for when the text is gone. */
  quote: string
  createdBy: string
  createdAt: Date
  resolvedAt: Date | null
  resolvedBy: string | null
  messages: CommentMessage[]
}

export interface PersonView {
  memberId: string
  name: string
  party: string | null
}

export interface ThreadView {
  id: string
  /** Where the span is now: 'detached' once all its text was deleted. */
  state: 'anchored' | 'detached'
  /** The text the thread was opened on. */
  quote: string
  /** The span's text now ("" when detached). */
  text: string
  clauseId: string | null
  /** The anchors as Yjs relative positions (JSON), for clients to place the thread. */
  from: Record<string, unknown>
  to: Record<string, unknown>
  createdBy: PersonView
  createdAt: string
  resolved: { by: PersonView; at: string } | null
  messages: { id: number; body: string; author: PersonView; createdAt: string }[]
}
