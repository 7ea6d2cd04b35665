/**
 * The collaboration sockets each member holds open, capped per member, so
 * that one token — leaked, or a client stuck in a reconnect loop — cannot
 * hold an unbounded share of the server. A socket counts from the moment
 * it is admitted (its token has checked out) until it is released, however
 * it ended: closed by the client, refused while its document loaded, cut by
 * the heartbeat. Sockets refused before admission never count.
 */

export class MemberSockets<Socket> {
  private readonly held = new Map<string, Set<Socket>>()

  /** @param limit most sockets one member may hold; a RangeError unless a positive integer. */
  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`the per-member connection limit must be a positive integer (got ${limit})`)
  }

  /**
   * Counts `socket` as one of `memberId`'s and returns true, or returns
   * false and counts nothing when the member already holds `limit`.
   * Admitting a socket already counted changes nothing.
   */
  admit(memberId: string, socket: Socket): boolean {
    const sockets = this.held.get(memberId) ?? new Set<Socket>()
    if (sockets.has(socket)) return true
    if (sockets.size >= this.limit) return false
    sockets.add(socket)
    this.held.set(memberId, sockets)
    return true
  }

  /** Stops counting `socket`; harmless when it was never admitted or is already released. */
  release(memberId: string, socket: Socket): void {
    const sockets = this.held.get(memberId)
    if (!sockets?.delete(socket)) return
    if (sockets.size === 0) this.held.delete(memberId)
  }

  /** How many sockets `memberId` holds now. */
  count(memberId: string): number {
    return this.held.get(memberId)?.size ?? 0
  }

  /** How many members hold at least one socket (so an empty table is provably empty). */
  get memberCount(): number {
    return this.held.size
  }
}
