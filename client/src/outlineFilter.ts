/**
 * Filtering the outline by translation status: the clauses missing, in
 * draft, stale — or any of these, not confirmed — in one language. A
 * filter is written as `status:lang` ("stale:th") in the outline's select.
 */

import { translationStatuses, type TranslationStatus } from '../../server/vocabulary/translation.js'
import { t, type MessageKey } from './i18n/translator.js'

/** A status the outline filters by: one of the server's, or 'unconfirmed' (any but confirmed). */
export type FilterStatus = Exclude<TranslationStatus, 'confirmed'> | 'unconfirmed'

export interface TranslationFilter {
  status: FilterStatus
  lang: string
}

const filterStatuses: readonly FilterStatus[] = ['unconfirmed', 'stale', 'draft', 'missing']

const words = { unconfirmed: 'filter.unconfirmed', stale: 'filter.stale', draft: 'filter.draft', missing: 'filter.missing' } as const satisfies Record<FilterStatus, MessageKey>

/** The filters for `languages`, as the select offers them ("Stale in Thai"), each with its value. */
export function filterChoices(languages: readonly string[], name: (lang: string) => string): { value: string; label: string }[] {
  return languages.flatMap((lang) => filterStatuses.map((status) => ({ value: `${status}:${lang}`, label: t(words[status], { language: name(lang) }) })))
}

/** The filter written as `value`, or null for none (an empty or unknown value). */
export function parseFilter(value: string): TranslationFilter | null {
  const at = value.indexOf(':')
  if (at < 0) return null
  const status = value.slice(0, at) as FilterStatus
  const lang = value.slice(at + 1)
  return filterStatuses.includes(status) && lang !== '' ? { status, lang } : null
}

/** Whether a clause whose status in the filter's language is `status` (null: not known) is shown. */
export function passes(filter: TranslationFilter | null, status: TranslationStatus | null): boolean {
  if (filter === null) return true
  if (status === null || !(translationStatuses as readonly string[]).includes(status)) return false
  return filter.status === 'unconfirmed' ? status !== 'confirmed' : status === filter.status
}
