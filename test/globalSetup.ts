/**
 * Decides once per run which database the tests use: PostgreSQL at
 * DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test) when it
 * answers, embedded PGlite otherwise; and says which. Under CI=true
 * PostgreSQL must answer: without it the outage suite shrinks to one
 * health check and the crash suite to a few PGlite kills, so the run stops
 * instead.
 */

import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { redactUrl } from '../server/config.js'

export const defaultDatabaseUrl = 'postgres://postgres@127.0.0.1:5432/test'

declare module 'vitest' {
  export interface ProvidedContext {
    databaseTarget: 'postgres' | 'pglite'
    databaseUrl: string
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const url = process.env.DATABASE_URL ?? defaultDatabaseUrl
  let target: 'postgres' | 'pglite' = 'pglite'
  let failure = ''
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 })
  try {
    await client.connect()
    await client.query('SELECT 1')
    target = 'postgres'
  } catch (error) {
    failure = (error as Error).message
  } finally {
    await client.end().catch(() => {})
  }
  if (target === 'pglite' && process.env.CI === 'true') {
    throw new Error(`CI=true, and no PostgreSQL answered at ${redactUrl(url)} (${failure}): a CI run must test on PostgreSQL (.ci/run starts one)`)
  }
  process.stdout.write(
    target === 'postgres'
      ? `\n[counterpart] tests run against PostgreSQL at ${redactUrl(url)}; PGlite-specific tests run too\n\n`
      : `\n[counterpart] tests run against embedded PGlite (no PostgreSQL answered at ${redactUrl(url)}: ${failure})\n\n`,
  )
  project.provide('databaseTarget', target)
  project.provide('databaseUrl', url)
}
