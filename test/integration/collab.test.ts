import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { decodeClientMessage, encodeSyncStep1, type ClientMessage } from '../../server/protocol/message.js'
import type { Database } from '../../server/storage/database.js'
import { UpdateLog } from '../../server/storage/updateLog.js'
import { connectClient, writeParagraph, writtenBlocks, type TestClient } from '../support/collabClient.js'
import { eventually } from '../support/eventually.js'
import { openEagerSocket, type EagerSocket } from '../support/rawSocket.js'
import { expectConverged, storedReplica } from '../support/replicas.js'
import { useServer } from '../support/fixtures.js'
import { startTestServer, type TestServer } from '../support/testServer.js'

const fixture = useServer()
/** A cursor as y-prosemirror publishes it: relative positions in the shared fragment. */
const cursorAt = (assoc: number) => ({ anchor: { tname: 'prosemirror', assoc }, head: { tname: 'prosemirror', assoc } })
let database: Database
let server: TestServer
const clients: TestClient[] = []

beforeAll(() => {
  ;({ database, server } = fixture)
})

afterAll(() => {
  for (const client of clients) client.destroy()
})

function connect(documentId: string, token: string, target: TestServer = server): TestClient {
  const client = connectClient(target.collabUrl, documentId, token)
  clients.push(client)
  return client
}

describe('co-editing through the server', () => {
  it("each delegation sees the other's edits, and the database holds the same document", async () => {
    const documentId = await server.createDocument()
    const thai = await server.addMember(documentId, 'delegate', 'TH')
    const khmer = await server.addMember(documentId, 'delegate', 'KH')
    const a = connect(documentId, thai.token)
    const b = connect(documentId, khmer.token)
    await Promise.all([a.synced(), b.synced()])
    const blank = writtenBlocks(a.fragment)

    writeParagraph(a, 'The Participants will exchange information.')
    writeParagraph(b, 'The Participants will protect victims.')

    await eventually(() => expect([writtenBlocks(a.fragment), writtenBlocks(b.fragment)]).toEqual([blank + 2, blank + 2]))
    await eventually(async () => expectConverged([a.doc, b.doc, await storedReplica(database, documentId)]))
  })

  it('a client reports synced only once the stored document has loaded, never on an empty one', async () => {
    const documentId = await server.createDocument()
    const { token } = await server.addMember(documentId, 'delegate', 'TH')
    const writer = connect(documentId, token)
    await writer.synced()
    const blank = writtenBlocks(writer.fragment)
    for (let i = 0; i < 50; i++) writeParagraph(writer, `Recital ${i}`)
    await eventually(async () => expect(writtenBlocks((await storedReplica(database, documentId)).getXmlFragment('prosemirror'))).toBe(blank + 50))
    writer.destroy()

    // A second server on the same database has nothing in memory.
    const fresh = await startTestServer(database)
    try {
      const reader = connect(documentId, token, fresh)
      const lengthAtSync = await new Promise<number>((resolve) =>
        reader.provider.once('sync', () => resolve(writtenBlocks(reader.fragment))),
      )
      expect(lengthAtSync).toBe(blank + 50)
      reader.destroy()
    } finally {
      await fresh.close()
    }
  })

  it('answers a new client from the stored rows while it builds the document, and a client holding part of it from the built document', async () => {
    const documentId = await server.createDocument()
    const { token } = await server.addMember(documentId, 'delegate', 'KH')
    // A server that compacts often leaves a snapshot; one that does not, a few rows after it.
    const log = new UpdateLog(database)
    for (const [compactAfterUpdates, paragraphs] of [[20, 60], [500, 3]] as const) {
      const writing = await startTestServer(database, { compactAfterUpdates })
      try {
        const writer = connect(documentId, token, writing)
        await writer.synced()
        for (let i = 0; i < paragraphs; i++) writeParagraph(writer, `Article ${compactAfterUpdates}.${i}: the Participants will cooperate.`)
        await eventually(async () => expect(holdsText(await storedReplica(database, documentId), `Article ${compactAfterUpdates}.${paragraphs - 1}`)).toBe(true))
        writer.destroy()
      } finally {
        await writing.close()
      }
    }
    const stored = await log.load(documentId)
    expect(stored.snapshot).not.toBeNull()
    expect(stored.updates.length).toBeGreaterThan(0)
    const expected = await storedReplica(database, documentId)

    // Nothing in memory: the question arrives with the upgrade, before the load begins.
    const fresh = await startTestServer(database)
    const sockets: EagerSocket[] = []
    try {
      const empty = openEagerSocket(fresh.collabUrl, documentId, token, encodeSyncStep1(Y.encodeStateVector(new Y.Doc())))
      sockets.push(empty)
      const answer = await messagesUntilStep2(empty)
      expect(answer.map((message) => message.type)).toEqual([...answer.slice(0, -1).map(() => 'update'), 'sync-step-2'])
      expect(answer.length).toBeGreaterThanOrEqual(2)
      const replica = new Y.Doc()
      for (const message of answer) if ('update' in message) Y.applyUpdate(replica, message.update)
      expectConverged([replica, expected])

      // A client that holds the snapshot already is sent the rest, from the document built.
      const partial = new Y.Doc()
      Y.applyUpdate(partial, stored.snapshot!)
      const holder = openEagerSocket(fresh.collabUrl, documentId, token, encodeSyncStep1(Y.encodeStateVector(partial)))
      sockets.push(holder)
      const rest = await messagesUntilStep2(holder)
      expect(rest.map((message) => message.type).filter((type) => type !== 'awareness')).toEqual(['sync-step-1', 'sync-step-2'])
      Y.applyUpdate(partial, (rest.at(-1) as { update: Uint8Array }).update)
      expectConverged([partial, expected])
    } finally {
      for (const socket of sockets) socket.close()
      await fresh.close()
    }
  })

  it('loads a document once when many clients connect at the same moment', async () => {
    const documentId = await server.createDocument()
    const { token } = await server.addMember(documentId, 'delegate', 'KH')
    const loadsBefore = server.server.registry.loads
    const burst = Array.from({ length: 20 }, () => connect(documentId, token))
    await Promise.all(burst.map((client) => client.synced()))
    expect(server.server.registry.loads - loadsBefore).toBe(1)
    for (const client of burst) client.destroy()
  })

  it('unloads a document after its last client leaves, and serves its content again afterwards', async () => {
    const documentId = await server.createDocument()
    const { token } = await server.addMember(documentId, 'delegate', 'TH')
    const writer = connect(documentId, token)
    await writer.synced()
    const blank = writtenBlocks(writer.fragment)
    writeParagraph(writer, 'Article 1 — Objective')
    await eventually(async () => expect(writtenBlocks((await storedReplica(database, documentId)).getXmlFragment('prosemirror'))).toBe(blank + 1))
    writer.destroy()
    await eventually(async () => expect(await server.server.registry.peek(documentId)).toBeNull())

    const reader = connect(documentId, token)
    await reader.synced()
    expect(reader.fragment.toString()).toBe(writer.fragment.toString())
  })
})

