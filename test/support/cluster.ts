/**
 * A cluster for tests: several server processes over one PostgreSQL
 * database, behind a real HAProxy, as production runs them. Each instance
 * keeps its port for the whole file, so that it can be killed, paused and
 * restarted where its peers and the balancer expect it.
 *
 * The instances run with `COUNTERPART_CLUSTER=true`, their own
 * `COUNTERPART_INSTANCE_ID` (i1…iN, also HAProxy's server names) and
 * `COUNTERPART_INTERNAL_URL`, a short lease (`COUNTERPART_LEASE_MS`) and a
 * short unload delay; they share the database, the administrator's token
 * and the seal key. The balancer balances round robin with no stickiness,
 * checks `GET /healthz`, retries and redispatches a refused connection, and
 * names the instance that answered in the `X-Served-By` response header.
 *
 * `useCluster` registers the cluster with a test file's hooks; `startCluster`
 * starts one anywhere (the benchmarks), to be stopped by its `stop()`.
 */

import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net, { type AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, inject } from 'vitest'
import { generateToken } from '../../server/access/token.js'
import { eventually } from './eventually.js'
import { createPostgresDatabase, runTarget, type TestDatabase } from './testDatabase.js'
import { spawnServer, testSealKey, withHelpers, type ServerProcess } from './testServer.js'

/** What `GET /healthz` answers; `instance` and `owned` come with cluster mode. */
export interface ClusterHealth {
  ok: boolean
  instance?: string
  /** The documents this instance holds the lease of. */
  owned?: string[]
  error?: string
}

type Exit = { code: number | null; signal: NodeJS.Signals | null }

export interface ClusterInstance {
  /** `i1`…`iN`: its `COUNTERPART_INSTANCE_ID` and its server name in HAProxy. */
  readonly id: string
  /** The same port across restarts. */
  readonly port: number
  /** `http://127.0.0.1:<port>`, its `COUNTERPART_INTERNAL_URL`. */
  readonly url: string
  /** `ws://127.0.0.1:<port>/collab`: this instance directly, past the balancer. */
  readonly collabUrl: string
  /** The environment it is started with, every time. */
  readonly env: Readonly<Record<string, string>>
  /** The current process, with its own helpers (request, createDocument…) aimed at this instance; replaced by `restart()`. */
  readonly process: ServerProcess
  readonly child: ChildProcess
  /** The JSON log lines of the current process (a restart starts a new list; `runs` keeps the earlier ones). */
  readonly logs: Record<string, unknown>[]
  /** Every process this instance ran so far, the current one last. */
  readonly runs: readonly ServerProcess[]
  /** Resolves when the current process has exited. */
  readonly exited: Promise<Exit>
  /** The current process has not exited. */
  readonly running: boolean
  /** Stopped by `pause()` and not resumed. */
  readonly paused: boolean
  /** Sends `signal` (SIGKILL unless told) and resolves once the process has exited. A paused process is resumed after the signal, so that it can act on it. */
  kill(signal?: NodeJS.Signals): Promise<Exit>
  /** SIGSTOP: the process holds its sockets and answers nothing, as a machine that hangs. */
  pause(): void
  /** SIGCONT. */
  resume(): void
  /** Starts the instance again, on the same port with the same environment; it must have exited (kill it first). Resolves once it listens. */
  restart(): Promise<void>
  /** `GET /healthz` on this instance directly; rejects if it does not answer within 2 s. */
  health(): Promise<ClusterHealth>
}

/** The helpers a ServerProcess has (request, createDocument, addMember…), aimed at the balancer. */
export type Balancer = ReturnType<typeof balancerHelpers>

export interface ClusterFixture {
  /** The one database every instance uses. */
  testDatabase: TestDatabase
  /** The administrator's token on every instance. */
  adminToken: string
  /** HAProxy in front of the instances. */
  balancer: Balancer
  instances: ClusterInstance[]
  /** The instance with this id. */
  instance(id: string): ClusterInstance
  /** The instances running and not paused. */
  live(): ClusterInstance[]
  /**
   * The live instances whose `/healthz` lists `documentId` in `owned`.
   * Needs a server that reports `owned` (cluster mode).
   */
  owners(documentId: string): Promise<ClusterInstance[]>
  /** The one live instance that owns `documentId`, or null; throws if two claim it. */
  ownerOf(documentId: string): Promise<ClusterInstance | null>
}

