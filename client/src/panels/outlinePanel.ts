/**
 * The outline: every clause with its number, heading and status. A click
 * jumps to the clause; dragging an entry (or Alt+↑/↓ on it) moves the
 * clause, keeping its id. In a document with other languages, each entry
 * also shows the clause's translation status in each, and the outline can
 * show only the clauses stale, in draft or missing in one language (moves
 * wait until the filter is cleared: the entries shown are not all the
 * clauses).
 */

import type { Node as DocNode } from 'prosemirror-model'
import { TextSelection } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { ySyncPluginKey } from 'y-prosemirror'
import type * as Y from 'yjs'
import { h, replaceChildren } from '../dom.js'
import { moveClause, outlineOf, sameOutline } from '../outlineModel.js'
import { filterChoices, parseFilter, passes, type TranslationFilter } from '../outlineFilter.js'
import type { InstrumentStyle } from '../../../server/vocabulary/document.js'
import type { TranslationStatus } from '../../../server/vocabulary/translation.js'
import { t } from '../i18n/translator.js'
import { statusName, translationStatusName } from '../i18n/vocabularyWords.js'

/** What the outline shows of the other languages. */
export interface OutlineTranslations {
  languages: readonly string[]
  /** The clause's status in `lang`, as last known (null: not yet). */
  statusOf: (clauseId: string, lang: string) => TranslationStatus | null
  /** The language's name ("Thai"). */
  name: (lang: string) => string
}

export class OutlinePanel {
  /** The list, with the filter above it when the document has other languages. */
  readonly element: HTMLElement
  private readonly list = h('ol', { class: 'outline', 'aria-label': t('outline.label') })
  private signature = ''
  private view: EditorView | null = null
  /** The document last looked at. */
  private seen: DocNode | null = null
  private filter: TranslationFilter | null = null

  /**
   * `jump` puts the caret in a clause of another language's text when the
   * member works there (returns false to leave it to the working editor).
   */
  constructor(
    private readonly style: InstrumentStyle,
    private readonly canEdit: boolean,
    private readonly translations: OutlineTranslations | null = null,
    private readonly jump: (clauseId: string) => boolean = () => false,
  ) {
    if (translations === null || translations.languages.length === 0) {
      this.element = this.list
      return
    }
    const select: HTMLSelectElement = h(
      'select',
      {
        class: 'outline-filter',
        'aria-label': t('outline.filter'),
        onchange: () => {
          this.filter = parseFilter(select.value)
          this.refresh()
        },
      },
      h('option', { value: '' }, t('outline.all')),
      filterChoices(translations.languages, translations.name).map(({ value, label }) => h('option', { value }, label)),
    )
    this.element = h('div', { class: 'outline-panel' }, select, this.list)
  }

  /** Re-renders after the translation statuses changed, when a status it shows did (the signature holds them and the filter). */
  refresh(): void {
    if (this.view) this.update(this.view, true)
  }

