/**
 * Dates and times as the interface writes them: unambiguous in every
 * language — the day, the month by name, the year, and the time on the
 * 24-hour clock ("3 Dec 2026, 14:05"), never "12/3/2026". Thai counts years
 * in the Buddhist era, as Intl's th-TH calendar does ("3 ธ.ค. 2569 14:05").
 * Khmer is composed here, with the months' Khmer names, because browsers
 * may lack Intl's Khmer data (Chromium's does: it falls back to American
 * English) — the same words in every browser.
 */

import { interfaceLanguage, intlFormatters } from './translator.js'
import { localeOf, type InterfaceLanguage } from './languageChoice.js'
import { isCalendarDate } from '../../../server/vocabulary/round.js'

/** The months in Khmer (CLDR's names: Khmer abbreviates none). */
const khmerMonths = ['មករា', 'កុម្ភៈ', 'មីនា', 'មេសា', 'ឧសភា', 'មិថុនា', 'កក្កដា', 'សីហា', 'កញ្ញា', 'តុលា', 'វិច្ឆិកា', 'ធ្នូ'] as const

export interface DateOptions {
  /** The time zone shown (an IANA name such as 'UTC'); the browser's own by default. */
  timeZone?: string
  /** Whether the time has seconds too. */
  seconds?: boolean
  /** The language, if not the interface's. */
  language?: InterfaceLanguage
}

/** "3 Dec 2026, 14:05"; a value that is not a date is given back as it is. */
export function formatDateTime(value: string | number | Date, options: DateOptions = {}): string {
  return format(value, true, options)
}

/** "3 Dec 2026"; a value that is not a date is given back as it is. */
export function formatDate(value: string | number | Date, options: DateOptions = {}): string {
  return format(value, false, options)
}

/**
 * The days from calendar date `startDate` to `endDate` (YYYY-MM-DD, as a
 * round's dates are kept: days, not moments, so read in UTC), saying what
 * the two share once: "1–3 Mar 2027", "28 Feb – 3 Mar 2027", "30 Dec 2026 –
 * 2 Jan 2027"; one day as `formatDate` writes it. A date that cannot be
 * read is given back as it is.
 */
export function formatDateSpan(startDate: string, endDate: string, options: Pick<DateOptions, 'language'> = {}): string {
  const [start, end] = [calendarDay(startDate), calendarDay(endDate)]
  if (start === null || end === null) return startDate === endDate ? startDate : `${startDate} – ${endDate}`
  const inUtc = { ...options, timeZone: 'UTC' }
  const last = format(end, false, inUtc)
  if (startDate === endDate) return last
  if (startDate.slice(0, 7) === endDate.slice(0, 7)) return `${start.getUTCDate()}–${last}`
  if (startDate.slice(0, 4) === endDate.slice(0, 4)) return `${format(start, false, inUtc, false)} – ${last}`
  return `${format(start, false, inUtc)} – ${last}`
}

/** The calendar date `value` (YYYY-MM-DD, a day that exists) at midnight UTC, or null. */
const calendarDay = (value: string): Date | null => (isCalendarDate(value) ? new Date(`${value}T00:00:00Z`) : null)

function format(value: string | number | Date, withTime: boolean, options: DateOptions, withYear = true): string {
  const date = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(date.getTime())) return String(value)
  const language = options.language ?? interfaceLanguage()
  const time: Intl.DateTimeFormatOptions = withTime ? { hour: '2-digit', minute: '2-digit', ...(options.seconds ? { second: '2-digit' } : {}), hourCycle: 'h23' } : {}
  if (language !== 'km') {
    return intlFormatters.getDateTimeFormat(localeOf[language], { day: 'numeric', month: 'short', ...(withYear ? { year: 'numeric' } : {}), ...time, timeZone: options.timeZone }).format(date)
  }
  // The numbers from a formatter every browser has, the words from Khmer's months.
  const parts = intlFormatters.getDateTimeFormat('en-GB', { day: 'numeric', month: 'numeric', year: 'numeric', ...time, timeZone: options.timeZone }).formatToParts(date)
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((candidate) => candidate.type === type)?.value ?? ''
  const day = `${Number(part('day'))} ${khmerMonths[Number(part('month')) - 1]}${withYear ? ` ${part('year')}` : ''}`
  if (!withTime) return day
  return `${day}, ${part('hour')}:${part('minute')}${options.seconds ? `:${part('second')}` : ''}`
}
