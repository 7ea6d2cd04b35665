/**
 * The wording check's findings beside the text, each with its suggested
 * replacement one click away.
 */

import type { EditorView } from 'prosemirror-view'
import { h, replaceChildren } from '../dom.js'
import { replaceFinding, wordingKey } from '../editor/wordingPlugin.js'
import type { InstrumentStyle } from '../../../server/vocabulary/document.js'
import { t } from '../i18n/translator.js'

export class WordingPanel {
  readonly element: HTMLElement
  private readonly list = h('ul', { class: 'wording-list', 'aria-label': t('wording.findings') })
  private signature = ''

  constructor(
    style: InstrumentStyle,
    private readonly canEdit: boolean,
  ) {
    const explanation = t(style === 'mou' ? 'wording.explain.mou' : 'wording.explain.treaty')
    this.element = h('section', { class: 'panel wording', 'aria-label': t('wording.label') }, h('p', { class: 'hint' }, explanation), this.list)
  }

  update(view: EditorView): void {
    const findings = wordingKey.getState(view.state)?.findings ?? []
    const signature = JSON.stringify(findings)
    if (signature === this.signature) return
    this.signature = signature
    replaceChildren(
      this.list,
      findings.length === 0 ? h('li', { class: 'empty' }, t('wording.nothing')) : null,
      findings.map((finding) =>
        h(
          'li',
          {},
          h('span', { class: 'found' }, `“${finding.text}”`),
          ' → ',
          h('span', { class: 'suggested' }, `“${finding.suggestion}”`),
          this.canEdit
            ? h(
                'button',
                {
                  class: 'apply-suggestion',
                  'aria-label': t('wording.replaceLabel', { found: finding.text, suggested: finding.suggestion }),
                  onclick: () => {
                    const tr = replaceFinding(view.state, finding)
                    if (tr) view.dispatch(tr)
                  },
                },
                t('wording.replace'),
              )
            : null,
        ),
      ),
    )
  }
}
