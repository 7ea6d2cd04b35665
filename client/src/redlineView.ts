/**
 * A comparison (GET …/compare) as an in-page redline: insertions
 * underlined and deletions struck through in the colour of the party that
 * made them, the author on hover, clause numbers from both sides. Returns
 * HTML in which every piece of document text is escaped.
 */

import { diffRunHtml, escapeHtml } from '../../server/vocabulary/redlineHtml.js'
import type { Comparison, PartyView } from '../../server/vocabulary/views.js'

/** The redline of `comparison` as HTML. */
export function redlineHtml(comparison: Comparison, parties: readonly PartyView[]): string {
  const clauses = comparison.clauses
    .filter((clause) => clause.change !== 'unchanged')
    .map((clause) => {
      const label =
        clause.from && clause.to && clause.from.label !== clause.to.label
          ? `${escapeHtml(clause.to.label)} <span class="was">(was ${escapeHtml(clause.from.label)})</span>`
          : escapeHtml((clause.to ?? clause.from)!.label)
      const body = clause.diff ? clause.diff.map((run) => diffRunHtml(run, parties)).join('') : escapeHtml((clause.to ?? clause.from)!.heading)
      return `<section class="redline-clause ${clause.change}"><h3>${label} <span class="badge">${clause.change}</span></h3><div class="redline-text">${body}</div></section>`
    })
  const parts = comparison.parts
    .filter((part) => part.modified && part.diff)
    .map((part) => `<section class="redline-clause"><h3>${escapeHtml(part.part.replace('_', ' '))}</h3><div class="redline-text">${part.diff!.map((run) => diffRunHtml(run, parties)).join('')}</div></section>`)
  const summary = Object.entries(comparison.summary)
    .filter(([change, count]) => count > 0 && change !== 'unchanged')
    .map(([change, count]) => `${count} ${change}`)
    .join(', ')
  return `<p class="redline-summary">${escapeHtml(summary || 'No changes to the clauses.')}</p>${parts.join('')}${clauses.join('')}`
}
