/**
 * What the verify page (`verifyPage.ts`) says about a checked file, as
 * terms and values: the server's verdict (POST /api/verify) in words, and
 * the file's own SHA-256 as `sha256sum` prints it. Pure, so that the words
 * are tested without a browser.
 */

import type { GenuineVerdict, VerdictView } from '../../server/vocabulary/verdictView.js'
import { languageName } from './languageNames.js'

/** One line of the summary: a term and its value; `code` values are hashes and ids, set in monospace. */
export interface SummaryRow {
  term: string
  value: string
  code?: boolean
}

/** The verdict's facts, in the order a reader checks them; an invalid verdict has only its reason. */
export function verdictRows(verdict: VerdictView): SummaryRow[] {
  if (!verdict.valid) return [{ term: 'Reason', value: asSentence(verdict.reason) }]
  return [
    { term: 'Document', value: verdict.document.title },
    { term: 'Document id', value: verdict.document.id, code: true },
    { term: 'Revision', value: String(verdict.revision) },
    { term: 'Party (counterpart)', value: `${verdict.counterpart}: the original for this party` },
    { term: 'Language texts', value: languagesInWords(verdict.languages) },
    { term: 'Exported by', value: exporterInWords(verdict.exportedBy) },
    { term: 'Exported at', value: utcInWords(verdict.exportedAt) },
    { term: 'Content hash of the revision', value: verdict.contentHash, code: true },
  ]
}

/** "Thai (th), Khmer (km), English (en)" in the file's order; null is a copy sealed before seals named their languages. */
export function languagesInWords(languages: string[] | null): string {
  if (languages === null) return 'not stated: this copy was sealed before seals named their language texts'
  if (languages.length === 0) return 'none stated'
  return languages.map((code) => `${languageName(code)} (${code})`).join(', ')
}

/** Who exported the copy: "Joint Secretariat", "Khun Somchai (TH)", or the administrator. */
export function exporterInWords(exportedBy: GenuineVerdict['exportedBy']): string {
  if (exportedBy.kind === 'admin') return 'the administrator'
  const name = exportedBy.name ?? 'a member no longer on record'
  return exportedBy.party === null ? name : `${name} (${exportedBy.party})`
}

/** "12 March 2025, 10:04:31 UTC": the same words in every browser and time zone. */
export function utcInWords(iso: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  const format = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'medium', timeZone: 'UTC' })
  return `${format.format(date)} UTC`
}

/** The lower-case hex of a digest. */
export function hexOf(digest: ArrayBuffer): string {
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('')
}

/**
 * The line GNU `sha256sum` prints for a file called `fileName`: the hex,
 * two spaces, the name; a name holding a backslash, a newline or a carriage
 * return is escaped and the line starts with a backslash, as coreutils does.
 */
export function sha256sumLine(hex: string, fileName: string): string {
  if (!/[\\\n\r]/.test(fileName)) return `${hex}  ${fileName}`
  const escaped = fileName.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
  return `\\${hex}  ${escaped}`
}

/** A reason in the server's words as a sentence: capitalised, with a full stop. */
export function asSentence(reason: string): string {
  const text = reason.trim()
  if (text === '') return 'No reason was given.'
  const capitalised = text[0]!.toUpperCase() + text.slice(1)
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`
}
