/**
 * What the verify page (`verifyPage.ts`) says about a checked file, as
 * terms and values: the server's verdict (POST /api/verify) in words (the
 * interface's language; the server's reasons as it gave them), and the
 * file's own SHA-256 as `sha256sum` prints it. Pure, so that the words are
 * tested without a browser.
 */

import type { GenuineVerdict, VerdictView } from '../../server/vocabulary/verdictView.js'
import { languageName } from './languageNames.js'
import { formatDateTime } from './i18n/dateFormat.js'
import { t } from './i18n/translator.js'

/** One line of the summary: a term and its value; `code` values are hashes and ids, set in monospace. */
export interface SummaryRow {
  term: string
  value: string
  code?: boolean
}

/** The verdict's facts, in the order a reader checks them; an invalid verdict has only its reason. */
export function verdictRows(verdict: VerdictView): SummaryRow[] {
  if (!verdict.valid) return [{ term: t('verify.term.reason'), value: asSentence(verdict.reason) }]
  return [
    { term: t('verify.term.document'), value: verdict.document.title },
    { term: t('verify.term.documentId'), value: verdict.document.id, code: true },
    { term: t('verify.term.kind'), value: verdict.round === null ? t('verify.kindOriginal') : t('verify.kindRecord', { round: verdict.round }) },
    { term: t('verify.term.revision'), value: String(verdict.revision) },
    { term: t('verify.term.party'), value: t(verdict.round === null ? 'verify.partyOriginal' : 'verify.partyRecord', { party: verdict.counterpart }) },
    { term: t('verify.term.languages'), value: languagesInWords(verdict.languages) },
    { term: t('verify.term.exportedBy'), value: exporterInWords(verdict.exportedBy) },
    { term: t('verify.term.exportedAt'), value: utcInWords(verdict.exportedAt) },
    { term: t('verify.term.contentHash'), value: verdict.contentHash, code: true },
  ]
}

/** "Thai (th), Khmer (km), English (en)" in the file's order; null is a copy sealed before seals named their languages. */
export function languagesInWords(languages: string[] | null): string {
  if (languages === null) return t('verify.languagesNotStated')
  if (languages.length === 0) return t('verify.languagesNone')
  return languages.map((code) => t('verify.languageWithTag', { name: languageName(code), tag: code })).join(t('list.separator'))
}

/** Who exported the copy: "Joint Secretariat", "Khun Somchai (TH)", or the administrator. */
export function exporterInWords(exportedBy: GenuineVerdict['exportedBy']): string {
  if (exportedBy.kind === 'admin') return t('verify.administrator')
  const name = exportedBy.name ?? t('verify.formerMember')
  return exportedBy.party === null ? name : t('verify.exporterWithParty', { name, party: exportedBy.party })
}

/** "12 Mar 2025, 10:04:31 UTC": the same words in every browser and time zone. */
export function utcInWords(iso: string): string {
  if (Number.isNaN(new Date(iso).getTime())) return iso
  return t('verify.utc', { time: formatDateTime(iso, { timeZone: 'UTC', seconds: true }) })
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
  if (text === '') return t('verify.noReason')
  const capitalised = text[0]!.toUpperCase() + text.slice(1)
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`
}
