/**
 * `npm run migrate`: applies pending migrations to the configured database
 * and exits. The server does the same at start; this is for operators who
 * migrate ahead of a deploy.
 */

import { readConfig } from './config.js'
import { migrate } from './storage/migrator.js'
import { openPgDatabase } from './storage/pgDatabase.js'
import { openPgliteDatabase } from './storage/pgliteDatabase.js'
import { createLogger } from './logger.js'

const config = readConfig()
const logger = createLogger(config.logLevel)
const database =
  config.databaseUrl !== null
    ? await openPgDatabase(config.databaseUrl, { poolSize: 1, logger })
    : await openPgliteDatabase(config.dataDir)
try {
  const applied = await migrate(database)
  logger.info('database.migrated', { applied, kind: database.kind })
} finally {
  await database.close()
}
