/**
 * Counterpart beside the reference servers, in one run, on the same
 * machine, with the same stock clients: fan-out latency (and server CPU per
 * delivery), durable throughput, cold load after a SIGKILL, and memory.
 * Every server runs in a child process; the clients run here.
 */

import pg from 'pg'
import { sleep } from '../support/eventually.js'
import { Worker } from 'node:worker_threads'
import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { FreshClientOrders, FreshClientReport } from './freshClient.js'
import type { StormOrders, StormReport } from './writerStorm.js'
import { benchText, connect, counterpartTarget, hocuspocusTarget, referenceTarget, timeDeliveries, type BenchClient, type ServerTarget } from './targets.js'

export interface Figure {
  scenario: string
  figure: string
  /** Target name → value (a number in `unit`, or text). */
  values: Map<string, number | string>
  unit: 'ms' | 'ms/1000' | 'MiB' | '/s' | '%' | 'KiB' | ''
  /** Lower is better (for the ratio's reading). */
  lowerIsBetter: boolean
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN

async function connectAll(target: ServerTarget, name: string, credentials: string[]): Promise<BenchClient[]> {
  const clients = credentials.map((credential) => connect(target.endpoint(name, credential)))
  await Promise.all(clients.map((client) => client.synced()))
  return clients
}

/**
 * Many documents at once: `documents` documents, each with two clients
 * typing slowly (`rate` marked words a second each, their starts spread over
 * the first second) for `seconds`; the server's CPU over that time as a share
 * of one core, and every delivery to the other client timed.
 */
async function manyDocuments(target: ServerTarget, documents: number, rate: number, seconds: number) {
  const made: BenchClient[][] = []
  for (let i = 0; i < documents; i++) {
    const { name, credentials } = await target.newDocument(2)
    made.push(await connectAll(target, name, credentials))
  }
  const sentAt = new Map<string, number>()
  const latencies: number[] = []
  for (const peers of made) timeDeliveries(peers, sentAt, latencies)
  const edits = Math.round(rate * seconds)
  const cpuBefore = target.cpuMs()
  const started = performance.now()
  await Promise.all(
    made.flat().map(async (typist, t) => {
      const offset = ((t * 7919) % 1000) / 1000
      for (let i = 0; i < edits; i++) {
        const due = started + ((offset + i) * 1000) / rate
        if (due > performance.now()) await sleep(due - performance.now())
        const key = `${t}:${i}`
        sentAt.set(key, performance.now())
        benchText(typist.doc).insert(0, `[${key}]`)
      }
    }),
  )
  const typed = performance.now() - started
  const cpu = target.cpuMs() - cpuBefore
  const expected = made.length * 2 * edits
  const deadline = Date.now() + 20_000
  while (latencies.length < expected && Date.now() < deadline) await sleep(20)
  for (const peer of made.flat()) peer.destroy()
  latencies.sort((a, b) => a - b)
  return { cpuShare: cpu / typed, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), delivered: latencies.length, expected, rss: target.rssBytes() }
}

/** Fan-out: W of N clients each insert `edits` marked words (`[w:i]`) at `rate` per second; every (edit, receiver) pair timed. */
async function fanout(target: ServerTarget, clients: number, writers: number, rate: number, edits: number) {
  const { name, credentials } = await target.newDocument(clients)
  const peers = await connectAll(target, name, credentials)
  const sentAt = new Map<string, number>()
  const latencies: number[] = []
  timeDeliveries(peers, sentAt, latencies)
  const cpuBefore = target.cpuMs()
  await Promise.all(
    peers.slice(0, writers).map(async (writer, w) => {
      const started = performance.now()
      for (let i = 0; i < edits; i++) {
        const due = started + (i * 1000) / rate
        if (due > performance.now()) await sleep(due - performance.now())
        const key = `${w}:${i}`
        sentAt.set(key, performance.now())
        benchText(writer.doc).insert(0, `[${key}]`)
      }
    }),
  )
  const expected = writers * edits * (clients - 1)
  const deadline = Date.now() + 20_000
  while (latencies.length < expected && Date.now() < deadline) await sleep(20)
  const cpu = target.cpuMs() - cpuBefore
  const rss = target.rssBytes()
  for (const peer of peers) peer.destroy()
  latencies.sort((a, b) => a - b)
  return {
    p50: quantile(latencies, 0.5),
    p95: quantile(latencies, 0.95),
    p99: quantile(latencies, 0.99),
    max: latencies.at(-1) ?? NaN,
    delivered: latencies.length,
    expected,
    cpuPer1000: (cpu / Math.max(1, latencies.length)) * 1000,
    rss,
  }
}

