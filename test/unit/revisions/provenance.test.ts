import { nameParties } from '../../support/parties.js'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { compareDocuments } from '../../../server/revisions/comparison.js'
import { generated, isJoint, itemClock, labelText, readDocumentText, readUnlabelled, type DocumentText, type TextBlock } from '../../../server/revisions/provenance.js'
import { createRandom, randomStructureEdit } from '../../support/randomEdits.js'
import { ElementMemo } from '../../../server/mou/elementMemo.js'
import {
  bracket,
  clause,
  copyOf,
  doc,
  Drafting,
  finals,
  formula,
  heading,
  memo,
  np,
  p,
  preamble,
  recital,
  ref,
  somchai,
  sokha,
  sub,
  textAt,
  textOf,
  title,
} from '../../support/docBuilders.js'

/** Every block of a document text, in reading order. */
const blocksOf = (text: DocumentText): TextBlock[] => [...text.title, ...text.preamble, ...text.clauses.flatMap((entry) => entry.blocks), ...text.finalProvisions]

/**
 * The invariant of a read text: each character the software did not add
 * is the character its id names in `doc` (a bracket character names the
 * bracket's format item), and the arrays are as long as the text.
 */
function expectIdsName(doc: Y.Doc, text: DocumentText): void {
  for (const block of blocksOf(text)) {
    expect([block.clients.length, block.clocks.length]).toEqual([block.text.length, block.text.length])
    const named = Array.from(block.text, (_, index) => {
      const client = block.clients[index]!
      if (client === generated) return '·'
      const clock = block.clocks[index]!
      const item = Y.getItem(doc.store, Y.createID(client, itemClock(clock)))
      if (isJoint(clock)) return item.content instanceof Y.ContentFormat && item.content.key === 'bracket' ? block.text[index] : '?'
      return item.content instanceof Y.ContentString ? item.content.str[clock - item.id.clock] : '?'
    }).join('')
    expect(named).toBe(Array.from(block.text, (char, index) => (block.clients[index] === generated ? '·' : char)).join(''))
  }
}

/** A block as runs of one typist each: [party, text], the software's characters as ['·', text]. */
function byTypist(drafting: Drafting, block: TextBlock): [string, string][] {
  const runs: [string, string][] = []
  Array.from(block.text).forEach((char, index) => {
    const client = block.clients[index]!
    const who = client === generated ? '·' : (drafting.authorship.insertedBy(client)?.party ?? '?')
    const last = runs.at(-1)
    if (last && last[0] === who) last[1] += char
    else runs.push([who, char])
  })
  return runs
}

