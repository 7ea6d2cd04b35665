/**
 * A paragraph of a draft as the mapping reads it before placing it: its
 * words as inlines (Khmer word breaks and tabs gone), the number typed
 * before them taken off, its automatic number, the clause label it opens
 * with, its words as they read with tracked changes accepted (what its
 * place is told by); and what a line tells of the lines around it — a
 * clause's start, the title after a label, a title on more than one line.
 */

import { clauseLabelOf, invisibleBreaks, languageOfText, opensAsRecital, opensFinalProvisions, readsAsClosingFormula, typedNumberOf, type ClauseLabel } from './draftCues.js'
import { blockText, type DraftInline } from './importedDraft.js'
import type { SourceParagraph } from './wordBody.js'
import type { NumberKind } from './wordNumbering.js'

/** How a paragraph's number reads, whoever wrote it: Word's numbering, or typed. */
export interface LineNumber {
  written: string
  kind: NumberKind | 'roman'
  /** Its value as its kind reads it; null for Word's numbering and a bullet. */
  value: number | null
  /** Its value read as a letter, and as a Roman numeral ("(i)": 9 and 1), or null. */
  letterValue: number | null
  romanValue: number | null
  /** Word's level for automatic numbering, null for a typed number. */
  level: number | null
}

/** A paragraph ready to be placed: its words, language, number and clause label. */
export interface Line {
  paragraph: SourceParagraph
  inlines: DraftInline[]
  /** Its words, tracked deletions included. */
  text: string
  /** Its words as they read with tracked changes accepted: what its place is told by. */
  cue: string
  lang: string | null
  number: LineNumber | null
  label: ClauseLabel | null
}

/** A paragraph ready to place: its runs as inlines, the number typed before it taken off. */
export function lineOf(paragraph: SourceParagraph): Line {
  let inlines: DraftInline[] = paragraph.runs.map((run) => ({ kind: 'text', text: run.text.replace(invisibleBreaks, ''), marks: run.marks, change: run.change, comments: run.comments }))
  let number: LineNumber | null = null
  let label: ClauseLabel | null = null
  // Numbers and labels are read as the text reads with its changes accepted: a renumbering ("{-2.-}{+3.+}") is no proposal, and numbers are derived again.
  const accepted = acceptedText(inlines)
  const auto = paragraph.number
  if (auto !== null) {
    const autoLabel = clauseLabelOf(`${auto.label} ${accepted}`)
    if (autoLabel !== null && clauseLabelOf(auto.label) !== null) label = autoLabel
    else number = { written: auto.label, kind: auto.level.kind, value: null, letterValue: null, romanValue: null, level: auto.level.level }
  }
  if (label === null && (number === null || number.kind === 'bullet')) {
    label = clauseLabelOf(accepted)
    if (label !== null && paragraph.style?.role !== 'clause-label' && !opensClause(label, paragraph)) label = null
    if (label === null) {
      const typed = typedNumberOf(accepted)
      if (typed !== null) {
        number = { written: typed.written, kind: typed.kind, value: typed.value, letterValue: typed.letterValue, romanValue: typed.romanValue, level: null }
        inlines = dropStart(inlines, typed.length)
      }
    }
  }
  inlines = trimmed(inlines.map((inline) => (inline.kind === 'text' ? { ...inline, text: inline.text.replace(/\t/g, ' ') } : inline)))
  const text = blockText({ inlines })
  return { paragraph, inlines, text, cue: acceptedText(inlines).trim(), lang: languageOfText(text), number, label }
}

/** The words of `inlines` with tracked deletions left out. */
export const acceptedText = (inlines: readonly DraftInline[]): string => blockText({ inlines: inlines.filter((inline) => inline.change?.kind !== 'deletion') })

/**
 * Whether a paragraph that starts with `label` opens a clause: a label alone
 * or with a title, or in Thai or Khmer, whose drafts start a clause's first
 * sentence on the label's line; an English "Paragraph 3 of this Memorandum
 * applies." is a sentence.
 */
function opensClause(label: ClauseLabel, paragraph: SourceParagraph): boolean {
  return titleAfterLabel(label, paragraph) || /^(ข้อ|ប្រការ|មាត្រា)$/.test(label.word)
}

/** Whether the words after a clause label on its line read as the clause's title: set apart by a dash or colon, set as a heading, or (in Thai or Khmer) a short phrase. */
export function titleAfterLabel(label: ClauseLabel, paragraph: SourceParagraph): boolean {
  if (label.rest === '' || label.separated) return true
  const looksLikeHeading = paragraph.bold || paragraph.alignment === 'center' || paragraph.style?.role === 'heading' || paragraph.style?.role === 'clause-heading'
  if (looksLikeHeading) return label.rest.length <= 150 && !/[.;,។]$/.test(label.rest)
  // A title is a short phrase; a sentence runs on, its phrases set apart by spaces.
  return /^(ข้อ|ប្រការ|មាត្រា)$/.test(label.word) && label.rest.length <= 40 && !/\s/.test(label.rest) && !/[.;:,។]$/.test(label.rest)
}