export interface ClusterOptions {
  /** How many server instances; 3 unless told. */
  instances?: number
  /** Added to every instance's environment (over the cluster's defaults). */
  env?: Record<string, string>
  /** Added to one instance's environment, over `env`. */
  instanceEnv?: (id: string, index: number) => Record<string, string>
}

/** The lease length the instances run with: short, so that a dead owner's documents move on within a test. */
export const clusterLeaseMs = 1500

/** A cluster started by `startCluster`, to be stopped by its `stop()`. */
export interface Cluster extends ClusterFixture {
  /** Stops every instance (SIGTERM, SIGKILL after 15 s) and HAProxy, and drops the database. */
  stop(): Promise<void>
}

/**
 * Registers the hooks of a cluster for this file (or describe): a fresh
 * PostgreSQL database, `instances` server processes on it, and HAProxy in
 * front, all started before the first test and stopped after the last.
 * Needs PostgreSQL and HAProxy; without either the hooks fail, naming what
 * is missing (never a skip: CI has both).
 */
export function useCluster(options: ClusterOptions = {}): ClusterFixture {
  const fixture: ClusterFixture = {
    testDatabase: undefined as unknown as TestDatabase,
    adminToken: '',
    balancer: undefined as unknown as Balancer,
    instances: [],
    ...lookups(() => fixture.instances),
  }
  let started: Cluster | null = null

  beforeAll(async () => {
    if (runTarget() !== 'postgres') {
      throw new Error(
        'useCluster needs PostgreSQL: the instances of a cluster share one database, and PGlite is one process\'s. ' +
          'No PostgreSQL answered at DATABASE_URL (see the run\'s first line); CI always has one (.ci/run starts it).',
      )
    }
    started = await startCluster({ ...options, databaseUrl: inject('databaseUrl') })
    fixture.testDatabase = started.testDatabase
    fixture.adminToken = started.adminToken
    fixture.balancer = started.balancer
    fixture.instances = started.instances
  })

  afterAll(async () => {
    await started?.stop()
  })

  return fixture
}

/**
 * Starts a cluster outside any test framework (the benchmarks use it): a
 * fresh database on the PostgreSQL server at `databaseUrl`, `instances`
 * server processes on it, and HAProxy in front; resolves once HAProxy sees
 * every instance up. If any part fails to start, what did start is stopped
 * before the promise rejects.
 */
