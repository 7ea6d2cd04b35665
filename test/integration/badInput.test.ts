import * as encoding from 'lib0/encoding'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { encodeAwareness, encodeUpdate } from '../../server/protocol/message.js'
import type { Database } from '../../server/storage/database.js'
import { connectClient, writeParagraph as writeParagraphAs, writtenBlocks, type TestClient } from '../support/collabClient.js'
import { eventually } from '../support/eventually.js'
import { openRawSocket } from '../support/rawSocket.js'
import { expectConverged, replicaState, storedReplica } from '../support/replicas.js'
import { useServer } from '../support/fixtures.js'
import type { TestServer } from '../support/testServer.js'

const maxMessageBytes = 64 * 1024

const fixture = useServer({ maxMessageBytes })
let database: Database
let server: TestServer
let documentId: string
let token: string
let writer: TestClient
let reader: TestClient

beforeAll(async () => {
  ;({ database, server } = fixture)
  documentId = await server.createDocument()
  token = (await server.addMember(documentId, 'delegate', 'TH')).token
  writer = connectClient(server.collabUrl, documentId, token)
  reader = connectClient(server.collabUrl, documentId, (await server.addMember(documentId, 'delegate', 'KH')).token)
  await Promise.all([writer.synced(), reader.synced()])
  const blank = writtenBlocks(reader.fragment)
  writeParagraph('Article 1 — Definitions')
  await eventually(() => expect(writtenBlocks(reader.fragment)).toBe(blank + 1))
})

afterAll(() => {
  writer.destroy()
  reader.destroy()
})

const writeParagraph = (text: string) => writeParagraphAs(writer, text)

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder()
  write(encoder)
  return encoding.toUint8Array(encoder)
}

/** An update made by a fresh client: a paragraph, then one of its words deleted (so it has a delete set). */
function updateWithDeletions(): Uint8Array {
  const doc = new Y.Doc()
  const paragraph = new Y.XmlElement('paragraph')
  const text = new Y.XmlText('forged wording that should never land')
  paragraph.insert(0, [text])
  doc.getXmlFragment('prosemirror').push([paragraph])
  text.delete(0, 7)
  return Y.encodeStateAsUpdate(doc)
}

const oversized = encodeUpdate(new Uint8Array(maxMessageBytes + 10))

const badFrames: [string, () => Uint8Array | string, number, string | RegExp][] = [
  ['an empty frame', () => new Uint8Array(0), 4400, 'empty message'],
  ['garbage bytes', () => new Uint8Array([0xff, 0xff, 0xff]), 4400, 'truncated message: message type incomplete at byte 0'],
  ['an unknown message type', () => new Uint8Array([9]), 4400, 'unknown message type 9'],
  ['an unknown sync message type', () => new Uint8Array([0, 7, 0]), 4400, 'unknown sync message type 7'],
  ['a sync message cut short', () => new Uint8Array([0, 2, 10, 1, 2]), 4400, 'truncated message: sync payload incomplete at byte 2'],
  ['bytes after a message', () => new Uint8Array([3, 0, 0]), 4400, '2 unexpected bytes after a query-awareness message'],
  ['an auth message from a client', () => new Uint8Array([2, 0, 0]), 4400, 'auth messages are sent by the server only'],
  ['a text frame', () => 'hello', 4400, 'text frames are not part of the y-websocket protocol'],
  ['a state vector that does not decode', () => new Uint8Array([0, 0, 2, 5, 0xff]), 4400, /state vector that does not decode/],
  [
    'an update that is not a Yjs update',
    () => encodeUpdate(new Uint8Array([1, 1, 200, 7, 9, 9, 9, 9])),
    4400,
    /^update does not decode/,
  ],
  [
    'a real update with its delete set cut off',
    () => {
      const update = updateWithDeletions()
      return encodeUpdate(update.subarray(0, update.length - 2))
    },
    4400,
    /^update does not decode/,
  ],
  [
    'an awareness update cut short',
    () => encodeAwareness(frame((e) => (encoding.writeVarUint(e, 5), encoding.writeVarUint(e, 1)))),
    4400,
    'truncated awareness update',
  ],
  [
    'an awareness state that is not JSON',
    () =>
      encodeAwareness(
        frame((e) => {
          encoding.writeVarUint(e, 1)
          encoding.writeVarUint(e, 42)
          encoding.writeVarUint(e, 1)
          encoding.writeVarString(e, '{not json')
        }),
      ),
    4400,
    'awareness state of client 42 is not JSON',
  ],
  [
    'a message over the size limit',
    () => oversized,
    4413,
    `message of ${oversized.length} bytes exceeds the limit of ${maxMessageBytes}`,
  ],
  // Beyond twice the limit the socket library stops reading at once (1009, no reason).
  ['a frame over twice the limit', () => new Uint8Array(2 * maxMessageBytes + 1), 1009, ''],
]

describe('malformed input', () => {
  it.each(badFrames)(
    'closes the connection that sends %s, and leaves the document and other clients untouched',
    async (_name, makeFrame, code, reason) => {
      const live = (await server.server.registry.peek(documentId))!
      const before = replicaState(live.doc)
      const storedBefore = replicaState(await storedReplica(database, documentId))

      const raw = await openRawSocket(server.collabUrl, documentId, token)
      raw.send(makeFrame())
      const closed = await raw.closed
      expect(closed.code).toBe(code)
      if (typeof reason === 'string') expect(closed.reason).toBe(reason)
      else expect(closed.reason).toMatch(reason)

      expect(replicaState(live.doc)).toEqual(before)
      expect(replicaState(await storedReplica(database, documentId))).toEqual(storedBefore)

      // Everyone else carries on.
      writeParagraph(`after ${_name}`)
      await eventually(() => expect(reader.fragment.toString()).toContain(`after ${_name}`))
      expect(writer.provider.wsconnected && reader.provider.wsconnected).toBe(true)
    },
  )

  it('ends with every replica, the stored one included, still identical', async () => {
    const live = (await server.server.registry.peek(documentId))!
    await eventually(async () => expectConverged([writer.doc, reader.doc, live.doc, await storedReplica(database, documentId)]))
    expect(reader.fragment.toString()).not.toContain('forged wording')
  })
})
