import { afterAll, describe, expect, it } from 'vitest'
import { connectClient, writeParagraph, type TestClient } from '../support/collabClient.js'
import { eventually } from '../support/eventually.js'
import { createRandom, randomEdit } from '../support/randomEdits.js'
import { expectConverged, holds } from '../support/replicas.js'
import { useServerProcesses } from '../support/fixtures.js'
import { createTestDatabase, runTarget } from '../support/testDatabase.js'
import { httpApi, runServerToExit, spawnServer, startTestServer, type ServerProcess } from '../support/testServer.js'

const { spawn } = useServerProcesses()
const ownProcesses: ServerProcess[] = []
afterAll(async () => {
  for (const child of ownProcesses) await child.close()
})

describe('graceful shutdown', () => {
  it('on SIGTERM closes every client with 1001, stores what it accepted, exits 0, and the clients resend the rest to the restarted server', async () => {
    const random = createRandom(99)
    const first = await spawn()
    const documentId = await first.createDocument()
    const tokens = [
      (await first.addMember(documentId, 'delegate', 'TH')).token,
      (await first.addMember(documentId, 'delegate', 'KH')).token,
    ]
    const clients: TestClient[] = tokens.map((token) => connectClient(first.collabUrl, documentId, token))
    await Promise.all(clients.map((client) => client.synced()))

    const storm = clients.map((client) => setInterval(() => randomEdit(random, client.fragment), 3))
    await eventually(() => expect(clients.reduce((sum, client) => sum + client.received.length, 0)).toBeGreaterThan(30))
    const closes = clients.map((client) => client.closed())
    first.child.kill('SIGTERM')
    expect(await Promise.all(closes)).toEqual(clients.map(() => ({ code: 1001, reason: 'the server is shutting down' })))
    for (const timer of storm) clearInterval(timer)
    expect(await first.exited).toEqual({ code: 0, signal: null })
    expect(first.logs.map((line) => line.event)).toEqual(expect.arrayContaining(['server.draining', 'server.stopped']))
    const received = clients.flatMap((client) => client.received.slice())
    expect(received.length).toBeGreaterThan(20)

    // Same port: the stock providers reconnect on their own.
    const second = await spawn({ PORT: String(first.port) })
    const fresh = connectClient(second.collabUrl, documentId, tokens[0]!)
    await fresh.synced()
    expect(received.filter((update) => !holds(fresh.doc, update))).toEqual([])
    await eventually(() => expectConverged([fresh.doc, ...clients.map((client) => client.doc)]))
    for (const client of [fresh, ...clients]) client.destroy()
    await second.close()
  })

  it('writes one JSON object per log line and never a token', async () => {
    const server = await spawn()
    const documentId = await server.createDocument()
    const member = await server.addMember(documentId, 'delegate', 'TH')
    const client = connectClient(server.collabUrl, documentId, member.token)
    await client.synced()
    await server.request('GET', `/api/documents/${documentId}`, { token: member.token })
    client.destroy()
    await server.close()

    const { stdout } = server.output()
    const lines = stdout.split('\n').filter((line) => line !== '')
    expect(lines.length).toBeGreaterThan(5)
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow()
    expect(stdout).not.toContain(member.token)
    expect(stdout).not.toContain(server.adminToken)
    expect(lines.map((line) => JSON.parse(line).event)).toEqual(expect.arrayContaining(['ws.opened', 'ws.closed', 'http.request']))
  })
})

describe('compaction', () => {
  it('counts updates, not rows: a burst stored as a few merged rows compacts once per COUNTERPART_COMPACT_AFTER updates', async () => {
    const server = await spawn({ COUNTERPART_COMPACT_AFTER: '100' })
    const documentId = await server.createDocument()
    const { token } = await server.addMember(documentId, 'delegate', 'TH')
    const writer = connectClient(server.collabUrl, documentId, token)
    await writer.synced()
    const updates: Uint8Array[] = []
    writer.doc.on('update', (update: Uint8Array) => updates.push(update))
    // Typed in bursts of ten: each burst is committed as a row or two, and each commit considers a compaction.
    for (let i = 0; i < 400; i++) {
      writeParagraph(writer, `Paragraph ${i}`)
      if (i % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 5))
    }
    expect(updates).toHaveLength(400)
    const fresh = connectClient(server.collabUrl, documentId, token)
    await fresh.synced()
    await eventually(() => expect(updates.filter((update) => !holds(fresh.doc, update))).toEqual([]))
    const compactions = () => server.logs.filter((line) => line.event === 'document.compacted' && line.documentId === documentId)
    // Compaction runs in the background: the last one may still be on its way.
    await eventually(() => expect(compactions().length).toBeGreaterThanOrEqual(1))
    // Each compaction folds at least 100 updates in, however few rows they were stored as.
    expect(compactions().length).toBeLessThanOrEqual(4)
    writer.destroy()
    fresh.destroy()
  })
})

