/**
 * A page's language, set before anything is drawn: this browser's choice
 * or its languages first (`startPageLanguage`), the account's once it is
 * known (`followAccount`). `<html lang>` follows it, and the page's markup
 * is written in it.
 */

import type { PersonView } from '../../../server/vocabulary/person.js'
import { browserStorage, initialLanguage, rememberLanguage, storedLanguage, type InterfaceLanguage } from './languageChoice.js'
import { chooseLanguage } from './languageChooser.js'
import { translateStatic } from './staticText.js'
import { interfaceLanguage, setInterfaceLanguage } from './translator.js'
import './interfaceFonts.css'

function apply(language: InterfaceLanguage): void {
  setInterfaceLanguage(language)
  document.documentElement.lang = language
  translateStatic(document)
}

/** Sets the page's language from this browser (its choice, else its languages) and writes the page's markup in it. */
export function startPageLanguage(): InterfaceLanguage {
  const language = initialLanguage(browserStorage(), navigator.languages ?? [navigator.language])
  apply(language)
  return language
}

/**
 * Follows the signed-in `person`'s choice: the account's language wins
 * and is kept in this browser too; an account that has none takes the
 * one chosen in this browser. Returns whether the language changed (a
 * page that drew more than its markup draws again).
 */
export function followAccount(person: Pick<PersonView, 'interfaceLanguage'>): boolean {
  const chosen = person.interfaceLanguage
  if (chosen === null) {
    const local = storedLanguage(browserStorage())
    if (local !== null) void chooseLanguage(local)
    return false
  }
  rememberLanguage(browserStorage(), chosen)
  if (chosen === interfaceLanguage()) return false
  apply(chosen)
  return true
}

/**
 * Asks the server who is signed in and follows their account's language;
 * resolves to whether the language changed (never for a member's link,
 * which names no person, nor when the server cannot be reached).
 */
export async function followSignedInAccount(): Promise<boolean> {
  try {
    const response = await fetch('/api/me', { credentials: 'same-origin' })
    return response.ok && followAccount(((await response.json()) as { person: PersonView }).person)
  } catch {
    // offline: this browser's choice stands
    return false
  }
}
