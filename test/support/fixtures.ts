/**
 * Per-file fixtures: register the setup and teardown hooks where they are
 * called, and hand back an object whose fields are filled in before the
 * first test runs.
 */

import { afterAll, beforeAll } from 'vitest'
import type { Config } from '../../server/config.js'
import type { Database } from '../../server/storage/database.js'
import { createTestDatabase, type DatabaseTarget, type TestDatabase } from './testDatabase.js'
import { spawnServer, startTestServer, type ServerProcess, type TestServer } from './testServer.js'

export interface ServerFixture {
  testDatabase: TestDatabase
  database: Database
  server: TestServer
}

/** A fresh, migrated database for this file and an in-process server on it. */
export function useServer(overrides: Partial<Config> = {}): ServerFixture {
  const fixture = {} as ServerFixture
  beforeAll(async () => {
    fixture.testDatabase = await createTestDatabase()
    fixture.database = await fixture.testDatabase.openMigrated()
    fixture.server = await startTestServer(fixture.database, overrides)
  })
  afterAll(async () => {
    await fixture.server.close()
    await fixture.database.close()
    await fixture.testDatabase.drop()
  })
  return fixture
}

export interface ProcessFixture {
  testDatabase: TestDatabase
  /** Starts a server process on this file's database; it is stopped after the file. */
  spawn(env?: Record<string, string>): Promise<ServerProcess>
}

/** A fresh database (of the run's kind unless `target` says) for server child processes to share. */
export function useServerProcesses(baseEnv: Record<string, string> = {}, target?: DatabaseTarget): ProcessFixture {
  const processes: ServerProcess[] = []
  const fixture: ProcessFixture = {
    testDatabase: undefined as unknown as TestDatabase,
    async spawn(env = {}) {
      const child = await spawnServer({ ...fixture.testDatabase.env, ...baseEnv, ...env })
      processes.push(child)
      return child
    },
  }
  beforeAll(async () => {
    fixture.testDatabase = await createTestDatabase(target)
  })
  afterAll(async () => {
    for (const child of processes) await child.close()
    await fixture.testDatabase.drop()
  })
  return fixture
}
