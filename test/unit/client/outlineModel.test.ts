import { EditorState } from 'prosemirror-state'
import { describe, expect, it } from 'vitest'
import { clauseIdAt, moveClause, outlineOf } from '../../../client/src/outlineModel.js'
import { mouSchema } from '../../../server/mou/schema.js'
import { clause, mou, p } from '../../support/mouBuilders.js'

const doc = mou(clause('a', 'Objectives', p('one')), clause('b', 'Scope', p('two')), clause('c', 'Costs', p('three')), clause('d', 'Amendment', p('four')))
const state = EditorState.create({ schema: mouSchema, doc })
const order = (s: EditorState) => outlineOf(s.doc, 'mou').map((entry) => `${entry.label}:${entry.id}:${entry.heading}`)

describe('the outline', () => {
  it('lists every clause with its number, heading and status', () => {
    expect(outlineOf(doc, 'mou')).toEqual([
      expect.objectContaining({ id: 'a', label: 'Paragraph 1', heading: 'Objectives', status: 'draft' }),
      expect.objectContaining({ id: 'b', label: 'Paragraph 2' }),
      expect.objectContaining({ id: 'c', label: 'Paragraph 3' }),
      expect.objectContaining({ id: 'd', label: 'Paragraph 4' }),
    ])
  })

  it('moves a clause down or up, keeping its id, and renumbers', () => {
    const down = state.apply(moveClause(state, 'mou', 0, 2)!)
    expect(order(down)).toEqual(['Paragraph 1:b:Scope', 'Paragraph 2:c:Costs', 'Paragraph 3:a:Objectives', 'Paragraph 4:d:Amendment'])
    const up = state.apply(moveClause(state, 'mou', 3, 0)!)
    expect(order(up)).toEqual(['Paragraph 1:d:Amendment', 'Paragraph 2:a:Objectives', 'Paragraph 3:b:Scope', 'Paragraph 4:c:Costs'])
    expect(up.doc.childCount).toBe(doc.childCount)
    expect(moveClause(state, 'mou', 1, 1)).toBeNull()
    expect(moveClause(state, 'mou', 0, 9)).toBeNull()
  })

  it('knows which clause holds the cursor', () => {
    const [, second] = outlineOf(doc, 'mou')
    expect(clauseIdAt(doc, second!.pos + 3)).toBe('b')
    expect(clauseIdAt(doc, 2)).toBeNull()
  })
})