/**
 * Durable throughput: `writers` clients, in a worker thread of their own,
 * type as fast as they can for `seconds`; an observer here counts what the
 * server hands on (Counterpart hands on only what it has stored). For
 * Counterpart on PostgreSQL, also the database's commits in that time.
 */
async function throughput(target: ServerTarget, writers: number, seconds: number, layout: ThroughputLayout, commits: () => Promise<number | null>) {
  // One document all write to (every update is also handed to the 19 other
  // writers), or a document each (with an observer of its own).
  const documents = await Promise.all(Array.from({ length: layout === 'one document' ? 1 : writers }, () => target.newDocument(layout === 'one document' ? writers + 1 : 2)))
  const observers = documents.map(({ name, credentials }) => connect(target.endpoint(name, credentials[0]!)))
  await Promise.all(observers.map((observer) => observer.synced()))
  let seen = 0
  for (const observer of observers) observer.doc.on('update', () => seen++)
  const endpoints = Array.from({ length: writers }, (_, i) => {
    const { name, credentials } = documents[i % documents.length]!
    return target.endpoint(name, layout === 'one document' ? credentials[i + 1]! : credentials[1]!)
  })
  const orders: StormOrders = { endpoints, seconds }
  const worker = benchWorker('./writerStorm.ts', orders)
  const reports: StormReport[] = []
  const next = (kind: StormReport['kind']) =>
    new Promise<StormReport>((resolve, reject) => {
      const found = reports.find((report) => report.kind === kind)
      if (found) return resolve(found)
      const onMessage = (report: StormReport) => {
        if (report.kind !== kind) return
        worker.off('message', onMessage)
        resolve(report)
      }
      worker.on('message', onMessage)
      worker.once('error', reject)
    })
  worker.on('message', (report: StormReport) => reports.push(report))
  try {
    await next('ready')
    const commitsBefore = await commits()
    const started = performance.now()
    worker.postMessage('go')
    const offered = await next('offered')
    const made = offered.kind === 'offered' ? offered.updates : 0
    const deadline = Date.now() + 30_000
    while (seen < made && Date.now() < deadline) await sleep(20)
    const elapsed = (performance.now() - started) / 1000
    await sleep(1000) // statistics reach pg_stat_database with a delay
    const commitsAfter = await commits()
    return {
      offered: made / seconds,
      delivered: seen / elapsed,
      handedOn: `${seen}/${made}`,
      commits: commitsBefore === null || commitsAfter === null ? null : (commitsAfter - commitsBefore) / elapsed,
    }
  } finally {
    worker.postMessage('stop')
    await new Promise((resolve) => worker.once('exit', resolve))
    for (const observer of observers) observer.destroy()
  }
}

type ThroughputLayout = 'one document' | 'a document each'

/**
 * Cold load after a crash: a writer makes `updates` small edits (6
 * characters each) as fast as it can; once a second client has received
 * them all, the server is SIGKILLed and restarted (servers that keep
 * nothing are not restarted); then a fresh client, in a process of its own
 * (`freshClient.ts`), connects. Measures the time to "synced", how much of
 * the text it had then, and the time until it had all of it.
 */
