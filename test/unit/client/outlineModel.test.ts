import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { EditorState } from 'prosemirror-state'
import { clauseIdAt, moveClause, outlineOf, sameOutline } from '../../../client/src/outlineModel.js'
import { mouSchema } from '../../../server/vocabulary/schema.js'
import { encodeContent, readContent } from '../../../server/mou/contentCodec.js'
import { clause, mou, p, textPosition } from '../../support/mouBuilders.js'

const doc = mou(clause('a', 'Objectives', p('one')), clause('b', 'Scope', p('two')), clause('c', 'Costs', p('three')), clause('d', 'Amendment', p('four')))
/** A shared copy of `doc`, `change`d. */
const shared = (change: (fragment: Y.XmlFragment) => void) => {
  const ydoc = new Y.Doc()
  Y.applyUpdate(ydoc, encodeContent(doc))
  change(ydoc.getXmlFragment('prosemirror'))
  return ydoc
}
const order = (ydoc: Y.Doc) => outlineOf(readContent(ydoc), 'mou').map((entry) => `${entry.label}:${entry.id}:${entry.heading}`)

describe('the outline', () => {
  it('lists every clause with its number, heading and status', () => {
    expect(outlineOf(doc, 'mou')).toEqual([
      expect.objectContaining({ id: 'a', label: 'Paragraph 1', heading: 'Objectives', status: 'draft' }),
      expect.objectContaining({ id: 'b', label: 'Paragraph 2' }),
      expect.objectContaining({ id: 'c', label: 'Paragraph 3' }),
      expect.objectContaining({ id: 'd', label: 'Paragraph 4' }),
    ])
  })

  it('moves a clause down or up, keeping its id and state, and renumbers', () => {
    const down = shared((fragment) => moveClause(fragment, 0, 2))
    expect(order(down)).toEqual(['Paragraph 1:b:Scope', 'Paragraph 2:c:Costs', 'Paragraph 3:a:Objectives', 'Paragraph 4:d:Amendment'])
    const up = shared((fragment) => moveClause(fragment, 3, 0))
    expect(order(up)).toEqual(['Paragraph 1:d:Amendment', 'Paragraph 2:a:Objectives', 'Paragraph 3:b:Scope', 'Paragraph 4:c:Costs'])
    expect(readContent(up).childCount).toBe(doc.childCount)
  })

  it('moves in one transaction that deletes the clause and re-creates it, touching no other clause', () => {
    const ydoc = shared(() => {})
    const fragment = ydoc.getXmlFragment('prosemirror')
    const others = fragment.toArray().filter((node) => node instanceof Y.XmlElement && node.getAttribute('id') !== 'b')
    const updates: Uint8Array[] = []
    ydoc.on('update', (update: Uint8Array) => updates.push(update))
    expect(moveClause(fragment, 1, 3, 'outline')).toBe(true)
    expect(updates).toHaveLength(1)
    expect(fragment.toArray().filter((node) => node instanceof Y.XmlElement && node.getAttribute('id') !== 'b')).toEqual(others)
    const { structs, ds } = Y.decodeUpdate(updates[0]!)
    expect(ds.clients.size).toBe(1)
    expect(structs.filter((struct) => struct instanceof Y.Item && struct.parentSub === 'id').length).toBe(1)
  })

  it('does nothing for a move to the same place or out of range', () => {
    const ydoc = shared(() => {})
    const fragment = ydoc.getXmlFragment('prosemirror')
    expect(moveClause(fragment, 1, 1)).toBe(false)
    expect(moveClause(fragment, 0, 9)).toBe(false)
    expect(order(ydoc)).toEqual(['Paragraph 1:a:Objectives', 'Paragraph 2:b:Scope', 'Paragraph 3:c:Costs', 'Paragraph 4:d:Amendment'])
  })

  it('knows which clause holds the cursor', () => {
    const [, second] = outlineOf(doc, 'mou')
    expect(clauseIdAt(doc, second!.pos + 3)).toBe('b')
    expect(clauseIdAt(doc, 2)).toBeNull()
  })

  it('is known to be the same after typing in a clause’s body, and not after a heading, a status or the clauses change', () => {
    const state = EditorState.create({ schema: mouSchema, doc })
    const typed = state.apply(state.tr.insertText('and ', textPosition(doc, 'two'))).doc
    expect(sameOutline(doc, typed)).toBe(true)
    expect(outlineOf(typed, 'mou').map(({ id, label, heading }) => [id, label, heading])).toEqual(outlineOf(doc, 'mou').map(({ id, label, heading }) => [id, label, heading]))
    expect(sameOutline(doc, state.apply(state.tr.insertText('Wider ', textPosition(doc, 'Scope'))).doc)).toBe(false)
    const second = outlineOf(doc, 'mou')[1]!.pos
    expect(sameOutline(doc, state.apply(state.tr.setNodeAttribute(second, 'status', 'under-negotiation')).doc)).toBe(false)
    expect(sameOutline(doc, state.apply(state.tr.delete(second, second + doc.nodeAt(second)!.nodeSize)).doc)).toBe(false)
  })
})
