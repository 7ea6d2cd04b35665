/**
 * The editing toolbar above the text, for members who may edit: "Insert
 * party…" opens a small form — which party (either, or both) and by which
 * name (full name, short name, State), with how it will read — and puts a
 * party reference where the cursor is. Ctrl+Shift+P (⌘⇧P) in the text
 * opens the form from the keyboard; Enter inserts, Escape goes back to
 * the text.
 */

import type { EditorView } from 'prosemirror-view'
import { h } from '../dom.js'
import { canInsertPartyReference, insertPartyReference } from '../editor/partyReferenceCommands.js'
import { bothParties, partyForms, partyNamer, type PartyForm } from '../../../server/vocabulary/partyReference.js'
import type { PartyView } from '../../../server/vocabulary/views.js'
import type { Notices } from './notices.js'
import { t, type MessageKey } from '../i18n/translator.js'

const formNames = { name: 'partyRef.form.name', shortName: 'partyRef.form.shortName', state: 'partyRef.form.state' } as const satisfies Record<PartyForm, MessageKey>

export class PartyReferenceMenu {
  readonly element: HTMLElement
  private readonly form: HTMLFormElement
  private readonly toggle: HTMLButtonElement
  private readonly party: HTMLSelectElement
  private readonly partyForm: HTMLSelectElement

  /** `viewOf` gives the working editor; `lang` is its language, in which the preview reads. */
  constructor(
    parties: readonly PartyView[],
    lang: string,
    private readonly viewOf: () => EditorView,
    private readonly notices: Notices,
  ) {
    const ordered = [...parties].sort((a, b) => a.position - b.position)
    const name = partyNamer(ordered, lang)
    this.party = h(
      'select',
      { class: 'party-ref-party', 'aria-label': t('partyRef.party') },
      ordered.map((party) => h('option', { value: party.code }, t('partyRef.option', { name: party.shortName, code: party.code }))),
      h('option', { value: bothParties }, t('partyRef.both')),
    )
    this.partyForm = h(
      'select',
      { class: 'party-ref-form', 'aria-label': t('partyRef.namedBy') },
      partyForms.map((form) => h('option', { value: form }, t(formNames[form]))),
    )
    const preview = h('output', { class: 'party-ref-preview', 'aria-live': 'polite' })
    const showPreview = () => (preview.textContent = t('partyRef.reads', { text: name({ party: this.party.value, form: this.partyForm.value as PartyForm }) }))
    this.party.addEventListener('change', showPreview)
    this.partyForm.addEventListener('change', showPreview)
    showPreview()
    this.form = h(
      'form',
      {
        class: 'party-ref-menu',
        role: 'group',
        'aria-label': t('partyRef.menu'),
        onsubmit: (event: Event) => {
          event.preventDefault()
          this.insert()
        },
        onkeydown: (event: Event) => {
          const { key, target } = event as KeyboardEvent
          if (key === 'Escape') {
            event.preventDefault()
            this.close()
          } else if (key === 'Enter' && target instanceof HTMLSelectElement) {
            // A select does not submit its form on Enter; here it inserts, as the Insert button does.
            event.preventDefault()
            this.insert()
          }
        },
      },
      h('label', {}, `${t('partyRef.party')} `, this.party),
      h('label', {}, `${t('partyRef.namedBy')} `, this.partyForm),
      preview,
      h('button', { type: 'submit', class: 'party-ref-insert' }, t('partyRef.insert')),
      h('button', { type: 'button', onclick: () => this.close() }, t('partyRef.cancel')),
    )
    this.form.hidden = true
    this.toggle = h(
      'button',
      {
        type: 'button',
        class: 'insert-party-ref',
        'aria-expanded': 'false',
        title: t('partyRef.toggleTitle'),
        onclick: () => (this.form.hidden ? this.open() : this.close()),
      },
      t('partyRef.toggle'),
    )
    this.element = h('div', { class: 'editor-toolbar', role: 'toolbar', 'aria-label': t('partyRef.toolbar') }, this.toggle, this.form)
  }

  /** Shows the form, its first choice focused; true (a ProseMirror command that always applies). */
  open(): boolean {
    this.form.hidden = false
    this.toggle.setAttribute('aria-expanded', 'true')
    this.party.focus()
    return true
  }

  /** Hides the form and returns to the text. */
  close(): void {
    this.form.hidden = true
    this.toggle.setAttribute('aria-expanded', 'false')
    this.viewOf().focus()
  }

  private insert(): void {
    const view = this.viewOf()
    if (!canInsertPartyReference(view.state)) {
      this.notices.show(t('partyRef.whereFirst'), 'warning')
      return
    }
    insertPartyReference({ party: this.party.value, form: this.partyForm.value as PartyForm })(view.state, view.dispatch)
    this.close()
  }
}