async function coldLoad(target: ServerTarget, updates: number) {
  const { name, credentials } = await target.newDocument(3)
  const [writer, witness] = await connectAll(target, name, credentials.slice(0, 2))
  const text = benchText(writer!.doc)
  for (let i = 0; i < updates; i++) {
    text.insert(Math.floor(((i * 7919) % 1000) / 1000 * (text.length + 1)), `w${String(i % 10000).padStart(4, '0')} `)
    if (i % 500 === 499) await new Promise((resolve) => setImmediate(resolve))
  }
  const expected = text.toString()
  const deadline = Date.now() + 120_000
  while (benchText(witness!.doc).length < expected.length && Date.now() < deadline) await sleep(10)
  writer!.destroy()
  witness!.destroy()
  const fresh = fork(fileURLToPath(new URL('./freshClient.ts', import.meta.url)), { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  try {
    await nextMessage(fresh)
    if (target.persistent) await target.killAndRestart()
    const report = nextMessage<FreshClientReport>(fresh)
    fresh.send({ endpoint: target.endpoint(name, credentials[2]!), expected, timeoutMs: 30_000 } satisfies FreshClientOrders)
    const { syncedMs, atSynced, completeMs, kept, bytes } = await report
    return { syncedMs, atSynced, completeMs, kept, kib: bytes === null ? null : bytes / 1024 }
  } finally {
    fresh.kill()
  }
}

/**
 * Starts `script` (next to this file) in a worker thread with `data`. A
 * worker does not inherit tsx's loader hooks (Node 20): it registers them,
 * then loads the TypeScript.
 */
function benchWorker(script: string, data?: unknown): Worker {
  const url = new URL(script, import.meta.url).href
  return new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url)}) })`, { eval: true, workerData: data })
}

/** The next message `worker` (a thread or a forked process) posts; rejects if it fails first. */
function nextMessage<T>(worker: Worker | ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    worker.once('message', resolve)
    worker.once('error', reject)
  })
}

/** Server memory: `cycles` documents opened and closed by a client, then `held` documents held open. */
async function memory(target: ServerTarget, cycles: number, held: number) {
  const documents: { name: string; credential: string }[] = []
  for (let i = 0; i < held; i++) {
    const { name, credentials } = await target.newDocument(1)
    documents.push({ name, credential: credentials[0]! })
  }
  const before = target.rssBytes()
  for (let i = 0; i < cycles; i++) {
    const { name, credential } = documents[i % documents.length]!
    const client = connect(target.endpoint(name, credential))
    await client.synced()
    benchText(client.doc).insert(0, 'x')
    await sleep(2)
    client.destroy()
  }
  await sleep(12_000) // past Counterpart's default unload delay (10 s)
  const afterCycles = target.rssBytes()
  const open = documents.slice(0, held).map(({ name, credential }) => connect(target.endpoint(name, credential)))
  await Promise.all(open.map((client) => client.synced()))
  await sleep(500)
  const heldOpen = target.rssBytes()
  for (const client of open) client.destroy()
  return { before, afterCycles, heldOpen }
}

export interface SideBySideOptions {
  /** Repetitions of each latency scenario (medians are reported). */
  repeat: number
  /** Divides every count (edits, updates, cycles) by this, for a quick look; 1 for the real run. */
  scale: number
  databaseUrl: string | null
  /** Which parts to run (all when empty). */
  parts: ReadonlySet<SideBySidePart>
  log: (line: string) => void
}

export const sideBySideParts = ['fanout', 'documents', 'throughput', 'load', 'memory'] as const
export type SideBySidePart = (typeof sideBySideParts)[number]

/** Runs every side-by-side scenario; returns the figures, and the labels of the servers compared. */
export async function runSideBySide(options: SideBySideOptions): Promise<{ figures: Figure[]; servers: string[] }> {
  const { log } = options
  const figures: Figure[] = []
  const add = (scenario: string, figure: string, unit: Figure['unit'], lowerIsBetter: boolean) => {
    const entry: Figure = { scenario, figure, values: new Map(), unit, lowerIsBetter }
    figures.push(entry)
    return entry
  }
  const ours = await counterpartTarget(options.databaseUrl)
  const reference = await referenceTarget('memory')
  const hocuspocus = await hocuspocusTarget()
  const latencyTargets: ServerTarget[] = [ours, reference, hocuspocus]
  try {
    const { scale } = options
    const shapes = [
      { clients: 2, writers: 1, rate: 50, edits: 500 / scale },
      { clients: 50, writers: 2, rate: 20, edits: 300 / scale },
      { clients: 200, writers: 4, rate: 10, edits: 100 / scale },
    ]
    const running = (part: SideBySidePart) => options.parts.size === 0 || options.parts.has(part)
    for (const shape of running('fanout') ? shapes : []) {
      const scenario = `fan-out ${shape.clients} clients × ${shape.writers} writers, ${shape.edits} edits each at ${shape.rate}/s`
      const p50 = add(scenario, 'p50 latency', 'ms', true)
      const p99 = add(scenario, 'p99 latency', 'ms', true)
      const max = add(scenario, 'max latency', 'ms', true)
      const delivered = add(scenario, 'delivered / expected (every run)', '', false)
      const cpu = add(scenario, 'server CPU per 1,000 deliveries', 'ms/1000', true)
      const rss = add(scenario, 'server RSS at the end', 'MiB', true)
      const runs = new Map<string, Awaited<ReturnType<typeof fanout>>[]>()
      for (let round = 0; round < options.repeat; round++) {
        for (const target of latencyTargets) {
          const result = await fanout(target, shape.clients, shape.writers, shape.rate, shape.edits)
          log(`  ${scenario} · ${target.name} · run ${round + 1}: p99 ${result.p99.toFixed(1)} ms, ${result.delivered}/${result.expected}`)
          runs.set(target.name, [...(runs.get(target.name) ?? []), result])
        }
      }
      for (const [name, results] of runs) {
        p50.values.set(name, median(results.map((result) => result.p50)))
        p99.values.set(name, median(results.map((result) => result.p99)))
        max.values.set(name, median(results.map((result) => result.max)))
        delivered.values.set(name, results.map((result) => `${result.delivered}/${result.expected}`).join(', '))
        cpu.values.set(name, median(results.map((result) => result.cpuPer1000)))
        rss.values.set(name, median(results.map((result) => result.rss)) / 1024 / 1024)
      }
    }

    if (running('documents')) {
      const shape = { documents: 200 / scale, rate: 0.25, seconds: 40 / scale }
      const scenario = `${shape.documents} documents × 2 slow typists (a marked word every ${1 / shape.rate} s each) for ${shape.seconds} s`
      const cpu = add(scenario, 'server CPU, share of one core', '%', true)
      const p50 = add(scenario, 'p50 latency', 'ms', true)
      const p99 = add(scenario, 'p99 latency', 'ms', true)
      const delivered = add(scenario, 'delivered / expected', '', false)
      const rss = add(scenario, 'server RSS at the end', 'MiB', true)
      for (const target of latencyTargets) {
        const result = await manyDocuments(target, shape.documents, shape.rate, shape.seconds)
        log(`  ${scenario} · ${target.name}: CPU ${(result.cpuShare * 100).toFixed(1)} %, p99 ${result.p99.toFixed(1)} ms, ${result.delivered}/${result.expected}`)
        cpu.values.set(target.name, result.cpuShare * 100)
        p50.values.set(target.name, result.p50)
        p99.values.set(target.name, result.p99)
        delivered.values.set(target.name, `${result.delivered}/${result.expected}`)
        rss.values.set(target.name, result.rss / 1024 / 1024)
      }
    }

    const commitsOf = async (): Promise<number | null> => {
      if (!options.databaseUrl) return null
      const client = new pg.Client({ connectionString: options.databaseUrl })
      await client.connect()
      try {
        const { rows } = await client.query("SELECT sum(xact_commit)::bigint AS commits FROM pg_stat_database WHERE datname LIKE 'cp_sbs_%'")
        return Number(rows[0].commits)
      } finally {
        await client.end()
      }
    }
    for (const layout of running('throughput') ? (['one document', 'a document each'] as const) : []) {
      const scenario = `throughput: 20 writers (in a thread of their own) typing as fast as they can for ${5 / scale} s, ${layout}`
      const offered = add(scenario, 'updates made per s', '/s', false)
      const handedOn = add(scenario, 'handed on / made', '', false)
      const delivered = add(scenario, 'updates handed on per s (Counterpart: stored first)', '/s', false)
      const commits = add(scenario, 'database commits per s', '/s', false)
      for (const target of [ours, reference, hocuspocus]) {
        const result = await throughput(target, 20, 5 / scale, layout, target === ours ? commitsOf : async () => null)
        log(`  ${scenario} · ${target.name}: ${result.delivered.toFixed(0)}/s`)
        offered.values.set(target.name, result.offered)
        handedOn.values.set(target.name, result.handedOn)
        delivered.values.set(target.name, result.delivered)
        if (result.commits !== null) commits.values.set(target.name, result.commits)
      }
    }

    if (running('load')) {
    const leveldb = await referenceTarget('leveldb')
    try {
      const scenario = 'cold load: 20,000 fast edits; once a second client has them all, SIGKILL and restart (servers that keep nothing: no restart); a fresh client, in a process of its own, connects'
      const synced = add(scenario, 'connect → "synced"', 'ms', true)
      const atSynced = add(scenario, 'share of the text present at "synced"', '%', false)
      const complete = add(scenario, 'connect → the exact text', 'ms', true)
      const kept = add(scenario, 'share of the text kept', '%', false)
      const received = add(scenario, 'bytes received', 'KiB', true)
      // Alternating runs, medians: a cold client's apply of the same bytes scatters by 100 ms and more.
      const runs = new Map<string, Awaited<ReturnType<typeof coldLoad>>[]>()
      for (let round = 0; round < options.repeat; round++) {
        for (const target of [ours, leveldb, reference, hocuspocus]) {
          const result = await coldLoad(target, 20_000 / scale)
          log(`  cold load · ${target.name} · run ${round + 1}: synced ${result.syncedMs.toFixed(0)} ms (${(result.atSynced * 100).toFixed(0)}%), kept ${(result.kept * 100).toFixed(0)}%`)
          runs.set(target.name, [...(runs.get(target.name) ?? []), result])
        }
      }
      for (const [name, results] of runs) {
        synced.values.set(name, median(results.map((result) => result.syncedMs)))
        atSynced.values.set(name, median(results.map((result) => result.atSynced)) * 100)
        complete.values.set(name, median(results.map((result) => result.completeMs)))
        kept.values.set(name, median(results.map((result) => result.kept)) * 100)
        const kib = results.map((result) => result.kib).filter((value) => value !== null)
        if (kib.length > 0) received.values.set(name, median(kib))
      }
    } finally {
      await leveldb.stop()
    }
    }

    if (running('memory')) {
      const scenario = 'memory: 1,000 open/close cycles over 100 documents, then 100 held open'
      const before = add(scenario, 'server RSS before', 'MiB', true)
      const afterCycles = add(scenario, 'server RSS after the cycles (idle)', 'MiB', true)
      const heldOpen = add(scenario, 'server RSS with 100 documents open', 'MiB', true)
      for (const target of [ours, reference, hocuspocus]) {
        const result = await memory(target, 1000 / scale, 100 / scale)
        log(`  memory · ${target.name}: ${(result.afterCycles / 1048576).toFixed(0)} MiB`)
        before.values.set(target.name, result.before / 1048576)
        afterCycles.values.set(target.name, result.afterCycles / 1048576)
        heldOpen.values.set(target.name, result.heldOpen / 1048576)
      }
    }
  } finally {
    await Promise.all([ours.stop(), reference.stop(), hocuspocus.stop()])
  }
  return { figures, servers: [ours.name, reference.name, hocuspocus.name] }
}

/** The figures as a Markdown table: one column per server, and Counterpart's ratio to each of the others. */
export function sideBySideTable(figures: Figure[]): string {
  const columns = [...new Set(figures.flatMap((figure) => [...figure.values.keys()]))]
  const ours = columns.find((name) => name.startsWith('Counterpart'))!
  const others = columns.filter((name) => name !== ours)
  const show = (value: number | string | undefined, unit: Figure['unit']) => {
    if (value === undefined) return '—'
    if (typeof value === 'string') return value
    if (Number.isNaN(value)) return 'never'
    const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2
    return `${value.toFixed(digits)}${unit === 'ms/1000' ? ' ms' : unit ? ` ${unit}` : ''}`
  }
  const lines = [
    `| scenario | figure | ${columns.join(' | ')} | ${others.map((name) => `ours ÷ ${name}`).join(' | ')} |`,
    `|${' --- |'.repeat(2 + columns.length + others.length)}`,
  ]
  for (const figure of figures) {
    const mine = figure.values.get(ours)
    const ratios = others.map((name) => {
      const theirs = figure.values.get(name)
      return typeof mine === 'number' && typeof theirs === 'number' && theirs > 0 && Number.isFinite(mine) && Number.isFinite(theirs) ? `${(mine / theirs).toFixed(2)}×` : '—'
    })
    lines.push(`| ${figure.scenario} | ${figure.figure} | ${columns.map((name) => show(figure.values.get(name), figure.unit)).join(' | ')} | ${ratios.join(' | ')} |`)
  }
  return lines.join('\n')
}
