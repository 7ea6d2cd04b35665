/**
 * Presence under attack: an observer floods the awareness channel with
 * states for thousands of client ids, and a member publishes cursors that
 * make y-prosemirror throw. The server must keep its memory and the traffic
 * it hands on bounded, show each connection as at most one state rebuilt
 * from what it validated, and drop that state when the connection closes —
 * while stock providers keep seeing each other, relays and all, never
 * closed.
 *
 * The server runs as a child process so that its memory is its own (read
 * from /proc). Deadlines in `eventually` only bound a failing test.
 */

import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { decodeAwarenessUpdate, encodeAwarenessUpdate, type AwarenessEntry } from '../../server/protocol/awarenessUpdate.js'
import { decodeClientMessage, encodeAwareness, messageAwareness } from '../../server/protocol/message.js'
import { connectClient, type TestClient } from '../support/collabClient.js'
import { eventually } from '../support/eventually.js'
import { useServerProcesses } from '../support/fixtures.js'
import { openRawSocket, type RawSocket } from '../support/rawSocket.js'
import type { ServerProcess } from '../support/testServer.js'

const MiB = 1024 * 1024
const fixture = useServerProcesses()
let server: ServerProcess
const clients: TestClient[] = []
const sockets: RawSocket[] = []

beforeAll(async () => {
  server = await fixture.spawn()
})

afterAll(() => {
  for (const client of clients) client.destroy()
  for (const socket of sockets) socket.socket.terminate()
})

function connect(documentId: string, token: string): TestClient {
  const client = connectClient(server.collabUrl, documentId, token)
  clients.push(client)
  return client
}

async function openSocket(documentId: string, token: string): Promise<RawSocket> {
  const socket = await openRawSocket(server.collabUrl, documentId, token)
  sockets.push(socket)
  return socket
}

/** The server process's resident memory, in bytes. */
function serverRss(): number {
  const line = fs.readFileSync(`/proc/${server.child.pid}/status`, 'utf8').split('\n').find((entry) => entry.startsWith('VmRSS:'))!
  return Number(line.split(/\s+/)[1]) * 1024
}

/** The awareness frames among `frames` (from the server), each with its size and entries. */
function awarenessFrames(frames: readonly Uint8Array[]): { bytes: number; entries: AwarenessEntry[] }[] {
  return frames
    .filter((frame) => frame[0] === messageAwareness)
    .map((frame) => {
      const message = decodeClientMessage(frame)
      if (message.type !== 'awareness') throw new Error('not an awareness frame')
      return { bytes: frame.length, entries: decodeAwarenessUpdate(message.update) }
    })
}

/**
 * A cursor at `index` in `type` as y-prosemirror publishes it (the
 * RelativePosition objects themselves), and as the others receive it.
 */
function cursorAt(type: Y.XmlFragment | Y.XmlText, index: number) {
  const position = Y.createRelativePositionFromTypeIndex(type, index)
  const json = Y.relativePositionToJSON(position)
  return { published: { anchor: position, head: position }, seen: { anchor: json, head: json } }
}

/**
 * Resolves every cursor `client` holds for other clients the way
 * y-prosemirror's cursor plugin does; throws where the plugin would.
 */
function resolveCursors(client: TestClient): void {
  for (const [clientId, state] of client.provider.awareness.getStates()) {
    if (clientId === client.doc.clientID || state.cursor == null) continue
    for (const position of [state.cursor.anchor, state.cursor.head]) {
      Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(position), client.doc)
    }
  }
}

