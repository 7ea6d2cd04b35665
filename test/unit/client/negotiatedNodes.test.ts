import { EditorState, TextSelection } from 'prosemirror-state'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { agreedByOthersOnly, listInWords, negotiatedAt, negotiatedNodes, negotiationSignature, positionOf } from '../../../client/src/negotiatedNodes.js'
import { lockedClauses, lockPlugin } from '../../../client/src/editor/lockPlugin.js'
import { WorkingStatuses } from '../../../client/src/editor/workingStatuses.js'
import { canInsertPartyReference, insertPartyReference } from '../../../client/src/editor/partyReferenceCommands.js'
import { toYElement } from '../../../server/mou/contentCodec.js'
import { attributesOf, type ClauseState } from '../../../server/vocabulary/clauseState.js'
import { mouSchema } from '../../../server/vocabulary/schema.js'
import type { Node } from 'prosemirror-model'
import { clause, mou, p, partyRef } from '../../support/mouBuilders.js'

/** `state` as a clause's (or part's) attributes: agreed by `parties`, in order. */
const agreed = (status: ClauseState['status'], ...parties: string[]) =>
  attributesOf({ status, agreements: parties.map((party) => ({ party, memberId: `m-${party}`, name: party, initials: null, at: '2027-01-01T00:00:00Z' })), reopenRequest: null })

/** `doc` with the attributes of its top-level node with id (or part id) `id` set to `attrs`. */
function withState(doc: Node, id: string, attrs: Record<string, unknown>): Node {
  const pos = positionOf(doc, id)!
  const state = EditorState.create({ doc })
  return state.apply(state.tr.setNodeMarkup(pos, undefined, { ...doc.nodeAt(pos)!.attrs, ...attrs })).doc
}

/** The starter shape: title, preamble, clauses a, b, c. */
const plain = mou(clause('a', 'Objectives', p('Cooperation.')), clause('b', 'Requests', p('In writing.')), clause('c', 'Costs', p('Each bears its own.')))

describe('the negotiated nodes of a document', () => {
  it('are the title, the preamble and each clause, in order, by id and label', () => {
    expect(negotiatedNodes(plain, 'mou').map(({ id, kind, label, heading }) => [id, kind, label, heading])).toEqual([
      ['title', 'title', 'Title', ''],
      ['preamble', 'preamble', 'Preamble', ''],
      ['a', 'clause', 'Paragraph 1', 'Objectives'],
      ['b', 'clause', 'Paragraph 2', 'Requests'],
      ['c', 'clause', 'Paragraph 3', 'Costs'],
    ])
    expect(negotiatedNodes(plain, 'treaty').map(({ label }) => label).slice(2)).toEqual(['Article 1', 'Article 2', 'Article 3'])
  })

  it('name the one holding the cursor, part or clause', () => {
    const at = (pos: number) => negotiatedAt(EditorState.create({ doc: plain, selection: TextSelection.create(plain, pos) }), 'mou')
    expect(at(2)?.id).toBe('title')
    expect(at(positionOf(plain, 'preamble')! + 3)?.label).toBe('Preamble')
    expect(at(positionOf(plain, 'b')! + 3)?.label).toBe('Paragraph 2')
  })

  it('count, for "agree all", what the other party alone agreed ad referendum', () => {
    let doc = withState(plain, 'preamble', agreed('agreed-ad-referendum', 'KH'))
    doc = withState(doc, 'a', agreed('agreed-ad-referendum', 'KH'))
    doc = withState(doc, 'b', agreed('agreed-ad-referendum', 'TH'))
    doc = withState(doc, 'c', agreed('agreed', 'KH', 'TH'))
    const nodes = negotiatedNodes(doc, 'mou')
    expect(agreedByOthersOnly(nodes, 'TH').map(({ id }) => id)).toEqual(['preamble', 'a'])
    expect(agreedByOthersOnly(nodes, 'KH').map(({ id }) => id)).toEqual(['b'])
    expect(listInWords(['the preamble', 'Paragraph 1', 'Paragraph 3'])).toBe('the preamble, Paragraph 1 and Paragraph 3')
    expect(listInWords(['the title'])).toBe('the title')
  })

  it('change their signature when a status or an agreement moves, not when words are typed', () => {
    const before = negotiationSignature(plain)
    const typed = EditorState.create({ doc: plain }).apply(EditorState.create({ doc: plain }).tr.insertText('Broad ', positionOf(plain, 'a')! + 12)).doc
    expect(typed.eq(plain)).toBe(false)
    expect(negotiationSignature(typed)).toBe(before)
    expect(negotiationSignature(withState(plain, 'title', agreed('agreed-ad-referendum', 'KH')))).not.toBe(before)
  })
})

