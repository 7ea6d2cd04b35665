/**
 * A fresh database per test file: a new PostgreSQL database on the test
 * server, or a new PGlite directory. Both are real; nothing is mocked.
 */

import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { inject } from 'vitest'
import { createLogger } from '../../server/logger.js'
import type { Database } from '../../server/storage/database.js'
import { migrate } from '../../server/storage/migrator.js'
import { openPgDatabase } from '../../server/storage/pgDatabase.js'
import { openPgliteDatabase } from '../../server/storage/pgliteDatabase.js'

export type DatabaseTarget = 'postgres' | 'pglite'

export interface TestDatabase {
  readonly target: DatabaseTarget
  /** Connection string (PostgreSQL) or null. */
  readonly url: string | null
  /** Data directory (PGlite) or null. */
  readonly dataDir: string | null
  /** Environment variables that point a server process at this database. */
  readonly env: Record<string, string>
  /** Opens a connection (pool) to it; PGlite allows one at a time. */
  open(): Promise<Database>
  /** Opens it and applies every migration. */
  openMigrated(): Promise<Database>
  /** Removes it. */
  drop(): Promise<void>
}

/** The database the run uses (decided in globalSetup). */
export function runTarget(): DatabaseTarget {
  return inject('databaseTarget')
}

/** Every target this machine can test: PGlite always, PostgreSQL when it answers. */
export function availableTargets(): DatabaseTarget[] {
  return runTarget() === 'postgres' ? ['postgres', 'pglite'] : ['pglite']
}

const quietLogger = createLogger('silent')

export async function createTestDatabase(target: DatabaseTarget = runTarget()): Promise<TestDatabase> {
  return target === 'postgres' ? createPostgresDatabase(inject('databaseUrl')) : createPgliteDatabase()
}

/** A fresh database on the PostgreSQL server at `serverUrl` (an administrator's connection string). */
export async function createPostgresDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `cp_test_${process.pid}_${randomBytes(4).toString('hex')}`
  await withAdminClient(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`))
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  const open = () => openPgDatabase(url.toString(), { poolSize: 10, logger: quietLogger })
  return {
    target: 'postgres',
    url: url.toString(),
    dataDir: null,
    env: { DATABASE_URL: url.toString() },
    open,
    openMigrated: async () => {
      const db = await open()
      await migrate(db)
      return db
    },
    drop: () => withAdminClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  }
}

async function createPgliteDatabase(): Promise<TestDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'counterpart-test-'))
  const open = () => openPgliteDatabase(dataDir)
  return {
    target: 'pglite',
    url: null,
    dataDir,
    env: { COUNTERPART_DATA_DIR: dataDir },
    open,
    openMigrated: async () => {
      const db = await open()
      await migrate(db)
      return db
    },
    drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
  }
}

async function withAdminClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}
