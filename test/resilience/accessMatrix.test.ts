/**
 * The access matrix: every HTTP endpoint and the collaboration WebSocket,
 * asked by every kind of principal, against one document. Each cell is its
 * own test and states exactly what it must answer: the success status where
 * the README's tables allow the principal, 401 for a missing, unknown or
 * revoked token, 403 for a valid token that is not allowed here (404 where
 * the target must not be known to exist: another party's private thread). A refused
 * cell must carry nothing but `{"error": {code, message}}` — with, for a
 * refusal in words, those words, which say no more than the message — and
 * must have changed nothing; an allowed reader must see only what is theirs.
 *
 * Cells that change state get a fresh target of their own (a new clause, a
 * new thread, a new member...), prepared the same way whoever asks, so a
 * refusal can only come from who is asking, never from the state.
 */

import { createHash } from 'node:crypto'
import { inEnglish, isRefusalWords } from '../../server/vocabulary/refusal.js'
import fs from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import * as Y from 'yjs'
import { generateToken } from '../../server/access/token.js'
import { requireBuiltClient } from '../support/builtClient.js'
import { clauseById, clauseElements, clauseTexts } from '../support/clauseEditing.js'
import { connectClient } from '../support/collabClient.js'
import { eventually } from '../support/eventually.js'
import { useServer } from '../support/fixtures.js'
import { agreeEveryClause, setStatus } from '../support/negotiation.js'
import { storedReplica } from '../support/replicas.js'
import { cambodianParty, thaiParty, type TestServer } from '../support/testServer.js'
import { para, wordFile } from '../support/wordDrafts.js'

// The document stays loaded for the whole file: nothing is gained by reloading it between cells.
const fixture = useServer({ unloadDelayMs: 600_000 })
let server: TestServer

// ---------------------------------------------------------------------------
// The rows: who is asking.

const principals = [
  { who: 'none', label: 'no token' },
  { who: 'unknown', label: 'an unknown token' },
  { who: 'revoked', label: 'a revoked member' },
  { who: 'admin', label: 'the administrator' },
  { who: 'secretariat', label: 'the secretariat' },
  { who: 'thDelegate', label: 'a TH delegate' },
  { who: 'thLegal', label: 'TH legal staff' },
  { who: 'khDelegate', label: 'a KH delegate' },
  { who: 'khLegal', label: 'KH legal staff' },
  { who: 'thHead', label: 'the TH head of delegation' },
  { who: 'khHead', label: 'the KH head of delegation' },
  { who: 'observer', label: 'an observer' },
  { who: 'otherDelegate', label: 'a delegate of another document' },
  { who: 'otherSecretariat', label: 'the secretariat of another document' },
] as const
type Who = (typeof principals)[number]['who']

/** Principals whose token does not authenticate: always 401. */
const unauthenticated: readonly Who[] = ['none', 'unknown', 'revoked']
const partyMembers = ['thDelegate', 'thLegal', 'khDelegate', 'khLegal', 'thHead', 'khHead'] as const satisfies readonly Who[]
const editingMembers = ['secretariat', ...partyMembers] as const satisfies readonly Who[]
const documentMembers = [...editingMembers, 'observer'] as const satisfies readonly Who[]
const otherDocument = ['otherDelegate', 'otherSecretariat'] as const satisfies readonly Who[]
const validTokens = principals.map((row) => row.who).filter((who) => !unauthenticated.includes(who))
const everyone = principals.map((row) => row.who)

const partyOf = (who: Who): 'TH' | 'KH' | null => (who.startsWith('th') ? 'TH' : who.startsWith('kh') ? 'KH' : null)

/**
 * A full column: `status` for the principals in `allowed`, and for everyone
 * else 401 (token does not authenticate) or 403 (valid, but not allowed).
 */
function column(status: number, allowed: readonly Who[]): Record<Who, number> {
  return Object.fromEntries(
    everyone.map((who) => [who, allowed.includes(who) ? status : unauthenticated.includes(who) ? 401 : 403]),
  ) as Record<Who, number>
}

// ---------------------------------------------------------------------------
// The state the cells work on, set up once.

const tokens = {} as Record<Who, string | null>
const memberIds = {} as Record<Who, string>
let documentId: string
let otherDocumentId: string
const documentTitle = 'Access matrix MOU'
/** A clause agreed by both parties (as is every clause then), then reopened: revision `signingSeq` holds it agreed. */
let signingClauseId: string
/** A draft clause the WebSocket cells type into and comments are anchored on; never locked. */
let scratchClauseId: string
/** A draft clause holding one bracketed proposal per principal, `br-<who>`. */
let bracketClauseId: string
let signingSeq: number
let workingSeq: number
/** A sealed signing copy of revision `signingSeq`, for POST /api/verify. */
let signedCopy: Uint8Array
/** A closed round, and TH's copy of its Record of Discussion. */
let recordedRound: number
let recordCopy: Uint8Array

interface HttpRequest {
  method: string
  path: string
  json?: unknown
  raw?: Uint8Array
}

interface Answer {
  status: number
  headers: Headers
  text: string
  bytes: Uint8Array
  /** The parsed body when the answer is JSON, otherwise undefined. */
  json: any
}

const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

/** The first bytes of a streamed answer; the stream is then closed. */
async function firstChunk(response: Response): Promise<Uint8Array> {
  const reader = response.body!.getReader()
  const { value } = await reader.read()
  await reader.cancel()
  return value ?? new Uint8Array()
}

async function send(request: HttpRequest, token: string | null): Promise<Answer> {
  const headers: Record<string, string> = {}
  if (token !== null) headers.authorization = `Bearer ${token}`
  let body: string | Buffer | undefined
  if (request.json !== undefined) {
    headers['content-type'] = 'application/json'
    body = JSON.stringify(request.json)
  } else if (request.raw !== undefined) {
    headers['content-type'] = docxType
    body = Buffer.from(request.raw)
  }
  const response = await fetch(server.url + request.path, { method: request.method, headers, body })
  // An event stream stays open: its first lines are its answer.
  const bytes = (response.headers.get('content-type') ?? '').startsWith('text/event-stream') ? await firstChunk(response) : new Uint8Array(await response.arrayBuffer())
  const text = Buffer.from(bytes).toString('utf8')
  const json = (response.headers.get('content-type') ?? '').includes('application/json') ? JSON.parse(text) : undefined
  return { status: response.status, headers: response.headers, text, bytes, json }
}

/** Sends `request` as the administrator (or `token`) and insists on `status`. */
async function must(status: number, request: HttpRequest, token: string | null = server.adminToken): Promise<any> {
  const answer = await send(request, token)
  if (answer.status !== status) throw new Error(`${request.method} ${request.path} answered ${answer.status}, expected ${status}: ${answer.text.slice(0, 500)}`)
  return answer.json
}

const documentPath = (rest = '') => `/api/documents/${documentId}${rest}`

async function contentView(): Promise<any> {
  return must(200, { method: 'GET', path: documentPath('/content') })
}

async function clauseView(clauseId: string): Promise<any> {
  const clause = (await contentView()).clauses.find((candidate: { id: string }) => candidate.id === clauseId)
  if (!clause) throw new Error(`no clause ${clauseId} in the live content`)
  return clause
}

/** A fresh draft clause from the `costs` template, inserted by the administrator after the scratch clause. */
async function newClause(after: string | null = scratchClauseId, id = documentId): Promise<string> {
  const body = await must(201, { method: 'POST', path: `/api/documents/${id}/clauses`, json: { templateId: 'costs', after } })
  return body.clause.id as string
}

/** Writes `words` as `who`'s party's draft of `clauseId`, through the party's draft socket, and waits until it is stored. */
async function writeDraft(who: Who, clauseId: string, words: string): Promise<void> {
  const client = connectClient(server.collabUrl, `${documentId}/private`, tokens[who]!)
  try {
    await client.synced()
    const paragraph = new Y.XmlElement('paragraph')
    client.doc.getXmlFragment(`draft:${clauseId}`).insert(0, [paragraph])
    paragraph.insert(0, [new Y.XmlText(words)])
    await eventually(async () => {
      const { drafts } = await must(200, get(documentPath('/private')), tokens[who])
      expect(drafts.find((draft: { clauseId: string }) => draft.clauseId === clauseId)?.paragraphs).toContain(words)
    })
  } finally {
    client.destroy()
  }
}

