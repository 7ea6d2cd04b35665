/**
 * A word diff as HTML, the same in the server's redline page and the
 * browser's compare view: insertions underlined and deletions struck
 * through in the colour of the party that made them, the author and the
 * time of the change on hover.
 * Every piece of document text is escaped.
 */

import { colorOfParty } from './partyColours.js'
import type { DiffRun, PartyView } from './views.js'

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!)
}

/** One run of a diff: plain text, `<ins>` or `<del>` marked with its author's party (and, when known, when it was made); line breaks as `<br>`. */
export function diffRunHtml(run: DiffRun, parties: readonly Pick<PartyView, 'code'>[]): string {
  const text = escapeHtml(run.text).replace(/\n/g, '<br>')
  if (run.op === 'equal') return text
  const who = run.author ? `${run.author.name}${run.author.party ? ` (${run.author.party})` : ''}` : 'unknown author'
  const tag = run.op === 'insert' ? 'ins' : 'del'
  const verb = run.op === 'insert' ? 'Inserted' : 'Deleted'
  const when = run.at ? ` on ${changeTime(run.at)}` : ''
  const datetime = run.at ? ` data-at="${escapeHtml(run.at)}"` : ''
  return `<${tag} class="change" data-party="${escapeHtml(run.author?.party ?? '')}" style="color:${colorOfParty(parties, run.author?.party)}" title="${escapeHtml(`${verb} by ${who}${when}`)}"${datetime}>${text}</${tag}>`
}

/** "2026-01-05 08:30 UTC" for a change dated "2026-01-05T08:30:00Z". */
export function changeTime(at: string): string {
  return `${at.slice(0, 10)} ${at.slice(11, 16)} UTC`
}
