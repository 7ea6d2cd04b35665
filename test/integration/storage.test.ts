/**
 * The storage contract, run against every database this machine can test:
 * PostgreSQL (when it answers) and embedded PGlite.
 */

import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { GroupCommit } from '../../server/engine/groupCommit.js'
import { foldHere } from '../../server/engine/stateFold.js'
import type { Database } from '../../server/storage/database.js'
import { DocumentStore } from '../../server/storage/documentStore.js'
import { migrate, readMigrations } from '../../server/storage/migrator.js'
import { openPgliteDatabase } from '../../server/storage/pgliteDatabase.js'
import { projectRoot } from '../../server/projectRoot.js'
import { compactionPageRows, maxRowsPerAppend, UpdateLog, type UpdateEntry } from '../../server/storage/updateLog.js'
import { AuthorshipLogs } from '../../server/services/authorshipLogs.js'
import { AuthorshipStore } from '../../server/storage/authorshipStore.js'
import { availableTargets, createTestDatabase, type TestDatabase } from '../support/testDatabase.js'
import { cambodianParty, thaiParty } from '../support/testServer.js'

/** `count` small, independent updates, each typing one character into its own client's text. */
function makeUpdates(count: number, seed = 1): Uint8Array[] {
  return Array.from({ length: count }, (_, i) => {
    const doc = new Y.Doc()
    doc.clientID = seed * 100_000 + i
    doc.getText('t').insert(0, String.fromCharCode(97 + (i % 26)))
    return Y.encodeStateAsUpdate(doc)
  })
}

const merge = foldHere

/** The state vector of the document that `updates` (after `snapshot`) make. */
function stateOf({ snapshot, updates }: { snapshot: Uint8Array | null; updates: Uint8Array[] }): Uint8Array {
  const doc = new Y.Doc({ gc: false })
  for (const part of snapshot ? [snapshot, ...updates] : updates) Y.applyUpdate(doc, part)
  return Y.encodeStateVector(doc)
}
const expectedState = (updates: Uint8Array[]) => stateOf({ snapshot: null, updates })

/** The text of the document that `updates` (after `snapshot`) make. */
function textOf({ snapshot, updates }: { snapshot: Uint8Array | null; updates: Uint8Array[] }): string {
  const doc = new Y.Doc({ gc: false })
  for (const part of snapshot ? [snapshot, ...updates] : updates) Y.applyUpdate(doc, part)
  return doc.getText('t').toString()
}

