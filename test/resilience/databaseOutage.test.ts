import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { connectClient, writeParagraph, type TestClient } from '../support/collabClient.js'
import { eventually, sleep } from '../support/eventually.js'
import { useServer } from '../support/fixtures.js'
import { createSections, markerCounts, markerWord, sectionsOf, typeSomething } from '../support/markedEdits.js'
import { createProxiedDatabase, type ProxiedDatabase } from '../support/proxiedDatabase.js'
import { createRandom, type Random } from '../support/randomEdits.js'
import { expectConverged, holds, storedReplica } from '../support/replicas.js'
import type { CutMode } from '../support/tcpProxy.js'
import { runTarget } from '../support/testDatabase.js'
import { startTestServer, type TestServer } from '../support/testServer.js'

/** How long the database stays cut. */
const outageMs = 3_000

async function health(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${url}/healthz`)
  return { status: response.status, body: await response.json() }
}

interface Typist {
  readonly index: number
  readonly client: TestClient
  /** Marker words this client typed, in order. */
  readonly typed: string[]
}

/** Every client types every `everyMs`: mostly random edits in the scratch section, now and then a marker. Returns a stop function. */
function startTyping(typists: Typist[], random: Random, everyMs: number): () => void {
  const timers = typists.map((typist) => setInterval(() => typeSomething(random, typist, 0.25), everyMs))
  return () => timers.forEach((timer) => clearInterval(timer))
}

if (runTarget() === 'postgres') {
  describe('a PostgreSQL outage in the middle of an editing session', () => {
    let db: ProxiedDatabase
    let server: TestServer
    /** Anything thrown or rejected without a handler in this process while the server runs in it. */
    const crashes: unknown[] = []
    const recordCrash = (error: unknown) => crashes.push(error)

    beforeAll(async () => {
      process.on('uncaughtException', recordCrash)
      process.on('unhandledRejection', recordCrash)
      db = await createProxiedDatabase()
      // A low compaction threshold, so that compactions run (and get cut) during the session too.
      server = await startTestServer(db.database, { compactAfterUpdates: 60 })
    })

    afterAll(async () => {
      await server?.close()
      await db?.close()
      process.off('uncaughtException', recordCrash)
      process.off('unhandledRejection', recordCrash)
    })

    /** Every update the server has sent any client is in the database (read past the proxy, straight from PostgreSQL). */
    async function expectEverythingReceivedStored(clients: TestClient[], documentId: string): Promise<number> {
      const received = clients.flatMap((client) => client.received.slice())
      const stored = await storedReplica(db.direct, documentId)
      const unstored = received.filter((update) => !holds(stored, update))
      stored.destroy()
      expect(unstored.length, `${unstored.length} of ${received.length} updates sent to clients are not in the database`).toBe(0)
      return received.length
    }

    const outages: [CutMode, string, number][] = [
      ['refuse', 'refuses every connection', 5150],
      ['hold', 'stops answering (connections hang)', 8088],
    ]

    it.each(outages)(
      'when the path to the database is cut for three seconds (%s: the database %s) while four clients type, the server stays up, /healthz says 503 then 200, nothing unstored reaches anyone, and every replica converges with every edit exactly once (seed %i)',
      async (mode, _description, seed) => {
        const random = createRandom(seed)
        const documentId = await server.createDocument()
        const members = await server.addEditors(documentId)
        const clients = members.map(({ token }) => connectClient(server.collabUrl, documentId, token))
        const typists: Typist[] = clients.map((client, index) => ({ index, client, typed: [] }))
        try {
          await Promise.all(clients.map((client) => client.synced()))
          createSections(clients[0]!.fragment)
          await eventually(() => clients.forEach((client) => expect(sectionsOf(client.fragment)).not.toBeNull()))

          const stopTyping = startTyping(typists, random, 25)
          // Editing flows before the outage.
          await eventually(() => expect(clients.reduce((sum, client) => sum + client.received.length, 0)).toBeGreaterThan(60))
          expect((await health(server.url)).status).toBe(200)

          const closesBefore = clients.map((client) => client.closes.length)
          const typedBefore = typists.map((typist) => typist.typed.length)
          db.proxy.cut(mode)
          const cutAt = Date.now()

          const during = await eventually(() => health(server.url).then((answer) => (expect(answer.status).toBe(503), answer)))
          expect(during.body).toEqual({ ok: false, instance: expect.stringMatching(/\S/), error: expect.stringMatching(/^database: /) })
          // Throughout the outage, whatever any client was sent is already in the database.
          let checks = 0
          while (Date.now() - cutAt < outageMs) {
            await expectEverythingReceivedStored(clients, documentId)
            checks++
            await sleep(200)
          }
          expect(checks).toBeGreaterThan(2)
          const typedDuring = typists.flatMap((typist) => typist.typed.slice(typedBefore[typist.index]))
          expect(typedDuring.length).toBeGreaterThan(0)
          expect(crashes).toEqual([])

          db.proxy.restore()
          await eventually(async () => expect((await health(server.url)).status).toBe(200), { timeoutMs: 30_000 })

          // Editing carries on: a marker each client types from now on reaches every other client.
          const nextMarkers = typists.map((typist) => markerWord(typist.index, typist.typed.length + 2))
          await eventually(
            () => {
              for (const client of clients) {
                const counts = markerCounts(client.doc)
                for (const word of nextMarkers) expect(counts.get(word), word).toBe(1)
              }
            },
            { timeoutMs: 30_000 },
          )
          stopTyping()

          // Clients were told (4503, then they reconnected and resent) or held; none was told to give up.
          const closesSince = clients.flatMap((client, index) => client.closes.slice(closesBefore[index]))
          expect(closesSince.filter((close) => close.code >= 4400 && close.code < 4500)).toEqual([])
          if (mode === 'refuse') expect(closesSince.map((close) => close.code)).toContain(4503)

          const live = await server.server.registry.peek(documentId)
          expect(live).not.toBeNull()
          await eventually(async () => {
            const stored = await storedReplica(db.direct, documentId)
            try {
              expectConverged([...clients.map((client) => client.doc), live!.doc, stored])
            } finally {
              stored.destroy()
            }
          }, { timeoutMs: 30_000 })

          // Nothing lost, nothing duplicated: every marker typed, before, during and after the outage, exactly once everywhere.
          const typed = typists.flatMap((typist) => typist.typed)
          const stored = await storedReplica(db.direct, documentId)
          for (const doc of [...clients.map((client) => client.doc), live!.doc, stored]) {
            const counts = markerCounts(doc)
            expect([...counts.keys()].sort()).toEqual([...typed].sort())
            expect([...counts.values()].every((count) => count === 1)).toBe(true)
          }
          stored.destroy()
          expect(typed.length).toBeGreaterThan(typedDuring.length)
          await expectEverythingReceivedStored(clients, documentId)
          expect(clients.every((client) => client.provider.wsconnected)).toBe(true)
          expect(crashes).toEqual([])
        } finally {
          for (const client of clients) client.destroy()
        }
      },
    )

    it('when the database stalls while a client types 20,000 updates in one go, the server stops reading that client instead of queueing without bound; once the database answers, every update is stored and handed on and nobody was closed', async () => {
      const documentId = await server.createDocument()
      const writer = connectClient(server.collabUrl, documentId, (await server.addMember(documentId, 'delegate', 'TH')).token)
      const watcher = connectClient(server.collabUrl, documentId, (await server.addMember(documentId, 'delegate', 'KH')).token)
      try {
        await Promise.all([writer.synced(), watcher.synced()])
        writeParagraph(writer, '')
        await eventually(() => expect(watcher.fragment.length).toBe(writer.fragment.length))
        db.proxy.stall()
        const clause = writer.fragment.get(writer.fragment.length - 1) as Y.XmlElement
        const text = (clause.get(clause.length - 1) as Y.XmlElement).get(0) as Y.XmlText
        // Each insert is a message of its own, and each builds on the one before: all on their way while nothing commits.
        for (let i = 0; i < 20_000; i++) text.insert(text.length, String(i % 10))
        await sleep(1_500)
        expect(watcher.fragment.toString()).not.toContain('0123456789')
        db.proxy.restore()
        const typed = text.toString()
        await eventually(() => expect(watcher.fragment.toString()).toContain(typed), { timeoutMs: 60_000 })
        const live = await server.server.registry.peek(documentId)
        await eventually(async () => {
          const stored = await storedReplica(db.direct, documentId)
          try {
            expectConverged([writer.doc, watcher.doc, live!.doc, stored])
          } finally {
            stored.destroy()
          }
        }, { timeoutMs: 30_000 })
        expect(writer.closes).toEqual([])
        expect(watcher.closes).toEqual([])
        expect(crashes).toEqual([])
      } finally {
        writer.destroy()
        watcher.destroy()
      }
    }, 120_000)
  })
} else {
  describe('the embedded database (PGlite)', () => {
    const fixture = useServer()

    it('runs inside the server process, so there is no network path to the database to cut: /healthz answers 200', async () => {
      expect(await health(fixture.server.url)).toEqual({ status: 200, body: { ok: true, instance: expect.stringMatching(/\S/), owned: [] } })
    })
  })
}
