import { describe, expect, it } from 'vitest'
import os from 'node:os'
import { baseUrl, ConfigError, internalUrl, publicOrigin, readConfig, redactUrl } from '../../server/config.js'

describe('configuration', () => {
  it('has defaults a newcomer can start with: port 8080, embedded database in ./data, demo seeded', () => {
    const config = readConfig({}, '/srv/counterpart')
    expect(config).toMatchObject({ port: 8080, host: '127.0.0.1', databaseUrl: null, dataDir: '/srv/counterpart/data', seedDemo: true })
    expect(config.maxConnectionsPerMember).toBe(20)
    expect(config.signInAttemptsPerMinute).toBe(20)
    expect(readConfig({ DATABASE_URL: 'postgres://db/x' }).seedDemo).toBe(false)
  })

  it('reads every setting from the environment', () => {
    const config = readConfig({
      PORT: '9000',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgresql://u:p@db:5432/counterpart',
      COUNTERPART_DATA_DIR: '/var/lib/counterpart',
      COUNTERPART_ADMIN_TOKEN: 'x'.repeat(32),
      COUNTERPART_MAX_MESSAGE_BYTES: '2048',
      COUNTERPART_MAX_CONNECTIONS_PER_MEMBER: '5',
      COUNTERPART_SIGNIN_ATTEMPTS_PER_MINUTE: '60',
      COUNTERPART_UNLOAD_DELAY_MS: '0',
      COUNTERPART_COMPACT_AFTER: '10',
      COUNTERPART_PUBLIC_URL: 'https://counterpart.example.org/',
      COUNTERPART_SEED_DEMO: 'yes',
      COUNTERPART_LOG_LEVEL: 'warn',
    })
    expect(config).toMatchObject({
      port: 9000,
      host: '0.0.0.0',
      databaseUrl: 'postgresql://u:p@db:5432/counterpart',
      dataDir: '/var/lib/counterpart',
      adminToken: 'x'.repeat(32),
      maxMessageBytes: 2048,
      maxConnectionsPerMember: 5,
      signInAttemptsPerMinute: 60,
      unloadDelayMs: 0,
      compactAfterUpdates: 10,
      publicUrl: 'https://counterpart.example.org',
      seedDemo: true,
      logLevel: 'warn',
    })
    expect(baseUrl(config, 9000)).toBe('https://counterpart.example.org')
    expect(baseUrl(readConfig({ HOST: '0.0.0.0' }), 8123)).toBe('http://localhost:8123')
  })

  it.each([
    [{ PORT: '-1' }, 'PORT must be a whole number (got "-1")'],
    [{ COUNTERPART_MAX_MESSAGE_BYTES: '10' }, 'COUNTERPART_MAX_MESSAGE_BYTES must be between 1024 and 268435456 (got 10)'],
    [{ COUNTERPART_MAX_CONNECTIONS_PER_MEMBER: '0' }, 'COUNTERPART_MAX_CONNECTIONS_PER_MEMBER must be between 1 and 10000 (got 0)'],
    [{ COUNTERPART_MAX_CONNECTIONS_PER_MEMBER: 'lots' }, 'COUNTERPART_MAX_CONNECTIONS_PER_MEMBER must be a whole number (got "lots")'],
    [{ COUNTERPART_SEED_DEMO: 'maybe' }, 'COUNTERPART_SEED_DEMO must be true or false (got "maybe")'],
    [{ COUNTERPART_PUBLIC_URL: 'counterpart.example.org' }, 'COUNTERPART_PUBLIC_URL must be an http(s) URL (got "counterpart.example.org")'],
  ])('refuses %o with a message naming the variable', (env, message) => {
    expect(() => readConfig(env)).toThrow(new ConfigError(message))
  })

  it('never shows a database password', () => {
    expect(redactUrl('postgres://counterpart:s3cret@db:5432/x')).toBe('postgres://counterpart:***@db:5432/x')
    expect(redactUrl('postgres://db:5432/x')).toBe('postgres://db:5432/x')
  })
})

