/**
 * Compare in the page: the redline of one state of the text against
 * another (a revision, or the live text) in a dialog, with the same
 * redline as a DOCX of tracked changes one click away. Opened from the
 * Revisions tab (any two) and from a round ("since the round opened").
 */

import type { Api } from '../api.js'
import type { PartyView } from '../../../server/vocabulary/views.js'
import { h, saveFile } from '../dom.js'
import { redlineHtml } from '../redlineView.js'
import { reasonOf } from '../i18n/errorWords.js'
import { t } from '../i18n/translator.js'
import { openModal } from './modal.js'
import type { Notices } from './notices.js'

/** A state of the text to compare: a revision's number, or the live text. */
export type TextState = number | 'live'

/**
 * Asks the server for the comparison of `from` with `to` and shows its
 * redline in a dialog titled `title` (by default, "Changes from revision 3
 * to the live text"). Rejects when the comparison cannot be had; a failed
 * DOCX download is told in `notices`.
 */
export async function openComparison(api: Api, parties: readonly PartyView[], notices: Notices, from: TextState, to: TextState, title?: string): Promise<HTMLDialogElement> {
  const comparison = await api.compare(from, to)
  const body = h('div', { class: 'redline' })
  body.innerHTML = redlineHtml(comparison, parties) // every piece of document text is escaped
  const download = async () => {
    const { blob, filename } = await api.download(`/api/documents/${api.documentId}/compare.docx?from=${from}&to=${to}`)
    saveFile(blob, filename)
    notices.show(t('revisions.downloaded', { file: filename }))
  }
  return openModal(
    title ?? t('revisions.compareTitle', { from, to: String(to) }),
    h(
      'div',
      {},
      h(
        'button',
        {
          class: 'download-redline',
          onclick: () => download().catch((error: unknown) => notices.show(t('revisions.failed', { what: t('revisions.exportFailed'), reason: reasonOf(error) }), 'error')),
        },
        t('revisions.downloadRedline'),
      ),
      body,
    ),
  )
}
