import { nameParties } from '../../support/parties.js'
import { describe, expect, it } from 'vitest'
import type { Node } from 'prosemirror-model'
import { documentParts } from '../../../server/vocabulary/documentText.js'
import { numberDocument, subParagraphLetter } from '../../../server/vocabulary/numbering.js'
import { clause, mou, np, p, ref, sub } from '../../support/mouBuilders.js'

const clauseTexts = (doc: Node, style: 'mou' | 'treaty' = 'mou') =>
  documentParts(doc, numberDocument(doc, style), nameParties())
    .filter((part) => part.part === 'clause')
    .map((part) => `${part.label}\n${part.text}`)

const objectives = clause('obj', 'Objectives', p('The Participants will cooperate.'))
const requests = clause('req', 'Requests', np('Requests will be in writing.'), np('A request will state:', sub('the facts;'), sub('the assistance sought.')))
const information = clause('info', 'Information', p('Information is shared under ', ref('req'), ' and kept as ', ref('obj'), ' says.'), sub('first'), sub('second'))

describe('numbering', () => {
  it('numbers clauses, paragraphs and sub-paragraphs, and shows references by the current number', () => {
    expect(clauseTexts(mou(objectives, requests, information))).toEqual([
      'Paragraph 1\nObjectives\nThe Participants will cooperate.',
      'Paragraph 2\nRequests\n1. Requests will be in writing.\n2. A request will state:\n(a) the facts;\n(b) the assistance sought.',
      'Paragraph 3\nInformation\nInformation is shared under Paragraph 2 and kept as Paragraph 1 says.\n(a) first\n(b) second',
    ])
  })

  it('says "Article" in a treaty', () => {
    expect(clauseTexts(mou(objectives, information), 'treaty')[1]).toBe(
      'Article 2\nInformation\nInformation is shared under [missing reference] and kept as Article 1 says.\n(a) first\n(b) second',
    )
  })

  it('renumbers everything, references included, when a clause moves, is inserted or is deleted', () => {
    const moved = mou(information, objectives, requests)
    expect(numberDocument(moved, 'mou').clauses.map((c) => `${c.id}=${c.label}`)).toEqual(['info=Paragraph 1', 'obj=Paragraph 2', 'req=Paragraph 3'])
    expect(clauseTexts(moved)[0]).toContain('shared under Paragraph 3 and kept as Paragraph 2 says')

    const inserted = mou(clause('new', 'Definitions', p('Terms.')), objectives, requests, information)
    expect(clauseTexts(inserted)[3]).toContain('shared under Paragraph 3 and kept as Paragraph 2 says')

    const deleted = mou(requests, information)
    expect(clauseTexts(deleted)[1]).toContain('shared under Paragraph 1 and kept as [missing reference] says')
  })

  it('restarts lettering after each paragraph and numbering in each clause', () => {
    const doc = mou(clause('a', 'A', np('one', sub('x'), sub('y')), np('two', sub('z')), p('lead-in'), sub('again')), clause('b', 'B', np('first')))
    expect(clauseTexts(doc)).toEqual(['Paragraph 1\nA\n1. one\n(a) x\n(b) y\n2. two\n(a) z\nlead-in\n(a) again', 'Paragraph 2\nB\n1. first'])
  })

  it('letters past z as aa, ab…', () => {
    expect([0, 25, 26, 27, 51, 52].map(subParagraphLetter)).toEqual(['a', 'z', 'aa', 'ab', 'az', 'ba'])
    expect(() => subParagraphLetter(-1)).toThrow(RangeError)
  })
})
