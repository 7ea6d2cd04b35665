/**
 * The server's configuration, read from the environment once at start and
 * validated there, so that a mistyped variable stops the server with a
 * message naming it instead of surfacing later as odd behaviour.
 */

import os from 'node:os'
import path from 'node:path'
import { projectRoot } from './projectRoot.js'

/** Log levels in increasing severity; `silent` writes nothing. */
export const logLevels = ['debug', 'info', 'warn', 'error', 'silent'] as const
export type LogLevel = (typeof logLevels)[number]

export interface Config {
  /** TCP port for HTTP and WebSocket; 0 picks a free one. */
  port: number
  /** Interface to bind. */
  host: string
  /** Base URL printed in links; defaults to `http://<host>:<port>`. */
  publicUrl: string | null
  /**
   * The origin browsers use (`COUNTERPART_PUBLIC_ORIGIN`): the WebAuthn
   * relying party, the origin cookie-authenticated requests and sockets
   * must come from. Null: the origin of `publicUrl` if set, else
   * `http://localhost:<port>` (see `publicOrigin()`).
   */
  publicOrigin: string | null
  /** A browser session unused this long has ended. */
  sessionIdleMs: number
  /** A browser session ends this long after sign-in. */
  sessionMaxAgeMs: number
  /** PostgreSQL connection string; null selects the embedded PGlite database. */
  databaseUrl: string | null
  /** Directory of the embedded database (used only without `databaseUrl`). */
  dataDir: string
  /** Directory of the clause template library. */
  templatesDir: string
  /** File holding the Ed25519 key that seals signing copies (created at first start). */
  sealKeyFile: string
  /** Connections in the `pg` pool. */
  poolSize: number
  /** The administrator's bearer token; null means "generate one on first start". */
  adminToken: string | null
  /** Largest WebSocket message accepted, in bytes. */
  maxMessageBytes: number
  /** Largest HTTP JSON body accepted, in bytes. */
  maxBodyBytes: number
  /** Most collaboration sockets one member's token may hold open at once; more are refused with 4429. */
  maxConnectionsPerMember: number
  /** Passkey challenges one client address may ask for a minute, and as many answers it may send; more are refused with 429. */
  signInAttemptsPerMinute: number
  /** How long a document stays in memory after its last client leaves. */
  unloadDelayMs: number
  /** Uncompacted updates of a document that trigger a compaction. */
  compactAfterUpdates: number
  /** An automatic revision is recorded once a document has been edited this long since its last one. */
  checkpointAfterMs: number
  /** Most updates written in one group commit. */
  maxCommitBatch: number
  /** How long SIGTERM waits for pending work before giving up. */
  shutdownTimeoutMs: number
  logLevel: LogLevel
  /** Create a demo negotiation (with members) when the database holds no document yet. */
  seedDemo: boolean
  /**
   * Several instances share the database (`COUNTERPART_CLUSTER`): a
   * document's lease is taken only when free or lapsed, and clients of a
   * document another instance owns are relayed to it. Off: this instance is
   * alone, and takes over any lease (its own, left by a crash).
   */
  cluster: boolean
  /** This instance's name among them (`COUNTERPART_INSTANCE_ID`; default: host name and process id). */
  instanceId: string
  /** How the other instances reach this one (`COUNTERPART_INTERNAL_URL`); null: `http://<host>:<port>`. */
  internalUrl: string | null
  /** How long a document's lease lasts unless renewed: how long an owner that died keeps its documents (`COUNTERPART_LEASE_MS`). */
  leaseMs: number
}

/** Thrown when an environment variable holds a value the server cannot use. */
export class ConfigError extends Error {
  override name = 'ConfigError'
}

type Env = Record<string, string | undefined>

/**
 * Reads the configuration from `env`. Throws a `ConfigError` naming the
 * variable and the bad value for the first invalid setting.
 */
