/**
 * Comparing two states of a document, clause by clause and word by word.
 *
 * Clauses are aligned by their stable ids, so a clause that moved is
 * reported as moved (with its old and new number), not as one removed and
 * one added. Within a clause, when both sides share Yjs items the diff
 * follows them exactly: a character is kept, inserted or deleted as its
 * item was, so each inserted run is attributed to whoever typed it and
 * each deleted run to whoever deleted it. When the sides share no items
 * (a clause moved or restored is re-created as new items), the text is
 * compared word by word instead (Intl word segmentation, so Thai and Khmer,
 * written without spaces, split into words too).
 *
 * Every step is linear or n·log n in the size of the texts, except the word
 * diff (Myers, O(N·D) in the number of edits D): it is capped per clause and
 * per comparison (`WordDiffLimits`), and a text past the cap is shown
 * replaced — its old text deleted whole and its new text inserted whole,
 * each still attributed to whoever deleted or typed it.
 */

import { diffArrays } from 'diff'
import { clauseLabelIn } from '../vocabulary/numbering.js'
import { generated, type ClauseText, type DocumentText, type TextBlock } from './provenance.js'
import type { InstrumentStyle } from '../vocabulary/document.js'
import type { Author, ClauseChange, ClauseComparison, ClauseSide, Comparison, DiffRun, PartComparison } from '../vocabulary/views.js'

/** The author of changes that are only numbering: a reference's number, a paragraph separator. */
export const numberingAuthor: Author = { memberId: null, name: 'Counterpart (numbering)', party: null }

/** What the log knows about who typed and who deleted each Yjs item. */
export interface Authorship {
  insertedBy(client: number): Author | null
  deletedBy(client: number, clock: number): Author | null
}

/**
 * How much word diffing one comparison may do. Myers's diff of T tokens
 * that differ by D insertions and deletions takes about D × (D + T / 100)
 * steps (D² on the diagonals, plus the common runs along them); a step is
 * some 50 ns on a slow core.
 */
export interface WordDiffLimits {
  /** Most tokens one text's diff may insert and delete; past it, the text is shown replaced. */
  maxEditLength: number
  /** Most steps all the word diffs of one comparison may take together; past it, texts that differ are shown replaced. */
  maxSteps: number
}

/**
 * Room for hundreds of re-created clauses with ordinary edits in one
 * comparison, while none holds the event loop long (what the bounds cost
 * is measured by `npm run bench -- hostile`; see docs/benchmarks.md).
 */
export const defaultWordDiffLimits: WordDiffLimits = { maxEditLength: 300, maxSteps: 500_000 }

