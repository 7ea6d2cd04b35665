/**
 * Cross-references written as text in a draft ("Article 8", "ข้อ ๘",
 * "ប្រការ ៨") made references to the clause they name, where it exists.
 */

import { westernDigits, writtenReferences } from './draftCues.js'
import { blockText, textBlocks, withSpans, type DraftText, type InlineSpan } from './importedDraft.js'

/**
 * Cross-references written as text in `text` ("Article 8", "ข้อ ๘") made
 * references to the clause they name: by the number the file gave each
 * clause, else by its place. A reference across a tracked change or a
 * comment's edge stays text.
 */
export function resolveReferences(text: DraftText): void {
  const byWritten = new Map<number, number>()
  text.clauses.forEach((clause, index) => {
    const value = clause.written === null ? null : Number(westernDigits(clause.written))
    if (value !== null && Number.isSafeInteger(value) && !byWritten.has(value)) byWritten.set(value, index)
  })
  const numbered = byWritten.size > 0
  const target = (value: number): number | null => (numbered ? (byWritten.get(value) ?? null) : value >= 1 && value <= text.clauses.length ? value - 1 : null)
  const words = new Set(['Article', 'Paragraph', 'ข้อ', 'ប្រការ', 'មាត្រា'])
  for (const block of textBlocks(text)) {
    if (block === text.title) continue
    const spans: InlineSpan[] = []
    for (const reference of writtenReferences(blockText(block), words)) {
      const clause = target(reference.value)
      if (clause !== null) spans.push({ start: reference.index, end: reference.index + reference.length, make: (words) => ({ kind: 'clause-ref', clause, text: words.text, marks: words.marks, change: null, comments: words.comments }) })
    }
    block.inlines = withSpans(block.inlines, spans)
  }
}
