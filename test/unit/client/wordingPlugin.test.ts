import { EditorState } from 'prosemirror-state'
import { describe, expect, it } from 'vitest'
import { findingsOf, replaceFinding, wordingKey, wordingPlugin } from '../../../client/src/editor/wordingPlugin.js'
import { partyNamesIn } from '../../../server/vocabulary/partyReference.js'
import { mouSchema } from '../../../server/vocabulary/schema.js'
import { clause, mou, p, partyRef, textPosition } from '../../support/mouBuilders.js'
import { testParties } from '../../support/parties.js'

describe('the inline wording check', () => {
  const names = partyNamesIn(testParties, 'en')

  it('finds a party named as text beside the style’s words, in order, but not the words a reference shows', () => {
    const doc = mou(clause('c1', 'Focal points', p('The DSI shall meet ', partyRef('KH', 'shortName'), ' in the Kingdom of Cambodia.')))
    expect(findingsOf(doc, 'mou', names).map(({ text, suggestion, reference }) => [text, suggestion, reference ?? null])).toEqual([
      ['DSI', 'a reference to TH (short name)', { party: 'TH', form: 'shortName' }],
      ['shall', 'will', null],
      ['Kingdom of Cambodia', 'a reference to KH (State)', { party: 'KH', form: 'state' }],
    ])
  })

  it('replaces a party’s name with its reference, and a word with its suggestion', () => {
    const doc = mou(clause('c1', 'Focal points', p('The DSI shall meet.')))
    let state = EditorState.create({ schema: mouSchema, doc, plugins: [wordingPlugin('mou', names)] })
    for (let round = 0; round < 2; round++) {
      const finding = wordingKey.getState(state)!.findings[0]!
      state = state.apply(replaceFinding(state, finding)!)
    }
    const paragraph = state.doc.child(2).child(1)
    expect(paragraph.toJSON().content).toEqual([
      { type: 'text', text: 'The ' },
      { type: 'party_ref', attrs: { party: 'TH', form: 'shortName', ychange: null } },
      { type: 'text', text: ' will meet.' },
    ])
    expect(wordingKey.getState(state)!.findings).toEqual([])
  })
})

describe('the inline wording check, as the text changes', () => {
  const names = partyNamesIn(testParties, 'en')

  it('finds after an edit what a check of the whole text finds, at the positions the edit moved them to', () => {
    const doc = mou(clause('c1', 'Focal points', p('The DSI shall meet.')), clause('c2', 'Costs', p('Each shall bear its own costs.')))
    let state = EditorState.create({ schema: mouSchema, doc, plugins: [wordingPlugin('mou', names)] })
    const before = wordingKey.getState(state)!.findings.map(({ text, from }) => [text, from])
    state = state.apply(state.tr.insertText('Every year, ', textPosition(state.doc, 'The DSI')))
    const after = wordingKey.getState(state)!.findings
    expect(after).toEqual(findingsOf(state.doc, 'mou', names))
    expect(after.map(({ text, from }) => [text, from])).toEqual(before.map(([text, from]) => [text, (from as number) + 'Every year, '.length]))
  })
})
