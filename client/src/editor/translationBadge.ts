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

const statusWords = {
  missing: 'Not translated',
  draft: 'Draft',
  confirmed: 'Confirmed',
  stale: 'Stale',
} as const

/** A key that changes exactly when the badge would look different. */
export function badgeKey(clauseId: string, label: string, translation: TranslationView | null, context: Pick<BadgeContext, 'canConfirm'>): string {
  return JSON.stringify([clauseId, label, translation?.status ?? null, translation?.confirmedAt ?? null, translation?.workingChange ?? null, context.canConfirm])
}

/** The badge of clause `clauseId` ("Paragraph 3" or "ข้อ ๓" as `label`), for `translation` (null: not known yet). */
export function translationBadge(clauseId: string, label: string, translation: TranslationView | null, context: BadgeContext): HTMLElement {
  const status = translation?.status ?? null
  const confirmer = translation?.confirmedBy
  const party = confirmer?.party ? (context.parties.find((candidate) => candidate.code === confirmer.party)?.shortName ?? confirmer.party) : null
  const when = translation?.confirmedAt ? new Date(translation.confirmedAt).toLocaleString('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }) : null
  // Stale: the working text changed, or (with no change to show) the translation itself.
  const workingChanged = translation?.workingChange ? changesAnything(translation.workingChange) : false
  const byWhom = confirmer ? `${confirmer.name ?? 'a delegate'}${party ? ` (${party})` : ''}${when ? `, ${when}` : ''}` : null
  const detail =
    status === 'confirmed' && byWhom
      ? `by ${byWhom}`
      : status === 'stale'
        ? `the ${workingChanged ? context.workingName : context.languageName} text changed since ${byWhom ? `${byWhom} confirmed it` : 'it was confirmed'}`
        : status === 'draft'
          ? 'not confirmed'
          : status === 'missing'
            ? `no ${context.languageName} text yet`
            : 'status not known yet'
  const badge = h(
    'div',
    { class: 'translation-mark', contenteditable: 'false', 'data-clause-id': clauseId, 'data-lang': context.lang, 'data-status': status ?? 'unknown', lang: 'en' },
    h('span', { class: `translation-status translation-${status ?? 'unknown'}` }, status ? statusWords[status] : '…'),
    h('span', { class: 'translation-detail' }, detail),
  )
  if (context.canConfirm && (status === 'draft' || status === 'stale')) {
    const button: HTMLButtonElement = h(
      'button',
      {
        type: 'button',
        class: 'confirm-translation',
        'aria-label': `Confirm the ${context.languageName} text of ${label}`,
        onclick: () => context.confirm(clauseId, label, button),
      },
      'Confirm',
    )
    badge.append(button)
  }
  if (status === 'stale' && translation?.workingChange && workingChanged) {
    const change = h('div', { class: 'working-change redline', title: `The ${context.workingName} text's change since the confirmation` })
    // diffRunHtml escapes every piece of document text.
    change.innerHTML = condenseRuns(translation.workingChange)
      .map((run) => diffRunHtml(run, context.parties))
      .join('')
    badge.append(change)
  }
  return badge
}
