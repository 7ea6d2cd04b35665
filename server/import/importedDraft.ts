/**
 * A draft read from a file, mapped onto the shape of an instrument but not
 * yet a document: what every reader (Word, Akoma Ntoso) produces and the
 * one thing the writer (`draftContent.ts`) takes. Its texts, one per
 * language, each a title, a preamble (recitals and the closing formula),
 * clauses (a heading, then plain and numbered paragraphs and lettered
 * sub-paragraphs) and final provisions; inline, words with their marks,
 * the tracked change and the comments each run belongs to, and references
 * to other clauses. Numbers are not kept as text: what the file wrote
 * ("Article 3", "2.", "(b)") is kept beside each block as `written`, for
 * the report, and derived again once the draft is a document.
 *
 * The draft carries its report (`vocabulary/draftImport.ts`): every
 * paragraph of the file and where it went, and every thing that could not
 * be mapped, with its text.
 */

import type { ChangeAuthor, ImportFormat, ImportedParagraph, TrackedChangeHandling, UnmappedItem } from '../vocabulary/draftImport.js'
import type { PartyForm } from '../vocabulary/partyReference.js'

/** A draft read from a file. */
export interface ImportedDraft {
  format: ImportFormat
  /** How the reader took the file's tracked changes: kept as `DraftChange`s on runs ('brackets'), or resolved. */
  changes: TrackedChangeHandling
  /** Its texts, one per language, in the file's order. */
  texts: DraftText[]
  /** The file's comments; a run carries the ids of those it is under. */
  comments: DraftComment[]
  /** What the report says of the file's paragraphs, of what could not be mapped, and of the whole. */
  paragraphs: ImportedParagraph[]
  unmapped: UnmappedItem[]
  authors: ChangeAuthor[]
  notes: string[]
}

/** One language text of a draft. */
export interface DraftText {
  /** Its language (a BCP 47 tag), told by its script: "th", "km", else "en". */
  lang: string
  /** The title's words (empty when the file has none). */
  title: DraftBlock
  /** The recitals; empty when the file has no preamble. */
  recitals: DraftBlock[]
  /** The closing formula ("HAVE REACHED the following understanding:"), or null when the file has none. */
  closingFormula: DraftBlock | null
  clauses: DraftClause[]
  finalProvisions: DraftBlock[]
}

/** A clause: its heading, then its body. */
export interface DraftClause {
  /** The number the file gave it ("3" of "Article 3", "๓" of "ข้อ ๓"), or null. */
  written: string | null
  heading: DraftBlock
  body: DraftClauseBlock[]
  /** The clause id the file names for it (a Counterpart export read again), matched before anything else; absent or null for none. */
  id?: string | null
}

/**
 * A block of a clause's body: a plain paragraph, a numbered paragraph with
 * the lettered sub-paragraphs under it, or a lettered sub-paragraph that
 * follows a plain paragraph (a lead-in).
 */
export type DraftClauseBlock = { kind: 'paragraph'; block: DraftBlock } | { kind: 'numbered'; block: DraftBlock; subs: DraftBlock[] } | { kind: 'sub'; block: DraftBlock }

/** A text block of a draft. */
export interface DraftBlock {
  inlines: DraftInline[]
  /** The file's paragraphs it was made of (`ImportedParagraph.source`), in order. */
  sources: number[]
  /** The number or letter the file gave it ("2.", "(b)"), by its numbering or as typed; null for none. */
  written: string | null
}

/** Bold, italic, underline: the marks a draft keeps. */
export interface DraftMarks {
  strong: boolean
  em: boolean
  underline: boolean
}

/** What an inline item shares: its marks, the tracked change it is part of, the comments over it. */
interface InlineBase {
  marks: DraftMarks
  change: DraftChange | null
  /** The ids of the comments (`DraftComment.id`) whose range covers it. */
  comments: readonly string[]
}

/**
 * Inline content: words; a reference to a clause of the same text, by its
 * index among the text's clauses (the file wrote `text`, "Article 8"); a
 * party named by reference (the file wrote its name).
 */
export type DraftInline =
  | (InlineBase & { kind: 'text'; text: string })
  | (InlineBase & { kind: 'clause-ref'; clause: number; text: string })
  | (InlineBase & { kind: 'party-ref'; party: string; form: PartyForm; text: string })

/**
 * A tracked change of the file: an insertion or a deletion by `author`.
 * Changes that follow one another in a block with the same `proposal` are
 * one proposal: its deleted words and its inserted ones become the
 * alternatives of one bracket ("[shall] / [will]").
 */