describe('first start', () => {
  it('generates an administrator token, shows it once with a demo negotiation whose member tokens work, and not again', async () => {
    const own = await createTestDatabase()
    try {
      const first = await spawnServer({ ...own.env, COUNTERPART_ADMIN_TOKEN: '', COUNTERPART_SEED_DEMO: 'true' })
      ownProcesses.push(first)
      const banner = await eventually(() => {
        const { stderr } = first.output()
        expect(stderr).toContain('Members (links and tokens')
        return stderr
      })
      const adminToken = /Administrator token[^\n]*\n\s+(cp_\S+)/.exec(banner)![1]!
      const delegateToken = /DSI delegation \(delegate, TH\)\s+(cp_\S+)/.exec(banner)![1]!
      const documentId = /demo negotiation was created: (\S+)/.exec(banner)![1]!

      const api = httpApi(first.url, adminToken)
      const { status, body } = await api.request('GET', '/api/documents')
      expect(status).toBe(200)
      expect(body.documents.map((document: { id: string }) => document.id)).toEqual([documentId])
      // Drafted from the starter library, and the printed link opens it.
      const content = await api.request('GET', `/api/documents/${documentId}/content`)
      expect(content.body.clauses.length).toBeGreaterThanOrEqual(18)
      // A first round is under way: agreements, a bracket with the two parties' wordings, a comment on it.
      expect(content.body.clauses.slice(0, 4).map((clause: { status: string }) => clause.status)).toEqual(['agreed', 'agreed', 'agreed-ad-referendum', 'under-negotiation'])
      expect(content.body.clauses[3].brackets).toEqual([{ id: 'demo-will', owner: 'TH', owners: ['TH', 'KH'], alternatives: ['will', 'shall'], request: null }])
      expect(content.body.clauses[3].text).toContain('[will] / [shall]')
      // Trilingual: Thai and Khmer texts, confirmed for the agreed clauses, one stale, the last untranslated.
      expect((await api.request('GET', `/api/documents/${documentId}`)).body.languages).toEqual({ working: 'en', others: ['th', 'km'] })
      const { body: translated } = await api.request('GET', `/api/documents/${documentId}/translations`)
      const statuses = (index: number) =>
        translated.translations.filter((entry: { clauseId: string }) => entry.clauseId === content.body.clauses[index].id).map((entry: { status: string }) => entry.status)
      expect([0, 1, 2].map(statuses)).toEqual([['confirmed', 'confirmed'], ['confirmed', 'confirmed'], ['confirmed', 'confirmed']])
      expect(statuses(4)).toEqual(['stale', 'stale'])
      expect(statuses(content.body.clauses.length - 1)).toEqual(['missing', 'missing'])
      const { body: comments } = await api.request('GET', `/api/documents/${documentId}/comments`)
      expect(comments.threads).toMatchObject([{ state: 'anchored', quote: '[will] / [shall]', createdBy: { party: 'KH' } }])
      expect(banner).toContain(`${first.url}/d/${documentId}?token=${delegateToken}`)
      expect((await fetch(`${first.url}/d/${documentId}?token=${delegateToken}`)).status).toBe(200)
      const client = connectClient(first.collabUrl, documentId, delegateToken)
      await client.synced()
      expect(client.fragment.length).toBeGreaterThan(18)
      client.destroy()
      await first.close()

      const second = await spawnServer({ ...own.env, COUNTERPART_ADMIN_TOKEN: '', COUNTERPART_SEED_DEMO: 'true' })
      ownProcesses.push(second)
      expect((await httpApi(second.url, adminToken).request('GET', '/api/documents')).status).toBe(200)
      await second.close()
      expect(second.output().stderr).not.toContain('cp_')
    } finally {
      await own.drop()
    }
  })
})

describe('configuration', () => {
  it.each([
    [{ PORT: 'abc' }, 2, 'PORT must be a whole number (got "abc")'],
    [{ PORT: '70000' }, 2, 'PORT must be between 0 and 65535 (got 70000)'],
    [{ COUNTERPART_ADMIN_TOKEN: 'short' }, 2, 'COUNTERPART_ADMIN_TOKEN must be at least 24 characters long (got 5)'],
    [{ COUNTERPART_LOG_LEVEL: 'loud' }, 2, 'COUNTERPART_LOG_LEVEL must be one of debug, info, warn, error, silent (got "loud")'],
    [{ DATABASE_URL: 'mysql://root@localhost/x' }, 2, 'DATABASE_URL must start with postgres:// or postgresql://'],
    [
      { DATABASE_URL: 'postgres://counterpart:secret@127.0.0.1:1/nowhere' },
      1,
      'cannot open the database (postgres://counterpart:***@127.0.0.1:1/nowhere)',
    ],
  ])('refuses to start with %o, saying why', async (env, code, message) => {
    const result = await runServerToExit({ PORT: '0', ...env })
    expect(result.code).toBe(code)
    expect(result.stderr).toContain(message)
    expect(result.stderr + result.stdout).not.toContain('secret')
  })
})

describe('/healthz', () => {
  it('answers 200 {"ok":true} with the instance and the documents it owns while the database answers, and 503 with the reason once it does not', async () => {
    const own = await createTestDatabase()
    const database = await own.openMigrated()
    const server = await startTestServer(database)
    const health = async () => {
      const response = await fetch(`${server.url}/healthz`)
      return { status: response.status, body: await response.json() }
    }
    expect(await health()).toEqual({ status: 200, body: { ok: true, instance: expect.stringMatching(/\S/), owned: [] } })
    // A document loaded is one this instance owns (alone, it owns every document it loads).
    const documentId = await server.createDocument()
    await server.request('GET', `/api/documents/${documentId}/content`)
    expect(((await health()).body as { owned: string[] }).owned).toEqual([documentId])

    // PostgreSQL: the database disappears under the server. PGlite: it closes.
    if (runTarget() === 'postgres') await own.drop()
    else await database.close()
    const down = await health()
    expect(down.status).toBe(503)
    expect(down.body).toEqual({ ok: false, instance: expect.stringMatching(/\S/), error: expect.stringMatching(/^database: .+/) })

    await server.close()
    if (runTarget() === 'postgres') await database.close()
    else await own.drop()
  })
})
