/**
 * The servers a side-by-side benchmark drives, each in a child process of
 * its own (so its CPU time and memory are its own), and the stock clients
 * that talk to them: Counterpart (durable: PostgreSQL, or PGlite when no
 * PostgreSQL answers), the Yjs project's reference server
 * `@y/websocket-server` in memory and with its LevelDB persistence, and
 * Hocuspocus 3 in memory (driven by its own provider, which speaks its
 * variant of the protocol).
 */

import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider'
import pg from 'pg'
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { projectRoot } from '../../server/projectRoot.js'
import { generateToken } from '../../server/access/token.js'
import { spawnServer, type ServerProcess } from '../support/testServer.js'

export interface BenchClient {
  readonly doc: Y.Doc
  /** Resolves once the provider reports "synced". */
  synced(): Promise<void>
  /** Bytes received over the socket so far (null where the provider does not expose its socket). */
  received(): number | null
  destroy(): void
}

/** Where and how a client reaches a document: enough to connect from another thread. */
export interface ClientEndpoint {
  readonly protocol: 'y-websocket' | 'hocuspocus'
  readonly url: string
  readonly room: string
  readonly params: Record<string, string>
}

export interface ServerTarget {
  readonly name: string
  /** Whether every update is stored before anyone else sees it. */
  readonly durable: boolean
  /** Whether a restart keeps the documents (false: in memory only). */
  readonly persistent: boolean
  /** A fresh document that `clients` clients may edit: its name and one credential per client. */
  newDocument(clients: number): Promise<{ name: string; credentials: string[] }>
  endpoint(name: string, credential: string): ClientEndpoint
  /** CPU time the server process has used, in ms. */
  cpuMs(): number
  /** The server process's resident memory, in bytes. */
  rssBytes(): number
  /** Kills the process at once (SIGKILL) and starts it again on the same data. */
  killAndRestart(): Promise<void>
  stop(): Promise<void>
}

const ticksPerSecond = 100

/** utime + stime of a process, in ms (Linux /proc). */
export function cpuMsOf(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond
}

function rssOf(pid: number): number {
  const line = fs.readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((entry) => entry.startsWith('VmRSS:'))!
  return Number(line.replace(/\D+/g, '')) * 1024
}

/**
 * The text a benchmark client types into. In a Counterpart document (whose
 * gate admits only what the MOU schema allows) it is the text of the first
 * paragraph of the last clause, seeded when the document is made; in the
 * reference servers' empty documents, a root text.
 */
