/**
 * A delegation's draft wording, without a browser: what a draft would
 * propose (`draftWording`: its paragraphs as the server reads them), and
 * which brackets of a clause it may join as the party's alternative. That
 * the server admits and reads drafts the same way is checked in
 * `test/unit/services/privateDrafts.test.ts`.
 */

import type { Node } from 'prosemirror-model'
import { describe, expect, it } from 'vitest'
import { draftSchema, draftWording } from '../../../client/src/editor/draftSchema.js'
import { proposalTargets } from '../../../client/src/proposalTargets.js'
import { bracketsOf } from '../../../server/vocabulary/brackets.js'
import { mouSchema } from '../../../server/vocabulary/schema.js'
import { clause, mou, p } from '../../support/mouBuilders.js'

const para = (...content: (string | Node)[]) => draftSchema.node('paragraph', null, content.map((item) => (typeof item === 'string' ? draftSchema.text(item) : item)))
const draft = (...paragraphs: Node[]) => draftSchema.node('doc', null, paragraphs)
const bracket = (id: string, owner: string, alt: number, text: string): Node => mouSchema.text(text, [mouSchema.marks.bracket!.create({ id, owner, alt })])

describe('the wording a draft would propose', () => {
  it('is its paragraphs’ text, marks left out, runs of white space read as one', () => {
    expect(draftWording(draft(para('Within ', draftSchema.text('thirty', [draftSchema.marks.strong!.create()]), ' days.'), para('  In   writing. ')))).toEqual(['Within thirty days.', 'In writing.'])
  })

  it('leaves out empty paragraphs, and is nothing for an empty draft', () => {
    expect(draftWording(draft(para(), para('Costs are shared.'), para('   ')))).toEqual(['Costs are shared.'])
    expect(draftWording(draftSchema.topNodeType.createAndFill()!)).toEqual([])
  })
})

describe('where a draft may be proposed as the party’s alternative', () => {
  it('is every bracket of the clause in which the party has no alternative yet, with the wording there', () => {
    const requests = clause('c1', 'Requests', p('Answers come within ', bracket('b1', 'KH', 0, '30'), ' days ', bracket('b2', 'KH', 0, 'in writing'), bracket('b2', 'TH', 1, 'by any means'), '.'))
    expect(proposalTargets(bracketsOf(mou(requests)), 'TH')).toEqual([{ bracketId: 'b1', wording: '[30]' }])
    expect(proposalTargets(bracketsOf(mou(requests)), 'KH')).toEqual([])
  })

  it('is no bracket in a clause without any', () => {
    expect(proposalTargets(bracketsOf(mou(clause('c1', 'Costs', p('Each bears its own.')))), 'TH')).toEqual([])
  })
})
