/**
 * Entry point: read the configuration, open and migrate the database,
 * settle the administrator token, start the server, and drain on SIGTERM.
 */

import { establishAdminToken } from './services/authenticator.js'
import { ConfigError, readConfig, redactUrl, type Config } from './config.js'
import { startServer, type CounterpartServer } from './counterpartServer.js'
import { seedDemoNegotiation, type DemoNegotiation } from './services/demoNegotiation.js'
import { stageDemoRound } from './services/demoRound.js'
import { createLogger, type Logger } from './logger.js'
import type { Database } from './storage/database.js'
import { DocumentStore } from './storage/documentStore.js'
import { migrate } from './storage/migrator.js'
import { openPgDatabase } from './storage/pgDatabase.js'
import { openPgliteDatabase } from './storage/pgliteDatabase.js'
import { SettingStore } from './storage/settingStore.js'
import { loadOrCreateSealKey } from './export/sealKeyFile.js'
import { loadTemplateLibrary, TemplateLibraryError, type TemplateLibrary } from './templates/templateLibrary.js'

async function main(): Promise<void> {
  let config: Config
  try {
    config = readConfig()
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    process.stderr.write(`counterpart: invalid configuration: ${error.message}\n`)
    process.exit(2)
  }
  const logger = createLogger(config.logLevel)
  let templates: TemplateLibrary
  try {
    templates = loadTemplateLibrary(config.templatesDir)
  } catch (error) {
    if (!(error instanceof TemplateLibraryError)) throw error
    process.stderr.write(`counterpart: cannot start: ${config.templatesDir}: ${error.message}\n`)
    process.exit(2)
  }
  logger.info('templates.loaded', { directory: config.templatesDir, templates: templates.all().length })
  let database: Database
  try {
    database = await openDatabase(config, logger)
  } catch (error) {
    logger.error('server.start-failed', { error, database: describeDatabase(config) })
    process.stderr.write(`counterpart: cannot open the database (${describeDatabase(config)}): ${(error as Error).message}\n`)
    process.exit(1)
  }
  const applied = await migrate(database)
  logger.info('database.migrated', { applied })
  const admin = await establishAdminToken(new SettingStore(database), config.adminToken)
  const seal = loadOrCreateSealKey(config.sealKeyFile)
  logger.info(seal.created ? 'seal.key-created' : 'seal.key-loaded', { file: config.sealKeyFile })
  const server = await startServer({ config, database, logger, adminTokenHash: admin.tokenHash, templates, sealKey: seal.key })
  logger.info('server.listening', { port: server.port, url: server.url, database: database.kind })

  let demo: DemoNegotiation | null = null
  if (config.seedDemo && (await new DocumentStore(database).count()) === 0) {
    demo = await seedDemoNegotiation(server.catalog, server.membership, server.invitations)
    await stageDemoRound(server, demo)
    logger.info('demo.seeded', { documentId: demo.document.id })
  }
  if (admin.generated !== null || demo !== null) {
    // With the token it generates, the first start makes the administrator a link to sign in as a person.
    const administratorLink = admin.generated === null ? null : await server.signIn.createRegistrationLink({ kind: 'admin' }, { administrator: true })
    process.stderr.write(banner(server, admin.generated, administratorLink, demo))
  }

  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info('server.draining', { signal })
    setTimeout(() => {
      logger.error('server.drain-timeout', { ms: config.shutdownTimeoutMs })
      process.exit(1)
    }, config.shutdownTimeoutMs).unref()
    void server
      .close()
      .then(() => database.close())
      .then(
        () => {
          logger.info('server.stopped', {})
          process.exit(0)
        },
        (error: unknown) => {
          logger.error('server.drain-failed', { error })
          process.exit(1)
        },
      )
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
}

async function openDatabase(config: Config, logger: Logger): Promise<Database> {
  const database =
    config.databaseUrl !== null
      ? await openPgDatabase(config.databaseUrl, { poolSize: config.poolSize, logger })
      : await openPgliteDatabase(config.dataDir)
  logger.info('database.opened', { kind: database.kind, location: describeDatabase(config) })
  return database
}

function describeDatabase(config: Config): string {
  return config.databaseUrl !== null ? redactUrl(config.databaseUrl) : `embedded PGlite in ${config.dataDir}`
}

/** The first-start message for the person at the terminal; tokens and links appear here and nowhere else. */
function banner(server: CounterpartServer, adminToken: string | null, administratorLink: { token: string; expiresAt: Date } | null, demo: DemoNegotiation | null): string {
  const lines = ['', `Counterpart is running at ${server.url}`]
  if (adminToken !== null) {
    lines.push('', 'Administrator token (shown this once; keep it safe):', `  ${adminToken}`)
  }
  if (administratorLink !== null) {
    lines.push(
      '',
      `Sign in as the administrator: open this single-use link (until ${administratorLink.expiresAt.toISOString()}) and make a passkey:`,
      `  ${server.origin}/signin?register=${administratorLink.token}`,
    )
  }
  if (demo !== null) {
    const wsUrl = server.url.replace(/^http/, 'ws')
    lines.push('', `A demo negotiation was created: ${demo.document.id}`, `  "${demo.document.title}"`)
    lines.push('', 'Heads of delegation (single-use invitations for 7 days: open each in its own browser and make a passkey):')
    for (const { invitation, url } of demo.invitations) lines.push(`  ${`${invitation.name} (${invitation.role}, ${invitation.party})`.padEnd(36)} ${url}`)
    lines.push('', 'Members (links and tokens shown this once):')
    for (const { member, token } of demo.members) {
      lines.push(`  ${`${member.name} (${member.role}${member.party ? `, ${member.party}` : ''})`.padEnd(36)} ${token}`)
      lines.push(`    ${server.url}/d/${demo.document.id}?token=${token}`)
    }
    lines.push('', `Collaborate with any y-websocket client: ${wsUrl}/collab/${demo.document.id}?token=<member token>`)
  }
  return lines.join('\n') + '\n\n'
}

main().catch((error: unknown) => {
  process.stderr.write(`counterpart: failed to start: ${(error as Error).stack ?? String(error)}\n`)
  process.exit(1)
})
