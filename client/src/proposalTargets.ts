/**
 * Where a delegation's private draft of a clause may go when it is
 * proposed: as a new bracket of the party's at the end of the clause
 * (always offered), or as the party's alternative in a bracket of the
 * clause where the party has no alternative yet — the server refuses a
 * second one (409). Pure: the clause's brackets in, the choices out.
 */

import { describeBracket, type Bracket } from '../../server/vocabulary/brackets.js'

/** A bracket the party's draft may join as its alternative, with the wording it would stand beside ("[30] / [60]"). */
export interface AlternativeTarget {
  bracketId: string
  /** The wording already in the bracket, as it reads: every alternative in brackets. */
  wording: string
}

/** The brackets of a clause (`bracketsOf`) in which `party` has no alternative, in the clause's order. */
export function proposalTargets(brackets: readonly Bracket[], party: string): AlternativeTarget[] {
  return brackets.filter((bracket) => !bracket.owners.includes(party)).map((bracket) => ({ bracketId: bracket.id, wording: describeBracket(bracket) }))
}
