import type { Node } from 'prosemirror-model'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { compareDocuments, numberingAuthor } from '../../../server/revisions/comparison.js'
import { clauseElements, toYElement } from '../../../server/mou/contentCodec.js'
import { resolveBracket } from '../../../server/negotiation/brackets.js'
import type { Comparison, DiffRun } from '../../../server/vocabulary/views.js'
import {
  bracket,
  clause,
  copyOf,
  doc,
  Drafting,
  finals,
  heading,
  memo,
  np,
  p,
  preamble,
  recital,
  formula,
  ref,
  secretariat,
  somchai,
  sokha,
  textAt,
  textOf,
  title,
} from '../../support/docBuilders.js'

// Compare of two states of one shared document: the drafts are typed by the secretariat,
// then the delegates edit on replicas of their own, so that every run has a known author.

/** The comparison of the document before and after `edits`. */
function compareEdits(content: Node, edits: (drafting: Drafting) => void): Comparison {
  const drafting = new Drafting(content, secretariat)
  const before = copyOf(drafting.doc)
  edits(drafting)
  return compareDocuments(textOf(before), textOf(drafting.doc), 'mou', drafting.authorship)
}

/** A diff as [op, text, who]: who is the member's name, or "numbering". */
const runsOf = (diff: DiffRun[] | null) =>
  diff?.map((run) => (run.op === 'equal' ? [run.op, run.text] : [run.op, run.text, run.author === numberingAuthor ? 'numbering' : (run.author?.name ?? null)])) ?? null

/** The clause element `id` of a replica. */
const clauseIn = (replica: Y.Doc, id: string) => clauseElements(replica.getXmlFragment('prosemirror')).find((element) => element.getAttribute('id') === id)!

/** The clause node `id` of `content`. */
function clauseNode(content: Node, id: string): Node {
  let found: Node | null = null
  content.forEach((child) => {
    if (child.attrs.id === id) found = child
  })
  return found!
}

/** Moves clause `id` to the end, as y-prosemirror does: the element deleted and a copy created. */
function moveToEnd(replica: Y.Doc, content: Node, id: string): void {
  const fragment = replica.getXmlFragment('prosemirror')
  fragment.delete(fragment.toArray().indexOf(clauseIn(replica, id)), 1)
  fragment.push([toYElement(clauseNode(content, id))])
}

const fourClauses = memo(
  clause('c1', heading('Objectives'), p('The Participants will cooperate.')),
  clause('c2', heading('Scope'), p('This covers trafficking.')),
  clause('c3', heading('Costs'), p('Each Participant will bear <a>its own<b> costs.')),
  clause('c4', heading('Review'), p('The Participants will review it yearly.')),
)

