import { EditorState } from 'prosemirror-state'
import { describe, expect, it } from 'vitest'
import { translationMarks, translationMarksKey, translationMarksPlugin, type MarksContext } from '../../../client/src/editor/translationMarks.js'
import { badgeKey } from '../../../client/src/editor/translationBadge.js'
import { mouSchema } from '../../../server/vocabulary/schema.js'
import type { TranslationView } from '../../../server/vocabulary/views.js'
import { clause, mou, p } from '../../support/mouBuilders.js'

const doc = mou(clause('a', 'วัตถุประสงค์', p('ผู้เข้าร่วม')), clause('b', 'ขอบเขต', p('ข้อความ')))
const view = (clauseId: string, status: TranslationView['status']): TranslationView => ({ clauseId, lang: 'th', status, confirmedBy: null, confirmedAt: null, workingChange: null })

function context(statuses: Map<string, TranslationView>): MarksContext {
  return {
    lang: 'th',
    languageName: 'Thai',
    workingName: 'English',
    parties: [],
    canConfirm: true,
    confirm: () => undefined,
    statusOf: (clauseId) => statuses.get(clauseId) ?? null,
  }
}
/** Each widget's place and the clause it marks, from its key. */
const widgets = (state: EditorState) =>
  translationMarksKey
    .getState(state)!
    .find()
    .map((decoration) => [decoration.from, JSON.parse((decoration.spec as { key: string }).key)[0], JSON.parse((decoration.spec as { key: string }).key)[2]])

describe('translation marks in a translation’s editor', () => {
  it('sit at the head of every clause, labelled in the text’s language', () => {
    const statuses = new Map([['a', view('a', 'draft')]])
    const marks = translationMarks(doc, 'mou', context(statuses)).find()
    const clausePositions: number[] = []
    doc.forEach((node, offset) => node.type.name === 'clause' && clausePositions.push(offset))
    expect(marks.map((mark) => mark.from)).toEqual(clausePositions.map((pos) => pos + 1))
    expect(marks.map((mark) => JSON.parse((mark.spec as { key: string }).key).slice(0, 3))).toEqual([
      ['a', 'ข้อ ๑', 'draft'],
      ['b', 'ข้อ ๒', null],
    ])
  })

  it('change key exactly when the badge would look different', () => {
    const draft = view('a', 'draft')
    expect(badgeKey('a', 'ข้อ ๑', draft, { canConfirm: true })).toBe(badgeKey('a', 'ข้อ ๑', { ...draft }, { canConfirm: true }))
    expect(badgeKey('a', 'ข้อ ๑', draft, { canConfirm: true })).not.toBe(badgeKey('a', 'ข้อ ๑', draft, { canConfirm: false }))
    expect(badgeKey('a', 'ข้อ ๑', draft, { canConfirm: true })).not.toBe(badgeKey('a', 'ข้อ ๑', { ...draft, status: 'stale', workingChange: [{ op: 'insert', text: 'x' }] }, { canConfirm: true }))
  })

  it('follow typing, and show new statuses when told', () => {
    const statuses = new Map([['a', view('a', 'draft')]])
    let state = EditorState.create({ schema: mouSchema, doc, plugins: [translationMarksPlugin('mou', context(statuses))] })
    const before = widgets(state)
    const at = before[0]![0] as number
    state = state.apply(state.tr.insertText('คำ', at + 2))
    expect(widgets(state)).toEqual([before[0], [(before[1]![0] as number) + 2, 'b', null]])
    statuses.set('b', view('b', 'confirmed'))
    expect(widgets(state)[1]![2]).toBeNull()
    state = state.apply(state.tr.setMeta(translationMarksKey, 'statuses'))
    expect(widgets(state)[1]![2]).toBe('confirmed')
  })
})