/** Compares `from` with `to` (both read by `readDocumentText`), word diffs bounded by `limits`. */
export function compareDocuments(
  from: DocumentText,
  to: DocumentText,
  style: InstrumentStyle,
  authorship: Authorship,
  limits: WordDiffLimits = defaultWordDiffLimits,
  lang = 'en',
): Comparison {
  const budget: WordDiffBudget = { steps: limits.maxSteps, maxEditLength: limits.maxEditLength }
  const side = (clause: ClauseText, index: number): ClauseSide => ({
    number: index + 1,
    label: clauseLabelIn(index + 1, style, lang),
    heading: clause.blocks[0]?.kind === 'heading' ? clause.blocks[0].text : '',
  })
  const key = (clause: ClauseText, index: number, prefix: string) => clause.id ?? `${prefix}${index}`
  const fromKeys = from.clauses.map((clause, index) => key(clause, index, '#from'))
  const toKeys = to.clauses.map((clause, index) => key(clause, index, '#to'))
  const fromIndex = new Map(fromKeys.map((id, index) => [id, index]))
  const toIndex = new Map(toKeys.map((id, index) => [id, index]))
  const inOrder = longestCommonSubsequence(
    fromKeys.filter((id) => toIndex.has(id)),
    toKeys.filter((id) => fromIndex.has(id)),
  )

  const compareClause = (before: ClauseText | null, beforeIndex: number, after: ClauseText | null, afterIndex: number): ClauseComparison => {
    const fromSide = before ? side(before, beforeIndex) : null
    const toSide = after ? side(after, afterIndex) : null
    const id = (after ?? before)!.id
    if (!before || !after) {
      const only = (before ?? after)!
      return {
        id,
        change: before ? 'removed' : 'added',
        moved: false,
        renumbered: false,
        modified: true,
        from: fromSide,
        to: toSide,
        structure: null,
        diff: wholeText(only.blocks, before ? 'delete' : 'insert', authorship),
      }
    }
    const diff = diffBlocks(before.blocks, after.blocks, authorship, budget)
    const kindsBefore = before.blocks.map((block) => block.kind)
    const kindsAfter = after.blocks.map((block) => block.kind)
    const structureChanged = kindsBefore.join() !== kindsAfter.join()
    const modified = diff !== null || structureChanged
    const moved = !inOrder.has(key(after, afterIndex, '#to'))
    const renumbered = fromSide!.number !== toSide!.number
    return {
      id,
      change: moved ? 'moved' : modified ? 'modified' : renumbered ? 'renumbered' : 'unchanged',
      moved,
      renumbered,
      modified,
      from: fromSide,
      to: toSide,
      structure: structureChanged ? { from: kindsBefore, to: kindsAfter } : null,
      diff,
    }
  }

  const clauses: ClauseComparison[] = []
  // Clauses in their new order; a removed clause stands after the clause that preceded it before.
  const removedAfter = new Map<string | null, number[]>()
  let previous: string | null = null
  fromKeys.forEach((fromKey, index) => {
    if (toIndex.has(fromKey)) {
      previous = fromKey
      return
    }
    const list = removedAfter.get(previous)
    if (list) list.push(index)
    else removedAfter.set(previous, [index])
  })
  const pushRemoved = (after: string | null) => {
    for (const index of removedAfter.get(after) ?? []) clauses.push(compareClause(from.clauses[index]!, index, null, -1))
  }
  pushRemoved(null)
  to.clauses.forEach((clause, index) => {
    const before = fromIndex.get(toKeys[index]!)
    clauses.push(compareClause(before === undefined ? null : from.clauses[before]!, before ?? -1, clause, index))
    pushRemoved(toKeys[index]!)
  })

  const parts: PartComparison[] = (
    [
      ['title', from.title, to.title],
      ['preamble', from.preamble, to.preamble],
      ['final_provisions', from.finalProvisions, to.finalProvisions],
    ] as const
  ).map(([part, before, after]) => {
    const diff = diffBlocks(before, after, authorship, budget)
    return { part, modified: diff !== null, diff }
  })

  const summary: Record<ClauseChange, number> = { added: 0, removed: 0, moved: 0, modified: 0, renumbered: 0, unchanged: 0 }
  for (const clause of clauses) summary[clause.change]++
  return { clauses, parts, summary }
}

/** One text for a list of blocks, blocks separated by a generated newline (sharing the arrays of a lone block: treat it as read-only). */
export function joinBlocks(blocks: readonly TextBlock[]): TextBlock {
  if (blocks.length === 1) return { kind: 'paragraph', text: blocks[0]!.text, clients: blocks[0]!.clients, clocks: blocks[0]!.clocks }
  let length = blocks.length - 1
  for (const block of blocks) length += block.text.length
  const joined: TextBlock = { kind: 'paragraph', text: blocks.map((block) => block.text).join('\n'), clients: new Array<number>(Math.max(0, length)), clocks: new Array<number>(Math.max(0, length)) }
  // Filled in one pass: per-character pushes (or a spread of a long block into push()) are slow or overflow.
  let at = 0
  blocks.forEach((block, index) => {
    if (index > 0) {
      joined.clients[at] = generated
      joined.clocks[at++] = 0
    }
    for (let i = 0; i < block.clients.length; i++, at++) {
      joined.clients[at] = block.clients[i]!
      joined.clocks[at] = block.clocks[i]!
    }
  })
  return joined
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

/**
 * Word, space and punctuation tokens of `text` with their offsets, as
 * `Intl.Segmenter` finds them (Thai and Khmer split into words too). The
 * text is segmented in stretches that end where a boundary holds whatever
 * the context; a stretch longer than `segmentStretch` with no such place
 * is cut after its last complete segment.
 */
export function tokenizeWords(text: string): { text: string; start: number }[] {
  const tokens: { text: string; start: number }[] = []
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
    const segments = Array.from(segmenter.segment(text.slice(start, end)), (segment) => ({ text: segment.segment, start: start + segment.index }))
    // Without a safe end, the last segment may go on past the stretch: segment it again with what follows.
    if (cut && segments.length > 1) end = segments.pop()!.start
    tokens.push(...segments)
    start = end
  }
  return tokens
}

/** What the word diffs of one comparison may still spend. */
interface WordDiffBudget {
  steps: number
  readonly maxEditLength: number
}

