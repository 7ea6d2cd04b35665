import { createHash } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readContent } from '../../server/mou/contentCodec.js'
import { clauseById, clauseElements, clauseTexts, moveClause } from '../support/clauseEditing.js'
import { connectClient, type TestClient } from '../support/collabClient.js'
import { eventually, sleep } from '../support/eventually.js'
import { useServer } from '../support/fixtures.js'
import { createRandom, randomInt, type Random } from '../support/randomEdits.js'
import { cambodianParty, startTestServer, thaiParty, type TestServer } from '../support/testServer.js'

const fixture = useServer({ unloadDelayMs: 100 })
let server: TestServer
beforeAll(() => {
  server = fixture.server
})

interface Negotiation {
  documentId: string
  thai: { id: string; token: string }
  khmer: { id: string; token: string }
}

async function negotiation(style: 'mou' | 'treaty' = 'mou'): Promise<Negotiation> {
  const { body } = await server.request('POST', '/api/documents', {
    body: { template: 'anti-trafficking-mou', style, parties: [thaiParty, cambodianParty] },
  })
  return {
    documentId: body.id,
    thai: await server.addMember(body.id, 'delegate', 'TH', 'Khun Somchai'),
    khmer: await server.addMember(body.id, 'delegate', 'KH', 'Lok Sokha'),
  }
}

async function connected(documentId: string, token: string): Promise<TestClient> {
  const client = connectClient(server.collabUrl, documentId, token)
  await client.synced()
  return client
}

const revise = async (documentId: string, token: string | undefined, label: string) => {
  const { status, body } = await server.request('POST', `/api/documents/${documentId}/revisions`, { token, body: { label } })
  expect(status).toBe(201)
  return body
}

/** The documented canonical form, written out independently of the server's code. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical)
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key, item]) => key !== 'ychange' && item !== null)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, item]) => [key, canonical(item)]),
    )
  }
  return value
}
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

/** Waits until the server holds everything `client` has. */
async function flushed(client: TestClient, documentId: string): Promise<void> {
  await eventually(async () => {
    const live = await server.server.registry.peek(documentId)
    expect(Y.encodeStateVector(live!.doc)).toEqual(Y.encodeStateVector(client.doc))
  })
}

