import { describe, expect, it } from 'vitest'
import { connectClient, type TestClient } from '../support/collabClient.js'
import { eventually, sleep } from '../support/eventually.js'
import { createRandom, randomEdit, randomInt } from '../support/randomEdits.js'
import { holds } from '../support/replicas.js'
import { useServerProcesses } from '../support/fixtures.js'
import { availableTargets } from '../support/testDatabase.js'

// On every database this machine has: PGlite is what `npm start` uses by default.
describe.each(availableTargets())('a server on %s killed with SIGKILL in the middle of an edit storm', (target) => {
  const { spawn } = useServerProcesses({ COUNTERPART_COMPACT_AFTER: '50' }, target)

  it.each([7, 4242])('serves, after restart, every update any client had received (seed %i)', async (seed) => {
    const random = createRandom(seed)
    const first = await spawn()
    const documentId = await first.createDocument()
    const tokens = [
      (await first.addMember(documentId, 'delegate', 'TH')).token,
      (await first.addMember(documentId, 'delegate', 'KH')).token,
      (await first.addMember(documentId, 'legal', 'KH')).token,
    ]
    const clients: TestClient[] = tokens.map((token) => connectClient(first.collabUrl, documentId, token))
    await Promise.all(clients.map((client) => client.synced()))

    const storm = clients.map((client) => setInterval(() => randomEdit(random, client.fragment), 2))
    // Enough traffic that the kill lands in the middle of it, however slow the machine is today.
    await eventually(() => expect(clients.reduce((sum, client) => sum + client.received.length, 0)).toBeGreaterThan(60))
    await sleep(randomInt(random, 0, 500))
    first.child.kill('SIGKILL')
    expect((await first.exited).signal).toBe('SIGKILL')
    for (const timer of storm) clearInterval(timer)

    // What each client had been shown by the server before it died.
    const received = clients.flatMap((client) => client.received.slice())
    for (const client of clients) client.destroy()
    expect(received.length).toBeGreaterThan(50)

    const second = await spawn()
    const fresh = connectClient(second.collabUrl, documentId, tokens[0]!)
    await fresh.synced()
    const missing = received.filter((update) => !holds(fresh.doc, update))
    expect(missing.length, `${missing.length} of ${received.length} received updates missing after restart`).toBe(0)
    fresh.destroy()
    await second.close()
  })
})
