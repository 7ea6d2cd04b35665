/**
 * PostgreSQL through a `pg` connection pool.
 */

import pg from 'pg'
import type { Database, Transaction } from './database.js'
import type { Logger } from '../logger.js'

const INT8_OID = 20

/** How many connections are opened at start. */
const warmConnections = 4

/**
 * Opens a pool on `url`. Resolves once its first connections have
 * succeeded, so a wrong URL fails at start with the driver's message.
 */
export async function openPgDatabase(url: string, options: { poolSize: number; logger: Logger }): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize,
    // Sequence numbers are bigint; they stay far below 2^53, so numbers are exact.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  })
  // An idle client losing its connection must not crash the process; the
  // next query through the pool reports the failure to its caller.
  pool.on('error', (error) => options.logger.error('database.idle-client-error', { error }))
  // Several connections at once, kept idle (the pool closes them after 10 s unused): the first
  // document loaded after a restart — its three reads at once — does not wait for connections to
  // open (15–25 ms each on a loopback PostgreSQL).
  const opened = await Promise.all(Array.from({ length: Math.min(options.poolSize, warmConnections) }, () => pool.connect()))
  for (const client of opened) client.release()

  const database: Database = {
    kind: 'postgres',
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await pool.query(sql, params as unknown[])
      return result.rows as Row[]
    },
    async transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
      const client = await pool.connect()
      let broken: Error | undefined
      // A checked-out client has no 'error' listener of the pool's: losing
      // its connection mid-transaction would be an uncaught exception that
      // ends the process. The running (or next) query rejects anyway.
      const onError = (error: Error) => {
        broken = error
      }
      client.on('error', onError)
      try {
        await client.query('BEGIN')
        const tx: Transaction = {
          async query<Row>(sql: string, params: readonly unknown[] = []) {
            const result = await client.query(sql, params as unknown[])
            return result.rows as Row[]
          },
          async exec(script: string) {
            await client.query(script)
          },
        }
        const value = await work(tx)
        await client.query('COMMIT')
        return value
      } catch (error) {
        try {
          await client.query('ROLLBACK')
        } catch (rollbackError) {
          // The connection itself is gone; do not hand it out again.
          broken = rollbackError as Error
        }
        throw error
      } finally {
        client.off('error', onError)
        client.release(broken)
      }
    },
    async close() {
      await pool.end()
    },
  }
  return database
}
