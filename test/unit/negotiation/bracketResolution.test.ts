import { describe, expect, it } from 'vitest'
import { refusal } from '../../support/refusal.js'
import { answerResolution, askResolution, checkWithdrawal, type ResolutionActor } from '../../../server/negotiation/bracketResolution.js'
import { type ResolutionRequest, consentNeeded, isCurrent } from '../../../server/vocabulary/bracketRequest.js'
import type { Bracket } from '../../../server/vocabulary/brackets.js'

const now = '2026-11-28T10:00:00.000Z'
const actor = (role: ResolutionActor['role'], party: string | null): ResolutionActor => ({ memberId: `${role}-${party}`, name: `${role} ${party}`, role, party })
const thai = actor('delegate', 'TH')
const thaiLegal = actor('legal', 'TH')
const khmer = actor('delegate', 'KH')
const secretariat = actor('secretariat', null)
const observer = actor('observer', null)

/** A bracket from its alternatives written "owner:text": `bracket('TH:30', 'KH:60')`. */
function bracket(...alternatives: string[]): Bracket {
  const owners = alternatives.map((alternative) => alternative.split(':')[0]!)
  return { id: 'b1', owner: owners[0]!, owners, alternatives: alternatives.map((alternative) => alternative.split(':')[1]!) }
}

/** Asks, then answers in order; returns the outcome of the last answer. */
function play(proposal: Bracket, keep: number | null, asker: ResolutionActor, ...answers: [ResolutionActor, 'accept' | 'decline' | 'cancel'][]) {
  let request = askResolution(proposal, keep, asker, null, now)!
  let outcome: ReturnType<typeof answerResolution> = { kind: 'pending', request }
  for (const [who, answer] of answers) {
    outcome = answerResolution(request, answer, who, now)
    if (outcome.kind !== 'closed') request = outcome.request
  }
  return outcome
}

describe('who must consent to a resolution', () => {
  it('is every owner of a dropped alternative except the party asking; for the secretariat, every owner', () => {
    const cases: [Bracket, number | null, string | null, string[]][] = [
      // A party withdraws its own proposal, keeps its own single alternative, or accepts the other's.
      [bracket('TH:30'), null, 'TH', []],
      [bracket('TH:30'), 0, 'TH', []],
      [bracket('TH:30'), 0, 'KH', []],
      [bracket('TH:30', 'KH:60'), 1, 'TH', []],
      [bracket('TH:30', 'KH:60'), 0, 'KH', []],
      // Dropping the other party's wording needs that party.
      [bracket('TH:30'), null, 'KH', ['TH']],
      [bracket('TH:30', 'TH:60'), 1, 'KH', ['TH']],
      [bracket('TH:30', 'KH:60'), 0, 'TH', ['KH']],
      [bracket('TH:30', 'KH:60'), null, 'TH', ['KH']],
      // The secretariat speaks for no party: every party with wording in the bracket decides.
      [bracket('TH:30', 'KH:60', 'TH:90'), null, null, ['TH', 'KH']],
      [bracket('TH:30', 'KH:60', 'TH:90'), 2, null, ['TH', 'KH']],
      [bracket('TH:30', 'KH:60', 'TH:90'), 1, null, ['TH', 'KH']],
      [bracket('TH:30'), 0, null, ['TH']],
    ]
    for (const [proposal, keep, party, needed] of cases) {
      expect([proposal.owners, keep, party, consentNeeded(proposal, keep, party)]).toEqual([proposal.owners, keep, party, needed])
    }
  })

  it('names an alternative the bracket does not have', () => {
    expect(refusal(() => consentNeeded(bracket('TH:30', 'KH:60'), 2, 'TH'))).toEqual({
      code: 'invalid',
      message: 'field "keep" must name an alternative of bracket b1, 0 to 1 (got 2)',
    })
  })
})

