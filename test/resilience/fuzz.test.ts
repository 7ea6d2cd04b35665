/**
 * Seeded fuzzing of both doors into the server: the collaboration socket
 * (valid y-websocket messages carrying real Yjs edits, and mutations of
 * them) and the JSON API (malformed bodies, content types and path
 * parameters). The seed is in each test's name; set COUNTERPART_FUZZ_SEED
 * to run another, or the same one again.
 */

import { createHash } from 'node:crypto'
import http from 'node:http'
import zlib from 'node:zlib'
import { zipSync } from 'fflate'
import * as encoding from 'lib0/encoding'
import * as prng from 'lib0/prng'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { encodeAwarenessUpdate } from '../../server/protocol/awarenessUpdate.js'
import { messageAwareness, messageQueryAwareness, messageSync, syncStep1, syncStep2, syncUpdate } from '../../server/protocol/message.js'
import type { LiveDocument } from '../../server/engine/liveDocument.js'
import { sealPackage, sealPlaceholder } from '../../server/export/seal.js'
import { packZip, writeZip } from '../../server/export/zipArchive.js'
import type { Database } from '../../server/storage/database.js'
import { clauseById, clauseElements, clauseTexts } from '../support/clauseEditing.js'
import { connectClient, type TestClient } from '../support/collabClient.js'
import { eventually, sleep } from '../support/eventually.js'
import { useServer } from '../support/fixtures.js'
import { assemble, mutateFrame, mutatePayload, ProbingSocket, type FrameOutcome, type MessageParts, type WireFrame } from '../support/frameFuzzing.js'
import { setAttributeAs } from '../support/gateReplicas.js'
import { setStatus } from '../support/negotiation.js'
import { chance, createRandom, randomInt, type Random } from '../support/randomEdits.js'
import { expectConverged, storedReplica } from '../support/replicas.js'
import { brokenJson, jsonText, mutateBody, oddQueryValue, oddSegment, pollutionMarker, RawJson, rawRequest, sendRaw, sendRequest, type Answer, type WireRequest } from '../support/requestFuzzing.js'
import { cambodianParty, testSealKey, thaiParty, trilingualDocument, type TestServer } from '../support/testServer.js'

const seed = Number(process.env.COUNTERPART_FUZZ_SEED ?? 20_240_917)
const maxMessageBytes = 64 * 1024
const maxBodyBytes = 256 * 1024

const fixture = useServer({ maxMessageBytes, maxBodyBytes })
let database: Database
let server: TestServer

beforeAll(() => {
  ;({ database, server } = fixture)
})

async function liveDocument(documentId: string): Promise<LiveDocument> {
  const live = await server.server.registry.peek(documentId)
  if (!live) throw new Error(`document ${documentId} is not loaded`)
  return live
}

const lockedStatuses = new Set(['agreed', 'agreed-ad-referendum'])
/** The stock clients were never closed nor denied, and are connected still. */
function expectNeverClosedOrDenied(clients: TestClient[]): void {
  for (const client of clients) {
    expect(client.closes).toEqual([])
    expect(client.denials).toEqual([])
    expect(client.provider.wsconnected).toBe(true)
  }
}

const isLocked = (clause: Y.XmlElement) => lockedStatuses.has(String(clause.getAttribute('status')))

/**
 * The text every client inserted, per Yjs client in clock order, deleted
 * text included (garbage collection is off): a marker typed in one insert
 * is found whole even after others typed inside it or deleted it.
 */
function insertedText(doc: Y.Doc): string {
  const runs: string[] = []
  for (const structs of doc.store.clients.values()) {
    let run = ''
    for (const struct of structs) if (struct instanceof Y.Item && struct.content instanceof Y.ContentString) run += struct.content.str
    runs.push(run)
  }
  return runs.join('\u0001')
}

