import { describe, expect, it } from 'vitest'
import { clauseProgress } from '../../../server/negotiation/negotiationProgress.js'
import { clause, doc, finals, formula, heading, p, part, preamble, recital } from '../../support/docBuilders.js'

/** A clause `id` in `status`. */
const at = (id: string, status: string) => clause({ id, status }, heading(`Clause ${id}`), p('Text.'))

/** A memorandum holding `clauses`, its title, preamble and final provisions agreed (they are not clauses and never count). */
const memoOf = (...clauses: ReturnType<typeof at>[]) =>
  doc(
    part('title', { status: 'agreed' })('Memorandum'),
    preamble(recital('RECOGNISING the need;'), formula('HAVE REACHED the following understanding:')),
    ...clauses,
    finals(p('Done at Bangkok.')),
  )

describe('how far a negotiation has come', () => {
  it('counts every clause, the agreed ones, and those on the table (agreed ad referendum included); drafts only as clauses', () => {
    const content = memoOf(at('c1', 'agreed'), at('c2', 'agreed-ad-referendum'), at('c3', 'under-negotiation'), at('c4', 'draft'), at('c5', 'agreed'))
    expect(clauseProgress(content)).toEqual({ clauses: 5, agreed: 2, underNegotiation: 2 })
  })

  it('counts a fresh draft as clauses only, whatever its title, preamble and final provisions stand at', () => {
    expect(clauseProgress(memoOf(at('c1', 'draft'), at('c2', 'draft')))).toEqual({ clauses: 2, agreed: 0, underNegotiation: 0 })
  })
})
