/**
 * `npm run bench`: measures the collaboration server with stock y-websocket
 * providers over loopback, against PostgreSQL at DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/test) or, when it does not answer,
 * embedded PGlite. Every scenario is bounded in clients and time. Prints a
 * Markdown report; a full run also writes it to docs/benchmarks.md. Not part
 * of `npm test`.
 *
 *   npm run bench                       all scenarios (about 15 minutes); writes docs/benchmarks.md
 *   npm run bench -- domain locks       only those named (compare, compaction, domain, locks, hostile, groupcommit, languages, originals, serverChanges, drafts, imports, timeToText)
 *   npm run bench -- timeToText         time to text and keystroke to paint in Chromium (needs the built client: npm run build)
 *   npm run bench -- cluster            three instances behind HAProxy: fan-out through the relay, failover and handover (needs PostgreSQL and HAProxy; not in the full run)
 *   npm run bench -- throughput load    only those parts of the side-by-side run (fanout, throughput, load, memory)
 *   npm run bench -- compare --quick    side by side with the reference servers, scaled down
 */

import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import os from 'node:os'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import pg from 'pg'
import * as Y from 'yjs'
import { createLogger } from '../../server/logger.js'
import type { Database } from '../../server/storage/database.js'
import { migrate } from '../../server/storage/migrator.js'
import { openPgDatabase } from '../../server/storage/pgDatabase.js'
import { openPgliteDatabase } from '../../server/storage/pgliteDatabase.js'
import { connectClient } from '../support/collabClient.js'
import { sleep } from '../support/eventually.js'
import { agreeEveryClause, reopenClause, setStatus } from '../support/negotiation.js'
import { startTestServer, trilingualDocument, type TestServer } from '../support/testServer.js'
import { growDocument } from '../support/longDocument.js'
import { projectRoot } from '../../server/projectRoot.js'
import { runSideBySide, sideBySideParts, sideBySideTable, type SideBySidePart } from './sideBySide.js'
import { AdmittedState } from '../../server/engine/admittedState.js'
import { FoldWorker } from '../../server/engine/foldWorker.js'
import { Compactor, type CompactedDocument } from '../../server/engine/compactor.js'
import { applyUpdates, foldHere } from '../../server/engine/stateFold.js'
import { UpdateLog, type Fold } from '../../server/storage/updateLog.js'
import { UpdateGate } from '../../server/engine/updateGate.js'
import { admitDraftUpdate } from '../../server/engine/draftRooms.js'
import { readWordDraft } from '../../server/import/wordDraft.js'
import { longWordDraft } from '../support/wordDrafts.js'
import { DraftReader } from '../../server/import/draftReader.js'
import type { ImportedDraft } from '../../server/import/importedDraft.js'
import { encodeContent } from '../../server/mou/contentCodec.js'
import { readZip } from '../../server/export/zipArchive.js'
import { findWording } from '../../server/vocabulary/wordingCheck.js'
import { compareDocuments } from '../../server/revisions/comparison.js'
import type { TextBlock } from '../../server/revisions/provenance.js'
import { craftZip, deflatedZeros, honestEntry } from '../support/craftedZip.js'
import { clause, mou, p } from '../support/mouBuilders.js'
import { mouSchema } from '../../server/vocabulary/schema.js'
import { contentFragmentName, defineRoots, languageFragmentName } from '../../server/vocabulary/documentRoots.js'
import { documentRules } from '../../server/negotiation/documentRules.js'
import { alignTranslation, translationAligned, untranslatedElement } from '../../server/mou/alignedTexts.js'
import { statusesOf } from '../../server/services/translationDesk.js'
import { readConfig, type Config } from '../../server/config.js'
import { timeToText } from './timeToText.js'
import { clusterBench } from './clusterBench.js'

interface Row {
  scenario: string
  figure: string
  value: string
}

const rows: Row[] = []
const record = (scenario: string, figure: string, value: string) => {
  rows.push({ scenario, figure, value })
  process.stderr.write(`  ${scenario} · ${figure}: ${value}\n`)
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN
const ms = (value: number) => `${value.toFixed(2)} ms`
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`

/** A server of its own (in this process) on a fresh database, configured as tests do unless `overrides` say otherwise. */
async function bench(name: string, body: (server: TestServer, db: Database) => Promise<void>, overrides: Partial<Config> = {}): Promise<void> {
  process.stderr.write(`${name}\n`)
  const database = await openBenchDatabase()
  const server = await startTestServer(database.db, overrides)
  try {
    await body(server, database.db)
  } finally {
    await server.close()
    await database.drop()
  }
}

/** A document drafted from the starter instrument, with a Thai and a Cambodian delegate. */
async function starterDocument(server: TestServer): Promise<{ documentId: string; tokens: string[] }> {
  const documentId = await server.draftDocument('anti-trafficking-mou')
  const tokens = [(await server.addMember(documentId, 'delegate', 'TH')).token, (await server.addMember(documentId, 'delegate', 'KH')).token]
  return { documentId, tokens }
}

let databaseLabel = ''
const benchDatabaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

async function openBenchDatabase(): Promise<{ db: Database; drop(): Promise<void> }> {
  const serverUrl = benchDatabaseUrl
  const admin = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 3000 })
  try {
    await admin.connect()
  } catch {
    databaseLabel = 'embedded PGlite (in memory)'
    const db = await openPgliteDatabase(null)
    await migrate(db)
    return { db, drop: () => db.close() }
  }
  const name = `cp_bench_${randomBytes(4).toString('hex')}`
  await admin.query(`CREATE DATABASE ${name}`)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  databaseLabel = `PostgreSQL ${(await admin.query('SHOW server_version')).rows[0].server_version} on loopback`
  const db = await openPgDatabase(url.toString(), { poolSize: 10, logger: createLogger('silent') })
  await migrate(db)
  return {
    db,
    async drop() {
      await db.close()
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`)
      await admin.end()
    },
  }
}