describe.each(availableTargets())('storage on %s', (target) => {
  let testDatabase: TestDatabase
  let database: Database
  let log: UpdateLog
  let documentCount = 0

  beforeAll(async () => {
    testDatabase = await createTestDatabase(target)
    database = await testDatabase.openMigrated()
    log = new UpdateLog(database)
  })

  afterAll(async () => {
    await database.close()
    await testDatabase.drop()
  })

  async function newDocument(): Promise<string> {
    const id = `doc-${++documentCount}`
    await new DocumentStore(database).create({ id, title: 'MOU', style: 'mou', parties: [{ ...thaiParty, position: 0, language: null, state: '', names: {} }, { ...cambodianParty, position: 1, language: null, state: '', names: {} }], languages: { working: 'en', others: [] } })
    return id
  }

  it('returns appended updates in order, as bytes', async () => {
    const documentId = await newDocument()
    const updates = makeUpdates(5)
    await log.append(updates.slice(0, 2).map((update) => ({ documentId, update, memberId: null })))
    await log.append(updates.slice(2).map((update) => ({ documentId, update, memberId: null })))
    const stored = await log.load(documentId)
    expect(stored.snapshot).toBeNull()
    expect(stored.updates.map((update) => Buffer.from(update).toString('hex'))).toEqual(updates.map((u) => Buffer.from(u).toString('hex')))
  })

  it("keeps a document's authorship log, reads only the rows stored since, and still finds a row committed late with an older date", async () => {
    const documentId = await newDocument()
    const store = new AuthorshipStore(database)
    const asked: number[] = []
    const logs = new AuthorshipLogs({ marksSince: (id, since) => (asked.push(since.getTime()), store.marksSince(id, since)) })
    const byItem = <T extends { client: number; clock: number }>(marks: readonly T[]) => [...marks].sort((a, b) => a.client - b.client || a.clock - b.clock)
    const same = async () => {
      const kept = await logs.of(documentId)
      expect([[...kept.introductions].sort(([a], [b]) => a - b), byItem(kept.insertions), byItem(kept.deletions)]).toEqual([
        [...(await store.clientIntroductions(documentId))].sort(([a], [b]) => a - b),
        byItem(await store.insertionMarks(documentId)),
        byItem(await store.deletionMarks(documentId)),
      ])
    }
    const updates = makeUpdates(3)
    await log.append([{ documentId, update: updates[0]!, memberId: null, clientIds: [7], insertions: [{ client: 7, clock: 0, len: 5 }] }])
    await same()
    await log.append([{ documentId, update: updates[1]!, memberId: null, clientIds: [8], insertions: [{ client: 8, clock: 0, len: 2 }], deletions: [{ client: 7, clock: 1, len: 2 }] }])
    await same()
    // The second reading asked only for the rows stored since the first, less the overlap.
    expect(asked).toHaveLength(2)
    expect(asked[1]).toBeGreaterThan(Date.now() - 10 * 60_000)
    // A transaction that began long before commits now: its row is dated before what the reader looks back to.
    await database.query("INSERT INTO insertion_marks (document_id, client_id, clock, len, created_at) VALUES ($1, 9, 0, 3, now() - interval '1 hour')", [documentId])
    await log.append([{ documentId, update: updates[2]!, memberId: null, insertions: [{ client: 8, clock: 2, len: 1 }] }])
    await same()
    // The count told the reading it missed a row, and it read the whole log again.
    expect(asked.slice(2)).toEqual([expect.any(Number), 0])
    expect((await logs.of(documentId)).insertions.some((mark) => mark.client === 9)).toBe(true)
  })

  it('records the items each update adds, and those it deletes, with the time the update was stored, and keeps them through compaction', async () => {
    const documentId = await newDocument()
    const updates = makeUpdates(3)
    const authorship = new AuthorshipStore(database)
    // One statement (only insertions), then a transaction (a new client id and a deletion).
    await log.append([{ documentId, update: updates[0]!, memberId: null, insertions: [{ client: 7, clock: 0, len: 5 }] }])
    await log.append([{ documentId, update: updates[1]!, memberId: null, clientIds: [8], insertions: [{ client: 8, clock: 0, len: 2 }], deletions: [{ client: 7, clock: 1, len: 2 }] }])
    await log.append([{ documentId, update: updates[2]!, memberId: null }])
    const rows = await database.query<{ created_at: Date }>('SELECT created_at FROM doc_updates WHERE document_id = $1 ORDER BY seq', [documentId])
    const times = rows.map((row) => new Date(row.created_at).getTime())
    expect(await log.compact(documentId, merge)).toBe(3)
    const insertions = await authorship.insertionMarks(documentId)
    expect(insertions.map((mark) => [mark.client, mark.clock, mark.len, mark.at.getTime()])).toEqual([
      [7, 0, 5, times[0]],
      [8, 0, 2, times[1]],
    ])
    expect((await authorship.deletionMarks(documentId)).map((mark) => [mark.client, mark.clock, mark.len, mark.at.getTime()])).toEqual([[7, 1, 2, times[1]]])
    expect([...(await authorship.clientIntroductions(documentId)).keys()]).toEqual([8])
  })

  it('refuses an update for a document that does not exist, storing nothing', async () => {
    await expect(log.append([{ documentId: 'no-such-document', update: makeUpdates(1)[0]!, memberId: null }])).rejects.toThrow()
    expect((await log.load('no-such-document')).updates).toEqual([])
  })

  it('compaction folds the log into the snapshot and loading gives the same document', async () => {
    const documentId = await newDocument()
    const updates = makeUpdates(30)
    await log.append(updates.map((update) => ({ documentId, update, memberId: null })))
    expect(await log.compact(documentId, merge)).toBe(30)
    const stored = await log.load(documentId)
    expect(stored.snapshot).not.toBeNull()
    expect(stored.updates).toEqual([])
    expect(stored.foldedUpdates).toBe(30)
    expect(stateOf(stored)).toEqual(expectedState(updates))
    expect(await log.compact(documentId, merge)).toBe(0)
  })

  it('folds a log longer than the rows a compaction reads at a time, every row once, handing the fold each page as it is read', async () => {
    const documentId = await newDocument()
    const writer = new Y.Doc()
    const updates: Uint8Array[] = []
    writer.on('update', (update: Uint8Array) => updates.push(update))
    for (let i = 0; i < compactionPageRows * 2 + 7; i++) writer.getText('t').insert(i, 'x')
    for (let start = 0; start < updates.length; start += maxRowsPerAppend) {
      await log.append(updates.slice(start, start + maxRowsPerAppend).map((update) => ({ documentId, update, memberId: null })))
    }
    const pages: number[] = []
    const counted = () => {
      const fold = merge()
      return { ...fold, add: (parts: readonly Uint8Array[]) => (pages.push(parts.length), fold.add(parts)) }
    }
    expect(await log.compact(documentId, counted)).toBe(updates.length)
    expect(pages).toEqual([compactionPageRows, compactionPageRows, 7])
    const stored = await log.load(documentId)
    expect(stored.updates).toEqual([])
    expect(stored.foldedUpdates).toBe(updates.length)
    expect(textOf(stored)).toBe('x'.repeat(updates.length))
  })

  it('counts the updates a snapshot holds across compactions, and none before the first', async () => {
    const documentId = await newDocument()
    const updates = makeUpdates(50)
    await log.append(updates.slice(0, 30).map((update) => ({ documentId, update, memberId: null })))
    expect((await log.load(documentId)).foldedUpdates).toBe(0)
    await log.compact(documentId, merge)
    await log.append(updates.slice(30).map((update) => ({ documentId, update, memberId: null })))
    await log.compact(documentId, merge)
    const stored = await log.load(documentId)
    expect(stored.foldedUpdates).toBe(50)
    expect(stateOf(stored)).toEqual(expectedState(updates))
  })

  it('keeps every update appended while a compaction is in flight', async () => {
    const documentId = await newDocument()
    const before = makeUpdates(20, 1)
    const during = makeUpdates(20, 2)
    await log.append(before.map((update) => ({ documentId, update, memberId: null })))
    const appends: Promise<void>[] = []
    const merged = await log.compact(documentId, () => {
      const fold = merge()
      return {
        ...fold,
        result: () => {
          // Appends start while the compaction's transaction is open, between its read and its delete.
          for (const update of during) appends.push(log.append([{ documentId, update, memberId: null }]))
          return fold.result()
        },
      }
    })
    await Promise.all(appends)
    expect(merged).toBe(20)
    const stored = await log.load(documentId)
    expect(stateOf(stored)).toEqual(expectedState([...before, ...during]))
  })

  it('two compactions at once, with appends between them, lose nothing', async () => {
    const documentId = await newDocument()
    const all = makeUpdates(60, 3)
    await log.append(all.slice(0, 20).map((update) => ({ documentId, update, memberId: null })))
    const results = await Promise.all([
      log.compact(documentId, merge),
      log.append(all.slice(20, 40).map((update) => ({ documentId, update, memberId: null }))),
      log.compact(documentId, merge),
      log.append(all.slice(40).map((update) => ({ documentId, update, memberId: null }))),
    ])
    expect((results[0] as number) + (results[2] as number)).toBeGreaterThanOrEqual(20)
    const stored = await log.load(documentId)
    expect(stateOf(stored)).toEqual(expectedState(all))
    await log.compact(documentId, merge)
    expect(stateOf(await log.load(documentId))).toEqual(expectedState(all))
  })

  it('group commit puts concurrent appends into few commits and few rows, and a bad row fails only its sender', async () => {
    const documentId = await newDocument()
    const groupCommit = new GroupCommit(log, 500)
    const updates = makeUpdates(200, 4)
    await Promise.all(updates.map((update) => groupCommit.append({ documentId, update, memberId: null })))
    expect(groupCommit.stats.updates).toBe(200)
    expect(groupCommit.stats.commits).toBeLessThan(20)
    // One member's consecutive updates share a row, 64 at most.
    const stored = await log.load(documentId)
    expect(stored.updates.length).toBeGreaterThanOrEqual(4)
    expect(stored.updates.length).toBeLessThan(20)
    expect(textOf(stored)).toBe(textOf({ snapshot: null, updates }))

    const good = makeUpdates(3, 5)
    const outcomes = await Promise.allSettled([
      groupCommit.append({ documentId, update: good[0]!, memberId: null }),
      groupCommit.append({ documentId: 'no-such-document', update: good[1]!, memberId: null }),
      groupCommit.append({ documentId, update: good[2]!, memberId: null }),
    ])
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    // Retried one by one after the batch failed: the two good updates are rows of their own.
    const after = await log.load(documentId)
    expect(after.updates).toHaveLength(stored.updates.length + 2)
    expect(textOf(after)).toBe(textOf({ snapshot: null, updates: [...updates, good[0]!, good[2]!] }))
  })

  it("group commit never has two batches of one document on their way at once (a crash between their commits could orphan the second), while another document's batch goes alongside", async () => {
    const [first, second] = [await newDocument(), await newDocument()]
    const onTheirWay = new Map<string, number>()
    let sameDocumentAtOnce = 0
    let otherDocumentAlongside = 0
    const watched = {
      async append(entries: UpdateEntry[]) {
        const documents = new Set(entries.map((entry) => entry.documentId))
        for (const documentId of documents) if (onTheirWay.get(documentId)) sameDocumentAtOnce++
        if ([...onTheirWay].some(([documentId, count]) => count > 0 && !documents.has(documentId))) otherDocumentAlongside++
        for (const documentId of documents) onTheirWay.set(documentId, (onTheirWay.get(documentId) ?? 0) + 1)
        try {
          await log.append(entries)
        } finally {
          for (const documentId of documents) onTheirWay.set(documentId, onTheirWay.get(documentId)! - 1)
        }
      },
    }
    const groupCommit = new GroupCommit(watched, 10)
    // Thirty of the first document queued before thirty of the second: the second's first batch can go beside the first's.
    const updates = makeUpdates(60, 6)
    await Promise.all(updates.map((update, i) => groupCommit.append({ documentId: i < 30 ? first : second, update, memberId: null })))
    expect(sameDocumentAtOnce).toBe(0)
    expect(otherDocumentAlongside).toBeGreaterThan(0)
    expect(textOf(await log.load(first))).toBe(textOf({ snapshot: null, updates: updates.slice(0, 30) }))
    expect(textOf(await log.load(second))).toBe(textOf({ snapshot: null, updates: updates.slice(30) }))
  })

  it('running the migrator again changes nothing', async () => {
    expect(await migrate(database)).toEqual([])
    const rows = await database.query<{ version: number }>('SELECT version FROM counterpart_migrations ORDER BY version')
    expect(rows.map((row) => row.version)).toEqual(readMigrations().map((migration) => migration.version))
  })

  it('refuses a migration edited after it was applied, and a schema newer than the server', async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'counterpart-migrations-'))
    try {
      for (const migration of readMigrations()) fs.writeFileSync(path.join(directory, migration.name), migration.sql)
      const first = readMigrations()[0]!
      fs.appendFileSync(path.join(directory, first.name), '\n-- edited\n')
      await expect(migrate(database, readMigrations(directory))).rejects.toThrow(
        `migration ${first.name} was changed after it was applied; add a new migration instead`,
      )
      await expect(migrate(database, [])).rejects.toThrow(
        `the database schema is at version ${readMigrations().length}, newer than this server knows (0); upgrade the server`,
      )
    } finally {
      fs.rmSync(directory, { recursive: true, force: true })
    }
  })
})

