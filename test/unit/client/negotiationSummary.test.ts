import { describe, expect, it } from 'vitest'
import { partiesText, progressText, seatText, waitingText } from '../../../client/src/negotiationSummary.js'

const parties = [
  { code: 'TH', shortName: 'DSI' },
  { code: 'KH', shortName: 'CNP' },
]
const summary = (clauses: number, agreed: number, underNegotiation: number, waiting = 0) => ({ clauses, agreed, underNegotiation, waiting })

describe('how the home page words a negotiation', () => {
  it('names the parties by short name, in order, falling back on the code', () => {
    expect(partiesText(parties)).toBe('DSI – CNP')
    expect(partiesText([{ code: 'TH', shortName: '' }, parties[1]!])).toBe('TH – CNP')
  })

  it('names the seat: the role, and the party by short name when it has one', () => {
    expect(seatText({ role: 'head', party: 'KH', parties })).toBe('Head of delegation, CNP')
    expect(seatText({ role: 'secretariat', party: null, parties })).toBe('Secretariat')
    expect(seatText({ role: 'delegate', party: 'LA', parties })).toBe('Delegate, LA')
  })

  it('counts the clauses agreed of all, and those under negotiation', () => {
    expect(progressText(summary(19, 3, 2))).toBe('3 of 19 clauses agreed · 2 under negotiation')
    expect(progressText(summary(1, 0, 0))).toBe('0 of 1 clause agreed · 0 under negotiation')
    expect(progressText(summary(0, 0, 0))).toBe('No clauses yet')
  })

  it('says what waits only when something does', () => {
    expect(waitingText(summary(19, 3, 2, 4))).toBe('4 waiting on you')
    expect(waitingText(summary(19, 3, 2, 0))).toBeNull()
  })
})
