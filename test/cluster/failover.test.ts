/**
 * Failover in a cluster of three instances behind HAProxy: the instance
 * that owns a document dies (SIGKILL) in the middle of an edit storm, hangs
 * (SIGSTOP) while the others take its document over, or drains (SIGTERM).
 * The clients, stock y-websocket providers connected through the balancer,
 * reconnect to the survivors by themselves. What anyone had been shown
 * before is still there afterwards, the clients converge with what the
 * database stores, nothing is stored twice, and an owner whose lease was
 * taken over stores nothing more (the lease's generation fences its
 * appends).
 *
 * No timing is asserted: the failover times are printed, for the record.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { Database } from '../../server/storage/database.js'
import { useCluster, type ClusterInstance } from '../support/cluster.js'
import { connectClient, writeParagraph, type TestClient } from '../support/collabClient.js'
import { eventually, sleep } from '../support/eventually.js'
import { createRandom, randomEdit, randomInt } from '../support/randomEdits.js'
import { holds, replicaState, storedReplica } from '../support/replicas.js'

/** Generous: these bound a failing test, they assert nothing about speed. */
const patience = { timeoutMs: 60_000, intervalMs: 50 }

describe('a cluster of three instances when the owner of a document fails', () => {
  // No compaction: every update stays a row of its own, so that the log can be checked for updates stored twice.
  const cluster = useCluster({ env: { COUNTERPART_COMPACT_AFTER: '10000000' } })
  let database: Database

  beforeAll(async () => {
    database = await cluster.testDatabase.open()
  })

  afterAll(async () => {
    await database?.close()
  })

  /** A new document with three members (two delegates and a legal adviser), created through the balancer; their tokens. */
  async function documentWithMembers(): Promise<{ documentId: string; tokens: string[] }> {
    const documentId = await cluster.balancer.createDocument()
    const tokens = [
      (await cluster.balancer.addMember(documentId, 'delegate', 'TH')).token,
      (await cluster.balancer.addMember(documentId, 'delegate', 'KH')).token,
      (await cluster.balancer.addMember(documentId, 'legal', 'KH')).token,
    ]
    return { documentId, tokens }
  }

  /** The one live instance that owns `documentId`, once one does. */
  async function ownerOf(documentId: string): Promise<ClusterInstance> {
    return eventually(async () => {
      const owner = await cluster.ownerOf(documentId)
      if (!owner) throw new Error(`no live instance owns ${documentId} yet`)
      return owner
    }, patience)
  }

  /** Every instance running and seen up by HAProxy. */
  async function allUp(): Promise<void> {
    await eventually(async () => expect(await cluster.balancer.serverStates()).toEqual({ i1: 'UP', i2: 'UP', i3: 'UP' }), patience)
  }

  /** The close frame `client` received with `code`, once it has. */
  async function closedWith(client: TestClient, code: number): Promise<{ code: number; reason: string }> {
    return eventually(() => {
      const found = client.closes.find((frame) => frame.code === code)
      if (!found) throw new Error(`the client has not been closed with ${code} (closes: ${JSON.stringify(client.closes)})`)
      return found
    }, patience)
  }

  /** Resolves once the database stores `text` in `documentId`. */
  async function untilStored(documentId: string, text: string): Promise<void> {
    await eventually(async () => expect((await storedReplica(database, documentId)).getXmlFragment('prosemirror').toString()).toContain(text), patience)
  }

  /** The lease row of `documentId`, expired or not, or null. */
  async function leaseRow(documentId: string): Promise<{ instance_id: string; generation: string; expired: boolean } | null> {
    const [row] = await database.query<{ instance_id: string; generation: string; expired: boolean }>(
      'SELECT instance_id, generation::text AS generation, expires_at <= now() AS expired FROM document_leases WHERE document_id = $1',
      [documentId],
    )
    return row ?? null
  }

  /**
   * Asserts that every client is connected and synced, that all hold the
   * same document, and that it is the one the database stores.
   */
  async function expectSettled(clients: TestClient[], documentId: string): Promise<void> {
    for (const [index, client] of clients.entries()) {
      expect(client.provider.wsconnected && client.provider.synced, `client ${index} connected and synced`).toBe(true)
    }
    const stored = replicaState(await storedReplica(database, documentId))
    for (const [index, client] of clients.entries()) expect(replicaState(client.doc), `client ${index} equals the stored document`).toEqual(stored)
  }

  /**
   * Asserts that the log stores no update twice: no Yjs struct (client,
   * clock) appears in two rows of `doc_updates`, and no two insertion marks
   * cover one (client, clock).
   */
  async function expectNothingStoredTwice(documentId: string): Promise<{ rows: number; structs: number }> {
    const rows = await database.query<{ seq: string; data: Uint8Array }>('SELECT seq::text AS seq, data FROM doc_updates WHERE document_id = $1 ORDER BY seq', [
      documentId,
    ])
    const [snapshots] = await database.query<{ count: number }>('SELECT count(*)::int AS count FROM doc_snapshots WHERE document_id = $1', [documentId])
    expect(snapshots!.count, 'no compaction folded rows away: the whole log is checked').toBe(0)
    const ranges: { client: number; clock: number; len: number; where: string }[] = []
    for (const row of rows) {
      for (const struct of Y.decodeUpdate(row.data).structs) {
        if (struct.constructor.name === 'Skip') continue
        ranges.push({ client: struct.id.client, clock: struct.id.clock, len: struct.length, where: `row ${row.seq}` })
      }
    }
    const marks = await database.query<{ client_id: string; clock: string; len: string }>(
      'SELECT client_id::text AS client_id, clock::text AS clock, len::text AS len FROM insertion_marks WHERE document_id = $1',
      [documentId],
    )
    expect(overlaps(ranges), 'Yjs structs stored in two rows').toEqual([])
    expect(
      overlaps(marks.map((mark) => ({ client: Number(mark.client_id), clock: Number(mark.clock), len: Number(mark.len), where: 'insertion mark' }))),
      'insertion marks covering one (client, clock) twice',
    ).toEqual([])
    return { rows: rows.length, structs: ranges.length }
  }

  describe('killed with SIGKILL in the middle of an edit storm', () => {
    const seeds = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]

    it.each(seeds)(
      'loses nothing any client was shown, stores nothing twice, and the clients converge on a survivor through the balancer (seed %i)',
      async (seed) => {
        const random = createRandom(seed)
        await allUp()
        const { documentId, tokens } = await documentWithMembers()
        const clients: TestClient[] = Array.from({ length: 5 }, (_, index) => connectClient(cluster.balancer.collabUrl, documentId, tokens[index % tokens.length]!))
        let victim: ClusterInstance | null = null
        const storm: NodeJS.Timeout[] = []
        try {
          await Promise.all(clients.map((client) => client.synced()))
          victim = await ownerOf(documentId)

          for (const client of clients) storm.push(setInterval(() => randomEdit(random, client.fragment), randomInt(random, 2, 6)))
          // Enough traffic that the kill lands in the middle of it, however slow the machine is today.
          await eventually(() => expect(clients.reduce((sum, client) => sum + client.received.length, 0)).toBeGreaterThan(80), patience)
          await sleep(randomInt(random, 0, 400))
          const killedAt = performance.now()
          expect((await victim.kill('SIGKILL')).signal).toBe('SIGKILL')
          // What each client had been shown before the owner died.
          const shown = clients.flatMap((client) => client.received.slice())
          // The clients keep typing a little while they are cut off, then stop.
          await sleep(randomInt(random, 0, 300))
          for (const timer of storm.splice(0)) clearInterval(timer)

          await eventually(() => expectSettled(clients, documentId), patience)
          const failoverMs = Math.round(performance.now() - killedAt)
          const successor = await ownerOf(documentId)
          expect(successor).not.toBe(victim)

          const fresh = connectClient(cluster.balancer.collabUrl, documentId, tokens[0]!)
          try {
            await fresh.synced()
            const missing = shown.filter((update) => !holds(fresh.doc, update))
            expect(missing.length, `${missing.length} of the ${shown.length} updates shown before the kill are missing`).toBe(0)
            expect(replicaState(fresh.doc)).toEqual(replicaState(clients[0]!.doc))
          } finally {
            fresh.destroy()
          }
          const log = await expectNothingStoredTwice(documentId)
          console.log(
            `failover (seed ${seed}): owner ${victim.id} killed after ${shown.length} updates shown; ${clients.length} clients synced again with ${successor.id} ` +
              `after ${failoverMs} ms; log: ${log.rows} rows, ${log.structs} structs, none twice`,
          )
        } finally {
          for (const timer of storm) clearInterval(timer)
          for (const client of clients) client.destroy()
          if (victim && !victim.running) await victim.restart()
        }
      },
      120_000,
    )
  })

  it('fences an owner paused while another instance took its document over: resumed, it stores nothing more, drops the document and closes its clients, who converge with the new owner', async () => {
    await allUp()
    const { documentId, tokens } = await documentWithMembers()
    const through = Array.from({ length: 3 }, (_, index) => connectClient(cluster.balancer.collabUrl, documentId, tokens[index]!))
    const clients = [...through]
    let stale: ClusterInstance | null = null
    try {
      await Promise.all(through.map((client) => client.synced()))
      stale = await ownerOf(documentId)
      const staleRun = stale.process
      // A client connected to the owner itself, past the balancer: it keeps its socket to the owner through the pause.
      const direct = connectClient(stale.collabUrl, documentId, tokens[0]!)
      clients.push(direct)
      await direct.synced()
      writeParagraph(direct, 'Written before the pause.')
      writeParagraph(through[1]!, 'Also written before the pause.')
      await eventually(() => expectSettled(clients, documentId), patience)
      const generationBefore = (await leaseRow(documentId))!.generation

      stale.pause()
      // What the direct client writes now waits in the paused owner's socket.
      const unstored: Uint8Array[] = []
      direct.doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin !== direct.provider) unstored.push(update)
      })
      writeParagraph(direct, 'Written to the owner while it hangs.')
      writeParagraph(direct, 'Written to the owner while it hangs, again.')

      // Its lease lapses; a client arriving through the balancer makes another instance take the document.
      await eventually(async () => expect((await cluster.balancer.serverStates())[stale!.id]).toMatch(/^DOWN/), patience)
      await eventually(async () => expect((await leaseRow(documentId))?.expired).toBe(true), patience)
      const writer = connectClient(cluster.balancer.collabUrl, documentId, tokens[1]!)
      clients.push(writer)
      await writer.synced()
      const successor = await ownerOf(documentId)
      expect(successor).not.toBe(stale)
      const taken = await leaseRow(documentId)
      expect(taken).toMatchObject({ instance_id: successor.id, expired: false })
      expect(taken!.generation).not.toBe(generationBefore)
      writeParagraph(writer, 'Written through the new owner.')
      await untilStored(documentId, 'Written through the new owner.')

      // Held off reconnecting once closed, so that the database can be read before its edits reach the new owner.
      direct.provider.on('connection-close', () => {
        direct.provider.shouldConnect = false
      })
      const seqBefore = await lastSeq(documentId)
      stale.resume()
      writeParagraph(direct, 'Written to the old owner as it resumes.')
      const close = await closedWith(direct, 1001)
      expect(close.reason).toMatch(/another server instance/)
      await eventually(() => {
        const events = staleRun.logs.filter((line) => line.documentId === documentId).map((line) => line.event)
        expect(events).toContain('lease.lost')
        expect(events).toContain('document.abandoned')
      }, patience)
      expect((await stale.health()).owned ?? []).not.toContain(documentId)
      // Fenced: not one of the direct client's edits since the pause is stored, and the old owner added no row.
      const stored = await storedReplica(database, documentId)
      expect(unstored.length).toBeGreaterThanOrEqual(3)
      expect(unstored.filter((update) => holds(stored, update))).toEqual([])
      const added = await database.query<{ data: Uint8Array }>('SELECT data FROM doc_updates WHERE document_id = $1 AND seq > $2', [documentId, seqBefore])
      const fromDirect = added.filter((row) => Y.decodeUpdate(row.data).structs.some((struct) => struct.id.client === direct.doc.clientID))
      expect(fromDirect).toEqual([])
      expect((await leaseRow(documentId))!.instance_id).toBe(successor.id)

      // Let go, the direct client reconnects to the old owner, which now relays it to the new one.
      direct.provider.connect()
      await eventually(() => expectSettled(clients, documentId), patience)
      const after = await storedReplica(database, documentId)
      expect(unstored.filter((update) => !holds(after, update))).toEqual([])
      const text = after.getXmlFragment('prosemirror').toString()
      for (const written of ['Written before the pause.', 'Written to the owner while it hangs.', 'Written through the new owner.', 'Written to the old owner as it resumes.']) {
        expect(text).toContain(written)
      }
      expect((await cluster.ownerOf(documentId))?.id).toBe(successor.id)
      expect((await stale.health()).owned ?? []).not.toContain(documentId)
      await expectNothingStoredTwice(documentId)
    } finally {
      for (const client of clients) client.destroy()
      stale?.resume()
    }
  }, 120_000)

  it('tells a client relayed to an owner that hangs, before its lease lapses, to reconnect (1001) rather than leaving it waiting, and the instance that takes the document over serves it', async () => {
    await allUp()
    const { documentId, tokens } = await documentWithMembers()
    const first = connectClient(cluster.balancer.collabUrl, documentId, tokens[0]!)
    const clients = [first]
    let hung: ClusterInstance | null = null
    try {
      await first.synced()
      hung = await ownerOf(documentId)
      const other = cluster.instances.find((instance) => instance !== hung)!
      hung.pause()
      // Straight to another instance while the lease is still the hung owner's: it is relayed there, and the owner never answers.
      expect((await leaseRow(documentId))?.instance_id).toBe(hung.id)
      const late = connectClient(other.collabUrl, documentId, tokens[1]!)
      clients.push(late)
      // Closed by the relaying instance, not by the client's own watchdog (which records no close frame).
      const close = await closedWith(late, 1001)
      expect(close.reason).toMatch(/is gone; reconnect/)
      await late.synced()
      const successor = await ownerOf(documentId)
      expect(successor).not.toBe(hung)
      writeParagraph(late, 'Written while the old owner hangs.')
      await untilStored(documentId, 'Written while the old owner hangs.')
      hung.resume()
      await eventually(() => expectSettled(clients, documentId), patience)
      expect((await cluster.ownerOf(documentId))?.id).toBe(successor.id)
      await expectNothingStoredTwice(documentId)
    } finally {
      for (const client of clients) client.destroy()
      hung?.resume()
    }
  }, 120_000)

  it('hands a document over at once when its owner drains on SIGTERM: the lease is given up, not left to lapse, and another instance takes the document when the clients reconnect, with nothing lost', async () => {
    await allUp()
    const random = createRandom(2026)
    const { documentId, tokens } = await documentWithMembers()
    const clients = Array.from({ length: 4 }, (_, index) => connectClient(cluster.balancer.collabUrl, documentId, tokens[index % tokens.length]!))
    let leaving: ClusterInstance | null = null
    const storm: NodeJS.Timeout[] = []
    try {
      await Promise.all(clients.map((client) => client.synced()))
      leaving = await ownerOf(documentId)
      const leavingRun = leaving.process
      expect((await leaseRow(documentId))?.instance_id).toBe(leaving.id)
      for (const client of clients) storm.push(setInterval(() => randomEdit(random, client.fragment), 5))
      await eventually(() => expect(clients.reduce((sum, client) => sum + client.received.length, 0)).toBeGreaterThan(40), patience)

      const stoppedAt = performance.now()
      expect((await leaving.kill('SIGTERM')).code).toBe(0)
      const shown = clients.flatMap((client) => client.received.slice())
      // Given up as it drained: by the time it has exited, no lease row names it (an expiry would still be ahead).
      const row = await leaseRow(documentId)
      expect(row === null || row.instance_id !== leaving.id, `lease row after the drain: ${JSON.stringify(row)}`).toBe(true)
      expect(leavingRun.logs.map((line) => line.event)).toContain('server.draining')
      for (const timer of storm.splice(0)) clearInterval(timer)

      await eventually(() => expectSettled(clients, documentId), patience)
      const handoverMs = Math.round(performance.now() - stoppedAt)
      const successor = await ownerOf(documentId)
      expect(successor).not.toBe(leaving)
      expect((await leaseRow(documentId))?.instance_id).toBe(successor.id)
      for (const client of clients) expect(client.closes.map((frame) => frame.code)).toContain(1001)

      const fresh = connectClient(cluster.balancer.collabUrl, documentId, tokens[2]!)
      try {
        await fresh.synced()
        const missing = shown.filter((update) => !holds(fresh.doc, update))
        expect(missing.length, `${missing.length} of the ${shown.length} updates shown before the drain are missing`).toBe(0)
        expect(replicaState(fresh.doc)).toEqual(replicaState(clients[0]!.doc))
      } finally {
        fresh.destroy()
      }
      await expectNothingStoredTwice(documentId)
      console.log(`graceful handover: ${leaving.id} drained on SIGTERM; ${clients.length} clients synced again with ${successor.id} after ${handoverMs} ms`)
    } finally {
      for (const timer of storm) clearInterval(timer)
      for (const client of clients) client.destroy()
      if (leaving && !leaving.running) await leaving.restart()
    }
  }, 120_000)

  /** The highest `seq` of `documentId`'s rows, 0 without any. */
  async function lastSeq(documentId: string): Promise<number> {
    const [row] = await database.query<{ seq: string | null }>('SELECT max(seq)::text AS seq FROM doc_updates WHERE document_id = $1', [documentId])
    return Number(row?.seq ?? 0)
  }
})

/** The pairs of ranges of one Yjs client that share a clock, described. */
function overlaps(ranges: readonly { client: number; clock: number; len: number; where: string }[]): string[] {
  const found: string[] = []
  const sorted = [...ranges].sort((a, b) => a.client - b.client || a.clock - b.clock)
  // The range reaching furthest so far of the current client: a later range starting before its end shares a clock with it.
  let furthest: (typeof sorted)[number] | null = null
  for (const range of sorted) {
    if (furthest && range.client === furthest.client && range.clock < furthest.clock + furthest.len) {
      found.push(`client ${range.client}: clocks ${furthest.clock}+${furthest.len} (${furthest.where}) and ${range.clock}+${range.len} (${range.where})`)
    }
    if (!furthest || range.client !== furthest.client || range.clock + range.len > furthest.clock + furthest.len) furthest = range
  }
  return found
}
