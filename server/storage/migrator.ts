/**
 * Forward-only schema migrations from numbered SQL files
 * (`migrations/NNNN_what.sql`).
 *
 * Each migration runs in its own transaction that first takes a
 * transaction-scoped advisory lock and records its version, so two
 * processes migrating at once apply every migration exactly once, and
 * running the migrator again changes nothing. A database migrated by a
 * newer server, or a migration file edited after it was applied, stops the
 * migrator with a message saying so.
 */

import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Database, Transaction } from './database.js'
import { projectRoot } from '../projectRoot.js'


/** Arbitrary but fixed key for `pg_advisory_xact_lock`: "cp" + "migr". */
const MIGRATION_LOCK_KEY = 0x6370_6d69

export interface Migration {
  version: number
  name: string
  sql: string
  checksum: string
}

export class MigrationError extends Error {
  override name = 'MigrationError'
}

/** Reads and orders the migration files in `directory`. */
export function readMigrations(directory: string = path.join(projectRoot(), 'migrations')): Migration[] {
  const migrations = fs
    .readdirSync(directory)
    .filter((file) => file.endsWith('.sql'))
    .map((file) => {
      const match = /^(\d{4})_[a-z0-9_]+\.sql$/.exec(file)
      if (!match) throw new MigrationError(`migration file name "${file}" does not match NNNN_name.sql`)
      const sql = fs.readFileSync(path.join(directory, file), 'utf8')
      return { version: Number(match[1]), name: file, sql, checksum: createHash('sha256').update(sql).digest('hex') }
    })
    .sort((a, b) => a.version - b.version)
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new MigrationError(`migration ${migration.name} should be number ${index + 1}: versions must run 1, 2, 3… without gaps`)
    }
  })
  return migrations
}

/**
 * Brings the schema of `db` up to date. Resolves to the names of the
 * migrations this call applied (empty when there was nothing to do).
 */
export async function migrate(db: Database, migrations: Migration[] = readMigrations()): Promise<string[]> {
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY])
    const newest = (await appliedMigrations(tx)).at(-1)?.version ?? 0
    if (newest > migrations.length) {
      throw new MigrationError(
        `the database schema is at version ${newest}, newer than this server knows (${migrations.length}); upgrade the server`,
      )
    }
  })
  const applied: string[] = []
  for (const migration of migrations) {
    const didApply = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY])
      const previous = (await appliedMigrations(tx)).find((row) => row.version === migration.version)
      if (previous) {
        if (previous.checksum !== migration.checksum) {
          throw new MigrationError(`migration ${migration.name} was changed after it was applied; add a new migration instead`)
        }
        return false
      }
      await tx.query('INSERT INTO counterpart_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        migration.checksum,
      ])
      await tx.exec(migration.sql)
      return true
    })
    if (didApply) applied.push(migration.name)
  }
  return applied
}

async function appliedMigrations(tx: Transaction): Promise<{ version: number; checksum: string }[]> {
  // The migrator's own bookkeeping table is the one schema object that
  // cannot come from a migration; it is created under the advisory lock.
  await tx.query(`CREATE TABLE IF NOT EXISTS counterpart_migrations (
    version    integer PRIMARY KEY,
    name       text NOT NULL,
    checksum   text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`)
  return tx.query('SELECT version, checksum FROM counterpart_migrations ORDER BY version')
}
