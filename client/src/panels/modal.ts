/**
 * A modal dialog (the native `<dialog>`: focus is trapped and Escape closes it).
 */

import { h } from '../dom.js'
import { t } from '../i18n/translator.js'

export function openModal(title: string, body: Node, onClose: () => void = () => {}): HTMLDialogElement {
  const heading = h('h2', { id: 'modal-title' }, title)
  const dialog = h(
    'dialog',
    { class: 'modal', 'aria-labelledby': 'modal-title' },
    h('header', {}, heading, h('button', { class: 'modal-close', 'aria-label': t('modal.close'), onclick: () => dialog.close() }, '×')),
    h('div', { class: 'modal-body' }, body),
  )
  dialog.addEventListener('close', () => {
    dialog.remove()
    onClose()
  })
  document.body.append(dialog)
  dialog.showModal()
  return dialog
}