export function benchText(doc: Y.Doc): Y.Text {
  const clause = doc
    .getXmlFragment('prosemirror')
    .toArray()
    .findLast((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'clause')
  if (!clause) return doc.getText('t')
  const paragraph = clause.toArray().find((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'paragraph')
  const text = paragraph?.get(0)
  if (!(text instanceof Y.XmlText)) throw new RangeError('the benchmark document has no text in its first paragraph')
  return text
}

/** Times every marked word (`[key]`, a number or `writer:number`) a peer receives from another, against when `sentAt` says it was typed. */
export function timeDeliveries(peers: readonly { doc: Y.Doc }[], sentAt: Map<string, number>, latencies: number[]): void {
  for (const peer of peers) {
    benchText(peer.doc).observe((event) => {
      if (event.transaction.local) return
      const now = performance.now()
      for (const { insert } of event.delta) {
        if (typeof insert !== 'string') continue
        for (const [, key] of insert.matchAll(/\[(\d+(?::\d+)?)\]/g)) {
          const sent = sentAt.get(key!)
          if (sent !== undefined) latencies.push(now - sent)
        }
      }
    })
  }
}

/** Gives the empty paragraph of a new Counterpart document a text to type into, through `endpoint`; resolves once another client holds it. */
async function seedBenchText(endpoint: ClientEndpoint, witnessEndpoint: ClientEndpoint): Promise<void> {
  const [writer, witness] = [connect(endpoint), connect(witnessEndpoint)]
  try {
    await Promise.all([writer.synced(), witness.synced()])
    const clause = writer.doc.getXmlFragment('prosemirror').toArray().findLast((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'clause')!
    const paragraph = clause.toArray().find((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'paragraph')!
    paragraph.insert(0, [new Y.XmlText('·')])
    const deadline = Date.now() + 10_000
    while (Date.now() < deadline) {
      try {
        if (benchText(witness.doc).length > 0) return
      } catch {
        // not there yet
      }
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    throw new Error('the seeded benchmark text never reached a second client')
  } finally {
    writer.destroy()
    witness.destroy()
  }
}

/** A stock client on `endpoint`: y-websocket's provider, or Hocuspocus's own. */
export function connect(endpoint: ClientEndpoint): BenchClient {
  return endpoint.protocol === 'y-websocket' ? yWebsocketClient(endpoint) : hocuspocusClient(endpoint)
}

function yWebsocketClient({ url, room, params }: ClientEndpoint): BenchClient {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(url, room, doc, {
    params,
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 500,
  })
  let bytes = 0
  provider.on('status', ({ status }) => {
    if (status === 'connected') (provider.ws as unknown as WebSocket).on('message', (data: Buffer) => (bytes += data.byteLength))
  })
  return {
    doc,
    synced: () => new Promise((resolve) => (provider.synced ? resolve() : provider.once('sync', () => resolve()))),
    received: () => bytes,
    destroy: () => {
      provider.destroy()
      doc.destroy()
    },
  }
}

function hocuspocusClient({ url, room }: ClientEndpoint): BenchClient {
  const doc = new Y.Doc()
  const socket = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: WebSocket as never })
  const provider = new HocuspocusProvider({ websocketProvider: socket, name: room, document: doc })
  provider.attach()
  return {
    doc,
    synced: () => new Promise((resolve) => (provider.isSynced ? resolve() : provider.on('synced', () => resolve()))),
    received: () => null,
    destroy: () => {
      provider.destroy()
      socket.destroy()
      doc.destroy()
    },
  }
}

/** A child process running `script` (TypeScript through tsx) that prints `{"port": N}` once it listens. */
async function startScript(script: string, env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: projectRoot(),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const port = await new Promise<number>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const parsed = JSON.parse(line) as { port?: number }
        if (parsed.port) resolve(parsed.port)
      } catch {
        // not the port line
      }
    })
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}) before listening`)))
  })
  return { child, port }
}

async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill(signal)
  await exited
}

/** `@y/websocket-server`: in memory, or persisted to LevelDB in a directory of its own. */
export async function referenceTarget(persistence: 'memory' | 'leveldb'): Promise<ServerTarget> {
  const directory = persistence === 'leveldb' ? fs.mkdtempSync(path.join(os.tmpdir(), 'bench-yleveldb-')) : null
  const env: Record<string, string> = directory ? { YPERSISTENCE: directory } : {}
  let running = await startScript('test/bench/referenceServer.ts', env)
  return {
    name: persistence === 'memory' ? '@y/websocket-server (memory)' : '@y/websocket-server (LevelDB)',
    durable: false,
    persistent: persistence === 'leveldb',
    newDocument: async (clients) => ({ name: `bench-${randomBytes(6).toString('hex')}`, credentials: Array.from({ length: clients }, () => '') }),
    endpoint: (room) => ({ protocol: 'y-websocket', url: `ws://127.0.0.1:${running.port}`, room, params: {} }),
    cpuMs: () => cpuMsOf(running.child.pid!),
    rssBytes: () => rssOf(running.child.pid!),
    async killAndRestart() {
      await stopChild(running.child, 'SIGKILL')
      running = await startScript('test/bench/referenceServer.ts', { ...env, PORT: String(running.port) })
    },
    async stop() {
      await stopChild(running.child)
      if (directory) fs.rmSync(directory, { recursive: true, force: true })
    },
  }
}