/** The log alone: concurrent appenders through the group commit, no sockets, to separate the database's share. */
async function groupCommitAlone(appenders: number, seconds: number): Promise<void> {
  await bench(`group commit alone, ${appenders} appenders`, async (ctx) => {
    const documentId = await ctx.createDocument()
    const update = Y.encodeStateAsUpdate((() => { const d = new Y.Doc(); d.getText('t').insert(0, 'a'); return d })())
    // Each appender a member of its own: a batch holds one update of each, which the group commit does not merge.
    const members: string[] = []
    for (let i = 0; i < appenders; i++) members.push((await ctx.addMember(documentId, 'delegate', i % 2 === 0 ? 'TH' : 'KH', `Appender ${i}`)).id)
    const before = { ...ctx.server.groupCommit.stats }
    const stopAt = performance.now() + seconds * 1000
    await Promise.all(
      members.map(async (memberId) => {
        while (performance.now() < stopAt) await ctx.server.groupCommit.append({ documentId, update, memberId })
      }),
    )
    const updates = ctx.server.groupCommit.stats.updates - before.updates
    const commits = ctx.server.groupCommit.stats.commits - before.commits
    record(`group commit ${appenders} appenders (one member each)`, 'updates committed / s', (updates / seconds).toFixed(0))
    record(`group commit ${appenders} appenders (one member each)`, 'commits / s (updates per commit)', `${(commits / seconds).toFixed(0)} (${(updates / commits).toFixed(1)})`)
    // One writer, one update at a time at 50/s: what storing first adds to every update's trip (an INSERT and its WAL flush).
    const alone: number[] = []
    for (let i = 0; i < 500; i++) {
      const started = performance.now()
      await ctx.server.groupCommit.append({ documentId, update, memberId: null })
      alone.push(performance.now() - started)
      await sleep(20)
    }
    alone.sort((a, b) => a - b)
    record('one update stored alone (50/s)', 'p50 / p99 / max of 500', `${ms(quantile(alone, 0.5))} / ${ms(quantile(alone, 0.99))} / ${ms(alone.at(-1)!)}`)
  })
}

/** Domain paths on the full starter MOU: compare of two revisions a few dozen edits apart. */
async function domain(edits: number): Promise<void> {
  await bench('domain paths on the starter MOU', async (ctx) => {
    const { documentId, tokens } = await starterDocument(ctx)
    const client = connectClient(ctx.collabUrl, documentId, tokens[0]!)
    await client.synced()
    const admin = { kind: 'admin' } as const
    await ctx.server.history.create(admin, documentId, { label: 'before', note: '' })
    const texts: Y.XmlText[] = []
    const walk = (node: Y.XmlElement | Y.XmlFragment) => node.toArray().forEach((child) => (child instanceof Y.XmlText ? texts.push(child) : child instanceof Y.XmlElement && walk(child)))
    walk(client.fragment)
    for (let i = 0; i < edits; i++) {
      const text = texts[(i * 7) % texts.length]!
      if (i % 3 === 2 && text.length > 10) text.delete(3, 5)
      else text.insert(Math.min(5, text.length), 'amended ')
    }
    const live = await ctx.server.registry.peek(documentId)
    while (Y.encodeStateVector(live!.doc).toString() !== Y.encodeStateVector(client.doc).toString()) await sleep(10)
    await ctx.server.history.create(admin, documentId, { label: 'after', note: '' })
    const times: number[] = []
    let modified = 0
    for (let run = 0; run < 30; run++) {
      const started = performance.now()
      const { comparison } = await ctx.server.history.compare(admin, documentId, 1, 2)
      times.push(performance.now() - started)
      modified = comparison.summary.modified
    }
    const first = times[0]!
    times.sort((a, b) => a - b)
    // Signing copies are of agreed text only.
    await agreeEveryClause(ctx, documentId, tokens[0]!, tokens[1]!)
    const agreed = await ctx.server.history.create(admin, documentId, { label: 'agreed', note: '' })
    for (const party of ['TH', 'KH']) {
      const exports = await timesOf(10, () => ctx.server.desk.exportCounterpart(admin, documentId, agreed.seq, party))
      record('signing copy export (starter MOU)', `counterpart ${party}: median / max of 10`, `${ms(quantile(exports, 0.5))} / ${ms(exports.at(-1)!)}`)
    }
    const redlines = await timesOf(10, () => ctx.server.comparisons.document(admin, documentId, 1, 2))
    record('redline export (starter MOU)', `${edits} edits: median / max of 10`, `${ms(quantile(redlines, 0.5))} / ${ms(redlines.at(-1)!)}`)
    record(
      'compare revisions (starter MOU)',
      `${edits} edits, ${modified} clauses modified: first / median / p95 of 30`,
      `${ms(first)} / ${ms(quantile(times, 0.5))} / ${ms(quantile(times, 0.95))}`,
    )
    client.destroy()
  })
}

/**
 * The gate on every incoming update: its cost per one-character update
 * typed into the starter MOU with every other clause agreed (integration,
 * schema and negotiation rules, on the admitted replica), and per update
 * refused in an agreed clause (which rebuilds the admitted replica).
 */
