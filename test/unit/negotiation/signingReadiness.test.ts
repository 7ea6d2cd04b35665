import { describe, expect, it } from 'vitest'
import { notReadyRefusal, openItems } from '../../../server/negotiation/signingReadiness.js'
import { inEnglish } from '../../../server/vocabulary/refusal.js'
import { bracket, clause, doc, finals, formula, heading, p, part, preamble, recital, ref, title, type Child } from '../../support/docBuilders.js'

const agreed = (id: string, ...body: Child[]) => clause({ id, status: 'agreed' }, ...body)

/** A memorandum whose title, preamble and final provisions are agreed, with `clauses`. */
const signedMemo = (...clauses: Child[]) =>
  doc(
    part('title', { status: 'agreed' })('Memorandum'),
    part('preamble', { status: 'agreed' })(recital('RECOGNISING the need;'), formula('HAVE REACHED the following understanding:')),
    ...clauses,
    part('final_provisions', { status: 'agreed' })(p('IN WITNESS WHEREOF …')),
  )

describe('what keeps a text from signature', () => {
  it('is nothing once every clause, the title, the preamble and the final provisions are agreed and no bracket is left', () => {
    const items = openItems(signedMemo(agreed('c1', heading('Objectives'), p('To cooperate.')), agreed('c2', heading('Costs'), p('Own costs.'))), { style: 'treaty', parties: [] })
    expect(items).toEqual({ brackets: [], unagreedClauses: [] })
  })

  it('is every clause not agreed — agreed ad referendum included — with its label, heading (references by number) and status', () => {
    const content = signedMemo(
      agreed('c1', heading('Objectives'), p('To cooperate.')),
      clause({ id: 'c2', status: 'agreed-ad-referendum' }, heading('Costs under ', ref('c1')), p('Own costs.')),
      clause('c3', heading('Review'), p('Yearly.')),
    )
    expect(openItems(content, { style: 'treaty', parties: [] }).unagreedClauses).toEqual([
      { clauseId: 'c2', label: 'Article 2', heading: 'Costs under Article 1', status: 'agreed-ad-referendum', agreedBy: [] },
      { clauseId: 'c3', label: 'Article 3', heading: 'Review', status: 'draft', agreedBy: [] },
    ])
  })

  it('is every bracket, in agreed clauses and outside the clauses too, with its alternatives, owners and place', () => {
    const content = doc(
      title('Memorandum'),
      preamble(recital('RECOGNISING ', bracket('b0', 'KH')('urgent'), ' needs;'), formula('HAVE REACHED the following understanding:')),
      agreed('c1', heading('Notice'), p('Within ', bracket('b1', 'TH')('30'), bracket('b1', 'KH', 1)('60'), bracket('b1', 'TH', 2)('90'), ' days.')),
      finals(p('Done at ', bracket('b2', 'TH')('Bangkok'), '.')),
    )
    expect(openItems(content, { style: 'mou', parties: [] }).brackets).toEqual([
      { id: 'b0', owner: 'KH', owners: ['KH'], text: '[urgent]', clauseId: null, label: null },
      { id: 'b1', owner: 'TH', owners: ['TH', 'KH', 'TH'], text: '[30] / [60] / [90]', clauseId: 'c1', label: 'Paragraph 1' },
      { id: 'b2', owner: 'TH', owners: ['TH'], text: '[Bangkok]', clauseId: null, label: null },
    ])
  })

  it('is the title, the preamble and the final provisions not agreed, each by its fixed id', () => {
    const content = doc(
      title('Memorandum'),
      part('preamble', { status: 'agreed' })(recital('RECOGNISING;'), formula('HAVE REACHED:')),
      agreed('c1', heading('Notice'), p('Soon.')),
      part('final_provisions', { status: 'agreed-ad-referendum' })(p('Done.')),
    )
    expect(openItems(content, { style: 'mou', parties: [] }).unagreedClauses).toEqual([
      { clauseId: 'title', label: 'The title', heading: '', status: 'draft', agreedBy: [] },
      { clauseId: 'final-provisions', label: 'The final provisions', heading: '', status: 'agreed-ad-referendum', agreedBy: [] },
    ])
  })

  it('reads as one sentence: each bracket with its parties once and its place, then each clause not agreed', () => {
    const content = signedMemo(
      clause('c1', heading('Notice'), p('Within ', bracket('b1', 'TH')('30'), bracket('b1', 'KH', 1)('60'), bracket('b1', 'TH', 2)('90'), ' days.')),
      clause({ id: 'c2', status: 'under-negotiation' }, heading('Costs'), p('Own costs.')),
    )
    const said = (items: ReturnType<typeof openItems>) => inEnglish(notReadyRefusal(7, items))
    expect(said(openItems(content, { style: 'treaty', parties: [] }))).toBe(
      'revision 7 is not ready for signature: 1 bracketed proposal: [30] / [60] / [90] (TH/KH, Article 1); and 2 parts not agreed: Article 1 “Notice” (draft); Article 2 “Costs” (under-negotiation)',
    )
    const oneClause = openItems(signedMemo(clause('c1', heading('Notice'), p('Soon.'))), { style: 'mou', parties: [] })
    expect(said(oneClause)).toBe('revision 7 is not ready for signature: 1 part not agreed: Paragraph 1 “Notice” (draft)')
    const twoBrackets = openItems(signedMemo(agreed('c1', heading('Notice'), p(bracket('b1', 'TH')('Soon'), ' or ', bracket('b2', 'KH')('later'), '.'))), { style: 'mou', parties: [] })
    expect(said(twoBrackets)).toBe('revision 7 is not ready for signature: 2 bracketed proposals: [Soon] (TH, Paragraph 1); [later] (KH, Paragraph 1)')
  })
})
