/**
 * The texts in the middle of the page: the working text alone (as it has
 * always been), one other language alone, or the working text and one or
 * two other languages side by side. Side by side, the columns share one
 * grid whose rows are the documents' top-level blocks (title, preamble,
 * each clause, final provisions) — every text has the same ones — so
 * clause 3 starts at the same height in every column however long its
 * words run (CSS subgrid; no measuring).
 *
 * The working editor is never destroyed: the panels follow it, and it is
 * only hidden while another language is shown alone. The editors of other
 * languages are made when shown and destroyed when no longer shown.
 */

import { TextSelection } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { h, replaceChildren } from '../dom.js'
import type { TranslationEditor } from '../editor/translationEditor.js'
import { interfaceLanguage, t } from '../i18n/translator.js'

export interface TextColumnsOptions {
  /** The working language, and the mount of the working editor. */
  working: string
  workingMount: HTMLElement
  /** Makes the editor of `lang` in `mount`. */
  create: (lang: string, mount: HTMLElement) => TranslationEditor
  /** The heading of a column ("ไทย · Thai"). */
  heading: (lang: string) => string
}

export class TextColumns {
  readonly element = h('div', { class: 'texts', 'data-mode': 'working' })
  private readonly editors = new Map<string, { editor: TranslationEditor; column: HTMLElement }>()
  private readonly workingColumn: HTMLElement
  private workingView: EditorView | null = null
  private rows = 0
  /** The language of the text the member last worked in, for the outline's jumps. */
  private focused: string

  constructor(private readonly options: TextColumnsOptions) {
    options.workingMount.setAttribute('lang', options.working)
    this.workingColumn = this.column(options.working, options.workingMount)
    this.focused = options.working
    replaceChildren(this.element, this.workingColumn)
  }

  /** The editor of `lang` when it is shown and not the working text. */
  editorOf(lang: string): EditorView | null {
    return this.editors.get(lang)?.editor.view ?? null
  }

  /** Shows the texts in `langs` (the working language among them or not), in that order. */
  show(langs: readonly string[]): void {
    const next = langs.length > 0 ? [...new Set(langs)] : [this.options.working]
    for (const [lang, { editor, column }] of this.editors) {
      if (next.includes(lang)) continue
      editor.destroy()
      column.remove()
      this.editors.delete(lang)
    }
    const columns = next.map((lang) => {
      if (lang === this.options.working) return this.workingColumn
      const existing = this.editors.get(lang)
      if (existing) return existing.column
      const mount = h('div', { class: 'editor', lang })
      const column = this.column(lang, mount)
      this.editors.set(lang, { editor: this.options.create(lang, mount), column })
      return column
    })
    if (!next.includes(this.focused)) this.focused = next[0]!
    const parallel = next.length > 1
    this.element.dataset.mode = parallel ? 'parallel' : next[0] === this.options.working ? 'working' : 'single'
    this.element.classList.toggle('parallel', parallel)
    this.element.style.setProperty('--columns', String(next.length))
    this.workingColumn.hidden = !next.includes(this.options.working)
    // The working column stays in the page even when hidden: its editor is the panels' source.
    replaceChildren(this.element, columns, next.includes(this.options.working) ? null : this.workingColumn)
    this.rows = -1
    this.update()
  }

  /** After a change in any editor (`working`: the working editor, when it was its change): keeps as many grid rows as the longest text has blocks. */
  update(working?: EditorView): void {
    if (working) this.workingView = working
    const views = [this.workingView, ...[...this.editors.values()].map(({ editor }) => editor.view)]
    const rows = Math.max(0, ...views.map((candidate) => candidate?.state.doc.childCount ?? 0))
    if (rows === this.rows) return
    this.rows = rows
    this.element.style.setProperty('--rows', String(rows))
  }

  /**
   * Puts the caret in clause `clauseId` of the text the member works in, when
   * that is another language than the working one; returns false when the
   * working editor should (side by side, the columns scroll together).
   */
  jumpTo(clauseId: string): boolean {
    const view = this.editorOf(this.focused)
    if (!view) return false
    let target = -1
    view.state.doc.forEach((child, offset) => {
      if (target < 0 && child.type.name === 'clause' && child.attrs.id === clauseId) target = offset
    })
    if (target < 0) return false
    view.dispatch(view.state.tr.setSelection(TextSelection.near(view.state.doc.resolve(target + 2))).scrollIntoView())
    view.focus()
    return true
  }

  /** Unbinds every editor of another language. */
  destroy(): void {
    for (const { editor } of this.editors.values()) editor.destroy()
    this.editors.clear()
  }

  private column(lang: string, mount: HTMLElement): HTMLElement {
    const working = lang === this.options.working
    const column = h(
      'section',
      { class: `text-column${working ? ' working' : ''}`, 'data-lang': lang, 'aria-label': t('text.columnLabel', { language: this.options.heading(lang), working: working ? 'yes' : 'no' }) },
      h('h2', { class: 'text-heading', lang }, this.options.heading(lang), working ? h('span', { class: 'text-role', lang: interfaceLanguage() }, t('text.workingRole')) : null),
      mount,
    )
    column.addEventListener('focusin', () => (this.focused = lang))
    return column
  }
}
