import type { Node } from 'prosemirror-model'
import { EditorState } from 'prosemirror-state'
import { describe, expect, it } from 'vitest'
import { clauseIdentityPlugin } from '../../../client/src/editor/clauseIdentity.js'
import { mouSchema } from '../../../server/vocabulary/schema.js'
import { clause, mou, p } from '../../support/mouBuilders.js'

const agreed = { status: 'agreed', agreedBy: '{"TH":{"at":"2026-01-01"},"KH":{"at":"2026-01-01"}}' }
const start = () => {
  const doc = mou(clause('a', 'Objectives', p('one')), clause('b', 'Scope', p('two')), clause('c', 'Costs', p('three')))
  const state = EditorState.create({ schema: mouSchema, doc, plugins: [clauseIdentityPlugin()] })
  // Clause b agreed, as the server would have set it.
  const b = clauseAt(state.doc, 1)
  return state.apply(state.tr.setNodeMarkup(b.pos, undefined, { ...b.node.attrs, ...agreed }))
}
function clauseAt(doc: Node, index: number): { node: Node; pos: number } {
  const found: { node: Node; pos: number }[] = []
  doc.forEach((node, pos) => node.type.name === 'clause' && found.push({ node, pos }))
  return found[index]!
}
const clauses = (doc: Node) => {
  const found: { id: string; status: string; agreedBy: string | null; text: string }[] = []
  doc.forEach((node) => node.type.name === 'clause' && found.push({ id: node.attrs.id, status: node.attrs.status, agreedBy: node.attrs.agreedBy, text: node.lastChild!.textContent }))
  return found
}

describe('clause identity in the editor', () => {
  it('gives a copy pasted after the original a fresh id and the default negotiation state', () => {
    const state = start()
    const b = clauseAt(state.doc, 1)
    const after = state.apply(state.tr.insert(clauseAt(state.doc, 2).pos, b.node))
    const [, original, copy] = clauses(after.doc)
    expect(original).toEqual({ id: 'b', ...agreed, text: 'two' })
    expect(copy!.id).not.toBe('b')
    expect(copy).toMatchObject({ status: 'draft', agreedBy: null, text: 'two' })
  })

  it('keeps the id on the clause that was there when the copy lands before it', () => {
    const state = start()
    const b = clauseAt(state.doc, 1)
    const after = state.apply(state.tr.insert(clauseAt(state.doc, 0).pos, b.node))
    const [copy, , original] = clauses(after.doc)
    expect(original).toEqual({ id: 'b', ...agreed, text: 'two' })
    expect(copy!.id).not.toBe('b')
    expect(copy).toMatchObject({ status: 'draft', agreedBy: null })
  })

  it('lets a clause moved in one step keep its id and state', () => {
    const state = start()
    const b = clauseAt(state.doc, 1)
    const tr = state.tr.delete(b.pos, b.pos + b.node.nodeSize)
    tr.insert(tr.mapping.map(clauseAt(state.doc, 0).pos), b.node)
    const after = state.apply(tr)
    expect(clauses(after.doc).map((c) => [c.id, c.status])).toEqual([['b', 'agreed'], ['a', 'draft'], ['c', 'draft']])
  })

  it('gives a clause pasted from elsewhere its own state, and one without an id an id', () => {
    const state = start()
    const foreign = mouSchema.node('clause', { id: 'x', ...agreed }, [mouSchema.node('clause_heading'), p('elsewhere')])
    const blank = mouSchema.node('clause', null, [mouSchema.node('clause_heading'), p('new')])
    const end = clauseAt(state.doc, 2)
    const after = state.apply(state.tr.insert(end.pos + end.node.nodeSize, [foreign, blank]))
    const [, , , pasted, created] = clauses(after.doc)
    expect(pasted).toMatchObject({ id: 'x', status: 'draft', agreedBy: null })
    expect(created!.id).toMatch(/^cl_/)
  })
})
