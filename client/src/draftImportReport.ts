/**
 * What the import of a draft (a Word file, or Akoma Ntoso) says in the
 * page, in the interface's language: every paragraph of the file and
 * where it went, what could not be mapped, the tracked changes' authors,
 * the texts it would write, the counts, and the outcome of an applied
 * import (its two revisions). The file's own words and the server's
 * notes are data and stay as they came. Also the query an import is
 * sent with. Pure, so that the words are tested without a browser.
 */

import type { ImportAppliedView, ImportReport, PreviewText, TrackedChangeHandling } from '../../server/vocabulary/draftImport.js'
import { languageName } from './languageNames.js'
import { t } from './i18n/translator.js'

/** How an import is asked for: preview or apply, what becomes of tracked changes, and (the secretariat) whose proposals they become. */
export interface ImportChoice {
  apply: boolean
  changes: TrackedChangeHandling
  /** A party's code; null: none named (a delegation's member brackets as their own party). */
  party: string | null
}

/** The query of `POST …/import` for `choice`: "?changes=brackets", "&apply=1", "&party=TH". */
export function importQuery(choice: ImportChoice): string {
  const query = new URLSearchParams({ changes: choice.changes })
  if (choice.party !== null) query.set('party', choice.party)
  if (choice.apply) query.set('apply', '1')
  return `?${query.toString()}`
}

/** One paragraph of the file in the report: its place, its words, and where it went in words. */
export interface ParagraphLine {
  source: number
  text: string
  went: string
  /** The server's note on why it went there, as it gave it; null for none. */
  note: string | null
  /** Whether it was left out of the text (not mapped, empty, or written by Counterpart itself). */
  leftOut: boolean
}

/** Every paragraph of the file, in order, with where it went. */
export function paragraphLines(report: Pick<ImportReport, 'paragraphs'>): ParagraphLine[] {
  return report.paragraphs.map((paragraph) => ({
    source: paragraph.source,
    text: paragraph.text,
    went: wentIn(t('import.went', { destination: paragraph.destination, clause: paragraph.clause ?? 0 }), paragraph.intoText),
    note: paragraph.note,
    leftOut: ['unmapped', 'empty', 'generated'].includes(paragraph.destination),
  }))
}

/** One thing the import could not map: what it is and where, in words, with its text and the server's note. */
export interface UnmappedLine {
  what: string
  text: string
  note: string
}

export function unmappedLines(report: Pick<ImportReport, 'unmapped'>): UnmappedLine[] {
  return report.unmapped.map((item) => ({ what: t('import.unmappedItem', { kind: item.kind.replaceAll('-', '_'), where: item.where }), text: item.text, note: item.note }))
}

/** The tracked changes' authors as the file names them, with how many insertions and deletions each. */
export function authorLines(report: Pick<ImportReport, 'authors'>): string[] {
  return report.authors.map((author) => t('import.author', { name: author.name, insertions: author.insertions, deletions: author.deletions }))
}

/** What becomes of the tracked changes, in one sentence (null when the file has none). */
export function changesLine(report: Pick<ImportReport, 'authors' | 'changes' | 'bracketOwner'>): string | null {
  if (report.authors.length === 0) return null
  return t('import.changesTaken', { changes: report.changes, party: report.bracketOwner ?? 'none' })
}

/** The counts in one sentence. */
export function countsLine(report: Pick<ImportReport, 'counts' | 'format'>): string {
  const { counts } = report
  return t('import.counts', {
    format: report.format,
    paragraphs: counts.paragraphs,
    clauses: counts.clauses,
    brackets: counts.brackets,
    comments: counts.comments,
    unmapped: counts.unmapped,
  })
}

/** A previewed text's language and where it would go, in words. */
export function textHeading(text: Pick<PreviewText, 'lang' | 'target'>): string {
  return t('import.textTarget', { lang: languageName(text.lang), target: text.target })
}

/** An applied import's outcome: the revisions before and after, threads opened, clauses kept as agreed. */
export function outcomeLine(applied: Pick<ImportAppliedView, 'revisions' | 'threads' | 'keptLocked'>): string {
  return t('import.applied', { before: applied.revisions.before, after: applied.revisions.after, threads: applied.threads.length, kept: applied.keptLocked.length })
}

/** Where a paragraph went, with the language of the text it went into when the file had more than one. */
const wentIn = (went: string, lang: string | null): string => (lang === null ? went : t('import.intoText', { went, lang: languageName(lang) }))