export async function startCluster(options: ClusterOptions & { databaseUrl: string }): Promise<Cluster> {
  const count = options.instances ?? 3
  const executable = findHaproxy()
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'counterpart-cluster-'))
  let haproxy: Haproxy | null = null
  const cluster: Cluster = {
    testDatabase: undefined as unknown as TestDatabase,
    adminToken: generateToken(),
    balancer: undefined as unknown as Balancer,
    instances: [],
    ...lookups(() => cluster.instances),
    async stop() {
      await Promise.all(cluster.instances.map((instance) => stopInstance(instance)))
      await haproxy?.stop()
      await cluster.testDatabase?.drop()
      fs.rmSync(directory, { recursive: true, force: true })
    },
  }
  try {
    const sealKeyFile = path.join(directory, 'seal-key.pem')
    fs.writeFileSync(sealKeyFile, testSealKey.privateKeyPem, { mode: 0o600 })
    cluster.testDatabase = await createPostgresDatabase(options.databaseUrl)
    const [balancerPort, ...ports] = await freePorts(count + 1)
    const ids = ports.map((_, index) => `i${index + 1}`)
    const started = await Promise.allSettled(
      ids.map((id, index) => {
        const port = ports[index]!
        const env = {
          ...cluster.testDatabase.env,
          PORT: String(port),
          COUNTERPART_ADMIN_TOKEN: cluster.adminToken,
          COUNTERPART_SEAL_KEY_FILE: sealKeyFile,
          COUNTERPART_CLUSTER: 'true',
          COUNTERPART_INSTANCE_ID: id,
          COUNTERPART_LEASE_MS: String(clusterLeaseMs),
          COUNTERPART_UNLOAD_DELAY_MS: '200',
          COUNTERPART_INTERNAL_URL: `http://127.0.0.1:${port}`,
          ...options.env,
          ...options.instanceEnv?.(id, index),
        }
        return startInstance(id, port, env)
      }),
    )
    // Those that started are stopped even when another did not start.
    cluster.instances = started.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []))
    const failed = started.find((outcome) => outcome.status === 'rejected')
    if (failed) throw failed.reason
    haproxy = await startHaproxy(executable, directory, balancerPort!, cluster.instances)
    cluster.balancer = balancerHelpers(haproxy, cluster.adminToken, cluster.instances)
    await eventually(async () => {
      const states = await haproxy!.serverStates()
      const down = ids.filter((id) => states[id] !== 'UP')
      if (down.length > 0) throw new Error(`HAProxy does not see every instance up yet: ${JSON.stringify(states)}`)
      const answer = await fetch(`${haproxy!.url}/healthz`)
      if (answer.status !== 200) throw new Error(`the balancer's /healthz answered ${answer.status}`)
    })
  } catch (error) {
    await cluster.stop().catch(() => {})
    throw error
  }
  return cluster
}

/** The fixture's look-ups over the instances `instances()` returns (read at each call: the list is filled in once started). */
function lookups(instances: () => ClusterInstance[]): Pick<ClusterFixture, 'instance' | 'live' | 'owners' | 'ownerOf'> {
  const live = () => instances().filter((instance) => instance.running && !instance.paused)
  const owners = async (documentId: string) => {
    const answers = await Promise.all(
      live().map(async (instance) => {
        const health = await instance.health().catch(() => null)
        return health?.owned?.includes(documentId) ? instance : null
      }),
    )
    return answers.filter((instance): instance is ClusterInstance => instance !== null)
  }
  return {
    instance(id) {
      const found = instances().find((instance) => instance.id === id)
      if (!found) throw new RangeError(`no instance ${id} (the cluster has ${instances().map((instance) => instance.id).join(', ')})`)
      return found
    },
    live,
    owners,
    async ownerOf(documentId) {
      const found = await owners(documentId)
      if (found.length > 1) throw new Error(`document ${documentId} is owned by ${found.map((owner) => owner.id).join(' and ')} at once`)
      return found[0] ?? null
    },
  }
}

async function startInstance(id: string, port: number, env: Record<string, string>): Promise<ClusterInstance> {
  const runs: ServerProcess[] = []
  let current = await spawnInstanceProcess(id, port, env)
  runs.push(current)
  let paused = false
  const running = () => current.child.exitCode === null && current.child.signalCode === null
  const url = `http://127.0.0.1:${port}`
  return {
    id,
    port,
    url,
    collabUrl: `ws://127.0.0.1:${port}/collab`,
    env,
    get process() {
      return current
    },
    get child() {
      return current.child
    },
    get logs() {
      return current.logs
    },
    runs,
    get exited() {
      return current.exited
    },
    get running() {
      return running()
    },
    get paused() {
      return paused && running()
    },
    async kill(signal = 'SIGKILL') {
      if (running()) {
        current.child.kill(signal)
        if (paused) current.child.kill('SIGCONT')
      }
      paused = false
      return current.exited
    },
    pause() {
      if (!running()) throw new Error(`instance ${id} is not running`)
      current.child.kill('SIGSTOP')
      paused = true
    },
    resume() {
      if (running()) current.child.kill('SIGCONT')
      paused = false
    },
    async restart() {
      if (running()) throw new Error(`instance ${id} is still running: kill it before restarting it`)
      paused = false
      current = await spawnInstanceProcess(id, port, env)
      runs.push(current)
    },
    async health() {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) })
      return (await response.json()) as ClusterHealth
    },
  }
}

