/**
 * Who deleted which Yjs items: a range of one client's clocks and the member
 * whose update deleted them (null: the server).
 */

export interface DeletionMark {
  client: number
  clock: number
  len: number
  memberId: string | null
}
