/**
 * The outline: every clause with its number, heading and status. A click
 * jumps to the clause; dragging an entry (or Alt+↑/↓ on it) moves the
 * clause, keeping its id.
 */

import { TextSelection } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { ySyncPluginKey } from 'y-prosemirror'
import type * as Y from 'yjs'
import { h, replaceChildren } from '../dom.js'
import { moveClause, outlineOf } from '../outlineModel.js'
import type { InstrumentStyle } from '../../../server/vocabulary/document.js'

export class OutlinePanel {
  readonly element = h('ol', { class: 'outline', 'aria-label': 'Clauses' })
  private signature = ''

  constructor(
    private readonly style: InstrumentStyle,
    private readonly canEdit: boolean,
  ) {}

  /** Re-renders when the clauses (numbers, headings, statuses) changed. */
  update(view: EditorView): void {
    const outline = outlineOf(view.state.doc, this.style)
    const signature = JSON.stringify(outline.map(({ id, label, heading, status }) => [id, label, heading, status]))
    if (signature === this.signature) return
    this.signature = signature
    // On the shared document (y-prosemirror renders it back), as the editor's own change so undo covers it.
    const move = (from: number, to: number) => {
      const fragment = (ySyncPluginKey.getState(view.state) as { type: Y.XmlFragment } | undefined)?.type
      if (fragment) moveClause(fragment, from, to, ySyncPluginKey)
    }
    replaceChildren(
      this.element,
      outline.map((entry, index) => {
        const button = h(
          'button',
          {
            class: 'outline-entry',
            'data-clause-id': entry.id ?? '',
            'aria-label': `${entry.label}: ${entry.heading || 'untitled'} (${entry.status})${this.canEdit ? '. Alt+Up or Alt+Down moves it.' : ''}`,
            onclick: () => {
              const pos = outlineOf(view.state.doc, this.style)[index]?.pos
              if (pos === undefined) return
              view.dispatch(view.state.tr.setSelection(TextSelection.near(view.state.doc.resolve(pos + 2))).scrollIntoView())
              view.focus()
            },
            onkeydown: (event: Event) => {
              const key = event as KeyboardEvent
              if (!this.canEdit || !key.altKey || (key.key !== 'ArrowUp' && key.key !== 'ArrowDown')) return
              key.preventDefault()
              move(index, key.key === 'ArrowUp' ? index - 1 : index + 1)
              ;(this.element.querySelectorAll('.outline-entry')[key.key === 'ArrowUp' ? index - 1 : index + 1] as HTMLElement | undefined)?.focus()
            },
          },
          h('span', { class: 'outline-label' }, entry.label),
          h('span', { class: 'outline-heading' }, entry.heading || '—'),
          h('span', { class: `status status-${entry.status}` }, entry.status.replace(/-/g, ' ')),
        )
        const item = h('li', { draggable: this.canEdit ? 'true' : 'false', 'data-index': index }, button)
        if (this.canEdit) {
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