describe('an awareness flood', () => {
  it("from an observer (20 messages of 10,000 client ids) keeps the server's memory and what a passive delegate receives bounded, and the flooder's newest cursor still arrives", async () => {
    const documentId = await server.createDocument()
    const passive = await openSocket(documentId, (await server.addMember(documentId, 'delegate', 'TH')).token)
    const watcher = connect(documentId, (await server.addMember(documentId, 'delegate', 'KH')).token)
    await watcher.synced()
    const observer = await openSocket(documentId, (await server.addMember(documentId, 'observer')).token)
    // The watcher's own state has gone out before the count starts.
    await eventually(() => expect(awarenessFrames(passive.frames).some((frame) => frame.entries.some((entry) => entry.clientId === watcher.doc.clientID))).toBe(true))
    const framesBefore = passive.frames.length
    const rssBefore = serverRss()

    // The flooder's own client id comes first in every message, its cursor
    // moving one step per message; 9,999 other ids follow, new each time.
    const own = 7
    const padding = 'x'.repeat(64)
    for (let message = 0; message < 20; message++) {
      const entries: AwarenessEntry[] = [
        { clientId: own, clock: message + 1, state: { cursor: { anchor: { tname: 'prosemirror', assoc: message }, head: { tname: 'prosemirror', assoc: message } }, padding } },
      ]
      for (let i = 1; i < 10_000; i++) entries.push({ clientId: 1_000 + message * 10_000 + i, clock: 1, state: { user: { name: 'Ghost' }, padding } })
      observer.send(encodeAwareness(encodeAwarenessUpdate(entries)))
    }

    // The newest cursor of the flooder arrives, and nothing after it is pending.
    const isLast = (entry: AwarenessEntry) => entry.clientId === own && (entry.state?.cursor as { anchor: { assoc: number } } | undefined)?.anchor.assoc === 19
    await eventually(() => expect(awarenessFrames(passive.frames.slice(framesBefore)).some((frame) => frame.entries.some(isLast))).toBe(true), { timeoutMs: 60_000 })
    await eventually(() => expect(watcher.provider.awareness.getStates().get(own)?.cursor.anchor.assoc).toBe(19), { timeoutMs: 60_000 })
    const rssAfter = serverRss()

    const received = awarenessFrames(passive.frames.slice(framesBefore))
    const bytes = received.reduce((sum, frame) => sum + frame.bytes, 0)
    const mib = (value: number) => (value / MiB).toFixed(1)
    console.info(
      `[awareness flood] server rss ${mib(rssBefore)} → ${mib(rssAfter)} MiB; passive delegate received ${received.length} awareness frames, ${bytes} bytes`,
    )
    // Measured: about 25 MiB more resident memory (the decoding; was 210
    // MiB, every state kept) and about 2.5 KiB to the passive delegate in a
    // dozen frames (was 42 MB); the bounds leave room for the collector.
    expect(rssAfter - rssBefore).toBeLessThan(64 * MiB)
    expect(bytes).toBeLessThan(64 * 1024)
    // The flooder shows as one state, not 200,000.
    expect([...watcher.provider.awareness.getStates().keys()].sort()).toEqual([own, watcher.doc.clientID].sort())
    const named = new Set(received.flatMap((frame) => frame.entries.map((entry) => entry.clientId)))
    expect([...named].filter((clientId) => clientId !== own && clientId !== watcher.doc.clientID)).toEqual([])
    expect(watcher.closes).toEqual([])
  }, 180_000)
})

describe('awareness states as other members see them', () => {
  it('a crafted cursor never reaches another member: the sender shows without it, and with its next valid cursor', async () => {
    const documentId = await server.createDocument()
    const crafterMember = await server.addMember(documentId, 'delegate', 'TH', 'Khun Somchai')
    const crafter = connect(documentId, crafterMember.token)
    const victim = connect(documentId, (await server.addMember(documentId, 'delegate', 'KH')).token)
    await Promise.all([crafter.synced(), victim.synced()])

    // y-prosemirror throws "Unexpected case" on a position naming no type and no item.
    crafter.provider.awareness.setLocalState({ cursor: { anchor: {}, head: {} }, user: { name: 'Lok Sokha', party: 'KH' }, script: '<img>' })
    await eventually(() =>
      expect(victim.provider.awareness.getStates().get(crafter.doc.clientID)).toEqual({
        user: { memberId: crafterMember.id, name: 'Khun Somchai', party: 'TH', role: 'delegate', color: '#1d4ed8' },
      }),
    )
    resolveCursors(victim)

    const valid = cursorAt(crafter.fragment, 0)
    crafter.provider.awareness.setLocalState({ cursor: valid.published })
    await eventually(() => expect(victim.provider.awareness.getStates().get(crafter.doc.clientID)?.cursor).toEqual(valid.seen))
    resolveCursors(victim)
    expect([crafter.closes, victim.closes]).toEqual([[], []])
  })

  it("two stock providers see each other's presence and cursors, and a member's state is gone for the others once its socket closes", async () => {
    const documentId = await server.createDocument()
    const thai = connect(documentId, (await server.addMember(documentId, 'delegate', 'TH')).token)
    const khmerMember = await server.addMember(documentId, 'delegate', 'KH', 'Lok Sokha')
    const khmer = connect(documentId, khmerMember.token)
    await Promise.all([thai.synced(), khmer.synced()])
    // A cursor inside the title's text, and one between top-level nodes.
    const text = thai.fragment.createTreeWalker((node) => node instanceof Y.XmlText).next().value as Y.XmlText
    const thaiCursor = cursorAt(text, 4)
    const khmerCursor = cursorAt(khmer.fragment, 1)
    thai.provider.awareness.setLocalStateField('cursor', thaiCursor.published)
    khmer.provider.awareness.setLocalStateField('cursor', khmerCursor.published)
    await eventually(() => {
      expect(khmer.provider.awareness.getStates().get(thai.doc.clientID)?.cursor).toEqual(thaiCursor.seen)
      expect(thai.provider.awareness.getStates().get(khmer.doc.clientID)).toEqual({
        cursor: khmerCursor.seen,
        user: expect.objectContaining({ memberId: khmerMember.id, party: 'KH' }),
      })
    })
    resolveCursors(thai)
    resolveCursors(khmer)

    // The socket drops without the provider's goodbye (a null state), and stays down.
    khmer.provider.shouldConnect = false
    khmer.provider.ws!.close()
    await eventually(() => expect(thai.provider.awareness.getStates().has(khmer.doc.clientID)).toBe(false))
    expect(thai.closes).toEqual([])
  })
})
