/**
 * Each delegation's private layer: what a party's members keep for
 * themselves beside the shared text — for now a private note per clause
 * (their position, instructions from capital, fallback wording). Seen by
 * that party's members alone: never by the other party, the secretariat,
 * observers or the administrator.
 */

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

/** What `GET …/private` answers: the asker's party and its notes, by clause. */
export interface PrivateLayerView {
  party: string
  notes: PrivateNoteView[]
}

export interface PrivateNoteView {
  clauseId: string
  text: string
  updatedBy: { memberId: string; name: string }
  updatedAt: string
}
