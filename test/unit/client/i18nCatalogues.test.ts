/**
 * The catalogues of the interface: Thai and Khmer have exactly the English
 * keys, every message parses as ICU (intl-messageformat), and each
 * translation has its English message's placeholders, selects and tags —
 * so that no value goes missing and no sentence loses a part.
 */

import IntlMessageFormat from 'intl-messageformat'
import { describe, expect, it } from 'vitest'
import { catalogues } from '../../../client/src/i18n/translator.js'
import { localeOf, interfaceLanguages } from '../../../client/src/i18n/languageChoice.js'
import { closeMeaning } from '../../../client/src/i18n/errorWords.js'
import { closeMeanings } from '../../../server/vocabulary/closeCodes.js'

/** The AST element kinds of @formatjs/icu-messageformat-parser (its TYPE enum). */
const kinds = ['literal', 'argument', 'number', 'date', 'time', 'select', 'plural', 'pound', 'tag'] as const

interface Element {
  type: number
  value?: string
  options?: Record<string, { value: Element[] }>
  children?: Element[]
}

/** The placeholders of a parsed message, sorted: "name:kind", with a select's options ("name:select[a|b]"), and tags ("<name>"). */
function placeholdersOf(elements: readonly Element[], found = new Set<string>()): string[] {
  for (const element of elements) {
    const kind = kinds[element.type]!
    if (kind === 'literal' || kind === 'pound') continue
    if (kind === 'tag') found.add(`<${element.value}>`)
    else if (kind === 'select') found.add(`${element.value}:select[${Object.keys(element.options!).sort().join('|')}]`)
    else found.add(`${element.value}:${kind}`)
    for (const option of Object.values(element.options ?? {})) placeholdersOf(option.value, found)
    if (element.children) placeholdersOf(element.children, found)
  }
  return [...found].sort()
}

/** The literal text of a parsed message, in every branch of its selects and plurals (not inside tags: commands and addresses). */
function literalsOf(elements: readonly Element[]): string {
  return elements
    .map((element) => (kinds[element.type] === 'literal' ? element.value! : Object.values(element.options ?? {}).map((option) => literalsOf(option.value)).join(' ')))
    .join(' ')
}

const parse = (message: string, language: keyof typeof localeOf) => new IntlMessageFormat(message, localeOf[language]).getAst() as unknown as Element[]

describe('the catalogues of the interface', () => {
  const english = catalogues.en

  it('give Thai and Khmer exactly the English keys', () => {
    for (const language of ['th', 'km'] as const) expect(Object.keys(catalogues[language]).sort()).toEqual(Object.keys(english).sort())
  })

  it('hold messages that all parse, with the English placeholders, selects and tags in every language', () => {
    const mismatched: string[] = []
    for (const [key, message] of Object.entries(english)) {
      const expected = placeholdersOf(parse(message, 'en'))
      for (const language of interfaceLanguages) {
        const translated = catalogues[language][key as keyof typeof english]
        const actual = placeholdersOf(parse(translated, language))
        if (actual.join() !== expected.join()) mismatched.push(`${language} ${key}: ${actual.join()} ≠ ${expected.join()}`)
      }
    }
    expect(mismatched).toEqual([])
  })

  it('translate every message: no Thai or Khmer message is left in English', () => {
    // Names that stay as they are in every language.
    const universal = /\b(UTC|DOCX|SHA-256|Counterpart)\b/g
    const untranslated: string[] = []
    for (const language of ['th', 'km'] as const) {
      // A message with words must hold the language's own script somewhere (the Thai block, the Khmer block).
      const script = language === 'th' ? /[\u0E00-\u0E7F]/ : /[\u1780-\u17FF]/
      for (const [key, message] of Object.entries(catalogues[language])) {
        const words = literalsOf(parse(message, language)).replace(universal, '')
        if (/[a-z]{3}/i.test(words) && !script.test(words)) untranslated.push(`${language} ${key}: ${message}`)
      }
    }
    expect(untranslated).toEqual([])
  })

  it('explain every close code the server names, in English as the server words it', () => {
    for (const [code, meaning] of Object.entries(closeMeanings)) expect(closeMeaning(Number(code))).toBe(meaning)
  })
})