describe('WebSocket protocol fuzz', () => {
  /**
   * Frames per lane; lanes run side by side, each on its own sockets with its
   * own seeded stream. Every frame is sent and judged, however long a loaded
   * machine takes: the timeout is generous (the lanes took 33 s on the
   * two-core test machine).
   */
  const lanes = 3
  const framesPerLane = 1000
  const allowedCloseCodes = [4400, 4403, 4409, 4413, 1009]

  let documentId: string
  let fuzzerToken: string
  let lockedClauseId: string
  let thai: TestClient
  let khmer: TestClient
  let before: { locked: string; statuses: Map<string, unknown> }

  type Kind =
    | 'edit'
    | 'paragraph'
    | 'format'
    | 'locked-edit'
    | 'status-write'
    | 'foreign-bracket'
    | 'malformed-structure'
    | 'server-owned'
    | 'shadow-clause'
    | 'gap'
    | 'forged-client'
    | 'sync-step-1'
    | 'awareness'
    | 'foreign-awareness'
    | 'query-awareness'

  interface FrameRecord {
    lane: number
    index: number
    kind: Kind
    /** Null for a frame sent as generated. */
    mutation: string | null
    /** Text typed by the frame's edit, unique to it. */
    marker: string | null
    outcome: FrameOutcome
  }
  const records: FrameRecord[] = []

  beforeAll(async () => {
    documentId = await server.draftDocument('anti-trafficking-mou')
    fuzzerToken = (await server.addMember(documentId, 'delegate', 'TH', 'fuzzer')).token
    const thaiToken = (await server.addMember(documentId, 'delegate', 'TH')).token
    const khmerToken = (await server.addMember(documentId, 'delegate', 'KH')).token
    const { body } = await server.request('GET', `/api/documents/${documentId}/content`)
    lockedClauseId = body.clauses[1].id
    await setStatus(server, documentId, lockedClauseId, thaiToken, 'under-negotiation')
    await setStatus(server, documentId, lockedClauseId, khmerToken, 'agreed-ad-referendum')
    thai = connectClient(server.collabUrl, documentId, thaiToken)
    khmer = connectClient(server.collabUrl, documentId, khmerToken)
    await Promise.all([thai.synced(), khmer.synced()])
    const fragment = (await liveDocument(documentId)).doc.getXmlFragment('prosemirror')
    before = {
      locked: clauseById(fragment, lockedClauseId).toString(),
      statuses: new Map(clauseElements(fragment).map((clause) => [clause.getAttribute('id') as string, clause.getAttribute('status')])),
    }
  })

  afterAll(() => {
    thai?.destroy()
    khmer?.destroy()
  })

  /** A stock client typing and deleting words in the unlocked clauses, as a delegate would. */
  function stockEdit(random: Random, client: TestClient): void {
    const clauses = clauseElements(client.fragment).filter((clause) => !isLocked(clause))
    if (clauses.length === 0) return
    const texts = clauseTexts(prng.oneOf(random, clauses))
    if (texts.length === 0) return
    const text = prng.oneOf(random, texts)
    if (text.length > 20 && chance(random, 0.3)) {
      const at = randomInt(random, 0, text.length - 1)
      text.delete(at, Math.min(randomInt(random, 1, 6), text.length - at))
    } else {
      text.insert(randomInt(random, 0, text.length), `${prng.word(random, 2, 8)} `)
    }
  }

  /** The server's state, settled, as an update to build edits on, with the clauses it holds. */
  async function baseState(): Promise<Uint8Array> {
    const live = await liveDocument(documentId)
    await live.settle()
    return Y.encodeStateAsUpdate(live.doc)
  }

  const syncParts = (step: number, payload: Uint8Array): MessageParts => ({ header: [messageSync, step], payload })

  /**
   * One well-formed message of `kind` from the fuzzer (a TH delegate):
   * edits are made by a real Y.Doc holding the server's state, under a
   * Yjs client id of its own, and sent as update or sync step 2 messages.
   */
  function generate(random: Random, kind: Kind, base: Uint8Array, marker: string, awarenessId: { id: number; clock: number }): MessageParts {
    switch (kind) {
      case 'sync-step-1': {
        const roll = randomInt(random, 0, 2)
        if (roll === 0) return syncParts(syncStep1, new Uint8Array([0]))
        const doc = new Y.Doc()
        Y.applyUpdate(doc, base)
        const stateVector = Y.encodeStateVector(doc)
        doc.destroy()
        if (roll === 1) return syncParts(syncStep1, stateVector)
        const map = Y.decodeStateVector(stateVector)
        for (const client of [...map.keys()]) if (chance(random, 0.5)) map.delete(client)
        map.set(prng.uint32(random, 1, 2 ** 31), randomInt(random, 0, 1000))
        const encoder = encoding.createEncoder()
        encoding.writeVarUint(encoder, map.size)
        for (const [client, clock] of map) {
          encoding.writeVarUint(encoder, client)
          encoding.writeVarUint(encoder, clock)
        }
        return syncParts(syncStep1, encoding.toUint8Array(encoder))
      }
      case 'awareness':
      case 'foreign-awareness': {
        const clientId = kind === 'awareness' ? awarenessId.id : prng.oneOf(random, [thai.doc.clientID, khmer.doc.clientID])
        const state = chance(random, 0.1)
          ? null
          : {
              cursor: chance(random, 0.5) ? null : { anchor: { type: { client: 1, clock: randomInt(random, 0, 50) }, tname: null, item: null, assoc: 0 }, head: null },
              user: { name: 'someone else entirely', party: 'KH', color: '#000' },
              typing: prng.word(random, 0, 30),
            }
        return { header: [messageAwareness], payload: encodeAwarenessUpdate([{ clientId, clock: ++awarenessId.clock, state }]) }
      }
      case 'query-awareness':
        return { header: [messageQueryAwareness], payload: null }
    }
    // An edit by a real Y.Doc: the server's state, and a Yjs client id never seen.
    const doc = new Y.Doc({ gc: false })
    Y.applyUpdate(doc, base)
    const known = Y.decodeStateVector(Y.encodeStateVector(doc))
    do doc.clientID = prng.uint32(random, 1, 2 ** 32 - 1)
    while (known.has(doc.clientID))
    if (kind === 'forged-client') doc.clientID = prng.oneOf(random, [thai.doc.clientID, khmer.doc.clientID])
    const fragment = doc.getXmlFragment('prosemirror')
    const clauses = clauseElements(fragment)
    const locked = clauses.find((clause) => clause.getAttribute('id') === lockedClauseId)!
    const unlocked = clauses.filter((clause) => !isLocked(clause) && clauseTexts(clause).some((text) => text.length > 0))
    const clause = kind === 'locked-edit' ? locked : prng.oneOf(random, unlocked)
    const texts = clauseTexts(clause).filter((text) => text.length > 0)
    const text = prng.oneOf(random, texts)
    if (kind === 'gap') text.insert(0, 'never sent ')
    const updates: Uint8Array[] = []
    doc.on('update', (update: Uint8Array) => updates.push(update))
    doc.transact(() => {
      switch (kind) {
        case 'paragraph': {
          const paragraph = new Y.XmlElement('paragraph')
          paragraph.insert(0, [new Y.XmlText(`${marker} `)])
          clause.insert(randomInt(random, 1, clause.length), [paragraph])
          break
        }
        case 'format':
          text.format(randomInt(random, 0, text.length - 1), randomInt(random, 1, 5), { strong: {} })
          text.insert(randomInt(random, 0, text.length), `${marker} `)
          break
        case 'status-write':
          clause.setAttribute('status', prng.oneOf(random, ['agreed', 'agreed-ad-referendum', 'draft']))
          text.insert(0, `${marker} `)
          break
        case 'foreign-bracket':
          text.insert(0, `${marker} `, { bracket: { id: `b${marker}`, owner: 'KH', alt: 0 } })
          break
        case 'malformed-structure':
          text.insert(0, `${marker} `)
          malformStructure(random, fragment, clause)
          break
        case 'server-owned':
          text.insert(0, `${marker} `)
          writeServerOwned(random, doc, fragment, clause)
          break
        case 'shadow-clause':
          text.insert(0, `${marker} `)
          fragment.insert(randomInt(random, 2, fragment.length - 1), [newClause(prng.oneOf(random, clauses).getAttribute('id') as string, marker)])
          break
        default: {
          if (chance(random, 0.3) && text.length > 10) {
            const at = randomInt(random, 0, text.length - 2)
            text.delete(at, Math.min(randomInt(random, 1, 5), text.length - at))
          }
          text.insert(randomInt(random, 0, text.length), `${marker} `)
        }
      }
    })
    doc.destroy()
    return syncParts(chance(random, 0.3) ? syncStep2 : syncUpdate, updates.at(-1)!)
  }

  /** A new clause with `id`, holding `marker`. */
  const newClause = (id: string, marker: string) => {
    const clause = new Y.XmlElement('clause')
    clause.setAttribute('id', id)
    const heading = new Y.XmlElement('clause_heading')
    heading.insert(0, [new Y.XmlText('Forged')])
    const paragraph = new Y.XmlElement('paragraph')
    paragraph.insert(0, [new Y.XmlText(`${marker} `)])
    clause.insert(0, [heading, paragraph])
    return clause
  }

  /** One of the shapes the schema does not allow, put somewhere a client can write (the gate answers 4400). */
  function malformStructure(random: Random, fragment: Y.XmlFragment, clause: Y.XmlElement): void {
    const paragraph = clause.toArray().find((child): child is Y.XmlElement => child instanceof Y.XmlElement && child.nodeName !== 'clause_heading')!
    switch (randomInt(random, 0, 6)) {
      case 0:
        return fragment.insert(randomInt(random, 0, fragment.length), ['poison' as unknown as Y.XmlText])
      case 1:
        return fragment.insert(randomInt(random, 0, fragment.length), [new Y.XmlText('poison')])
      case 2:
        return (clause.get(0) as Y.XmlElement).insert(0, ['poison' as unknown as Y.XmlText])
      case 3:
        return paragraph.insert(0, [new Y.XmlElement(prng.oneOf(random, ['script', 'clause', 'title', 'Paragraph']))])
      case 4: {
        let parent = paragraph
        for (let level = randomInt(random, 2, 300); level > 0; level--) {
          const child = new Y.XmlElement('paragraph')
          parent.insert(0, [child])
          parent = child
        }
        return
      }
      case 5: {
        const text = clauseTexts(clause).find((candidate) => candidate.length > 0)!
        return text.format(0, 1, { [`bracket--${prng.word(random, 4, 8)}`]: { id: 'br-forged', owner: 'TH', alt: 0 } })
      }
      default: {
        // A new clause whose status is written as ContentJSON, which the earlier guard read as nothing.
        const forged = newClause(`cl_fz${randomInt(random, 0, 1e9)}`, 'forged')
        fragment.insert(2, [forged])
        setAttributeAs(forged, 'status', 'agreed', (value) => (chance(random, 0.5) ? new Y.ContentJSON([value]) : new Y.ContentEmbed({ value })))
      }
    }
  }

  /** A write of what only the server writes (the gate answers 4403). */
  function writeServerOwned(random: Random, doc: Y.Doc, fragment: Y.XmlFragment, clause: Y.XmlElement): void {
    switch (randomInt(random, 0, 3)) {
      case 0:
        return clause.setAttribute('agreedBy', '[{"party":"TH"},{"party":"KH"}]')
      case 1:
        return clause.setAttribute('reopenRequest', '{"party":"KH"}')
      case 2:
        doc.getMap('negotiation').set(`br-${randomInt(random, 0, 99)}`, '{"awaiting":[]}')
        return
      default: {
        const forged = newClause(`cl_fz${randomInt(random, 0, 1e9)}`, 'forged')
        forged.setAttribute('status', prng.oneOf(random, ['agreed', 'agreed-ad-referendum', 'under-negotiation']))
        return fragment.insert(2, [forged])
      }
    }
  }

  const kinds: [Kind, number][] = [
    ['edit', 30],
    ['paragraph', 5],
    ['format', 4],
    ['locked-edit', 8],
    ['status-write', 4],
    ['foreign-bracket', 3],
    ['malformed-structure', 6],
    ['server-owned', 4],
    ['shadow-clause', 2],
    ['gap', 5],
    ['forged-client', 4],
    ['sync-step-1', 8],
    ['awareness', 12],
    ['foreign-awareness', 3],
    ['query-awareness', 4],
  ]
  const totalWeight = kinds.reduce((sum, [, weight]) => sum + weight, 0)
  function pickKind(random: Random): Kind {
    let roll = randomInt(random, 0, totalWeight - 1)
    for (const [kind, weight] of kinds) {
      if (roll < weight) return kind
      roll -= weight
    }
    throw new Error('unreachable')
  }

  async function runLane(lane: number): Promise<void> {
    const random = createRandom(seed + lane * 7_777)
    const awarenessId = { id: prng.uint32(random, 1, 2 ** 31), clock: 0 }
    let socket: ProbingSocket | null = null
    let base = await baseState()
    let previous = assemble({ header: [messageQueryAwareness], payload: null })
    for (let index = 0; index < framesPerLane; index++) {
      if (index % 25 === 24) base = await baseState()
      const kind = pickKind(random)
      // The hash keeps a bit flip in another frame's marker from spelling this one.
      const marker = `fz${lane}x${index}q${createHash('sha256').update(`${seed}:${lane}:${index}`).digest('hex').slice(0, 8)}`
      let parts: MessageParts
      try {
        parts = generate(random, kind, base, marker, awarenessId)
      } catch (error) {
        throw new Error(`generate ${kind} failed: ${(error as Error).message}`)
      }
      const roll = randomInt(random, 0, 99)
      let frame: WireFrame
      let mutation: string | null = null
      if (roll < 25) frame = assemble(parts)
      else if (roll < 65) ({ frame, name: mutation } = mutatePayload(random, parts))
      else ({ frame, name: mutation } = mutateFrame(random, parts, previous, maxMessageBytes))
      previous = assemble(parts)
      if (socket === null || !socket.isOpen) socket = await ProbingSocket.open(server.collabUrl, documentId, fuzzerToken)
      const outcome: FrameOutcome = await socket.send(frame)
      records.push({ lane, index, kind, mutation, marker: /edit|paragraph|format|write|bracket|gap|forged|structure|owned|shadow/.test(kind) ? marker : null, outcome })
    }
    socket?.close()
  }

  const describeRecord = (record: FrameRecord) =>
    `lane ${record.lane} frame ${record.index} (${record.kind}${record.mutation ? `, ${record.mutation}` : ''}): ${
      record.outcome.closed ? `closed ${record.outcome.code} ${record.outcome.reason}` : 'kept open'
    }`

  it(`with seed ${seed}, every one of ${lanes * framesPerLane} random and mutated frames from an editor is answered or refused with a 44xx close, and each valid one gets its verdict`, async () => {
    const started = Date.now()
    let editing = true
    const stockRandom = createRandom(seed + 1)
    const stockEditing = (async () => {
      while (editing) {
        stockEdit(stockRandom, prng.bool(stockRandom) ? thai : khmer)
        await sleep(randomInt(stockRandom, 5, 30))
      }
    })()
    try {
      await Promise.all(Array.from({ length: lanes }, (_, lane) => runLane(lane)))
    } finally {
      editing = false
      await stockEditing
    }
    const elapsedMs = Date.now() - started

    // Every frame of every lane was sent and judged: kept open after a ping, or closed.
    const judged = Array.from({ length: lanes }, (_, lane) => records.filter((record) => record.lane === lane).length)
    expect(judged, 'frames judged in each lane').toEqual(Array.from({ length: lanes }, () => framesPerLane))
    const closes = records.filter((record) => record.outcome.closed)
    const codeOf = (record: FrameRecord) => (record.outcome.closed ? record.outcome.code : null)
    expect(closes.filter((record) => !allowedCloseCodes.includes(codeOf(record)!)).map(describeRecord)).toEqual([])

    const expected: Record<Kind, (number | null)[]> = {
      edit: [null],
      paragraph: [null],
      format: [null],
      'locked-edit': [4409],
      'status-write': [4403],
      'foreign-bracket': [4403],
      'malformed-structure': [4400],
      'server-owned': [4403],
      'shadow-clause': [4409],
      // Builds on text the server never saw: dropped unstored, and the sender is asked (sync step 1) for what the server lacks.
      gap: [null],
      // Already superseded by the stock client's own edits at those clocks: dropped as known.
      'forged-client': [4403, null],
      'sync-step-1': [null],
      awareness: [null],
      'foreign-awareness': [null],
      'query-awareness': [null],
    }
    const unmutated = records.filter((record) => record.mutation === null)
    expect(unmutated.filter((record) => !expected[record.kind].includes(codeOf(record))).map(describeRecord)).toEqual([])

    // The fuzz reached every verdict, and some mutated updates got through the gate.
    const codes = new Set(closes.map(codeOf))
    for (const code of [4400, 4403, 4409, 4413]) expect(codes).toContain(code)
    const mutatedAccepted = records.filter((record) => record.mutation?.startsWith('payload') && record.marker !== null && !record.outcome.closed)
    expect(mutatedAccepted.length).toBeGreaterThan(0)
    const byCode = [...codes].sort().map((code) => `${code ?? 'open'}: ${records.filter((record) => codeOf(record) === code).length}`)
    console.info(
      `[fuzz] seed ${seed}: ${records.length} frames in ${elapsedMs} ms; kept open ${records.length - closes.length}, ${byCode.join(', ')}; ` +
        `${mutatedAccepted.length} mutated updates kept open`,
    )
  }, 600_000)

  it('leaves the stock clients connected throughout: never closed, never denied', () => {
    expectNeverClosedOrDenied([thai, khmer])
  })

  it('ends with every replica identical: the stock clients, the live document, the stored one, and a client connecting afresh', async () => {
    const live = await liveDocument(documentId)
    await eventually(async () => expectConverged([thai.doc, khmer.doc, live.doc, await storedReplica(database, documentId)]))
    const late = connectClient(server.collabUrl, documentId, (await server.addMember(documentId, 'legal', 'KH')).token)
    try {
      await late.synced()
      await eventually(() => expectConverged([late.doc, live.doc]))
    } finally {
      late.destroy()
    }
  })

  it('stores nothing typed in a refused frame, and everything typed in a valid one that was accepted', async () => {
    const stored = insertedText(await storedReplica(database, documentId))
    const refused = records.filter((record) => record.marker !== null && record.outcome.closed)
    expect(refused.length).toBeGreaterThan(100)
    expect(refused.filter((record) => stored.includes(record.marker!)).map(describeRecord)).toEqual([])
    // Valid edits that must be refused, or dropped as known, whatever happened to the socket.
    const neverStored = records.filter((record) => record.mutation === null && /locked|status|bracket|gap|forged|structure|owned|shadow/.test(record.kind))
    expect(neverStored.filter((record) => stored.includes(record.marker!)).map(describeRecord)).toEqual([])
    const accepted = records.filter((record) => record.mutation === null && ['edit', 'paragraph', 'format'].includes(record.kind))
    expect(accepted.length).toBeGreaterThan(50)
    expect(accepted.filter((record) => !stored.includes(record.marker!)).map(describeRecord)).toEqual([])
  })

  it('keeps the locked clause and every clause status exactly as they were', async () => {
    for (const doc of [(await liveDocument(documentId)).doc, await storedReplica(database, documentId)]) {
      const fragment = doc.getXmlFragment('prosemirror')
      expect(clauseById(fragment, lockedClauseId).toString()).toBe(before.locked)
      for (const clause of clauseElements(fragment)) {
        const id = clause.getAttribute('id') as string
        if (before.statuses.has(id)) expect(clause.getAttribute('status')).toBe(before.statuses.get(id))
        else expect(lockedStatuses.has(String(clause.getAttribute('status')))).toBe(false)
      }
    }
  })

  it('still serves the fuzzed document: its content, a revision of it, and the health check', async () => {
    const content = await server.request('GET', `/api/documents/${documentId}/content`)
    expect(content.status).toBe(200)
    expect(content.body.clauses.find((clause: { id: string }) => clause.id === lockedClauseId).status).toBe('agreed-ad-referendum')
    expect((await server.request('POST', `/api/documents/${documentId}/revisions`, { body: { label: 'after the fuzz' } })).status).toBe(201)
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
  })
})