  /** Re-renders when the clauses (numbers, headings, statuses, translations, filter) changed. */
  update(view: EditorView, statusesChanged = false): void {
    this.view = view
    const seen = this.seen
    this.seen = view.state.doc
    // Typing in a clause's body changes no entry: nothing to compute (the document may have hundreds of clauses).
    if (!statusesChanged && seen !== null && sameOutline(seen, view.state.doc)) return
    const translations = this.translations
    const statusIn = (id: string | null, lang: string) => (translations && id !== null ? translations.statusOf(id, lang) : null)
    const statusesOf = (id: string | null) => (translations?.languages ?? []).map((lang) => statusIn(id, lang))
    const outline = outlineOf(view.state.doc, this.style)
    const signature = JSON.stringify([outline.map(({ id, label, heading, status }) => [id, label, heading, status, statusesOf(id)]), this.filter])
    if (signature === this.signature) return
    this.signature = signature
    const filter = this.filter
    const movable = this.canEdit && filter === null
    const shown = outline.map((entry, index) => ({ entry, index })).filter(({ entry }) => filter === null || passes(filter, statusIn(entry.id, filter.lang)))
    if (shown.length === 0 && filter !== null) {
      replaceChildren(this.list, h('li', { class: 'empty' }, t('outline.noneFiltered', { status: filter.status, language: translations?.name(filter.lang) ?? filter.lang })))
      return
    }
    // On the shared document (y-prosemirror renders it back), as the editor's own change so undo covers it.
    const move = (from: number, to: number) => {
      const fragment = (ySyncPluginKey.getState(view.state) as { type: Y.XmlFragment } | undefined)?.type
      if (fragment) moveClause(fragment, from, to, ySyncPluginKey)
    }
    replaceChildren(
      this.list,
      shown.map(({ entry, index }) => {
        const languages = translations?.languages ?? []
        const statuses = statusesOf(entry.id)
        const button = h(
          'button',
          {
            class: 'outline-entry',
            'data-clause-id': entry.id ?? '',
            'aria-label': t('outline.entryLabel', {
              label: entry.label,
              heading: entry.heading || t('outline.untitled'),
              status: statusName(entry.status),
              translations: languages.map((lang, i) => t('outline.entryTranslation', { language: translations!.name(lang), status: translationStatusName(statuses[i] ?? null) })).join(''),
              movable: movable ? 'yes' : 'no',
            }),
            onclick: () => {
              if (entry.id !== null && this.jump(entry.id)) {
                revealClause(document.activeElement, entry.id)
                return
              }
              const pos = outlineOf(view.state.doc, this.style)[index]?.pos
              if (pos === undefined) return
              view.focus()
              view.dispatch(view.state.tr.setSelection(TextSelection.near(view.state.doc.resolve(pos + 2))))
              reveal(view.nodeDOM(pos))
            },
            onkeydown: (event: Event) => {
              const key = event as KeyboardEvent
              if (!movable || !key.altKey || (key.key !== 'ArrowUp' && key.key !== 'ArrowDown')) return
              key.preventDefault()
              move(index, key.key === 'ArrowUp' ? index - 1 : index + 1)
              ;(this.element.querySelectorAll('.outline-entry')[key.key === 'ArrowUp' ? index - 1 : index + 1] as HTMLElement | undefined)?.focus()
            },
          },
          h('span', { class: 'outline-label' }, entry.label),
          h('span', { class: 'outline-heading' }, entry.heading || '—'),
          h('span', { class: `status status-${entry.status}` }, statusName(entry.status)),
          languages.length > 0
            ? h(
                'span',
                { class: 'translation-chips' },
                languages.map((lang, i) => h('span', { class: `translation-chip translation-${statuses[i] ?? 'unknown'}`, 'data-lang': lang, title: t('outline.chipTitle', { language: translations!.name(lang), status: translationStatusName(statuses[i] ?? null) }) }, `${lang} ${statuses[i] ? translationStatusName(statuses[i]) : '…'}`)),
              )
            : null,
        )
        const item = h('li', { draggable: movable ? 'true' : 'false', 'data-index': index }, button)
        if (movable) {
          item.addEventListener('dragstart', (event) => {
            event.dataTransfer?.setData('text/x-clause-index', String(index))
            item.classList.add('dragging')
          })
          item.addEventListener('dragend', () => item.classList.remove('dragging'))
          item.addEventListener('dragover', (event) => event.preventDefault())
          item.addEventListener('drop', (event) => {
            event.preventDefault()
            const from = Number(event.dataTransfer?.getData('text/x-clause-index'))
            if (Number.isInteger(from)) move(from, index)
          })
        }
        return item
      }),
    )
  }
}

/**
 * Scrolls the text so that a clause's element is in view whole, from its
 * number down (or from its number, when it is taller than the text's
 * area), at once rather than a caret's line at a time.
 */
function reveal(element: Node | null): void {
  if (element instanceof HTMLElement) element.scrollIntoView({ block: 'start', inline: 'nearest' })
}

/** `reveal` for clause `clauseId` of the editor holding `focused` (a language text the outline put the caret in). */
function revealClause(focused: Element | null, clauseId: string): void {
  reveal(focused?.closest('.ProseMirror')?.querySelector(`section.clause[data-clause-id="${CSS.escape(clauseId)}"]`) ?? null)
}