/** The steps of a word diff of `edits` over `tokens` tokens (see `WordDiffLimits`). */
const diffSteps = (edits: number, tokens: number) => edits * (edits + tokens / 100)

/** The most edits a word diff over `tokens` tokens may reach within the budget. */
function affordableEdits(budget: WordDiffBudget, tokens: number): number {
  const perEdit = tokens / 100
  const edits = Math.floor((Math.sqrt(perEdit * perEdit + 4 * Math.max(0, budget.steps)) - perEdit) / 2)
  return Math.min(budget.maxEditLength, edits)
}

/** The diff of two block lists; null when their texts are equal. */
function diffBlocks(before: readonly TextBlock[], after: readonly TextBlock[], authorship: Authorship, budget: WordDiffBudget): DiffRun[] | null {
  const a = joinBlocks(before)
  const b = joinBlocks(after)
  if (a.text === b.text) return null
  const itemsA = new ItemSet(a)
  return sharesItems(itemsA, b) ? diffByItems(a, itemsA, b, new ItemSet(b), authorship) : diffByWords(a, b, authorship, budget)
}

/**
 * The Yjs items of a text, for membership tests by client and clock: per
 * client, the sorted ranges of clocks it holds (a typed run is one range,
 * so building and asking stay cheap for long texts).
 */
class ItemSet {
  private readonly ranges = new Map<number, { starts: number[]; ends: number[] }>()

  constructor(text: TextBlock) {
    const runs = new Map<number, [number, number][]>()
    for (let i = 0; i < text.clients.length; ) {
      const client = text.clients[i]!
      const start = text.clocks[i]!
      let end = i + 1
      while (end < text.clients.length && text.clients[end] === client && text.clocks[end] === start + (end - i)) end++
      if (client !== generated) {
        const list = runs.get(client)
        if (list) list.push([start, start + (end - i)])
        else runs.set(client, [[start, start + (end - i)]])
      }
      i = end
    }
    for (const [client, list] of runs) {
      list.sort((x, y) => x[0] - y[0])
      const merged = { starts: [] as number[], ends: [] as number[] }
      for (const [start, end] of list) {
        if (merged.ends.length > 0 && start <= merged.ends.at(-1)!) merged.ends[merged.ends.length - 1] = Math.max(merged.ends.at(-1)!, end)
        else {
          merged.starts.push(start)
          merged.ends.push(end)
        }
      }
      this.ranges.set(client, merged)
    }
  }

  /** Whether character `index` of `text` is an item of this set (generated characters never are). */
  holds(text: TextBlock, index: number): boolean {
    const client = text.clients[index]!
    const ranges = client === generated ? undefined : this.ranges.get(client)
    if (!ranges) return false
    const clock = text.clocks[index]!
    // The last range starting at or before `clock`.
    let low = 0
    let high = ranges.starts.length
    while (low < high) {
      const middle = (low + high) >> 1
      if (ranges.starts[middle]! <= clock) low = middle + 1
      else high = middle
    }
    return low > 0 && clock < ranges.ends[low - 1]!
  }
}

function sharesItems(itemsA: ItemSet, b: TextBlock): boolean {
  for (let j = 0; j < b.clients.length; j++) if (itemsA.holds(b, j)) return true
  return false
}

/**
 * The exact diff: Yjs items keep their order, so walking both texts
 * together, a character whose item is on both sides is kept, one only
 * before was deleted, one only after was inserted.
 */
