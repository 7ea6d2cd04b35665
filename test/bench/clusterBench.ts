/**
 * `npm run bench -- cluster`: Counterpart as several instances over one
 * PostgreSQL database behind HAProxy (test/support/cluster.ts, the cluster
 * the tests use), beside one instance on its own.
 *
 * Fan-out: one writer and `readers` readers of one document, the writer
 * typing `writes` marked words at `rate` a second, each (word, reader) pair
 * timed from the writer's insert to the reader's receipt, in three layouts:
 * (a) one instance, not clustered; (b) the cluster, the writer and the
 * readers on the document's owner; (c) the cluster, the writer on one
 * instance that does not own the document and the readers on the other
 * (both relayed to the owner). A passive client on the owner (on the single
 * instance in (a)) holds the document there throughout, so that the owner
 * stays where it was put. Every client connects to its instance directly,
 * past the balancer; the servers are processes of their own.
 *
 * Failover: `clients` clients of a document connected through the balancer;
 * the owner is killed (SIGKILL) or stopped (SIGTERM), each client types a
 * word at once, and the time runs until every client is connected and
 * synced again and holds every client's word, all with one state vector.
 * The instance is restarted between rounds.
 */

import os from 'node:os'
import * as Y from 'yjs'
import { clusterLeaseMs, startCluster, type Cluster, type ClusterInstance } from '../support/cluster.js'
import { connectClient, type TestClient } from '../support/collabClient.js'
import { eventually, sleep } from '../support/eventually.js'
import { createPostgresDatabase } from '../support/testDatabase.js'
import { spawnServer } from '../support/testServer.js'
import { benchText, cpuMsOf, timeDeliveries } from './targets.js'

type RecordFigure = (scenario: string, figure: string, value: string) => void

