/**
 * What waits on me: what the other side did that needs this member
 * (GET …/waiting), each with a link to its clause and a way to dismiss it.
 * Checked again when the negotiation's state changes in the shared text
 * (an agreement, a request, a reopening: it arrives over the connection
 * the page already has), when a translation's status changes, and when
 * the document's event stream tells of comments or confirmations.
 */

import type { Api } from '../api.js'
import { isWaitingWords, type WaitingItem } from '../../../server/vocabulary/waiting.js'
import { h, replaceChildren } from '../dom.js'
import { errorText, reasonOf } from '../i18n/errorWords.js'
import { t } from '../i18n/translator.js'
import { sayWords } from '../i18n/serverWords.js'
import type { Notices } from './notices.js'

export class WaitingPanel {
  readonly element: HTMLElement
  private readonly heading = h('p', { class: 'hint', role: 'status' })
  private readonly list = h('ul', { class: 'waiting-list', 'aria-label': t('waiting.label') })
  private signature = ''
  private checking: Promise<void> | null = null
  private again: Promise<void> | null = null

  constructor(
    private readonly api: Api,
    private readonly jumpTo: (clauseId: string) => void,
    private readonly notices: Notices,
    /** A clause's label in the interface's language ("ข้อ 6"), null for a clause no longer in the text. */
    private readonly clauseLabel: (clauseId: string) => string | null,
  ) {
    this.element = h('section', { class: 'panel waiting', 'aria-label': t('waiting.label') }, this.heading, this.list)
  }

  /** The shared text's negotiation state changed (see `negotiationSignature`): check again. */
  textChanged(signature: string): void {
    if (signature === this.signature) return
    this.signature = signature
    void this.refresh()
  }

  /**
   * Checks what waits, one check at a time. Asked again while a check is
   * on its way, it checks once more after it: the answer in flight may
   * predate the change that asked (an agreement that arrived meanwhile).
   */
  refresh(): Promise<void> {
    if (this.checking) return (this.again ??= this.checking.then(() => ((this.again = null), this.refresh())))
    this.checking = this.check().finally(() => (this.checking = null))
    return this.checking
  }

  private async check(): Promise<void> {
    try {
      this.render(await this.api.waiting())
    } catch (error) {
      this.heading.textContent = t('waiting.unchecked', { reason: reasonOf(error) })
    }
  }

  private render(items: WaitingItem[]): void {
    this.heading.textContent = items.length === 0 ? t('waiting.nothing') : t('waiting.count', { count: items.length })
    replaceChildren(
      this.list,
      items.map((item) => {
        // The clause as the interface numbers it, where the text still has it; else as the server named it.
        const label = (item.clauseId && this.clauseLabel(item.clauseId)) || item.label
        const text = isWaitingWords(item.words) ? sayWords({ ...item.words, values: { ...item.words.values, label } }) : item.text
        return h(
          'li',
          { class: `waiting-item waiting-${item.kind}` },
          h('span', { class: 'waiting-kind' }, t(`waiting.kind.${item.kind}`)),
          ' ',
          item.clauseId ? h('a', { href: '#', onclick: (event: Event) => (event.preventDefault(), this.jumpTo(item.clauseId!)) }, label || t('waiting.goTo')) : null,
          h('p', {}, text),
          h('button', { class: 'dismiss', 'aria-label': t('waiting.dismissLabel', { text }), onclick: () => void this.dismiss(item) }, t('waiting.dismiss')),
        )
      }),
    )
  }

  private async dismiss(item: WaitingItem): Promise<void> {
    try {
      await this.api.dismissWaiting(item.key)
    } catch (error) {
      this.notices.show(errorText(error), 'warning')
    }
    await this.refresh()
  }
}