describe('revisions', () => {
  it('are numbered per document, name who made them, and chain their hashes from a genesis value', async () => {
    const { documentId, thai } = await negotiation()
    const first = await revise(documentId, thai.token, 'Draft sent to capitals')
    expect(first).toMatchObject({
      seq: 1,
      label: 'Draft sent to capitals',
      auto: false,
      createdBy: { kind: 'member', memberId: thai.id, name: 'Khun Somchai', party: 'TH' },
      parentHash: '0'.repeat(64),
    })
    const { body: content } = await server.request('GET', `/api/documents/${documentId}/content`)
    expect(first.contentHash).toBe(sha256(JSON.stringify(canonical(content.doc))))

    const second = await revise(documentId, undefined, 'After the Phnom Penh round')
    expect(second).toMatchObject({ seq: 2, parentHash: first.hash, createdBy: { kind: 'admin', memberId: null } })
    const header = { ...second, createdBy: null, createdByKind: 'admin', documentId }
    delete (header as Record<string, unknown>).hash
    const sortedKeys = Object.fromEntries(Object.entries(header).sort(([a], [b]) => (a < b ? -1 : 1)))
    expect(second.hash).toBe(sha256(JSON.stringify(sortedKeys)))

    const { body } = await server.request('GET', `/api/documents/${documentId}/revisions`)
    expect(body.revisions.map((revision: { seq: number }) => revision.seq)).toEqual([1, 2])
    const observer = await server.addMember(documentId, 'observer')
    expect((await server.request('POST', `/api/documents/${documentId}/revisions`, { token: observer.token, body: { label: 'x' } })).status).toBe(403)
    expect((await server.request('GET', `/api/documents/${documentId}/revisions/9`)).status).toBe(404)
    expect((await server.request('GET', `/api/documents/${documentId}/revisions/abc`)).status).toBe(400)
  })

  it('are refused UPDATE, DELETE and TRUNCATE by the database itself', async () => {
    const { documentId, thai } = await negotiation()
    await revise(documentId, thai.token, 'one')
    const { database } = fixture
    await expect(database.query("UPDATE revisions SET label = 'rewritten' WHERE document_id = $1", [documentId])).rejects.toThrow(
      'revisions is append-only: UPDATE refused',
    )
    await expect(database.query('DELETE FROM revisions WHERE document_id = $1', [documentId])).rejects.toThrow('revisions is append-only: DELETE refused')
    await expect(database.query('TRUNCATE revisions CASCADE')).rejects.toThrow(/is append-only: TRUNCATE refused/)
  })

  it('verify recomputes every hash and reports the first break after the log is tampered with in SQL', async () => {
    const { documentId, thai } = await negotiation()
    const client = await connected(documentId, thai.token)
    for (const label of ['one', 'two', 'three']) {
      clauseTexts(clauseElements(client.fragment)[1]!)[0]!.insert(0, `${label} `)
      await flushed(client, documentId)
      await revise(documentId, thai.token, label)
    }
    client.destroy()
    const verify = () => server.request('GET', `/api/documents/${documentId}/revisions/verify`).then((response) => response.body)
    expect(await verify()).toEqual({ valid: true, revisions: 3, firstBreak: null })

    const tamper = async (sql: string) => {
      await fixture.database.transaction(async (tx) => {
        await tx.query('ALTER TABLE revisions DISABLE TRIGGER revisions_append_only')
        await tx.query(sql, [documentId])
        await tx.query('ALTER TABLE revisions ENABLE TRIGGER revisions_append_only')
      })
    }
    await tamper("UPDATE revisions SET label = 'Nothing to see' WHERE document_id = $1 AND seq = 2")
    expect(await verify()).toEqual({ valid: false, revisions: 3, firstBreak: { seq: 2, problem: 'its hash does not match its recorded fields' } })

    const other = await negotiation()
    await revise(other.documentId, other.thai.token, 'one')
    await revise(other.documentId, other.thai.token, 'two')
    const { body: first } = await server.request('GET', `/api/documents/${other.documentId}/revisions/1`)
    const forged = new Y.Doc()
    Y.applyUpdate(forged, (await fixture.database.query<{ state: Uint8Array }>('SELECT state FROM revisions WHERE document_id = $1 AND seq = 2', [other.documentId]))[0]!.state)
    forged.getXmlFragment('prosemirror').delete(3, 1)
    await fixture.database.transaction(async (tx) => {
      await tx.query('ALTER TABLE revisions DISABLE TRIGGER revisions_append_only')
      await tx.query('UPDATE revisions SET state = $2 WHERE document_id = $1 AND seq = 2', [other.documentId, Y.encodeStateAsUpdate(forged)])
      await tx.query('ALTER TABLE revisions ENABLE TRIGGER revisions_append_only')
    })
    expect((await server.request('GET', `/api/documents/${other.documentId}/revisions/verify`)).body.firstBreak).toEqual({
      seq: 2,
      problem: 'its content hash does not match its stored content',
    })
    expect(first.content.clauses).toHaveLength(19)
  })

  it("keep their content however the live document moves on, across a server restart", async () => {
    const { documentId, khmer } = await negotiation('treaty')
    const revision = await revise(documentId, khmer.token, 'Baseline')
    const { body: before } = await server.request('GET', `/api/documents/${documentId}/revisions/1`)
    const client = await connected(documentId, khmer.token)
    const fragment = client.fragment
    client.doc.transact(() => {
      fragment.delete(fragment.toArray().indexOf(clauseElements(fragment)[4]!), 1)
      clauseTexts(clauseElements(fragment)[0]!)[0]!.insert(0, 'Changed. ')
    })
    await flushed(client, documentId)
    client.destroy()

    const restarted = await startTestServer(fixture.database)
    try {
      const { body: after } = await restarted.request('GET', `/api/documents/${documentId}/revisions/1`)
      expect(after.content).toEqual(before.content)
      expect(after.contentHash).toBe(revision.contentHash)
      const live = await restarted.request('GET', `/api/documents/${documentId}/content`)
      expect(live.body.clauses).toHaveLength(18)
    } finally {
      await restarted.close()
    }
  })

  it('restore brings an old text back as a forward change every client sees, recorded as a new revision', async () => {
    const { documentId, thai, khmer } = await negotiation()
    const a = await connected(documentId, thai.token)
    const b = await connected(documentId, khmer.token)
    await revise(documentId, thai.token, 'Before the round')
    const { body: old } = await server.request('GET', `/api/documents/${documentId}/revisions/1`)
    a.doc.transact(() => a.fragment.delete(a.fragment.toArray().indexOf(clauseElements(a.fragment)[2]!), 1))
    clauseTexts(clauseElements(b.fragment)[5]!)[1]!.insert(3, 'NEW WORDS ')
    await flushed(a, documentId)
    await flushed(b, documentId)
    await revise(documentId, khmer.token, 'After the round')

    const { status, body } = await server.request('POST', `/api/documents/${documentId}/revisions/1/restore`, { token: khmer.token })
    expect(status).toBe(201)
    expect(body).toMatchObject({ seq: 3, label: 'Restored revision 1: Before the round', createdBy: { memberId: khmer.id }, contentHash: old.contentHash })
    for (const client of [a, b]) await eventually(() => expect(readContent(client.doc).toJSON()).toEqual(old.content.doc))
    const { body: list } = await server.request('GET', `/api/documents/${documentId}/revisions`)
    expect(list.revisions.map((revision: { label: string }) => revision.label)).toEqual(['Before the round', 'After the round', 'Restored revision 1: Before the round'])
    expect((await server.request('GET', `/api/documents/${documentId}/revisions/verify`)).body.valid).toBe(true)
    a.destroy()
    b.destroy()
  })
})

