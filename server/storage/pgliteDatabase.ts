/**
 * Embedded PostgreSQL (PGlite, Postgres compiled to WebAssembly), stored in a
 * directory. One process at a time may open a directory; a lock file next
 * to the data says which.
 */

import fs from 'node:fs'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import type { Database, Transaction } from './database.js'

/** Thrown when another live process holds the data directory. */
export class DataDirectoryLockedError extends Error {
  override name = 'DataDirectoryLockedError'
}

/**
 * Opens (creating if needed) the embedded database under `dataDir`, or an
 * in-memory one when `dataDir` is null. Throws `DataDirectoryLockedError` if
 * another running process has it open.
 */
export async function openPgliteDatabase(dataDir: string | null): Promise<Database> {
  let releaseLock = () => {}
  let db: PGlite
  if (dataDir === null) {
    db = await PGlite.create()
  } else {
    fs.mkdirSync(dataDir, { recursive: true })
    releaseLock = lockDirectory(dataDir)
    try {
      db = await PGlite.create(path.join(dataDir, 'pgdata'))
    } catch (error) {
      releaseLock()
      throw error
    }
  }

  const toTransaction = (tx: { query: PGlite['query']; exec: PGlite['exec'] }): Transaction => ({
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      return (await tx.query<Row>(sql, params as unknown[])).rows
    },
    async exec(script: string) {
      await tx.exec(script)
    },
  })

  return {
    kind: 'pglite',
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      return (await db.query<Row>(sql, params as unknown[])).rows
    },
    transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
      return db.transaction((tx) => work(toTransaction(tx)))
    },
    async close() {
      await db.close()
      releaseLock()
    },
  }
}

/** Takes `<dataDir>/counterpart.lock`; returns the function that gives it back. */
function lockDirectory(dataDir: string): () => void {
  const lockFile = path.join(dataDir, 'counterpart.lock')
  for (;;) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' })
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const holder = Number(fs.readFileSync(lockFile, 'utf8'))
      if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
        throw new DataDirectoryLockedError(
          `the data directory ${dataDir} is in use by process ${holder}; stop it or set COUNTERPART_DATA_DIR to another directory`,
        )
      }
      // Left behind by a process that died: take it over.
      fs.rmSync(lockFile, { force: true })
    }
  }
  return () => fs.rmSync(lockFile, { force: true })
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