async function lockCheck(updates: number): Promise<void> {
  await bench('gate on the starter MOU', async (ctx) => {
    const { documentId, tokens } = await starterDocument(ctx)
    const { body } = await ctx.request('GET', `/api/documents/${documentId}/content`)
    const clauseIds = (body.clauses as { id: string }[]).map((clause) => clause.id)
    const toAgree = clauseIds.filter((_, index) => index % 2 === 0)
    for (const clauseId of toAgree) {
      await setStatus(ctx, documentId, clauseId, tokens[0]!, 'under-negotiation')
      await setStatus(ctx, documentId, clauseId, tokens[1]!, 'agreed-ad-referendum')
      await setStatus(ctx, documentId, clauseId, tokens[0]!, 'agreed')
    }
    const live = await ctx.server.editor.read(documentId, (doc) => Y.encodeStateAsUpdate(doc))
    const [member] = await ctx.server.membership.list({ kind: 'admin' }, documentId)
    // The server's copy and a delegate's, outside the server: only the gate is timed.
    const serverDoc = new Y.Doc({ gc: false })
    defineRoots(serverDoc)
    Y.applyUpdate(serverDoc, live)
    /** The paragraph texts of the agreed clauses (or of the others) in a replica. */
    const textsOf = (doc: Y.Doc, agreed: boolean) =>
      doc
        .getXmlFragment(contentFragmentName)
        .toArray()
        .filter((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'clause' && (node.getAttribute('status') === 'agreed') === agreed)
        .flatMap((clause) => clause.toArray().filter((block) => block instanceof Y.XmlElement && block.nodeName !== 'clause_heading'))
        .flatMap(function texts(node): Y.XmlText[] {
          return node instanceof Y.XmlText ? [node] : node instanceof Y.XmlElement ? node.toArray().flatMap(texts) : []
        })
    const gate = new UpdateGate({ maxUpdateBytes: 1 << 20, rules: documentRules(mouSchema) })
    const context = { doc: serverDoc, admitted: new AdmittedState(serverDoc, defineRoots), owners: new Map<number, string | null>(), parties: ['TH', 'KH'], pendingLocks: new Set<string>(), contentRoots: [contentFragmentName] }
    /** Times the gate on `count` one-character updates, each typed into a replica `replicaFor(i)` gives. */
    const measure = (count: number, agreed: boolean, replicaFor: (i: number) => Y.Doc) => {
      const times: number[] = []
      let refused = 0
      for (let i = 0; i < count; i++) {
        const replica = replicaFor(i)
        let update: Uint8Array | null = null
        replica.once('update', (bytes: Uint8Array) => (update = bytes))
        const targets = textsOf(replica, agreed)
        const text = targets[(i * 7) % targets.length]!
        text.insert((i * 13) % (text.length + 1), 'x')
        const started = performance.now()
        const verdict = gate.admit(context, update!, member!)
        times.push(performance.now() - started)
        if (verdict.kind === 'accept') {
          context.admitted.landed(verdict.admission, true)
          Y.applyUpdate(serverDoc, update!)
        } else refused++
      }
      return { times: times.sort((a, b) => a - b), refused }
    }
    const us = (value: number) => `${(value * 1000).toFixed(1)} µs`
    const figures = (sorted: number[]) => [0.5, 0.99].map((q) => us(quantile(sorted, q))).join(' / ') + ` / ${us(sorted.at(-1)!)}`
    // A delegate typing: one replica, every update accepted.
    const delegate = new Y.Doc()
    Y.applyUpdate(delegate, live)
    const typing = measure(updates, false, () => delegate)
    const label = `gate (starter MOU, ${toAgree.length} of ${clauseIds.length} clauses agreed)`
    record(label, `per update typed in open clauses: p50 / p99 / max of ${updates}`, `${figures(typing.times)} (${typing.refused} refused)`)
    // Attempts on agreed text, each from a fresh replica (a refused client is disconnected).
    const attempts = measure(updates / 4, true, () => {
      const replica = new Y.Doc()
      Y.applyUpdate(replica, Y.encodeStateAsUpdate(serverDoc))
      return replica
    })
    record(label, `per update refused in agreed clauses: p50 / p99 / max of ${updates / 4}`, `${figures(attempts.times)} (${attempts.refused} refused)`)
  })
}

/** How long each of `runs` runs of `work` took, fastest first. */
async function timesOf(runs: number, work: () => unknown): Promise<number[]> {
  const times: number[] = []
  for (let run = 0; run < runs; run++) {
    const started = performance.now()
    await work()
    times.push(performance.now() - started)
  }
  return times.sort((a, b) => a - b)
}

/**
 * What hostile input costs the event loop now that it is bounded: a delegate's
 * update nesting elements thousands deep (refused at the gate), a zip bomb at
 * the public /api/verify, a wording check with 40,000 matches, and the word
 * compare of a clause re-created with 6,000 different words.
 */
async function hostileInput(): Promise<void> {
  await bench('hostile input', async (ctx) => {
    const median = async (runs: number, work: () => unknown) => quantile(await timesOf(runs, work), 0.5)
    const gate = new UpdateGate({ maxUpdateBytes: 8 << 20, rules: documentRules(mouSchema) })
    const delegate = { id: 'm', documentId: 'd', name: 'Delegate', party: 'TH', role: 'delegate', createdAt: new Date(0), revokedAt: null } as const
    for (const depth of [10_000, 30_000]) {
      const server = new Y.Doc({ gc: false })
      defineRoots(server)
      Y.applyUpdate(server, encodeContent(mou(clause('c1', 'Objectives', p('The Participants will cooperate.')))))
      const client = new Y.Doc()
      Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
      const before = Y.encodeStateVector(client)
      client.transact(() => {
        const clauseElement = client.getXmlFragment(contentFragmentName).toArray().find((node) => node instanceof Y.XmlElement && node.nodeName === 'clause') as Y.XmlElement
        let parent = clauseElement.get(1) as Y.XmlElement
        for (let level = 0; level < depth; level++) {
          const child = new Y.XmlElement('paragraph')
          parent.insert(0, [child])
          parent = child
        }
      })
      const update = Y.encodeStateAsUpdate(client, before)
      const context = () => ({ doc: server, admitted: new AdmittedState(server, defineRoots), owners: new Map<number, string | null>(), parties: ['TH', 'KH'], pendingLocks: new Set<string>(), contentRoots: [contentFragmentName] })
      const refused = await median(5, () => gate.admit(context(), update, delegate as never))
      record('hostile input', `update nesting ${depth.toLocaleString('en')} elements (${(update.length / 1024).toFixed(0)} KiB), refused at the gate: median of 5`, ms(refused))
    }
    const documentId = await ctx.draftDocument('anti-trafficking-mou')
    const [thai, khmer] = [await ctx.addMember(documentId, 'delegate', 'TH'), await ctx.addMember(documentId, 'delegate', 'KH')]
    await agreeEveryClause(ctx, documentId, thai.token, khmer.token)
    await ctx.request('POST', `/api/documents/${documentId}/revisions`, { body: { label: 'For signature' } })
    const exported = await fetch(`${ctx.url}/api/documents/${documentId}/revisions/1/export.docx?counterpart=TH`, { headers: { authorization: `Bearer ${ctx.adminToken}` } })
    const parts = Object.entries(readZip(new Uint8Array(await exported.arrayBuffer()))).map(([name, data]) => honestEntry(name, data))
    const bomb = craftZip([...parts, { name: 'word/media/zeros.bin', ...(await deflatedZeros(200 * 1024 * 1024)) }])
    const verify = async () => {
      const response = await fetch(`${ctx.url}/api/verify`, { method: 'POST', body: Buffer.from(bomb) })
      await response.arrayBuffer()
    }
    record('hostile input', `zip bomb at /api/verify (${(bomb.length / 1024).toFixed(0)} KiB unpacking to 200 MiB), refused: median of 5`, ms(await median(5, verify)))
    const matches = 'shall '.repeat(40_000)
    record('hostile input', 'wording check of a paragraph with 40,000 matches: median of 3', ms(await median(3, () => findWording(matches, 'mou'))))
    const recreated = (prefix: string, client: number) => ({
      title: [],
      preamble: [],
      finalProvisions: [],
      clauses: [{ id: 'c1', templateId: null, status: 'draft', blocks: [wordBlock(Array.from({ length: 6_000 }, (_, index) => `${prefix}${index}`).join(' '), client)] }],
    })
    const authors = { insertedBy: () => null, deletedBy: () => null }
    record('hostile input', 'compare of one clause re-created with 6,000 different words: median of 3', ms(await median(3, () => compareDocuments(recreated('a', 1), recreated('b', 2), 'mou', authors))))
  })
}

/**
 * What equally authentic texts cost: on the starter MOU in English, Thai and
 * Khmer, the check that runs after every commit (is every language text
 * still in the working text's structure?), the alignment after a clause
 * insert, the statuses of every clause in every language, and a Thai
 * keystroke from one delegate to the other, against an English one.
 */
async function languages(keystrokes: number): Promise<void> {
  await bench('languages', async (ctx) => {
    const { body } = await ctx.request('POST', '/api/documents', {
      body: {
        template: 'anti-trafficking-mou',
        languages: { working: 'en', others: ['th', 'km'] },
        parties: [
          { code: 'TH', name: 'Department of Special Investigation', shortName: 'DSI', language: 'th' },
          { code: 'KH', name: 'Cambodian National Police', shortName: 'CNP', language: 'km' },
        ],
      },
    })
    const documentId = body.id as string
    const doc = await ctx.server.editor.read(documentId, (live) => {
      const copy = new Y.Doc({ gc: false })
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(live))
      return copy
    })
    const fragments = [languageFragmentName('th'), languageFragmentName('km')]
    const check = await timesOf(2000, () => fragments.every((fragment) => translationAligned(doc, contentFragmentName, fragment)))
    record('languages (starter MOU in 3 languages)', 'structure check after each commit, both languages: median / p99 of 2,000', `${ms(quantile(check, 0.5))} / ${ms(quantile(check, 0.99))}`)
    const working = doc.getXmlFragment(contentFragmentName)
    const aligned = await timesOf(50, () => {
      doc.transact(() => working.insert(2, [untranslatedElement(working.get(2) as Y.XmlElement)]))
      doc.transact(() => working.delete(2, 1))
      const started = performance.now()
      doc.transact(() => fragments.forEach((fragment) => alignTranslation(doc, contentFragmentName, fragment)))
      return performance.now() - started
    })
    record('languages (starter MOU in 3 languages)', 'alignment after a clause is inserted and deleted, both languages: median of 50 (with the edits)', ms(quantile(aligned, 0.5)))
    const statuses = await timesOf(20, () => statusesOf(doc, ['th', 'km'], []))
    record('languages (starter MOU in 3 languages)', 'status of every clause in both languages: median of 20', ms(quantile(statuses, 0.5)))

    const [thai, khmer] = [await ctx.addMember(documentId, 'delegate', 'TH'), await ctx.addMember(documentId, 'delegate', 'KH')]
    const [writer, reader] = [connectClient(ctx.collabUrl, documentId, thai.token), connectClient(ctx.collabUrl, documentId, khmer.token)]
    await Promise.all([writer.synced(), reader.synced()])
    for (const [language, fragment] of [['English', contentFragmentName], ['Thai', languageFragmentName('th')]] as const) {
      const target = () => {
        const clause = writer.doc.getXmlFragment(fragment).get(3) as Y.XmlElement
        const paragraph = (clause.get(1) as Y.XmlElement).get(0) as Y.XmlElement
        return paragraph.get(0) as Y.XmlText
      }
      const readerText = () => (((reader.doc.getXmlFragment(fragment).get(3) as Y.XmlElement).get(1) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlText
      const latencies: number[] = []
      for (let stroke = 0; stroke < keystrokes; stroke++) {
        const seen = new Promise<void>((resolve) => readerText().observe(function heard() {
          readerText().unobserve(heard)
          resolve()
        }))
        const started = performance.now()
        target().insert(0, language === 'Thai' ? 'ก' : 'a')
        await seen
        latencies.push(performance.now() - started)
        await sleep(20)
      }
      latencies.sort((a, b) => a - b)
      record('languages (starter MOU in 3 languages)', `a keystroke in the ${language} text, delegate to delegate: p50 / p99 of ${keystrokes}`, `${ms(quantile(latencies, 0.5))} / ${ms(quantile(latencies, 0.99))}`)
    }
    writer.destroy()
    reader.destroy()
    doc.destroy()
  })
}

/**
 * Signing originals of the starter MOU in three languages: every clause
 * confirmed in Thai and Khmer and agreed, signatories set, each party's
 * sealed original (three texts) and one text alone, timed in process.
 */
async function originals(): Promise<void> {
  await bench('signing originals', async (ctx) => {
    const { body } = await ctx.request('POST', '/api/documents', { body: { ...trilingualDocument, style: 'treaty' } })
    const documentId = body.id as string
    const [thai, khmer] = [await ctx.addMember(documentId, 'delegate', 'TH'), await ctx.addMember(documentId, 'delegate', 'KH')]
    const { body: content } = await ctx.request('GET', `/api/documents/${documentId}/content`, { token: thai.token })
    for (const clause of content.clauses as { id: string }[]) {
      for (const [lang, member] of [['th', thai], ['km', khmer]] as const) {
        await ctx.request('POST', `/api/documents/${documentId}/clauses/${clause.id}/translations/${lang}/confirm`, { token: member.token })
      }
    }
    await agreeEveryClause(ctx, documentId, thai.token, khmer.token)
    const admin = { kind: 'admin' } as const
    const revision = await ctx.server.history.create(admin, documentId, { label: 'for signature', note: '' })
    await ctx.server.desk.setSettings(admin, documentId, {
      place: { en: 'Bangkok', th: 'กรุงเทพมหานคร', km: 'បាងកក' },
      date: '2027-03-15',
      originals: 2,
      prevailingLanguage: 'en',
      signatories: { TH: { en: { name: 'Somchai Jaidee', title: 'Director-General' } }, KH: { en: { name: 'Sok Dara', title: 'Deputy Commissioner General' } } },
    })
    for (const party of ['TH', 'KH']) {
      const original = () => ctx.server.desk.exportCounterpart(admin, documentId, revision.seq, party, { lang: null, fingerprint: false, initials: false })
      await original()
      const all = await timesOf(10, original)
      record('signing originals (starter MOU, 3 languages)', `${party}'s original, three texts, sealed: median / max of 10 (target < 300 ms)`, `${ms(quantile(all, 0.5))} / ${ms(all.at(-1)!)}`)
    }
    const khmerAlone = () => ctx.server.desk.exportCounterpart(admin, documentId, revision.seq, 'KH', { lang: 'km', fingerprint: true, initials: true })
    await khmerAlone()
    const one = await timesOf(10, khmerAlone)
    record('signing originals (starter MOU, 3 languages)', 'the Khmer text alone, with fingerprint and initials: median / max of 10', `${ms(quantile(one, 0.5))} / ${ms(one.at(-1)!)}`)
  })
}

/**
 * A change the server makes (a clause's status, a clause inserted from the
 * template library, through the API: judged, stored, applied and sent) on
 * the starter MOU in three languages grown to
 * 20 and to 300 clauses: its cost should follow the change, not the
 * document (issue 19's target: 300 clauses within 1.5× of 20).
 */
async function serverChanges(changes: number): Promise<void> {
  await bench('server-made changes', async (ctx) => {
    const medians: number[] = []
    const insertMedians: number[] = []
    for (const clauses of [20, 300]) {
      const { body } = await ctx.request('POST', '/api/documents', { body: trilingualDocument })
      const documentId = body.id as string
      const { token } = await ctx.addMember(documentId, 'delegate', 'TH')
      const ids = await growDocument(ctx, documentId, clauses)
      const times: number[] = []
      for (const id of ids.slice(0, changes)) {
        const started = performance.now()
        await setStatus(ctx, documentId, id, token, 'under-negotiation')
        times.push(performance.now() - started)
      }
      times.sort((a, b) => a - b)
      medians.push(quantile(times, 0.5))
      record('server-made changes (the starter MOU in 3 languages)', `${clauses} clauses: a clause's status set through the API, median / p95 / max of ${times.length}`, `${ms(quantile(times, 0.5))} / ${ms(quantile(times, 0.95))} / ${ms(times.at(-1)!)}`)
      const inserts: number[] = []
      for (let insert = 0; insert < changes; insert++) {
        const started = performance.now()
        const { status } = await ctx.request('POST', `/api/documents/${documentId}/clauses`, { token, body: { templateId: 'costs', after: ids[insert]! } })
        if (status !== 201) throw new Error(`inserting a clause answered ${status}`)
        inserts.push(performance.now() - started)
      }
      inserts.sort((a, b) => a - b)
      insertMedians.push(quantile(inserts, 0.5))
      record('server-made changes (the starter MOU in 3 languages)', `${clauses} clauses: a clause inserted from the template library, median / p95 / max of ${inserts.length}`, `${ms(quantile(inserts, 0.5))} / ${ms(quantile(inserts, 0.95))} / ${ms(inserts.at(-1)!)}`)
    }
    record('server-made changes (the starter MOU in 3 languages)', '300 clauses against 20, medians (target ≤ 1.5×)', `a status ${(medians[1]! / medians[0]!).toFixed(2)}×, a clause inserted ${(insertMedians[1]! / insertMedians[0]!).toFixed(2)}×`)
  })
}

/**
 * Compaction of a long log: how long it takes, and the longest the event
 * loop waits meanwhile (Node's event-loop delay histogram, 1 ms
 * resolution) — the fold in the worker thread, as the server does it, and
 * in this thread, as it did. The log: `edits` keystrokes, one update each.
 */
async function compaction(edits: number): Promise<void> {
  await bench(`compaction of ${edits} edits`, async (ctx, db) => {
    const log = new UpdateLog(db)
    const writer = new Y.Doc()
    const updates: Uint8Array[] = []
    writer.on('update', (update: Uint8Array) => updates.push(update))
    const paragraph = new Y.XmlText()
    writer.getXmlFragment('prosemirror').insert(0, [paragraph])
    for (let edit = 0; edit < edits; edit++) paragraph.insert(edit % 97 === 96 ? 0 : paragraph.length, 'a')
    const folder = new FoldWorker()
    try {
      const ways: [string, () => Fold][] = [
        ['folded in the worker thread (as the server does)', () => folder.begin()],
        ['folded on the event loop (as it did)', foldHere],
      ]
      const timed = async (documentId: string, fold: () => Fold) => {
        const delay = monitorEventLoopDelay({ resolution: 1 })
        delay.enable()
        const started = performance.now()
        await log.compact(documentId, fold)
        const took = performance.now() - started
        delay.disable()
        return `${ms(took)} / ${ms(delay.max / 1e6)}`
      }
      for (const [how, fold] of ways) {
        const documentId = await ctx.createDocument()
        const tail = updates.length - 500
        for (let start = 0; start < tail; start += 5000) await log.append(updates.slice(start, Math.min(tail, start + 5000)).map((update) => ({ documentId, update, memberId: null })))
        record(`compaction (${edits} keystrokes)`, `${how}, the whole log at once: the compaction took / the event loop's longest wait (target ≤ 20 ms)`, await timed(documentId, fold))
        // The steady state: the server compacts every 500 updates, folding them into the snapshot of everything before.
        await log.append(updates.slice(tail).map((update) => ({ documentId, update, memberId: null })))
        record(`compaction (${edits} keystrokes)`, `${how}, the last 500 into the snapshot of the rest: the compaction took / the event loop's longest wait`, await timed(documentId, fold))
      }
      // A document's life: the keystrokes arrive 500 at a time, and the server folds when its compactor says the tail is due.
      const compactor = new Compactor(log, 500, createLogger('silent'), () => folder.begin())
      const policies: [string, (document: CompactedDocument) => boolean][] = [
        ['every 500 updates (as it did)', (document) => document.tailLength >= 500],
        ['when the tail is 500 updates and a sixteenth of the snapshot (as it does)', (document) => compactor.due(document)],
      ]
      for (const [policy, due] of policies) {
        const documentId = await ctx.createDocument()
        const document: CompactedDocument = { id: documentId, tailLength: 0, foldedUpdates: 0 }
        let took = 0
        let folds = 0
        for (let start = 0; start < updates.length; start += 500) {
          const batch = updates.slice(start, start + 500)
          await log.append(batch.map((update) => ({ documentId, update, memberId: null })))
          document.tailLength += batch.length
          if (!due(document)) continue
          const started = performance.now()
          document.foldedUpdates += await log.compact(documentId, () => folder.begin())
          took += performance.now() - started
          document.tailLength = 0
          folds++
        }
        record(`compaction (${edits} keystrokes)`, `the whole life, compacting ${policy}: compactions / their total time / rows left to read at the end`, `${folds} / ${ms(took)} / ${document.tailLength}`)
      }
    } finally {
      await folder.close()
    }
  })
}

/**
 * A history of `edits` by three writers, each typing at scattered places in
 * a paragraph of its own and now and then deleting a word or starting a new
 * paragraph (every 1,000 edits);
 * every edit an update of its own, as a stock client sends them.
 */
function threeWriterHistory(edits: number): Uint8Array[] {
  const updates: Uint8Array[] = []
  const writers = [new Y.Doc(), new Y.Doc(), new Y.Doc()]
  const fragment = (doc: Y.Doc) => doc.getXmlFragment('prosemirror')
  for (const writer of writers) {
    writer.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === 'peer') return
      updates.push(update)
      for (const other of writers) if (other !== writer) Y.applyUpdate(other, update, 'peer')
    })
  }
  writers.forEach((writer, index) => {
    const paragraph = new Y.XmlElement('paragraph')
    paragraph.insert(0, [new Y.XmlText()])
    fragment(writer).insert(index, [paragraph])
  })
  for (let edit = 0; edit < edits; edit++) {
    const writer = writers[edit % 3]!
    const paragraphs = fragment(writer).toArray() as Y.XmlElement[]
    const text = paragraphs[Math.min(paragraphs.length - 1, (edit % 3) + 3 * Math.floor(paragraphs.length / 3 - 1))]!.get(0) as Y.XmlText
    if (edit % 1000 === 999) {
      const paragraph = new Y.XmlElement('paragraph')
      paragraph.insert(0, [new Y.XmlText()])
      fragment(writer).push([paragraph])
    } else if (edit % 50 === 49 && text.length > 8) text.delete(text.length - 6, 5)
    else text.insert(Math.floor((((edit * 7919) % 1000) / 1000) * (text.length + 1)), edit % 6 === 5 ? ' ' : 'abcde'[edit % 5]!)
  }
  writers.forEach((writer) => writer.destroy())
  return updates
}

