import { nameParties } from '../../support/parties.js'
import { EditorState } from 'prosemirror-state'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { lockedClauses, lockKey, lockPlugin } from '../../../client/src/editor/lockPlugin.js'
import { WorkingStatuses } from '../../../client/src/editor/workingStatuses.js'
import { labelsOf } from '../../../server/vocabulary/textLabels.js'
import { toYElement } from '../../../server/mou/contentCodec.js'
import { mouSchema } from '../../../server/vocabulary/schema.js'
import { clause, mou, np, p, ref, sub } from '../../support/mouBuilders.js'

/** A Thai text: its clauses carry ids only, never a status. */
const thai = mou(clause('a', 'วัตถุประสงค์', p('ดู ', ref('b'), ' และ ', ref('gone'))), clause('b', 'คำร้องขอ', np('เป็นหนังสือ', sub('ข้อเท็จจริง'), sub('วัตถุประสงค์'))))

/** A working fragment with clauses `a` and `b`, as a Y.Doc holds it. */
function workingDoc(): { doc: Y.Doc; fragment: Y.XmlFragment } {
  const doc = new Y.Doc()
  const fragment = doc.getXmlFragment('prosemirror')
  const english = mou(clause('a', 'Objectives', p('See.')), clause('b', 'Requests', p('In writing.')))
  english.forEach((node) => {
    fragment.push([toYElement(node)])
  })
  return { doc, fragment }
}
const clauseElement = (fragment: Y.XmlFragment, id: string) => fragment.toArray().find((node) => node instanceof Y.XmlElement && node.getAttribute('id') === id) as Y.XmlElement

describe('a translation in the editor', () => {
  it('is numbered and its references labelled in its language', () => {
    expect(labelsOf(thai, 'mou', 'th', nameParties('th')).map(({ label }) => label)).toEqual(['ข้อ ๑', 'ข้อ ๒', '[ไม่พบข้อที่อ้างถึง]', 'ข้อ ๒', '๑.', '(ก)', '(ข)'])
    expect(labelsOf(thai, 'treaty', 'km', nameParties('km')).map(({ label }) => label)).toEqual(['មាត្រា ១', 'មាត្រា ២', '[រកមិនឃើញការយោង]', 'មាត្រា ២', '១.', '(ក)', '(ខ)'])
  })

  it('locks a clause by the status of the working clause with the same id, labelled in its language', () => {
    const statusOf = (node: { attrs: Record<string, unknown> }) => (node.attrs.id === 'b' ? 'agreed-ad-referendum' : 'draft')
    expect(lockedClauses(thai, 'mou')).toEqual([])
    expect(lockedClauses(thai, 'mou', { lang: 'th', statusOf }).map(({ id, label, status }) => [id, label, status])).toEqual([['b', 'ข้อ ๒', 'agreed-ad-referendum']])
  })

  it('stops typing in a clause agreed in the working text, and reads the statuses again when told', async () => {
    let agreed = false
    const messages: string[] = []
    const plugin = lockPlugin('mou', (message) => messages.push(message), { lang: 'th', statusOf: (node) => (agreed && node.attrs.id === 'a' ? 'agreed' : 'draft') })
    let state = EditorState.create({ schema: mouSchema, doc: thai, plugins: [plugin] })
    let inA = -1
    thai.descendants((node, pos) => {
      if (inA < 0 && node.isText && node.text!.startsWith('ดู')) inA = pos + 1
    })
    expect(state.apply(state.tr.insertText('ก', inA)).doc.eq(thai)).toBe(false)
    agreed = true
    // Nothing in the translation changed: the plugin keeps what it knew until told.
    expect(lockKey.getState(state)!.clauses).toEqual([])
    state = state.apply(state.tr.setMeta(lockKey, 'statuses'))
    expect(lockKey.getState(state)!.clauses.map((locked) => locked.label)).toEqual(['ข้อ ๑'])
    expect(state.apply(state.tr.insertText('ก', inA)).doc.eq(thai)).toBe(true)
    await new Promise((resolve) => setTimeout(resolve))
    expect(messages).toEqual([expect.stringContaining('ข้อ ๑ is agreed by both parties')])
  })
})

describe('the working statuses a translation locks by', () => {
  it('read each working clause’s status by id', () => {
    const { fragment } = workingDoc()
    clauseElement(fragment, 'b').setAttribute('status', 'agreed')
    const statuses = new WorkingStatuses(fragment)
    expect([statuses.statusOf('a'), statuses.statusOf('b'), statuses.statusOf('gone'), statuses.statusOf(null)]).toEqual(['draft', 'agreed', null, null])
  })

  it('tell their listeners of a status moved or a clause gone, not of words typed', () => {
    const { doc, fragment } = workingDoc()
    const statuses = new WorkingStatuses(fragment)
    let heard = 0
    statuses.subscribe(() => heard++)
    const paragraph = clauseElement(fragment, 'a').get(1) as Y.XmlElement
    ;(paragraph.get(0) as Y.XmlText).insert(0, 'Words. ')
    expect(heard).toBe(0)
    clauseElement(fragment, 'a').setAttribute('status', 'agreed-ad-referendum')
    expect([heard, statuses.statusOf('a')]).toEqual([1, 'agreed-ad-referendum'])
    clauseElement(fragment, 'a').setAttribute('agreedBy', '{}')
    expect(heard).toBe(1)
    doc.transact(() => fragment.delete(fragment.toArray().indexOf(clauseElement(fragment, 'a')), 1))
    expect([heard, statuses.statusOf('a')]).toEqual([2, null])
    statuses.destroy()
    clauseElement(fragment, 'b').setAttribute('status', 'agreed')
    expect(heard).toBe(2)
  })
})
