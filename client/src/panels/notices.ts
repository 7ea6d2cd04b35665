/**
 * Messages to the member, in words: refusals (read-only, locked, a token
 * no longer valid), failures, confirmations. Announced to screen readers.
 * Each can be dismissed; information and warnings go by themselves
 * (not while the pointer or the focus is on them), errors stay until
 * dismissed. The same message again is said once, its time started again,
 * and no more than three are shown: the oldest make way (errors last), so
 * notices never push the text off the screen.
 */

import { h } from '../dom.js'
import { t } from '../i18n/translator.js'

export type NoticeKind = 'info' | 'warning' | 'error'

/** How many notices are shown at most. */
const shownAtMost = 3

export class Notices {
  readonly element = h('div', { class: 'notices', role: 'status', 'aria-live': 'polite' })

  /** Shows `message`; info and warnings fade after `ms`, errors stay until dismissed. */
  show(message: string, kind: NoticeKind = 'info', ms = 8000): void {
    for (const earlier of this.element.querySelectorAll<HTMLElement>('.notice')) {
      if (earlier.dataset.kind === kind && earlier.firstChild?.textContent === message) earlier.remove()
    }
    const close = h('button', { class: 'notice-close', 'aria-label': t('notice.dismiss'), onclick: () => notice.remove() }, '×')
    const notice = h('div', { class: `notice ${kind}`, 'data-kind': kind }, h('span', {}, message), close)
    this.element.append(notice)
    // The oldest that would go by itself makes way first; an error only when all the others are errors.
    while (this.element.childElementCount > shownAtMost) {
      const shown = [...this.element.children]
      ;(shown.find((other) => other !== notice && !other.classList.contains('error')) ?? shown[0]!).remove()
    }
    if (kind !== 'error') expireAfter(notice, ms)
  }
}

/** Removes `notice` once it has been shown `ms` without the pointer or the focus on it. */
function expireAfter(notice: HTMLElement, ms: number): void {
  let timer = setTimeout(() => notice.remove(), ms)
  const hold = () => clearTimeout(timer)
  const release = () => {
    if (notice.matches(':hover, :focus-within')) return
    clearTimeout(timer)
    timer = setTimeout(() => notice.remove(), ms / 2)
  }
  notice.addEventListener('pointerenter', hold)
  notice.addEventListener('focusin', hold)
  notice.addEventListener('pointerleave', release)
  notice.addEventListener('focusout', release)
}