describe('the public origin and the session limits', () => {
  it('takes COUNTERPART_PUBLIC_ORIGIN, else the public URL’s origin, else localhost on the port bound', () => {
    expect(publicOrigin(readConfig({ COUNTERPART_PUBLIC_ORIGIN: 'https://Counterpart.example.org/' }), 8080)).toBe('https://counterpart.example.org')
    expect(publicOrigin(readConfig({ COUNTERPART_PUBLIC_URL: 'https://mou.example.org:8443/app' }), 8080)).toBe('https://mou.example.org:8443')
    expect(publicOrigin(readConfig({}), 41234)).toBe('http://localhost:41234')
  })

  it('stops at start on an origin with a path, another scheme, or an IP address', () => {
    for (const bad of ['https://example.org/app', 'ftp://example.org', 'http://127.0.0.1:8080', 'http://[::1]:8080', 'example.org']) {
      expect(() => readConfig({ COUNTERPART_PUBLIC_ORIGIN: bad })).toThrow(new ConfigError(`COUNTERPART_PUBLIC_ORIGIN must be an origin such as https://counterpart.example.org (scheme, host name and port only; no path, no IP address) (got "${bad}")`))
    }
  })

  it('reads the idle time and maximum age of a session, the idle time no longer than the age', () => {
    expect(readConfig({})).toMatchObject({ sessionIdleMs: 12 * 3600_000, sessionMaxAgeMs: 7 * 24 * 3600_000 })
    expect(readConfig({ COUNTERPART_SESSION_IDLE_MINUTES: '30', COUNTERPART_SESSION_MAX_AGE_HOURS: '8' })).toMatchObject({ sessionIdleMs: 30 * 60_000, sessionMaxAgeMs: 8 * 3600_000 })
    expect(() => readConfig({ COUNTERPART_SESSION_IDLE_MINUTES: '600', COUNTERPART_SESSION_MAX_AGE_HOURS: '1' })).toThrow(ConfigError)
    expect(() => readConfig({ COUNTERPART_SESSION_IDLE_MINUTES: '1' })).toThrow('COUNTERPART_SESSION_IDLE_MINUTES must be between 5 and 43200 (got 1)')
  })
})

describe('several instances over one database', () => {
  const database = { DATABASE_URL: 'postgres://db/counterpart' }

  it('runs alone unless COUNTERPART_CLUSTER says otherwise, named by host and process, with a ten-second lease', () => {
    const config = readConfig({})
    expect(config).toMatchObject({ cluster: false, internalUrl: null, leaseMs: 10_000 })
    expect(config.instanceId).toBe(`${os.hostname()}:${process.pid}`)
  })

  it('reads the instance name, where its peers reach it, and the lease length', () => {
    const config = readConfig({ ...database, COUNTERPART_CLUSTER: 'true', COUNTERPART_INSTANCE_ID: 'moj-app-2', COUNTERPART_INTERNAL_URL: 'http://10.0.0.12:8080/', COUNTERPART_LEASE_MS: '3000' })
    expect(config).toMatchObject({ cluster: true, instanceId: 'moj-app-2', internalUrl: 'http://10.0.0.12:8080', leaseMs: 3000 })
    expect(internalUrl(config, 8080)).toBe('http://10.0.0.12:8080')
    expect(internalUrl(readConfig({ HOST: '0.0.0.0' }), 41234)).toBe('http://127.0.0.1:41234')
  })

  it.each([
    [{ COUNTERPART_CLUSTER: 'true' }, "COUNTERPART_CLUSTER=true needs DATABASE_URL: instances share a PostgreSQL database (the embedded PGlite is one process's)"],
    [{ ...database, COUNTERPART_INSTANCE_ID: 'two words' }, 'COUNTERPART_INSTANCE_ID must be 1 to 100 letters, digits and . : @ _ - (got "two words")'],
    [{ ...database, COUNTERPART_INTERNAL_URL: 'http://10.0.0.12:8080/counterpart' }, 'COUNTERPART_INTERNAL_URL must be an http(s) URL of this instance, no path, as the other instances reach it (got "http://10.0.0.12:8080/counterpart")'],
    [{ ...database, COUNTERPART_LEASE_MS: '100' }, 'COUNTERPART_LEASE_MS must be between 500 and 600000 (got 100)'],
  ])('refuses %o with a message naming the variable', (env, message) => {
    expect(() => readConfig(env)).toThrow(new ConfigError(message))
  })
})
