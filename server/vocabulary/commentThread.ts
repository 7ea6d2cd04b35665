/**
 * A comment thread as members see it (the API's and the browser client's
 * vocabulary): where its words are now, what they were, and its messages.
 */

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
