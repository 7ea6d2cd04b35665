/**
 * The member's delegation's private note on the clause at the cursor — its
 * position, instructions from capital, fallback wording — in the
 * Negotiation tab, under the clause's state: read from `GET …/private`,
 * saved with `PUT …/clauses/:clauseId/private-note` (an empty note is
 * removed). Shown to a party's heads of delegation, delegates and legal
 * staff only (the server answers nobody else), and marked as their
 * delegation's alone. What is typed and not saved stays with its clause
 * while the caret goes elsewhere, until it is saved or the page is left.
 */

import type { EditorView } from 'prosemirror-view'
import type { Api } from '../api.js'
import type { InstrumentStyle } from '../../../server/vocabulary/document.js'
import { maxPrivateNoteLength, type PrivateNoteView } from '../../../server/vocabulary/privateLayer.js'
import { h } from '../dom.js'
import { negotiatedAt } from '../negotiatedNodes.js'
import { formatDateTime } from '../i18n/dateFormat.js'
import { reasonOf } from '../i18n/errorWords.js'
import { t } from '../i18n/translator.js'
import type { Notices } from './notices.js'

export class PrivateNotes {
  readonly element: HTMLElement
  private readonly heading = h('h4', { class: 'private-note-heading' })
  private readonly field = h('textarea', { class: 'private-note-text', rows: 5, maxlength: maxPrivateNoteLength, placeholder: t('private.placeholder') })
  private readonly state = h('p', { class: 'private-note-state hint', role: 'status' })
  private readonly save = h('button', { type: 'button', class: 'save-private-note' }, t('private.save'))
  /** The party's notes as last read or saved, by clause id. */
  private readonly notes = new Map<string, PrivateNoteView>()
  /** What was typed and not saved, by clause id. */
  private readonly drafts = new Map<string, string>()
  /** The clause at the cursor, if any. */
  private clause: { id: string; label: string } | null = null
  /** Where the caret was last seen: the top-level node's id and index. */
  private place: string | null = null
  private reading: 'not yet' | 'under way' | 'done' | 'failed' = 'not yet'
  private failure = ''
  private saving = false

  constructor(
    private readonly api: Api,
    /** The member's party, by its short name ("DSI"). */
    private readonly party: string,
    private readonly style: InstrumentStyle,
    private readonly notices: Notices,
  ) {
    this.element = h(
      'section',
      { class: 'private-note', 'aria-labelledby': 'private-note-heading' },
      this.heading,
      h('p', { class: 'private-note-scope' }, t('private.scope', { party })),
      this.field,
      h('div', { class: 'private-note-actions' }, this.save, this.state),
    )
    this.heading.id = 'private-note-heading'
    this.heading.textContent = t('private.heading', { party })
    this.element.hidden = true
    this.field.addEventListener('input', () => this.typed())
    this.save.addEventListener('click', () => void this.store())
  }

  /** Reads the party's notes (once; again after a failure, when the caret next enters a clause). */
  async read(): Promise<void> {
    if (this.reading === 'under way' || this.reading === 'done') return
    this.reading = 'under way'
    this.show()
    try {
      const layer = await this.api.privateLayer()
      for (const note of layer.notes) this.notes.set(note.clauseId, note)
      this.reading = 'done'
    } catch (error) {
      this.reading = 'failed'
      this.failure = reasonOf(error)
    }
    this.show()
  }

  /** Follows the clause at the cursor: its note, or what was typed for it and not saved. */
  update(view: EditorView): void {
    // Its number follows from its place among the document's top-level nodes: while the caret stays in the same
    // clause at the same place, nothing shown here changes, whatever is typed.
    const { $from } = view.state.selection
    const place = $from.depth >= 1 ? `${String($from.node(1).attrs.id)}@${$from.index(0)}` : ''
    if (place === this.place) return
    this.place = place
    const at = negotiatedAt(view.state, this.style)
    const clause = at && at.kind === 'clause' && at.id !== null ? { id: at.id, label: at.label } : null
    if (clause?.id === this.clause?.id && clause?.label === this.clause?.label) return
    const moved = clause?.id !== this.clause?.id
    this.clause = clause
    this.element.hidden = clause === null
    if (clause === null) return
    if (this.reading === 'failed') void this.read()
    this.field.setAttribute('aria-label', t('private.field', { party: this.party, label: clause.label }))
    if (moved) this.show()
  }

  /** The field and the line under it, for the clause at the cursor. */
  private show(): void {
    const clause = this.clause
    if (clause === null) return
    const ready = this.reading === 'done'
    this.field.disabled = !ready
    this.save.disabled = !ready || this.saving
    if (!ready) {
      this.field.value = this.drafts.get(clause.id) ?? ''
      this.say(this.reading === 'failed' ? t('private.unreadable', { party: this.party, reason: this.failure }) : t('private.loading', { party: this.party }))
      return
    }
    const text = this.drafts.get(clause.id) ?? this.notes.get(clause.id)?.text ?? ''
    if (this.field.value !== text) this.field.value = text
    this.describe()
  }

  /** Says whether the note shown is saved, and by whom and when. */
  private describe(): void {
    const clause = this.clause
    if (clause === null) return
    const note = this.notes.get(clause.id)
    this.element.dataset.saved = String(!this.drafts.has(clause.id))
    this.say(
      this.drafts.has(clause.id)
        ? t('private.unsaved')
        : note
          ? t('private.lastSaved', { name: note.updatedBy.name, date: formatDateTime(note.updatedAt) })
          : t('private.none'),
    )
  }

  /** Puts `words` in the status line, only when they differ from what it says (a screen reader announces each change). */
  private say(words: string): void {
    if (this.state.textContent !== words) this.state.textContent = words
  }

  private typed(): void {
    const clause = this.clause
    if (clause === null) return
    const saved = this.notes.get(clause.id)?.text ?? ''
    if (this.field.value === saved) this.drafts.delete(clause.id)
    else this.drafts.set(clause.id, this.field.value)
    this.describe()
  }

  /** Saves the note shown for its clause (an empty one removes it), and says so. */
  private async store(): Promise<void> {
    const clause = this.clause
    if (clause === null || this.reading !== 'done') return
    const text = this.field.value
    this.saving = true
    this.save.disabled = true
    try {
      const note = await this.api.setPrivateNote(clause.id, text)
      if (note === null) this.notes.delete(clause.id)
      else this.notes.set(clause.id, note)
      // What was typed while it was on its way stays a draft.
      if ((this.drafts.get(clause.id) ?? text) === text) this.drafts.delete(clause.id)
      this.notices.show(t(note === null ? 'private.removed' : 'private.saved', { label: clause.label, party: this.party }))
    } catch (error) {
      this.notices.show(t('private.notSaved', { reason: reasonOf(error) }), 'error')
    } finally {
      this.saving = false
      this.show()
    }
  }
}