function diffByItems(a: TextBlock, itemsA: ItemSet, b: TextBlock, itemsB: ItemSet, authorship: Authorship): DiffRun[] {
  const runs: DiffRun[] = []
  const lengthA = a.text.length
  const lengthB = b.text.length
  let i = 0
  let j = 0
  const isGeneratedA = (index: number) => a.clients[index] === generated
  const isGeneratedB = (index: number) => b.clients[index] === generated
  while (i < lengthA || j < lengthB) {
    if (i < lengthA && !isGeneratedA(i) && !itemsB.holds(a, i)) {
      let end = i + 1
      while (end < lengthA && !isGeneratedA(end) && !itemsB.holds(a, end)) end++
      attributeRange(runs, a, i, end, 'delete', (client, clock) => authorship.deletedBy(client, clock))
      i = end
    } else if (j < lengthB && !isGeneratedB(j) && !itemsA.holds(b, j)) {
      let end = j + 1
      while (end < lengthB && !isGeneratedB(end) && !itemsA.holds(b, end)) end++
      attributeRange(runs, b, j, end, 'insert', (client) => authorship.insertedBy(client))
      j = end
    } else if (i < lengthA && j < lengthB && isGeneratedA(i) === isGeneratedB(j) && (!isGeneratedA(i) || a.text[i] === b.text[j])) {
      // The same item on both sides (or the same separator): take the whole stretch at once.
      let length = 1
      while (
        i + length < lengthA &&
        j + length < lengthB &&
        isGeneratedA(i + length) === isGeneratedB(j + length) &&
        (isGeneratedA(i + length) ? a.text[i + length] === b.text[j + length] : a.clients[i + length] === b.clients[j + length] && a.clocks[i + length] === b.clocks[j + length])
      ) {
        length++
      }
      push(runs, { op: 'equal', text: a.text.slice(i, i + length) })
      i += length
      j += length
    } else if (i < lengthA && (isGeneratedA(i) || j >= lengthB)) {
      // A separator or reference number the other side does not have.
      push(runs, { op: 'delete', text: a.text[i]!, author: numberingAuthor })
      i++
    } else {
      push(runs, { op: 'insert', text: b.text[j]!, author: numberingAuthor })
      j++
    }
  }
  return runs
}

/**
 * The word diff, for texts that share no items. Past the budget's caps, the
 * text is shown replaced: the tokens both sides begin and end with kept,
 * everything between deleted, then inserted.
 */
function diffByWords(a: TextBlock, b: TextBlock, authorship: Authorship, budget: WordDiffBudget): DiffRun[] {
  const tokensA = tokenizeWords(a.text)
  const tokensB = tokenizeWords(b.text)
  const runs: DiffRun[] = []
  let indexA = 0
  let indexB = 0
  const span = (tokens: { text: string; start: number }[], from: number, count: number): [number, number] => {
    const first = tokens[from]!
    const last = tokens[from + count - 1]!
    return [first.start, last.start + last.text.length]
  }
  const tokens = tokensA.length + tokensB.length
  const maxEditLength = affordableEdits(budget, tokens)
  const changes = diffArrays(
    tokensA.map((token) => token.text),
    tokensB.map((token) => token.text),
    { maxEditLength },
  )
  let edits = maxEditLength
  if (changes) edits = changes.reduce((sum, change) => sum + (change.added || change.removed ? (change.count ?? change.value.length) : 0), 0)
  budget.steps -= diffSteps(edits, tokens)
  if (!changes) return replaced(a, tokensA, b, tokensB, authorship)
  for (const change of changes) {
    const count = change.count ?? change.value.length
    if (change.added) {
      const [start, end] = span(tokensB, indexB, count)
      attributeRange(runs, b, start, end, 'insert', (client) => authorship.insertedBy(client))
      indexB += count
    } else if (change.removed) {
      const [start, end] = span(tokensA, indexA, count)
      attributeRange(runs, a, start, end, 'delete', (client, clock) => authorship.deletedBy(client, clock))
      indexA += count
    } else {
      push(runs, { op: 'equal', text: change.value.join('') })
      indexA += count
      indexB += count
    }
  }
  return runs
}

/** `a` replaced by `b`: the tokens they begin and end with kept, the rest of `a` deleted, then the rest of `b` inserted. */
function replaced(a: TextBlock, tokensA: readonly { text: string }[], b: TextBlock, tokensB: readonly { text: string }[], authorship: Authorship): DiffRun[] {
  let head = 0
  let headLength = 0
  while (head < tokensA.length && head < tokensB.length && tokensA[head]!.text === tokensB[head]!.text) headLength += tokensA[head++]!.text.length
  let tail = 0
  let tailLength = 0
  while (
    tail < tokensA.length - head &&
    tail < tokensB.length - head &&
    tokensA[tokensA.length - 1 - tail]!.text === tokensB[tokensB.length - 1 - tail]!.text
  ) {
    tailLength += tokensA[tokensA.length - 1 - tail++]!.text.length
  }
  const runs: DiffRun[] = []
  push(runs, { op: 'equal', text: a.text.slice(0, headLength) })
  attributeRange(runs, a, headLength, a.text.length - tailLength, 'delete', (client, clock) => authorship.deletedBy(client, clock))
  attributeRange(runs, b, headLength, b.text.length - tailLength, 'insert', (client) => authorship.insertedBy(client))
  push(runs, { op: 'equal', text: a.text.slice(a.text.length - tailLength) })
  return runs
}

