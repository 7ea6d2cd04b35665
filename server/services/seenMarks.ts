/**
 * "Last seen" marks, written so that a crowd cannot queue them: at most one
 * write per member is under way, and the marks that arrive meanwhile are
 * folded into one more write after it. The time written is the database's
 * `now()` at the write, so a folded mark loses nothing: the later write
 * records a time no earlier than any of the marks it stands for.
 *
 * Two hundred sockets of twenty members dropping and coming back at once
 * make four hundred marks (a close and an open each); written one by one,
 * they queued for the connection pool and on the members' rows ahead of
 * everything else, `/healthz` included. Folded, they are at most two
 * writes per member.
 */

interface MemberMarks {
  /** The write under way. */
  running: Promise<void> | null
  /** The write that will follow it, standing for every mark since it began. */
  next: Promise<void> | null
}

export class SeenMarks {
  private readonly members = new Map<string, MemberMarks>()

  constructor(private readonly write: (memberId: string) => Promise<void>) {}

  /** Marks `memberId` as seen now; resolves once a write begun at or after this call has finished (rejects if it failed). */
  mark(memberId: string): Promise<void> {
    let marks = this.members.get(memberId)
    if (!marks) {
      marks = { running: null, next: null }
      this.members.set(memberId, marks)
    }
    if (marks.next) return marks.next
    if (!marks.running) return this.start(memberId, marks)
    const state = marks
    state.next = marks.running
      .catch(() => {})
      .then(() => {
        state.next = null
        return this.start(memberId, state)
      })
    return state.next
  }

  /** How many members have a write under way or waiting. */
  get pending(): number {
    return this.members.size
  }

  private start(memberId: string, marks: MemberMarks): Promise<void> {
    const running: Promise<void> = this.write(memberId).finally(() => {
      if (marks.running !== running) return
      marks.running = null
      if (!marks.next) this.members.delete(memberId)
    })
    marks.running = running
    return running
  }
}