export function readConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const port = readInteger(env, 'PORT', 8080, 0, 65535)
  const host = readString(env, 'HOST') ?? '127.0.0.1'
  const databaseUrl = readString(env, 'DATABASE_URL') ?? null
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(`DATABASE_URL must start with postgres:// or postgresql:// (got "${redactUrl(databaseUrl)}")`)
  }
  const adminToken = readString(env, 'COUNTERPART_ADMIN_TOKEN') ?? null
  if (adminToken !== null && adminToken.length < 24) {
    throw new ConfigError(`COUNTERPART_ADMIN_TOKEN must be at least 24 characters long (got ${adminToken.length})`)
  }
  const publicUrl = readString(env, 'COUNTERPART_PUBLIC_URL') ?? null
  if (publicUrl !== null && !/^https?:\/\/[^/]+/.test(publicUrl)) {
    throw new ConfigError(`COUNTERPART_PUBLIC_URL must be an http(s) URL (got "${publicUrl}")`)
  }
  const publicOrigin = readOrigin(env, 'COUNTERPART_PUBLIC_ORIGIN')
  const sessionIdleMinutes = readInteger(env, 'COUNTERPART_SESSION_IDLE_MINUTES', 12 * 60, 5, 30 * 24 * 60)
  const sessionMaxAgeHours = readInteger(env, 'COUNTERPART_SESSION_MAX_AGE_HOURS', 7 * 24, 1, 365 * 24)
  if (sessionIdleMinutes > sessionMaxAgeHours * 60) {
    throw new ConfigError(
      `COUNTERPART_SESSION_IDLE_MINUTES (${sessionIdleMinutes}) must not exceed COUNTERPART_SESSION_MAX_AGE_HOURS (${sessionMaxAgeHours}) in minutes`,
    )
  }
  const logLevel = (readString(env, 'COUNTERPART_LOG_LEVEL') ?? 'info') as LogLevel
  if (!logLevels.includes(logLevel)) {
    throw new ConfigError(`COUNTERPART_LOG_LEVEL must be one of ${logLevels.join(', ')} (got "${logLevel}")`)
  }
  const cluster = readBoolean(env, 'COUNTERPART_CLUSTER', false)
  if (cluster && databaseUrl === null) throw new ConfigError('COUNTERPART_CLUSTER=true needs DATABASE_URL: instances share a PostgreSQL database (the embedded PGlite is one process\'s)')
  const instanceId = readString(env, 'COUNTERPART_INSTANCE_ID') ?? `${os.hostname()}:${process.pid}`
  if (!/^[\w.:@-]{1,100}$/.test(instanceId)) throw new ConfigError(`COUNTERPART_INSTANCE_ID must be 1 to 100 letters, digits and . : @ _ - (got "${instanceId}")`)
  const internalUrl = readString(env, 'COUNTERPART_INTERNAL_URL') ?? null
  if (internalUrl !== null && !/^https?:\/\/[^/\s]+\/?$/.test(internalUrl)) {
    throw new ConfigError(`COUNTERPART_INTERNAL_URL must be an http(s) URL of this instance, no path, as the other instances reach it (got "${internalUrl}")`)
  }
  return {
    port,
    host,
    publicUrl: publicUrl?.replace(/\/+$/, '') ?? null,
    publicOrigin,
    sessionIdleMs: sessionIdleMinutes * 60 * 1000,
    sessionMaxAgeMs: sessionMaxAgeHours * 3600 * 1000,
    databaseUrl,
    dataDir: path.resolve(cwd, readString(env, 'COUNTERPART_DATA_DIR') ?? 'data'),
    sealKeyFile: path.resolve(cwd, readString(env, 'COUNTERPART_SEAL_KEY_FILE') ?? path.join(readString(env, 'COUNTERPART_DATA_DIR') ?? 'data', 'seal-key.pem')),
    templatesDir: path.resolve(cwd, readString(env, 'COUNTERPART_TEMPLATES_DIR') ?? path.join(projectRoot(), 'templates')),
    poolSize: readInteger(env, 'COUNTERPART_PG_POOL_SIZE', 10, 1, 200),
    adminToken,
    maxMessageBytes: readInteger(env, 'COUNTERPART_MAX_MESSAGE_BYTES', 8 * 1024 * 1024, 1024, 256 * 1024 * 1024),
    maxBodyBytes: readInteger(env, 'COUNTERPART_MAX_BODY_BYTES', 1024 * 1024, 1024, 256 * 1024 * 1024),
    maxConnectionsPerMember: readInteger(env, 'COUNTERPART_MAX_CONNECTIONS_PER_MEMBER', 20, 1, 10_000),
    signInAttemptsPerMinute: readInteger(env, 'COUNTERPART_SIGNIN_ATTEMPTS_PER_MINUTE', 20, 1, 100_000),
    unloadDelayMs: readInteger(env, 'COUNTERPART_UNLOAD_DELAY_MS', 10_000, 0, 24 * 3600 * 1000),
    compactAfterUpdates: readInteger(env, 'COUNTERPART_COMPACT_AFTER', 500, 1, 10_000_000),
    checkpointAfterMs: readInteger(env, 'COUNTERPART_CHECKPOINT_AFTER_MS', 30 * 60 * 1000, 1000, 7 * 24 * 3600 * 1000),
    maxCommitBatch: readInteger(env, 'COUNTERPART_MAX_COMMIT_BATCH', 500, 1, 10_000),
    shutdownTimeoutMs: readInteger(env, 'COUNTERPART_SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000),
    logLevel,
    seedDemo: readBoolean(env, 'COUNTERPART_SEED_DEMO', databaseUrl === null),
    cluster,
    instanceId,
    internalUrl: internalUrl?.replace(/\/+$/, '') ?? null,
    leaseMs: readInteger(env, 'COUNTERPART_LEASE_MS', 10_000, 500, 600_000),
  }
}