/**
 * Loading a compacted document (issue 19: ≤ 1.2× a bare Yjs fold of the
 * same rows): a history of `edits` stored, folded into the snapshot but for
 * its last 300 updates; then, alternately, the server loads it (its rows
 * read, the live document built) and a bare fold reads the same rows and
 * applies them to a new Y.Doc.
 */
async function coldLoad(edits: number): Promise<void> {
  await bench(`loading a compacted document of ${edits} edits`, async (ctx, db) => {
    const log = new UpdateLog(db)
    const updates = threeWriterHistory(edits)
    const documentId = await ctx.createDocument()
    const tail = updates.length - 300
    for (let start = 0; start < tail; start += 5000) await log.append(updates.slice(start, Math.min(tail, start + 5000)).map((update) => ({ documentId, update, memberId: null })))
    const folder = new FoldWorker()
    try {
      await log.compact(documentId, () => folder.begin())
    } finally {
      await folder.close()
    }
    await log.append(updates.slice(tail).map((update) => ({ documentId, update, memberId: null })))
    const { registry } = ctx.server
    const serverLoads: number[] = []
    const bareFolds: number[] = []
    for (let run = 0; run < 7; run++) {
      const holder = {}
      let started = performance.now()
      await registry.acquire(documentId, holder)
      serverLoads.push(performance.now() - started)
      registry.release(documentId, holder)
      started = performance.now()
      const stored = await log.load(documentId)
      const doc = new Y.Doc({ gc: false })
      applyUpdates(doc, stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates)
      bareFolds.push(performance.now() - started)
      doc.destroy()
      await sleep(300) // the server has unloaded it (the tests' servers do at once)
    }
    const median = (values: number[]) => quantile([...values].sort((a, b) => a - b), 0.5)
    const [server, bare] = [median(serverLoads), median(bareFolds)]
    record(`loading a compacted document (${edits} edits by three writers, the last 300 after the snapshot)`, 'the server: rows read and the live document built / a bare Yjs fold of the same rows (read + applied to a new Y.Doc), median of 7', `${ms(server)} / ${ms(bare)} (${(server / bare).toFixed(2)}×; target ≤ 1.2×)`)
  })
}

