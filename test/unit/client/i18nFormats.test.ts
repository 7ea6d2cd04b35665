/**
 * Dates, lists and messages in the interface's three languages: dates are
 * unambiguous everywhere (day, month by name, year, 24-hour time), Thai
 * counts years in the Buddhist era, Khmer names months in Khmer script.
 */

import { afterEach, describe, expect, it } from 'vitest'
import { formatDate, formatDateSpan, formatDateTime } from '../../../client/src/i18n/dateFormat.js'
import { listOf, setInterfaceLanguage, t } from '../../../client/src/i18n/translator.js'
import { browserLanguage, initialLanguage, storedLanguage } from '../../../client/src/i18n/languageChoice.js'

/** 3 December 2026, 14:05:09 in Bangkok and Phnom Penh (UTC+7). */
const moment = '2026-12-03T07:05:09Z'
const inIndochina = { timeZone: 'Asia/Bangkok' }

afterEach(() => setInterfaceLanguage('en'))

describe('dates in the interface', () => {
  it('read "3 Dec 2026, 14:05" in English, never day/month in figures', () => {
    expect(formatDateTime(moment, { ...inIndochina, language: 'en' })).toBe('3 Dec 2026, 14:05')
    expect(formatDate(moment, { ...inIndochina, language: 'en' })).toBe('3 Dec 2026')
    expect(formatDateTime(moment, { timeZone: 'UTC', seconds: true, language: 'en' })).toBe('3 Dec 2026, 07:05:09')
  })

  it('count years in the Buddhist era in Thai (2569), with the month by its Thai name', () => {
    const thai = formatDateTime(moment, { ...inIndochina, language: 'th' })
    expect(thai).toContain('2569')
    expect(thai).toContain('ธ.ค.')
    expect(thai).toContain('14:05')
    expect(thai).not.toContain('2026')
    expect(formatDate(moment, { ...inIndochina, language: 'th' })).toBe('3 ธ.ค. 2569')
  })

  it('name months in Khmer script in Khmer', () => {
    expect(formatDateTime(moment, { ...inIndochina, language: 'km' })).toBe('3 ធ្នូ 2026, 14:05')
    expect(formatDate('2026-05-01T12:00:00Z', { ...inIndochina, language: 'km' })).toBe('1 ឧសភា 2026')
  })

  it('write a span of calendar days saying what its two ends share once, in every language and time zone', () => {
    const spans = (language: 'en' | 'th' | 'km') =>
      [['2027-03-01', '2027-03-03'], ['2027-02-28', '2027-03-03'], ['2026-12-30', '2027-01-02'], ['2027-03-01', '2027-03-01']].map(([start, end]) => formatDateSpan(start!, end!, { language }))
    expect(spans('en')).toEqual(['1–3 Mar 2027', '28 Feb – 3 Mar 2027', '30 Dec 2026 – 2 Jan 2027', '1 Mar 2027'])
    expect(spans('th')).toEqual(['1–3 มี.ค. 2570', '28 ก.พ. – 3 มี.ค. 2570', '30 ธ.ค. 2569 – 2 ม.ค. 2570', '1 มี.ค. 2570'])
    expect(spans('km')).toEqual(['1–3 មីនា 2027', '28 កុម្ភៈ – 3 មីនា 2027', '30 ធ្នូ 2026 – 2 មករា 2027', '1 មីនា 2027'])
    expect(formatDateSpan('2027-02-30', '2027-03-01', { language: 'en' })).toBe('2027-02-30 – 2027-03-01')
  })

  it('follow the interface language unless told another, and give back what is not a date', () => {
    setInterfaceLanguage('th')
    expect(formatDate(moment, inIndochina)).toBe('3 ธ.ค. 2569')
    expect(formatDate('not a date')).toBe('not a date')
  })
})

describe('messages and lists', () => {
  it('join lists with the language’s own “and” and “or”', () => {
    expect(listOf(['A', 'B', 'C'], 'and')).toBe('A, B and C')
    expect(listOf(['A', 'B'], 'or')).toBe('A or B')
    expect(listOf(['A'], 'and')).toBe('A')
    setInterfaceLanguage('th')
    expect(listOf(['ก', 'ข'], 'and')).toBe('ก และ ข')
    setInterfaceLanguage('km')
    expect(listOf(['ក', 'ខ'], 'or')).toBe('ក ឬ ខ')
  })

  it('fill placeholders in the language set', () => {
    expect(t('error.withReason', { summary: 'Not allowed', reason: 'the clause is agreed' })).toBe('Not allowed: the clause is agreed')
    setInterfaceLanguage('th')
    expect(t('role.head')).toBe('หัวหน้าคณะผู้แทน')
  })
})

describe('the choice of the interface’s language', () => {
  const storage = (kept: string | null) => ({ getItem: () => kept })

  it('defaults from the browser’s languages in their order, else English', () => {
    expect(browserLanguage(['km-KH', 'th', 'en'])).toBe('km')
    expect(browserLanguage(['fr-FR', 'th-TH'])).toBe('th')
    expect(browserLanguage(['fr-FR', 'de'])).toBe('en')
    expect(browserLanguage([])).toBe('en')
  })

  it('prefers the choice kept in this browser, ignoring anything that is not a language of the interface', () => {
    expect(initialLanguage(storage('km'), ['th'])).toBe('km')
    expect(initialLanguage(storage('fr'), ['th'])).toBe('th')
    expect(storedLanguage(storage(null))).toBeNull()
    expect(storedLanguage({ getItem: () => { throw new Error('denied') } })).toBeNull()
  })
})