describe('the clauses of a comparison', () => {
  it('are aligned by id: a clause moved, one renumbered, one amended, one removed in its old place, one added', () => {
    const comparison = compareEdits(fourClauses, (drafting) => {
      drafting.edit(somchai, (replica) => {
        const { text, index } = textAt(replica, fourClauses, fourClauses.tag.a!)
        text.insert(index, 'all ')
        moveToEnd(replica, fourClauses, 'c1')
      })
      drafting.edit(sokha, (replica) => {
        const fragment = replica.getXmlFragment('prosemirror')
        fragment.delete(fragment.toArray().indexOf(clauseIn(replica, 'c4')), 1)
        fragment.insert(fragment.toArray().indexOf(clauseIn(replica, 'c3')) + 1, [toYElement(clause('c5', heading('Languages'), p('In English.')))])
      })
    })
    expect(comparison.clauses.map((entry) => [entry.id, entry.change, entry.from?.label ?? null, entry.to?.label ?? null, entry.moved, entry.renumbered, entry.modified])).toEqual([
      ['c2', 'renumbered', 'Paragraph 2', 'Paragraph 1', false, true, false],
      ['c3', 'modified', 'Paragraph 3', 'Paragraph 2', false, true, true],
      ['c4', 'removed', 'Paragraph 4', null, false, false, true],
      ['c5', 'added', null, 'Paragraph 3', false, false, true],
      ['c1', 'moved', 'Paragraph 1', 'Paragraph 4', true, true, false],
    ])
    expect(comparison.summary).toEqual({ added: 1, removed: 1, moved: 1, modified: 1, renumbered: 1, unchanged: 0 })
    const diffs = Object.fromEntries(comparison.clauses.map((entry) => [entry.id, runsOf(entry.diff)]))
    expect(diffs).toEqual({
      c2: null,
      c3: [['equal', 'Costs\nEach Participant will bear '], ['insert', 'all ', 'Khun Somchai'], ['equal', 'its own costs.']],
      c4: [['delete', 'Review\nThe Participants will review it yearly.', 'Lok Sokha']],
      c5: [['insert', 'Languages\nIn English.', 'Lok Sokha']],
      // Re-created by the move, compared word by word: the same words, no diff.
      c1: null,
    })
    expect(comparison.clauses.map((entry) => entry.from?.heading ?? entry.to?.heading)).toEqual(['Scope', 'Costs', 'Review', 'Languages', 'Objectives'])
  })

  it('show a clause moved and amended as moved, with only the amendment, by whoever typed it', () => {
    const comparison = compareEdits(fourClauses, (drafting) => {
      drafting.edit(somchai, (replica) => moveToEnd(replica, fourClauses, 'c3'))
      drafting.edit(sokha, (replica) => {
        const text = (clauseIn(replica, 'c3').get(1) as Y.XmlElement).get(0) as Y.XmlText
        text.insert(0, 'Unless agreed, ')
      })
    })
    const moved = comparison.clauses.find((entry) => entry.id === 'c3')!
    expect(moved).toMatchObject({ change: 'moved', moved: true, modified: true, from: { label: 'Paragraph 3' }, to: { label: 'Paragraph 4' } })
    expect(runsOf(moved.diff)!.filter(([op]) => op !== 'equal')).toEqual([['insert', 'Unless agreed, ', 'Lok Sokha']])
  })

  it('tell a change of paragraph structure: a paragraph split shows a new paragraph mark where the space was, the words that moved on kept', () => {
    const content = memo(clause('c1', heading('Costs'), p('Each Participant will bear its own costs. <a>Travel is shared.')))
    const comparison = compareEdits(content, (drafting) =>
      drafting.edit(sokha, (replica) => {
        // As y-prosemirror splits: the tail deleted here, typed anew in a paragraph after.
        const { text, index } = textAt(replica, content, content.tag.a!)
        text.delete(index - 1, text.length - index + 1)
        const paragraph = new Y.XmlElement('paragraph')
        paragraph.insert(0, [new Y.XmlText('Travel is shared.')])
        clauseIn(replica, 'c1').push([paragraph])
      }),
    )
    expect(comparison.clauses[0]).toMatchObject({ change: 'modified', structure: { from: ['heading', 'paragraph'], to: ['heading', 'paragraph', 'paragraph'] } })
    expect(runsOf(comparison.clauses[0]!.diff)).toEqual([
      ['equal', 'Costs\nEach Participant will bear its own costs.'],
      // Typed anew, the same words: compare shows words, not the items they are made of.
      ['delete', ' ', 'Lok Sokha'],
      // The paragraph mark is the new paragraph's: whoever made it.
      ['insert', '\n', 'Lok Sokha'],
      ['equal', 'Travel is shared.'],
    ])
  })

  it('count a paragraph numbered without a word changed as modified: a change of structure with no diff', () => {
    const content = memo(clause('c1', heading('Requests'), p('Requests are made in writing.')))
    const comparison = compareEdits(content, (drafting) =>
      drafting.edit(somchai, (replica) => {
        const element = clauseIn(replica, 'c1')
        element.delete(1, 1)
        element.push([toYElement(np(p('Requests are made in writing.')))])
      }),
    )
    expect(comparison.clauses[0]).toMatchObject({ change: 'modified', modified: true, diff: null, structure: { from: ['heading', 'paragraph'], to: ['heading', 'numbered'] } })
  })

  it('show a reference whose number changed as the numbering’s change, no member’s', () => {
    const content = memo(
      clause('c1', heading('Objectives'), p('As ', ref('c3'), ' says.')),
      clause('c2', heading('Scope'), p('Trafficking.')),
      clause('c3', heading('Costs'), p('Own costs.')),
    )
    const comparison = compareEdits(content, (drafting) =>
      drafting.edit(sokha, (replica) => {
        const fragment = replica.getXmlFragment('prosemirror')
        fragment.delete(fragment.toArray().indexOf(clauseIn(replica, 'c2')), 1)
      }),
    )
    expect(comparison.clauses.map((entry) => [entry.id, entry.change])).toEqual([
      ['c1', 'modified'],
      ['c2', 'removed'],
      ['c3', 'renumbered'],
    ])
    expect(runsOf(comparison.clauses[0]!.diff)).toEqual([
      ['equal', 'Objectives\nAs Paragraph '],
      ['delete', '3', 'numbering'],
      ['insert', '2', 'numbering'],
      ['equal', ' says.'],
    ])
  })

  it('show a resolved bracket as the dropped alternative and the brackets deleted by whoever resolved it, not by the numbering', () => {
    const content = memo(clause('c1', heading('Notice'), p('Within ', bracket('b1', 'TH')('30'), bracket('b1', 'KH', 1)('60'), ' days.')))
    const comparison = compareEdits(content, (drafting) => drafting.edit(sokha, (replica) => resolveBracket(replica, 'b1', 1)))
    expect(runsOf(comparison.clauses[0]!.diff)).toEqual([
      ['equal', 'Notice\nWithin '],
      ['delete', '[30] / [', 'Lok Sokha'],
      ['equal', '60'],
      ['delete', ']', 'Lok Sokha'],
      ['equal', ' days.'],
    ])
  })

  it('credit the brackets of a proposal accepted as it stands, or dropped whole, to whoever resolved it', () => {
    const single = memo(clause('c1', heading('Notice'), p('Within ', bracket('b1', 'TH')('thirty'), ' days.')))
    const accepted = compareEdits(single, (drafting) => drafting.edit(sokha, (replica) => resolveBracket(replica, 'b1', 0)))
    expect(runsOf(accepted.clauses[0]!.diff)).toEqual([
      ['equal', 'Notice\nWithin '],
      ['delete', '[', 'Lok Sokha'],
      ['equal', 'thirty'],
      ['delete', ']', 'Lok Sokha'],
      ['equal', ' days.'],
    ])
    const dropped = compareEdits(single, (drafting) => drafting.edit(somchai, (replica) => resolveBracket(replica, 'b1', null)))
    expect(runsOf(dropped.clauses[0]!.diff)).toEqual([
      ['equal', 'Notice\nWithin '],
      ['delete', '[thirty]', 'Khun Somchai'],
      ['equal', ' days.'],
    ])
  })

  it('credit a bracket proposed in the text to the party that proposed it', () => {
    const content = memo(clause('c1', heading('Notice'), p('Within <a> days.')))
    const comparison = compareEdits(content, (drafting) =>
      drafting.edit(somchai, (replica) => {
        const { text, index } = textAt(replica, content, content.tag.a!)
        text.insert(index, 'thirty', { bracket: { id: 'b9', owner: 'TH', alt: 0 } })
      }),
    )
    expect(runsOf(comparison.clauses[0]!.diff)).toEqual([
      ['equal', 'Notice\nWithin '],
      ['insert', '[thirty]', 'Khun Somchai'],
      ['equal', ' days.'],
    ])
  })
})