/** Hocuspocus 3 in memory, with its own provider. */
export async function hocuspocusTarget(): Promise<ServerTarget> {
  let running = await startScript('test/bench/hocuspocusServer.ts', {})
  return {
    name: 'Hocuspocus 3.4 (memory)',
    durable: false,
    persistent: false,
    newDocument: async (clients) => ({ name: `bench-${randomBytes(6).toString('hex')}`, credentials: Array.from({ length: clients }, () => '') }),
    endpoint: (room) => ({ protocol: 'hocuspocus', url: `ws://127.0.0.1:${running.port}`, room, params: {} }),
    cpuMs: () => cpuMsOf(running.child.pid!),
    rssBytes: () => rssOf(running.child.pid!),
    async killAndRestart() {
      await stopChild(running.child, 'SIGKILL')
      running = await startScript('test/bench/hocuspocusServer.ts', { PORT: String(running.port) })
    },
    stop: () => stopChild(running.child),
  }
}

/**
 * Counterpart as deployed: `server/main.ts` in a child process on a fresh
 * PostgreSQL database at `databaseUrl`'s server, or on PGlite in a
 * throwaway directory when `databaseUrl` is null.
 */
export async function counterpartTarget(databaseUrl: string | null): Promise<ServerTarget & { readonly databaseLabel: string }> {
  let env: Record<string, string>
  let drop: () => Promise<void>
  let databaseLabel: string
  if (databaseUrl) {
    const admin = new pg.Client({ connectionString: databaseUrl })
    await admin.connect()
    const database = `cp_sbs_${randomBytes(4).toString('hex')}`
    await admin.query(`CREATE DATABASE ${database}`)
    databaseLabel = `PostgreSQL ${(await admin.query('SHOW server_version')).rows[0].server_version}`
    const url = new URL(databaseUrl)
    url.pathname = `/${database}`
    env = { DATABASE_URL: url.toString() }
    drop = async () => {
      await admin.query(`DROP DATABASE ${database} WITH (FORCE)`)
      await admin.end()
    }
  } else {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-pglite-'))
    databaseLabel = 'PGlite'
    env = { COUNTERPART_DATA_DIR: directory }
    drop = async () => fs.rmSync(directory, { recursive: true, force: true })
  }
  env = { ...env, COUNTERPART_ADMIN_TOKEN: generateToken(), COUNTERPART_LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info' }
  /** A server that dies when nobody killed it says why, on stderr. */
  const watched = async (serverEnv: Record<string, string>) => {
    const server = await spawnServer(serverEnv)
    void server.exited.then(({ code, signal }) => {
      if (signal === 'SIGKILL' || code === 0) return
      const { stdout, stderr } = server.output()
      const errors = stdout.split('\n').filter((line) => line.includes('"level":"error"')).slice(-5)
      process.stderr.write(`Counterpart exited (${code ?? signal}):\n${errors.join('\n')}\n${stderr.slice(-4000)}\n`)
    })
    return server
  }
  let running: ServerProcess = await watched(env)
  const endpoint = (room: string, token: string): ClientEndpoint => ({ protocol: 'y-websocket', url: running.collabUrl, room, params: { token } })
  return {
    name: `Counterpart (${databaseLabel})`,
    databaseLabel,
    durable: true,
    persistent: true,
    async newDocument(clients) {
      const name = await running.createDocument('Bench')
      const credentials: string[] = []
      for (let i = 0; i < Math.max(clients, 2); i++) credentials.push((await running.addMember(name, 'delegate', i % 2 === 0 ? 'TH' : 'KH', `Delegate ${i}`)).token)
      await seedBenchText(endpoint(name, credentials[0]!), endpoint(name, credentials[1]!))
      return { name, credentials: credentials.slice(0, clients) }
    },
    endpoint: (room, token) => endpoint(room, token),
    cpuMs: () => cpuMsOf(running.child.pid!),
    rssBytes: () => rssOf(running.child.pid!),
    async killAndRestart() {
      await stopChild(running.child, 'SIGKILL')
      running = await watched({ ...env, PORT: String(running.port) })
    },
    async stop() {
      await running.close()
      await drop()
    },
  }
}
