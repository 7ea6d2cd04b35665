/**
 * The status of one clause in one other language, as it sits at the head
 * of the clause in that language's text: missing, draft, confirmed (by
 * whom, when) or stale — then with what changed in the working text since
 * the confirmation, insertions and deletions as in the redline — and, for
 * the members who may, a one-click "Confirm".
 */

import { changesAnything, condenseRuns } from '../condensedDiff.js'
import { h } from '../dom.js'
import { diffRunHtml } from '../../../server/vocabulary/redlineHtml.js'
import type { PartyView, TranslationView } from '../../../server/vocabulary/views.js'
import { formatDateTime } from '../i18n/dateFormat.js'
import { interfaceLanguage, t } from '../i18n/translator.js'

export interface BadgeContext {
  lang: string
  /** "Thai", "English": the chrome speaks English. */
  languageName: string
  workingName: string
  parties: readonly PartyView[]
  /** Whether this member may confirm translations into `lang`. */
  canConfirm: boolean
  /** Confirms clause `clauseId` in `lang`; the button is disabled meanwhile. */
  confirm: (clauseId: string, label: string, button: HTMLButtonElement) => void
}


/** A key that changes exactly when the badge would look different. */
export function badgeKey(clauseId: string, label: string, translation: TranslationView | null, context: Pick<BadgeContext, 'canConfirm'>): string {
  return JSON.stringify([clauseId, label, translation?.status ?? null, translation?.confirmedAt ?? null, translation?.workingChange ?? null, context.canConfirm])
}

/** The badge of clause `clauseId` ("Paragraph 3" or "ข้อ ๓" as `label`), for `translation` (null: not known yet). */
export function translationBadge(clauseId: string, label: string, translation: TranslationView | null, context: BadgeContext): HTMLElement {
  const status = translation?.status ?? null
  const confirmer = translation?.confirmedBy
  const party = confirmer?.party ? (context.parties.find((candidate) => candidate.code === confirmer.party)?.shortName ?? confirmer.party) : null
  const when = translation?.confirmedAt ? formatDateTime(translation.confirmedAt) : null
  // Stale: the working text changed, or (with no change to show) the translation itself.
  const workingChanged = translation?.workingChange ? changesAnything(translation.workingChange) : false
  const byWhom = confirmer ? t('translation.confirmer', { name: confirmer.name ?? t('translation.someone'), party: party ?? 'none', date: when ?? 'none' }) : null
  const detail =
    status === 'confirmed' && byWhom
      ? t('translation.confirmedBy', { who: byWhom })
      : status === 'stale'
        ? t('translation.staleSince', { changed: workingChanged ? context.workingName : context.languageName, who: byWhom ?? 'none' })
        : status === 'draft'
          ? t('translation.notConfirmed')
          : status === 'missing'
            ? t('translation.noText', { language: context.languageName })
            : t('translation.unknown')
  const badge = h(
    'div',
    { class: 'translation-mark', contenteditable: 'false', 'data-clause-id': clauseId, 'data-lang': context.lang, 'data-status': status ?? 'unknown', lang: interfaceLanguage() },
    h('span', { class: `translation-status translation-${status ?? 'unknown'}` }, status ? t(`translation.status.${status}`) : '…'),
    h('span', { class: 'translation-detail' }, detail),
  )
  if (context.canConfirm && (status === 'draft' || status === 'stale')) {
    const button: HTMLButtonElement = h(
      'button',
      {
        type: 'button',
        class: 'confirm-translation',
        'aria-label': t('translation.confirmLabel', { language: context.languageName, label }),
        onclick: () => context.confirm(clauseId, label, button),
      },
      t('translation.confirm'),
    )
    badge.append(button)
  }
  if (status === 'stale' && translation?.workingChange && workingChanged) {
    const change = h('div', { class: 'working-change redline', title: t('translation.workingChange', { working: context.workingName }) })
    // diffRunHtml escapes every piece of document text.
    change.innerHTML = condenseRuns(translation.workingChange)
      .map((run) => diffRunHtml(run, context.parties))
      .join('')
    badge.append(change)
  }
  return badge
}