/** A fresh clause agreed by both parties. */
async function agreedClause(): Promise<string> {
  const clauseId = await newClause()
  await setStatus(server, documentId, clauseId, tokens.thDelegate!, 'under-negotiation')
  await setStatus(server, documentId, clauseId, tokens.khDelegate!, 'agreed-ad-referendum', 'SK')
  await setStatus(server, documentId, clauseId, tokens.thDelegate!, 'agreed', 'ST')
  return clauseId
}

/** Brings every locked clause back under negotiation (a restore rewrites every clause, and is refused while one is locked). */
async function unlockEveryClause(): Promise<void> {
  const partyToken = (party: string) => (party === 'TH' ? tokens.thDelegate! : tokens.khDelegate!)
  for (const clause of (await contentView()).clauses) {
    if (clause.status === 'agreed') {
      const path = documentPath(`/clauses/${clause.id}/reopen`)
      let requester: string | undefined = clause.reopenRequest?.party
      if (!requester) {
        await must(200, { method: 'POST', path, json: { action: 'request' } }, tokens.thDelegate)
        requester = 'TH'
      }
      await must(200, { method: 'POST', path, json: { action: 'accept' } }, partyToken(requester === 'TH' ? 'KH' : 'TH'))
    } else if (clause.status === 'agreed-ad-referendum') {
      for (const agreement of clause.agreements) await setStatus(server, documentId, clause.id, partyToken(agreement.party), 'under-negotiation')
    }
  }
}

/** Relative positions of the first 8 characters of a clause's text, as the server stores it now. */
async function anchorsIn(clauseId: string, id = documentId): Promise<{ from: unknown; to: unknown }> {
  const doc = await storedReplica(fixture.database, id)
  const text = clauseTexts(clauseById(doc.getXmlFragment('prosemirror'), clauseId))[0]!
  return {
    from: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, 0)),
    to: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, 8, -1)),
  }
}

/** A comment thread opened by the TH delegate on the scratch clause. */
async function openThread(body = 'Is this the agreed wording?'): Promise<string> {
  const answer = await must(201, { method: 'POST', path: documentPath('/comments'), json: { ...(await anchorsIn(scratchClauseId)), body } }, tokens.thDelegate)
  return answer.thread.id as string
}

async function threadView(threadId: string): Promise<any> {
  const { threads } = await must(200, { method: 'GET', path: documentPath('/comments') })
  return threads.find((thread: { id: string }) => thread.id === threadId)
}

/** A private thread of TH's, opened by the TH delegate on the scratch clause. */
async function openPrivateThread(body = 'Our fallback: 45 days'): Promise<string> {
  const answer = await must(201, { method: 'POST', path: documentPath('/comments'), json: { ...(await anchorsIn(scratchClauseId)), body, visibility: 'party' } }, tokens.thDelegate)
  return answer.thread.id as string
}

/** TH's private thread `threadId`, as TH's legal staff read it in TH's private layer. */
async function privateThreadView(threadId: string): Promise<any> {
  const { threads } = await must(200, { method: 'GET', path: documentPath('/private') }, tokens.thLegal)
  return threads.find((thread: { id: string }) => thread.id === threadId)
}

/** The private threads' routes answer a principal with a layer of another party, or none but who may comment, as for a thread that does not exist. */
const privateThreadColumn = (status: number) => ({ ...column(status, ['thDelegate', 'thLegal', 'thHead']), khDelegate: 404, khLegal: 404, khHead: 404, secretariat: 404 })

async function revisionLabels(): Promise<string[]> {
  return (await must(200, { method: 'GET', path: documentPath('/revisions') })).revisions.map((revision: { label: string }) => revision.label)
}

async function memberNames(): Promise<string[]> {
  return (await must(200, { method: 'GET', path: documentPath('/members') })).members.map((member: { name: string }) => member.name)
}

const storedText = async () => (await storedReplica(fixture.database, documentId)).getXmlFragment('prosemirror').toString()

/** A Word draft of one clause, as the import reads it. */
const wordDraft = wordFile([{ children: [para('Memorandum'), para('Recognizing the need;'), para('Have reached the following understanding:'), para('Paragraph 1 – Costs'), para('Each Participant bears its own costs.')] }])

beforeAll(async () => {
  server = fixture.server
  documentId = await server.createDocument(documentTitle)
  otherDocumentId = await server.createDocument('Another MOU')

  tokens.none = null
  tokens.unknown = generateToken()
  tokens.admin = server.adminToken
  const add = async (who: Who, id: string, role: string, party: string | null, name: string) => {
    const member = await server.addMember(id, role, party, name)
    tokens[who] = member.token
    memberIds[who] = member.id
  }
  await add('secretariat', documentId, 'secretariat', null, 'Joint Secretariat')
  await add('thDelegate', documentId, 'delegate', 'TH', 'Khun Somchai')
  await add('thLegal', documentId, 'legal', 'TH', 'Khun Malee')
  await add('khDelegate', documentId, 'delegate', 'KH', 'Lok Sokha')
  await add('khLegal', documentId, 'legal', 'KH', 'Lok Dara')
  await add('observer', documentId, 'observer', null, 'UNODC observer')
  await add('otherDelegate', otherDocumentId, 'delegate', 'TH', 'Delegate elsewhere')
  await add('otherSecretariat', otherDocumentId, 'secretariat', null, 'Secretariat elsewhere')
  // A TH delegate, revoked: everything a delegate may do, it may no longer.
  await add('revoked', documentId, 'delegate', 'TH', 'Former delegate')
  await must(200, { method: 'DELETE', path: documentPath(`/members/${memberIds.revoked}`) })
  // Each party's head of delegation, appointed last: from now on only the head adds, changes and revokes its party's members.
  await add('thHead', documentId, 'head', 'TH', 'Khun Prasert')
  await add('khHead', documentId, 'head', 'KH', 'Lok Vuthy')

  // Revision `signingSeq`: one clause, agreed by both parties — ready for signature.
  signingClauseId = await newClause(null)
  await agreeEveryClause(server, documentId, tokens.thDelegate!, tokens.khDelegate!)
  signingSeq = (await must(201, { method: 'POST', path: documentPath('/revisions'), json: { label: 'Ready for signature' } })).seq
  const exported = await send({ method: 'GET', path: documentPath(`/revisions/${signingSeq}/export.docx?counterpart=TH`) }, server.adminToken)
  expect(exported.status, exported.text.slice(0, 500)).toBe(200)
  signedCopy = exported.bytes
  // Round `recordedRound`, opened and closed: its Record of Discussion, as the administrator exported it.
  recordedRound = (await must(201, { method: 'POST', path: documentPath('/rounds'), json: { title: 'Recorded round', place: 'Bangkok', startDate: '2027-01-10', endDate: '2027-01-11' } })).number
  await must(200, { method: 'POST', path: documentPath(`/rounds/${recordedRound}/open`) })
  await must(200, { method: 'POST', path: documentPath(`/rounds/${recordedRound}/close`) })
  const record = await send({ method: 'GET', path: documentPath(`/rounds/${recordedRound}/record.docx?counterpart=TH`) }, server.adminToken)
  expect(record.status, record.text.slice(0, 500)).toBe(200)
  recordCopy = record.bytes

  // Refused updates, recorded for the sender's party (and the secretariat) only: one per party.
  for (const who of ['thDelegate', 'khDelegate'] as const) {
    const client = connectClient(server.collabUrl, documentId, tokens[who]!)
    try {
      await client.synced()
      clauseTexts(clauseById(client.fragment, signingClauseId))[0]!.insert(0, `Rewritten by ${who} `)
      expect((await client.closed()).code).toBe(4409)
    } finally {
      client.destroy()
    }
  }
  await eventually(async () => {
    const { entries } = await must(200, { method: 'GET', path: documentPath('/audit') })
    const refusedFor = entries.filter((entry: { event: string }) => entry.event === 'update-refused').map((entry: { visibleTo: string }) => entry.visibleTo)
    expect(refusedFor).toEqual(expect.arrayContaining(['TH', 'KH']))
  })
  await unlockEveryClause()

  scratchClauseId = await newClause(signingClauseId)
  bracketClauseId = await newClause(scratchClauseId)
  // One bracketed proposal per principal, typed by the TH delegate through a stock provider.
  const typist = connectClient(server.collabUrl, documentId, tokens.thDelegate!)
  try {
    await typist.synced()
    const text = clauseTexts(clauseById(typist.fragment, bracketClauseId))[0]!
    typist.doc.transact(() => {
      let at = 0
      for (const who of everyone) {
        const put = (words: string, attributes: Record<string, unknown>) => {
          text.insert(at, words, attributes)
          at += words.length
        }
        put('within ', { bracket: null })
        put('thirty', { bracket: { id: `br-${who}`, owner: 'TH', alt: 0 } })
        put('sixty', { bracket: { id: `br-${who}`, owner: 'TH', alt: 1 } })
        put(' days; ', { bracket: null })
      }
    })
    await eventually(async () => expect((await clauseView(bracketClauseId)).brackets).toHaveLength(everyone.length))
    expect(typist.closes).toEqual([])
  } finally {
    typist.destroy()
  }
  workingSeq = (await must(201, { method: 'POST', path: documentPath('/revisions'), json: { label: 'Working draft' } })).seq

  // One private thread per party: no shared answer shows either, and each party's layer only its own.
  for (const who of ['thDelegate', 'khDelegate'] as const) {
    await must(201, { method: 'POST', path: documentPath('/comments'), json: { ...(await anchorsIn(scratchClauseId)), body: `Private thread of ${partyOf(who)}`, visibility: 'party' } }, tokens[who])
  }
})

