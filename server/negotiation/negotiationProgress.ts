/**
 * How far a negotiation has come, in the numbers the home page shows: how
 * many clauses the text holds, how many both parties have agreed, and how
 * many are on the table. Read from the clauses' own status attributes, as
 * the outline and the signing readiness read them.
 */

import type { Node } from 'prosemirror-model'
import { clauseStateOf } from '../vocabulary/clauseState.js'

export interface ClauseProgress {
  /** Every clause of the text (the title, the preamble and the final provisions are not clauses). */
  clauses: number
  /** Agreed by both parties. */
  agreed: number
  /** Being negotiated: `under-negotiation`, or agreed ad referendum by one party and awaiting the other. */
  underNegotiation: number
}

/** The clause counts of `content`, a negotiation text; clauses still in draft count only towards `clauses`. */
export function clauseProgress(content: Node): ClauseProgress {
  const progress: ClauseProgress = { clauses: 0, agreed: 0, underNegotiation: 0 }
  content.forEach((child) => {
    if (child.type.name !== 'clause') return
    progress.clauses++
    const { status } = clauseStateOf(child.attrs)
    if (status === 'agreed') progress.agreed++
    else if (status === 'under-negotiation' || status === 'agreed-ad-referendum') progress.underNegotiation++
  })
  return progress
}
