import * as awarenessProtocol from 'y-protocols/awareness'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { decodeAwarenessUpdate, encodeAwarenessUpdate } from '../../../server/protocol/awarenessUpdate.js'
import { ProtocolError } from '../../../server/protocol/message.js'

describe('awareness updates', () => {
  it('decode what y-protocols encodes, and encode what y-protocols applies', () => {
    const source = new awarenessProtocol.Awareness(new Y.Doc())
    source.setLocalState({ cursor: { anchor: 4, head: 9 }, user: { name: 'Somchai' } })
    const entries = decodeAwarenessUpdate(awarenessProtocol.encodeAwarenessUpdate(source, [source.clientID]))
    expect(entries).toEqual([{ clientId: source.clientID, clock: 1, state: { cursor: { anchor: 4, head: 9 }, user: { name: 'Somchai' } } }])

    const target = new awarenessProtocol.Awareness(new Y.Doc())
    awarenessProtocol.applyAwarenessUpdate(target, encodeAwarenessUpdate(entries), null)
    expect(target.getStates().get(source.clientID)).toEqual(source.getLocalState())
    source.destroy()
    target.destroy()
  })

  it('keep a null state (a client leaving) as null', () => {
    expect(decodeAwarenessUpdate(encodeAwarenessUpdate([{ clientId: 7, clock: 3, state: null }]))).toEqual([{ clientId: 7, clock: 3, state: null }])
  })

  it('refuse truncated updates, leftovers, and states that are not objects', () => {
    const valid = encodeAwarenessUpdate([{ clientId: 7, clock: 3, state: { a: 1 } }])
    for (let length = 0; length < valid.length; length++) {
      expect(() => decodeAwarenessUpdate(valid.subarray(0, length))).toThrow(ProtocolError)
    }
    expect(() => decodeAwarenessUpdate(new Uint8Array([...valid, 0]))).toThrow('unexpected bytes after the awareness update')
    const array = new Uint8Array([1, 7, 3, 2, ...new TextEncoder().encode('[]')])
    expect(() => decodeAwarenessUpdate(array)).toThrow('awareness state of client 7 must be an object or null')
  })
})
