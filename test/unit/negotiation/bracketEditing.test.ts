import type { Node } from 'prosemirror-model'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readContent } from '../../../server/mou/contentCodec.js'
import { resolveBracket, withdrawAlternative } from '../../../server/negotiation/brackets.js'
import { bracketsOf } from '../../../server/vocabulary/brackets.js'
import { bracket, clause, doc, formula, heading, memo, np, p, preamble, recital, sharedDoc, strong, sub, title } from '../../support/docBuilders.js'
import { refusal } from '../../support/refusal.js'

// Brackets over more than one run: alternatives in several paragraphs of a clause, and
// alternatives whose text carries other marks (test/unit/negotiation/brackets.test.ts has
// the cases inside one run of one paragraph).

/** The clause's text blocks joined by " | ", bracket runs written `[text|owner alt]`, strong text `*text*`. */
function marked(doc: Y.Doc, clauseId: string): string {
  let clauseNode: Node | null = null
  readContent(doc).forEach((child) => {
    if (child.attrs.id === clauseId) clauseNode = child
  })
  const blocks: string[] = []
  ;(clauseNode as Node | null)!.descendants((node) => {
    if (!node.isTextblock || node.type.name === 'clause_heading') return true
    let out = ''
    node.forEach((child) => {
      const mark = child.marks.find((candidate) => candidate.type.name === 'bracket')
      const text = child.marks.some((candidate) => candidate.type.name === 'strong') ? `*${child.text}*` : child.text
      out += mark ? `[${text}|${mark.attrs.owner} ${mark.attrs.alt}]` : text
    })
    blocks.push(out)
    return false
  })
  return blocks.join(' | ')
}

/** Applies `change` to `doc`, answering how many transactions it took. */
function transactions(doc: Y.Doc, change: () => void): number {
  let count = 0
  const counted = () => count++
  doc.on('afterTransaction', counted)
  change()
  doc.off('afterTransaction', counted)
  return count
}

/** "Requests": b1 proposed by Thailand in the numbered paragraph, Cambodia's alternative in its sub-paragraph; b2 in the paragraph after. */
const requestsClause = clause(
  'c1',
  heading('Requests'),
  np(p('A request states ', bracket('b1', 'TH')('the facts'), '.'), sub('It adds ', bracket('b1', 'KH', 1)('the ', strong('alleged'), ' evidence'), ';')),
  p('Answers within ', bracket('b2', 'KH')('30'), ' days.'),
)
const requests = () => memo(requestsClause)

describe('the brackets of a document', () => {
  it('are listed in order of appearance, each alternative gathered across the runs of other marks it spans, with its owner', () => {
    const content = doc(
      title('Memorandum'),
      preamble(recital('RECOGNISING ', bracket('b0', 'KH')('urgent'), ' needs;'), formula('HAVE REACHED the following understanding:')),
      requestsClause,
    )
    expect(bracketsOf(content)).toEqual([
      { id: 'b0', owner: 'KH', owners: ['KH'], alternatives: ['urgent'] },
      { id: 'b1', owner: 'TH', owners: ['TH', 'KH'], alternatives: ['the facts', 'the alleged evidence'] },
      { id: 'b2', owner: 'KH', owners: ['KH'], alternatives: ['30'] },
    ])
  })

  it('read an alternative that runs on into the next paragraph with the paragraph break, not glued', () => {
    const split = memo(clause('c1', heading('Costs'), p(bracket('b1', 'TH')('Each Participant bears')), p(bracket('b1', 'TH')('its own costs.'))))
    expect(bracketsOf(split)[0]!.alternatives).toEqual(['Each Participant bears\nits own costs.'])
  })
})

describe('resolving a bracket on the shared document', () => {
  it('keeps the chosen alternative unbracketed wherever it lies, its other marks kept, and deletes the others, in one transaction', () => {
    const shared = sharedDoc(requests())
    expect(transactions(shared, () => resolveBracket(shared, 'b1', 1))).toBe(1)
    expect(marked(shared, 'c1')).toBe('A request states . | It adds the *alleged* evidence; | Answers within [30|KH 0] days.')
    expect(bracketsOf(readContent(shared)).map((entry) => entry.id)).toEqual(['b2'])
  })

  it('drops every alternative wherever it lies when none is kept', () => {
    const shared = sharedDoc(requests())
    resolveBracket(shared, 'b1', null)
    expect(marked(shared, 'c1')).toBe('A request states . | It adds ; | Answers within [30|KH 0] days.')
  })

  it('refuses an unknown bracket or alternative without touching the document', () => {
    const shared = sharedDoc(requests())
    const before = Y.encodeStateVector(shared)
    expect(refusal(() => resolveBracket(shared, 'b9', 0))).toEqual({ code: 'not-found', message: 'there is no bracket b9 in the document' })
    expect(refusal(() => resolveBracket(shared, 'b1', 2))).toEqual({ code: 'invalid', message: 'field "keep" must name an alternative of bracket b1, 0 to 1 (got 2)' })
    expect(refusal(() => withdrawAlternative(shared, 'b2', 1))).toEqual({ code: 'invalid', message: 'field "alt" must name an alternative of bracket b2, 0 to 0 (got 1)' })
    expect(refusal(() => withdrawAlternative(shared, 'b9', 0))).toEqual({ code: 'not-found', message: 'there is no bracket b9 in the document' })
    expect(Y.encodeStateVector(shared)).toEqual(before)
  })
})

describe('withdrawing an alternative on the shared document', () => {
  it('deletes it wherever it lies and renumbers the later ones, their owners and other marks kept, in one transaction', () => {
    const content = memo(
      clause(
        'c1',
        heading('Notice'),
        p('Within ', bracket('b1', 'TH')('30'), bracket('b1', 'KH', 1)('60'), bracket('b1', 'TH', 2)('9', strong('0')), ' days.'),
        p('Or ', bracket('b1', 'KH', 1)('two'), bracket('b1', 'TH', 2)('three ', strong('months')), '.'),
      ),
    )
    const shared = sharedDoc(content)
    expect(transactions(shared, () => withdrawAlternative(shared, 'b1', 1))).toBe(1)
    expect(marked(shared, 'c1')).toBe('Within [30|TH 0][9|TH 1][*0*|TH 1] days. | Or [three |TH 1][*months*|TH 1].')
    expect(bracketsOf(readContent(shared)).map((entry) => [entry.id, entry.owners])).toEqual([['b1', ['TH', 'TH']]])
  })
})
