/**
 * The cluster harness itself (test/support/cluster.ts): three server
 * processes over one PostgreSQL database and a real HAProxy in front of
 * them. Requests and WebSockets through the balancer reach every instance
 * in turn; an instance killed is taken out by HAProxy's health checks while
 * the survivors keep answering; a restarted instance comes back on its port.
 * What the cluster does with documents (leases, owners) is tested elsewhere;
 * this is the ground those tests stand on.
 */

import { randomBytes } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { WebSocket } from 'ws'
import { describe, expect, it } from 'vitest'
import { useCluster, type ClusterInstance } from '../support/cluster.js'
import { connectClient, type TestClient } from '../support/collabClient.js'
import { eventually } from '../support/eventually.js'

/** A path no instance serves (a 404) and HAProxy never checks, so that each request shows once in one instance's log. */
const probePath = (label: string) => `/api/cluster-probe/${label}-${randomBytes(4).toString('hex')}`

/** The instances whose logs show a request for `path`. */
const loggedBy = (instances: ClusterInstance[], path: string) =>
  instances.filter((instance) => instance.logs.some((line) => line.event === 'http.request' && line.path === path)).map((instance) => instance.id)

/**
 * Connects a stock y-websocket client through `collabUrl` and resolves once it
 * has synced, with the instances HAProxy sent its WebSockets to, in order
 * (`X-Served-By` on each 101 response): one, unless an instance closed the
 * socket and the provider connected again.
 */
async function connectThrough(collabUrl: string, documentId: string, token: string): Promise<{ client: TestClient; servedBy: string[] }> {
  const client = connectClient(collabUrl, documentId, token)
  const servedBy: string[] = []
  const watch = () =>
    (client.provider.ws as unknown as WebSocket | null)?.once('upgrade', (response: IncomingMessage) => servedBy.push(String(response.headers['x-served-by'])))
  // The provider opens its first socket in its constructor, and each next one saying "connecting"; the upgrade answers later.
  watch()
  client.provider.on('status', ({ status }) => {
    if (status === 'connecting') watch()
  })
  await client.synced()
  return { client, servedBy }
}

/** Every instance the connections' sockets were sent to. */
const socketsServedBy = (connections: { servedBy: string[] }[]) => new Set(connections.flatMap((connection) => connection.servedBy))

