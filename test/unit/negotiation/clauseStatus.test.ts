import { describe, expect, it } from 'vitest'
import { refusal } from '../../support/refusal.js'
import { nextState, type Actor, type StatusAction } from '../../../server/negotiation/clauseStatus.js'
import { attributesOf, clauseStateOf, type ClauseState } from '../../../server/vocabulary/clauseState.js'

const parties = ['TH', 'KH']
const now = '2026-11-28T10:00:00.000Z'
const actor = (role: Actor['role'], party: string | null): Actor => ({ memberId: `${role}-${party}`, name: `${role} ${party}`, role, party })
const thai = actor('delegate', 'TH')
const khmerLegal = actor('legal', 'KH')
const secretariat = actor('secretariat', null)
const observer = actor('observer', null)

const draft: ClauseState = { status: 'draft', agreements: [], reopenRequest: null }
const set = (target: string, initials?: string): StatusAction => ({ kind: 'set', target: target as never, initials })

/** Runs moves in order; returns the last state. */
function play(...moves: [Actor, StatusAction][]): ClauseState {
  return moves.reduce((state, [who, action]) => nextState(state, action, who, parties, 0, now).state, draft)
}

const agreed = () => play([thai, set('under-negotiation')], [khmerLegal, set('agreed-ad-referendum', 'SK')], [thai, set('agreed', 'ST')])

describe('the life of a clause', () => {
  it('goes from draft to under negotiation to agreed ad referendum by one party, then agreed by the other', () => {
    const negotiating = play([secretariat, set('under-negotiation')])
    expect(negotiating.status).toBe('under-negotiation')
    const adReferendum = nextState(negotiating, set('agreed-ad-referendum', ' SK '), khmerLegal, parties, 0, now)
    expect(adReferendum.event).toBe('agreed-ad-referendum')
    expect(adReferendum.state).toEqual({
      status: 'agreed-ad-referendum',
      agreements: [{ party: 'KH', memberId: 'legal-KH', name: 'legal KH', initials: 'SK', at: now }],
      reopenRequest: null,
    })
    // Asking for "agreed-ad-referendum" when the other party already agreed completes the agreement too.
    const both = nextState(adReferendum.state, set('agreed-ad-referendum'), thai, parties, 0, now)
    expect(both.event).toBe('agreed')
    expect(both.state.status).toBe('agreed')
    expect(both.state.agreements.map((agreement) => agreement.party)).toEqual(['KH', 'TH'])
  })

  it('is reopened only when one party asks and the other accepts', () => {
    const requested = nextState(agreed(), { kind: 'request-reopen' }, thai, parties, 0, now)
    expect(requested.state).toMatchObject({ status: 'agreed', reopenRequest: { party: 'TH', memberId: 'delegate-TH' } })
    expect(refusal(() => nextState(requested.state, { kind: 'accept-reopen' }, actor('legal', 'TH'), parties, 0, now))).toEqual({
      code: 'forbidden',
      message: 'the other party must accept the request to reopen',
    })
    expect(refusal(() => nextState(requested.state, { kind: 'accept-reopen' }, secretariat, parties, 0, now)).code).toBe('forbidden')
    const reopened = nextState(requested.state, { kind: 'accept-reopen' }, khmerLegal, parties, 0, now)
    expect(reopened).toEqual({ state: { status: 'under-negotiation', agreements: [], reopenRequest: null }, event: 'reopened' })
  })

  it('lets the party that agreed ad referendum withdraw, and nobody else', () => {
    const adReferendum = play([thai, set('under-negotiation')], [thai, set('agreed-ad-referendum')])
    expect(refusal(() => nextState(adReferendum, set('under-negotiation'), khmerLegal, parties, 0, now))).toEqual({
      code: 'forbidden',
      message: 'only the party that agreed may withdraw its agreement',
    })
    const withdrawn = nextState(adReferendum, set('under-negotiation'), actor('legal', 'TH'), parties, 0, now)
    expect(withdrawn).toEqual({ state: { status: 'under-negotiation', agreements: [], reopenRequest: null }, event: 'agreement-withdrawn' })
  })

  it.each([
    ['an observer starts the negotiation', draft, observer, set('under-negotiation'), 'forbidden', 'observers may not change the status of a clause'],
    ['the secretariat agrees for a party', play([thai, set('under-negotiation')]), secretariat, set('agreed-ad-referendum'), 'forbidden', 'only a delegate or legal member of a party agrees to a clause for that party'],
    ['a party agrees to a draft', draft, thai, set('agreed-ad-referendum'), 'conflict', 'the clause is still a draft: start the negotiation first'],
    ['a party agrees twice', play([thai, set('under-negotiation')], [thai, set('agreed-ad-referendum')]), actor('legal', 'TH'), set('agreed-ad-referendum'), 'conflict', 'TH has already agreed to this clause'],
    ['one party alone asks for "agreed"', play([thai, set('under-negotiation')]), thai, set('agreed'), 'conflict', 'the other party has not agreed yet: agree ad referendum'],
    ['an agreed clause is set back to under negotiation', agreed(), thai, set('under-negotiation'), 'conflict', 'an agreed clause is reopened only when one party asks and the other accepts (POST …/reopen)'],
    ['the secretariat reopens without the parties', agreed(), secretariat, set('under-negotiation'), 'conflict', 'an agreed clause is reopened only when one party asks and the other accepts (POST …/reopen)'],
    ['a clause goes back to draft', play([thai, set('under-negotiation')]), thai, set('draft'), 'conflict', 'a clause does not go back to draft'],
    ['an unknown status', draft, thai, set('signed'), 'invalid', 'field "status" must be one of "draft", "under-negotiation", "agreed-ad-referendum", "agreed" (got "signed")'],
    ['reopening a clause that is not agreed', play([thai, set('under-negotiation')]), thai, { kind: 'request-reopen' } as StatusAction, 'conflict', 'only an agreed clause is reopened (this one is under-negotiation); a party that agreed ad referendum may withdraw instead'],
    ['accepting a reopen nobody asked for', agreed(), khmerLegal, { kind: 'accept-reopen' } as StatusAction, 'conflict', 'nobody has asked to reopen this clause'],
    ['initials longer than ten characters', play([thai, set('under-negotiation')]), thai, set('agreed-ad-referendum', 'ABCDEFGHIJK'), 'invalid', 'field "initials" must be at most 10 characters (got 11)'],
  ])('refuses when %s', (_, state, who, action, code, message) => {
    expect(refusal(() => nextState(state, action, who, parties, 0, now))).toEqual({ code, message })
  })

  it('cannot be agreed while it holds bracketed text', () => {
    const negotiating = play([thai, set('under-negotiation')])
    expect(refusal(() => nextState(negotiating, set('agreed-ad-referendum'), thai, parties, 2, now))).toEqual({
      code: 'conflict',
      message: 'the clause still holds 2 bracketed proposals; resolve them first',
    })
  })

  it('round-trips through the clause attributes the document stores', () => {
    const state = agreed()
    expect(clauseStateOf(attributesOf(state))).toEqual(state)
    expect(clauseStateOf({ status: 'nonsense', agreedBy: '{broken' })).toEqual(draft)
  })
})

