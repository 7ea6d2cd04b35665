/**
 * The interface's words in the reader's language: `t(key, values)` formats
 * the message `key` of the current language's catalogue — a whole ICU
 * sentence with its placeholders, plurals and selects (intl-messageformat),
 * never pieces joined in code. The English catalogue is the source of the
 * keys; the Thai and Khmer ones have exactly the same keys and placeholders
 * (checked by a unit test).
 *
 * The language is the page's, set once before anything is drawn
 * (`setInterfaceLanguage`): choosing another reloads the page, so no panel
 * has to redraw itself in a new language and every module can simply ask
 * `t`. That is why the current language is kept here, module-wide.
 */

import IntlMessageFormat, { type Formatters } from 'intl-messageformat'
import { en, type Catalogue, type MessageKey } from './catalogues/en.js'
import { km } from './catalogues/km.js'
import { th } from './catalogues/th.js'
import { localeOf, type InterfaceLanguage } from './languageChoice.js'
import { memo } from '../memo.js'

export type { MessageKey }

/** What a placeholder may be given. */
export type MessageValues = Record<string, string | number | Date | null | undefined>

/** Every catalogue, by language. */
export const catalogues: Readonly<Record<InterfaceLanguage, Catalogue>> = { en, th, km }

let current: InterfaceLanguage = 'en'
/** Parsed messages, by language and key: each is parsed once. */
const parsed = new Map<string, IntlMessageFormat>()

/** Whether the catalogues have a message `key` (for keys made from a code the server sends: an audit event, a status). */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key)
}

/** Makes `language` the language of every message from now on. */
export function setInterfaceLanguage(language: InterfaceLanguage): void {
  current = language
}

/** The language messages are in. */
export function interfaceLanguage(): InterfaceLanguage {
  return current
}

/**
 * Intl's formatters, shared by every message (left to itself, each parsed
 * message makes its own plural rules and number formats) and by the dates
 * the interface writes.
 */
export const intlFormatters: Formatters = {
  getNumberFormat: memo((locales, options) => new Intl.NumberFormat(locales, options)),
  getDateTimeFormat: memo((locales, options) => new Intl.DateTimeFormat(locales, options)),
  getPluralRules: memo((locales, options) => new Intl.PluralRules(locales, options)),
}
/**
 * The locale a message is parsed for is always one of the three the
 * interface is written in, given as such: intl-messageformat would ask
 * `Intl.NumberFormat.supportedLocalesOf` first, whose first call in a page
 * costs Chromium 45–85 ms (it lists every locale it has) — on the way to
 * the text. What it resolves to is the locale itself, or falls back to it.
 */
IntlMessageFormat.resolveLocale = memo((locales: string | string[]) => new Intl.Locale(typeof locales === 'string' ? locales : locales[0]!))

function formatOf(key: MessageKey, language: InterfaceLanguage): IntlMessageFormat {
  const id = `${language}\u0000${key}`
  let format = parsed.get(id)
  if (!format) {
    format = new IntlMessageFormat(catalogues[language][key], localeOf[language], undefined, { formatters: intlFormatters })
    parsed.set(id, format)
  }
  return format
}

/**
 * The message `key` in the interface's language with `values` in its
 * placeholders. A message that cannot be formatted (a value missing) is
 * reported on the console and given in English, or as written.
 */
export function t(key: MessageKey, values?: MessageValues): string {
  return formatted(key, values, current) as string
}

/**
 * The message `key` as nodes: its tags (`<strong>…</strong>`) made by
 * `tags[name]` from their contents — for the few sentences that set a word
 * apart (a link, a command) without cutting the sentence in pieces.
 */
export function richText(key: MessageKey, values: MessageValues, tags: Record<string, (chunks: (string | Node)[]) => Node>): (string | Node)[] {
  const result = formatted(key, { ...values, ...tags } as unknown as MessageValues, current)
  return (Array.isArray(result) ? result : [result]).flat() as (string | Node)[]
}

function formatted(key: MessageKey, values: MessageValues | undefined, language: InterfaceLanguage): unknown {
  try {
    return formatOf(key, language).format(values as never)
  } catch (error) {
    console.error(`the message ${key} (${language}) could not be formatted`, error)
    return language === 'en' ? en[key] : formatted(key, values, 'en')
  }
}

/** "A, B and C" (`and`) or "A, B or C" (`or`) in the interface's language; "" for none. */
export function listOf(items: readonly string[], kind: 'and' | 'or'): string {
  if (items.length <= 1) return items.join('')
  const head = items.slice(0, -1).join(t('list.separator'))
  return t(kind === 'and' ? 'list.and' : 'list.or', { head, last: items.at(-1)! })
}

/** A whole number as the interface writes it. */
export function numberText(value: number): string {
  return intlFormatters.getNumberFormat(localeOf[current]).format(value)
}