// ---------------------------------------------------------------------------
// The columns: every endpoint, what each principal must get, and what an
// allowed answer must (and a refused one must not) have done.

type Target = Record<string, any>

interface EndpointSpec {
  /** The route as the README names it. */
  route: string
  expected: Record<Who, number>
  /** Sets up a fresh target for the cell, the same whoever asks. */
  prepare?: (who: Who) => Promise<Target>
  request: (target: Target, who: Who) => HttpRequest
  /** For allowed cells: the answer is right and scoped to the asker. */
  check?: (answer: Answer, who: Who, target: Target) => void | Promise<void>
  /** For refused cells: the target is as it was. */
  untouched?: (target: Target, who: Who) => Promise<void>
}

const get = (path: string): HttpRequest => ({ method: 'GET', path })

const auditExpectations = (entries: { visibleTo: string | null }[], who: Who) => {
  const visibleTo = new Set(entries.map((entry) => entry.visibleTo))
  if (who === 'admin' || who === 'secretariat') {
    expect([...visibleTo]).toEqual(expect.arrayContaining([null, 'TH', 'KH']))
    return
  }
  const party = partyOf(who)
  expect([...visibleTo].filter((value) => value !== null && value !== party)).toEqual([])
  if (party) expect(visibleTo.has(party)).toBe(true)
}

