/**
 * Messages to the member, in words: refusals (read-only, locked, a token
 * no longer valid), failures, confirmations. Announced to screen readers.
 */

import { h } from '../dom.js'

export type NoticeKind = 'info' | 'warning' | 'error'

export class Notices {
  readonly element = h('div', { class: 'notices', role: 'status', 'aria-live': 'polite' })

  /** Shows `message`; info and warnings fade after `ms`, errors stay until dismissed. */
  show(message: string, kind: NoticeKind = 'info', ms = 8000): void {
    const close = h('button', { class: 'notice-close', 'aria-label': 'Dismiss', onclick: () => notice.remove() }, '×')
    const notice = h('div', { class: `notice ${kind}`, 'data-kind': kind }, h('span', {}, message), close)
    this.element.append(notice)
    if (kind !== 'error') setTimeout(() => notice.remove(), ms)
  }
}