describe('a request to resolve a bracket', () => {
  it('is applied at once when it drops nobody else’s wording, and otherwise records what the parties are asked to accept', () => {
    expect(askResolution(bracket('TH:30', 'KH:60'), 1, thai, null, now)).toBeNull()
    expect(askResolution(bracket('TH:30', 'KH:60'), 0, thai, null, now)).toEqual({
      bracketId: 'b1',
      keep: 0,
      party: 'TH',
      memberId: 'delegate-TH',
      name: 'delegate TH',
      at: now,
      awaiting: ['KH'],
      accepted: [],
      proposal: '[30] / [60]',
      owners: ['TH', 'KH'],
    })
  })

  it('is refused to observers, and while another request on the bracket is pending', () => {
    expect(refusal(() => askResolution(bracket('TH:30'), null, observer, null, now)).code).toBe('forbidden')
    const pending = askResolution(bracket('TH:30'), null, khmer, null, now)
    expect(refusal(() => askResolution(bracket('TH:30'), 0, thai, pending, now))).toEqual({
      code: 'conflict',
      message: 'KH has already asked to remove every alternative in bracket b1; accept, decline or cancel that request first',
    })
  })

  it('is applied once every awaited party has accepted, by a delegate or legal member of each', () => {
    const proposal = bracket('TH:30', 'KH:60')
    expect(play(proposal, 0, thai, [khmer, 'accept'])).toMatchObject({ kind: 'apply', request: { awaiting: [], accepted: [{ party: 'KH', memberId: 'delegate-KH', at: now }] } })
    expect(play(proposal, null, secretariat, [thaiLegal, 'accept'])).toMatchObject({ kind: 'pending', request: { awaiting: ['KH'] } })
    expect(play(proposal, null, secretariat, [thaiLegal, 'accept'], [khmer, 'accept'])).toMatchObject({
      kind: 'apply',
      request: { accepted: [{ party: 'TH' }, { party: 'KH' }] },
    })
  })

  it('is answered only by the awaited party, and cancelled only by the asking one', () => {
    const proposal = bracket('TH:30', 'KH:60')
    const request = askResolution(proposal, 0, thai, null, now) as ResolutionRequest
    expect(refusal(() => answerResolution(request, 'accept', thaiLegal, now))).toEqual({ code: 'forbidden', message: 'TH asked for this resolution of bracket b1: KH accepts it' })
    expect(refusal(() => answerResolution(request, 'decline', secretariat, now))).toEqual({
      code: 'forbidden',
      message: 'only a delegate or legal member of KH declines the request to resolve bracket b1',
    })
    expect(refusal(() => answerResolution(request, 'cancel', khmer, now))).toEqual({ code: 'forbidden', message: 'only TH, who asked, may cancel the request to resolve bracket b1' })
    expect(refusal(() => answerResolution(request, 'accept', observer, now)).code).toBe('forbidden')
    expect(answerResolution(request, 'decline', khmer, now)).toEqual({ kind: 'closed' })
    expect(answerResolution(request, 'cancel', thaiLegal, now)).toEqual({ kind: 'closed' })
    // The secretariat's request is the secretariat's to cancel.
    const asked = askResolution(proposal, null, secretariat, null, now) as ResolutionRequest
    expect(answerResolution(asked, 'cancel', actor('secretariat', null), now)).toEqual({ kind: 'closed' })
    expect(refusal(() => answerResolution(asked, 'cancel', thai, now)).message).toBe('only the secretariat, who asked, may cancel the request to resolve bracket b1')
  })

  it('is void once the bracket it names is gone or its wording or owners changed', () => {
    const request = askResolution(bracket('TH:30', 'KH:60'), 0, thai, null, now) as ResolutionRequest
    expect(isCurrent(request, bracket('TH:30', 'KH:60'))).toBe(true)
    expect(isCurrent(request, bracket('TH:300', 'KH:60'))).toBe(false)
    expect(isCurrent(request, bracket('TH:30', 'TH:60'))).toBe(false)
    expect(isCurrent(request, undefined)).toBe(false)
  })
})

describe('withdrawing an alternative', () => {
  it('is for a delegate or legal member of the party that owns it, while nothing is pending', () => {
    const proposal = bracket('TH:30', 'KH:60')
    expect(() => checkWithdrawal(proposal, 0, thaiLegal, null)).not.toThrow()
    expect(refusal(() => checkWithdrawal(proposal, 1, thai, null))).toEqual({
      code: 'forbidden',
      message: "alternative 1 of bracket b1 (“60”) is KH's: only KH withdraws it; ask for its removal instead (POST …/resolve)",
    })
    expect(refusal(() => checkWithdrawal(proposal, 0, secretariat, null)).code).toBe('forbidden')
    expect(refusal(() => checkWithdrawal(proposal, 2, thai, null)).message).toBe('field "alt" must name an alternative of bracket b1, 0 to 1 (got 2)')
    const pending = askResolution(proposal, 0, thai, null, now)
    expect(refusal(() => checkWithdrawal(proposal, 1, khmer, pending))).toEqual({
      code: 'conflict',
      message: 'TH has asked to keep “30” in bracket b1; answer or cancel that request first',
    })
  })
})