export interface DraftChange {
  kind: 'insertion' | 'deletion'
  author: string
  /** When, as the file dates it (xsd:dateTime), or null. */
  date: string | null
  /** The proposal it belongs to (a number unique within the draft). */
  proposal: number
}

/** A comment of the file: opened where its range is, its replies after it. */
export interface DraftComment {
  id: string
  author: string
  date: string | null
  /** Its words, paragraphs separated by "\n". */
  text: string
  /** The comment it answers (Word's reply threads), or null. */
  replyTo: string | null
}

/** No marks. */
export const plainMarks: DraftMarks = Object.freeze({ strong: false, em: false, underline: false })

/** A draft block of `inlines` from `sources`. */
export const draftBlock = (inlines: DraftInline[], sources: number[] = [], written: string | null = null): DraftBlock => ({ inlines, sources, written })

/** Words with no marks, change or comment. */
export const plainText = (text: string): DraftInline => ({ kind: 'text', text, marks: plainMarks, change: null, comments: [] })

/** The words of `block` as the file wrote them (references and party names as written), changes included. */
export function blockText(block: Pick<DraftBlock, 'inlines'>): string {
  return block.inlines.map((inline) => inline.text).join('')
}

/** The blocks of `text`, in order: title, recitals, closing formula, each clause's heading and body, final provisions. */
export function textBlocks(text: DraftText): DraftBlock[] {
  return [
    text.title,
    ...text.recitals,
    ...(text.closingFormula ? [text.closingFormula] : []),
    ...text.clauses.flatMap((clause) => [clause.heading, ...clause.body.flatMap((entry) => (entry.kind === 'numbered' ? [entry.block, ...entry.subs] : [entry.block]))]),
    ...text.finalProvisions,
  ]
}

/** A span of a block's words (offsets into `blockText`), and the inline to put in its place. */
export interface InlineSpan {
  start: number
  end: number
  make: (words: DraftInline & { kind: 'text' }) => DraftInline
}

/**
 * `inlines` with each of `spans` (in order, none overlapping) replaced by
 * what its `make` gives for the words it covers, when those are plain
 * words of no tracked change under one set of comments (a reference is an
 * atom: it takes no bracket); a span that is not stays words. One pass,
 * whatever the number of spans.
 */
export function withSpans(inlines: readonly DraftInline[], spans: readonly InlineSpan[]): DraftInline[] {
  if (spans.length === 0) return [...inlines]
  // The inlines cut at every span's edges.
  const edges = spans.flatMap((span) => [span.start, span.end])
  const pieces: { inline: DraftInline; from: number; to: number }[] = []
  let at = 0
  let edge = 0
  for (const inline of inlines) {
    const end = at + inline.text.length
    let from = at
    while (edge < edges.length && edges[edge]! <= from) edge++
    while (inline.kind === 'text' && edge < edges.length && edges[edge]! < end) {
      pieces.push({ inline: { ...inline, text: inline.text.slice(from - at, edges[edge]! - at) }, from, to: edges[edge]! })
      from = edges[edge++]!
    }
    pieces.push({ inline: from === at ? inline : { ...inline, text: inline.text.slice(from - at) }, from, to: end })
    at = end
  }
  const result: DraftInline[] = []
  let next = 0
  for (let index = 0; index < pieces.length; ) {
    while (next < spans.length && spans[next]!.end <= pieces[index]!.from) next++
    const span = spans[next]
    if (span === undefined || pieces[index]!.from < span.start || pieces[index]!.from >= span.end) {
      result.push(pieces[index++]!.inline)
      continue
    }
    const covered: DraftInline[] = []
    const start = pieces[index]!.from
    let end = start
    while (index < pieces.length && pieces[index]!.to <= span.end) {
      end = pieces[index]!.to
      covered.push(pieces[index++]!.inline)
    }
    const first = covered[0]
    const whole = start === span.start && end === span.end
    const plain = whole && first !== undefined && first.kind === 'text' && covered.every((inline) => inline.kind === 'text' && inline.change === null && sameComments(inline.comments, first.comments))
    if (plain) result.push(span.make({ ...first, text: covered.map((inline) => inline.text).join('') }))
    else result.push(...covered)
    next++
  }
  return result
}

const sameComments = (a: readonly string[], b: readonly string[]) => a === b || (a.length === b.length && a.every((id, index) => id === b[index]))
