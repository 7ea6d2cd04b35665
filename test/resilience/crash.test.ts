/**
 * Crash recovery, round after round on one document: a server process is
 * killed with SIGKILL at a seeded random moment while four stock
 * y-websocket clients edit, the clients keep typing offline, and a new
 * process starts on the same database. After each restart the server must
 * hold every update any client had been sent before the kill (what a client
 * saw was on disk), and once the clients reconnect — the same Y.Docs, with
 * what they typed offline — every replica must be the same document, every
 * marker a client typed in it exactly once. The history grows across the
 * crashes, and a low compaction threshold makes the kills interrupt
 * compactions too.
 *
 * Round r runs on seed `base + r`; the base is in each test's name, the
 * round's seed in every failure message.
 */

import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { connectClient, type TestClient } from '../support/collabClient.js'
import { eventually, sleep } from '../support/eventually.js'
import { useServerProcesses } from '../support/fixtures.js'
import { createSections, markerCounts, sectionsOf, typeSomething } from '../support/markedEdits.js'
import { createRandom, randomInt, type Random } from '../support/randomEdits.js'
import { expectConverged, holds, storedReplica } from '../support/replicas.js'
import { availableTargets, type DatabaseTarget } from '../support/testDatabase.js'
import type { ServerProcess } from '../support/testServer.js'

/** Kills per target: PGlite takes longer to start and recover, so it gets fewer to keep the file quick. */
const kills: Record<DatabaseTarget, number> = { postgres: 20, pglite: 5 }
const baseSeeds: Record<DatabaseTarget, number> = { postgres: 31_000, pglite: 47_000 }

interface Typist {
  readonly index: number
  readonly token: string
  /** This client's current connection; replaced (keeping its Y.Doc) after every restart. */
  client: TestClient
  /** Marker words this client typed, in order. */
  readonly typed: string[]
}

/** Every client types every few milliseconds, connected or not. Returns a stop function. */
function startTyping(typists: Typist[], random: Random): () => void {
  const timers = typists.map((typist) => setInterval(() => typeSomething(random, typist, 0.2), 5))
  return () => timers.forEach((timer) => clearInterval(timer))
}

/** Each client types a few edits, a few milliseconds apart, starting at once: some race the resynchronisation. */
async function typeWhileResyncing(typists: Typist[], random: Random): Promise<void> {
  const edits = typists.map(() => randomInt(random, 1, 15))
  for (let step = 0; step < Math.max(...edits); step++) {
    for (const typist of typists) if (step < edits[typist.index]!) typeSomething(random, typist, 0.2)
    await sleep(5)
  }
}

const receivedSoFar = (typists: Typist[]) => typists.reduce((sum, typist) => sum + typist.client.received.length, 0)

/** Connects `typist`'s Y.Doc, unsent edits and all, to the restarted `server` (at a new port, hence a new provider). */
function reconnect(typist: Typist, server: ServerProcess, documentId: string): void {
  const { provider, doc } = typist.client
  provider.destroy()
  provider.awareness.destroy()
  typist.client = connectClient(server.collabUrl, documentId, typist.token, { doc })
}

/** Asserts that `doc` holds every one of `updates`. */
function expectHoldsAll(doc: Y.Doc, updates: Uint8Array[], where: string): void {
  // One merged update is held exactly when each of its parts is; name the missing ones only on failure.
  if (updates.length === 0 || holds(doc, Y.mergeUpdates(updates))) return
  const missing = updates.filter((update) => !holds(doc, update))
  expect(missing.length, `${where}: ${missing.length} of ${updates.length} updates the server had sent clients are missing`).toBe(0)
}

/** Asserts that every marker typed is in `doc` exactly once, and nothing else looks like one. */
function expectEveryMarkerOnce(doc: Y.Doc, typed: string[], where: string): void {
  const counts = markerCounts(doc)
  expect([...counts.keys()].sort(), `${where}: the markers in a replica`).toEqual([...typed].sort())
  const repeated = [...counts].filter(([, count]) => count !== 1)
  expect(repeated, `${where}: markers present more than once`).toEqual([])
}