describe('the parts of a comparison', () => {
  it('are the title, the preamble and the final provisions, each modified or not, with its own diff', () => {
    const content = doc(
      title('Memorandum of <t>Understanding'),
      preamble(recital('RECOGNISING the need to cooperate;'), formula('HAVE REACHED the following understanding:')),
      clause('c1', heading('Objectives'), p('To cooperate.')),
    )
    const comparison = compareEdits(content, (drafting) => {
      drafting.edit(somchai, (replica) => {
        const { text, index } = textAt(replica, content, content.tag.t!)
        text.insert(index, 'Mutual ')
      })
      drafting.edit(sokha, (replica) => replica.getXmlFragment('prosemirror').push([toYElement(finals(p('Done at Bangkok.'), p('In two originals.')))]))
    })
    expect(comparison.parts.map((part) => [part.part, part.modified, runsOf(part.diff)])).toEqual([
      ['title', true, [['equal', 'Memorandum of '], ['insert', 'Mutual ', 'Khun Somchai'], ['equal', 'Understanding']]],
      ['preamble', false, null],
      ['final_provisions', true, [['insert', 'Done at Bangkok.\nIn two originals.', 'Lok Sokha']]],
    ])
    expect(comparison.summary).toMatchObject({ unchanged: 1 })
  })
})
