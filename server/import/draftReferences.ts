/**
 * Cross-references written as text in a draft ("Article 8", "ข้อ ๘",
 * "ប្រការ ៨") made references to the clause they name, where it exists.
 */

import { writtenReferences } from './draftCues.js'
import { blockText, textBlocks, type DraftInline, type DraftText } from './importedDraft.js'

/**
 * Cross-references written as text in `text` ("Article 8", "ข้อ ๘") made
 * references to the clause they name: by the number the file gave each
 * clause, else by its place. A reference across a tracked change or a
 * comment's edge stays text.
 */
export function resolveReferences(text: DraftText): void {
  const byWritten = new Map<number, number>()
  text.clauses.forEach((clause, index) => {
    const value = clause.written === null ? null : Number(clause.written.replace(/[\u0e50-\u0e59]/g, (d) => String(d.charCodeAt(0) - 0x0e50)).replace(/[\u17e0-\u17e9]/g, (d) => String(d.charCodeAt(0) - 0x17e0)))
    if (value !== null && Number.isSafeInteger(value) && !byWritten.has(value)) byWritten.set(value, index)
  })
  const numbered = byWritten.size > 0
  const target = (value: number): number | null => (numbered ? (byWritten.get(value) ?? null) : value >= 1 && value <= text.clauses.length ? value - 1 : null)
  const words = new Set(['Article', 'Paragraph', 'ข้อ', 'ប្រការ', 'មាត្រា'])
  for (const block of textBlocks(text)) {
    if (block === text.title) continue
    const references = writtenReferences(blockText(block), words)
    for (const reference of references.reverse()) {
      const clause = target(reference.value)
      if (clause !== null) block.inlines = withReference(block.inlines, reference.index, reference.length, clause)
    }
  }
}

/** `inlines` with the characters from `start` for `length` made a reference to clause `clause`, when they lie in words of one change and one set of comments. */
function withReference(inlines: DraftInline[], start: number, length: number, clause: number): DraftInline[] {
  const end = start + length
  let at = 0
  const covered: DraftInline[] = []
  for (const inline of inlines) {
    const from = at
    at += inline.text.length
    if (at > start && from < end) covered.push(inline)
  }
  const first = covered[0]
  // A reference is an atom: it takes no bracket, so one inside a tracked change stays words.
  if (!first || first.change !== null || covered.some((inline) => inline.kind !== 'text' || inline.change !== null || inline.comments.join() !== first.comments.join())) return inlines
  const result: DraftInline[] = []
  at = 0
  for (const inline of inlines) {
    const from = at
    at += inline.text.length
    if (at <= start || from >= end) {
      result.push(inline)
      continue
    }
    if (from < start) result.push({ ...inline, text: inline.text.slice(0, start - from) } as DraftInline)
    if (inline === first) result.push({ kind: 'clause-ref', clause, text: blockText({ inlines }).slice(start, end), marks: first.marks, change: first.change, comments: first.comments })
    if (at > end) result.push({ ...inline, text: inline.text.slice(end - from) } as DraftInline)
  }
  return result
}