describe('automatic checkpoints', () => {
  it('are recorded when the last client leaves a document that changed, and not for one that did not', async () => {
    const { documentId, thai } = await negotiation()
    const reader = await connected(documentId, thai.token)
    reader.destroy()
    await eventually(async () => expect(await server.server.registry.peek(documentId)).toBeNull())
    expect((await server.request('GET', `/api/documents/${documentId}/revisions`)).body.revisions).toEqual([])

    const writer = await connected(documentId, thai.token)
    clauseTexts(clauseElements(writer.fragment)[0]!)[0]!.insert(0, 'Edited. ')
    await flushed(writer, documentId)
    writer.destroy()
    await eventually(async () => {
      const { body } = await server.request('GET', `/api/documents/${documentId}/revisions`)
      expect(body.revisions).toEqual([
        expect.objectContaining({ seq: 1, auto: true, label: expect.stringMatching(/^Automatic checkpoint \d{4}-\d\d-\d\d \d\d:\d\d UTC$/), createdBy: expect.objectContaining({ kind: 'server' }) }),
      ])
    })
    const { body: revision } = await server.request('GET', `/api/documents/${documentId}/revisions/1`)
    expect(revision.content.clauses[0].text).toContain('Edited. ')
  })

  it('are recorded during a long stretch of editing', async () => {
    const own = await startTestServer(fixture.database, { checkpointAfterMs: 1000 })
    try {
      const { body } = await own.request('POST', '/api/documents', { body: { template: 'anti-trafficking-mou', parties: [thaiParty, cambodianParty] } })
      const { token } = await own.addMember(body.id, 'delegate', 'TH')
      const client = connectClient(own.collabUrl, body.id, token)
      await client.synced()
      const text = clauseTexts(clauseElements(client.fragment)[0]!)[0]!
      await eventually(
        async () => {
          text.insert(0, 'x')
          await sleep(100)
          expect((await own.request('GET', `/api/documents/${body.id}/revisions`)).body.revisions.length).toBeGreaterThan(0)
        },
        { timeoutMs: 10_000 },
      )
      expect(client.provider.wsconnected).toBe(true)
      client.destroy()
    } finally {
      await own.close()
    }
  })
})

