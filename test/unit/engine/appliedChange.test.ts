import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { movesElements } from '../../../server/engine/appliedChange.js'

/** A document with a clause of one paragraph in the working text and in its Thai text, and a map beside them. */
function texts() {
  const doc = new Y.Doc()
  for (const name of ['prosemirror', 'prosemirror:th']) {
    const clause = new Y.XmlElement('clause')
    const paragraph = new Y.XmlElement('paragraph')
    paragraph.insert(0, [new Y.XmlText('The Participants will cooperate.')])
    clause.insert(0, [paragraph])
    doc.getXmlFragment(name).insert(0, [clause])
  }
  return doc
}

/** Whether `change`, made in one transaction on `doc`, moved an element in the texts named `roots`. */
function moved(doc: Y.Doc, roots: string[], change: (doc: Y.Doc) => void): boolean {
  return doc.transact((transaction) => {
    change(doc)
    return movesElements(transaction, roots)
  })
}

const clauseOf = (doc: Y.Doc, root = 'prosemirror') => doc.getXmlFragment(root).get(0) as Y.XmlElement
const textOf = (doc: Y.Doc) => (clauseOf(doc).get(0) as Y.XmlElement).get(0) as Y.XmlText

describe('whether a transaction moved an element', () => {
  it('does not count words typed or deleted, attributes set, or changes outside the texts named', () => {
    const doc = texts()
    expect(moved(doc, ['prosemirror'], (d) => textOf(d).insert(4, 'two '))).toBe(false)
    expect(moved(doc, ['prosemirror'], (d) => textOf(d).delete(0, 4))).toBe(false)
    expect(moved(doc, ['prosemirror'], (d) => clauseOf(d).setAttribute('status', 'agreed'))).toBe(false)
    expect(moved(doc, ['prosemirror'], (d) => d.getMap('meta').set('x', 1))).toBe(false)
    expect(moved(doc, ['prosemirror'], (d) => clauseOf(d, 'prosemirror:th').insert(1, [new Y.XmlElement('paragraph')]))).toBe(false)
  })

  it('counts an element added, removed or moved at any depth of a text named, as Yjs applies it from another replica too', () => {
    const doc = texts()
    expect(moved(doc, ['prosemirror'], (d) => clauseOf(d).insert(1, [new Y.XmlElement('paragraph')]))).toBe(true)
    expect(moved(doc, ['prosemirror'], (d) => clauseOf(d).delete(1, 1))).toBe(true)
    expect(moved(doc, ['prosemirror', 'prosemirror:th'], (d) => clauseOf(d, 'prosemirror:th').insert(1, [new Y.XmlElement('paragraph')]))).toBe(true)
    const replica = new Y.Doc()
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc))
    const before = Y.encodeStateVector(doc)
    doc.getXmlFragment('prosemirror').insert(1, [new Y.XmlElement('clause')])
    let seen: boolean | null = null
    replica.on('afterTransaction', (transaction: Y.Transaction) => (seen = movesElements(transaction, ['prosemirror'])))
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc, before))
    expect(seen).toBe(true)
  })
})
