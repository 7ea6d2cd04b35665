/**
 * Sentences the server makes for people, as words any interface language
 * can say: a message key and its values (codes and data), never a sentence
 * made in English alone. The server keeps each message's English (ICU
 * messages, intl-messageformat) and writes it where English is wanted — its
 * messages, logs, close reasons — and sends the words beside it; the
 * browser says them from its catalogues, whose English is the server's.
 *
 * A value is data as it is — a party code, a clause's heading, a person's
 * name — or, by the placeholder's name, a code each side names in its own
 * language (`valueKinds`): a status, a role, a part of the instrument, a
 * language, the asker of a request (a party code, or null for the
 * secretariat), a list of languages or parties, a list of things each
 * with its status (`partList`: a part's label and heading as the text
 * reads them, its status a code), or a moment (`at`, ISO 8601: the
 * server's English keeps it so, a page writes it as its reader's locale
 * writes dates).
 */

import IntlMessageFormat from 'intl-messageformat'
import { partNames } from './clauseState.js'

/** A thing named as data, with its status as a code: `[words, status]`. */
export type StatusedEntry = readonly [string, string]

/** A value in words: data or a code, a number, null (the secretariat as asker), a list of codes, or a list of things with their statuses. */
export type WordValue = string | number | null | readonly string[] | readonly StatusedEntry[]

/** A sentence in words: its message and its values, as sent to the client. */
export interface Words<Key extends string = string> {
  key: Key
  values: Readonly<Record<string, WordValue>>
}

/** What each side names in its own language, by placeholder name; every other value is data, given as it is. */
const valueKinds = {
  status: 'status',
  role: 'role',
  part: 'part',
  lang: 'language',
  asker: 'asker',
  languages: 'languages',
  awaited: 'partiesAll',
  parties: 'partiesAny',
  at: 'moment',
  partList: 'statused',
} as const

/** How one language names the codes in a sentence's values. */
export interface WordNames {
  status(code: string): string
  role(code: string): string
  part(code: keyof typeof partNames): string
  language(code: string): string
  secretariat(): string
  list(items: readonly string[], kind: 'and' | 'or'): string
  /** A moment, given as ISO 8601. */
  moment(iso: string): string
}

/** `values` with every code named by `names`, ready for the message. */
export function namedValues(values: Words['values'], names: WordNames): Record<string, string | number> {
  const named: Record<string, string | number> = {}
  for (const [name, value] of Object.entries(values)) {
    const kind = Object.hasOwn(valueKinds, name) ? valueKinds[name as keyof typeof valueKinds] : null
    const items = Array.isArray(value) ? (value as readonly string[]) : [String(value)]
    if (typeof value === 'number') named[name] = value
    else if (kind === 'statused' && Array.isArray(value))
      named[name] = (value as readonly unknown[]).map((entry) => (Array.isArray(entry) ? `${String(entry[0])} (${names.status(String(entry[1]))})` : String(entry))).join('; ')
    else if (kind === 'status') named[name] = names.status(String(value))
    else if (kind === 'role') named[name] = names.role(String(value))
    else if (kind === 'part' && Object.hasOwn(partNames, String(value))) named[name] = names.part(value as keyof typeof partNames)
    else if (kind === 'language') named[name] = names.language(String(value))
    else if (kind === 'asker') named[name] = value === null ? names.secretariat() : String(value)
    else if (kind === 'languages') named[name] = names.list(items.map((code) => names.language(code)), 'and')
    else if (kind === 'moment') named[name] = names.moment(String(value))
    else if (kind === 'partiesAll' || kind === 'partiesAny') named[name] = names.list(items, kind === 'partiesAll' ? 'and' : 'or')
    else named[name] = Array.isArray(value) ? items.join(', ') : String(value)
  }
  return named
}

/** Codes as the server's English has always written them. */
const englishNames: WordNames = {
  status: (code) => code,
  role: (code) => code,
  part: (code) => partNames[code].inSentence,
  language: (code) => code,
  secretariat: () => 'the secretariat',
  list: (items, kind) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} ${kind} ${items.at(-1)!}`),
  moment: (iso) => iso,
}

const englishFormats = new Map<string, IntlMessageFormat>()

/** The sentence `words` says with `messages`, in English. */
export function inEnglishOf<Key extends string>(messages: Readonly<Record<Key, string>>, words: Words<Key>): string {
  const message = messages[words.key]
  let format = englishFormats.get(message)
  if (!format) {
    format = new IntlMessageFormat(message, 'en')
    englishFormats.set(message, format)
  }
  return String(format.format(namedValues(words.values, englishNames)))
}

/** Whether `value`, read from the wire, is words for one of `messages`. */
export function isWordsOf<Key extends string>(messages: Readonly<Record<Key, string>>, value: unknown): value is Words<Key> {
  if (typeof value !== 'object' || value === null) return false
  const { key, values } = value as Partial<Words>
  return typeof key === 'string' && Object.hasOwn(messages, key) && typeof values === 'object' && values !== null && !Array.isArray(values)
}
