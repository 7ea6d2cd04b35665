/**
 * Words, and diff runs that never split one. `tokenizeWords` cuts a text
 * into word, space and punctuation tokens as `Intl.Segmenter` finds them
 * (so Thai and Khmer, written without spaces between words, split into
 * words too). `snapToWords` takes a character diff — the exact one that
 * follows shared Yjs items — and widens every change to whole words: a
 * word partly changed is shown deleted whole and inserted whole, each
 * character still credited to whoever deleted or typed it (and the kept
 * characters of such a word to whoever changed it), and where a change
 * deletes and inserts the same words they are shown kept.
 */

import { diffArrays } from 'diff'
import type { Author, DiffRun } from '../vocabulary/views.js'

/** Who made a change and when (ISO 8601, to the minute); null where the log does not know. */
export interface Origin {
  author: Author | null
  at: string | null
}

/**
 * What the word diffs of one comparison may still spend: Myers's diff of T
 * tokens that differ by D insertions and deletions takes about
 * D × (D + T / 100) steps (see `WordDiffLimits` in `comparison.ts`).
 */
export interface WordDiffBudget {
  steps: number
  readonly maxEditLength: number
}

/** The steps of a word diff of `edits` over `tokens` tokens. */
export const diffSteps = (edits: number, tokens: number): number => edits * (edits + tokens / 100)

/** The most edits a word diff over `tokens` tokens may reach within the budget. */
export function affordableEdits(budget: WordDiffBudget, tokens: number): number {
  const perEdit = tokens / 100
  const edits = Math.floor((Math.sqrt(perEdit * perEdit + 4 * Math.max(0, budget.steps)) - perEdit) / 2)
  return Math.min(budget.maxEditLength, edits)
}

/**
 * The diff of two token lists within `budget` (which it charges), as
 * jsdiff's changes; undefined when it would cost more than the budget
 * allows.
 */
