/**
 * The chooser of the interface's language, in every page's header: each
 * language named in itself. A choice is kept in this browser, and on the
 * account of whoever is signed in (`PATCH /api/me`); then the page is read
 * again in it.
 */

import { h } from '../dom.js'
import { browserStorage, interfaceLanguages, ownNames, rememberLanguage, type InterfaceLanguage } from './languageChoice.js'
import { interfaceLanguage, t } from './translator.js'

/**
 * The chooser. `onChosen` runs after the choice is kept (by default the
 * page reloads, to be drawn again in the new language).
 */
export function languageChooser(onChosen: (language: InterfaceLanguage) => void = () => window.location.reload()): HTMLElement {
  const select = h(
    'select',
    { class: 'interface-language', 'aria-label': t('interfaceLanguage.label'), title: t('interfaceLanguage.label') },
    interfaceLanguages.map((language) => h('option', { value: language, lang: language, selected: language === interfaceLanguage() }, ownNames[language])),
  )
  select.addEventListener('change', () => {
    const language = select.value as InterfaceLanguage
    select.disabled = true
    void chooseLanguage(language).finally(() => onChosen(language))
  })
  return h('span', { class: 'interface-language-choice' }, select)
}

/**
 * Keeps `language` as this browser's choice and, for a signed-in person,
 * on their account. A page of a member's link has no person: it is then
 * this browser's choice alone (the server answers 401, which is no fault).
 */
export async function chooseLanguage(language: InterfaceLanguage): Promise<void> {
  rememberLanguage(browserStorage(), language)
  try {
    await fetch('/api/me', {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ interfaceLanguage: language }),
      credentials: 'same-origin',
    })
  } catch {
    // offline: kept in this browser, and on the account at the next choice
  }
}