const endpoints: EndpointSpec[] = [
  // --- public
  {
    route: 'GET /healthz',
    expected: column(200, everyone),
    request: () => get('/healthz'),
    check: (answer) => expect(answer.json).toEqual({ ok: true, instance: expect.stringMatching(/\S/), owned: expect.any(Array) }),
  },
  {
    route: 'GET /api/seal/public-key',
    expected: column(200, everyone),
    request: () => get('/api/seal/public-key'),
    check: (answer) => expect(answer.text).toMatch(/^-----BEGIN PUBLIC KEY-----/),
  },
  {
    route: 'POST /api/verify',
    expected: column(200, everyone),
    request: () => ({ method: 'POST', path: '/api/verify', raw: signedCopy }),
    check: (answer) => expect(answer.json).toMatchObject({ valid: true, document: { id: documentId }, revision: signingSeq, counterpart: 'TH' }),
  },
  {
    // The browser client's page is the same static file for anyone; it holds no document data.
    route: 'GET /d/:id',
    expected: column(200, everyone),
    prepare: async () => {
      requireBuiltClient()
      return {}
    },
    request: () => get(`/d/${documentId}`),
    check: (answer) => {
      expect(answer.text).toBe(fs.readFileSync(requireBuiltClient(), 'utf8'))
      expect(answer.text).not.toContain(documentTitle)
    },
  },

  // --- any token
  {
    route: 'GET /api/session',
    expected: column(200, validTokens),
    request: () => get('/api/session'),
    check: (answer, who) => {
      if (who === 'admin') {
        expect(answer.json).toEqual({ kind: 'admin', member: null, document: null, may: { edit: true, manageMembers: true, export: true } })
        return
      }
      const secretariat = who === 'secretariat' || who === 'otherSecretariat'
      const head = who === 'thHead' || who === 'khHead'
      expect(answer.json).toMatchObject({
        kind: 'member',
        member: { id: memberIds[who] },
        document: { id: (otherDocument as readonly Who[]).includes(who) ? otherDocumentId : documentId },
        may: { edit: who !== 'observer', manageMembers: secretariat || head, export: secretariat },
      })
    },
  },
  {
    route: 'GET /api/templates',
    expected: column(200, validTokens),
    request: () => get('/api/templates'),
    check: (answer) => expect(answer.json.clauses.map((clause: { id: string }) => clause.id)).toContain('costs'),
  },
  {
    route: 'GET /api/templates/:templateId',
    expected: column(200, validTokens),
    request: () => get('/api/templates/costs'),
    check: (answer) => expect(answer.json).toMatchObject({ id: 'costs', kind: 'clause' }),
  },
  {
    route: 'GET /api/documents',
    expected: column(200, validTokens),
    request: () => get('/api/documents'),
    check: (answer, who) => {
      const ids = answer.json.documents.map((document: { id: string }) => document.id)
      if (who === 'admin') expect(ids).toEqual(expect.arrayContaining([documentId, otherDocumentId]))
      else expect(ids).toEqual([(otherDocument as readonly Who[]).includes(who) ? otherDocumentId : documentId])
    },
  },

  // --- documents
  {
    route: 'POST /api/documents',
    expected: column(201, ['admin']),
    request: (_target, who) => ({ method: 'POST', path: '/api/documents', json: { title: `Created by ${who}`, parties: [thaiParty, cambodianParty] } }),
    check: (answer, who) => expect(answer.json).toMatchObject({ title: `Created by ${who}`, style: 'mou' }),
    untouched: async (_target, who) => {
      const { documents } = await must(200, get('/api/documents'))
      expect(documents.map((document: { title: string }) => document.title)).not.toContain(`Created by ${who}`)
    },
  },
  {
    route: 'GET /api/documents/:id',
    expected: column(200, ['admin', ...documentMembers]),
    request: () => get(documentPath()),
    check: (answer) => expect(answer.json).toMatchObject({ id: documentId, title: documentTitle, fullAgreementBy: 'delegates' }),
  },
  {
    // Setting what is set already changes nothing, so the other cells keep the default.
    route: 'PUT /api/documents/:id/settings',
    expected: column(200, ['admin', 'secretariat']),
    request: () => ({ method: 'PUT', path: documentPath('/settings'), json: { fullAgreementBy: 'delegates' } }),
    check: (answer) => expect(answer.json).toMatchObject({ id: documentId, fullAgreementBy: 'delegates' }),
    untouched: async () => expect((await must(200, get(documentPath()))).fullAgreementBy).toBe('delegates'),
  },

  // --- members
  {
    route: 'POST /api/documents/:id/members',
    expected: column(201, ['admin', 'secretariat']),
    request: (_target, who) => ({ method: 'POST', path: documentPath('/members'), json: { name: `Added by ${who}`, party: null, role: 'observer' } }),
    check: async (answer, who) => {
      expect(answer.json.member).toMatchObject({ documentId, name: `Added by ${who}`, role: 'observer', revokedAt: null })
      const session = await must(200, get('/api/session'), answer.json.token)
      expect(session.document.id).toBe(documentId)
    },
    untouched: async (_target, who) => expect(await memberNames()).not.toContain(`Added by ${who}`),
  },
  {
    // TH has a head of delegation: the head alone adds TH's members, not the secretariat, nor the other party's head.
    route: 'POST /api/documents/:id/members (a TH delegate)',
    expected: column(201, ['thHead']),
    request: (_target, who) => ({ method: 'POST', path: documentPath('/members'), json: { name: `TH delegate added by ${who}`, party: 'TH', role: 'delegate' } }),
    check: (answer, who) => expect(answer.json.member).toMatchObject({ documentId, name: `TH delegate added by ${who}`, party: 'TH', role: 'delegate' }),
    untouched: async (_target, who) => expect(await memberNames()).not.toContain(`TH delegate added by ${who}`),
  },
  {
    route: 'POST /api/documents/:id/members (KH legal staff)',
    expected: column(201, ['khHead']),
    request: (_target, who) => ({ method: 'POST', path: documentPath('/members'), json: { name: `KH legal added by ${who}`, party: 'KH', role: 'legal' } }),
    check: (answer, who) => expect(answer.json.member).toMatchObject({ name: `KH legal added by ${who}`, party: 'KH', role: 'legal' }),
    untouched: async (_target, who) => expect(await memberNames()).not.toContain(`KH legal added by ${who}`),
  },
  {
    route: 'PATCH /api/documents/:id/members/:memberId (a TH delegate becomes legal staff)',
    expected: column(200, ['thHead']),
    prepare: async (who) => must(201, { method: 'POST', path: documentPath('/members'), json: { name: `TH delegate changed by ${who}`, party: 'TH', role: 'delegate' } }, tokens.thHead),
    request: (target) => ({ method: 'PATCH', path: documentPath(`/members/${target.member.id}`), json: { role: 'legal' } }),
    check: async (answer, _who, target) => {
      expect(answer.json.member).toMatchObject({ id: target.member.id, party: 'TH', role: 'legal' })
      expect((await must(200, get('/api/session'), target.token)).member.role).toBe('legal')
    },
    untouched: async (target) => expect((await must(200, get('/api/session'), target.token)).member.role).toBe('delegate'),
  },
  {
    route: 'PATCH /api/documents/:id/members/:memberId (an observer of neither party becomes the secretariat)',
    expected: column(200, ['admin', 'secretariat']),
    prepare: async (who) => server.addMember(documentId, 'observer', null, `Observer changed by ${who}`),
    request: (target) => ({ method: 'PATCH', path: documentPath(`/members/${target.id}`), json: { role: 'secretariat' } }),
    check: async (answer, _who, target) => {
      expect(answer.json.member).toMatchObject({ id: target.id, party: null, role: 'secretariat' })
      expect((await must(200, get('/api/session'), target.token)).may.manageMembers).toBe(true)
    },
    untouched: async (target) => expect((await must(200, get('/api/session'), target.token)).member.role).toBe('observer'),
  },
  {
    route: 'DELETE /api/documents/:id/members/:memberId (a TH delegate)',
    expected: column(200, ['thHead']),
    prepare: async (who) => must(201, { method: 'POST', path: documentPath('/members'), json: { name: `TH delegate revoked by ${who}`, party: 'TH', role: 'delegate' } }, tokens.thHead),
    request: (target) => ({ method: 'DELETE', path: documentPath(`/members/${target.member.id}`) }),
    check: async (answer, _who, target) => {
      expect(answer.json.member).toMatchObject({ id: target.member.id, revokedAt: expect.any(String) })
      await must(401, get('/api/session'), target.token)
    },
    untouched: async (target) => {
      await must(200, get('/api/session'), target.token)
    },
  },
  {
    route: 'GET /api/documents/:id/members',
    expected: column(200, ['admin', ...documentMembers]),
    request: () => get(documentPath('/members')),
    check: (answer) => {
      for (const token of Object.values(tokens)) if (token) expect(answer.text).not.toContain(token)
      expect(answer.text).not.toMatch(/token|hash/i)
      for (const member of answer.json.members) {
        expect(Object.keys(member).sort()).toEqual(['createdAt', 'documentId', 'id', 'lastSeenAt', 'name', 'party', 'revokedAt', 'role'])
        expect(member.documentId).toBe(documentId)
      }
      expect(answer.json.members.map((member: { id: string }) => member.id)).not.toContain(memberIds.otherDelegate)
    },
  },
  {
    route: 'DELETE /api/documents/:id/members/:memberId',
    expected: column(200, ['admin', 'secretariat']),
    prepare: async (who) => server.addMember(documentId, 'observer', null, `To be revoked by ${who}`),
    request: (target) => ({ method: 'DELETE', path: documentPath(`/members/${target.id}`) }),
    check: async (answer, _who, target) => {
      expect(answer.json.member).toMatchObject({ id: target.id, revokedAt: expect.any(String) })
      await must(401, get('/api/session'), target.token)
    },
    untouched: async (target) => {
      await must(200, get('/api/session'), target.token)
    },
  },

  // --- content
  {
    route: 'GET /api/documents/:id/content',
    expected: column(200, ['admin', ...documentMembers]),
    request: () => get(documentPath('/content')),
    check: (answer) => expect(answer.json.clauses.map((clause: { id: string }) => clause.id)).toEqual(expect.arrayContaining([signingClauseId, scratchClauseId])),
  },
  {
    route: 'GET /api/documents/:id/wording-check',
    expected: column(200, ['admin', ...documentMembers]),
    request: () => get(documentPath('/wording-check')),
    check: (answer) => expect(answer.json).toEqual({ style: 'mou', lang: 'en', rules: true, findings: expect.any(Array) }),
  },
  {
    route: 'GET /api/documents/:id/translations',
    expected: column(200, ['admin', ...documentMembers]),
    request: () => get(documentPath('/translations')),
    // English alone: no other language, no entries.
    check: (answer) => expect(answer.json).toEqual({ translations: [] }),
  },
  {
    route: 'POST /api/documents/:id/clauses',
    expected: column(201, ['admin', ...editingMembers]),
    prepare: async () => ({ clauses: (await contentView()).clauses.length }),
    request: () => ({ method: 'POST', path: documentPath('/clauses'), json: { templateId: 'costs', after: scratchClauseId } }),
    check: async (answer) => {
      expect(answer.json.clause).toMatchObject({ id: expect.stringMatching(/^cl_/), templateId: 'costs' })
      expect((await clauseView(answer.json.clause.id)).status).toBe('draft')
    },
    untouched: async (target) => expect((await contentView()).clauses).toHaveLength(target.clauses),
  },
  {
    route: 'DELETE /api/documents/:id/clauses/:clauseId',
    expected: column(200, ['admin', ...editingMembers]),
    prepare: async () => ({ clauseId: await newClause() }),
    request: (target) => ({ method: 'DELETE', path: documentPath(`/clauses/${target.clauseId}`) }),
    check: async (answer, _who, target) => {
      expect(answer.json.deleted).toMatchObject({ id: target.clauseId, label: expect.stringMatching(/^Paragraph \d+$/) })
      expect((await contentView()).clauses.map((clause: { id: string }) => clause.id)).not.toContain(target.clauseId)
    },
    untouched: async (target) => expect((await clauseView(target.clauseId)).status).toBe('draft'),
  },

  // --- the negotiation
  {
    // The administrator is not a member of the negotiation: the README lists it for no status move.
    route: 'POST /api/documents/:id/clauses/:clauseId/status (start the negotiation)',
    expected: column(200, editingMembers),
    prepare: async () => ({ clauseId: await newClause() }),
    request: (target) => ({ method: 'POST', path: documentPath(`/clauses/${target.clauseId}/status`), json: { status: 'under-negotiation' } }),
    check: (answer, _who, target) => expect(answer.json.clause).toMatchObject({ clauseId: target.clauseId, status: 'under-negotiation' }),
    untouched: async (target) => expect((await clauseView(target.clauseId)).status).toBe('draft'),
  },
  {
    route: 'POST /api/documents/:id/clauses/:clauseId/status (agree ad referendum)',
    expected: column(200, partyMembers),
    prepare: async () => {
      const clauseId = await newClause()
      await setStatus(server, documentId, clauseId, tokens.secretariat!, 'under-negotiation')
      return { clauseId }
    },
    request: (target) => ({ method: 'POST', path: documentPath(`/clauses/${target.clauseId}/status`), json: { status: 'agreed-ad-referendum', initials: 'AM' } }),
    check: (answer, who) =>
      expect(answer.json.clause).toMatchObject({ status: 'agreed-ad-referendum', agreements: [{ party: partyOf(who), memberId: memberIds[who], initials: 'AM' }] }),
    untouched: async (target) => expect(await clauseView(target.clauseId)).toMatchObject({ status: 'under-negotiation', agreements: [] }),
  },
  {
    route: 'POST /api/documents/:id/clauses/:clauseId/reopen (request)',
    expected: column(200, partyMembers),
    prepare: async () => ({ clauseId: await agreedClause() }),
    request: (target) => ({ method: 'POST', path: documentPath(`/clauses/${target.clauseId}/reopen`), json: { action: 'request' } }),
    check: (answer, who) => expect(answer.json.clause).toMatchObject({ status: 'agreed', reopenRequest: { party: partyOf(who), memberId: memberIds[who] } }),
    untouched: async (target) => expect(await clauseView(target.clauseId)).toMatchObject({ status: 'agreed', reopenRequest: null }),
  },
  {
    route: 'POST /api/documents/:id/clauses/:clauseId/reopen (accept)',
    expected: column(200, partyMembers),
    prepare: async (who) => {
      const clauseId = await agreedClause()
      // The other party asks, so that a party member is in a position to accept.
      const requester = partyOf(who) === 'TH' ? tokens.khDelegate! : tokens.thDelegate!
      await must(200, { method: 'POST', path: documentPath(`/clauses/${clauseId}/reopen`), json: { action: 'request' } }, requester)
      return { clauseId }
    },
    request: (target) => ({ method: 'POST', path: documentPath(`/clauses/${target.clauseId}/reopen`), json: { action: 'accept' } }),
    check: (answer) => expect(answer.json.clause).toMatchObject({ status: 'under-negotiation', agreements: [], reopenRequest: null }),
    untouched: async (target) => expect(await clauseView(target.clauseId)).toMatchObject({ status: 'agreed', reopenRequest: { party: expect.any(String) } }),
  },
  {
    route: 'POST /api/documents/:id/brackets/:bracketId/resolve',
    // Keeping the second alternative drops the first, which is the Thai party's: its members resolve at once (200);
    // anyone else who may edit asks, and the bracket waits for the Thai party's consent (202).
    expected: { ...column(202, ['admin', ...editingMembers]), thDelegate: 200, thLegal: 200, thHead: 200 },
    prepare: async (who) => ({ bracketId: `br-${who}` }),
    request: (target) => ({ method: 'POST', path: documentPath(`/brackets/${target.bracketId}/resolve`), json: { keep: 1 } }),
    check: async (answer, _who, target) => {
      const bracket = (await clauseView(bracketClauseId)).brackets.find((bracket: { id: string }) => bracket.id === target.bracketId)
      if (answer.status === 200) {
        expect(answer.json).toEqual({ bracketId: target.bracketId, resolved: true, kept: 'sixty' })
        expect(bracket).toBeUndefined()
      } else {
        expect(answer.json).toMatchObject({ bracketId: target.bracketId, resolved: false, request: { keep: 1, awaiting: ['TH'] } })
        expect(bracket).toMatchObject({ alternatives: ['thirty', 'sixty'], request: { keep: 1, awaiting: ['TH'] } })
      }
    },
    untouched: async (target) =>
      expect((await clauseView(bracketClauseId)).brackets).toContainEqual({ id: target.bracketId, owner: 'TH', owners: ['TH', 'TH'], alternatives: ['thirty', 'sixty'], request: null }),
  },
  {
    route: 'GET /api/documents/:id/audit',
    expected: column(200, ['admin', ...documentMembers]),
    request: () => get(documentPath('/audit')),
    check: (answer, who) => {
      expect(answer.json.entries.length).toBeGreaterThan(0)
      auditExpectations(answer.json.entries, who)
    },
  },

  // --- comments
  {
    route: 'GET /api/documents/:id/events',
    expected: column(200, ['admin', ...documentMembers]),
    request: () => get(documentPath('/events')),
    check: (answer) => {
      expect(answer.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
      expect(answer.text).toBe('retry: 5000\n\n')
    },
  },
  {
    route: 'GET /api/documents/:id/invitations',
    expected: column(200, ['admin', 'secretariat', 'thHead', 'khHead']),
    request: () => get(documentPath('/invitations')),
    check: (answer) => expect(answer.json).toEqual({ invitations: expect.any(Array) }),
  },
  {
    route: 'POST /api/documents/:id/invitations (an observer of neither party)',
    expected: column(201, ['admin', 'secretariat']),
    request: (_target, who) => ({ method: 'POST', path: documentPath('/invitations'), json: { name: `Observer invited by ${who}`, party: null, role: 'observer' } }),
    check: (answer, who) => expect(answer.json).toMatchObject({ name: `Observer invited by ${who}`, status: 'pending', url: expect.stringContaining('/signin?invitation=') }),
  },
  {
    route: 'GET /api/documents/:id/waiting',
    expected: column(200, ['admin', ...documentMembers]),
    request: () => get(documentPath('/waiting')),
    check: (answer) => {
      expect(answer.json).toEqual({ items: expect.any(Array) })
      expect(answer.text).not.toContain('Private thread of')
    },
  },
  {
    route: 'POST /api/documents/:id/waiting/:key/dismiss',
    // The administrator is no member: nothing waits on it to dismiss (400, in words).
    expected: { ...column(204, documentMembers), admin: 400 },
    request: () => ({ method: 'POST', path: documentPath('/waiting/comment%3Aany%3A1/dismiss') }),
  },
  {
    route: 'GET /api/documents/:id/comments',
    expected: column(200, ['admin', ...documentMembers]),
    request: () => get(documentPath('/comments')),
    check: (answer) => {
      expect(answer.json).toEqual({ threads: expect.any(Array) })
      // The shared listing: never a party's private thread.
      expect(answer.text).not.toContain('Private thread of')
    },
  },
  {
    route: 'POST /api/documents/:id/comments',
    expected: column(201, editingMembers),
    prepare: async () => anchorsIn(scratchClauseId),
    request: (target, who) => ({ method: 'POST', path: documentPath('/comments'), json: { from: target.from, to: target.to, body: `Opened by ${who}` } }),
    check: (answer, who) =>
      expect(answer.json.thread).toMatchObject({ state: 'anchored', clauseId: scratchClauseId, createdBy: { memberId: memberIds[who] }, messages: [{ body: `Opened by ${who}` }] }),
    untouched: async (_target, who) => {
      const { threads } = await must(200, get(documentPath('/comments')))
      expect(threads.flatMap((thread: { messages: { body: string }[] }) => thread.messages.map((message) => message.body))).not.toContain(`Opened by ${who}`)
    },
  },
  {
    route: 'POST /api/documents/:id/comments/:threadId/replies',
    expected: column(201, editingMembers),
    prepare: async () => ({ threadId: await openThread() }),
    request: (target, who) => ({ method: 'POST', path: documentPath(`/comments/${target.threadId}/replies`), json: { body: `Reply by ${who}` } }),
    check: (answer, who) => expect(answer.json.thread.messages.map((message: { body: string }) => message.body)).toEqual(['Is this the agreed wording?', `Reply by ${who}`]),
    untouched: async (target) => expect((await threadView(target.threadId)).messages).toHaveLength(1),
  },
  {
    route: 'POST /api/documents/:id/comments/:threadId/resolve',
    expected: column(200, editingMembers),
    prepare: async () => ({ threadId: await openThread() }),
    request: (target) => ({ method: 'POST', path: documentPath(`/comments/${target.threadId}/resolve`) }),
    check: (answer, who) => expect(answer.json.thread.resolved).toMatchObject({ by: { memberId: memberIds[who] } }),
    untouched: async (target) => expect((await threadView(target.threadId)).resolved).toBeNull(),
  },
  {
    route: 'POST /api/documents/:id/comments/:threadId/reopen',
    expected: column(200, editingMembers),
    prepare: async () => {
      const threadId = await openThread()
      await must(200, { method: 'POST', path: documentPath(`/comments/${threadId}/resolve`) }, tokens.thDelegate)
      return { threadId }
    },
    request: (target) => ({ method: 'POST', path: documentPath(`/comments/${target.threadId}/reopen`) }),
    check: (answer) => expect(answer.json.thread.resolved).toBeNull(),
    untouched: async (target) => expect((await threadView(target.threadId)).resolved).not.toBeNull(),
  },

  // --- the version log
  {
    route: 'POST /api/documents/:id/revisions',
    expected: column(201, ['admin', ...editingMembers]),
    request: (_target, who) => ({ method: 'POST', path: documentPath('/revisions'), json: { label: `Named by ${who}` } }),
    check: (answer, who) =>
      expect(answer.json).toMatchObject({ seq: expect.any(Number), label: `Named by ${who}`, auto: false, createdBy: { kind: who === 'admin' ? 'admin' : 'member' } }),
    untouched: async (_target, who) => expect(await revisionLabels()).not.toContain(`Named by ${who}`),
  },
  {
    route: 'GET /api/documents/:id/revisions',
    expected: column(200, ['admin', ...documentMembers]),
    request: () => get(documentPath('/revisions')),
    check: (answer) => expect(answer.json.revisions.map((revision: { seq: number }) => revision.seq)).toEqual(expect.arrayContaining([signingSeq, workingSeq])),
  },
  {
    route: 'GET /api/documents/:id/revisions/:seq',
    expected: column(200, ['admin', ...documentMembers]),
    request: () => get(documentPath(`/revisions/${workingSeq}`)),
    check: (answer) => expect(answer.json).toMatchObject({ seq: workingSeq, label: 'Working draft', content: { clauses: expect.any(Array) } }),
  },
  {
    route: 'GET /api/documents/:id/revisions/verify',
    expected: column(200, ['admin', ...documentMembers]),
    request: () => get(documentPath('/revisions/verify')),
    check: (answer) => expect(answer.json).toMatchObject({ valid: true, firstBreak: null }),
  },
  {
    route: 'POST /api/documents/:id/revisions/:seq/restore',
    expected: column(201, ['admin', ...editingMembers]),
    prepare: async (who) => {
      await unlockEveryClause()
      const revision = await must(201, { method: 'POST', path: documentPath('/revisions'), json: { label: `Restore point for ${who}` } })
      return { seq: revision.seq }
    },
    request: (target) => ({ method: 'POST', path: documentPath(`/revisions/${target.seq}/restore`) }),
    check: (answer, who, target) => expect(answer.json).toMatchObject({ label: `Restored revision ${target.seq}: Restore point for ${who}`, auto: false }),
    untouched: async (target) => expect((await revisionLabels()).filter((label) => label.startsWith(`Restored revision ${target.seq}:`))).toEqual([]),
  },
  {
    route: 'GET /api/documents/:id/compare?from=<seq>&to=live',
    expected: column(200, ['admin', ...documentMembers]),
    request: () => get(documentPath(`/compare?from=${signingSeq}&to=live`)),
    check: (answer) => expect(answer.json).toMatchObject({ documentId, from: signingSeq, to: 'live', clauses: expect.any(Array) }),
  },
  {
    route: 'GET /api/documents/:id/compare?from=<seq>&to=<seq>&format=html',
    expected: column(200, ['admin', ...documentMembers]),
    request: () => get(documentPath(`/compare?from=${signingSeq}&to=${workingSeq}&format=html`)),
    check: (answer) => {
      expect(answer.headers.get('content-type')).toMatch(/^text\/html/)
      expect(answer.text).toContain(documentTitle)
    },
  },
  {
    route: 'GET /api/documents/:id/attribution?revision=live',
    expected: column(200, ['admin', ...documentMembers]),
    request: () => get(documentPath('/attribution?revision=live')),
    check: (answer) => expect(answer.json).toMatchObject({ revision: 'live', clauses: expect.any(Array), parts: expect.any(Object) }),
  },

  // --- DOCX
  {
    route: 'GET /api/documents/:id/compare.docx?from=<seq>&to=<seq>',
    expected: column(200, ['admin', ...documentMembers]),
    request: () => get(documentPath(`/compare.docx?from=${signingSeq}&to=${workingSeq}`)),
    check: (answer) => {
      expect(answer.headers.get('content-type')).toBe(docxType)
      expect(Buffer.from(answer.bytes.subarray(0, 2)).toString()).toBe('PK')
    },
  },
  {
    route: 'GET /api/documents/:id/revisions/:seq/export.docx?counterpart=TH',
    expected: column(200, ['admin', 'secretariat']),
    request: () => get(documentPath(`/revisions/${signingSeq}/export.docx?counterpart=TH`)),
    check: (answer) => {
      expect(answer.headers.get('content-type')).toBe(docxType)
      expect(answer.headers.get('x-content-sha256')).toBe(createHash('sha256').update(answer.bytes).digest('hex'))
      // The same revision and party give the same bytes, whoever exports them.
      expect(Buffer.from(answer.bytes).equals(Buffer.from(signedCopy))).toBe(true)
    },
  },

  // --- Akoma Ntoso: the text as compare shows it, for every member (not a sealed original)
  {
    route: 'GET /api/documents/:id/revisions/:seq/export.akn?lang=en',
    expected: column(200, ['admin', ...documentMembers]),
    request: () => get(documentPath(`/revisions/${signingSeq}/export.akn?lang=en`)),
    check: (answer) => {
      expect(answer.headers.get('content-type')).toBe('application/akn+xml')
      expect(answer.headers.get('x-content-sha256')).toBe(createHash('sha256').update(answer.bytes).digest('hex'))
      expect(answer.text).toContain('<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"')
      expect(answer.text).toContain(`<FRBRversionNumber value="${signingSeq}"/>`)
    },
  },
  {
    route: 'GET /api/documents/:id/revisions/live/export.akn',
    expected: column(200, ['admin', ...documentMembers]),
    request: () => get(documentPath('/revisions/live/export.akn')),
    check: (answer) => {
      expect(answer.headers.get('content-type')).toBe('application/zip')
      expect(Buffer.from(answer.bytes.subarray(0, 2)).toString()).toBe('PK')
    },
  },

  // --- rounds
  {
    route: 'GET /api/documents/:id/rounds',
    expected: column(200, ['admin', ...documentMembers]),
    request: () => get(documentPath('/rounds')),
    check: (answer) => expect(answer.json).toEqual({ rounds: expect.any(Array) }),
  },
  {
    route: 'POST /api/documents/:id/rounds',
    expected: column(201, ['admin', 'secretariat']),
    request: (_target, who) => ({ method: 'POST', path: documentPath('/rounds'), json: { title: `Round planned by ${who}`, place: 'Bangkok', startDate: '2027-03-01', endDate: '2027-03-03' } }),
    check: (answer, who) => expect(answer.json).toMatchObject({ title: `Round planned by ${who}`, state: 'planned', attendance: [], agenda: [] }),
    untouched: async (_target, who) => {
      const { rounds } = await must(200, get(documentPath('/rounds')))
      expect(rounds.map((round: { title: string }) => round.title)).not.toContain(`Round planned by ${who}`)
    },
  },
  {
    route: 'PUT /api/documents/:id/rounds/:number/attendance/TH',
    expected: column(200, ['admin', 'secretariat', 'thHead']),
    prepare: async (who) => must(201, { method: 'POST', path: documentPath('/rounds'), json: { title: `Round listed by ${who}`, place: 'Phnom Penh', startDate: '2027-05-01', endDate: '2027-05-02' } }),
    request: (target, who) => ({ method: 'PUT', path: documentPath(`/rounds/${target.number}/attendance/TH`), json: { attendance: [{ party: 'TH', name: `Listed by ${who}` }] } }),
    check: (answer, who) => expect(answer.json.attendance).toEqual([{ party: 'TH', name: `Listed by ${who}`, title: '', organisation: '', role: '' }]),
    untouched: async (target) => expect((await must(200, get(documentPath(`/rounds/${target.number}`)))).attendance).toEqual([]),
  },

  {
    route: 'GET /api/documents/:id/rounds/:number/record.docx?counterpart=TH',
    expected: column(200, ['admin', 'secretariat', 'thHead', 'khHead']),
    request: () => get(documentPath(`/rounds/${recordedRound}/record.docx?counterpart=TH`)),
    check: (answer) => {
      expect(answer.headers.get('content-type')).toBe(docxType)
      // The same round and party give the same bytes, whoever exports them.
      expect(Buffer.from(answer.bytes).equals(Buffer.from(recordCopy))).toBe(true)
    },
  },

  // --- each delegation's private layer: its own members alone
  {
    route: 'POST /api/documents/:id/comments (visibility "party")',
    expected: column(201, partyMembers),
    prepare: async () => anchorsIn(scratchClauseId),
    request: (target, who) => ({ method: 'POST', path: documentPath('/comments'), json: { from: target.from, to: target.to, body: `Private by ${who}`, visibility: 'party' } }),
    check: (answer, who) =>
      expect(answer.json.thread).toMatchObject({ visibility: 'party', party: partyOf(who), clauseId: scratchClauseId, createdBy: { memberId: memberIds[who] }, messages: [{ body: `Private by ${who}` }] }),
    untouched: async (_target, who) => {
      for (const reader of ['thLegal', 'khLegal', 'secretariat'] as const) {
        const path = documentPath(reader === 'secretariat' ? '/comments' : '/private')
        expect((await send(get(path), tokens[reader])).text).not.toContain(`Private by ${who}`)
      }
    },
  },
  {
    route: "POST /api/documents/:id/comments/:threadId/replies (a private thread of TH's)",
    expected: privateThreadColumn(201),
    prepare: async () => ({ threadId: await openPrivateThread() }),
    request: (target, who) => ({ method: 'POST', path: documentPath(`/comments/${target.threadId}/replies`), json: { body: `Reply by ${who}` } }),
    check: (answer, who) => expect(answer.json.thread.messages.map((message: { body: string }) => message.body)).toEqual(['Our fallback: 45 days', `Reply by ${who}`]),
    untouched: async (target) => expect((await privateThreadView(target.threadId)).messages).toHaveLength(1),
  },
  {
    route: "POST /api/documents/:id/comments/:threadId/resolve (a private thread of TH's)",
    expected: privateThreadColumn(200),
    prepare: async () => ({ threadId: await openPrivateThread() }),
    request: (target) => ({ method: 'POST', path: documentPath(`/comments/${target.threadId}/resolve`) }),
    check: (answer, who) => expect(answer.json.thread).toMatchObject({ visibility: 'party', party: 'TH', resolved: { by: { memberId: memberIds[who] } } }),
    untouched: async (target) => expect((await privateThreadView(target.threadId)).resolved).toBeNull(),
  },
  {
    route: "POST /api/documents/:id/comments/:threadId/reopen (a private thread of TH's)",
    expected: privateThreadColumn(200),
    prepare: async () => {
      const threadId = await openPrivateThread()
      await must(200, { method: 'POST', path: documentPath(`/comments/${threadId}/resolve`) }, tokens.thDelegate)
      return { threadId }
    },
    request: (target) => ({ method: 'POST', path: documentPath(`/comments/${target.threadId}/reopen`) }),
    check: (answer) => expect(answer.json.thread).toMatchObject({ visibility: 'party', party: 'TH', resolved: null }),
    untouched: async (target) => expect((await privateThreadView(target.threadId)).resolved).not.toBeNull(),
  },
  {
    route: 'GET /api/documents/:id/private',
    expected: column(200, partyMembers),
    request: () => get(documentPath('/private')),
    check: (answer, who) => {
      expect(answer.json).toEqual({ party: partyOf(who), notes: expect.any(Array), threads: expect.any(Array), drafts: expect.any(Array) })
      // Only the asker's party's notes and threads, whoever wrote them.
      expect(answer.json.notes.map((note: { text: string }) => note.text.slice(0, 11))).not.toContain(`Note of ${partyOf(who) === 'TH' ? 'kh' : 'th'}`)
      expect(answer.json.threads.map((thread: { party: string }) => thread.party)).toEqual(answer.json.threads.map(() => partyOf(who)))
      expect(answer.text).toContain(`Private thread of ${partyOf(who)}`)
      expect(answer.text).not.toContain(`Private thread of ${partyOf(who) === 'TH' ? 'KH' : 'TH'}`)
    },
  },
  {
    route: 'POST /api/documents/:id/clauses/:clauseId/private-draft/propose',
    expected: column(201, partyMembers),
    // Both parties have a draft of a fresh clause, whoever asks.
    prepare: async () => {
      const clauseId = await newClause()
      await writeDraft('thDelegate', clauseId, 'Wording drafted by TH')
      await writeDraft('khDelegate', clauseId, 'Wording drafted by KH')
      return { clauseId }
    },
    request: (target) => ({ method: 'POST', path: documentPath(`/clauses/${target.clauseId}/private-draft/propose`), json: {} }),
    check: async (answer, who, target) => {
      expect(answer.json).toMatchObject({ clauseId: target.clauseId, alt: 0, party: partyOf(who), text: `Wording drafted by ${partyOf(who)}` })
      expect((await clauseView(target.clauseId)).brackets.map((bracket: { owners: string[] }) => bracket.owners)).toEqual([[partyOf(who)]])
    },
    untouched: async (target) => expect((await clauseView(target.clauseId)).brackets).toEqual([]),
  },
  {
    // Secretariat or a delegate of either party (heads and legal staff included); an observer may not. A preview changes nothing.
    route: 'POST /api/documents/:id/import',
    expected: column(200, ['admin', ...editingMembers]),
    prepare: async () => ({ file: await wordDraft, text: await storedText(), revisions: (await revisionLabels()).length }),
    request: (target) => ({ method: 'POST', path: documentPath('/import'), raw: target.file }),
    check: async (answer, _who, target) => {
      expect(answer.json).toMatchObject({ documentId, applied: false, texts: [{ lang: 'en', target: 'working' }], report: { counts: { clauses: 1 } } })
      expect(await storedText()).toBe(target.text)
      expect(await revisionLabels()).toHaveLength(target.revisions)
    },
    untouched: async (target) => expect(await storedText()).toBe(target.text),
  },
  {
    route: 'PUT /api/documents/:id/clauses/:clauseId/private-note',
    expected: column(200, partyMembers),
    request: (_target, who) => ({ method: 'PUT', path: documentPath(`/clauses/${scratchClauseId}/private-note`), json: { text: `Note of ${who}` } }),
    check: (answer, who) => expect(answer.json).toMatchObject({ clauseId: scratchClauseId, text: `Note of ${who}` }),
  },
]

const labelOf = (who: Who) => principals.find((row) => row.who === who)!.label

/** `json` is an error of `code` and nothing else: its words, if any, say no more than its message (they are its English). */
function expectOnlyError(json: { error: { words?: unknown } }, code: string): void {
  const { words, ...error } = json.error
  expect({ ...json, error }).toEqual({ error: { code, message: expect.any(String) } })
  if (words !== undefined) expect(isRefusalWords(words) && inEnglish(words)).toBe((error as { message: string }).message)
}

describe.each(endpoints)('$route', (spec) => {
  const cells = principals.map(({ who, label }) => ({ who, status: spec.expected[who], name: `${spec.route} as ${label} → ${spec.expected[who]}` }))

  it.each(cells)('$name', async ({ who, status }) => {
    const target = spec.prepare ? await spec.prepare(who) : {}
    const answer = await send(spec.request(target, who), tokens[who])
    expect(answer.status, `${labelOf(who)} got: ${answer.text.slice(0, 300)}`).toBe(status)
    if (status === 401 || status === 403 || status === 404) {
      // Only the error, nothing of the document.
      expectOnlyError(answer.json, status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : 'not-found')
      if (status === 401) expect(answer.headers.get('www-authenticate')).toBe('Bearer')
      if (spec.untouched) await spec.untouched(target, who)
    } else if (spec.check) {
      await spec.check(answer, who, target)
    }
  })
})

describe('targets of another document, reached through this document’s path', () => {
  it('DELETE /api/documents/:id/members/:memberId as the secretariat, naming a member of another document → 404, and that member keeps its access', async () => {
    const answer = await send({ method: 'DELETE', path: documentPath(`/members/${memberIds.otherDelegate}`) }, tokens.secretariat)
    expect(answer.status).toBe(404)
    expectOnlyError(answer.json, 'not-found')
    await must(200, get(`/api/documents/${otherDocumentId}`), tokens.otherDelegate)
  })

  it('POST /api/documents/:id/comments/:threadId/replies as a TH delegate, naming a thread of another document → 404, and the thread is unchanged', async () => {
    const clauseId = await newClause(null, otherDocumentId)
    const opened = await must(
      201,
      { method: 'POST', path: `/api/documents/${otherDocumentId}/comments`, json: { ...(await anchorsIn(clauseId, otherDocumentId)), body: 'Elsewhere' } },
      tokens.otherDelegate,
    )
    const answer = await send({ method: 'POST', path: documentPath(`/comments/${opened.thread.id}/replies`), json: { body: 'Crossing over' } }, tokens.thDelegate)
    expect(answer.status).toBe(404)
    expectOnlyError(answer.json, 'not-found')
    const { threads } = await must(200, get(`/api/documents/${otherDocumentId}/comments`), tokens.otherDelegate)
    expect(threads.find((thread: { id: string }) => thread.id === opened.thread.id).messages).toHaveLength(1)
  })
})

// ---------------------------------------------------------------------------
// The WebSocket.

type WsOutcome = { close: 4401 | 4403 } | 'edits' | 'reads only'

const wsExpected: Record<Who, WsOutcome> = {
  none: { close: 4401 },
  unknown: { close: 4401 },
  revoked: { close: 4401 },
  admin: { close: 4403 },
  otherDelegate: { close: 4403 },
  otherSecretariat: { close: 4403 },
  secretariat: 'edits',
  thDelegate: 'edits',
  thLegal: 'edits',
  khDelegate: 'edits',
  khLegal: 'edits',
  thHead: 'edits',
  khHead: 'edits',
  observer: 'reads only',
}

const describeOutcome = (outcome: WsOutcome) =>
  outcome === 'edits' ? 'connects and its edits are stored' : outcome === 'reads only' ? 'connects, its updates are refused (permission denied) and never stored' : `closed with ${outcome.close}`

/** Opens a bare socket (no query string at all without a token) on the document, or on `suffix` of it, and resolves at its close, with every frame it received first. */
function refusedSocket(token: string | null, suffix = ''): Promise<{ code: number; reason: string; frames: number }> {
  const query = token === null ? '' : `?token=${encodeURIComponent(token)}`
  const socket = new WebSocket(`${server.collabUrl}/${documentId}${suffix}${query}`)
  let frames = 0
  socket.on('message', () => frames++)
  socket.on('error', () => {})
  return new Promise((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: reason.toString(), frames })))
}

