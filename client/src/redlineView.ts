/**
 * A comparison (GET …/compare) as an in-page redline: insertions
 * underlined and marked "+", deletions struck through and marked "−", in
 * the colour of the party that made them, each saying in words for screen
 * readers what it is and whose, the author on hover; clause numbers from
 * both sides, and each paragraph's number ("9.2") beside it. Returns HTML
 * in which every piece of document text is escaped.
 */

import { colorOfParty } from '../../server/vocabulary/partyColours.js'
import { diffParagraphsHtml, escapeHtml } from '../../server/vocabulary/redlineHtml.js'
import type { Comparison, PartyView } from '../../server/vocabulary/views.js'
import { t } from './i18n/translator.js'
import { partLabel } from './i18n/vocabularyWords.js'

/** The words of the redline, in one place (in the interface's language). */
const words = {
  legend: (parties: string) => t('redline.legend', { parties }),
  was: (label: string) => t('redline.was', { label }),
  part: partLabel,
  noChanges: () => t('redline.noChanges'),
  summary: (counts: [string, number][]) => counts.map(([change, count]) => t('redline.count', { count, change })).join(t('list.separator')),
  change: (change: string) => t('redline.change', { change }),
}

/** The redline of `comparison` as HTML. */
export function redlineHtml(comparison: Comparison, parties: readonly PartyView[]): string {
  const clauses = comparison.clauses
    .filter((clause) => clause.change !== 'unchanged')
    .map((clause) => {
      const label =
        clause.from && clause.to && clause.from.label !== clause.to.label
          ? `${escapeHtml(clause.to.label)} <span class="was">${escapeHtml(words.was(clause.from.label))}</span>`
          : escapeHtml((clause.to ?? clause.from)!.label)
      const body = clause.diff ? diffParagraphsHtml(clause.diff, clause.from?.paragraphs ?? [], clause.to?.paragraphs ?? [], parties) : escapeHtml((clause.to ?? clause.from)!.heading)
      return `<section class="redline-clause ${clause.change}"><h3>${label} <span class="badge">${escapeHtml(words.change(clause.change))}</span></h3><div class="redline-text">${body}</div></section>`
    })
  const parts = comparison.parts
    .filter((part) => part.modified && part.diff)
    .map((part) => `<section class="redline-clause"><h3>${escapeHtml(words.part(part.part))}</h3><div class="redline-text">${diffParagraphsHtml(part.diff!, [], [], parties)}</div></section>`)
  const counts = Object.entries(comparison.summary).filter(([change, count]) => count > 0 && change !== 'unchanged')
  const legend = parties.map((party) => `<span class="redline-party" style="color:${colorOfParty(parties, party.code)}">${escapeHtml(t('redline.party', { name: party.shortName, code: party.code }))}</span>`).join(', ')
  return `<p class="redline-summary">${escapeHtml(counts.length > 0 ? words.summary(counts) : words.noChanges())}</p><p class="redline-legend">${words.legend(legend)}</p>${parts.join('')}${clauses.join('')}`
}
