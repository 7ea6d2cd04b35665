/**
 * "Insert reference…" in the editing toolbar, for members who may edit:
 * a list of the clauses by number and heading, filtered as one types
 * ("costs", "8"), and the one chosen put at the cursor as a cross-reference
 * that reads as the clause's current number and follows it when clauses
 * move. Ctrl+Shift+L (⌘⇧L) in the text opens it from the keyboard; ↑/↓
 * choose, Enter inserts, Escape goes back to the text.
 *
 * The reference goes in as an ordinary editor transaction, so the locks
 * and the bracket guard stop it in agreed text or in another party's
 * bracket, and say why.
 */

import type { EditorView } from 'prosemirror-view'
import { h, replaceChildren } from '../dom.js'
import { canInsertClauseReference, insertClauseReference } from '../editor/clauseReferenceCommands.js'
import { matchingTargets, referenceTargets, targetText, type ReferenceTarget } from '../referenceTargets.js'
import type { InstrumentStyle } from '../../../server/vocabulary/document.js'
import type { Notices } from './notices.js'
import { t } from '../i18n/translator.js'

/** The picker's words, in the interface's language (read when drawn, after the page chose its language). */
const words = {
  get toggle() { return t('clauseRef.toggle') },
  get toggleTitle() { return t('clauseRef.toggleTitle') },
  get group() { return t('clauseRef.group') },
  get find() { return t('clauseRef.find') },
  get findPlaceholder() { return t('clauseRef.findPlaceholder') },
  get list() { return t('clauseRef.list') },
  get none() { return t('clauseRef.none') },
  get cancel() { return t('clauseRef.cancel') },
  get nowhere() { return t('clauseRef.nowhere') },
}

export class ClauseReferencePicker {
  readonly element: HTMLElement
  private readonly form: HTMLFormElement
  private readonly toggle: HTMLButtonElement
  private readonly filter: HTMLInputElement
  private readonly list: HTMLUListElement
  private shown: ReferenceTarget[] = []
  private active = 0

  /** `viewOf` gives the working editor; `lang` is its language, in which the clauses are numbered. */
  constructor(
    private readonly style: InstrumentStyle,
    private readonly lang: string,
    private readonly viewOf: () => EditorView,
    private readonly notices: Notices,
  ) {
    this.list = h('ul', { class: 'clause-ref-options', id: 'clause-ref-options', role: 'listbox', 'aria-label': words.list })
    this.filter = h('input', {
      type: 'search',
      class: 'clause-ref-filter',
      role: 'combobox',
      'aria-label': words.find,
      placeholder: words.findPlaceholder,
      'aria-autocomplete': 'list',
      'aria-expanded': 'true',
      'aria-controls': 'clause-ref-options',
      autocomplete: 'off',
      oninput: () => this.render(0),
    })
    this.form = h(
      'form',
      {
        class: 'clause-ref-menu',
        role: 'group',
        'aria-label': words.group,
        onsubmit: (event: Event) => {
          event.preventDefault()
          const target = this.shown[this.active]
          if (target) this.insert(target)
        },
        onkeydown: (event: Event) => {
          const { key } = event as KeyboardEvent
          if (key === 'Escape') {
            event.preventDefault()
            this.close()
          } else if ((key === 'ArrowDown' || key === 'ArrowUp') && this.shown.length > 0) {
            event.preventDefault()
            this.render((this.active + (key === 'ArrowDown' ? 1 : this.shown.length - 1)) % this.shown.length)
          }
        },
      },
      this.filter,
      this.list,
      h('button', { type: 'button', onclick: () => this.close() }, words.cancel),
    )
    this.form.hidden = true
    this.toggle = h(
      'button',
      {
        type: 'button',
        class: 'insert-clause-ref',
        'aria-expanded': 'false',
        title: words.toggleTitle,
        onclick: () => (this.form.hidden ? this.open() : this.close()),
      },
      words.toggle,
    )
    this.element = h('div', { class: 'clause-ref-picker' }, this.toggle, this.form)
  }

  /** Shows the list of the clauses as they are numbered now, its filter focused; true (a ProseMirror command that always applies). */
  open(): boolean {
    this.form.hidden = false
    this.toggle.setAttribute('aria-expanded', 'true')
    this.filter.value = ''
    this.render(0)
    this.filter.focus()
    return true
  }

  /** Hides the list and returns to the text. */
  close(): void {
    this.form.hidden = true
    this.toggle.setAttribute('aria-expanded', 'false')
    this.viewOf().focus()
  }

  /** Lists the clauses the filter finds, the `active`-th marked as the one Enter inserts. */
  private render(active: number): void {
    this.shown = matchingTargets(referenceTargets(this.viewOf().state.doc, this.style, this.lang), this.filter.value)
    this.active = Math.min(active, Math.max(this.shown.length - 1, 0))
    const options = this.shown.map((target, index) =>
      h(
        'li',
        {
          role: 'option',
          id: `clause-ref-option-${index}`,
          class: 'clause-ref-option',
          // As the reference will read: in the working text's words.
          lang: this.lang,
          'data-clause-id': target.id,
          'aria-selected': String(index === this.active),
          // The filter keeps the focus; a click inserts.
          onmousedown: (event: Event) => event.preventDefault(),
          onclick: () => this.insert(target),
        },
        targetText(target),
      ),
    )
    replaceChildren(this.list, options.length > 0 ? options : h('li', { class: 'empty' }, words.none))
    if (options.length > 0) {
      this.filter.setAttribute('aria-activedescendant', options[this.active]!.id)
      options[this.active]!.scrollIntoView({ block: 'nearest' })
    } else {
      this.filter.removeAttribute('aria-activedescendant')
    }
  }

  private insert(target: ReferenceTarget): void {
    const view = this.viewOf()
    if (!canInsertClauseReference(view.state)) {
      this.notices.show(words.nowhere, 'warning')
      return
    }
    // Dispatched like typing: a lock or another party's bracket stops it, and says why.
    insertClauseReference(target.id)(view.state, view.dispatch)
    this.close()
  }
}