/**
 * Exports at treaty size (issue 19: a 300-clause document where 10 clauses
 * changed costs ≤ 3× the same on 20 clauses), as a meeting makes them: the
 * starter MOU in three languages grown to 20 and to 300 clauses, every
 * translation confirmed and every clause agreed, a revision; then, round
 * after round, ten clauses (spread through the text, others each round)
 * reopened, changed in all three languages, their translations confirmed
 * and agreed again, a new revision — and the first compare, redline and
 * signing original of it, the server having exported the revision before.
 * The first round warms up and is not counted; the median of the others.
 */
async function exportsAtSize(rounds: number): Promise<void> {
  await bench('exports at treaty size', async (ctx) => {
    const admin = { kind: 'admin' } as const
    const figures = new Map<string, number[]>()
    const scenario = `exports (the starter MOU in 3 languages; each round 10 clauses changed in all three, agreed again, a new revision, then its first compare, redline and original)`
    const roots = [contentFragmentName, languageFragmentName('th'), languageFragmentName('km')]
    for (const clauses of [20, 300]) {
      const { body } = await ctx.request('POST', '/api/documents', { body: trilingualDocument })
      const documentId = body.id as string
      const [thai, khmer] = [await ctx.addMember(documentId, 'delegate', 'TH'), await ctx.addMember(documentId, 'delegate', 'KH')]
      const ids = await growDocument(ctx, documentId, clauses)
      const confirm = async (clauseIds: readonly string[]) => {
        for (const id of clauseIds) {
          for (const [lang, member] of [['th', thai], ['km', khmer]] as const) await ctx.request('POST', `/api/documents/${documentId}/clauses/${id}/translations/${lang}/confirm`, { token: member.token })
        }
      }
      await confirm(ids)
      await agreeEveryClause(ctx, documentId, thai.token, khmer.token)
      let previous = await ctx.server.history.create(admin, documentId, { label: 'round 0', note: '' })
      await ctx.server.desk.exportCounterpart(admin, documentId, previous.seq, 'TH', { lang: null, fingerprint: false, initials: false })
      const times = new Map<string, number[]>()
      const measure = async (figure: string, work: () => Promise<unknown>) => {
        const started = performance.now()
        await work()
        times.set(figure, [...(times.get(figure) ?? []), performance.now() - started])
      }
      for (let round = 1; round <= rounds + 1; round++) {
        const changed = Array.from({ length: 10 }, (_, index) => ids[(Math.floor((index * ids.length) / 10) + round) % ids.length]!)
        for (const id of changed) await reopenClause(ctx, documentId, id, thai.token, khmer.token)
        const wanted = new Set(changed)
        await ctx.server.editor.change(documentId, null, (doc) => {
          for (const root of roots) {
            for (const element of doc.getXmlFragment(root).toArray()) {
              if (!(element instanceof Y.XmlElement) || !wanted.has(element.getAttribute('id') as string)) continue
              const paragraph = element.toArray().find((child): child is Y.XmlElement => child instanceof Y.XmlElement && child.nodeName === 'paragraph')
              paragraph?.toArray().find((child): child is Y.XmlText => child instanceof Y.XmlText)?.insert(0, `(${round}) `)
            }
          }
        })
        await confirm(changed)
        for (const id of changed) {
          await setStatus(ctx, documentId, id, khmer.token, 'agreed-ad-referendum')
          await setStatus(ctx, documentId, id, thai.token, 'agreed')
        }
        const next = await ctx.server.history.create(admin, documentId, { label: `round ${round}`, note: '' })
        const range = `from=${previous.seq}&to=${next.seq}`
        await measure('compare of the two revisions (JSON)', () => ctx.request('GET', `/api/documents/${documentId}/compare?${range}`))
        await measure('redline between them (DOCX with tracked changes)', () => ctx.server.comparisons.document(admin, documentId, previous.seq, next.seq))
        await measure('a signing original of the new revision (TH, three texts, sealed)', () => ctx.server.desk.exportCounterpart(admin, documentId, next.seq, 'TH', { lang: null, fingerprint: false, initials: false }))
        previous = next
      }
      for (const [figure, values] of times) {
        figures.set(figure, [...(figures.get(figure) ?? []), quantile([...values.slice(1)].sort((a, b) => a - b), 0.5)])
      }
    }
    for (const [figure, [small, large]] of figures) {
      record(scenario, `${figure}: 20 / 300 clauses, median of ${rounds} rounds (target ≤ 3×)`, `${ms(small!)} / ${ms(large!)} (${(large! / small!).toFixed(1)}×)`)
    }
  })
}