const observerDenial = 'members with the observer role may not change the document'

describe('ws /collab/:id?token=…', () => {
  const cells = principals.map(({ who, label }) => ({ who, outcome: wsExpected[who], name: `ws /collab/:id?token=… as ${label} → ${describeOutcome(wsExpected[who])}` }))

  it.each(cells)('$name', async ({ who, outcome }) => {
    if (typeof outcome === 'object') {
      const closed = await refusedSocket(tokens[who])
      expect(closed.code).toBe(outcome.close)
      expect(closed.reason).not.toBe('')
      // Refused before any Yjs work: not one frame of the document or of anyone's presence.
      expect(closed.frames).toBe(0)
      return
    }
    const client = connectClient(server.collabUrl, documentId, tokens[who]!)
    try {
      await client.synced()
      expect(clauseElements(client.fragment).map((clause) => clause.getAttribute('id'))).toEqual(expect.arrayContaining([signingClauseId, scratchClauseId]))
      const marker = `Typed by ${who}: `
      clauseTexts(clauseById(client.fragment, scratchClauseId))[0]!.insert(0, marker)
      if (outcome === 'edits') {
        await eventually(async () => expect(await storedText()).toContain(marker))
        expect(client.denials).toEqual([])
      } else {
        await eventually(() => expect(client.denials).toEqual([observerDenial]))
        // A later change by someone else reaches the observer: the refusal came first, and it stays connected.
        const later = await newClause()
        await eventually(() => expect(clauseElements(client.fragment).map((clause) => clause.getAttribute('id'))).toContain(later))
        expect(client.provider.wsconnected).toBe(true)
        expect(await storedText()).not.toContain(marker)
        expect((await clauseView(scratchClauseId)).text).not.toContain(marker)
      }
      expect(client.closes).toEqual([])
    } finally {
      client.destroy()
    }
  })

  it('ws /collab/:id?token=… as an observer reconnecting with offline edits → its sync step 2 is refused (permission denied) and never stored', async () => {
    const client = connectClient(server.collabUrl, documentId, tokens.observer!)
    try {
      await client.synced()
      client.provider.disconnect()
      const marker = 'Written offline by the observer: '
      clauseTexts(clauseById(client.fragment, scratchClauseId))[0]!.insert(0, marker)
      client.provider.connect()
      await eventually(() => expect(client.denials).toEqual([observerDenial]))
      const later = await newClause()
      await eventually(() => expect(clauseElements(client.fragment).map((clause) => clause.getAttribute('id'))).toContain(later))
      expect(await storedText()).not.toContain(marker)
    } finally {
      client.destroy()
    }
  })
})