async function spawnInstanceProcess(id: string, port: number, env: Record<string, string>): Promise<ServerProcess> {
  const server = await spawnServer(env)
  if (server.port !== port) {
    await server.close()
    throw new Error(`instance ${id} listens on ${server.port}, not on its port ${port}`)
  }
  return server
}

/** Resumed if paused, SIGTERM, and SIGKILL if it has not exited within its shutdown time. */
async function stopInstance(instance: ClusterInstance): Promise<void> {
  if (!instance.running) return
  instance.resume()
  const timer = setTimeout(() => instance.child.kill('SIGKILL'), 15_000)
  await instance.kill('SIGTERM')
  clearTimeout(timer)
}

/** `count` distinct ports free on 127.0.0.1 now: all held at once, then released. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<net.Server>((resolve, reject) => {
          const server = net.createServer()
          server.once('error', reject)
          server.listen(0, '127.0.0.1', () => resolve(server))
        }),
    ),
  )
  const ports = servers.map((server) => (server.address() as AddressInfo).port)
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))))
  return ports
}

const haproxyPlaces = ['/usr/sbin/haproxy', '/usr/local/sbin/haproxy', '/usr/bin/haproxy', '/usr/local/bin/haproxy']

/** HAProxy's executable; throws, saying how to get it, when the machine has none. */
function findHaproxy(): string {
  const onPath = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean).map((entry) => path.join(entry, 'haproxy'))
  for (const candidate of [...onPath, ...haproxyPlaces]) {
    try {
      fs.accessSync(candidate, fs.constants.X_OK)
      return candidate
    } catch {
      // not here
    }
  }
  throw new Error(
    'HAProxy is not installed (no haproxy on PATH, nor in /usr/sbin or /usr/local/sbin): the cluster tests put a real HAProxy in front of the instances. ' +
      '.ci/run installs it (Debian package haproxy); on another machine: apt-get install haproxy',
  )
}

interface Haproxy {
  readonly url: string
  readonly port: number
  readonly configFile: string
  readonly child: ChildProcess
  /** What HAProxy printed so far (alerts and warnings; traffic is not logged). */
  output(): string
  /** Each instance's state as HAProxy's checks see it: `UP`, `DOWN`, `UP 1/2` (going down), `DOWN 0/1` (coming up), `MAINT`… */
  serverStates(): Promise<Record<string, string>>
  stop(): Promise<void>
}

/** The backend's name in HAProxy's configuration and statistics. */
const backendName = 'instances'

/** The HAProxy configuration of a cluster: round robin, no stickiness, health checks on `/healthz`. */
export function haproxyConfig(port: number, instances: readonly { id: string; port: number }[], statsSocket: string): string {
  return [
    'global',
    '  maxconn 4096',
    `  stats socket ${statsSocket} mode 600 level admin`,
    '',
    'defaults',
    '  mode http',
    '  timeout connect 1s',
    '  timeout client 30s',
    '  timeout server 30s',
    // A WebSocket, once upgraded, is a tunnel: it lives as long as the collaboration does.
    '  timeout tunnel 1h',
    '  timeout check 1s',
    // A connection an instance refuses (killed, restarting) is retried on another instance.
    '  option redispatch',
    '  retries 2',
    '',
    'frontend balancer',
    `  bind 127.0.0.1:${port}`,
    `  default_backend ${backendName}`,
    '',
    `backend ${backendName}`,
    '  balance roundrobin',
    '  option httpchk',
    '  http-check send meth GET uri /healthz',
    '  http-check expect status 200',
    // Which instance answered, for the tests to see (the balancer's own knowledge, not the server's).
    '  http-response set-header X-Served-By %[srv_name]',
    '  default-server inter 300ms fall 2 rise 1',
    ...instances.map((instance) => `  server ${instance.id} 127.0.0.1:${instance.port} check`),
    '',
  ].join('\n')
}