/** A text block of `text` typed by Yjs client `client`. */
const wordBlock = (text: string, client: number): TextBlock => ({ kind: 'paragraph', text, clients: Array.from(text, () => client), clocks: Array.from(text, (_, index) => index) })

/**
 * A keystroke in a party's private draft document, judged as the draft
 * room judges it (applied to the admitted copy, the types it changed
 * walked), at 5, 50 and 500 KB of drafts: its cost should follow the
 * keystroke, not the drafts.
 */
function draftChecks(keystrokes: number): void {
  process.stderr.write('private draft checks\n')
  // 40 clauses' drafts: a paragraph each of 20 words, of 240 words, ten paragraphs of 240 words.
  for (const { perClause, words } of [{ perClause: 1, words: 1 }, { perClause: 1, words: 12 }, { perClause: 10, words: 12 }]) {
    const doc = new Y.Doc()
    for (let clause = 0; clause < 40; clause++) {
      const fragment = doc.getXmlFragment(`draft:cl_${clause}`)
      for (let index = 0; index < perClause; index++) {
        const paragraph = new Y.XmlElement('paragraph')
        fragment.insert(fragment.length, [paragraph])
        const text = new Y.XmlText()
        paragraph.insert(0, [text])
        for (let chunk = 0; chunk < 20; chunk++) text.insert(text.length, 'word '.repeat(words))
      }
    }
    const admitted = new Y.Doc()
    Y.applyUpdate(admitted, Y.encodeStateAsUpdate(doc))
    const typed = (doc.getXmlFragment('draft:cl_20').get(0) as Y.XmlElement).get(0) as Y.XmlText
    const updates: Uint8Array[] = []
    doc.on('update', (update: Uint8Array) => updates.push(update))
    for (let index = 0; index < keystrokes; index++) typed.insert(10 + index, 'x')
    const times = updates.map((update) => {
      const start = performance.now()
      if (admitDraftUpdate(admitted, update)) throw new Error('a keystroke was refused')
      return performance.now() - start
    })
    times.sort((a, b) => a - b)
    const size = `${Math.round(Y.encodeStateAsUpdate(doc).length / 1024)} KiB of drafts`
    record('private drafts', `keystroke judged, ${size}: p50 / p99`, `${ms(quantile(times, 0.5))} / ${ms(quantile(times, 0.99))}`)
  }
}

