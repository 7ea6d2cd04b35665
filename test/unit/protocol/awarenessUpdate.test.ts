import * as awarenessProtocol from 'y-protocols/awareness'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { decodeAwarenessUpdate, encodeAwarenessUpdate, maxAwarenessStateBytes, validCursor } from '../../../server/protocol/awarenessUpdate.js'
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

describe('awareness updates, bounded', () => {
  it('refuse a state larger than the limit, naming the client and the size', () => {
    const big = encodeAwarenessUpdate([{ clientId: 7, clock: 1, state: { padding: 'x'.repeat(maxAwarenessStateBytes) } }])
    expect(() => decodeAwarenessUpdate(big)).toThrow(`awareness state of client 7 is ${maxAwarenessStateBytes + 14} bytes (at most ${maxAwarenessStateBytes})`)
    const fits = encodeAwarenessUpdate([{ clientId: 7, clock: 1, state: { padding: 'x'.repeat(maxAwarenessStateBytes - 14) } }])
    expect(decodeAwarenessUpdate(fits)).toHaveLength(1)
  })
})

/** A document with text in the `prosemirror` fragment, as y-prosemirror lays it out. */
function proseDoc(): { doc: Y.Doc; fragment: Y.XmlFragment; text: Y.XmlText } {
  const doc = new Y.Doc()
  const fragment = doc.getXmlFragment('prosemirror')
  const paragraph = new Y.XmlElement('paragraph')
  const text = new Y.XmlText('The Participants will cooperate.')
  paragraph.insert(0, [text])
  fragment.insert(0, [paragraph])
  return { doc, fragment, text }
}

/** Resolves `position` the way y-prosemirror's cursor plugin does; throws where the plugin would. */
function resolve(position: unknown, doc: Y.Doc): void {
  Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(position), doc)
}

describe('cursors', () => {
  it('accept every position y-prosemirror publishes, as it comes over the wire or as JSON: in text, in the fragment, at the end of either, associated either way', () => {
    const { doc, fragment, text } = proseDoc()
    const positions = [
      Y.createRelativePositionFromTypeIndex(text, 4),
      Y.createRelativePositionFromTypeIndex(text, text.length),
      Y.createRelativePositionFromTypeIndex(text, 0, -1),
      Y.createRelativePositionFromTypeIndex(fragment, 0),
      Y.createRelativePositionFromTypeIndex(fragment, 1),
      Y.createRelativePositionFromTypeIndex(new Y.Doc().getXmlFragment('prosemirror'), 0, -1),
    ]
    const json = positions.map((position) => Y.relativePositionToJSON(position))
    // Every form Yjs writes: a nested type or the fragment, with an item or at the end.
    expect(json.map((position) => Object.keys(position).sort().join())).toEqual([
      'assoc,item,type',
      'assoc,type',
      'assoc,type',
      'assoc,item,tname',
      'assoc,tname',
      'assoc,tname',
    ])
    // y-prosemirror publishes the RelativePosition objects themselves: their unset fields go over the wire as null.
    const wire = positions.map((position) => JSON.parse(JSON.stringify(position)))
    expect(wire[0]).toEqual({ type: json[0]!.type, tname: null, item: json[0]!.item, assoc: 0 })
    positions.forEach((_, i) => {
      for (const [anchor, head] of [[wire[i], wire[i]], [json[i], wire[i]], [json[i], json[i]]]) {
        const cursor = validCursor({ anchor, head })
        expect(cursor).toEqual({ anchor: json[i], head: json[i] })
        resolve(cursor!.anchor, doc)
      }
    })
  })

  it('refuse every other shape, among them the ones that make y-prosemirror throw', () => {
    const { doc } = proseDoc()
    const valid = { tname: 'prosemirror', assoc: 0 }
    // Why: a position naming neither a type nor an item throws in every other member's page.
    expect(() => resolve({}, doc)).toThrow('Unexpected case')
    const positions: unknown[] = [
      {},
      { assoc: 0 },
      { item: { client: 1, clock: 0 }, assoc: 0 },
      { tname: 'other', assoc: 0 },
      { tname: '', assoc: 0 },
      { tname: 'prosemirror', type: { client: 1, clock: 0 }, assoc: 0 },
      { tname: 'prosemirror', assoc: 0.5 },
      { tname: 'prosemirror', assoc: '0' },
      { tname: 'prosemirror', assoc: 0, script: '<img>' },
      { type: { client: -1, clock: 0 }, assoc: 0 },
      { type: { client: 2 ** 32, clock: 0 }, assoc: 0 },
      { type: { client: '1', clock: 0 }, assoc: 0 },
      { type: { client: 1, clock: 2 ** 53 }, assoc: 0 },
      { type: { client: 1, clock: -1 }, assoc: 0 },
      { type: { client: 1 }, assoc: 0 },
      { type: { client: 1, clock: 0, extra: true }, assoc: 0 },
      { type: [1, 0], assoc: 0 },
      { type: null, assoc: 0 },
      { type: { client: 1, clock: 0 }, item: { client: 1, clock: null }, assoc: 0 },
      { type: null, tname: null, item: { client: 1, clock: 0 }, assoc: 0 },
      { type: null, tname: 'prosemirror', item: null, assoc: 0, extra: null },
      { tname: 'prosemirror', item: 'x', assoc: 0 },
      null,
      'prosemirror',
      [],
    ]
    for (const position of positions) {
      expect(validCursor({ anchor: position, head: valid })).toBeNull()
      expect(validCursor({ anchor: valid, head: position })).toBeNull()
    }
    for (const cursor of [null, undefined, 3, 'cursor', [], {}, { anchor: valid }, { head: valid }, { anchor: valid, head: valid, tail: valid }]) {
      expect(validCursor(cursor)).toBeNull()
    }
  })

  it("name by name only the document's text fragments they are told of: a language text's, not another's", () => {
    const inThai = { tname: 'prosemirror:th', assoc: 0 }
    const roots = ['prosemirror', 'prosemirror:th', 'prosemirror:km']
    expect(validCursor({ anchor: inThai, head: inThai }, roots)).toEqual({ anchor: inThai, head: inThai })
    expect(validCursor({ anchor: inThai, head: inThai })).toBeNull()
    expect(validCursor({ anchor: { tname: 'prosemirror:fr', assoc: 0 }, head: inThai }, roots)).toBeNull()
    expect(validCursor({ anchor: { tname: 'negotiation', assoc: 0 }, head: inThai }, roots)).toBeNull()
  })

  it('rebuild what they accept, so a position object never passes on as it came', () => {
    const anchor = { type: { client: 1, clock: 2 }, item: { client: 3, clock: 4 }, assoc: -1 }
    const cursor = validCursor({ anchor, head: anchor })!
    expect(cursor).toEqual({ anchor, head: anchor })
    expect(cursor.anchor).not.toBe(anchor)
    expect(cursor.head).not.toBe(cursor.anchor)
  })
})