describe.concurrent.each(availableTargets())('a server on %s killed with SIGKILL again and again while four clients edit one document', (target) => {
  const processes = useServerProcesses({ COUNTERPART_COMPACT_AFTER: '20' }, target)
  const killCount = kills[target]
  const baseSeed = baseSeeds[target]

  it(
    `after each of ${killCount} kills and a restart, it serves every update any client had been sent, and the clients' replicas, with what they typed offline, converge with it, every marker exactly once (seeds ${baseSeed}–${baseSeed + killCount - 1})`,
    async () => {
      let server = await processes.spawn()
      const documentId = await server.createDocument()
      const members = await server.addEditors(documentId)
      const typists: Typist[] = members.map(({ token }, index) => ({
        index,
        token,
        client: connectClient(server.collabUrl, documentId, token),
        typed: [],
      }))
      /** Every update the server has sent any client, merged into one after each check (holding that is holding each). */
      let received: Uint8Array[] = []
      const allTyped = () => typists.flatMap((typist) => typist.typed)
      let fresh: TestClient | null = null
      /** Compactions the killed processes finished: the low threshold is in effect, so kills land in the middle of some. */
      let compactions = 0
      try {
        await Promise.all(typists.map((typist) => typist.client.synced()))
        createSections(typists[0]!.client.fragment)
        await eventually(() => typists.forEach((typist) => expect(sectionsOf(typist.client.fragment)).not.toBeNull()))

        for (let round = 0; round < killCount; round++) {
          const seed = baseSeed + round
          const where = `round ${round} (seed ${seed})`
          const random = createRandom(seed)

          // The storm, and the kill at a random moment in it.
          const trafficBefore = receivedSoFar(typists)
          const stopTyping = startTyping(typists, random)
          const traffic = randomInt(random, 5, 80)
          await eventually(() => expect(receivedSoFar(typists) - trafficBefore).toBeGreaterThanOrEqual(traffic))
          await sleep(randomInt(random, 0, 250))
          server.child.kill('SIGKILL')
          expect((await server.exited).signal, where).toBe('SIGKILL')
          compactions += server.logs.filter((record) => record.event === 'document.compacted').length
          stopTyping()
          for (const typist of typists) received.push(...typist.client.received)
          // Typing goes on while the server is down.
          for (const typist of typists) for (let edit = randomInt(random, 1, 6); edit > 0; edit--) typeSomething(random, typist, 0.2)

          // Restarted, the server holds everything any client was shown: checked before the clients resend anything.
          server = await processes.spawn()
          fresh = connectClient(server.collabUrl, documentId, members[round % members.length]!.token)
          await fresh.synced()
          expectHoldsAll(fresh.doc, received, where)
          received = [Y.mergeUpdates(received)]

          // The clients reconnect with their own replicas and type while they resynchronise.
          for (const typist of typists) reconnect(typist, server, documentId)
          await Promise.all([typeWhileResyncing(typists, random), ...typists.map((typist) => typist.client.synced())])
          await eventually(() => {
            expectConverged([...typists.map((typist) => typist.client.doc), fresh!.doc])
            for (const typist of typists) expectEveryMarkerOnce(typist.client.doc, allTyped(), where)
            expectEveryMarkerOnce(fresh!.doc, allTyped(), where)
          }).catch((error: unknown) => {
            throw new Error(`${where}: the replicas did not converge after the clients reconnected`, { cause: error })
          })
          received.push(...fresh.received)
          fresh.destroy()
          fresh = null
        }

        // Stopped cleanly, the server leaves the same document in the database.
        await server.close()
        const database = await processes.testDatabase.open()
        try {
          const stored = await storedReplica(database, documentId)
          expectConverged([...typists.map((typist) => typist.client.doc), stored])
          expectEveryMarkerOnce(stored, allTyped(), 'in the database')
          expectHoldsAll(stored, received, 'in the database')
          stored.destroy()
        } finally {
          await database.close()
        }
        expect(compactions).toBeGreaterThan(0)
        expect(allTyped().length).toBeGreaterThan(killCount)
      } finally {
        fresh?.destroy()
        for (const typist of typists) typist.client.destroy()
      }
    },
    300_000,
  )
})