describe('attribution', () => {
  it('traces every span of a clause to the member and party who typed it', async () => {
    const { documentId, thai, khmer } = await negotiation()
    const a = await connected(documentId, thai.token)
    const b = await connected(documentId, khmer.token)
    const clause = clauseElements(a.fragment)[1]!
    const id = clause.getAttribute('id') as string
    clauseTexts(clause)[0]!.insert(0, 'THAI WORDS ')
    await flushed(a, documentId)
    // The Cambodian delegate types in front of words they can see: inserts at one place made
    // before either side saw the other's would be ordered by Yjs client id, not by time.
    await eventually(() => expect(clauseTexts(clauseById(b.fragment, id))[0]!.toString()).toMatch(/^THAI WORDS /))
    clauseTexts(clauseById(b.fragment, id))[0]!.insert(0, 'KHMER WORDS ')
    await flushed(b, documentId)

    const { body } = await server.request('GET', `/api/documents/${documentId}/attribution?revision=live`)
    const spans = body.clauses.find((entry: { id: string }) => entry.id === id).spans
    expect(spans.slice(0, 3)).toEqual([
      { text: expect.stringMatching(/^Objectives\n$/), author: { memberId: null, name: 'Counterpart server', party: null } },
      { text: 'KHMER WORDS ', author: { memberId: khmer.id, name: 'Lok Sokha', party: 'KH' } },
      { text: 'THAI WORDS ', author: { memberId: thai.id, name: 'Khun Somchai', party: 'TH' } },
    ])
    a.destroy()
    b.destroy()
  })

  it("refuses an update that writes under another member's Yjs client id, and nothing of it is kept", async () => {
    const { documentId, thai, khmer } = await negotiation()
    const honest = await connected(documentId, thai.token)
    clauseTexts(clauseElements(honest.fragment)[0]!)[0]!.insert(0, 'Genuine. ')
    await flushed(honest, documentId)

    const forgerDoc = new Y.Doc()
    const forger = connectClient(server.collabUrl, documentId, khmer.token, { doc: forgerDoc })
    await forger.synced()
    const closing = forger.closed()
    // Set after syncing: Yjs would otherwise pick a new id on seeing its own id in others' updates.
    const ownId = forgerDoc.clientID
    forgerDoc.clientID = honest.doc.clientID
    clauseTexts(clauseElements(forger.fragment)[0]!)[0]!.insert(0, 'Forged in the name of TH. ')
    expect(await closing).toEqual({ code: 4403, reason: `the update writes as Yjs client ${honest.doc.clientID}, which belongs to another member` })
    forgerDoc.clientID = ownId
    const { body } = await server.request('GET', `/api/documents/${documentId}/content`)
    expect(body.clauses[0].text).not.toContain('Forged')
    expect(honest.provider.wsconnected).toBe(true)
    honest.destroy()
    forger.destroy()
  })
})

/** Random typing and deleting in the body text of the given clauses. */
function editSession(random: Random, client: TestClient, clauseIds: string[], word: () => string, steps: number): void {
  for (let step = 0; step < steps; step++) {
    const texts = clauseTexts(clauseById(client.fragment, clauseIds[randomInt(random, 0, clauseIds.length - 1)]!)).filter((text) => text.length > 0)
    const text = texts[randomInt(random, 0, texts.length - 1)]!
    if (random.next() < 0.6) text.insert(randomInt(random, 0, text.length), `${word()} `)
    else {
      const at = randomInt(random, 0, text.length - 1)
      text.delete(at, randomInt(random, 1, Math.min(12, text.length - at)))
    }
  }
}