/**
 * Reading a Word draft for import (the package opened, its XML parsed, the
 * body mapped onto an instrument): drafts of clauses, each a label, a
 * heading and five numbered paragraphs, up to the import's bounds (5,000
 * paragraphs, 8 MiB of main document); read on the event loop (as
 * `POST …/import` did) and in the draft reader's thread (as it does), with
 * the event loop's longest wait meanwhile.
 */
async function wordImports(runs: number): Promise<void> {
  process.stderr.write('word imports\n')
  const reader = new DraftReader()
  try {
    // The thread started (and, from the sources, tsx registered in it) before anything is timed.
    await reader.read(await longWordDraft(1, 1).bytes, 'docx', 'brackets')
    // 700 clauses make 4,903 paragraphs, near the 5,000 the import reads; the last case's long paragraphs near its 8 MiB of main document.
    for (const { clauses, sentences } of [{ clauses: 20, sentences: 3 }, { clauses: 200, sentences: 3 }, { clauses: 700, sentences: 3 }, { clauses: 700, sentences: 14 }]) {
      const file = longWordDraft(clauses, sentences)
      const bytes = await file.bytes
      const xml = Object.entries(readZip(bytes)).reduce((sum, [name, data]) => sum + (name.endsWith('.xml') ? data.length : 0), 0)
      const ways: [string, () => Promise<ImportedDraft>][] = [
        ['on the event loop (as it was)', async () => readWordDraft(bytes, 'brackets')],
        ['in the reader\'s thread (as it is)', () => reader.read(bytes, 'docx', 'brackets')],
      ]
      for (const [how, read] of ways) {
        const times: number[] = []
        const delay = monitorEventLoopDelay({ resolution: 1 })
        delay.enable()
        for (let run = 0; run < runs; run++) {
          const start = performance.now()
          const draft = await read()
          times.push(performance.now() - start)
          // A turn of the loop's timers, so that a wait the read caused is sampled.
          await sleep(5)
          if (draft.texts[0]!.clauses.length !== clauses) throw new Error(`read ${draft.texts[0]!.clauses.length} clauses of ${clauses}`)
        }
        delay.disable()
        times.sort((a, b) => a - b)
        record('word imports', `${clauses} clauses, ${file.paragraphs} paragraphs, ${mib(xml)} of XML, ${how}: read p50 / max / the event loop's longest wait`, `${ms(quantile(times, 0.5))} / ${ms(times.at(-1)!)} / ${ms(delay.max / 1e6)}`)
      }
    }
  } finally {
    await reader.close()
  }
}

