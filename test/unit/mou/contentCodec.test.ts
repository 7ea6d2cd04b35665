import { describe, expect, it } from 'vitest'
import { Node } from 'prosemirror-model'
import * as Y from 'yjs'
import { encodeContent, insertClause, readClause, readContent, readInPlace } from '../../../server/mou/contentCodec.js'
import { mouSchema } from '../../../server/vocabulary/schema.js'
import { clause, mou, np, p, partyRef, ref, sub } from '../../support/mouBuilders.js'
import * as build from '../../support/docBuilders.js'
import { ElementMemo } from '../../../server/mou/elementMemo.js'
import { createRandom, randomStructureEdit } from '../../support/randomEdits.js'

const sample = mou(
  clause('c1', 'Objectives', p('The Participants ', mouSchema.text('will', [mouSchema.mark('strong')]), ' cooperate.')),
  clause('c2', 'Requests', np(['In writing, see ', ref('c1'), '.']), np('Content:', sub('facts'), sub('purpose'))),
)

const toYDoc = (doc: Node) => {
  const ydoc = new Y.Doc()
  Y.applyUpdate(ydoc, encodeContent(doc))
  return ydoc
}

describe('content between ProseMirror and Yjs', () => {
  it('round-trips JSON → Y document → JSON unchanged, marks, references and attributes included', () => {
    const json = sample.toJSON()
    const back = readContent(toYDoc(Node.fromJSON(mouSchema, json)))
    expect(back.toJSON()).toEqual(json)
    back.check()
  })

  it('reads from a copy: a node the schema rejects is not deleted from the live document', () => {
    const ydoc = toYDoc(sample)
    ydoc.getXmlFragment('prosemirror').insert(3, [new Y.XmlElement('not_in_schema')])
    const before = Y.encodeStateAsUpdate(ydoc)
    readContent(ydoc)
    expect(Y.encodeStateAsUpdate(ydoc)).toEqual(before)
    expect(ydoc.getXmlFragment('prosemirror').length).toBe(5)
  })

  it('reads a throwaway document in place as from a copy, and says when reading changed it', () => {
    const clean = toYDoc(sample)
    expect(readInPlace(clean, 'prosemirror')).toEqual({ content: readContent(clean), modified: false })
    const rejected = toYDoc(sample)
    rejected.getXmlFragment('prosemirror').insert(3, [new Y.XmlElement('not_in_schema')])
    const copied = readContent(rejected)
    const read = readInPlace(rejected, 'prosemirror')
    expect(read.modified).toBe(true)
    expect(read.content.toJSON()).toEqual(copied.toJSON())
  })

  it.each([4, 21])('read in place again after seeded random edits, converts only the elements that changed, and reads as the whole text converted afresh (seed %i)', (seed) => {
    const random = createRandom(seed)
    const clauses = Array.from({ length: 10 }, (_, index) => clause(`c${index}`, `Clause ${index}`, p('See ', ref(`c${(index + 3) % 10}`), ', ', mouSchema.text('marked', [mouSchema.mark('strong')]), '.'), np('Numbered', sub('lettered'))))
    const ydoc = toYDoc(mou(...clauses))
    const fragment = ydoc.getXmlFragment('prosemirror')
    const memo = new ElementMemo(ydoc)
    let previous = readInPlace(ydoc, 'prosemirror', memo).content
    let kept = 0
    for (let round = 0; round < 30; round++) {
      randomStructureEdit(random, fragment)
      const read = readInPlace(ydoc, 'prosemirror', memo)
      expect(read.modified).toBe(false)
      expect(read.content.toJSON()).toEqual(readContent(ydoc).toJSON())
      read.content.forEach((node) => {
        let found = false
        previous.forEach((before) => (found ||= before === node))
        if (found) kept++
      })
      previous = read.content
    }
    // Most elements were unchanged at each reading, and were not converted again.
    expect(kept).toBeGreaterThan(30 * 6)
  })

  it('reads one clause alone as the whole text reads it, leaving the document untouched', () => {
    const marked = mou(
      ...sample.content.content.filter((node) => node.type.name === 'clause'),
      build.clause(
        'c3',
        build.heading('Notice'),
        build.p(partyRef('TH'), ' gives ', build.strong('written'), ' notice within ', build.bracket('b1', 'TH')('30'), build.bracket('b1', 'KH', 1)('60'), ' days.'),
        np(['See clause ', ref('c2')], sub('facts ', mouSchema.text('first', [mouSchema.mark('em')]))),
      ),
    )
    const ydoc = toYDoc(marked)
    ydoc.getXmlFragment('prosemirror').insert(3, [new Y.XmlElement('not_in_schema')])
    const before = Y.encodeStateAsUpdate(ydoc)
    const whole = readContent(ydoc)
    for (const id of ['c1', 'c2', 'c3']) {
      const alone = readClause(ydoc, id)!
      expect(alone.toJSON()).toEqual(whole.content.content.find((node) => node.attrs.id === id)!.toJSON())
    }
    expect(readClause(ydoc, 'nope')).toBeNull()
    expect(Y.encodeStateAsUpdate(ydoc)).toEqual(before)
  })

  it('inserts a clause where asked, encoded as y-prosemirror encodes it', () => {
    const ydoc = toYDoc(sample)
    const added = clause('c3', 'Costs', p('Each Participant will bear its own costs.'))
    insertClause(ydoc, added, 'c1')
    expect(readContent(ydoc).toJSON()).toEqual(mou(sample.child(2), added, sample.child(3)).toJSON())
    insertClause(ydoc, clause('c0', 'Definitions', p('Terms.')), null)
    expect(readContent(ydoc).child(2).attrs.id).toBe('c0')
    expect(() => insertClause(ydoc, added, 'nope')).toThrow(new RangeError('no clause with id nope'))
    // The same element y-prosemirror builds from the node.
    const viaBinding = toYDoc(mou(added)).getXmlFragment('prosemirror').get(2) as Y.XmlElement
    expect(ydoc.getXmlFragment('prosemirror').get(4)!.toString()).toBe(viaBinding.toString())
  })
})