async function startHaproxy(executable: string, directory: string, port: number, instances: readonly ClusterInstance[]): Promise<Haproxy> {
  const statsSocket = path.join(directory, 'haproxy.sock')
  const configFile = path.join(directory, 'haproxy.cfg')
  fs.writeFileSync(configFile, haproxyConfig(port, instances, statsSocket))
  const child = spawn(executable, ['-f', configFile, '-db'], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
  child.once('error', (error) => (output += `\n${error.message}`))
  const haproxy: Haproxy = {
    url: `http://127.0.0.1:${port}`,
    port,
    configFile,
    child,
    output: () => output,
    serverStates: () => serverStates(statsSocket),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      await exited
    },
  }
  // Wait for it to answer, failing at once if it exits (a configuration it refuses).
  const listening = eventually(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return 'exited' as const
    await serverStates(statsSocket)
    const answer = await fetch(`${haproxy.url}/healthz`)
    await answer.arrayBuffer()
    if (answer.status !== 200) throw new Error(`the balancer's /healthz answered ${answer.status}`)
    return 'answering' as const
  })
  const outcome = await Promise.race([listening, exited.then(() => 'exited' as const)]).catch((error: Error) => {
    child.kill('SIGKILL')
    throw new Error(`HAProxy did not answer on ${haproxy.url}: ${error.message}\n${output}`)
  })
  if (outcome === 'exited') {
    const { code, signal } = await exited
    throw new Error(`HAProxy exited (${code ?? signal}) at start:\n${output}\nconfiguration ${configFile}:\n${fs.readFileSync(configFile, 'utf8')}`)
  }
  return haproxy
}

/** `show stat` on HAProxy's stats socket: each server of the backend with its status. */
async function serverStates(statsSocket: string): Promise<Record<string, string>> {
  const csv = await new Promise<string>((resolve, reject) => {
    const socket = net.createConnection(statsSocket)
    let answer = ''
    socket.setEncoding('utf8')
    socket.on('connect', () => socket.write('show stat\n'))
    socket.on('data', (chunk) => (answer += chunk))
    socket.on('end', () => resolve(answer))
    socket.on('error', reject)
  })
  const [header, ...rows] = csv.split('\n').filter((line) => line.trim() !== '')
  if (!header?.startsWith('# ')) throw new Error(`HAProxy's stats socket answered: ${csv}`)
  const columns = header.slice(2).split(',')
  const [proxy, server, status] = ['pxname', 'svname', 'status'].map((name) => columns.indexOf(name))
  const states: Record<string, string> = {}
  for (const row of rows) {
    const fields = row.split(',')
    if (fields[proxy!] !== backendName || fields[server!] === 'BACKEND' || fields[server!] === 'FRONTEND') continue
    states[fields[server!]!] = fields[status!]!
  }
  return states
}

function balancerHelpers(haproxy: Haproxy, adminToken: string, instances: readonly ClusterInstance[]) {
  return withHelpers(haproxy.url, adminToken, {
    port: haproxy.port,
    configFile: haproxy.configFile,
    child: haproxy.child,
    /** What HAProxy printed (alerts, warnings). */
    output: () => haproxy.output(),
    /** Each instance's state as HAProxy's health checks see it, by id (`UP`, `DOWN`, `UP 1/2`…). */
    serverStates: () => haproxy.serverStates(),
    /**
     * Sends `method path` through the balancer, as the administrator unless
     * `token` says otherwise (null: no credential); resolves to the status,
     * the body as text and the instance that answered (by HAProxy's
     * `X-Served-By`), null if none did.
     */
    async answeredBy(
      requestPath = '/healthz',
      { method = 'GET', token = adminToken }: { method?: string; token?: string | null } = {},
    ): Promise<{ status: number; instance: ClusterInstance | null; body: string }> {
      const response = await fetch(haproxy.url + requestPath, { method, headers: token === null ? {} : { authorization: `Bearer ${token}` } })
      const body = await response.text()
      const servedBy = response.headers.get('x-served-by')
      return { status: response.status, instance: instances.find((instance) => instance.id === servedBy) ?? null, body }
    },
  })
}