/** The whole text of `blocks` as insert or delete runs (an added or removed clause). */
function wholeText(blocks: readonly TextBlock[], op: 'insert' | 'delete', authorship: Authorship): DiffRun[] {
  const text = joinBlocks(blocks)
  const runs: DiffRun[] = []
  const who = op === 'insert' ? (client: number) => authorship.insertedBy(client) : (client: number, clock: number) => authorship.deletedBy(client, clock)
  attributeRange(runs, text, 0, text.text.length, op, who)
  return runs
}

/** Adds runs for characters [start, end) of `text`, split where the author changes. */
function attributeRange(
  runs: DiffRun[],
  text: TextBlock,
  start: number,
  end: number,
  op: 'insert' | 'delete',
  authorOf: (client: number, clock: number) => Author | null,
): void {
  for (const span of splitByAuthor(text, start, end, authorOf)) push(runs, { op, ...span })
}

/**
 * Characters [start, end) of `text` as consecutive spans of one author
 * each. Generated characters (separators, reference labels) go with the
 * span they stand in.
 */
export function splitByAuthor(
  text: TextBlock,
  start: number,
  end: number,
  authorOf: (client: number, clock: number) => Author | null,
): { text: string; author: Author | null }[] {
  const spans: { text: string; author: Author | null }[] = []
  let current: Author | null | undefined
  let from = start
  for (let i = start; i < end; i++) {
    const client = text.clients[i]!
    if (client === generated) continue
    const author = authorOf(client, text.clocks[i]!)
    if (current === undefined) current = author
    else if (!sameAuthor(current, author)) {
      spans.push({ text: text.text.slice(from, i), author: current })
      current = author
      from = i
    }
  }
  // A span of generated characters only (a reference's number, a separator) is the numbering's.
  if (end > from) spans.push({ text: text.text.slice(from, end), author: current === undefined ? numberingAuthor : current })
  return spans
}

function push(runs: DiffRun[], run: DiffRun): void {
  if (run.text === '') return
  const last = runs.at(-1)
  if (last && last.op === run.op && (run.op === 'equal' || sameAuthor(last.author ?? null, run.author ?? null))) last.text += run.text
  else runs.push(run)
}

function sameAuthor(a: Author | null, b: Author | null): boolean {
  return a === b || (a !== null && b !== null && a.memberId === b.memberId && a.name === b.name)
}

/**
 * The elements of the longest common subsequence of two sequences of the
 * same distinct keys, in O(n·log n): `b`'s positions taken in `a`'s order,
 * whose longest increasing run it is. Where several are longest, it is the
 * one a dynamic-programming table walked from the start would give, taking
 * equal keys and otherwise skipping `a`'s key first: at each length, the
 * latest of `a`'s keys that can still begin a run that long.
 */
function longestCommonSubsequence(a: readonly string[], b: readonly string[]): Set<string> {
  const positionInB = new Map(b.map((key, index) => [key, index]))
  const positions = a.map((key) => positionInB.get(key)!)
  // runFrom[i]: the longest increasing run that begins at positions[i], found from the right.
  // starts[length - 1]: the largest position that begins a run of that length so far (decreasing in length).
  const runFrom = new Array<number>(positions.length)
  const starts: number[] = []
  for (let i = positions.length - 1; i >= 0; i--) {
    const position = positions[i]!
    let low = 0
    let high = starts.length
    while (low < high) {
      const middle = (low + high) >> 1
      if (starts[middle]! > position) low = middle + 1
      else high = middle
    }
    runFrom[i] = low + 1
    if (low === starts.length) starts.push(position)
    else starts[low] = Math.max(starts[low]!, position)
  }
  // By run length, the indices into `a` in order; their positions decrease along each list.
  const byLength: number[][] = starts.map(() => [])
  runFrom.forEach((length, index) => byLength[length - 1]!.push(index))
  const common = new Set<string>()
  let after = -1
  for (let length = starts.length; length >= 1; length--) {
    const candidates = byLength[length - 1]!
    // The last candidate whose position is still past the one taken.
    let low = 0
    let high = candidates.length
    while (low < high) {
      const middle = (low + high) >> 1
      if (positions[candidates[middle]!]! > after) low = middle + 1
      else high = middle
    }
    const index = candidates[low - 1]!
    common.add(a[index]!)
    after = positions[index]!
  }
  return common
}
