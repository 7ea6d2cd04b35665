/**
 * A comparison (GET …/compare) as an in-page redline: insertions
 * underlined and deletions struck through in the colour of the party that
 * made them, the author on hover, clause numbers from both sides. Returns
 * HTML in which every piece of document text is escaped.
 */

import type { Comparison, DiffRun, Party } from './api.js'

const partyColors = ['#1d4ed8', '#c2410c']
const neutral = '#4b5563'

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!)
}

/** The colour of a party's changes (by its position), grey for the server or an unknown author. */
export function colorOfParty(parties: readonly Party[], code: string | null | undefined): string {
  return partyColors[parties.findIndex((party) => party.code === code)] ?? neutral
}

function runHtml(run: DiffRun, parties: readonly Party[]): string {
  const text = escapeHtml(run.text).replace(/\n/g, '<br>')
  if (run.op === 'equal') return text
  const who = run.author ? `${run.author.name}${run.author.party ? ` (${run.author.party})` : ''}` : 'unknown author'
  const tag = run.op === 'insert' ? 'ins' : 'del'
  const verb = run.op === 'insert' ? 'Inserted' : 'Deleted'
  return `<${tag} class="change" data-party="${escapeHtml(run.author?.party ?? '')}" style="color:${colorOfParty(parties, run.author?.party)}" title="${escapeHtml(`${verb} by ${who}`)}">${text}</${tag}>`
}

/** The redline of `comparison` as HTML. */
export function redlineHtml(comparison: Comparison, parties: readonly Party[]): string {
  const clauses = comparison.clauses
    .filter((clause) => clause.change !== 'unchanged')
    .map((clause) => {
      const label =
        clause.from && clause.to && clause.from.label !== clause.to.label
          ? `${escapeHtml(clause.to.label)} <span class="was">(was ${escapeHtml(clause.from.label)})</span>`
          : escapeHtml((clause.to ?? clause.from)!.label)
      const body = clause.diff ? clause.diff.map((run) => runHtml(run, parties)).join('') : escapeHtml((clause.to ?? clause.from)!.heading)
      return `<section class="redline-clause ${clause.change}"><h3>${label} <span class="badge">${clause.change}</span></h3><div class="redline-text">${body}</div></section>`
    })
  const parts = comparison.parts
    .filter((part) => part.modified && part.diff)
    .map((part) => `<section class="redline-clause"><h3>${escapeHtml(part.part.replace('_', ' '))}</h3><div class="redline-text">${part.diff!.map((run) => runHtml(run, parties)).join('')}</div></section>`)
  const summary = Object.entries(comparison.summary)
    .filter(([change, count]) => count > 0 && change !== 'unchanged')
    .map(([change, count]) => `${count} ${change}`)
    .join(', ')
  return `<p class="redline-summary">${escapeHtml(summary || 'No changes to the clauses.')}</p>${parts.join('')}${clauses.join('')}`
}