describe('the text of a shared document', () => {
  it('is read block by block, each with the kind its paragraph structure is told in, clauses with their id, template and status', () => {
    const content = doc(
      title('MOU on Police Cooperation'),
      preamble(recital('RECOGNISING the threat;'), formula('HAVE REACHED the following understanding:')),
      clause({ id: 'c1', templateId: 'objectives', status: 'agreed' }, heading('Objectives'), p('To cooperate.')),
      clause('c2', heading('Requests'), np(p('In writing.'), sub('the facts;'), sub('the purpose.')), p('Answers follow.')),
      finals(p('Done at Bangkok.')),
    )
    const text = textOf(copyOf(new Drafting(content, somchai).doc))
    const shape = (blocks: TextBlock[]) => blocks.map((block) => `${block.kind}: ${block.text}`)
    expect({
      title: shape(text.title),
      preamble: shape(text.preamble),
      clauses: text.clauses.map((entry) => ({ id: entry.id, templateId: entry.templateId, status: entry.status, blocks: shape(entry.blocks) })),
      finalProvisions: shape(text.finalProvisions),
    }).toEqual({
      title: ['title: MOU on Police Cooperation'],
      preamble: ['recital: RECOGNISING the threat;', 'closing_formula: HAVE REACHED the following understanding:'],
      clauses: [
        { id: 'c1', templateId: 'objectives', status: 'agreed', blocks: ['heading: Objectives', 'paragraph: To cooperate.'] },
        { id: 'c2', templateId: null, status: 'draft', blocks: ['heading: Requests', 'numbered: In writing.', 'sub: the facts;', 'sub: the purpose.', 'paragraph: Answers follow.'] },
      ],
      finalProvisions: ['paragraph: Done at Bangkok.'],
    })
  })

  it('gives each character the id of the Yjs item it lives in, so that it tells who typed it', () => {
    const content = memo(clause('c1', heading('Costs'), p('Each Participant will <a>bear its own costs.')))
    const drafting = new Drafting(content, somchai)
    drafting.edit(sokha, (replica) => {
      const { text, index } = textAt(replica, content, content.tag.a!)
      text.insert(index, 'normally ')
    })
    const text = textOf(drafting.doc)
    const paragraph = text.clauses[0]!.blocks[1]!
    expect(paragraph.text).toBe('Each Participant will normally bear its own costs.')
    expect(byTypist(drafting, paragraph)).toEqual([
      ['TH', 'Each Participant will '],
      ['KH', 'normally '],
      ['TH', 'bear its own costs.'],
    ])
    expectIdsName(drafting.doc, text)
  })

  it('shows references by the label it is given, as characters nobody typed, and brackets in their notation, as the characters of whoever opened them', () => {
    const content = memo(
      clause('c1', heading('Notice'), p('Within ', bracket('b1', 'TH')('30'), bracket('b1', 'KH', 1)('60'), ' days, as ', ref('c2'), ' and ', ref('c2'), ' say, not ', ref('gone'), '.')),
      clause('c2', heading('Requests'), p('In writing.')),
    )
    const asked: string[] = []
    const drafting = new Drafting(content, somchai)
    const text = readDocumentText(drafting.doc, (clauseId, order) => {
      asked.push(`${clauseId} in ${order.join(',')}`)
      return clauseId === 'c2' ? 'Paragraph 2' : '[missing reference]'
    }, 'prosemirror', nameParties())
    const paragraph = text.clauses[0]!.blocks[1]!
    expect(paragraph.text).toBe('Within [30] / [60] days, as Paragraph 2 and Paragraph 2 say, not [missing reference].')
    expect(byTypist(drafting, paragraph)).toEqual([
      ['TH', 'Within [30] / [60] days, as '],
      ['·', 'Paragraph 2'],
      ['TH', ' and '],
      ['·', 'Paragraph 2'],
      ['TH', ' say, not '],
      ['·', '[missing reference]'],
      ['TH', '.'],
    ])
    // One label per clause referred to, however many references name it; each asked with the clause order.
    expect(asked).toEqual(['c2 in c1,c2', 'gone in c1,c2'])
    expectIdsName(drafting.doc, text)
  })

  it('leaves out what was deleted, while the old state keeps the ids through which the deletion is credited to whoever deleted it', () => {
    const content = memo(clause('c1', heading('Costs'), p('Each Participant will bear <a>its own<b> costs.')))
    const drafting = new Drafting(content, somchai)
    const before = copyOf(drafting.doc)
    const snapshot = Y.snapshot(drafting.doc)
    drafting.edit(sokha, (replica) => {
      const from = textAt(replica, content, content.tag.a!)
      from.text.delete(from.index, content.tag.b! - content.tag.a! + 1)
      from.text.insert(from.index, 'the ')
    })
    const old = textOf(before)
    const now = textOf(drafting.doc)
    expect(now.clauses[0]!.blocks[1]!.text).toBe('Each Participant will bear the costs.')
    // The old state read from a snapshot of the live document is the old state, ids included.
    expect(textOf(Y.createDocFromSnapshot(drafting.doc, snapshot))).toEqual(old)
    expectIdsName(drafting.doc, old)

    // The deleted characters were typed by Somchai; their ids say that Sokha deleted them.
    const block = old.clauses[0]!.blocks[1]!
    const start = block.text.indexOf('its own ')
    const deleted = Array.from('its own ', (_, offset) => [block.clients[start + offset]!, block.clocks[start + offset]!] as const)
    expect(deleted.map(([client]) => drafting.authorship.insertedBy(client))).toEqual(Array(8).fill(somchai))
    expect(deleted.map(([client, clock]) => drafting.authorship.deletedBy(client, clock))).toEqual(Array(8).fill(sokha))
    const { clauses } = compareDocuments(old, now, 'mou', drafting.authorship)
    expect(clauses[0]!.diff).toEqual([
      { op: 'equal', text: 'Costs\nEach Participant will bear ' },
      { op: 'delete', text: 'its own ', author: sokha },
      { op: 'insert', text: 'the ', author: sokha },
      { op: 'equal', text: 'costs.' },
    ])
  })

  it('does not look for text deeper than a document can nest it', () => {
    const drafting = new Drafting(memo(clause('c1', heading('Costs'), p('Kept.'))), somchai)
    const fragment = drafting.doc.getXmlFragment('prosemirror')
    const nested = (depth: number, word: string) => {
      let element = new Y.XmlElement('paragraph')
      element.insert(0, [new Y.XmlText(word)])
      for (let level = 0; level < depth; level++) {
        const wrapper = new Y.XmlElement('wrapper')
        wrapper.insert(0, [element])
        element = wrapper
      }
      return element
    }
    const clauseElement = fragment.get(2) as Y.XmlElement
    clauseElement.push([nested(3, 'Shallow.'), nested(40, 'Buried.')])
    expect(textOf(drafting.doc).clauses[0]!.blocks.map((block) => block.text)).toEqual(['Costs', 'Kept.', 'Shallow.'])
  })

  it.each([2, 11, 29])('read again after seeded random edits, reads each element that did not change from what it kept, and reads as the whole text read afresh (seed %i)', (seed) => {
    const random = createRandom(seed)
    const clauses = Array.from({ length: 12 }, (_, index) =>
      clause(`c${index}`, heading(`Clause ${index}`), p('See ', ref(`c${(index + 5) % 12}`), ' and the text of clause ', String(index), '.'), np(p('Numbered.'), sub('Lettered.'))),
    )
    const drafting = new Drafting(memo(...clauses), somchai)
    const fragment = drafting.doc.getXmlFragment('prosemirror')
    const elementMemo = new ElementMemo(drafting.doc)
    const labelOf = (clauseId: string | null, order: (string | null)[]) => `Clause ${order.indexOf(clauseId) + 1}`
    let previous = readUnlabelled(drafting.doc, 'prosemirror', elementMemo)
    let reused = 0
    for (let round = 0; round < 40; round++) {
      randomStructureEdit(random, fragment)
      const read = readUnlabelled(drafting.doc, 'prosemirror', elementMemo)
      expect(read).toEqual(readUnlabelled(drafting.doc, 'prosemirror'))
      expect(labelText(read, labelOf, nameParties())).toEqual(readDocumentText(drafting.doc, labelOf, 'prosemirror', nameParties()))
      reused += read.clauses.filter((entry) => previous.clauses.includes(entry)).length
      previous = read
    }
    // Most clauses were unchanged at each reading, and were not read again.
    expect(reused).toBeGreaterThan(40 * 6)
  })
})