/** Runs `npm run migrate`'s entry point against `testDatabase`; resolves with its exit code and output. */
function runMigrator(testDatabase: TestDatabase): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/migrateCommand.ts'], {
      cwd: projectRoot(),
      env: { PATH: process.env.PATH ?? '', ...testDatabase.env, COUNTERPART_LOG_LEVEL: 'info' },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('exit', (code) => resolve({ code, stdout, stderr }))
  })
}

describe.each(availableTargets())('migrating from several processes at once on %s', (target) => {
  let testDatabase: TestDatabase
  beforeAll(async () => {
    testDatabase = await createTestDatabase(target)
  })
  afterAll(async () => {
    await testDatabase.drop()
  })

  if (target === 'postgres') {
    it('applies each migration exactly once and every process succeeds', async () => {
      const results = await Promise.all([runMigrator(testDatabase), runMigrator(testDatabase), runMigrator(testDatabase)])
      expect(results.map((result) => result.code)).toEqual([0, 0, 0])
      const applied = results.flatMap((result) => JSON.parse(result.stdout.trim().split('\n').at(-1)!).applied as string[])
      expect(applied.sort()).toEqual(readMigrations().map((migration) => migration.name))
      const database = await testDatabase.open()
      const rows = await database.query<{ version: number }>('SELECT version FROM counterpart_migrations ORDER BY version')
      expect(rows.map((row) => row.version)).toEqual(readMigrations().map((migration) => migration.version))
      await database.close()
    })
  } else {
    it('refuses a second process the data directory instead of letting it corrupt the database', async () => {
      const first = await openPgliteDatabase(testDatabase.dataDir!)
      try {
        const second = await runMigrator(testDatabase)
        expect(second.code).not.toBe(0)
        expect(second.stderr).toContain(`the data directory ${testDatabase.dataDir} is in use by process ${process.pid}`)
      } finally {
        await first.close()
      }
      const afterwards = await runMigrator(testDatabase)
      expect(afterwards.code).toBe(0)
    })
  }
})
