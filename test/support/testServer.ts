/**
 * Real Counterpart servers for tests: in this process on port 0, or as a
 * child process (for SIGKILL and SIGTERM), against a real database.
 */

import { dsi, cnp } from './parties.js'
import type { PartyRecord } from '../../server/vocabulary/document.js'
import { spawn, type ChildProcess } from 'node:child_process'
import readline from 'node:readline'
import { hashToken, generateToken } from '../../server/access/token.js'
import { readConfig, type Config } from '../../server/config.js'
import { startServer, type CounterpartServer } from '../../server/counterpartServer.js'
import { createLogger } from '../../server/logger.js'
import type { Database } from '../../server/storage/database.js'
import { projectRoot } from '../../server/projectRoot.js'
import { loadTemplateLibrary, type TemplateLibrary } from '../../server/templates/templateLibrary.js'
import { SealKey } from '../../server/export/seal.js'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export interface Api {
  /** Sends a JSON request; resolves to the status and parsed body. */
  request(method: string, path: string, options?: { token?: string | null; body?: unknown }): Promise<{ status: number; body: any }>
}

export interface TestServer extends Api {
  readonly server: CounterpartServer
  readonly url: string
  /** Base for y-websocket providers: `ws://127.0.0.1:<port>/collab`. */
  readonly collabUrl: string
  readonly adminToken: string
  /** Creates a DSI–CNP document as the administrator; resolves to its id. */
  createDocument(title?: string): Promise<string>
  /** Drafts a DSI–CNP document from the starter library's `template` as the administrator; resolves to its id. */
  draftDocument(template: string, options?: { style?: string; variables?: Record<string, unknown> }): Promise<string>
  /** Adds a member as the administrator; resolves to the member's id and token. */
  addMember(documentId: string, role: string, party?: string | null, name?: string): Promise<{ id: string; token: string }>
  /** Adds one member of each editing kind: a Thai delegate, a Thai legal officer, a Cambodian delegate, the secretariat. */
  addEditors(documentId: string): Promise<{ id: string; token: string }[]>
  close(): Promise<void>
}

/** The parties as POST /api/documents takes them for an English document (see support/parties.ts). */
const asCreated = ({ code, name, shortName, state }: PartyRecord) => ({ code, name, shortName, state })
export const thaiParty = asCreated(dsi)
export const cambodianParty = asCreated(cnp)

/** POST /api/documents for the starter MOU in English, Thai (the DSI's language) and Khmer (the CNP's). */
export const trilingualDocument = {
  template: 'anti-trafficking-mou',
  style: 'mou',
  languages: { working: 'en', others: ['th', 'km'] },
  parties: [
    { ...thaiParty, language: 'th', names: dsi.names },
    { ...cambodianParty, language: 'km', names: cnp.names },
  ],
}

/** One seal key for every in-process test server, as one deployment keeps one key across restarts. */
export const testSealKey = SealKey.generate()

let library: TemplateLibrary | null = null
/** The repository's template library, loaded once per test process. */
export function starterLibrary(): TemplateLibrary {
  return (library ??= loadTemplateLibrary(path.join(projectRoot(), 'templates')))
}

/** Starts a server in this process on `database` (already migrated), with the repository's templates unless `overrides.templatesDir` names others. */
export async function startTestServer(database: Database, overrides: Partial<Config> = {}): Promise<TestServer> {
  const config = { ...readConfig({}), port: 0, unloadDelayMs: 200, logLevel: 'silent' as const, seedDemo: false, ...overrides }
  const adminToken = generateToken()
  const logger = createLogger(process.env.COUNTERPART_TEST_LOG === '1' ? 'debug' : config.logLevel)
  const server = await startServer({ config, database, logger, adminTokenHash: hashToken(adminToken), templates: overrides.templatesDir ? loadTemplateLibrary(overrides.templatesDir) : starterLibrary(), sealKey: testSealKey })
  const serverParts = { server, close: () => server.close() }
  return withHelpers(server.url, adminToken, serverParts)
}

/** `rest` with the administrator's API helpers (request, createDocument, addMember…) aimed at `url`. */
export function withHelpers<T extends object>(url: string, adminToken: string, rest: T) {
  const api = httpApi(url, adminToken)
  const created = async (what: string, path: string, body: unknown) => {
    const answer = await api.request('POST', path, { body })
    if (answer.status !== 201) throw new Error(`${what} answered ${answer.status}: ${JSON.stringify(answer.body)}`)
    return answer.body
  }
  const addMember = async (documentId: string, role: string, party: string | null = null, name = `${role} ${party ?? ''}`.trim()) => {
    const body = await created('adding a member', `/api/documents/${documentId}/members`, { name, party, role })
    return { id: body.member.id as string, token: body.token as string }
  }
  return {
    ...rest,
    ...api,
    url,
    collabUrl: `${url.replace(/^http/, 'ws')}/collab`,
    adminToken,
    async createDocument(title = 'MOU on cooperation against cross-border trafficking in persons') {
      return (await created('creating a document', '/api/documents', { title, parties: [thaiParty, cambodianParty] })).id as string
    },
    async draftDocument(template: string, options: { style?: string; variables?: Record<string, unknown> } = {}) {
      return (await created('drafting a document', '/api/documents', { template, ...options, parties: [thaiParty, cambodianParty] })).id as string
    },
    addMember,
    async addEditors(documentId: string) {
      const editors: [string, string | null][] = [['delegate', 'TH'], ['legal', 'TH'], ['delegate', 'KH'], ['secretariat', null]]
      const members: { id: string; token: string }[] = []
      for (const [role, party] of editors) members.push(await addMember(documentId, role, party))
      return members
    },
  }
}