/** The private draft socket: each party's members reach their own party's drafts; everyone else is closed before any Yjs work. */
const draftsExpected: Record<Who, { close: 4401 | 4403 } | 'own drafts'> = {
  ...(Object.fromEntries(Object.entries(wsExpected).map(([who, outcome]) => [who, typeof outcome === 'object' ? outcome : { close: 4403 }])) as Record<Who, { close: 4401 | 4403 }>),
  ...(Object.fromEntries(partyMembers.map((who) => [who, 'own drafts'])) as Record<(typeof partyMembers)[number], 'own drafts'>),
}

describe('ws /collab/:id/private?token=…', () => {
  const cells = principals.map(({ who, label }) => {
    const outcome = draftsExpected[who]
    return { who, outcome, name: `ws /collab/:id/private?token=… as ${label} → ${outcome === 'own drafts' ? "its own party's drafts, co-edited and stored" : `closed with ${outcome.close}`}` }
  })

  it.each(cells)('$name', async ({ who, outcome }) => {
    if (outcome !== 'own drafts') {
      const closed = await refusedSocket(tokens[who], '/private')
      expect(closed.code).toBe(outcome.close)
      expect(closed.reason).not.toBe('')
      expect(closed.frames).toBe(0)
      return
    }
    const words = `Drafted over the socket by ${who}`
    await writeDraft(who, scratchClauseId, words)
    const other = partyOf(who) === 'TH' ? 'khDelegate' : 'thDelegate'
    const { drafts } = await must(200, get(documentPath('/private')), tokens[other])
    expect(JSON.stringify(drafts)).not.toContain(words)
  })
})