describe('compare', () => {
  it.each([3, 17])('names the right party for every insertion and deletion in a seeded session by two delegations (seed %i)', async (seed) => {
    const random = createRandom(seed)
    const { documentId, thai, khmer } = await negotiation()
    const a = await connected(documentId, thai.token)
    const b = await connected(documentId, khmer.token)
    const ids = clauseElements(a.fragment).map((clause) => clause.getAttribute('id') as string)
    const thaiClauses = ids.slice(2, 6)
    const khmerClauses = ids.slice(8, 12)
    const shared = ids[14]!
    await revise(documentId, thai.token, 'Before')

    for (let round = 0; round < 10; round++) {
      editSession(random, a, thaiClauses, () => 'THAI', 3)
      editSession(random, b, khmerClauses, () => 'KHMER', 3)
      clauseTexts(clauseById(a.fragment, shared))[0]!.insert(0, 'AAAA ')
      clauseTexts(clauseById(b.fragment, shared))[0]!.insert(0, '1111 ')
      await sleep(randomInt(random, 0, 10))
    }
    await flushed(a, documentId)
    await flushed(b, documentId)
    await eventually(() => expect(Y.encodeStateVector(a.doc)).toEqual(Y.encodeStateVector(b.doc)))
    await revise(documentId, khmer.token, 'After')

    const { body } = await server.request('GET', `/api/documents/${documentId}/compare?from=1&to=2`)
    const byId = new Map(body.clauses.map((clause: { id: string }) => [clause.id, clause]))
    const partyOf = (clauseId: string) => (thaiClauses.includes(clauseId) ? 'TH' : khmerClauses.includes(clauseId) ? 'KH' : null)
    let checked = 0
    for (const clause of body.clauses) {
      if (!clause.diff) continue
      for (const run of clause.diff.filter((run: { op: string }) => run.op !== 'equal')) {
        checked++
        if (clause.id === shared) {
          if (/[A]/.test(run.text)) expect(run.author.party).toBe('TH')
          if (/[1]/.test(run.text)) expect(run.author.party).toBe('KH')
        } else expect([clause.id, run.op, run.author?.party]).toEqual([clause.id, run.op, partyOf(clause.id)])
      }
    }
    expect(checked).toBeGreaterThan(20)
    expect((byId.get(shared) as { change: string }).change).toBe('modified')
    for (const id of [...thaiClauses, ...khmerClauses]) expect((byId.get(id) as { change: string }).change).toBe('modified')
    expect(body.summary.unchanged).toBe(19 - 9)
    a.destroy()
    b.destroy()
  })

  it('reads a revision recorded while an earlier one is held decoded by moving that one forward, and answers as a server that decodes it from storage', async () => {
    const random = createRandom(5)
    const { body: created } = await server.request('POST', '/api/documents', {
      body: { template: 'anti-trafficking-mou', style: 'treaty', languages: { working: 'en', others: ['th', 'km'] }, parties: [{ ...thaiParty, language: 'th' }, { ...cambodianParty, language: 'km' }] },
    })
    const documentId = created.id as string
    const [thai, khmer] = [await server.addMember(documentId, 'delegate', 'TH'), await server.addMember(documentId, 'delegate', 'KH')]
    const a = await connected(documentId, thai.token)
    const ids = clauseElements(a.fragment).map((clause) => clause.getAttribute('id') as string)
    editSession(random, a, ids.slice(0, 6), () => 'FIRST', 4)
    await flushed(a, documentId)
    await revise(documentId, thai.token, 'One')
    // Revision 1 read, and so held decoded, as it is again and again below.
    expect((await server.request('GET', `/api/documents/${documentId}/compare?from=1&to=1`)).status).toBe(200)
    const requests = [1, 2, 3].flatMap((to) =>
      [1, 2, 3].filter((from) => from < to).flatMap((from) => [`/compare?from=${from}&to=${to}`, `/compare?from=${from}&to=${to}&lang=th`, `/compare.docx?from=${from}&to=${to}`]),
    )
    for (const [round, words] of ['SECOND', 'THIRD'].entries()) {
      editSession(random, a, ids.slice(round * 3, round * 3 + 8), () => words, 4)
      clauseTexts(clauseById(a.fragment, ids[10 + round]!))[0]!.insert(0, `${words} `)
      a.doc.transact(() => a.fragment.delete(a.fragment.toArray().indexOf(clauseById(a.fragment, ids[15 + round]!)), 1))
      moveClause(a.doc, ids[12 + round]!, ids[2]!)
      await flushed(a, documentId)
      const live = await server.server.registry.peek(documentId)
      // The server follows the recording: it holds an earlier revision to move forward.
      expect(server.server.history.recording(documentId, live!.doc)).not.toBeNull()
      await revise(documentId, khmer.token, words)
    }
    a.destroy()
    const answers = async (on: TestServer) => {
      const bodies: unknown[] = []
      for (const request of requests) {
        const response = await fetch(`${on.url}/api/documents/${documentId}${request}`, { headers: { authorization: `Bearer ${on.adminToken}` } })
        expect([request, response.status]).toEqual([request, 200])
        bodies.push(request.includes('.docx') ? Buffer.from(await response.arrayBuffer()).toString('base64') : await response.json())
      }
      return bodies
    }
    const warm = await answers(server)
    const cold = await startTestServer(fixture.database)
    try {
      expect(warm).toEqual(await answers(cold))
    } finally {
      await cold.close()
    }
  })

  it('reports a moved clause as moved, with its old and new number, and clauses added and removed', async () => {
    const { documentId, thai } = await negotiation('treaty')
    const client = await connected(documentId, thai.token)
    const ids = clauseElements(client.fragment).map((clause) => clause.getAttribute('id') as string)
    await revise(documentId, thai.token, 'Before')
    moveClause(client.doc, ids[2]!, ids[6]!)
    moveClause(client.doc, ids[4]!, null)
    clauseTexts(clauseById(client.fragment, ids[4]!))[0]!.insert(0, 'AMENDED ')
    client.doc.transact(() => client.fragment.delete(client.fragment.toArray().indexOf(clauseById(client.fragment, ids[10]!)), 1))
    await flushed(client, documentId)
    const inserted = await server.request('POST', `/api/documents/${documentId}/clauses`, { body: { templateId: 'costs', after: ids[0] } })

    const { body } = await server.request('GET', `/api/documents/${documentId}/compare?from=1&to=live`)
    const byId = new Map(body.clauses.map((clause: { id: string }) => [clause.id, clause]))
    expect(byId.get(ids[2])).toMatchObject({ change: 'moved', moved: true, modified: false, from: { label: 'Article 3' }, to: { label: 'Article 8' }, diff: null })
    // Moved and amended: re-created as new items, so compared word by word; only the amendment shows.
    const amended = byId.get(ids[4]) as { change: string; modified: boolean; to: { label: string }; diff: { op: string; text: string; author: { party: string } }[] }
    expect(amended).toMatchObject({ change: 'moved', modified: true, from: { label: 'Article 5' }, to: { label: 'Article 1' } })
    // Dated by the update that made it, to the minute.
    expect(amended.diff.filter((run) => run.op !== 'equal')).toEqual([{ op: 'insert', text: 'AMENDED ', author: expect.objectContaining({ party: 'TH' }), at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00Z$/) }])
    expect(byId.get(ids[10])).toMatchObject({ change: 'removed', from: { label: 'Article 11' }, to: null })
    expect(byId.get(inserted.body.clause.id)).toMatchObject({ change: 'added', from: null, to: { label: 'Article 3' } })
    expect(byId.get(ids[1])).toMatchObject({ change: 'renumbered', from: { label: 'Article 2' }, to: { label: 'Article 4' } })
    expect(body.summary).toMatchObject({ moved: 2, added: 1, removed: 1 })
    // The duplicated "costs" clause is the only new text.
    const added = byId.get(inserted.body.clause.id) as { diff: { op: string; author: { memberId: string | null } }[] }
    expect(added.diff.every((run) => run.op === 'insert')).toBe(true)
    client.destroy()
  })

  it('reports changes of paragraph structure and of headings', async () => {
    const { documentId, khmer } = await negotiation()
    const client = await connected(documentId, khmer.token)
    await revise(documentId, khmer.token, 'Before')
    const clause = clauseElements(client.fragment)[13]!
    const heading = clause.get(0) as Y.XmlElement
    client.doc.transact(() => {
      const paragraph = new Y.XmlElement('paragraph')
      paragraph.insert(0, [new Y.XmlText('A closing sentence.')])
      clause.push([paragraph])
      ;(heading.get(0) as Y.XmlText).insert(0, 'Shared ')
    })
    await flushed(client, documentId)
    const { body } = await server.request('GET', `/api/documents/${documentId}/compare?from=1&to=live`)
    const changed = body.clauses.find((entry: { id: string }) => entry.id === clause.getAttribute('id'))
    expect(changed.change).toBe('modified')
    expect(changed.structure.to).toEqual([...changed.structure.from, 'paragraph'])
    expect(changed.to.heading).toMatch(/^Shared /)
    // The new paragraph, its mark included, is the member's who made it.
    expect(changed.diff.filter((run: { op: string }) => run.op !== 'equal').map((run: { text: string; author: { name: string } }) => [run.text, run.author.name])).toEqual([
      ['Shared ', 'Lok Sokha'],
      ['\nA closing sentence.', 'Lok Sokha'],
    ])
    client.destroy()
  })

  it('as an HTML redline escapes markup typed into a clause and runs no script', async () => {
    const { documentId, thai } = await negotiation()
    const client = await connected(documentId, thai.token)
    await revise(documentId, thai.token, 'Before')
    clauseTexts(clauseElements(client.fragment)[3]!)[0]!.insert(0, '<script>alert("owned")</script> <img src=x onerror=alert(1)> ')
    await flushed(client, documentId)
    const response = await fetch(`${server.url}/api/documents/${documentId}/compare?from=1&to=live&format=html`, {
      headers: { authorization: `Bearer ${server.adminToken}` },
    })
    expect(response.headers.get('content-type')).toMatch(/^text\/html/)
    // Nothing loads but its own inline styles; it cannot be framed, re-based or post a form.
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
    const html = await response.text()
    expect(html).not.toMatch(/<script|<img/i)
    expect(html).toContain('&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;')
    // Who made each change, and when (the update that made it, to the minute).
    expect(html).toMatch(/<ins class="change" data-party="TH" style="color:#1d4ed8" title="Inserted by Khun Somchai \(TH\) on \d{4}-\d\d-\d\d \d\d:\d\d UTC" data-at="\d{4}-\d\d-\d\dT\d\d:\d\d:00Z">/)
    expect(html).toContain('Paragraph 4')
    client.destroy()
  })

  it('refuses a revision that does not exist and a malformed reference', async () => {
    const { documentId } = await negotiation()
    expect((await server.request('GET', `/api/documents/${documentId}/compare?from=4&to=live`)).body).toEqual({
      error: { code: 'not-found', message: `document ${documentId} has no revision 4` },
    })
    expect((await server.request('GET', `/api/documents/${documentId}/compare?from=first`)).body).toEqual({
      error: { code: 'invalid', message: 'parameter "from" must be a revision number or "live" (got "first")' },
    })
  })
})
