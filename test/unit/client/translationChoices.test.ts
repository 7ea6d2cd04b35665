import { describe, expect, it } from 'vitest'
import { languageLabel, languageName, nativeLanguageName } from '../../../client/src/languageNames.js'
import { filterChoices, parseFilter, passes } from '../../../client/src/outlineFilter.js'
import { textChoices } from '../../../client/src/panels/languageSwitch.js'
import { confirmingParties, mayConfirm } from '../../../server/vocabulary/translation.js'

const parties = [
  { code: 'TH', language: 'th' },
  { code: 'KH', language: 'km' },
]
const member = (role: 'delegate' | 'legal' | 'observer' | 'secretariat', party: string | null, revokedAt: string | null = null) => ({ role, party, revokedAt })

describe('who confirms a translation in the page', () => {
  it('is a delegate of the party whose language it is', () => {
    expect(confirmingParties(parties, 'th')).toEqual(['TH'])
    expect(mayConfirm(member('delegate', 'TH'), parties, 'th')).toBe(true)
    expect(mayConfirm(member('delegate', 'KH'), parties, 'th')).toBe(false)
    expect(mayConfirm(member('delegate', 'KH'), parties, 'km')).toBe(true)
  })

  it('is never a legal officer, an observer, the secretariat, a revoked delegate or the administrator', () => {
    expect(mayConfirm(member('legal', 'TH'), parties, 'th')).toBe(false)
    expect(mayConfirm(member('observer', null), parties, 'th')).toBe(false)
    expect(mayConfirm(member('secretariat', null), parties, 'th')).toBe(false)
    expect(mayConfirm(member('delegate', 'TH', '2026-05-01T00:00:00.000Z'), parties, 'th')).toBe(false)
    expect(mayConfirm(null, parties, 'th')).toBe(false)
  })

  it('is a delegate of either party for a language neither names', () => {
    expect(confirmingParties(parties, 'fr')).toEqual(['TH', 'KH'])
    expect(mayConfirm(member('delegate', 'KH'), parties, 'fr')).toBe(true)
  })
})

describe('the outline’s filter by translation status', () => {
  it('offers each status in each language, and reads back what it offers', () => {
    const choices = filterChoices(['th', 'km'], (lang) => ({ th: 'Thai', km: 'Khmer' })[lang]!)
    expect(choices.map(({ label }) => label)).toEqual([
      'Not confirmed in Thai',
      'Stale in Thai',
      'Draft in Thai',
      'Missing in Thai',
      'Not confirmed in Khmer',
      'Stale in Khmer',
      'Draft in Khmer',
      'Missing in Khmer',
    ])
    for (const { value } of choices) expect(parseFilter(value)).not.toBeNull()
    expect([parseFilter(''), parseFilter('confirmed:th'), parseFilter('stale:')]).toEqual([null, null, null])
  })

  it('shows the clauses in that status, not confirmed ones for “not confirmed”, and none whose status is not known', () => {
    const stale = parseFilter('stale:th')
    const unconfirmed = parseFilter('unconfirmed:th')
    expect(['missing', 'draft', 'confirmed', 'stale'].map((status) => passes(stale, status as never))).toEqual([false, false, false, true])
    expect(['missing', 'draft', 'confirmed', 'stale'].map((status) => passes(unconfirmed, status as never))).toEqual([true, true, false, true])
    expect([passes(stale, null), passes(null, null), passes(null, 'confirmed')]).toEqual([false, true, true])
  })
})

describe('the choice of texts', () => {
  const languages = { working: 'en', others: ['th', 'km'] }
  const langs = (own: string | null) => textChoices(languages, own, (lang) => lang.toUpperCase()).map((choice) => choice.langs.join(','))

  it('offers each text alone, the working text first, then side by side with one other or two', () => {
    expect(langs(null)).toEqual(['en', 'th', 'km', 'en,th', 'en,km', 'en,th,km'])
    expect(textChoices(languages, null, (lang) => lang.toUpperCase()).map((choice) => choice.label)).toEqual([
      'EN (working text)',
      'TH',
      'KM',
      'Side by side: EN | TH',
      'Side by side: EN | KM',
      'Side by side: EN | TH | KM',
    ])
  })

  it('puts the member’s own language first beside the working text', () => {
    expect(langs('km')).toEqual(['en', 'th', 'km', 'en,th', 'en,km', 'en,km,th'])
  })

  it('offers pairs of other languages for a document in four, and nothing side by side for one in a single language', () => {
    expect(textChoices({ working: 'en', others: ['th', 'km', 'lo'] }, 'th', (lang) => lang).map((choice) => choice.langs.join(','))).toEqual(['en', 'th', 'km', 'lo', 'en,th', 'en,km', 'en,lo', 'en,th,km', 'en,th,lo'])
    expect(textChoices({ working: 'en', others: [] }, null, (lang) => lang).map((choice) => choice.langs.join(','))).toEqual(['en'])
  })
})

describe('the names of languages', () => {
  it('are English in the chrome and the language’s own beside it', () => {
    expect([languageName('th'), languageName('km'), languageName('en')]).toEqual(['Thai', 'Khmer', 'English'])
    expect([nativeLanguageName('th'), nativeLanguageName('km')]).toEqual(['ไทย', 'ខ្មែរ'])
    expect([languageLabel('th'), languageLabel('en')]).toEqual(['ไทย · Thai', 'English'])
  })
})
