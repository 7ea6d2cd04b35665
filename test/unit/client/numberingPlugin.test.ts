import { EditorState } from 'prosemirror-state'
import type { Node } from 'prosemirror-model'
import { describe, expect, it } from 'vitest'
import { numberingKey, numberingPlugin } from '../../../client/src/editor/numberingPlugin.js'
import { numberingDecorations } from '../../../client/src/numberingView.js'
import { mouSchema } from '../../../server/vocabulary/schema.js'
import { clause, mou, np, p, ref, sub, textPosition as at } from '../../support/mouBuilders.js'
import { nameParties, testParties } from '../../support/parties.js'
import { checkRandomEdits, startingDoc } from './randomTransactions.js'

/** Each label as [from, to, label], in order. */
const labelsIn = (decorations: { find(): { from: number; to: number; spec: unknown }[] }) =>
  decorations.find().map((decoration) => [decoration.from, decoration.to, (decoration as unknown as { type: { attrs: Record<string, string> } }).type.attrs['data-label']])
const fromScratch = (doc: Node) => labelsIn(numberingDecorations(doc, 'mou', 'en', nameParties()))

describe('the numbers in the editor, as the text changes', () => {
  const start = () =>
    EditorState.create({
      schema: mouSchema,
      doc: mou(clause('a', 'Objectives', p('See ', ref('b'), '.')), clause('b', 'Requests', np('In writing.', sub('facts')), np('Promptly.'))),
      plugins: [numberingPlugin('mou', 'en', testParties)],
    })

  it('move along with typing and deleting in a paragraph, and stay what numbering the text afresh gives', () => {
    let state = start()
    state = state.apply(state.tr.insertText('Both Participants ', at(state.doc, 'See')))
    state = state.apply(state.tr.insertText(' at once', at(state.doc, 'Promptly') + 'Promptly'.length))
    state = state.apply(state.tr.delete(at(state.doc, 'writing'), at(state.doc, 'writing') + 'writing'.length))
    expect(state.doc.textContent).toContain('Both Participants See')
    expect(labelsIn(numberingKey.getState(state)!)).toEqual(fromScratch(state.doc))
  })

  it('are numbered afresh when a paragraph is split, a reference inserted or a clause added', () => {
    let state = start()
    const split = at(state.doc, 'Promptly') + 'Prompt'.length
    state = state.apply(state.tr.split(split, 2))
    state = state.apply(state.tr.insert(at(state.doc, 'Prompt'), ref('a')))
    let afterB = -1
    state.doc.forEach((node, pos) => {
      if (node.attrs.id === 'b') afterB = pos + node.nodeSize
    })
    state = state.apply(state.tr.insert(afterB, clause('c', 'Costs', np('Each bears its own.'))))
    const labels = labelsIn(numberingKey.getState(state)!)
    expect(labels).toEqual(fromScratch(state.doc))
    // Three clauses; the second's paragraphs 1 (with its (a)) to 3; references to the first and the second.
    expect(labels.map(([, , label]) => label).sort()).toEqual(['(a)', '1.', '1.', '2.', '3.', 'Paragraph 1', 'Paragraph 1', 'Paragraph 2', 'Paragraph 2', 'Paragraph 3'])
  })
})

describe('the numbers in the editor, after random edits', () => {
  it('are after every edit, moved along for typing or numbered again for the rest, what numbering the text afresh gives', () => {
    const counts = checkRandomEdits(
      () => EditorState.create({ schema: mouSchema, doc: startingDoc(), plugins: [numberingPlugin('mou', 'en', testParties)] }),
      (state, where) => expect(labelsIn(numberingKey.getState(state)!), where).toEqual(fromScratch(state.doc)),
    )
    // Both ways of keeping the labels were taken, many times.
    expect(counts.typing).toBeGreaterThan(300)
    expect(counts.reshaping).toBeGreaterThan(150)
  })
})