describe('a cluster of three instances behind HAProxy', () => {
  const cluster = useCluster()

  it('starts three instances on distinct ports, each healthy and seen up by HAProxy', async () => {
    expect(cluster.instances.map((instance) => instance.id)).toEqual(['i1', 'i2', 'i3'])
    expect(new Set(cluster.instances.map((instance) => instance.port)).size).toBe(3)
    for (const instance of cluster.instances) {
      expect(instance.url).toBe(`http://127.0.0.1:${instance.port}`)
      expect(instance.env.COUNTERPART_INTERNAL_URL).toBe(instance.url)
      expect(instance.logs.find((line) => line.event === 'server.listening')).toMatchObject({ port: instance.port, database: 'postgres' })
      expect(await instance.health()).toMatchObject({ ok: true })
    }
    expect(await cluster.balancer.serverStates()).toEqual({ i1: 'UP', i2: 'UP', i3: 'UP' })
    expect(cluster.balancer.port).not.toBe(cluster.instances[0]!.port)
  })

  it('balances requests round robin over the three instances', async () => {
    const answers: { path: string; servedBy: string | undefined; status: number }[] = []
    for (let index = 0; index < 6; index++) {
      const path = probePath(`round-robin-${index}`)
      const { status, instance } = await cluster.balancer.answeredBy(path)
      answers.push({ path, servedBy: instance?.id, status })
    }
    expect(answers.map((answer) => answer.status)).toEqual([404, 404, 404, 404, 404, 404])
    // Round robin: each instance in turn, the same turn after three requests.
    const servedBy = answers.map((answer) => answer.servedBy)
    expect(new Set(servedBy.slice(0, 3))).toEqual(new Set(['i1', 'i2', 'i3']))
    expect(servedBy.slice(3)).toEqual(servedBy.slice(0, 3))
    // The header is true: the instance it names logged the request, and no other did.
    for (const answer of answers) {
      await eventually(() => expect(loggedBy(cluster.instances, answer.path)).toEqual([answer.servedBy]))
    }
    // The API works through the balancer as on one server.
    const health = await cluster.balancer.request('GET', '/healthz', { token: null })
    expect(health).toMatchObject({ status: 200, body: { ok: true } })
  })

  it('sends stock y-websocket clients through the balancer to every instance, and they sync the document from the shared database', async () => {
    const documentId = await cluster.balancer.createDocument()
    const member = await cluster.balancer.addMember(documentId, 'delegate', 'TH')
    const connections = []
    for (let index = 0; index < 3; index++) connections.push(await connectThrough(cluster.balancer.collabUrl, documentId, member.token))
    try {
      // Sockets are balanced as requests are, one after another: three of them reach the three instances.
      expect(socketsServedBy(connections)).toEqual(new Set(['i1', 'i2', 'i3']))
      for (const { client } of connections) expect(client.fragment.length).toBeGreaterThan(0)
      const owner = await cluster.ownerOf(documentId)
      expect(owner === null || cluster.live().includes(owner)).toBe(true)
    } finally {
      for (const { client } of connections) client.destroy()
    }
  })

  it('takes an instance killed with SIGKILL out of the balancer, keeps the survivors answering, and restart() brings it back on its port', async () => {
    const victim = cluster.instance('i2')
    const { port } = victim
    const firstChild = victim.child
    expect(await victim.kill('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' })
    expect(victim.running).toBe(false)
    await eventually(async () => expect((await cluster.balancer.serverStates()).i2).toMatch(/^DOWN/))
    expect(cluster.live().map((instance) => instance.id)).toEqual(['i1', 'i3'])

    // Requests and WebSockets through the balancer reach the survivors, in turn.
    const served: (string | undefined)[] = []
    for (let index = 0; index < 4; index++) {
      const { status, instance } = await cluster.balancer.answeredBy('/healthz')
      expect(status).toBe(200)
      served.push(instance?.id)
    }
    expect(new Set(served)).toEqual(new Set(['i1', 'i3']))
    const documentId = await cluster.balancer.createDocument()
    const member = await cluster.balancer.addMember(documentId, 'delegate', 'KH')
    const connections = []
    for (let index = 0; index < 2; index++) connections.push(await connectThrough(cluster.balancer.collabUrl, documentId, member.token))
    try {
      expect(socketsServedBy(connections)).toEqual(new Set(['i1', 'i3']))
      for (const { client } of connections) expect(client.fragment.length).toBeGreaterThan(0)
    } finally {
      for (const { client } of connections) client.destroy()
    }

    await victim.restart()
    expect(victim.port).toBe(port)
    expect(victim.child).not.toBe(firstChild)
    expect(victim.runs).toHaveLength(2)
    expect(victim.logs.find((line) => line.event === 'server.listening')).toMatchObject({ port })
    expect(await victim.health()).toMatchObject({ ok: true })
    await eventually(async () => expect(await cluster.balancer.serverStates()).toEqual({ i1: 'UP', i2: 'UP', i3: 'UP' }))
    // Back in the rotation: within one turn the balancer sends a request to it.
    const turn = []
    for (let index = 0; index < 3; index++) turn.push((await cluster.balancer.answeredBy('/healthz')).instance?.id)
    expect(new Set(turn)).toEqual(new Set(['i1', 'i2', 'i3']))
  })

  it('takes a paused instance out of the balancer and puts it back once resumed', async () => {
    const sleeper = cluster.instance('i3')
    sleeper.pause()
    try {
      expect(sleeper.paused).toBe(true)
      expect(cluster.live().map((instance) => instance.id)).toEqual(['i1', 'i2'])
      await eventually(async () => expect((await cluster.balancer.serverStates()).i3).toMatch(/^DOWN/))
      const served = []
      for (let index = 0; index < 4; index++) {
        const { status, instance } = await cluster.balancer.answeredBy('/healthz')
        expect(status).toBe(200)
        served.push(instance?.id)
      }
      expect(new Set(served)).toEqual(new Set(['i1', 'i2']))
    } finally {
      sleeper.resume()
    }
    expect(sleeper.paused).toBe(false)
    await eventually(async () => expect(await cluster.balancer.serverStates()).toEqual({ i1: 'UP', i2: 'UP', i3: 'UP' }))
    expect(await sleeper.health()).toMatchObject({ ok: true })
  })
})