/** The lowest heading level the text's headings use for clauses (below the title), or null when it uses none. */
export function clauseHeadingLevel(lines: Line[]): number | null {
  const levels = lines.slice(1).flatMap((line) => (line.paragraph.style?.role === 'heading' && line.paragraph.style.headingLevel !== null ? [line.paragraph.style.headingLevel] : []))
  return levels.length === 0 ? null : Math.min(...levels)
}

/** Whether `line` opens a clause: by its label ("Article 3"), or as a heading of the clauses' level or Counterpart's clause heading. */
export function clauseStart(line: Line, headingLevel: number | null): 'label' | 'heading' | null {
  if (line.label !== null) return 'label'
  const style = line.paragraph.style
  if (style?.role === 'clause-heading') return 'heading'
  if (style?.role === 'heading' && style.headingLevel === headingLevel && line.number?.kind !== 'letter' && line.number?.kind !== 'roman') return 'heading'
  return null
}

/** Whether `line`, after a label that stands alone, is the clause's title (`after` the line after it). */
export function headsClause(line: Line, after: Line | undefined, headingLevel: number | null): boolean {
  const role = line.paragraph.style?.role ?? null
  if (role === 'clause-heading' || role === 'heading') return true
  if (clauseStart(line, headingLevel) !== null || line.number !== null || opensFinalProvisions(line.cue)) return false
  if ((line.paragraph.bold || line.paragraph.alignment === 'center') && line.cue.length <= 200) return true
  return line.cue.length <= 100 && !/[.;:,។]$/.test(line.cue) && after !== undefined && clauseStart(after, headingLevel) === null
}

/** Whether `line` goes on the title begun by `first`: set as a title is, and not a recital or a formula. */
export function continuesTitle(first: Line, line: Line): boolean {
  const setAsTitle = (candidate: Line) => candidate.paragraph.style?.role === 'title' || candidate.paragraph.alignment === 'center' || candidate.paragraph.bold
  if (!setAsTitle(first) || !setAsTitle(line)) return false
  if (first.paragraph.style?.role === 'title' && line.paragraph.style?.role !== 'title' && line.paragraph.style?.role !== null && line.paragraph.style?.role !== undefined) return false
  return line.cue.length <= 200 && line.number === null && !opensAsRecital(line.cue) && !readsAsClosingFormula(line.cue)
}

/** A line's words after its clause label ("Article 3 – Confidentiality" → "Confidentiality"). */
export function afterLabel(line: Line): DraftInline[] {
  const text = acceptedText(line.inlines)
  const rest = line.label!.rest
  const at = rest === '' ? text.length : text.lastIndexOf(rest)
  return trimmed(dropStart(line.inlines, at < 0 ? text.length : at))
}

/** `inlines` without bold when all of their words are bold (a title or heading set bold says nothing). */
export function withoutBold(inlines: DraftInline[]): DraftInline[] {
  const words = inlines.filter((inline) => inline.text.trim() !== '')
  if (words.length === 0 || !words.every((inline) => inline.marks.strong)) return inlines
  return inlines.map((inline) => ({ ...inline, marks: { ...inline.marks, strong: false } }))
}

/** A space between two lines joined into one block. */
export const space = (before: readonly DraftInline[]): DraftInline => ({ kind: 'text', text: ' ', marks: { strong: false, em: false, underline: false }, change: null, comments: before.at(-1)?.comments ?? [] })

/** `inlines` without their first `count` characters as they read with changes accepted, and without the deleted words among them. */
function dropStart(inlines: DraftInline[], count: number): DraftInline[] {
  const kept: DraftInline[] = []
  let rest = count
  for (const inline of inlines) {
    if (rest > 0 && inline.change?.kind === 'deletion') continue
    if (rest >= inline.text.length && rest > 0) {
      rest -= inline.text.length
      continue
    }
    kept.push(rest > 0 && inline.kind === 'text' ? { ...inline, text: inline.text.slice(rest) } : inline)
    rest = 0
  }
  return kept
}

/** `inlines` without the spaces they open and close with, and without empty text. */
export function trimmed(inlines: DraftInline[]): DraftInline[] {
  const result = inlines.filter((inline) => inline.text !== '')
  while (result.length > 0 && result[0]!.kind === 'text' && result[0]!.text.trim() === '') result.shift()
  while (result.length > 0 && result.at(-1)!.kind === 'text' && result.at(-1)!.text.trim() === '') result.pop()
  const first = result[0]
  if (first?.kind === 'text') result[0] = { ...first, text: first.text.trimStart() }
  const last = result.at(-1)
  if (last?.kind === 'text') result[result.length - 1] = { ...last, text: last.text.trimEnd() }
  return result
}