describe('REST fuzz', () => {
  /**
   * Requests in the run, every one sent and judged however long a loaded
   * machine takes: the timeout is generous (they took 34 s on the
   * two-core test machine).
   */
  const requestCount = 2_500

  type Role = 'admin' | 'secretariat' | 'thDelegate' | 'khDelegate' | 'observer'
  const roleWeights: [Role, number][] = [
    ['secretariat', 3],
    ['thDelegate', 3],
    ['khDelegate', 1],
    ['observer', 2],
    ['admin', 2],
  ]

  interface Route {
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
    /** With `:name` parameters, filled from `paramValues`. */
    path: string
    /** A valid body, when the route reads a JSON one. */
    body?: (random: Random) => Record<string, unknown>
    /** Reads the raw bytes as a file (POST /api/verify). */
    file?: true
    /** Query parameters it reads, with valid values. */
    query?: Record<string, readonly string[]>
    /** A success may change a document's Yjs state. */
    edits?: true
    /** Needs no token. */
    open?: true
  }

  /** What an answer may be: the application's, Node's HTTP parser's (framing it refuses), or none (a body cut off). */
  type Expectation = 'app' | 'parser' | 'cut'

  interface Planned {
    route: Route
    as: Role | 'nobody'
    notes: string[]
    expect: Expectation
    request: WireRequest | { raw: Buffer; halfClose: boolean; method: string; path: string }
  }

  interface RestRecord {
    index: number
    route: Route
    as: string
    method: string
    path: string
    notes: string[]
    expect: Expectation
    answer: Answer
    /** How long the answer took. */
    ms: number
    /** Tracked documents whose Yjs state changed while this request was answered. */
    changed: string[]
  }

  let victimId: string
  let bystanderId: string
  const tokens = {} as Record<Role, string>
  let clauseIds: string[]
  let expendableMemberIds: string[]
  let threadId: string
  let bracketIds: string[]
  let anchors: { from: unknown; to: unknown }
  /** Real ids of every kind, for path segments of the wrong kind. */
  let otherIds: string[]
  let victimTypist: TestClient
  let bystanderTypist: TestClient
  let typistClauses: Map<string, string>
  let documentsBefore: unknown[]
  const tracked = new Map<string, string>()
  /** Every Yjs client id the typists typed under (Yjs may give a document a new one). */
  const typistClients = new Set<number>()
  const records: RestRecord[] = []

  /**
   * A document's Yjs state, leaving out the typists' own structs: the state
   * vector and the delete set without their client ids. Their text can be
   * deleted without anyone deleting it (typed into a clause a restore has
   * just replaced, it arrives deleted); the fuzz never names their clause,
   * and every change the server makes adds structs under a client id of
   * its own, so what a request changes still shows.
   */
  function fingerprint(doc: Y.Doc): string {
    const snapshot = Y.snapshot(doc)
    const clocks = [...snapshot.sv].filter(([client]) => !typistClients.has(client)).sort(([a], [b]) => a - b)
    const deleted = Y.createDeleteSet()
    for (const [client, items] of snapshot.ds.clients) if (!typistClients.has(client)) deleted.clients.set(client, items)
    const deletions = Buffer.from(Y.encodeSnapshot(Y.createSnapshot(deleted, new Map()))).toString('base64')
    return `${clocks.map(([client, clock]) => `${client}:${clock}`).join(' ')} | deletions ${deletions}`
  }

  /** What differs between two fingerprints, for failure messages. */
  function difference(before: string, after: string): string {
    const [clocksBefore, deletionsBefore] = before.split(' | ')
    const [clocksAfter, deletionsAfter] = after.split(' | ')
    const old = new Set(clocksBefore!.split(' '))
    const changes = clocksAfter!.split(' ').filter((entry) => entry !== '' && !old.has(entry))
    return [...(changes.length > 0 ? [`client:clock ${changes.join(' ')}`] : []), ...(deletionsBefore !== deletionsAfter ? ['deletions'] : [])].join(', ')
  }

  async function liveFingerprint(documentId: string): Promise<string> {
    const live = await server.server.registry.peek(documentId)
    return fingerprint(live ? live.doc : await storedReplica(database, documentId))
  }

  const randomWeighted = <T,>(random: Random, weighted: [T, number][]): T => {
    let roll = randomInt(random, 0, weighted.reduce((sum, [, weight]) => sum + weight, 0) - 1)
    for (const [value, weight] of weighted) {
      if (roll < weight) return value
      roll -= weight
    }
    throw new Error('unreachable')
  }

  const statuses = ['under-negotiation', 'agreed-ad-referendum', 'agreed', 'draft']
  const routes: Route[] = [
    { method: 'GET', path: '/api/seal/public-key', open: true },
    { method: 'POST', path: '/api/verify', file: true, open: true },
    { method: 'GET', path: '/api/session' },
    {
      method: 'POST',
      path: '/api/documents',
      body: (random) =>
        chance(random, 0.5)
          ? { title: 'A fuzzed memorandum', parties: [thaiParty, cambodianParty] }
          : {
              template: 'anti-trafficking-mou',
              style: prng.oneOf(random, ['mou', 'treaty']),
              variables: { place: 'Phnom Penh', duration: { years: 3 } },
              parties: [thaiParty, cambodianParty],
            },
    },
    { method: 'GET', path: '/api/documents' },
    { method: 'GET', path: '/api/documents/:documentId' },
    { method: 'PUT', path: '/api/documents/:documentId/settings', body: (random) => ({ fullAgreementBy: prng.oneOf(random, ['delegates', 'heads']) }) },
    {
      method: 'POST',
      path: '/api/documents/:documentId/members',
      body: (random) => (chance(random, 0.5) ? { name: 'Fuzzed observer', party: null, role: 'observer' } : { name: 'Fuzzed delegate', party: 'KH', role: 'delegate' }),
    },
    { method: 'GET', path: '/api/documents/:documentId/members' },
    {
      method: 'PATCH',
      path: '/api/documents/:documentId/members/:memberId',
      body: (random) => ({ role: prng.oneOf(random, ['observer', 'delegate', 'legal', 'head', 'secretariat']) }),
    },
    { method: 'DELETE', path: '/api/documents/:documentId/members/:memberId' },
    { method: 'GET', path: '/api/documents/:documentId/content' },
    { method: 'GET', path: '/api/documents/:documentId/wording-check', query: { lang: ['th', 'km', 'en', 'fr'] } },
    { method: 'GET', path: '/api/documents/:documentId/translations' },
    { method: 'POST', path: '/api/documents/:documentId/clauses/:clauseId/translations/:lang/confirm' },
    {
      method: 'POST',
      path: '/api/documents/:documentId/clauses',
      edits: true,
      body: (random) => ({
        templateId: prng.oneOf(random, ['costs', 'languages', 'requests-for-assistance']),
        after: chance(random, 0.3) ? null : prng.oneOf(random, clauseIds),
        variables: chance(random, 0.5) ? {} : { responseDays: 45 },
      }),
    },
    { method: 'POST', path: '/api/documents/:documentId/revisions', body: () => ({ label: 'Fuzzed revision', note: 'A note' }) },
    { method: 'GET', path: '/api/documents/:documentId/revisions' },
    { method: 'GET', path: '/api/documents/:documentId/revisions/verify' },
    { method: 'GET', path: '/api/documents/:documentId/revisions/:seq' },
    { method: 'POST', path: '/api/documents/:documentId/revisions/:seq/restore', edits: true },
    { method: 'GET', path: '/api/documents/:documentId/compare', query: { from: ['1'], to: ['live', '1'], format: ['json', 'html'], lang: ['th', 'km', 'en'] } },
    { method: 'GET', path: '/api/documents/:documentId/attribution', query: { revision: ['live', '1'], lang: ['th', 'km'] } },
    { method: 'GET', path: '/api/documents/:documentId/revisions/:seq/export.docx', query: { counterpart: ['TH', 'KH'] } },
    { method: 'GET', path: '/api/documents/:documentId/compare.docx', query: { from: ['1'], to: ['live', '1'], lang: ['th', 'km'] } },
    {
      method: 'POST',
      path: '/api/documents/:documentId/clauses/:clauseId/status',
      edits: true,
      body: (random) => ({ status: prng.oneOf(random, statuses), initials: 'FZ' }),
    },
    { method: 'POST', path: '/api/documents/:documentId/clauses/:clauseId/reopen', edits: true, body: (random) => ({ action: prng.oneOf(random, ['request', 'accept']) }) },
    { method: 'POST', path: '/api/documents/:documentId/brackets/:bracketId/resolve', edits: true, body: (random) => ({ keep: prng.oneOf(random, [0, 1, null]) }) },
    {
      method: 'POST',
      path: '/api/documents/:documentId/brackets/:bracketId/resolution',
      edits: true,
      body: (random) => ({ action: prng.oneOf(random, ['accept', 'decline', 'cancel']) }),
    },
    { method: 'POST', path: '/api/documents/:documentId/brackets/:bracketId/withdraw', edits: true, body: (random) => ({ alt: prng.oneOf(random, [0, 1, 2]) }) },
    { method: 'GET', path: '/api/documents/:documentId/audit' },
    { method: 'GET', path: '/api/documents/:documentId/comments' },
    { method: 'POST', path: '/api/documents/:documentId/comments', body: () => ({ ...anchors, body: 'Is this the agreed wording?' }) },
    { method: 'POST', path: '/api/documents/:documentId/comments/:threadId/replies', body: () => ({ body: 'A fuzzed reply' }) },
    { method: 'POST', path: '/api/documents/:documentId/comments/:threadId/resolve' },
    { method: 'POST', path: '/api/documents/:documentId/comments/:threadId/reopen' },
    { method: 'GET', path: '/api/templates' },
    { method: 'GET', path: '/api/templates/:templateId' },
  ]
  const routeName = (route: Route) => `${route.method} ${route.path}`

  const paramValues: Record<string, (random: Random) => string> = {
    documentId: (random) => (chance(random, 0.85) ? victimId : bystanderId),
    memberId: (random) => prng.oneOf(random, expendableMemberIds),
    clauseId: (random) => prng.oneOf(random, clauseIds),
    threadId: () => threadId,
    seq: (random) => prng.oneOf(random, ['1', '2']),
    bracketId: (random) => prng.oneOf(random, bracketIds),
    templateId: (random) => prng.oneOf(random, ['costs', 'anti-trafficking-mou', 'preamble', 'languages']),
    lang: (random) => prng.oneOf(random, ['th', 'km', 'en', 'fr']),
  }

  const contentTypes = [
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=fuzz',
    'application/json; charset=latin1',
    'application/json; charset=utf-16',
    'application/json; charset=utf-bogus',
    'application/JSON',
    'application/merge-patch+json',
    'application/json, text/plain',
    '*/*',
    '',
    'application/json; charset="utf-8"',
    'application/json;;;',
    'application/xml',
  ]
  const oddMethods = ['PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'TRACE', 'PROPFIND', 'SEARCH', 'LOCK', 'MKCOL', 'GET', 'POST']

  function authorization(random: Random, role: Role, notes: string[]): Record<string, string> {
    const token = tokens[role]
    if (chance(random, 0.93)) return { authorization: `Bearer ${token}` }
    const [name, header] = prng.oneOf(random, [
      ['no Authorization', null],
      ['a bare "Bearer"', 'Bearer'],
      ['Basic credentials', `Basic ${Buffer.from(`admin:${token}`).toString('base64')}`],
      ['a lower-case scheme', `bearer ${token}`],
      ['a token with a suffix', `Bearer ${token}x`],
      ['two tokens', `Bearer ${token} ${token}`],
      ['a very long token', `Bearer cp_${'a'.repeat(6_000)}`],
      ['an unknown token', `Bearer cp_${'0'.repeat(43)}`],
      ['a token of escapes', 'Bearer %00%0d%0a'],
    ] as [string, string | null][])
    notes.push(name)
    return header === null ? {} : { authorization: header }
  }

  /** A body for POST /api/verify: bytes, ZIP archives, canonical ones with a seal property, and files sealed by the server's own key. */
  function fileBody(random: Random, notes: string[]): Buffer {
    const customXml = (properties: Record<string, string>) =>
      `<?xml version="1.0"?><Properties>${Object.entries(properties)
        .map(([name, value]) => `<property name="${name}"><vt:lpwstr>${value}</vt:lpwstr></property>`)
        .join('')}</Properties>`
    const fakeSeal = () =>
      customXml({
        CounterpartSeal: chance(random, 0.5) ? 'unsealed' : Buffer.from(prng.uint8Array(random, 64)).toString('base64'),
        CounterpartDocumentId: prng.oneOf(random, [victimId, '\u0000', '&amp;lt;', 'x'.repeat(3_000)]),
        CounterpartRevision: prng.oneOf(random, ['1', '-1', 'NaN', '1e309', '']),
        CounterpartContentHash: 'ab'.repeat(32),
        CounterpartParty: prng.oneOf(random, ['TH', '', '\u202e']),
      })
    const encoder = new TextEncoder()
    switch (randomInt(random, 0, 6)) {
      case 0:
        notes.push('random bytes')
        return Buffer.from(prng.uint8Array(random, randomInt(random, 1, 4_000)))
      case 1:
        notes.push('an empty file')
        return Buffer.alloc(0)
      case 2:
        notes.push('a ZIP archive of odd parts')
        return Buffer.from(zipSync({ 'docProps/custom.xml': encoder.encode(fakeSeal()), 'word/document.xml': prng.uint8Array(random, 200) }))
      case 3:
        notes.push('a canonical archive with a forged seal')
        return Buffer.from(writeZip({ '[Content_Types].xml': encoder.encode('<Types/>'), 'docProps/custom.xml': encoder.encode(fakeSeal()) }))
      case 4: {
        notes.push('a file sealed by the server key, never exported')
        const entries = { '[Content_Types].xml': encoder.encode('<Types/>'), 'docProps/custom.xml': encoder.encode(customXml({ CounterpartSeal: sealPlaceholder, CounterpartDocumentId: victimId, CounterpartRevision: '1', CounterpartContentHash: 'cd'.repeat(32), CounterpartParty: 'TH' })) }
        const facts = { documentId: prng.oneOf(random, [victimId, 'no-such-document', '\u0000']), revision: randomInt(random, -1, 3), contentHash: 'cd'.repeat(32), counterpart: 'TH' }
        const sealed = Buffer.from(sealPackage(packZip(entries), facts, testSealKey).bytes)
        if (chance(random, 0.5)) return sealed
        notes.push('one byte changed')
        const at = randomInt(random, 0, sealed.length - 1)
        sealed[at] = sealed[at]! ^ 0x20
        return sealed
      }
      case 5: {
        notes.push('a cut ZIP archive')
        const zip = zipSync({ 'docProps/custom.xml': encoder.encode(fakeSeal()) })
        return Buffer.from(zip.subarray(0, randomInt(random, 0, zip.length - 1)))
      }
      default:
        notes.push('JSON')
        return Buffer.from(jsonText(mutateBody(random, { docx: 'UEsDBA==' }).value))
    }
  }

  function plan(random: Random): Planned {
    const route = randomWeighted(random, routes.map((candidate): [Route, number] => [candidate, candidate.body || candidate.file ? 4 : 1]))
    const as: Role | 'nobody' = route.open ? 'nobody' : randomWeighted(random, roleWeights)
    const notes: string[] = []
    const headers: Record<string, string> = as === 'nobody' ? {} : authorization(random, as, notes)

    // The path: valid ids, or one odd segment.
    const names = [...route.path.matchAll(/:(\w+)/g)].map((match) => match[1]!)
    const oddName = names.length > 0 && chance(random, 0.35) ? prng.oneOf(random, names) : null
    let path = route.path.replace(/:(\w+)/g, (_, name: string) => {
      if (name !== oddName) return encodeURIComponent(paramValues[name]!(random))
      const { segment, name: description } = oddSegment(random, otherIds)
      notes.push(`${name}: ${description}`)
      return segment
    })
    if (route.query) {
      const pairs: string[] = []
      for (const [name, values] of Object.entries(route.query)) {
        const roll = randomInt(random, 0, 9)
        if (roll < 6) pairs.push(`${name}=${prng.oneOf(random, [...values])}`)
        else if (roll < 8) {
          const value = oddQueryValue(random)
          pairs.push(`${name}=${value}`)
          notes.push(`${name}=${value.slice(0, 20)}`)
        } else if (roll < 9) {
          pairs.push(`${name}=${prng.oneOf(random, [...values])}`, `${name}=${oddQueryValue(random)}`)
          notes.push(`${name} twice`)
        } else notes.push(`no ${name}`)
      }
      if (chance(random, 0.1)) {
        pairs.push(`${prng.oneOf(random, ['from', 'to', 'counterpart', 'revision'])}[]=1`)
        notes.push('a [] parameter')
      }
      path += `?${pairs.join('&')}`
    }
    if (chance(random, 0.04)) {
      path += `${path.includes('?') ? '&' : '?'}__proto__[${pollutionMarker}]=1&constructor[prototype][${pollutionMarker}]=1&a=%zz`
      notes.push('a polluting query')
    }

    let method: string = route.method
    if (chance(random, 0.07)) {
      method = prng.oneOf(random, oddMethods)
      notes.push(`method ${method}`)
    }

    const json = (value: unknown) => Buffer.from(jsonText(value))
    // Bytes outside printable ASCII in the request line are Node's HTTP parser's to refuse.
    const lineExpectation: Expectation = /[^\x21-\x7e]/.test(path) ? 'parser' : 'app'
    const send = (body: Buffer | undefined, contentType: string | null): Planned => {
      if (contentType !== null) headers['content-type'] = contentType
      return { route, as, notes, expect: lineExpectation, request: { method, path, headers, ...(body === undefined ? {} : { body }) } }
    }

    if (route.file) {
      const body = fileBody(random, notes)
      return send(body, chance(random, 0.7) ? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' : prng.oneOf(random, contentTypes))
    }
    if (!route.body) {
      const roll = randomInt(random, 0, 9)
      if (roll < 8) return send(undefined, null)
      if (roll < 9) {
        notes.push('an unexpected JSON body')
        return send(json(mutateBody(random, { body: 'unexpected' }).value), 'application/json')
      }
      const broken = brokenJson(random, '{"body":"unexpected"}')
      notes.push(`an unexpected body: ${broken.name}`)
      return send(broken.bytes, 'application/json')
    }

    const valid = route.body(random)
    const roll = randomInt(random, 0, 99)
    if (roll < 12) {
      notes.push('valid body')
      return send(json(valid), 'application/json')
    }
    if (roll < 55) {
      const mutated = mutateBody(random, valid)
      notes.push(mutated.name)
      return send(json(mutated.value), 'application/json')
    }
    if (roll < 64) {
      const contentType = chance(random, 0.15) ? null : prng.oneOf(random, contentTypes)
      notes.push(contentType === null ? 'no Content-Type' : `Content-Type ${JSON.stringify(contentType)}`)
      return send(json(chance(random, 0.5) ? valid : mutateBody(random, valid).value), contentType)
    }
    if (roll < 72) {
      const text = Buffer.from(jsonText(valid))
      const [encoding, bytes] = prng.oneOf(random, [
        ['gzip', () => zlib.gzipSync(text)],
        ['deflate', () => zlib.deflateSync(text)],
        ['br', () => zlib.brotliCompressSync(text)],
        ['gzip', () => Buffer.from(prng.uint8Array(random, 64))],
        ['gzip', () => zlib.gzipSync(text).subarray(0, 12)],
        ['br', () => text],
        ['compress', () => text],
        ['x-unknown', () => text],
        ['gzip, gzip', () => zlib.gzipSync(zlib.gzipSync(text))],
        ['identity', () => text],
      ] as [string, () => Buffer][])
      const body = bytes()
      notes.push(`Content-Encoding ${encoding}${body === text ? ' (not encoded)' : ''}`)
      headers['content-encoding'] = encoding
      return send(body, 'application/json')
    }
    if (roll < 84) {
      const broken = brokenJson(random, jsonText(valid))
      notes.push(`broken JSON: ${broken.name}`)
      return send(broken.bytes, 'application/json')
    }
    if (roll < 90) {
      const over = prng.oneOf(random, [1, randomInt(random, 2, 4_096), maxBodyBytes * 3])
      const text = jsonText(valid)
      notes.push(`${over} bytes over the limit`)
      return send(Buffer.from(`${text.slice(0, -1)},"padding":"${'p'.repeat(maxBodyBytes + over - text.length - 13)}"}`), 'application/json')
    }
    if (roll < 96) {
      // Framing that lies, on a connection of its own.
      const body = json(chance(random, 0.5) ? valid : mutateBody(random, valid).value)
      const base = { ...headers, 'content-type': 'application/json', connection: 'close' }
      const variant = randomInt(random, 0, 4)
      if (variant === 0) {
        // The bytes past the length read as the next request, which Node's parser refuses, perhaps before the app answers.
        const length = randomInt(random, 0, body.length - 1)
        notes.push(`Content-Length ${length} for ${body.length} bytes`)
        return { route, as, notes, expect: 'parser', request: { raw: rawRequest(method, path, { ...base, 'content-length': String(length) }, body), halfClose: false, method, path } }
      }
      if (variant === 1) {
        const length = body.length + randomInt(random, 1, 1_000)
        notes.push(`Content-Length ${length} for ${body.length} bytes, then end of input`)
        return { route, as, notes, expect: 'cut', request: { raw: rawRequest(method, path, { ...base, 'content-length': String(length) }, body), halfClose: true, method, path } }
      }
      const [name, framing] = prng.oneOf(random, [
        ['a non-numeric Content-Length', { 'content-length': 'abc' }],
        ['a negative Content-Length', { 'content-length': '-1' }],
        ['two different Content-Lengths', { 'content-length': `${body.length}\r\nContent-Length: ${body.length + 1}` }],
        ['Content-Length and chunked', { 'content-length': String(body.length), 'transfer-encoding': 'chunked' }],
        ['a bad chunk size', { 'transfer-encoding': 'chunked' }],
      ] as [string, Record<string, string>][])
      notes.push(name)
      const payload = framing['transfer-encoding'] && !framing['content-length'] ? Buffer.concat([Buffer.from('zz\r\n'), body, Buffer.from('\r\n0\r\n\r\n')]) : body
      return { route, as, notes, expect: 'parser', request: { raw: rawRequest(method, path, { ...base, ...framing }, payload), halfClose: false, method, path } }
    }
    notes.push('no body')
    return send(undefined, chance(random, 0.5) ? 'application/json' : null)
  }

  const isJsonError = (answer: Answer): boolean => {
    try {
      const { error } = JSON.parse(answer.text) as { error?: { code?: unknown; message?: unknown } }
      return typeof error?.code === 'string' && typeof error.message === 'string' && error.message.length > 0
    } catch {
      return false
    }
  }
  const succeeded = (record: RestRecord) => record.answer.status !== null && record.answer.status >= 200 && record.answer.status < 300

  /** What is wrong with how the server took this request, if anything. */
  function problemWith(record: RestRecord): string | null {
    const { answer } = record
    if (answer.status === null) return record.expect === 'app' ? `no answer: ${answer.failure}` : null
    if (answer.status >= 500) return `answered ${answer.status}`
    if (record.expect === 'app' && answer.failure) return `the answer broke off: ${answer.failure}`
    if (answer.status >= 400 && record.expect === 'app' && record.method !== 'HEAD' && !isJsonError(answer)) return `answered ${answer.status} without {"error": {code, message}}`
    if (record.changed.length > 0 && !(succeeded(record) && record.route.edits)) return `changed ${record.changed.join(' and ')} though answered ${answer.status}`
    return null
  }

  const describeRecord = (record: RestRecord) =>
    `#${record.index} ${record.as} ${record.method} ${record.path.slice(0, 160)}${record.path.length > 160 ? '…' : ''} [${record.notes.join('; ').slice(0, 300)}] → ${
      record.answer.status ?? record.answer.failure
    } ${record.answer.text.slice(0, 200)}${problemWith(record) ? ` — ${problemWith(record)}` : ''}`

  /** Types a word into the typist's own clause (by id: a restore may re-create it) now and then. */
  function typeInto(random: Random, typist: TestClient, clauseId: string): void {
    let clause: Y.XmlElement
    try {
      clause = clauseById(typist.fragment, clauseId)
    } catch {
      return
    }
    if (isLocked(clause)) return
    const text = clauseTexts(clause).find((candidate) => candidate.length > 0)
    typistClients.add(typist.doc.clientID)
    text?.insert(randomInt(random, 0, text.length), `${prng.word(random, 2, 8)} `)
  }

  beforeAll(async () => {
    // The document under attack has Thai and Khmer texts, so the language routes are fuzzed where they do something.
    victimId = (
      await server.request('POST', '/api/documents', {
        body: trilingualDocument,
      })
    ).body.id
    bystanderId = await server.draftDocument('anti-trafficking-mou')
    tokens.admin = server.adminToken
    tokens.secretariat = (await server.addMember(victimId, 'secretariat', null, 'fuzzing secretariat')).token
    tokens.thDelegate = (await server.addMember(victimId, 'delegate', 'TH', 'fuzzing TH delegate')).token
    tokens.khDelegate = (await server.addMember(victimId, 'delegate', 'KH', 'fuzzing KH delegate')).token
    tokens.observer = (await server.addMember(victimId, 'observer', null, 'fuzzing observer')).token
    expendableMemberIds = []
    for (let i = 0; i < 4; i++) expendableMemberIds.push((await server.addMember(victimId, 'observer', null, `expendable ${i}`)).id)

    // Each document gets a clause of the typists' own, which the fuzz never names.
    typistClauses = new Map()
    for (const documentId of [victimId, bystanderId]) {
      const { status, body } = await server.request('POST', `/api/documents/${documentId}/clauses`, { body: { templateId: 'costs', after: null } })
      if (status !== 201) throw new Error(`inserting the typists' clause answered ${status}: ${JSON.stringify(body)}`)
      typistClauses.set(documentId, body.clause.id)
    }
    const { body: content } = await server.request('GET', `/api/documents/${victimId}/content`)
    clauseIds = (content.clauses as { id: string }[]).map((clause) => clause.id).filter((id) => id !== typistClauses.get(victimId))

    victimTypist = connectClient(server.collabUrl, victimId, (await server.addMember(victimId, 'delegate', 'TH', 'typist')).token)
    bystanderTypist = connectClient(server.collabUrl, bystanderId, (await server.addMember(bystanderId, 'delegate', 'KH', 'typist')).token)
    await Promise.all([victimTypist.synced(), bystanderTypist.synced()])
    for (const typist of [victimTypist, bystanderTypist]) typistClients.add(typist.doc.clientID)

    // Two bracketed proposals (TH's) for the fuzz to resolve, typed by a TH delegate who then leaves.
    bracketIds = ['br-fuzz-a', 'br-fuzz-b']
    const proposer = connectClient(server.collabUrl, victimId, tokens.thDelegate)
    try {
      await proposer.synced()
      const bracketText = clauseTexts(clauseById(proposer.fragment, clauseIds[3]!))[0]!
      proposer.doc.transact(() => {
        for (const id of bracketIds) {
          bracketText.insert(0, ' or ', { bracket: null })
          bracketText.insert(0, 'sixty', { bracket: { id, owner: 'TH', alt: 1 } })
          bracketText.insert(0, 'thirty', { bracket: { id, owner: 'TH', alt: 0 } })
        }
      })
      await eventually(async () => {
        const { body } = await server.request('GET', `/api/documents/${victimId}/content`)
        expect(body.clauses.flatMap((clause: { brackets: { id: string }[] }) => clause.brackets.map((bracket) => bracket.id)).sort()).toEqual(bracketIds)
      })
    } finally {
      proposer.destroy()
    }

    // Revision 1 for the routes that read or restore one; a thread for those that reply to one.
    for (const documentId of [victimId, bystanderId]) {
      const { status } = await server.request('POST', `/api/documents/${documentId}/revisions`, { body: { label: 'Before the fuzz' } })
      if (status !== 201) throw new Error(`recording revision 1 answered ${status}`)
    }
    const stored = await storedReplica(database, victimId)
    const anchorText = clauseTexts(clauseById(stored.getXmlFragment('prosemirror'), clauseIds[2]!))[0]!
    anchors = {
      from: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(anchorText, 0)),
      to: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(anchorText, 8, -1)),
    }
    const opened = await server.request('POST', `/api/documents/${victimId}/comments`, { token: tokens.thDelegate, body: { ...anchors, body: 'A thread to fuzz' } })
    if (opened.status !== 201) throw new Error(`opening a thread answered ${opened.status}: ${JSON.stringify(opened.body)}`)
    threadId = opened.body.thread.id

    otherIds = [victimId, bystanderId, threadId, ...clauseIds.slice(0, 3), ...bracketIds, ...expendableMemberIds, 'costs', 'anti-trafficking-mou']
    documentsBefore = await Promise.all([victimId, bystanderId].map(async (id) => (await server.request('GET', `/api/documents/${id}`)).body))
    for (const documentId of [victimId, bystanderId]) tracked.set(documentId, await liveFingerprint(documentId))
  })

  afterAll(() => {
    victimTypist?.destroy()
    bystanderTypist?.destroy()
  })

  it(`with seed ${seed}, every one of ${requestCount} random and mutated requests to every route gets a 4xx with a JSON error or a success, never a 5xx, and only successes change a document`, async () => {
    const random = createRandom(seed + 31_337)
    const typing = createRandom(seed + 2)
    const port = Number(new URL(server.url).port)
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    let fuzzing = true
    const typists = (async () => {
      while (fuzzing) {
        typeInto(typing, victimTypist, typistClauses.get(victimId)!)
        typeInto(typing, bystanderTypist, typistClauses.get(bystanderId)!)
        await sleep(randomInt(typing, 10, 40))
      }
    })()
    const started = Date.now()
    const health: string[] = []
    try {
      for (let index = 0; index < requestCount; index++) {
        const planned = plan(random)
        const { request } = planned
        const sent = performance.now()
        const answer = 'raw' in request ? await sendRaw(port, request.raw, { halfClose: request.halfClose }) : await sendRequest(port, request, agent)
        const ms = performance.now() - sent
        const changed: string[] = []
        for (const [documentId, before] of tracked) {
          const after = await liveFingerprint(documentId)
          if (after !== before) changed.push(`${documentId === victimId ? 'the fuzzed document' : 'the bystander document'} (${difference(before, after)})`)
          tracked.set(documentId, after)
        }
        records.push({ index, route: planned.route, as: planned.as, method: request.method, path: request.path, notes: planned.notes, expect: planned.expect, answer, ms, changed })
        if (index % 100 === 99) {
          const status = (await fetch(`${server.url}/healthz`)).status
          if (status !== 200) health.push(`after request ${index}: /healthz answered ${status}`)
        }
      }
    } finally {
      fuzzing = false
      await typists
      agent.destroy()
    }
    const elapsedMs = Date.now() - started

    // Every request was sent and its answer judged.
    expect(records.length, 'requests judged').toBe(requestCount)
    expect(records.filter((record) => problemWith(record) !== null).map(describeRecord)).toEqual([])
    expect(health).toEqual([])
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200)

    // The fuzz reached past the token check and the body parser into every route.
    const reachedHandler = (record: RestRecord) => {
      const { status, text } = record.answer
      if (status === null || status === 401 || status === 413 || status === 415) return false
      if (status < 300) return true
      return isJsonError(record.answer) && !/not valid JSON|^\{"error":\{"code":"not-found","message":"there is no [A-Z]+ \/api/.test(text)
    }
    const unreached = routes.filter((route) => !records.some((record) => record.route === route && record.method === route.method && reachedHandler(record)))
    expect(unreached.map(routeName)).toEqual([])
    const statusesSeen = new Set(records.map((record) => record.answer.status))
    for (const status of [200, 201, 400, 401, 403, 404, 409, 413, 415]) expect(statusesSeen).toContain(status)

    const histogram = [...statusesSeen].sort().map((status) => `${status ?? 'none'}: ${records.filter((record) => record.answer.status === status).length}`)
    const editing = records.filter((record) => record.route.edits && succeeded(record))
    const slowest = routes
      .map((route) => [routeName(route), records.filter((record) => record.route === route).reduce((sum, record) => sum + record.ms, 0)] as const)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([name, ms]) => `${name} ${Math.round(ms)} ms`)
    console.info(
      `[fuzz] seed ${seed}: ${records.length} requests to ${routes.length} routes in ${elapsedMs} ms; ${histogram.join(', ')}; ` +
        `${editing.length} accepted edits (${records.filter((record) => record.changed.length > 0).length} changed a document); most time in ${slowest.join(', ')}`,
    )
  }, 600_000)

  it('leaves the typists connected throughout: never closed, never denied', () => {
    expectNeverClosedOrDenied([victimTypist, bystanderTypist])
  })

  it('stores exactly what the typists typed and the accepted requests changed, and every replica converges', async () => {
    for (const [documentId, typist] of [
      [victimId, victimTypist],
      [bystanderId, bystanderTypist],
    ] as const) {
      const live = (await server.server.registry.peek(documentId))!
      await eventually(async () => expectConverged([typist.doc, live.doc, await storedReplica(database, documentId)]))
      expect(fingerprint(await storedReplica(database, documentId))).toBe(tracked.get(documentId))
    }
    // Nothing can rename a document or change its parties.
    expect(await Promise.all([victimId, bystanderId].map(async (id) => (await server.request('GET', `/api/documents/${id}`)).body))).toEqual(documentsBefore)
  })

  it('refuses with a 4xx naming the problem the requests the fuzz found answered with 500', async () => {
    const port = Number(new URL(server.url).port)
    const agent = new http.Agent({ keepAlive: false })
    const json = (value: unknown) => Buffer.from(jsonText(value))
    const as = (role: Role, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${tokens[role]}`, 'content-type': 'application/json', ...extra })
    const documentPath = (rest: string) => `/api/documents/${victimId}${rest}`
    const cases: [string, WireRequest, number, RegExp][] = [
      ['a path parameter that does not decode', { method: 'GET', path: '/api/documents/ab%zz', headers: as('admin') }, 400, /Failed to decode param 'ab%zz'/],
      ['a cut UTF-8 escape in a path parameter', { method: 'GET', path: '/api/documents/%E0%A4%A/content', headers: as('thDelegate') }, 400, /%E0%A4%A/],
      ['the same, asked with HEAD', { method: 'HEAD', path: `/api/documents/${victimId}/clauses/ab%zz/reopen`, headers: as('observer') }, 400, /^$/],
      ['an encoded NUL in a document id', { method: 'GET', path: '/api/documents/x%00/comments', headers: as('admin') }, 400, /must not contain an encoded NUL/],
      ['an encoded NUL in a member id', { method: 'DELETE', path: documentPath('/members/%00'), headers: as('secretariat') }, 400, /must not contain an encoded NUL/],
      ['a gzip body that is not gzip', { method: 'POST', path: documentPath('/revisions'), headers: as('secretariat', { 'content-encoding': 'gzip' }), body: json({ label: 'x' }) }, 400, /could not be read/],
      ['a gzip body cut short', { method: 'POST', path: documentPath('/revisions'), headers: as('secretariat', { 'content-encoding': 'gzip' }), body: zlib.gzipSync(json({ label: 'x' })).subarray(0, 12) }, 400, /could not be read/],
      ['a brotli body that is not brotli', { method: 'POST', path: '/api/documents', headers: as('admin', { 'content-encoding': 'br' }), body: json({ title: 'x' }) }, 400, /could not be read/],
      ['a NUL in a reply', { method: 'POST', path: documentPath(`/comments/${threadId}/replies`), headers: as('thDelegate'), body: json({ body: 'a\u0000b' }) }, 400, /field "body" must not contain a NUL character \(got one at index 1\)/],
      ['a NUL in a revision note', { method: 'POST', path: documentPath('/revisions'), headers: as('admin'), body: json({ label: 'x', note: 'n\u0000' }) }, 400, /field "note" must not contain a NUL/],
      ['a NUL in a member name', { method: 'POST', path: documentPath('/members'), headers: as('secretariat'), body: json({ name: '\u0000x', party: null, role: 'observer' }) }, 400, /field "name" must not contain a NUL/],
      ['a bracket choice nested 100 000 deep', { method: 'POST', path: documentPath(`/brackets/${bracketIds[0]}/resolve`), headers: as('thDelegate'), body: json({ keep: new RawJson(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) }) }, 400, /nest objects and arrays more than 32 levels/],
      ['template variables nested 40 000 deep', { method: 'POST', path: documentPath('/clauses'), headers: as('secretariat'), body: json({ templateId: 'costs', after: null, variables: new RawJson(`${'{"a":'.repeat(40_000)}0${'}'.repeat(40_000)}`) }) }, 400, /nest objects and arrays more than 32 levels/],
      ['a comment anchor nested 100 000 deep', { method: 'POST', path: documentPath('/comments'), headers: as('thDelegate'), body: json({ from: new RawJson(`${'['.repeat(100_000)}${']'.repeat(100_000)}`), to: anchors.to, body: 'x' }) }, 400, /nest objects and arrays more than 32 levels/],
    ]
    const before = await liveFingerprint(victimId)
    const answers = await Promise.all(cases.map(async ([name, request]) => [name, await sendRequest(port, request, agent)] as const))
    const message = (answer: Answer) => (answer.text === '' ? '' : (JSON.parse(answer.text) as { error: { message: string } }).error.message)
    expect(answers.map(([name, answer]) => [name, answer.status, message(answer)])).toEqual(
      cases.map(([name, , status, pattern]) => [name, status, expect.stringMatching(pattern)]),
    )
    expect(await liveFingerprint(victimId)).toBe(before)
    // The deepest body a route reads still goes through.
    const variables = await server.request('POST', documentPath('/clauses'), { token: tokens.secretariat, body: { templateId: 'entry-into-effect', after: null, variables: { duration: { years: 3 } } } })
    expect(variables.status).toBe(201)
    tracked.set(victimId, await liveFingerprint(victimId))
  })

  it('plants nothing on Object.prototype', () => {
    const probe = {} as Record<string, unknown>
    expect(Object.keys(Object.prototype)).toEqual([])
    for (const key of [pollutionMarker, 'isAdmin', 'role', 'kind', 'status']) expect(probe[key]).toBeUndefined()
  })
})
