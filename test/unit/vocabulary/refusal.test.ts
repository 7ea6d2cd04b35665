import { describe, expect, it } from 'vitest'
import { conflict } from '../../../server/vocabulary/errors.js'
import { inEnglish, isRefusalWords, refusal } from '../../../server/vocabulary/refusal.js'
import { namedValues, type WordNames } from '../../../server/vocabulary/words.js'

describe('a refusal in words', () => {
  it('reads in English as the server has always written it', () => {
    expect(inEnglish(refusal('refusal.status.openBrackets', { count: 1 }))).toBe('the clause still holds 1 bracketed proposal; resolve them first')
    expect(inEnglish(refusal('refusal.status.openBrackets', { count: 3 }))).toBe('the clause still holds 3 bracketed proposals; resolve them first')
    expect(inEnglish(refusal('refusal.text.partLocked', { part: 'final_provisions', status: 'agreed' }))).toBe(
      'the final provisions is agreed: its text is locked and the change was not applied',
    )
    expect(inEnglish(refusal('refusal.bracket.requestPending', { asker: null, keep: 'one', kept: 'sixty', bracket: 'b1' }))).toBe(
      'the secretariat has asked to keep “sixty” in bracket b1; answer or cancel that request first',
    )
    expect(inEnglish(refusal('refusal.bracket.othersProposal', { change: 'delete', owner: 'TH', bracket: 'b1', inClause: 'no', clause: '' }))).toBe(
      "the change deletes text of TH's bracketed proposal b1: only TH changes or withdraws it; resolving it is proposed through POST …/brackets/b1/resolve",
    )
    expect(inEnglish(refusal('refusal.translation.confirmingParty', { lang: 'km', parties: ['KH', 'TH'] }))).toBe('a translation into km is confirmed by a delegate of KH or TH')
  })

  it('makes an error whose message is its English and which carries the words', () => {
    const error = conflict(refusal('refusal.status.partyAlreadyAgreed', { party: 'KH' }))
    expect([error.code, error.message, error.words]).toEqual(['conflict', 'KH has already agreed to this clause', { key: 'refusal.status.partyAlreadyAgreed', values: { party: 'KH' } }])
    expect(conflict('plain words').words).toBeUndefined()
  })

  it('names codes by the placeholder that holds them, and leaves data as it is', () => {
    const names: WordNames = {
      status: (code) => `status:${code}`,
      role: (code) => `role:${code}`,
      part: (code) => `part:${code}`,
      language: (code) => `lang:${code}`,
      secretariat: () => 'SEC',
      list: (items, kind) => items.join(` ${kind} `),
      moment: (iso) => `moment:${iso}`,
    }
    const values = { status: 'agreed', role: 'observer', part: 'preamble', lang: 'th', asker: null, languages: ['th', 'km'], awaited: ['TH', 'KH'], parties: ['TH'], at: '2026-12-03T07:05:00.000Z', clause: 'agreed', count: 2 }
    expect(namedValues(values, names)).toEqual({
      status: 'status:agreed',
      role: 'role:observer',
      part: 'part:preamble',
      lang: 'lang:th',
      asker: 'SEC',
      languages: 'lang:th and lang:km',
      awaited: 'TH and KH',
      parties: 'TH',
      at: 'moment:2026-12-03T07:05:00.000Z',
      clause: 'agreed',
      count: 2,
    })
  })

  it('is told apart from anything else read from the wire', () => {
    expect(isRefusalWords({ key: 'refusal.status.alreadyAgreed', values: {} })).toBe(true)
    for (const value of [null, 'refusal.status.alreadyAgreed', { key: 'refusal.nothing', values: {} }, { key: 'toString', values: {} }, { key: 'refusal.status.alreadyAgreed' }, { key: 'refusal.status.alreadyAgreed', values: [] }]) {
      expect(isRefusalWords(value)).toBe(false)
    }
  })
})
