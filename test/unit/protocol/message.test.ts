import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  decodeClientMessage,
  encodeAwareness,
  encodeQueryAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  ProtocolError,
} from '../../../server/protocol/message.js'

const doc = new Y.Doc()
doc.getText('t').insert(0, 'hello')
const stateVector = Y.encodeStateVector(doc)
const update = Y.encodeStateAsUpdate(doc)

describe('decodeClientMessage', () => {
  it('reads back every message a client may send, as encoded', () => {
    expect(decodeClientMessage(encodeSyncStep1(stateVector))).toEqual({ type: 'sync-step-1', stateVector })
    expect(decodeClientMessage(encodeSyncStep2(update))).toEqual({ type: 'sync-step-2', update })
    expect(decodeClientMessage(encodeUpdate(update))).toEqual({ type: 'update', update })
    expect(decodeClientMessage(encodeAwareness(new Uint8Array([0])))).toEqual({ type: 'awareness', update: new Uint8Array([0]) })
    expect(decodeClientMessage(encodeQueryAwareness())).toEqual({ type: 'query-awareness' })
  })

  it('throws a ProtocolError for every prefix of a valid message', () => {
    const frame = encodeUpdate(update)
    for (let length = 0; length < frame.length; length++) {
      expect(() => decodeClientMessage(frame.subarray(0, length))).toThrow(ProtocolError)
    }
  })

  it('names what is wrong', () => {
    expect(() => decodeClientMessage(new Uint8Array([]))).toThrow('empty message')
    expect(() => decodeClientMessage(new Uint8Array([0x80]))).toThrow('truncated message: message type incomplete at byte 0')
    expect(() => decodeClientMessage(new Uint8Array([4]))).toThrow('unknown message type 4')
    expect(() => decodeClientMessage(new Uint8Array([0, 3, 0]))).toThrow('unknown sync message type 3')
    expect(() => decodeClientMessage(new Uint8Array([...encodeQueryAwareness(), 1]))).toThrow('1 unexpected bytes after a query-awareness message')
  })
})
