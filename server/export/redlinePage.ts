/**
 * A comparison as a self-contained HTML page (GET …/compare?format=html),
 * beside its DOCX counterpart `redlineDocument.ts`: insertions underlined,
 * deletions struck through, in the colour of the party that made them, the
 * author named on hover, clause numbers from both sides. Every piece of
 * document text is escaped; the page has no script.
 */

import type { PartyRecord } from '../vocabulary/document.js'
import { neutralColor, partyColors } from '../vocabulary/partyColours.js'
import { diffRunHtml, escapeHtml } from '../vocabulary/redlineHtml.js'
import type { ClauseComparison, Comparison, DiffRun, PartComparison } from '../vocabulary/views.js'

export interface RedlineContext {
  title: string
  fromLabel: string
  toLabel: string
  parties: readonly PartyRecord[]
}

export function renderRedline(comparison: Comparison, context: RedlineContext): string {
  const runHtml = (run: DiffRun) => diffRunHtml(run, context.parties)
  const body = (diff: DiffRun[] | null, fallback: string) => (diff ? diff.map(runHtml).join('') : escapeHtml(fallback).replace(/\n/g, '<br>'))

  const clauseHtml = (clause: ClauseComparison) => {
    const numbers =
      clause.from && clause.to && clause.from.label !== clause.to.label
        ? `${escapeHtml(clause.to.label)} <span class="was">(was ${escapeHtml(clause.from.label)})</span>`
        : escapeHtml((clause.to ?? clause.from)!.label)
    const badge = clause.change === 'unchanged' ? '' : ` <span class="badge ${clause.change}">${clause.change}</span>`
    const structure = clause.structure
      ? `<p class="structure">Paragraph structure: ${escapeHtml(clause.structure.from.join(', '))} → ${escapeHtml(clause.structure.to.join(', '))}</p>`
      : ''
    const heading = (clause.to ?? clause.from)!.heading
    return `<section class="clause ${clause.change}"><h2>${numbers}${badge}</h2>${structure}<div class="text">${body(clause.diff, heading)}</div></section>`
  }
  const partHtml = (part: PartComparison) =>
    part.modified ? `<section class="part"><h2>${escapeHtml(part.part.replace('_', ' '))}</h2><div class="text">${body(part.diff, '')}</div></section>` : ''
  const legend = context.parties
    .map((party, index) => `<span style="color:${partyColors[index] ?? neutralColor}"><ins>${escapeHtml(party.shortName)}</ins></span>`)
    .join(' ')

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Redline: ${escapeHtml(context.title)}</title>
<style>
  body { font-family: "Noto Serif", "Noto Serif Thai", "Noto Serif Khmer", Georgia, serif; max-width: 50rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }
  h1 { font-size: 1.2rem; } h2 { font-size: 1rem; margin-bottom: .25rem; }
  ins { text-decoration: underline; } del { text-decoration: line-through; }
  .change-said { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  .was { font-weight: normal; color: #555; } .badge { font: .75rem system-ui, sans-serif; padding: 0 .4rem; border-radius: 3px; background: #eee; }
  .structure { font: .85rem system-ui, sans-serif; color: #555; } .meta { font: .9rem system-ui, sans-serif; color: #333; }
  .clause.unchanged .text { color: #555; }
</style></head>
<body>
<h1>${escapeHtml(context.title)}</h1>
<p class="meta">Changes from ${escapeHtml(context.fromLabel)} to ${escapeHtml(context.toLabel)}. Insertions underlined, deletions struck through, by party: ${legend}.
${Object.entries(comparison.summary).filter(([, n]) => n > 0).map(([change, n]) => `${n} ${change}`).join(', ')}.</p>
${comparison.parts.filter((part) => part.part !== 'final_provisions').map(partHtml).join('\n')}
${comparison.clauses.map(clauseHtml).join('\n')}
${comparison.parts.filter((part) => part.part === 'final_provisions').map(partHtml).join('\n')}
</body></html>`
}