describe('heads of delegation', () => {
  const thaiHead = actor('head', 'TH')
  const khmerHead = actor('head', 'KH')
  const adReferendumByKhmer = () => play([thai, set('under-negotiation')], [khmerLegal, set('agreed-ad-referendum')])

  it('a head acts for its party: agrees, withdraws, asks and accepts to reopen', () => {
    const agreedByHeads = [thaiHead, khmerHead].reduce((state, head) => nextState(state, set('agreed-ad-referendum'), head, parties, 0, now).state, play([thaiHead, set('under-negotiation')]))
    expect(agreedByHeads).toMatchObject({ status: 'agreed', agreements: [{ party: 'TH', memberId: 'head-TH' }, { party: 'KH', memberId: 'head-KH' }] })
    const requested = nextState(agreedByHeads, { kind: 'request-reopen' }, khmerHead, parties, 0, now).state
    expect(nextState(requested, { kind: 'accept-reopen' }, thaiHead, parties, 0, now).event).toBe('reopened')
    const withdrawn = nextState(play([thai, set('under-negotiation')], [thaiHead, set('agreed-ad-referendum')]), set('under-negotiation'), thaiHead, parties, 0, now)
    expect(withdrawn.event).toBe('agreement-withdrawn')
  })

  it("when heads give full agreement, a delegate's agreement completes no clause, and a delegate accepts no reopen request", () => {
    expect(refusal(() => nextState(adReferendumByKhmer(), set('agreed'), thai, parties, 0, now, 'heads'))).toEqual({
      code: 'forbidden',
      message: "in this document only TH's head of delegation gives the full agreement that makes a clause agreed; a delegate agrees ad referendum only while the other party has not agreed",
    })
    expect(refusal(() => nextState(adReferendumByKhmer(), set('agreed-ad-referendum'), actor('legal', 'TH'), parties, 0, now, 'heads')).code).toBe('forbidden')
    expect(nextState(adReferendumByKhmer(), set('agreed'), thaiHead, parties, 0, now, 'heads').state.status).toBe('agreed')
    // Agreeing first, ad referendum, stays with delegates.
    expect(nextState(play([thai, set('under-negotiation')]), set('agreed-ad-referendum'), thai, parties, 0, now, 'heads').event).toBe('agreed-ad-referendum')

    const requested = nextState(agreed(), { kind: 'request-reopen' }, thai, parties, 0, now, 'heads').state
    expect(refusal(() => nextState(requested, { kind: 'accept-reopen' }, khmerLegal, parties, 0, now, 'heads'))).toEqual({
      code: 'forbidden',
      message: "in this document only KH's head of delegation accepts a request to reopen",
    })
    expect(nextState(requested, { kind: 'accept-reopen' }, khmerHead, parties, 0, now, 'heads').event).toBe('reopened')
  })
})
