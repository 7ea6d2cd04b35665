/**
 * A word diff as HTML, the same in the server's redline page and the
 * browser's compare view: insertions underlined and deletions struck
 * through in the colour of the party that made them, the author and the
 * time of the change on hover. Colour is never the only sign: each change
 * also says in words, for screen readers, what it is and whose
 * (`change-said`, which the page's style sheet hides from sight). The
 * compare view sets a clause's text out paragraph by paragraph, each with
 * the number it is cited by ("9.2").
 * Every piece of document text is escaped.
 */

import { colorOfParty } from './partyColours.js'
import type { DiffRun, PartyView } from './views.js'

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!)
}

/** Who made a change, as the redline names them: "Khun Somchai (TH)". */
function authorOf(run: DiffRun): string {
  return run.author ? `${run.author.name}${run.author.party ? ` (${run.author.party})` : ''}` : 'unknown author'
}

/**
 * One run of a diff: plain text, `<ins>` or `<del>` marked with its
 * author's party (and, when known, when it was made), beginning with the
 * change in words for screen readers ("Inserted by Khun Somchai (TH): ");
 * line breaks as `<br>`.
 */
export function diffRunHtml(run: DiffRun, parties: readonly Pick<PartyView, 'code'>[]): string {
  const text = escapeHtml(run.text).replace(/\n/g, '<br>')
  if (run.op === 'equal') return text
  const tag = run.op === 'insert' ? 'ins' : 'del'
  const verb = run.op === 'insert' ? 'Inserted' : 'Deleted'
  const when = run.at ? ` on ${changeTime(run.at)}` : ''
  const datetime = run.at ? ` data-at="${escapeHtml(run.at)}"` : ''
  const said = `<span class="change-said">${escapeHtml(`${verb} by ${authorOf(run)}: `)}</span>`
  return `<${tag} class="change" data-party="${escapeHtml(run.author?.party ?? '')}" style="color:${colorOfParty(parties, run.author?.party)}" title="${escapeHtml(`${verb} by ${authorOf(run)}${when}`)}"${datetime}>${said}${text}</${tag}>`
}

/** "2026-01-05 08:30 UTC" for a change dated "2026-01-05T08:30:00Z". */
export function changeTime(at: string): string {
  return `${at.slice(0, 10)} ${at.slice(11, 16)} UTC`
}

/**
 * A paragraph of a compared text: its runs (without separators), which
 * block of each side begins in it (its index among that side's blocks;
 * null when none does — a paragraph joined to the one before, on that
 * side), and the separator that ends it when that was inserted or deleted.
 */
export interface DiffLine {
  runs: DiffRun[]
  from: number | null
  to: number | null
  /**
   * The paragraph mark after it when only one side has it, as a run of
   * "¶" — unless the paragraph after it came or went whole with it, which
   * says as much.
   */
  mark: DiffRun | null
}

/**
 * Splits the runs of a diff whose blocks are joined by "\n" (heading, then
 * paragraphs) into paragraphs. As a word processor counts them, a
 * separator that is equal ends a paragraph both sides have, an inserted
 * one a paragraph only `to` has, a deleted one a paragraph only `from` had:
 * a block begins, on a side, at the start and after each separator that
 * side has.
 */
export function diffLines(runs: readonly DiffRun[]): DiffLine[] {
  const lines: DiffLine[] = []
  let current: DiffRun[] = []
  let fromCount = 0
  let toCount = 0
  let fromBegins = true
  let toBegins = true
  const finish = (separator: DiffRun | null) => {
    const op = separator?.op ?? 'equal'
    lines.push({ runs: current, from: fromBegins ? fromCount++ : null, to: toBegins ? toCount++ : null, mark: op === 'equal' ? null : { ...separator!, text: '¶' } })
    current = []
    fromBegins = op !== 'insert'
    toBegins = op !== 'delete'
  }
  for (const run of runs) {
    run.text.split('\n').forEach((text, index) => {
      if (index > 0) finish(run)
      if (text) current.push({ ...run, text })
    })
  }
  finish(null)
  lines.forEach((line, index) => {
    const next = lines[index + 1]?.runs ?? []
    if (line.mark && next.length > 0 && next.every((run) => run.op === line.mark!.op)) line.mark = null
  })
  return lines
}

/**
 * A clause's diff as paragraphs (`<p class="redline-paragraph">`), each
 * headed by the number it is cited by on the side it stands on
 * (`fromNumbers` and `toNumbers`: one per block, "" for none, as in
 * `ClauseSide.paragraphs`); "9.3 (was 9.2)" when the number changed. A
 * paragraph mark that came or went is shown as "¶", marked as its change.
 */
export function diffParagraphsHtml(runs: readonly DiffRun[], fromNumbers: readonly string[], toNumbers: readonly string[], parties: readonly Pick<PartyView, 'code'>[]): string {
  return diffLines(runs)
    .map((line) => {
      const was = line.from === null ? '' : (fromNumbers[line.from] ?? '')
      const is = line.to === null ? '' : (toNumbers[line.to] ?? '')
      // A paragraph only `from` had keeps its old number; one that stays says what it was when that changed.
      const numbers = [is && escapeHtml(is), was && was !== is && (line.to === null ? escapeHtml(was) : `<span class="was">(was ${escapeHtml(was)})</span>`)].filter(Boolean)
      const number = numbers.length > 0 ? `<span class="paragraph-number">${numbers.join(' ')}</span> ` : ''
      const mark = line.mark ? diffRunHtml(line.mark, parties) : ''
      return `<p class="redline-paragraph">${number}${line.runs.map((run) => diffRunHtml(run, parties)).join('')}${mark}</p>`
    })
    .join('')
}
