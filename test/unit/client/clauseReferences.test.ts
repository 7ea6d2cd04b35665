import { EditorState, NodeSelection, TextSelection } from 'prosemirror-state'
import type { Node } from 'prosemirror-model'
import { describe, expect, it } from 'vitest'
import { canInsertClauseReference, insertClauseReference } from '../../../client/src/editor/clauseReferenceCommands.js'
import { bracketGuardPlugin } from '../../../client/src/editor/bracketGuard.js'
import { lockPlugin } from '../../../client/src/editor/lockPlugin.js'
import { matchingTargets, referenceTargets, targetText } from '../../../client/src/referenceTargets.js'
import { numberDocument } from '../../../server/vocabulary/numbering.js'
import { mouSchema } from '../../../server/vocabulary/schema.js'
import { clause, mou, p, textPosition } from '../../support/mouBuilders.js'

const bracket = (owner: string, text: string): Node => mouSchema.text(text, [mouSchema.marks.bracket!.create({ id: 'b1', owner, alt: 0 })])
const agreed = (node: Node): Node => node.type.create({ ...node.attrs, status: 'agreed' }, node.content)
const doc = mou(
  clause('c1', 'Objectives', p('Cooperation as set out in .')),
  agreed(clause('c2', 'Scope', p('Agreed words.'))),
  clause('c3', 'Costs', p('Costs within ', bracket('KH', '30'), ' days.')),
  ...Array.from({ length: 9 }, (_, index) => clause(`c${index + 4}`, `Clause ${index + 4}`, p('text'))),
)

/** Where `text` starts in `doc`. */
const at = (text: string) => textPosition(doc, text)

/** An editor state on `doc` with the caret at `pos` (or words from `pos` to `to`), guarded as the editor is for a Thai delegate. */
function editorAt(pos: number, to = pos, explained: string[] = []): EditorState {
  const explain = (message: string) => explained.push(message)
  const state = EditorState.create({ schema: mouSchema, doc, plugins: [lockPlugin('mou', explain), bracketGuardPlugin('TH', explain)] })
  return state.apply(state.tr.setSelection(TextSelection.create(doc, pos, to)))
}

/** `state` after the command inserting a reference to `clauseId`, applied as the editor dispatches it. */
function inserted(state: EditorState, clauseId: string): EditorState {
  let next = state
  insertClauseReference(clauseId)(state, (tr) => (next = state.apply(tr)))
  return next
}

const references = (node: Node) => {
  const ids: string[] = []
  node.descendants((child) => {
    if (child.type.name === 'clause_ref') ids.push(child.attrs.clauseId)
  })
  return ids
}

describe('the clauses a reference may point to', () => {
  const targets = referenceTargets(doc, 'mou')

  it('are every clause, by its label now and its heading', () => {
    expect(targets.slice(0, 3)).toEqual([
      { id: 'c1', label: 'Paragraph 1', heading: 'Objectives', number: 1 },
      { id: 'c2', label: 'Paragraph 2', heading: 'Scope', number: 2 },
      { id: 'c3', label: 'Paragraph 3', heading: 'Costs', number: 3 },
    ])
    expect(targets).toHaveLength(12)
    expect(targetText(targets[2]!)).toBe('Paragraph 3 — Costs')
    expect(referenceTargets(doc, 'treaty', 'th')[2]!.label).toBe('ข้อ ๓')
  })

  it('are found by heading in any case, by words of the label, and by number', () => {
    const ids = (query: string) => matchingTargets(targets, query).map((target) => target.id)
    expect(ids('costs')).toEqual(['c3'])
    expect(ids('  COSTS ')).toEqual(['c3'])
    expect(ids('paragraph 3')).toEqual(['c3'])
    expect(ids('1')).toEqual(['c1', 'c10', 'c11', 'c12'])
    expect(ids('12')).toEqual(['c12'])
    expect(ids('')).toHaveLength(12)
    expect(ids('nothing like it')).toEqual([])
  })
})

describe('inserting a clause reference', () => {
  it('puts one at the caret that reads as the clause’s number, and follows the clause when it moves', () => {
    const state = inserted(editorAt(at(' .') + 1), 'c3')
    expect(references(state.doc)).toEqual(['c3'])
    expect(numberDocument(state.doc, 'mou').referenceLabel('c3')).toBe('Paragraph 3')
    // Costs moved first: the same reference reads its new number.
    const children: Node[] = []
    state.doc.forEach((child) => children.push(child))
    const moved = state.doc.type.create(null, [children[0]!, children[1]!, children[4]!, ...children.slice(2, 4), ...children.slice(5)])
    expect(numberDocument(moved, 'mou').referenceLabel('c3')).toBe('Paragraph 1')
  })

  it('replaces words selected within one paragraph, and goes nowhere else', () => {
    const state = inserted(editorAt(at('set out'), at('set out') + 'set out'.length), 'c2')
    expect(state.doc.textBetween(0, state.doc.content.size)).not.toContain('set out')
    expect(references(state.doc)).toEqual(['c2'])
    const wholeClause = EditorState.create({ schema: mouSchema, doc, selection: NodeSelection.create(doc, numberDocument(doc, 'mou').clauses[0]!.pos) })
    expect(canInsertClauseReference(wholeClause)).toBe(false)
    expect(insertClauseReference('c2')(wholeClause)).toBe(false)
    const acrossClauses = editorAt(at('Cooperation'), at('Costs within'))
    expect(canInsertClauseReference(acrossClauses)).toBe(false)
  })

  it('is stopped in agreed text and in another party’s bracket, by the guards, which say why', async () => {
    const explained: string[] = []
    for (const caret of [at('Agreed words') + 3, at('30') + 1]) {
      const state = editorAt(caret, caret, explained)
      expect(inserted(state, 'c1').doc.eq(doc)).toBe(true)
      // Each guard explains once a burst: the next refusal is its own guard's first.
      await new Promise((resolve) => setTimeout(resolve))
    }
    expect(explained).toEqual([expect.stringContaining('Paragraph 2 is agreed by both parties: its text is locked'), expect.stringContaining("This bracketed text is KH's proposal")])
  })
})