/** Filled in by the `compare` scenario. */
const sideBySide: { result: Awaited<ReturnType<typeof runSideBySide>> | null } = { result: null }
const quick = process.argv.includes('--quick')

const scenarios: Record<string, () => Promise<void>> = {
  compare: async () => {
    process.stderr.write('side by side with the reference servers\n')
    const admin = new pg.Client({ connectionString: benchDatabaseUrl, connectionTimeoutMillis: 3000 })
    const reachable = await admin.connect().then(
      () => true,
      () => false,
    )
    await admin.end().catch(() => {})
    const parts = new Set(process.argv.slice(2).filter((arg): arg is SideBySidePart => (sideBySideParts as readonly string[]).includes(arg)))
    sideBySide.result = await runSideBySide({ repeat: quick ? 1 : 3, scale: quick ? 5 : 1, databaseUrl: reachable ? benchDatabaseUrl : null, parts, log: (line) => process.stderr.write(`${line}\n`) })
  },
  domain: () => domain(36),
  locks: () => lockCheck(2000),
  hostile: () => hostileInput(),
  groupcommit: () => groupCommitAlone(20, 5),
  languages: () => languages(quick ? 50 : 300),
  originals: () => originals(),
  serverChanges: () => serverChanges(20),
  compaction: () => compaction(quick ? 20_000 : 100_000),
  coldLoad: () => coldLoad(quick ? 20_000 : 200_000),
  exports: () => exportsAtSize(quick ? 3 : 7),
  drafts: async () => draftChecks(quick ? 200 : 2000),
  imports: () => wordImports(quick ? 2 : 5),
  // The server keeps a document in memory as long as a deployment does (the tests' servers unload it at once).
  timeToText: () => bench('time to text in Chromium', (server) => timeToText(server, { runs: quick ? 5 : 20, keystrokes: quick ? 30 : 200, record, log: (line) => process.stderr.write(`${line}\n`) }), { unloadDelayMs: readConfig({}).unloadDelayMs }),
  // Three instances and HAProxy in processes of their own, killed and restarted (about 4 minutes): named only, never in the full run.
  cluster: async () => {
    const admin = new pg.Client({ connectionString: benchDatabaseUrl, connectionTimeoutMillis: 3000 })
    await admin.connect().catch((error: Error) => {
      throw new Error(`the cluster scenario needs PostgreSQL at ${benchDatabaseUrl} (the instances share one database): ${error.message}`)
    })
    databaseLabel ||= `PostgreSQL ${(await admin.query('SHOW server_version')).rows[0].server_version} on loopback (the cluster scenario: every server a process of its own, the clients here)`
    await admin.end()
    await clusterBench({
      databaseUrl: benchDatabaseUrl,
      writes: quick ? 200 : 500,
      rate: 20,
      readers: 20,
      fanoutRounds: quick ? 1 : 2,
      failoverClients: 10,
      failoverRounds: quick ? 2 : 5,
      record,
      log: (line) => process.stderr.write(`${line}\n`),
    })
  },
}
/** Scenarios run only when named: they need more than the full run does (the cluster: PostgreSQL and HAProxy). */
const namedOnly = new Set(['cluster'])

const chosen = process.argv.slice(2).filter((arg) => arg in scenarios)
// Naming a part of the side-by-side run (fanout, throughput, load, memory) runs that part of it.
if (process.argv.slice(2).some((arg) => (sideBySideParts as readonly string[]).includes(arg)) && !chosen.includes('compare')) chosen.unshift('compare')
for (const name of chosen.length > 0 ? chosen : Object.keys(scenarios).filter((name) => !namedOnly.has(name))) await scenarios[name]!()

const versionOf = (name: string) => (JSON.parse(fs.readFileSync(path.join(projectRoot(), 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version
const cpu = os.cpus()[0]?.model ?? 'unknown CPU'
const report: string[] = [
  `# Counterpart benchmarks — ${new Date().toISOString().slice(0, 10)}`,
  '',
  `Machine: ${os.cpus().length} × ${cpu}, ${mib(os.totalmem())} RAM, ${os.type()} ${os.release()}, Node ${process.version}.`,
  `Versions: yjs ${versionOf('yjs')}, y-websocket ${versionOf('y-websocket')} (the clients), @y/websocket-server ${versionOf('@y/websocket-server')}, @hocuspocus/server ${versionOf('@hocuspocus/server')}.`,
  `Command: \`npm run bench${chosen.length > 0 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\`.`,
  '',
]
if (sideBySide.result) {
  report.push(
    '## Side by side with the reference servers',
    '',
    'Every server in a child process of its own; the stock clients (y-websocket providers; Hocuspocus\'s own provider for Hocuspocus) in the benchmark process (the throughput writers in threads of their own, the cold load\'s fresh client in a process of its own), on loopback. ' +
      `Latency and cold-load figures are medians of ${quick ? 1 : 3} alternating runs; ratios are Counterpart's figure divided by the other server's (below 1: Counterpart is lower). ` +
      'Counterpart stores every update in the database before any other client sees it; the in-memory servers keep nothing, and the LevelDB one writes behind.',
    '',
    sideBySideTable(sideBySide.result.figures),
    '',
  )
}
if (rows.length > 0) {
  report.push(
    '## Counterpart on its own',
    '',
    `Server and clients share one process, except in the cluster scenario (each instance a process of its own); database: ${databaseLabel}.`,
    '',
    '| scenario | figure | value |',
    '|---|---|---|',
    ...rows.map((row) => `| ${row.scenario} | ${row.figure} | ${row.value} |`),
    '',
  )
}
const markdown = report.join('\n')
console.log(`\n${markdown}`)
// A full run is kept in the repository, so that regressions show in its history.
if (chosen.length === 0 && !quick) {
  fs.mkdirSync(path.join(projectRoot(), 'docs'), { recursive: true })
  fs.writeFileSync(path.join(projectRoot(), 'docs', 'benchmarks.md'), markdown)
}
process.exit(0)
