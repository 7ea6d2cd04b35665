import { Fragment, Slice } from 'prosemirror-model'
import { EditorState, TextSelection, type Transaction } from 'prosemirror-state'
import { joinBackward, splitBlock } from 'prosemirror-commands'
import { ySyncPluginKey } from 'y-prosemirror'
import { describe, expect, it } from 'vitest'
import { structureTouched, translationGuardPlugin, type StructureChange } from '../../../client/src/editor/translationGuard.js'
import { mouSchema } from '../../../server/vocabulary/schema.js'
import { clause, mou, np, p, ref, textPosition } from '../../support/mouBuilders.js'

/** A Thai text: two clauses, the second with a numbered paragraph and a reference to the first. */
const doc = mou(clause('c1', 'วัตถุประสงค์', p('ผู้เข้าร่วมทั้งสองฝ่าย')), clause('c2', 'ขอบเขต', np(['ตาม', ref('c1'), ' และ']), p('ข้อความ')))
const state = EditorState.create({ schema: mouSchema, doc })

/** Where `text` starts in the document. */
const at = (text: string) => textPosition(state.doc, text)
const refPos = at(' และ') - 1

/** What `change` would touch of the structure. */
const touched = (change: (tr: Transaction) => Transaction): StructureChange | null => structureTouched(change(state.tr))
/** What a command run with the caret at `pos` would touch (null when it dispatched nothing). */
const commandTouches = (command: typeof splitBlock, pos: number): StructureChange | null | 'nothing' => {
  const placed = state.apply(state.tr.setSelection(TextSelection.create(state.doc, pos)))
  let result: StructureChange | null | 'nothing' = 'nothing'
  command(placed, (tr) => (result = structureTouched(tr)))
  return result
}

describe('the words-only guard of a translation', () => {
  it('lets words be typed, deleted, replaced and formatted inside a text block', () => {
    expect(touched((tr) => tr.insertText('ไทย', at('ทั้ง')))).toBeNull()
    expect(touched((tr) => tr.delete(at('ทั้ง'), at('ทั้ง') + 4))).toBeNull()
    expect(touched((tr) => tr.insertText('แทน', at('ทั้ง'), at('ฝ่าย')))).toBeNull()
    expect(touched((tr) => tr.addMark(at('ผู้'), at('ฝ่าย'), mouSchema.marks.strong!.create()))).toBeNull()
    // Across blocks a format still lands only on text.
    expect(touched((tr) => tr.addMark(at('ผู้'), at('ข้อความ') + 3, mouSchema.marks.em!.create()))).toBeNull()
  })

  it('lets text pasted from another paragraph in, as words', () => {
    const copied = new Slice(Fragment.from(mouSchema.node('paragraph', null, [mouSchema.text('คำ')])), 1, 1)
    expect(touched((tr) => tr.replace(at('ทั้ง'), at('ทั้ง'), copied))).toBeNull()
  })

  it('stops splitting, joining, adding and removing blocks', () => {
    expect(commandTouches(splitBlock, at('ทั้ง'))).toBe('blocks')
    expect(commandTouches(joinBackward, at('ข้อความ'))).toBe('blocks')
    expect(touched((tr) => tr.delete(at('ฝ่าย'), at('ขอบเขต')))).toBe('blocks')
    expect(touched((tr) => tr.insert(at('ข้อความ') - 1, mouSchema.node('paragraph', null, [mouSchema.text('ใหม่')])))).toBe('blocks')
    const twoParagraphs = new Slice(Fragment.from([mouSchema.node('paragraph', null, [mouSchema.text('หนึ่ง')]), mouSchema.node('paragraph', null, [mouSchema.text('สอง')])]), 1, 1)
    expect(touched((tr) => tr.replace(at('ทั้ง'), at('ทั้ง'), twoParagraphs))).toBe('blocks')
  })

  it('stops changing a node’s attributes or type', () => {
    const c1 = state.doc.child(2)
    expect(c1.attrs.id).toBe('c1')
    const clausePos = at('วัตถุ') - 2
    expect(touched((tr) => tr.setNodeMarkup(clausePos, undefined, { ...c1.attrs, templateId: 'other' }))).toBe('blocks')
    expect(touched((tr) => tr.setBlockType(at('ข้อความ'), at('ข้อความ'), mouSchema.nodes.sub_paragraph!))).toBe('blocks')
  })

  it('stops inserting or removing a reference, and lets the words around it change', () => {
    expect(touched((tr) => tr.delete(refPos, refPos + 1))).toBe('reference')
    expect(touched((tr) => tr.delete(at('ตาม'), at(' และ') + 2))).toBe('reference')
    expect(touched((tr) => tr.insert(at('ข้อความ'), ref('c2')))).toBe('reference')
    expect(touched((tr) => tr.insertText('ตาม', refPos))).toBeNull()
    expect(touched((tr) => tr.insertText('แล้ว', refPos + 1))).toBeNull()
  })

  it('stops the change in the editor and explains it, and lets the server’s changes through', async () => {
    const messages: string[] = []
    const guarded = EditorState.create({ schema: mouSchema, doc, plugins: [translationGuardPlugin('Thai', 'English', (message) => messages.push(message))] })
    expect(guarded.apply(guarded.tr.split(at('ทั้ง'))).doc.eq(doc)).toBe(true)
    expect(guarded.apply(guarded.tr.insertText('ก', at('ทั้ง'))).doc.eq(doc)).toBe(false)
    expect(guarded.apply(guarded.tr.split(at('ทั้ง')).setMeta(ySyncPluginKey, { isChangeOrigin: true })).doc.eq(doc)).toBe(false)
    await new Promise((resolve) => setTimeout(resolve))
    expect(messages).toEqual([expect.stringContaining('The Thai text follows the structure of the English text')])
  })
})
