import type { Node } from 'prosemirror-model'
import { EditorState } from 'prosemirror-state'
import { describe, expect, it } from 'vitest'
import { lockedClauses, lockKey, lockPlugin } from '../../../client/src/editor/lockPlugin.js'
import { isTyping } from '../../../client/src/editor/typing.js'
import { ySyncPluginKey } from 'y-prosemirror'
import { clause, mou, np, textPosition as at } from '../../support/mouBuilders.js'
import { chance } from '../../support/randomEdits.js'
import { checkRandomEdits, startingDoc } from './randomTransactions.js'

/** `node` (a clause) agreed by both parties. */
const agreed = (node: Node) => node.type.create({ ...node.attrs, status: 'agreed' }, node.content)

/** The plugin's locks and their decorations, as [id, from, to, label] and [from, to, attributes]. */
const locksOf = (state: EditorState) => ({
  clauses: lockKey.getState(state)!.clauses.map(({ id, from, to, label }) => [id, from, to, label]),
  decorations: lockKey
    .getState(state)!
    .decorations.find()
    .map((decoration) => [decoration.from, decoration.to, (decoration as unknown as { type: { attrs: Record<string, string> } }).type.attrs]),
})
/** What deriving the locks of `state`'s document afresh gives. */
const afresh = (state: EditorState) => locksOf(EditorState.create({ doc: state.doc, plugins: [lockPlugin('mou', () => {})] }))

describe('the locks in the editor, as the text changes', () => {
  const start = (messages: string[] = []) =>
    EditorState.create({
      doc: mou(clause('a', 'Objectives', np('See below.')), agreed(clause('b', 'Requests', np('In writing.'))), clause('c', 'Costs', np('Each bears its own.'))),
      plugins: [lockPlugin('mou', (message) => messages.push(message))],
    })

  it('move along with typing and deleting before and after the agreed clause, and stay what the text gives afresh', () => {
    let state = start()
    state = state.apply(state.tr.insertText('Both Participants ', at(state.doc, 'See')))
    state = state.apply(state.tr.delete(at(state.doc, 'below'), at(state.doc, 'below') + 'below'.length))
    state = state.apply(state.tr.insertText(' at once', at(state.doc, 'own') + 'own'.length))
    expect(locksOf(state)).toEqual(afresh(state))
    expect(locksOf(state).clauses).toEqual([['b', expect.any(Number), expect.any(Number), 'Paragraph 2']])
  })

  it('still stop typing in the agreed clause after typing elsewhere moved it', async () => {
    const messages: string[] = []
    let state = start(messages)
    state = state.apply(state.tr.insertText('Both Participants ', at(state.doc, 'See')))
    const before = state.doc
    state = state.apply(state.tr.insertText('Only ', at(state.doc, 'In writing')))
    expect(state.doc.eq(before)).toBe(true)
    await new Promise((resolve) => setTimeout(resolve))
    expect(messages).toEqual([expect.stringContaining('Paragraph 2 is agreed by both parties')])
  })

  it('are derived afresh when a clause comes before the agreed one, which is numbered again', () => {
    let state = start()
    state = state.apply(state.tr.insert(0 + state.doc.child(0).nodeSize + state.doc.child(1).nodeSize, clause('z', 'Definitions', np('Terms.'))))
    expect(locksOf(state)).toEqual(afresh(state))
    expect(lockedClauses(state.doc, 'mou').map(({ label }) => label)).toEqual(['Paragraph 3'])
    expect(locksOf(state).clauses.map(([, , , label]) => label)).toEqual(['Paragraph 3'])
  })
})

describe('the locks in the editor, after random edits', () => {
  /** The starting text with clause b agreed. */
  const start = () => {
    const doc = startingDoc()
    let b = -1
    doc.forEach((node, _, index) => {
      if (node.attrs.id === 'b') b = index
    })
    return EditorState.create({ doc: doc.copy(doc.content.replaceChild(b, agreed(doc.child(b)))), plugins: [lockPlugin('mou', () => {})] })
  }

  it('are after every edit, moved along for typing or derived again for the rest, what the text gives afresh — local edits and the server’s, inside locked clauses too', () => {
    let typedWhileLocked = 0
    let previous: readonly (string | null)[] = []
    let gained = 0
    let lost = 0
    checkRandomEdits(
      start,
      (state, where, edit) => {
        if (edit && state.doc !== edit.before.doc && lockKey.getState(edit.before)!.clauses.length > 0 && isTyping(edit.tr)) typedWhileLocked++
        const locks = locksOf(state)
        expect(locks, where).toEqual(afresh(state))
        const ids = lockKey.getState(state)!.clauses.map(({ id }) => id)
        if (ids.some((id) => !previous.includes(id))) gained++
        if (previous.some((id) => !ids.includes(id))) lost++
        previous = ids
      },
      // Half the edits arrive from the server, which the locks let through (into agreed text too).
      (tr, random) => {
        if (chance(random, 0.5)) tr.setMeta(ySyncPluginKey, { isChangeOrigin: true })
      },
    )
    expect(typedWhileLocked).toBeGreaterThan(200)
    expect(gained).toBeGreaterThan(10)
    expect(lost).toBeGreaterThan(10)
  })
})
