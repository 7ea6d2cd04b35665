import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { subtract, UnsentChanges } from '../../../client/src/unsentChanges.js'

/**
 * A page and the server it syncs with, as two Yjs documents: the page's
 * changes are noted as it makes them and reach the server only when
 * `deliver` says; the server answers questions as its sync step 1 handler
 * does (everything it holds beyond the state vector asked with).
 */
function pageAndServer(initial = 'Article 1 text') {
  const server = new Y.Doc()
  server.getText('t').insert(0, initial)
  const page = new Y.Doc()
  Y.applyUpdate(page, Y.encodeStateAsUpdate(server), 'server')
  const unsent = new UnsentChanges()
  const made: Uint8Array[] = []
  page.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === 'server') return
    made.push(update)
    unsent.madeHere(update)
  })
  const text = page.getText('t')
  return {
    server,
    page,
    unsent,
    type: (words: string) => text.insert(text.length, words),
    erase: (index: number, length: number) => text.delete(index, length),
    /** The server receives and stores the page's changes `from` to `to` (all not yet delivered, by default). */
    deliver(from = 0, to = made.length) {
      for (const update of made.slice(from, to)) Y.applyUpdate(server, update)
    },
    /** The server's answer to the question the page would ask now. */
    answer(): Uint8Array {
      const question = unsent.question(Y.decodeStateVector(Y.encodeStateVector(page)))
      if (question === null) throw new Error('nothing to ask')
      return Y.encodeStateAsUpdate(server, Y.encodeStateVector(question))
    },
  }
}

describe('the unsent changes', () => {
  it('counts each change made in the page until the server’s answer shows it holds it', () => {
    const { unsent, type, deliver, answer } = pageAndServer()
    type(' one')
    type(' two')
    type(' three')
    expect(unsent.count).toBe(3)
    unsent.serverHolds(answer())
    expect(unsent.count).toBe(3)
    deliver(0, 2)
    unsent.serverHolds(answer())
    expect(unsent.count).toBe(1)
    deliver(2)
    unsent.serverHolds(answer())
    expect(unsent.count).toBe(0)
    expect(unsent.question(new Map())).toBeNull()
  })

  it('counts a deletion until the server’s delete set holds it: no new item says so', () => {
    const { unsent, erase, deliver, answer, server } = pageAndServer()
    erase(0, 8)
    expect(unsent.count).toBe(1)
    // The server's state vector alone does not tell a deletion.
    unsent.serverHasClocks(Y.decodeStateVector(Y.encodeStateVector(server)))
    expect(unsent.count).toBe(1)
    deliver()
    unsent.serverHolds(answer())
    expect(unsent.count).toBe(0)
  })

  it('takes the server’s sync step 1 as proof of the items it names, and of nothing beyond', () => {
    const { unsent, type, deliver, server } = pageAndServer()
    type(' one')
    type(' two')
    deliver(0, 1)
    unsent.serverHasClocks(Y.decodeStateVector(Y.encodeStateVector(server)))
    expect(unsent.count).toBe(1)
  })

  it('asks the server, for the clients it has pending writes of, only from what the server is known to hold', () => {
    const { unsent, type, page, server, deliver } = pageAndServer()
    type(' one')
    const documentVector = Y.decodeStateVector(Y.encodeStateVector(page))
    const before = Y.decodeStateVector(Y.encodeStateVector(server)).get(page.clientID) ?? 0
    expect(unsent.question(documentVector)!.get(page.clientID)).toBe(before)
    deliver()
    type(' two')
    unsent.serverHasClocks(Y.decodeStateVector(Y.encodeStateVector(server)))
    expect(unsent.count).toBe(1)
    expect(unsent.question(documentVector)!.get(page.clientID)).toBe(Y.decodeStateVector(Y.encodeStateVector(server)).get(page.clientID))
  })

  it('is kept across a reload as one record of as many changes, which the server’s answer settles whole', () => {
    const { unsent, type, erase, deliver, page, server } = pageAndServer()
    type(' one')
    erase(0, 3)
    type(' two')
    const kept = unsent.kept()
    expect(kept.changes).toBe(3)
    // The next page: the same document from the local copy, a new tracker.
    const reloaded = new Y.Doc()
    Y.applyUpdate(reloaded, Y.encodeStateAsUpdate(page))
    const next = new UnsentChanges()
    next.restore(JSON.parse(JSON.stringify(kept)))
    expect(next.count).toBe(3)
    const ask = () => Y.encodeStateAsUpdate(server, Y.encodeStateVector(next.question(Y.decodeStateVector(Y.encodeStateVector(reloaded)))!))
    deliver(0, 2)
    next.serverHolds(ask())
    expect(next.count).toBe(3)
    deliver(2)
    next.serverHolds(ask())
    expect(next.count).toBe(0)
  })

  it('forgets everything once discarded', () => {
    const { unsent, type } = pageAndServer()
    type(' one')
    unsent.discard()
    expect(unsent.count).toBe(0)
    expect(unsent.kept()).toEqual({ changes: 0, writes: [], deletes: [] })
  })
})

describe('subtracting spans', () => {
  it('keeps what lies outside the held spans, client by client', () => {
    expect(subtract([[1, 0, 10]], [[1, 2, 3]])).toEqual([
      [1, 0, 2],
      [1, 5, 5],
    ])
    expect(subtract([[1, 0, 10]], [[2, 0, 10]])).toEqual([[1, 0, 10]])
    expect(subtract([[1, 4, 2]], [[1, 0, 10]])).toEqual([])
    expect(subtract([[1, 0, 4], [1, 8, 4]], [[1, 2, 8]])).toEqual([
      [1, 0, 2],
      [1, 10, 2],
    ])
  })
})
