/**
 * What the log records of each Yjs item beside the updates: who deleted
 * which items and when (a range of one client's clocks and the member
 * whose update deleted them; null: the server), and when items were stored.
 */

export interface DeletionMark {
  client: number
  clock: number
  len: number
  memberId: string | null
  /** When the update that deleted them was stored. */
  at: Date
}

/** Items [clock, clock + len) of `client`, stored with an update at `at`. */
export interface InsertionMark {
  client: number
  clock: number
  len: number
  at: Date
}

/** A Yjs client id: the member whose connection (or server change on whose behalf) introduced it, and when. */
export interface ClientIntroduction {
  memberId: string | null
  at: Date
}
