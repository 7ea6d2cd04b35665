/**
 * Which language the interface speaks to this person: the one kept on
 * their account (`GET /api/me`), else the one chosen in this browser
 * (local storage, for pages read signed out), else the first of the
 * browser's languages (`navigator.languages`) that Counterpart is written
 * in, else English. Independent of the languages of a document's texts.
 */

import { interfaceLanguages, isInterfaceLanguage, type InterfaceLanguage } from '../../../server/vocabulary/person.js'

export { interfaceLanguages, isInterfaceLanguage, type InterfaceLanguage }

/** Where this browser keeps the choice. */
export const choiceStorageKey = 'counterpart:interface-language'

/** The locale each interface language formats dates, numbers and lists in (Thai's counts years in the Buddhist era). */
export const localeOf: Readonly<Record<InterfaceLanguage, string>> = { en: 'en-GB', th: 'th-TH', km: 'km-KH' }

/** Each language's name in itself, as the chooser offers it: the same words whatever the interface's language. */
export const ownNames: Readonly<Record<InterfaceLanguage, string>> = { en: 'English', th: 'ไทย', km: 'ខ្មែរ' }

/** The first of the browser's `languages` (BCP 47 tags, in its order of preference) that the interface is written in; English when none is. */
export function browserLanguage(languages: readonly string[]): InterfaceLanguage {
  for (const tag of languages) {
    const primary = tag.split('-', 1)[0]!.toLowerCase()
    if (isInterfaceLanguage(primary)) return primary
  }
  return 'en'
}

/** This browser's local storage, or null where it is refused (a private window's policy, a sandboxed frame). */
export function browserStorage(): Storage | null {
  try {
    return window.localStorage
  } catch {
    return null
  }
}

/** The language chosen in this browser, or null when none was (or storage is out of reach). */
export function storedLanguage(storage: Pick<Storage, 'getItem'> | null): InterfaceLanguage | null {
  try {
    const kept = storage?.getItem(choiceStorageKey)
    return isInterfaceLanguage(kept) ? kept : null
  } catch {
    // storage refused (a private window's policy): the browser's languages decide
    return null
  }
}

/** Keeps `language` as this browser's choice (silently not, where storage is refused). */
export function rememberLanguage(storage: Pick<Storage, 'setItem'> | null, language: InterfaceLanguage): void {
  try {
    storage?.setItem(choiceStorageKey, language)
  } catch {
    // the choice lasts for this page only
  }
}

/** The language of the interface before the account is known: this browser's choice, else its languages'. */
export function initialLanguage(storage: Pick<Storage, 'getItem'> | null, languages: readonly string[]): InterfaceLanguage {
  return storedLanguage(storage) ?? browserLanguage(languages)
}
