import { describe, expect, it } from 'vitest'
import { baseUrl, ConfigError, publicOrigin, readConfig, redactUrl } from '../../server/config.js'

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