/** A JSON client for the HTTP API, authenticating as the administrator unless told otherwise. */
export function httpApi(url: string, adminToken: string): Api {
  return {
    async request(method, path, { token = adminToken, body } = {}) {
      const headers: Record<string, string> = {}
      if (token !== null) headers.authorization = `Bearer ${token}`
      if (body !== undefined) headers['content-type'] = 'application/json'
      const response = await fetch(url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
      const text = await response.text()
      return { status: response.status, body: text === '' ? null : JSON.parse(text) }
    },
  }
}

export interface ServerProcess extends Omit<TestServer, 'server'> {
  readonly child: ChildProcess
  readonly port: number
  /** Every JSON log line the process printed so far. */
  readonly logs: Record<string, unknown>[]
  /** Everything printed so far, unparsed. */
  output(): { stdout: string; stderr: string }
  /** Resolves with the exit code and signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/** Starts `server/main.ts` as a child process with exactly the environment given plus PATH and HOME. */
function spawnMain(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: projectRoot(),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

/**
 * A seal key file holding `testSealKey`, in a directory of its own; `remove`
 * deletes both. Every server a test starts seals with that one key, as one
 * deployment keeps one key across restarts.
 */
function writeSealKeyFile(): { file: string; remove(): void } {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'counterpart-seal-'))
  const file = path.join(directory, 'seal-key.pem')
  fs.writeFileSync(file, testSealKey.privateKeyPem, { mode: 0o600 })
  return { file, remove: () => fs.rmSync(directory, { recursive: true, force: true }) }
}

/**
 * Starts `server/main.ts` as a child process with `env` added, and resolves
 * once it listens. `COUNTERPART_ADMIN_TOKEN` is set for it unless given;
 * so is `COUNTERPART_SEAL_KEY_FILE`, to a file with `testSealKey` that is
 * removed once the process has exited.
 */
export async function spawnServer(env: Record<string, string>): Promise<ServerProcess> {
  const adminToken = env.COUNTERPART_ADMIN_TOKEN ?? generateToken()
  const sealKeyFile = env.COUNTERPART_SEAL_KEY_FILE === undefined ? writeSealKeyFile() : null
  const child = spawnMain({
    ...(sealKeyFile && { COUNTERPART_SEAL_KEY_FILE: sealKeyFile.file }),
    PORT: '0',
    COUNTERPART_LOG_LEVEL: 'info',
    COUNTERPART_SEED_DEMO: 'false',
    COUNTERPART_ADMIN_TOKEN: adminToken,
    ...env,
  })
  const logs: Record<string, unknown>[] = []
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (chunk) => (stdout += chunk))
  child.stderr!.on('data', (chunk) => (stderr += chunk))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      sealKeyFile?.remove()
      resolve({ code, signal })
    }),
  )
  const port = await new Promise<number>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      let record: Record<string, unknown>
      try {
        record = JSON.parse(line)
      } catch {
        return
      }
      logs.push(record)
      if (record.event === 'server.listening') resolve(record.port as number)
    })
    void exited.then(({ code, signal }) => reject(new Error(`server exited (${code ?? signal}) before listening:\n${stderr}`)))
  })
  const url = `http://127.0.0.1:${port}`
  const processParts = {
    child,
    port,
    logs,
    exited,
    output: () => ({ stdout, stderr }),
    async close() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      await exited
    },
  }
  return withHelpers(url, adminToken, processParts)
}

/**
 * Runs `server/main.ts` with `env` and resolves when it exits (it is
 * expected to fail to start). It gets a throwaway data directory, and is
 * killed if it is still running after `timeoutMs`.
 */
export async function runServerToExit(
  env: Record<string, string>,
  timeoutMs = 20_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'counterpart-start-'))
  const child = spawnMain({ COUNTERPART_DATA_DIR: dataDir, ...env })
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (chunk) => (stdout += chunk))
  child.stderr!.on('data', (chunk) => (stderr += chunk))
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)))
  clearTimeout(timer)
  fs.rmSync(dataDir, { recursive: true, force: true })
  return { code, stdout, stderr }
}