describe('locks on the title, the preamble and the final provisions', () => {
  it('hold as they hold on clauses, with the part named in the explanation', async () => {
    const doc = withState(withState(plain, 'title', agreed('agreed', 'KH', 'TH')), 'preamble', agreed('agreed-ad-referendum', 'KH'))
    expect(lockedClauses(doc, 'mou').map(({ id, label, status }) => [id, label, status])).toEqual([
      ['title', 'The title', 'agreed'],
      ['preamble', 'The preamble', 'agreed-ad-referendum'],
    ])
    const messages: string[] = []
    const state = EditorState.create({ schema: mouSchema, doc, plugins: [lockPlugin('mou', (message) => messages.push(message))] })
    expect(state.apply(state.tr.insertText('Draft ', 1)).doc.eq(doc)).toBe(true)
    expect(state.apply(state.tr.insertText('Broad ', positionOf(doc, 'a')! + 12)).doc.eq(doc)).toBe(false)
    await new Promise((resolve) => setTimeout(resolve))
    expect(messages).toEqual(['The title is agreed by both parties: its text is locked. Ask to reopen it in the Negotiation tab.'])
  })

  it('hold in a text in another language by the working part’s status', () => {
    const ydoc = new Y.Doc()
    const fragment = ydoc.getXmlFragment('prosemirror')
    plain.forEach((node) => {
      fragment.push([toYElement(node)])
    })
    const statuses = new WorkingStatuses(fragment)
    expect([statuses.statusOf('title'), statuses.statusOf('preamble'), statuses.statusOf('a')]).toEqual(['draft', 'draft', 'draft'])
    ;(fragment.get(1) as Y.XmlElement).setAttribute('status', 'agreed')
    expect(statuses.statusOf('preamble')).toBe('agreed')
    const thai = lockedClauses(plain, 'mou', { lang: 'th', statusOf: (node) => statuses.statusOf(node.attrs.id ?? null) })
    expect(thai.map(({ id }) => id)).toEqual(['preamble'])
  })
})

describe('inserting a party reference', () => {
  const inClause = (doc: Node, offset: number) => EditorState.create({ doc, selection: TextSelection.create(doc, positionOf(doc, 'a')! + offset) })


  it('puts a party_ref where the cursor is, or in place of the words selected, the caret after it', () => {
    // Clause a: heading "Objectives" (positions 2 to 12 within it), then its paragraph's text from 14.
    const state = inClause(plain, 14)
    let next = state
    expect(insertPartyReference({ party: '*', form: 'state' })(state, (tr) => (next = state.apply(tr)))).toBe(true)
    const clauseA = next.doc.nodeAt(positionOf(next.doc, 'a')!)!
    expect(clauseA.eq(clause('a', 'Objectives', p(partyRef('*', 'state'), 'Cooperation.')))).toBe(true)
    expect(next.selection.from).toBe(state.selection.from + 1)

    const from = positionOf(plain, 'a')! + 14
    const selected = EditorState.create({ doc: plain, selection: TextSelection.create(plain, from, from + 'Cooperation'.length) })
    insertPartyReference({ party: 'KH', form: 'shortName' })(selected, (tr) => (next = selected.apply(tr)))
    expect(next.doc.nodeAt(positionOf(next.doc, 'a')!)!.eq(clause('a', 'Objectives', p(partyRef('KH', 'shortName'), '.')))).toBe(true)
  })

  it('goes in the title and the recitals too, but not across blocks', () => {
    const title = EditorState.create({ doc: plain, selection: TextSelection.create(plain, 1) })
    expect(canInsertPartyReference(title)).toBe(true)
    const across = EditorState.create({ doc: plain, selection: TextSelection.create(plain, 2, positionOf(plain, 'a')! + 12) })
    expect(canInsertPartyReference(across)).toBe(false)
    expect(insertPartyReference({ party: 'TH', form: 'name' })(across)).toBe(false)
  })
})
