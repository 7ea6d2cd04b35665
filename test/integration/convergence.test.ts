import { describe, expect, it } from 'vitest'
import { connectClient, type TestClient } from '../support/collabClient.js'
import { eventually, sleep } from '../support/eventually.js'
import { chance, createRandom, randomEdit, randomInt } from '../support/randomEdits.js'
import { expectConverged, storedReplica } from '../support/replicas.js'
import { useServer } from '../support/fixtures.js'
import { startTestServer } from '../support/testServer.js'

// A low threshold so that compaction runs during the storm, not only in its own test.
const fixture = useServer({ compactAfterUpdates: 40 })

describe('seeded random concurrent edits', () => {
  it.each([11, 29, 1974])(
    'with seed %i, every client, the server and the database converge to one document, and a restarted server serves it',
    async (seed) => {
      const { server, database } = fixture
      const random = createRandom(seed)
      const documentId = await server.createDocument()
      const members = await server.addEditors(documentId)
      const clients: TestClient[] = members.map(({ token }) => connectClient(server.collabUrl, documentId, token))
      await Promise.all(clients.map((client) => client.synced()))

      for (let round = 0; round < 80; round++) {
        for (const client of clients) {
          // Now and then a client drops offline, keeps editing, and comes back.
          if (chance(random, 0.08)) {
            if (client.provider.shouldConnect) client.provider.disconnect()
            else client.provider.connect()
          }
          const edits = randomInt(random, 0, 3)
          for (let i = 0; i < edits; i++) randomEdit(random, client.fragment)
        }
        await sleep(randomInt(random, 0, 8))
      }
      for (const client of clients) if (!client.provider.shouldConnect) client.provider.connect()

      const live = await server.server.registry.peek(documentId)
      expect(live).not.toBeNull()
      await eventually(() => expectConverged([...clients.map((client) => client.doc), live!.doc]))
      await eventually(async () => expectConverged([live!.doc, await storedReplica(database, documentId)]))
      expect(live!.doc.getXmlFragment('prosemirror').length).toBeGreaterThan(0)

      // Nothing in memory: a second server loads the document from the database alone.
      const restarted = await startTestServer(database)
      try {
        const fresh = connectClient(restarted.collabUrl, documentId, members[0]!.token)
        await fresh.synced()
        expectConverged([fresh.doc, ...clients.map((client) => client.doc)])
        fresh.destroy()
      } finally {
        await restarted.close()
      }
      for (const client of clients) client.destroy()
    },
  )
})
