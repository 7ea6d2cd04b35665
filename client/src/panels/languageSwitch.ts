/**
 * Which text the member reads and writes: the working text, another
 * language alone, or the working text beside one or two others. The choice
 * is kept for the tab (a page reloaded after a refused change comes back to
 * the same text).
 */

import { h } from '../dom.js'
import type { DocumentLanguages } from '../../../server/vocabulary/document.js'
import { t } from '../i18n/translator.js'

export interface TextChoice {
  /** The languages shown, in column order. */
  langs: string[]
  label: string
}

/**
 * The choices for a document in `languages`, for a member whose party's
 * language is `own` (null: none): each text alone, then the working text
 * beside each other language, then beside two (the member's own and each
 * other, or every pair when the member has no language of the document's).
 */
export function textChoices(languages: DocumentLanguages, own: string | null, name: (lang: string) => string): TextChoice[] {
  const { working, others } = languages
  const alone = [working, ...others].map((lang) => ({ langs: [lang], label: lang === working ? t('text.working', { language: name(lang) }) : name(lang) }))
  const besideOne = others.map((lang) => [working, lang])
  const mine = own !== null && others.includes(own) ? own : null
  const pairs = mine !== null ? others.filter((other) => other !== mine).map((other) => [mine, other]) : others.flatMap((first, i) => others.slice(i + 1).map((second) => [first, second]))
  const besideTwo = pairs.map((pair) => [working, ...pair])
  return [...alone, ...[...besideOne, ...besideTwo].map((langs) => ({ langs, label: t('text.sideBySide', { languages: langs.map(name).join(' | ') }) }))]
}

const valueOf = (langs: readonly string[]) => langs.join(',')

export class LanguageSwitch {
  readonly element: HTMLElement
  private readonly select: HTMLSelectElement

  /** The languages of the choice shown. */
  current: string[]

  /**
   * A select among `choices`, starting at the one kept in `storage` under
   * `key` (else the first), calling `onChange` with its languages at every
   * change.
   */
  constructor(
    private readonly choices: readonly TextChoice[],
    private readonly storage: Pick<Storage, 'getItem' | 'setItem'>,
    private readonly key: string,
    private readonly onChange: (langs: string[]) => void,
  ) {
    const kept = storage.getItem(key)
    const initial = choices.find((choice) => valueOf(choice.langs) === kept) ?? choices[0]!
    this.select = h(
      'select',
      { class: 'language-switch', 'aria-label': t('text.shown'), onchange: () => this.choose(this.select.value) },
      choices.map((choice) => h('option', { value: valueOf(choice.langs) }, choice.label)),
    )
    this.select.value = valueOf(initial.langs)
    this.current = initial.langs
    this.element = h('label', { class: 'language-choice' }, h('span', { class: 'language-choice-label' }, t('text.label')), this.select)
  }

  /** Shows the choice whose languages are `langs` (ignored when there is none). */
  show(langs: readonly string[]): void {
    const value = valueOf(langs)
    if (!this.choices.some((choice) => valueOf(choice.langs) === value)) return
    this.select.value = value
    this.choose(value)
  }

  private choose(value: string): void {
    const choice = this.choices.find((candidate) => valueOf(candidate.langs) === value)
    if (!choice) return
    this.storage.setItem(this.key, value)
    this.current = choice.langs
    this.onChange(choice.langs)
  }
}