/** The messages a socket receives up to and including the first sync step 2. */
async function messagesUntilStep2(socket: EagerSocket): Promise<ClientMessage[]> {
  const messages: ClientMessage[] = []
  for (;;) {
    const message = decodeClientMessage(await socket.nextFrame())
    messages.push(message)
    if (message.type === 'sync-step-2') return messages
  }
}

const holdsText = (doc: Y.Doc, text: string) => doc.getXmlFragment('prosemirror').toString().includes(text)

describe('who may do what', () => {
  it("an observer receives the delegates' edits but its own edits reach neither other clients nor the database", async () => {
    const documentId = await server.createDocument()
    const delegate = connect(documentId, (await server.addMember(documentId, 'delegate', 'TH')).token)
    const observer = connect(documentId, (await server.addMember(documentId, 'observer')).token)
    await Promise.all([delegate.synced(), observer.synced()])

    writeParagraph(delegate, 'Agreed text')
    await eventually(() => expect(observer.fragment.toString()).toContain('Agreed text'))

    writeParagraph(observer, 'Observer wording')
    await eventually(() => expect(observer.denials).toEqual(['members with the observer role may not change the document']))
    expect(observer.refusals).toEqual([{ key: 'refusal.text.roleMayNotEdit', values: { role: 'observer' } }])
    // The delegate's next edit proves the channel is live after the refusal.
    writeParagraph(delegate, 'More agreed text')
    await eventually(() => expect(observer.fragment.toString()).toContain('More agreed text'))
    expect(delegate.fragment.toString()).not.toContain('Observer wording')
    expect((await storedReplica(database, documentId)).getXmlFragment('prosemirror').toString()).not.toContain('Observer wording')
    expect(observer.provider.wsconnected).toBe(true)
  })

  it('refuses a token of another document with 4403 and a bad or missing token with 4401', async () => {
    const first = await server.createDocument()
    const second = await server.createDocument()
    const { token } = await server.addMember(first, 'delegate', 'TH')

    const elsewhere = connect(second, token)
    expect(await elsewhere.closed()).toEqual({ code: 4403, reason: `this token is not valid for document ${second}` })
    const forged = connect(first, 'cp_not-a-real-token')
    expect(await forged.closed()).toEqual({ code: 4401, reason: 'the token is not valid' })
    const anonymous = connect(first, '')
    expect((await anonymous.closed()).code).toBe(4401)
    const admin = connect(first, server.adminToken)
    expect((await admin.closed()).code).toBe(4403)
    // The stock provider gives up on 44xx codes instead of retrying forever.
    expect(elsewhere.provider.shouldConnect).toBe(false)
  })

  it('disconnects a revoked member at once and refuses its token afterwards', async () => {
    const documentId = await server.createDocument()
    const member = await server.addMember(documentId, 'legal', 'KH')
    const client = connect(documentId, member.token)
    await client.synced()

    const closing = client.closed()
    const { status } = await server.request('DELETE', `/api/documents/${documentId}/members/${member.id}`)
    expect(status).toBe(200)
    expect(await closing).toEqual({ code: 4401, reason: 'your membership of this document was revoked' })

    const again = connect(documentId, member.token)
    expect(await again.closed()).toEqual({ code: 4401, reason: 'the token was revoked' })
  })
})

