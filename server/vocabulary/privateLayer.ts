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

/** What `GET …/private` answers: the asker's party, its notes by clause, its private threads, oldest first, and its drafts. */
export interface PrivateLayerView {
  party: string
  notes: PrivateNoteView[]
  threads: PrivateThreadView[]
  /** The party's drafts, by clause id: each clause's wording in the draft document, paragraph by paragraph. */
  drafts: PrivateDraftView[]
}

export interface PrivateNoteView {
  clauseId: string
  text: string
  updatedBy: { memberId: string; name: string }
  updatedAt: string
}

/**
 * The private draft area: each party's Yjs document of its own
 * (`ws /collab/<documentId>/private`), one XML fragment per clause named
 * `draft:<clauseId>`, holding paragraphs of wording the delegation
 * prepares and may propose into the shared text as its bracketed
 * alternative.
 */
export const draftRootName = (clauseId: string): string => `draft:${clauseId}`
export const draftRootPattern = /^draft:[A-Za-z0-9_-]{1,100}$/
/** The path suffix of a document's private draft socket: `/collab/<documentId>/private`. */
export const privateDraftPath = 'private'
/** Most a party's draft document may weigh, in bytes of its updates since it loaded. */
export const maxDraftDocumentBytes = 512 * 1024
/** Longest wording one proposal brings into the shared text, in characters. */
export const maxProposalLength = 20_000

/** A clause's private draft as `GET …/private` answers it: its paragraphs' text. */
export interface PrivateDraftView {
  clauseId: string
  paragraphs: string[]
}

/**
 * What `POST …/clauses/:clauseId/private-draft/propose` answers: the
 * bracket the party's draft made (alternative 0 of a new bracket) or
 * joined (its alternative `alt`), and the wording it brought.
 */
export interface DraftProposalView {
  clauseId: string
  bracketId: string
  alt: number
  party: string
  text: string
}