/** Where the other instances reach this one. */
export function internalUrl(config: Config, listeningPort: number): string {
  if (config.internalUrl !== null) return config.internalUrl
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host
  return `http://${host.includes(':') ? `[${host}]` : host}:${listeningPort}`
}

/** The base URL that links handed to people should use. */
export function baseUrl(config: Config, listeningPort: number): string {
  if (config.publicUrl !== null) return config.publicUrl
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host
  return `http://${host.includes(':') ? `[${host}]` : host}:${listeningPort}`
}

/**
 * The origin browsers sign in from: `COUNTERPART_PUBLIC_ORIGIN`, else the
 * origin of `COUNTERPART_PUBLIC_URL`, else `http://localhost:<port>`
 * (WebAuthn accepts `localhost` over plain http, and no IP address).
 */
export function publicOrigin(config: Config, listeningPort: number): string {
  if (config.publicOrigin !== null) return config.publicOrigin
  if (config.publicUrl !== null) return new URL(config.publicUrl).origin
  return `http://localhost:${listeningPort}`
}

/** A database URL with its password replaced, safe to log. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@')
}

function readString(env: Env, name: string): string | undefined {
  const value = env[name]
  return value === undefined || value.trim() === '' ? undefined : value.trim()
}

/** An `http(s)://host[:port]` origin, nothing after it; a trailing `/` is dropped. */
function readOrigin(env: Env, name: string): string | null {
  const raw = readString(env, name)
  if (raw === undefined) return null
  const value = raw.replace(/\/$/, '')
  let url: URL | null = null
  try {
    url = new URL(value)
  } catch {
    url = null
  }
  if (url === null || !/^https?:$/.test(url.protocol) || url.origin !== value.toLowerCase() || /^\[|^\d+\.\d+\.\d+\.\d+$/.test(url.hostname)) {
    throw new ConfigError(`${name} must be an origin such as https://counterpart.example.org (scheme, host name and port only; no path, no IP address) (got "${raw}")`)
  }
  return url.origin
}

function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = readString(env, name)?.toLowerCase()
  if (raw === undefined) return fallback
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true
  if (['0', 'false', 'no', 'off'].includes(raw)) return false
  throw new ConfigError(`${name} must be true or false (got "${raw}")`)
}

function readInteger(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = readString(env, name)
  if (raw === undefined) return fallback
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number (got "${raw}")`)
  const value = Number(raw)
  if (value < min || value > max) {
    throw new ConfigError(`${name} must be between ${min} and ${max} (got ${value})`)
  }
  return value
}
