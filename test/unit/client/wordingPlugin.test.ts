import type { Node } from 'prosemirror-model'
import { EditorState } from 'prosemirror-state'
import { describe, expect, it } from 'vitest'
import { findingsOf, replaceFinding, wordingKey, wordingPending, wordingPlugin } from '../../../client/src/editor/wordingPlugin.js'
import { partyNamesIn } from '../../../server/vocabulary/partyReference.js'
import { mouSchema } from '../../../server/vocabulary/schema.js'
import { clause, mou, p, partyRef, textPosition } from '../../support/mouBuilders.js'
import { testParties } from '../../support/parties.js'
import { checkRandomEdits, startingDoc } from './randomTransactions.js'

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

describe('the inline wording check, when the whole text arrives', () => {
  const names = partyNamesIn(testParties, 'en')
  /** A text of `clauses` clauses, each naming a party as text and using a treaty word. */
  const textOf = (clauses: number) => mou(...Array.from({ length: clauses }, (_, n) => clause(`c${n}`, `Clause ${n}`, p(`The DSI shall meet ${n} times.`))))

  it('leaves many blocks never checked pending, and checks them all in the transaction that asks, as a full check would', () => {
    // As y-prosemirror's editor starts: the schema's smallest document.
    const empty = EditorState.create({ schema: mouSchema, plugins: [wordingPlugin('mou', names)] })
    expect(wordingPending(empty)).toBe(false)
    // The text arrives in one change, as y-prosemirror renders the server's answer.
    let state = empty.apply(empty.tr.replaceWith(0, empty.doc.content.size, textOf(12).content))
    expect(wordingPending(state)).toBe(true)
    expect(wordingKey.getState(state)!.findings).toEqual([])
    // Typed into meanwhile, it stays pending (checked once, later).
    state = state.apply(state.tr.insertText('Every year, ', textPosition(state.doc, 'The DSI shall meet 3')))
    expect(wordingPending(state)).toBe(true)
    state = state.apply(state.tr.setMeta(wordingKey, 'check'))
    expect(wordingPending(state)).toBe(false)
    expect(wordingKey.getState(state)!.findings).toEqual(findingsOf(state.doc, 'mou', names))
    expect(wordingKey.getState(state)!.findings).toHaveLength(24)
  })

  it('checks a keystroke or a few new blocks at once', () => {
    let state = EditorState.create({ schema: mouSchema, doc: textOf(12), plugins: [wordingPlugin('mou', names)] })
    state = state.apply(state.tr.setMeta(wordingKey, 'check'))
    state = state.apply(state.tr.insertText('shall ', textPosition(state.doc, 'The DSI shall meet 5')))
    expect(wordingPending(state)).toBe(false)
    expect(wordingKey.getState(state)!.findings).toEqual(findingsOf(state.doc, 'mou', names))
    state = state.apply(state.tr.insert(state.doc.content.size, textOf(3).content))
    expect(wordingPending(state)).toBe(false)
    expect(wordingKey.getState(state)!.findings).toHaveLength(25 + 6)
    // A short text is checked at once from the start.
    expect(wordingPending(EditorState.create({ schema: mouSchema, doc: textOf(5), plugins: [wordingPlugin('mou', names)] }))).toBe(false)
  })
})

describe('the inline wording check, after random edits', () => {
  const names = partyNamesIn(testParties, 'en')
  /** The plugin's highlights as [from, to, attributes], in order. */
  const highlightsOf = (state: EditorState) =>
    wordingKey
      .getState(state)!
      .decorations.find()
      .map((decoration) => [decoration.from, decoration.to, (decoration as unknown as { type: { attrs: Record<string, string> } }).type.attrs])
  /** A state whose plugin checked the whole of `doc` with nothing cached. */
  const checkedAfresh = (doc: Node) => {
    const fresh = EditorState.create({ schema: mouSchema, doc, plugins: [wordingPlugin('mou', names)] })
    return fresh.apply(fresh.tr.setMeta(wordingKey, 'check'))
  }

  it('finds after every edit, checking only the blocks it changed, what a check of the whole text finds, and highlights them as that check would', () => {
    const seen = new Set<string>()
    let previous: readonly string[] = []
    let found = 0
    let lost = 0
    checkRandomEdits(
      () => EditorState.create({ schema: mouSchema, doc: startingDoc(), plugins: [wordingPlugin('mou', names)] }),
      (state, where) => {
        expect(wordingPending(state), where).toBe(false)
        // The whole text checked as a copy, whose nodes no cache has seen.
        const copy = mouSchema.nodeFromJSON(state.doc.toJSON())
        const findings = wordingKey.getState(state)!.findings
        expect(findings, where).toEqual(findingsOf(copy, 'mou', names))
        expect(highlightsOf(state), where).toEqual(highlightsOf(checkedAfresh(copy)))
        const texts = findings.map(({ text }) => text)
        if (texts.some((text) => !previous.includes(text))) found++
        if (previous.some((text) => !texts.includes(text))) lost++
        for (const text of texts) seen.add(text)
        previous = texts
      },
    )
    // The edits made findings and unmade them, of the style's words and the parties' names.
    expect(found).toBeGreaterThan(50)
    expect(lost).toBeGreaterThan(50)
    expect([...seen]).toEqual(expect.arrayContaining(['shall', 'Parties', 'obligations', 'DSI', 'Kingdom of Cambodia']))
  })
})
