/**
 * What a language is called on screen: in English for the chrome ("Thai"),
 * and in itself for the switch ("ไทย"), from the browser's own data
 * (`Intl.DisplayNames`). A browser may lack a language's own data (some
 * builds of Chromium know no Khmer names); for the languages Counterpart is
 * negotiated in, their names in themselves are kept here.
 */

/** Names of languages in themselves, where a browser may not know them. */
const ownNames: Readonly<Record<string, string>> = { en: 'English', th: 'ไทย', km: 'ខ្មែរ' }

const primary = (tag: string) => tag.split('-')[0]!.toLowerCase()

/** The English name of the language tagged `lang` ("Thai"), or the tag itself when the browser knows none. */
export function languageName(lang: string): string {
  return nameIn('en', lang) ?? lang
}

/** The language's name in itself ("ไทย", "ខ្មែរ"), or its English name when neither the browser nor Counterpart knows it. */
export function nativeLanguageName(lang: string): string {
  return nameIn(lang, lang) ?? ownNames[primary(lang)] ?? languageName(lang)
}

/** "ไทย · Thai"; just "English" when the two names are the same. */
export function languageLabel(lang: string): string {
  const native = nativeLanguageName(lang)
  const english = languageName(lang)
  return native === english ? english : `${native} · ${english}`
}

/** The name of `lang` in `locale`, when the browser has that locale's data (not a fallback to another). */
function nameIn(locale: string, lang: string): string | null {
  try {
    const names = new Intl.DisplayNames([locale], { type: 'language', fallback: 'none' })
    if (primary(names.resolvedOptions().locale) !== primary(locale)) return null
    return names.of(lang) ?? null
  } catch {
    // an ill-formed tag: the server only accepts well-formed ones
    return null
  }
}
