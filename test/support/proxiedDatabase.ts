/**
 * A fresh PostgreSQL database that a server reaches only through a TCP
 * proxy the test can cut, plus a direct connection to the same database for
 * reading what is really stored while the server's path is cut.
 */

import { createLogger } from '../../server/logger.js'
import type { Database } from '../../server/storage/database.js'
import { migrate } from '../../server/storage/migrator.js'
import { openPgDatabase } from '../../server/storage/pgDatabase.js'
import { startTcpProxy, type TcpProxy } from './tcpProxy.js'
import { createTestDatabase, type TestDatabase } from './testDatabase.js'

export interface ProxiedDatabase {
  readonly testDatabase: TestDatabase
  readonly proxy: TcpProxy
  /** The connection string through the proxy (what the server's DATABASE_URL would be). */
  readonly url: string
  /** A migrated pool through the proxy: give this one to the server. */
  readonly database: Database
  /** A pool straight to PostgreSQL, unaffected by cuts: for the test's own reads. */
  readonly direct: Database
  /** Closes both pools and the proxy, and drops the database. */
  close(): Promise<void>
}

export async function createProxiedDatabase(options: { poolSize?: number } = {}): Promise<ProxiedDatabase> {
  const testDatabase = await createTestDatabase('postgres')
  const upstream = new URL(testDatabase.url!)
  const proxy = await startTcpProxy({ host: upstream.hostname, port: Number(upstream.port || 5432) })
  const proxied = new URL(upstream)
  proxied.hostname = '127.0.0.1'
  proxied.port = String(proxy.port)
  const url = proxied.toString()
  const database = await openPgDatabase(url, { poolSize: options.poolSize ?? 10, logger: createLogger('silent') })
  await migrate(database)
  const direct = await testDatabase.open()
  return {
    testDatabase,
    proxy,
    url,
    database,
    direct,
    async close() {
      if (proxy.isCut) proxy.restore()
      await database.close()
      await direct.close()
      await proxy.close()
      await testDatabase.drop()
    },
  }
}