describe('presence', () => {
  it("stamps every awareness state with the sender's identity, whatever the client claims", async () => {
    const documentId = await server.createDocument()
    const thai = await server.addMember(documentId, 'delegate', 'TH', 'Khun Somchai')
    const khmer = await server.addMember(documentId, 'delegate', 'KH', 'Lok Sokha')
    const a = connect(documentId, thai.token)
    const b = connect(documentId, khmer.token)
    await Promise.all([a.synced(), b.synced()])

    a.provider.awareness.setLocalState({ cursor: cursorAt(3), user: { name: 'Lok Sokha', party: 'KH', color: '#000000' } })
    await eventually(() => {
      const seen = b.provider.awareness.getStates().get(a.doc.clientID)
      expect(seen).toEqual({
        cursor: cursorAt(3),
        user: { memberId: thai.id, name: 'Khun Somchai', party: 'TH', role: 'delegate', color: '#1d4ed8' },
      })
    })
  })

  it("ignores what a connection publishes for another member's client id", async () => {
    const documentId = await server.createDocument()
    const honestMember = await server.addMember(documentId, 'delegate', 'TH', 'Khun Somchai')
    const honest = connect(documentId, honestMember.token)
    const watcher = connect(documentId, (await server.addMember(documentId, 'observer')).token)
    await Promise.all([honest.synced(), watcher.synced()])
    honest.provider.awareness.setLocalState({ cursor: cursorAt(1) })
    await eventually(() => expect(watcher.provider.awareness.getStates().get(honest.doc.clientID)?.cursor).toEqual(cursorAt(1)))

    // Another member's client that uses the honest client's Yjs client id.
    const impostorDoc = new Y.Doc()
    impostorDoc.clientID = honest.doc.clientID
    const impostor = connectClient(server.collabUrl, documentId, (await server.addMember(documentId, 'delegate', 'KH')).token, {
      doc: impostorDoc,
    })
    clients.push(impostor)
    await impostor.synced()
    impostor.provider.awareness.setLocalState({ cursor: cursorAt(99) })
    impostor.provider.awareness.setLocalState({ cursor: cursorAt(100) })
    // The honest client's next move arrives; the impostor's never did.
    honest.provider.awareness.setLocalState({ cursor: cursorAt(2) })
    await eventually(() =>
      expect(watcher.provider.awareness.getStates().get(honest.doc.clientID)).toEqual({
        cursor: cursorAt(2),
        user: expect.objectContaining({ memberId: honestMember.id, party: 'TH' }),
      }),
    )
    const live = await server.server.registry.peek(documentId)
    expect(live?.presence.awareness.getStates().get(honest.doc.clientID)?.cursor).toEqual(cursorAt(2))
  })

  it('removes a client from everyone’s presence when it disconnects', async () => {
    const documentId = await server.createDocument()
    const staying = connect(documentId, (await server.addMember(documentId, 'delegate', 'TH')).token)
    const leaving = connect(documentId, (await server.addMember(documentId, 'delegate', 'KH')).token)
    await Promise.all([staying.synced(), leaving.synced()])
    leaving.provider.awareness.setLocalState({ cursor: null })
    await eventually(() => expect(staying.provider.awareness.getStates().has(leaving.doc.clientID)).toBe(true))
    leaving.provider.disconnect()
    await eventually(() => expect(staying.provider.awareness.getStates().has(leaving.doc.clientID)).toBe(false))
  })
})
