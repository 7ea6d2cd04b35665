/**
 * Each delegation's private layer: what a party's members keep for
 * themselves beside the shared text — a private note per clause (their
 * position, instructions from capital, fallback wording) and private
 * comment threads anchored in the text. Seen by that party's members
 * alone: never by the other party, the secretariat, observers or the
 * administrator.
 */

import type { CommentThreadRecord, ThreadView } from './comment.js'

/** Longest private note, in characters. */
export const maxPrivateNoteLength = 20_000

export interface PrivateNoteRecord {
  documentId: string
  party: string
  clauseId: string
  text: string
  updatedBy: string
  updatedAt: Date
}

/** A private comment thread as stored: a shared thread's fields, and the party it belongs to. */
export interface PrivateThreadRecord extends CommentThreadRecord {
  party: string
}

/** A private thread as its party's members see it: placed in the current text like a shared one, and marked as the party's. */
export interface PrivateThreadView extends ThreadView {
  visibility: 'party'
  party: string
}

/** What `GET …/private` answers: the asker's party, its notes by clause, and its private threads, oldest first. */
export interface PrivateLayerView {
  party: string
  notes: PrivateNoteView[]
  threads: PrivateThreadView[]
}

export interface PrivateNoteView {
  clauseId: string
  text: string
  updatedBy: { memberId: string; name: string }
  updatedAt: string
}