export interface ClusterBenchOptions {
  /** The PostgreSQL server (an administrator's connection string). */
  databaseUrl: string
  writes: number
  rate: number
  readers: number
  /** Rounds of each fan-out layout, the layouts alternating. */
  fanoutRounds: number
  failoverClients: number
  failoverRounds: number
  record: RecordFigure
  log: (line: string) => void
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN
const median = (values: number[]) => quantile([...values].sort((a, b) => a - b), 0.5)
const ms = (value: number) => `${value.toFixed(2)} ms`
const sec = (value: number) => `${(value / 1000).toFixed(2)} s`

/** What the admin API needs to make a document: the helpers of a server process or of the balancer. */
interface Api {
  createDocument(title?: string): Promise<string>
  addMember(documentId: string, role: string, party?: string | null, name?: string): Promise<{ id: string; token: string }>
}

async function members(api: Api, documentId: string, count: number): Promise<string[]> {
  const tokens: string[] = []
  for (let i = 0; i < count; i++) tokens.push((await api.addMember(documentId, 'delegate', i % 2 === 0 ? 'TH' : 'KH', `Delegate ${i}`)).token)
  return tokens
}

/** Gives the empty first paragraph of the document's last clause a text to type into (as the side-by-side bench does). */
function seedText(client: TestClient): void {
  const clause = client.fragment.toArray().findLast((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'clause')!
  const paragraph = clause.toArray().find((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'paragraph')!
  paragraph.insert(0, [new Y.XmlText('·')])
}

const hasText = (client: TestClient) => {
  try {
    return benchText(client.doc).length > 0
  } catch {
    return false
  }
}

async function connectAll(collabUrl: string, documentId: string, tokens: string[]): Promise<TestClient[]> {
  const clients = tokens.map((token) => connectClient(collabUrl, documentId, token))
  await Promise.all(clients.map((client) => client.synced()))
  return clients
}

interface FanoutLayout {
  name: string
  api: Api
  /** Where the holder, the writer and the readers connect. */
  holderUrl: string
  place(owner: string): Promise<{ writerUrl: string; readersUrl: string; where: string }>
  /** The server processes whose CPU is counted. */
  pids: () => number[]
  /** The instance that owns the document once the holder is connected: null when not clustered, undefined while nobody owns it yet. */
  owner(documentId: string): Promise<string | null | undefined>
}

interface FanoutResult {
  latencies: number[]
  expected: number
  cpuMs: number
  /** Each server process's share of `cpuMs`. */
  cpuByProcess: number[]
  where: string
}

async function fanout(layout: FanoutLayout, options: ClusterBenchOptions): Promise<FanoutResult> {
  const { writes, rate, readers: readerCount } = options
  const documentId = await layout.api.createDocument('Fan-out')
  const [holderToken, writerToken, ...readerTokens] = await members(layout.api, documentId, readerCount + 2)
  const holder = connectClient(layout.holderUrl, documentId, holderToken!)
  const clients: TestClient[] = [holder]
  try {
    await holder.synced()
    seedText(holder)
    const owner = await eventually(async () => {
      const found = await layout.owner(documentId)
      if (found === undefined) throw new Error('no owner yet')
      return found
    })
    const { writerUrl, readersUrl, where } = await layout.place(owner ?? '')
    const writer = connectClient(writerUrl, documentId, writerToken!)
    clients.push(writer)
    const readers = await connectAll(readersUrl, documentId, readerTokens)
    clients.push(...readers)
    await writer.synced()
    await eventually(() => {
      if (![writer, ...readers].every(hasText)) throw new Error('the seeded text has not reached every client')
    })
    const sentAt = new Map<string, number>()
    const latencies: number[] = []
    timeDeliveries(readers, sentAt, latencies)
    const cpuBefore = layout.pids().map((pid) => cpuMsOf(pid))
    const started = performance.now()
    for (let i = 0; i < writes; i++) {
      const due = started + (i * 1000) / rate
      if (due > performance.now()) await sleep(due - performance.now())
      const key = String(i)
      sentAt.set(key, performance.now())
      benchText(writer.doc).insert(0, `[${key}]`)
    }
    const expected = writes * readers.length
    const deadline = Date.now() + 20_000
    while (latencies.length < expected && Date.now() < deadline) await sleep(20)
    const cpuByProcess = layout.pids().map((pid, index) => cpuMsOf(pid) - cpuBefore[index]!)
    return { latencies, expected, cpuMs: cpuByProcess.reduce((sum, value) => sum + value, 0), cpuByProcess, where }
  } finally {
    for (const client of clients) client.destroy()
  }
}

interface FailoverResult {
  /** Kill → every client connected, synced, holding every word, one state vector. */
  convergedMs: number
  /** Kill → another instance logged `lease.taken` for the document. */
  leaseTakenMs: number | null
  /** Kill → the process exited. */
  exitedMs: number
  owner: string
  newOwner: string | null
  /** How many of the clients' sockets the owner served itself (the others were relayed). */
  onOwner: number
}

/** The instances HAProxy sent each client's sockets to, in order (its `X-Served-By` on each 101). */
function watchServedBy(client: TestClient): string[] {
  const servedBy: string[] = []
  type Upgrading = { once(event: 'upgrade', listener: (response: { headers: Record<string, unknown> }) => void): void }
  const watch = () => (client.provider.ws as unknown as Upgrading | null)?.once('upgrade', (response) => servedBy.push(String(response.headers['x-served-by'])))
  watch()
  client.provider.on('status', ({ status }) => {
    if (status === 'connecting') watch()
  })
  return servedBy
}

async function failover(cluster: Cluster, signal: 'SIGKILL' | 'SIGTERM', round: number, clientCount: number): Promise<FailoverResult> {
  const documentId = await cluster.balancer.createDocument(`Failover ${signal} ${round}`)
  const tokens = await members(cluster.balancer, documentId, clientCount)
  const clients: TestClient[] = []
  try {
    const first = connectClient(cluster.balancer.collabUrl, documentId, tokens[0]!)
    const served = [watchServedBy(first)]
    clients.push(first)
    await first.synced()
    seedText(first)
    for (const token of tokens.slice(1)) {
      const client = connectClient(cluster.balancer.collabUrl, documentId, token)
      served.push(watchServedBy(client))
      clients.push(client)
      await client.synced()
    }
    await eventually(() => {
      if (!clients.every(hasText)) throw new Error('the seeded text has not reached every client')
    })
    const owner = await eventually(async () => {
      const found = await cluster.ownerOf(documentId)
      if (!found) throw new Error(`nobody owns ${documentId}`)
      return found
    })
    const onOwner = served.filter((ids) => ids.at(-1) === owner.id).length
    const survivors = cluster.live().filter((instance) => instance !== owner)
    const logFrom = new Map(survivors.map((instance) => [instance, instance.logs.length]))
    // Every client is served by the owner, directly or relayed: each must lose its socket and sync again (a client still on the draining owner is not handed over yet).
    const dropped = clients.map(() => false)
    clients.forEach((client, c) =>
      client.provider.on('status', ({ status }) => {
        if (status === 'disconnected') dropped[c] = true
      }),
    )
    const t0 = performance.now()
    const exited = owner.kill(signal).then(() => performance.now() - t0)
    const words = clients.map((_, c) => `[f${round}:${c}]`)
    clients.forEach((client, c) => benchText(client.doc).insert(0, words[c]!))
    let leaseTakenMs: number | null = null
    let newOwner: string | null = null
    const deadline = t0 + 60_000
    for (;;) {
      const now = performance.now()
      if (leaseTakenMs === null) {
        for (const [instance, from] of logFrom) {
          if (instance.logs.slice(from).some((line) => line.event === 'lease.taken' && line.documentId === documentId)) {
            leaseTakenMs = now - t0
            newOwner = instance.id
          }
        }
      }
      const connected = dropped.every(Boolean) && clients.every((client) => client.provider.wsconnected && client.provider.synced)
      if (connected) {
        const texts = clients.map((client) => benchText(client.doc).toString())
        const vectors = clients.map((client) => Y.encodeStateVector(client.doc).toString())
        if (texts.every((text) => words.every((word) => text.includes(word))) && vectors.every((vector) => vector === vectors[0])) {
          return { convergedMs: now - t0, leaseTakenMs, exitedMs: await exited, owner: owner.id, newOwner, onOwner }
        }
      }
      if (now > deadline) {
        const states = clients.map((client, c) => `${c}: ${dropped[c] ? 'dropped' : 'never dropped'}, ${client.provider.wsconnected ? 'connected' : 'not connected'}, ${client.provider.synced ? 'synced' : 'not synced'}`)
        throw new Error(`after ${signal} of ${owner.id} the ${clientCount} clients did not converge within 60 s: ${states.join('; ')}`)
      }
      await sleep(5)
    }
  } finally {
    for (const client of clients) client.destroy()
  }
}

/** Restarts every instance that is not running and waits for HAProxy to see all of them up. */
async function restoreCluster(cluster: Cluster): Promise<void> {
  for (const instance of cluster.instances) if (!instance.running) await instance.restart()
  await eventually(async () => {
    const states = await cluster.balancer.serverStates()
    if (!cluster.instances.every((instance) => states[instance.id] === 'UP')) throw new Error(`HAProxy: ${JSON.stringify(states)}`)
  })
}

/** The instances, by their ids, other than `owner`. */
const others = (cluster: Cluster, owner: string): ClusterInstance[] => cluster.instances.filter((instance) => instance.id !== owner)

export async function clusterBench(options: ClusterBenchOptions): Promise<void> {
  const { record, log } = options
  log(`cluster: one instance, then 3 instances behind HAProxy (lease ${clusterLeaseMs} ms)`)
  // The machine's load beside the run (2 cores here, often shared with test runs): the figures are only as quiet as it was.
  const loads = [os.loadavg()[0]!]
  const sampler = setInterval(() => loads.push(os.loadavg()[0]!), 5_000)
  // (a) One instance on its own, not clustered, as a process like the cluster's.
  const single = await createPostgresDatabase(options.databaseUrl)
  const alone = await spawnServer({ ...single.env, COUNTERPART_UNLOAD_DELAY_MS: '200' })
  const cluster = await startCluster({ databaseUrl: options.databaseUrl })
  try {
    const layouts: FanoutLayout[] = [
      {
        name: '(a) one instance, not clustered',
        api: alone,
        holderUrl: alone.collabUrl,
        place: async () => ({ writerUrl: alone.collabUrl, readersUrl: alone.collabUrl, where: 'all on the one instance' }),
        pids: () => [alone.child.pid!],
        owner: async () => null,
      },
      {
        name: '(b) cluster: writer and readers on the owner',
        api: cluster.instances[0]!.process,
        holderUrl: cluster.instances[0]!.collabUrl,
        place: async (owner) => ({ writerUrl: cluster.instance(owner).collabUrl, readersUrl: cluster.instance(owner).collabUrl, where: `all on ${owner}` }),
        pids: () => cluster.instances.map((instance) => instance.child.pid!),
        owner: async (documentId) => (await cluster.ownerOf(documentId))?.id,
      },
      {
        name: '(c) cluster: writer and readers relayed, on two non-owners',
        api: cluster.instances[0]!.process,
        holderUrl: cluster.instances[0]!.collabUrl,
        place: async (owner) => {
          const [writerOn, readersOn] = others(cluster, owner)
          return { writerUrl: writerOn!.collabUrl, readersUrl: readersOn!.collabUrl, where: `owner ${owner}, writer on ${writerOn!.id}, readers on ${readersOn!.id}` }
        },
        pids: () => cluster.instances.map((instance) => instance.child.pid!),
        owner: async (documentId) => (await cluster.ownerOf(documentId))?.id,
      },
    ]
    const results = new Map<string, FanoutResult[]>(layouts.map((layout) => [layout.name, []]))
    for (let round = 0; round < options.fanoutRounds; round++) {
      for (const layout of layouts) {
        const result = await fanout(layout, options)
        results.get(layout.name)!.push(result)
        const sorted = [...result.latencies].sort((a, b) => a - b)
        log(`  round ${round + 1}, ${layout.name} (${result.where}): p50 ${ms(quantile(sorted, 0.5))}, p99 ${ms(quantile(sorted, 0.99))}, ${result.latencies.length}/${result.expected} delivered, servers' CPU ${result.cpuByProcess.map((value) => value.toFixed(0)).join(' + ')} ms`)
      }
    }
    const scenario = `cluster fan-out: 1 writer, ${options.readers} readers, ${options.writes} writes at ${options.rate}/s (servers in processes of their own)`
    for (const layout of layouts) {
      const runs = results.get(layout.name)!
      const all = runs.flatMap((run) => run.latencies).sort((a, b) => a - b)
      const expected = runs.reduce((sum, run) => sum + run.expected, 0)
      const per1000 = (cpu: number) => ((cpu / Math.max(1, all.length)) * 1000).toFixed(0)
      const byProcess = runs[0]!.cpuByProcess.map((_, index) => runs.reduce((sum, run) => sum + run.cpuByProcess[index]!, 0))
      record(
        scenario,
        `${layout.name}: p50 / p95 / p99 / max (${runs.length} run${runs.length > 1 ? 's' : ''}, ${all.length} of ${expected} delivered)`,
        `${ms(quantile(all, 0.5))} / ${ms(quantile(all, 0.95))} / ${ms(quantile(all, 0.99))} / ${ms(all.at(-1) ?? NaN)}`,
      )
      const processes = layout.pids().length === 1 ? 'the one server' : `${cluster.instances.map((instance) => instance.id).join(' + ')}; ${runs[0]!.where}`
      record(scenario, `${layout.name}: servers' CPU per 1,000 deliveries (${processes})`, `${per1000(byProcess.reduce((sum, value) => sum + value, 0))} ms (${byProcess.map(per1000).join(' + ')})`)
      if (layout.name.startsWith('(c)')) {
        const relayed = results.get(layouts[2]!.name)!.flatMap((run) => run.latencies).sort((a, b) => a - b)
        const owned = results.get(layouts[1]!.name)!.flatMap((run) => run.latencies).sort((a, b) => a - b)
        record(scenario, 'the relay\'s cost, (c) − (b): p50 / p99', `${ms(quantile(relayed, 0.5) - quantile(owned, 0.5))} / ${ms(quantile(relayed, 0.99) - quantile(owned, 0.99))}`)
      }
    }

    for (const signal of ['SIGKILL', 'SIGTERM'] as const) {
      const runs: FailoverResult[] = []
      for (let round = 0; round < options.failoverRounds; round++) {
        await restoreCluster(cluster)
        const result = await failover(cluster, signal, round, options.failoverClients)
        runs.push(result)
        log(
          `  ${signal} round ${round + 1}: owner ${result.owner} (${result.onOwner} of ${options.failoverClients} clients on it), lease taken by ${result.newOwner ?? '?'} after ${result.leaseTakenMs === null ? '?' : ms(result.leaseTakenMs)}, converged after ${ms(result.convergedMs)}, exited after ${ms(result.exitedMs)}`,
        )
      }
      const converged = runs.map((run) => run.convergedMs).sort((a, b) => a - b)
      const taken = runs.flatMap((run) => (run.leaseTakenMs === null ? [] : [run.leaseTakenMs])).sort((a, b) => a - b)
      const exits = runs.map((run) => run.exitedMs).sort((a, b) => a - b)
      const what = signal === 'SIGKILL' ? 'failover: the owner killed (SIGKILL)' : 'handover: the owner stopped (SIGTERM, drained)'
      const scenario = `cluster ${what}; ${options.failoverClients} clients through HAProxy, lease ${clusterLeaseMs} ms, provider backoff ≤ 500 ms`
      record(scenario, `signal → every client synced again, converged: median / max of ${runs.length}`, `${sec(median(converged))} / ${sec(converged.at(-1)!)}`)
      record(scenario, `signal → the lease taken by a survivor: median / max of ${taken.length}`, `${sec(median(taken))} / ${sec(taken.at(-1) ?? NaN)}`)
      if (signal === 'SIGTERM') record(scenario, `signal → the process exited: median / max of ${runs.length}`, `${sec(median(exits))} / ${sec(exits.at(-1)!)}`)
    }
    loads.push(os.loadavg()[0]!)
    record(`cluster (the machine: ${os.cpus().length} cores)`, '1-minute load average over the run: min / median / max', `${Math.min(...loads).toFixed(2)} / ${median(loads).toFixed(2)} / ${Math.max(...loads).toFixed(2)}`)
  } finally {
    clearInterval(sampler)
    await cluster.stop()
    await alone.close()
    await single.drop()
  }
}
