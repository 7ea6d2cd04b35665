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
    async listen(channel: string, handler: (payload: string) => void) {
      return listenOn(url, channel, handler, options.logger)
    },
    async close() {
      await pool.end()
    },
  }
  return database
}

/** How long a lost listening connection waits before it is opened again. */
const relistenMs = 1_000

/**
 * A connection of its own LISTENing on `channel` (a pool would hand it back
 * and lose the subscription); opened again a second after it is lost, for
 * as long as it is not stopped. Notifications sent while it was lost are not
 * delivered (PostgreSQL keeps none for a session that is gone).
 */
async function listenOn(url: string, channel: string, handler: (payload: string) => void, logger: Logger): Promise<() => Promise<void>> {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new RangeError(`a channel name must be a plain identifier (got ${JSON.stringify(channel)})`)
  let stopped = false
  let client: pg.Client | null = null
  let retry: NodeJS.Timeout | null = null
  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url })
    const lost = (error?: Error) => {
      if (client !== next) return
      client = null
      if (stopped) return
      logger.warn('database.listen-lost', { channel, error })
      retry = setTimeout(() => void connect().catch(() => lost()), relistenMs)
      retry.unref()
    }
    next.on('error', lost)
    next.on('end', () => lost())
    next.on('notification', (message) => {
      if (message.channel === channel && message.payload !== undefined) handler(message.payload)
    })
    client = next
    try {
      await next.connect()
      await next.query(`LISTEN ${channel}`)
    } catch (error) {
      lost(error as Error)
      throw error
    }
  }
  await connect()
  return async () => {
    stopped = true
    if (retry) clearTimeout(retry)
    const current = client
    client = null
    await current?.end().catch(() => {})
  }
}
