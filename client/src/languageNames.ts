/**
 * What a language is called on screen: in the interface's language for the
 * chrome ("Thai", "ภาษาไทย": `i18n/vocabularyWords.ts`), and in itself for
 * the switch ("ไทย"), from the browser's own data
 * (`Intl.DisplayNames`). A browser may lack a language's own data (some
 * builds of Chromium know no Khmer names); for the languages Counterpart is
 * negotiated in, their names in themselves are kept here.
 */

import { languageNameInInterface } from './i18n/vocabularyWords.js'
import { interfaceLanguage } from './i18n/translator.js'
import { memo } from './memo.js'

/** Names of languages in themselves, where a browser may not know them. */
const ownNames: Readonly<Record<string, string>> = { en: 'English', th: 'ไทย', km: 'ខ្មែរ' }

const primary = (tag: string) => tag.split('-')[0]!.toLowerCase()

/** The name of the language tagged `lang` in the interface's language ("Thai" in English), or the tag itself when the browser knows none. */
export function languageName(lang: string): string {
  return languageNameInInterface(lang)
}

/**
 * The language's name in itself ("ไทย", "ខ្មែរ"), or its name in the
 * interface's language when neither the browser nor Counterpart knows it.
 * Counterpart's own languages, tagged alone, by the names kept here: the
 * browser's data for a locale takes tens of milliseconds to load, and the
 * switch is drawn with the text.
 */
export function nativeLanguageName(lang: string): string {
  return (lang === primary(lang) ? ownNames[lang] : undefined) ?? nameIn(lang, lang) ?? ownNames[primary(lang)] ?? languageName(lang)
}

/** "ไทย · Thai": the name in itself, then in the interface's language; just the one when the interface is in that language ("English"). */
export function languageLabel(lang: string): string {
  const native = nativeLanguageName(lang)
  const named = languageName(lang)
  return native === named || primary(lang) === interfaceLanguage() ? native : `${native} · ${named}`
}

/** The name of `lang` in `locale`, when the browser has that locale's data (not a fallback to another). */
const nameIn = memo((locale: string, lang: string): string | null => {
  try {
    const names = new Intl.DisplayNames([locale], { type: 'language', fallback: 'none' })
    if (primary(names.resolvedOptions().locale) !== primary(locale)) return null
    return names.of(lang) ?? null
  } catch {
    // an ill-formed tag: the server only accepts well-formed ones
    return null
  }
})