export function diffTokens(a: readonly string[], b: readonly string[], budget: WordDiffBudget): ReturnType<typeof diffArrays<string>> | undefined {
  const tokens = a.length + b.length
  const maxEditLength = affordableEdits(budget, tokens)
  const changes = diffArrays(a as string[], b as string[], { maxEditLength })
  let edits = maxEditLength
  if (changes) edits = changes.reduce((sum, change) => sum + (change.added || change.removed ? (change.count ?? change.value.length) : 0), 0)
  budget.steps -= diffSteps(edits, tokens)
  return changes ?? undefined
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' })

/**
 * The longest stretch of text handed to the segmenter at once. Node 20's
 * segmenter copies its whole input into every segment it returns, so one
 * call over a long text is quadratic; stretches keep it linear.
 */
const segmentStretch = 256

/** Whether a word boundary before `text[index]` holds whatever follows or precedes: after a line break, or between a space and a letter or digit. */
function isStretchEnd(text: string, index: number): boolean {
  const before = text.charCodeAt(index - 1)
  return before === 0x0a || (before === 0x20 && /^[\p{L}\p{N}]/u.test(text.slice(index, index + 2)))
}

/** A token of a text and where it starts. */
export interface Token {
  text: string
  start: number
}

/**
 * Word, space and punctuation tokens of `text` with their offsets, as
 * `Intl.Segmenter` finds them (Thai and Khmer split into words too). The
 * text is segmented in stretches that end where a boundary holds whatever
 * the context; a stretch longer than `segmentStretch` with no such place
 * is cut after its last complete segment.
 */
export function tokenizeWords(text: string): Token[] {
  return segmentWords(text).map(({ text, start }) => ({ text, start }))
}

/** `tokenizeWords`, each token saying whether it is a word (not spaces or punctuation). */
function segmentWords(text: string): (Token & { isWord: boolean })[] {
  const tokens: (Token & { isWord: boolean })[] = []
  let start = 0
  while (start < text.length) {
    let end = Math.min(text.length, start + segmentStretch)
    let cut = end < text.length
    for (let index = end; cut && index > start; index--) {
      if (isStretchEnd(text, index)) {
        end = index
        cut = false
      }
    }
    const segments = Array.from(segmenter.segment(text.slice(start, end)), (segment) => ({ text: segment.segment, start: start + segment.index, isWord: segment.isWordLike === true }))
    // Without a safe end, the last segment may go on past the stretch: segment it again with what follows.
    if (cut && segments.length > 1) end = segments.pop()!.start
    for (const segment of segments) tokens.push(segment)
    start = end
  }
  return tokens
}

/** Whether two runs have the same author and date, so that they read as one change. */
export function sameOrigin(a: Origin, b: Origin): boolean {
  const sameAuthor = a.author === b.author || (a.author !== null && b.author !== null && a.author.memberId === b.author.memberId && a.author.name === b.author.name)
  return sameAuthor && a.at === b.at
}

/** Appends `run` to `runs`, joining it to the last run when it is the same change (empty runs are dropped). */
export function appendRun(runs: DiffRun[], run: DiffRun): void {
  if (run.text === '') return
  const last = runs.at(-1)
  if (last && last.op === run.op && (run.op === 'equal' || sameOrigin(originOf(last), originOf(run)))) last.text += run.text
  else runs.push(run)
}

/** The origin of a change run. */
export const originOf = (run: DiffRun): Origin => ({ author: run.author ?? null, at: run.at ?? null })

/** A run of `op` with `origin` (insert and delete runs only carry one). */
function changeRun(op: 'insert' | 'delete', text: string, origin: Origin): DiffRun {
  return origin.at === null ? { op, text, author: origin.author } : { op, text, author: origin.author, at: origin.at }
}

/** A text, its tokens, and where a change may begin or end in it: 1 at every place that is not inside a word (between spaces and punctuation too). */
interface Segmented {
  text: string
  tokens: Token[]
  places: Uint8Array
}

function segmented(text: string): Segmented {
  const tokens = segmentWords(text)
  const places = new Uint8Array(text.length + 1).fill(1)
  for (const token of tokens) if (token.isWord) places.fill(0, token.start + 1, token.start + token.text.length)
  return { text, tokens, places }
}

/** The texts of the tokens of `side` within [start, end), those at the ends cut to it (never a word: the ends are not inside one). */
function tokensWithin(side: Segmented, start: number, end: number): string[] {
  let low = 0
  let high = side.tokens.length
  while (low < high) {
    const middle = (low + high) >> 1
    const token = side.tokens[middle]!
    if (token.start + token.text.length <= start) low = middle + 1
    else high = middle
  }
  const texts: string[] = []
  for (let index = low; index < side.tokens.length && side.tokens[index]!.start < end; index++) {
    const token = side.tokens[index]!
    texts.push(side.text.slice(Math.max(start, token.start), Math.min(end, token.start + token.text.length)))
  }
  return texts
}

/**
 * `runs` with every change covering whole words (see the module comment).
 * The runs are cut where neither text is inside a word; a stretch between
 * two cuts that is only kept, or only deleted or only inserted, stays as
 * it is; any other is diffed again word by word (within `budget`; past it,
 * its old words are shown deleted and its new words inserted).
 */
export function snapToWords(runs: readonly DiffRun[], budget: WordDiffBudget): DiffRun[] {
  const from = runs.filter((run) => run.op !== 'insert').map((run) => run.text).join('')
  const to = runs.filter((run) => run.op !== 'delete').map((run) => run.text).join('')
  const sideFrom = segmented(from)
  const sideTo = segmented(to)
  const startsFrom = sideFrom.places
  const startsTo = sideTo.places
  const snapped: DiffRun[] = []
  let pending: DiffRun[] = []
  let stretchFrom = 0
  let stretchTo = 0
  let atFrom = 0
  let atTo = 0
  const cut = () => {
    emitStretch(snapped, pending, tokensWithin(sideFrom, stretchFrom, atFrom), tokensWithin(sideTo, stretchTo, atTo), budget)
    pending = []
    stretchFrom = atFrom
    stretchTo = atTo
  }
  for (const run of runs) {
    const length = run.text.length
    if (run.op === 'equal') {
      // Cuts only where text is kept: a deletion and an insertion side by side are one change.
      if (pending.length > 0 && startsFrom[atFrom] === 1 && startsTo[atTo] === 1) cut()
      let kept = 0
      for (let offset = 1; offset <= length; offset++) {
        if (startsFrom[atFrom + offset] === 1 && startsTo[atTo + offset] === 1) {
          pending.push({ op: 'equal', text: run.text.slice(kept, offset) })
          const [baseFrom, baseTo] = [atFrom, atTo]
          atFrom = baseFrom + offset
          atTo = baseTo + offset
          cut()
          atFrom = baseFrom
          atTo = baseTo
          kept = offset
        }
      }
      if (kept < length) pending.push({ op: 'equal', text: run.text.slice(kept) })
      atFrom += length
      atTo += length
      continue
    }
    pending.push(run)
    if (run.op === 'delete') atFrom += length
    else atTo += length
  }
  if (pending.length > 0) cut()
  return snapped
}

/** Appends the runs of one stretch between two cuts, whose old and new texts are the tokens `from` and `to`. */
function emitStretch(out: DiffRun[], pieces: readonly DiffRun[], from: readonly string[], to: readonly string[], budget: WordDiffBudget): void {
  const deletes = pieces.filter((piece) => piece.op === 'delete')
  const inserts = pieces.filter((piece) => piece.op === 'insert')
  const kept = pieces.some((piece) => piece.op === 'equal')
  // Only kept, or whole words only deleted or only inserted: as it is.
  const unchanged = deletes.length === 0 && inserts.length === 0
  if (unchanged || (!kept && (deletes.length === 0 || inserts.length === 0))) {
    for (const piece of pieces) appendRun(out, { ...piece })
    return
  }
  // Kept characters of a word that changed: credited to whoever changed it.
  const deletion = originOf(deletes[0] ?? inserts[0]!)
  const insertion = originOf(inserts[0] ?? deletes[0]!)
  const fromSpans = pieces.filter((piece) => piece.op !== 'insert').map((piece) => ({ text: piece.text, origin: piece.op === 'equal' ? deletion : originOf(piece) }))
  const toSpans = pieces.filter((piece) => piece.op !== 'delete').map((piece) => ({ text: piece.text, origin: piece.op === 'equal' ? insertion : originOf(piece) }))
  const changes = diffTokens(from, to, budget)
  const fromCursor = new SpanCursor(fromSpans)
  const toCursor = new SpanCursor(toSpans)
  if (!changes) {
    fromCursor.take(Infinity, (text, origin) => appendRun(out, changeRun('delete', text, origin)))
    toCursor.take(Infinity, (text, origin) => appendRun(out, changeRun('insert', text, origin)))
    return
  }
  // Spaces or punctuation kept between two changes are part of the change ("its own" → "the" reads as one), and
  // each change shows what it deletes, then what it inserts.
  const parts = changes.map((change) => ({ kind: change.added ? 'added' : change.removed ? 'removed' : 'equal', text: change.value.join('') }))
  const absorbed = (index: number) => index > 0 && index < parts.length - 1 && !/[\p{L}\p{N}]/u.test(parts[index]!.text)
  for (let index = 0; index < parts.length; ) {
    if (parts[index]!.kind === 'equal' && !absorbed(index)) {
      const { text } = parts[index++]!
      appendRun(out, { op: 'equal', text })
      fromCursor.take(text.length, () => {})
      toCursor.take(text.length, () => {})
      continue
    }
    let removed = 0
    let added = 0
    for (; index < parts.length && (parts[index]!.kind !== 'equal' || absorbed(index)); index++) {
      const { kind, text } = parts[index]!
      if (kind !== 'added') removed += text.length
      if (kind !== 'removed') added += text.length
    }
    fromCursor.take(removed, (text, origin) => appendRun(out, changeRun('delete', text, origin)))
    toCursor.take(added, (text, origin) => appendRun(out, changeRun('insert', text, origin)))
  }
}

/** Walks spans of text, each with its origin, handing out the next characters span by span. */
class SpanCursor {
  private index = 0
  private offset = 0

  constructor(private readonly spans: readonly { text: string; origin: Origin }[]) {}

  /** Hands the next `length` characters to `use`, a piece of one span at a time. */
  take(length: number, use: (text: string, origin: Origin) => void): void {
    let left = length
    while (left > 0 && this.index < this.spans.length) {
      const span = this.spans[this.index]!
      const piece = span.text.slice(this.offset, this.offset + left)
      use(piece, span.origin)
      left -= piece.length
      this.offset += piece.length
      if (this.offset >= span.text.length) {
        this.index++
        this.offset = 0
      }
    }
  }
}
