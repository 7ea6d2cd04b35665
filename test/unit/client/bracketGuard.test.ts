import type { Node } from 'prosemirror-model'
import { EditorState, TextSelection, type Transaction } from 'prosemirror-state'
import { describe, expect, it } from 'vitest'
import { addAlternative, bracketAt, bracketSelection } from '../../../client/src/editor/bracketCommands.js'
import { bracketGuardPlugin, foreignBracketTouched } from '../../../client/src/editor/bracketGuard.js'
import { mouSchema } from '../../../server/vocabulary/schema.js'
import { clause, mou, p, textPosition } from '../../support/mouBuilders.js'

const bracket = (id: string, owner: string, alt: number, text: string): Node => mouSchema.text(text, [mouSchema.marks.bracket!.create({ id, owner, alt })])
/** "Answers come within [30] / [60] days.": a Cambodian proposal with a Thai alternative. */
const doc = mou(clause('c1', 'Requests', p('Answers come within ', bracket('b1', 'KH', 0, '30'), bracket('b1', 'TH', 1, '60'), ' days.')))
const state = EditorState.create({ schema: mouSchema, doc })
/** Where `text` starts in the document. */
const at = (text: string) => textPosition(state.doc, text)
const touched = (own: string | null, change: (tr: Transaction) => Transaction | null) => foreignBracketTouched(change(state.tr)!, own)

describe('another party’s bracketed text in the editor', () => {
  it('cannot be deleted, typed into, split or re-formatted by a member of the other party', () => {
    expect(touched('TH', (tr) => tr.delete(at('30'), at('30') + 2))).toBe('KH')
    expect(touched('TH', (tr) => tr.insertText('5', at('30') + 1))).toBe('KH')
    expect(touched('TH', (tr) => tr.split(at('30') + 1))).toBe('KH')
    expect(touched('TH', (tr) => tr.addMark(at('30'), at('30') + 2, mouSchema.marks.strong!.create()))).toBe('KH')
    expect(touched('TH', (tr) => tr.delete(at('within'), at(' days')))).toBe('KH')
  })

  it('is its owner’s to change, and the text around it anyone’s', () => {
    expect(touched('KH', (tr) => tr.insertText('5', at('30') + 1))).toBeNull()
    expect(touched('TH', (tr) => tr.delete(at('60'), at('60') + 2))).toBeNull()
    expect(touched('TH', (tr) => tr.insertText('calendar ', at(' days') + 1))).toBeNull()
    expect(touched('TH', (tr) => tr.insertText('X', at('Answers')))).toBeNull()
  })

  it('takes an alternative from the other party, and a bracket only in the member’s own name', () => {
    const inside = state.apply(state.tr.setSelection(TextSelection.create(state.doc, at('30') + 1)))
    const alternative = addAlternative(inside, bracketAt(inside)!, 'ninety', 'TH')!
    expect(foreignBracketTouched(alternative, 'TH')).toBeNull()
    expect(touched('TH', (tr) => tr.addMark(at('Answers'), at('Answers') + 7, mouSchema.marks.bracket!.create({ id: 'b2', owner: 'KH', alt: 0 })))).toBe('KH')
    const words = state.apply(state.tr.setSelection(TextSelection.create(state.doc, at('Answers'), at('Answers') + 7)))
    expect(foreignBracketTouched(bracketSelection(words, 'TH')!, 'TH')).toBeNull()
  })

  it('is no one’s to change for the secretariat, which may still open a bracket for either party', () => {
    expect(touched(null, (tr) => tr.delete(at('60'), at('60') + 2))).toBe('TH')
    expect(touched(null, (tr) => tr.addMark(at('Answers'), at('Answers') + 7, mouSchema.marks.bracket!.create({ id: 'b2', owner: 'KH', alt: 0 })))).toBeNull()
  })

  it('stops the change in the editor and says whose proposal it is', async () => {
    const messages: string[] = []
    const guarded = EditorState.create({ schema: mouSchema, doc, plugins: [bracketGuardPlugin('TH', (message) => messages.push(message))] })
    const after = guarded.apply(guarded.tr.delete(at('30'), at('30') + 2))
    expect(after.doc.eq(doc)).toBe(true)
    await new Promise((resolve) => setTimeout(resolve))
    expect(messages).toEqual([expect.stringContaining('KH')])
  })
})
