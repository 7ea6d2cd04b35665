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
 * written without spaces, split into words too). Either way a change
 * covers whole words (`wordRuns.ts`): a word partly changed is shown
 * deleted whole and inserted whole. Each change carries when it was made,
 * as the log dates the updates that made it.
 *
 * Every step is linear or n·log n in the size of the texts, except the word
 * diff (Myers, O(N·D) in the number of edits D): it is capped per clause and
 * per comparison (`WordDiffLimits`), and a text past the cap is shown
 * replaced — its old text deleted whole and its new text inserted whole,
 * each still attributed to whoever deleted or typed it.
 */

import { clauseLabelIn } from '../vocabulary/numbering.js'
import { paragraphNumbers } from '../vocabulary/paragraphNumbers.js'
import { generated, isJoint, itemClock, jointClock, type ClauseText, type DocumentText, type TextBlock } from './provenance.js'
import { appendRun as push, diffTokens, sameOrigin, snapToWords, tokenizeWords, type Origin, type WordDiffBudget } from './wordRuns.js'
import type { InstrumentStyle } from '../vocabulary/document.js'
import type { Author, ClauseChange, ClauseComparison, ClauseSide, Comparison, DiffRun, PartComparison } from '../vocabulary/views.js'

/** The author of changes that are only numbering: a reference's number, a paragraph separator. */
export const numberingAuthor: Author = { memberId: null, name: 'Counterpart (numbering)', party: null }

export { tokenizeWords } from './wordRuns.js'
export type { Origin } from './wordRuns.js'

/**
 * What the log knows about who typed and who deleted each Yjs item, and
 * when (ISO 8601, to the minute: the time of the stored update that
 * inserted or deleted it; null or absent where the log does not say).
 */
export interface Authorship {
  insertedBy(client: number): Author | null
  deletedBy(client: number, clock: number): Author | null
  insertedAt?(client: number, clock: number): string | null
  deletedAt?(client: number, clock: number): string | null
}

/** Who typed a character and when, from its client and clock (a bracket character's: its format item's). */
export function insertionOf(authorship: Authorship): (client: number, clock: number) => Origin {
  return (client, clock) => {
    const item = itemClock(clock)
    return { author: authorship.insertedBy(client), at: authorship.insertedAt?.(client, item) ?? null }
  }
}

/** Who deleted a character and when, from its client and clock (a bracket character's: its format item's). */
export function deletionOf(authorship: Authorship): (client: number, clock: number) => Origin {
  return (client, clock) => {
    const item = itemClock(clock)
    return { author: authorship.deletedBy(client, item), at: authorship.deletedAt?.(client, item) ?? null }
  }
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
    paragraphs: paragraphNumbers(index + 1, clause.blocks, lang),
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

/** The text `joinBlocks` gives `blocks`, without their items. */
const joinedText = (blocks: readonly TextBlock[]): string => (blocks.length === 1 ? blocks[0]!.text : blocks.map((block) => block.text).join('\n'))

/**
 * One text for a list of blocks, blocks separated by a newline — the joint
 * of the element of the block it begins (see `jointClock`), or generated
 * for a block read without one (sharing the arrays of a lone block: treat
 * it as read-only).
 */
export function joinBlocks(blocks: readonly TextBlock[]): TextBlock {
  if (blocks.length === 1) return { kind: 'paragraph', text: blocks[0]!.text, clients: blocks[0]!.clients, clocks: blocks[0]!.clocks }
  let length = blocks.length - 1
  for (const block of blocks) length += block.text.length
  const joined: TextBlock = { kind: 'paragraph', text: joinedText(blocks), clients: new Array<number>(Math.max(0, length)), clocks: new Array<number>(Math.max(0, length)) }
  // Filled in one pass: per-character pushes (or a spread of a long block into push()) are slow or overflow.
  let at = 0
  blocks.forEach((block, index) => {
    if (index > 0) {
      joined.clients[at] = block.element ? block.element.client : generated
      joined.clocks[at++] = block.element ? jointClock(block.element.clock) : 0
    }
    for (let i = 0; i < block.clients.length; i++, at++) {
      joined.clients[at] = block.clients[i]!
      joined.clocks[at] = block.clocks[i]!
    }
  })
  return joined
}

/** The diff of two block lists; null when their texts are equal. */
function diffBlocks(before: readonly TextBlock[], after: readonly TextBlock[], authorship: Authorship, budget: WordDiffBudget): DiffRun[] | null {
  // Most clauses did not change: their texts are compared before their items are joined.
  if (joinedText(before) === joinedText(after)) return null
  const a = joinBlocks(before)
  const b = joinBlocks(after)
  const itemsA = new ItemSet(a)
  // The item diff is exact to the character; its changes are widened to whole words. The word diff is by words already.
  return sharesItems(itemsA, b) ? snapToWords(diffByItems(a, itemsA, b, new ItemSet(b), authorship), budget) : diffByWords(a, b, authorship, budget)
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
 * before was deleted, one only after was inserted. Bracket characters name
 * their run's format item, so a bracket that stays is kept; one whose
 * closing moved (text typed after it, inside or out) is shown deleted
 * where it was and inserted where it is.
 */
function diffByItems(a: TextBlock, itemsA: ItemSet, b: TextBlock, itemsB: ItemSet, authorship: Authorship): DiffRun[] {
  const runs: DiffRun[] = []
  const lengthA = a.text.length
  const lengthB = b.text.length
  let i = 0
  let j = 0
  const isGeneratedA = (index: number) => a.clients[index] === generated
  const isGeneratedB = (index: number) => b.clients[index] === generated
  // The same character on both sides: the same item (and, for bracket characters, which share theirs, the same text), or the same separator.
  const same = (i: number, j: number) =>
    isGeneratedA(i) === isGeneratedB(j) && a.text[i] === b.text[j] && (isGeneratedA(i) || (a.clients[i] === b.clients[j] && a.clocks[i] === b.clocks[j]))
  const deleted = deletionOf(authorship)
  const inserted = insertionOf(authorship)
  while (i < lengthA || j < lengthB) {
    if (i < lengthA && !isGeneratedA(i) && !itemsB.holds(a, i)) {
      let end = i + 1
      while (end < lengthA && !isGeneratedA(end) && !itemsB.holds(a, end)) end++
      attributeRange(runs, a, i, end, 'delete', deleted)
      i = end
    } else if (j < lengthB && !isGeneratedB(j) && !itemsA.holds(b, j)) {
      let end = j + 1
      while (end < lengthB && !isGeneratedB(end) && !itemsA.holds(b, end)) end++
      attributeRange(runs, b, j, end, 'insert', inserted)
      j = end
    } else if (i < lengthA && j < lengthB && same(i, j)) {
      // Take the whole stretch at once.
      let length = 1
      while (i + length < lengthA && j + length < lengthB && same(i + length, j + length)) length++
      push(runs, { op: 'equal', text: a.text.slice(i, i + length) })
      i += length
      j += length
    } else if (i < lengthA && (isGeneratedA(i) || isJoint(a.clocks[i]!) || j >= lengthB)) {
      // A separator, reference number or bracket the other side does not have here.
      if (isGeneratedA(i)) push(runs, { op: 'delete', text: a.text[i]!, author: numberingAuthor })
      else attributeRange(runs, a, i, i + 1, 'delete', deleted)
      i++
    } else {
      if (isGeneratedB(j)) push(runs, { op: 'insert', text: b.text[j]!, author: numberingAuthor })
      else attributeRange(runs, b, j, j + 1, 'insert', inserted)
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
  const changes = diffTokens(
    tokensA.map((token) => token.text),
    tokensB.map((token) => token.text),
    budget,
  )
  if (!changes) return replaced(a, tokensA, b, tokensB, authorship)
  for (const change of changes) {
    const count = change.count ?? change.value.length
    if (change.added) {
      const [start, end] = span(tokensB, indexB, count)
      attributeRange(runs, b, start, end, 'insert', insertionOf(authorship))
      indexB += count
    } else if (change.removed) {
      const [start, end] = span(tokensA, indexA, count)
      attributeRange(runs, a, start, end, 'delete', deletionOf(authorship))
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
  attributeRange(runs, a, headLength, a.text.length - tailLength, 'delete', deletionOf(authorship))
  attributeRange(runs, b, headLength, b.text.length - tailLength, 'insert', insertionOf(authorship))
  push(runs, { op: 'equal', text: a.text.slice(a.text.length - tailLength) })
  return runs
}

/** The whole text of `blocks` as insert or delete runs (an added or removed clause). */
function wholeText(blocks: readonly TextBlock[], op: 'insert' | 'delete', authorship: Authorship): DiffRun[] {
  const text = joinBlocks(blocks)
  const runs: DiffRun[] = []
  attributeRange(runs, text, 0, text.text.length, op, op === 'insert' ? insertionOf(authorship) : deletionOf(authorship))
  return runs
}

/** Adds runs for characters [start, end) of `text`, split where the author or the date changes. */
function attributeRange(runs: DiffRun[], text: TextBlock, start: number, end: number, op: 'insert' | 'delete', originOf: (client: number, clock: number) => Origin): void {
  for (const span of splitByOrigin(text, start, end, originOf)) push(runs, span.at === null ? { op, text: span.text, author: span.author } : { op, ...span })
}

/**
 * Characters [start, end) of `text` as consecutive spans of one author
 * each (`authorOf` is asked with each character's client and item clock).
 * Generated characters (separators, reference labels) go with the span
 * they stand in, and so do bracket characters nobody is credited with.
 */
export function splitByAuthor(
  text: TextBlock,
  start: number,
  end: number,
  authorOf: (client: number, clock: number) => Author | null,
): { text: string; author: Author | null }[] {
  return splitByOrigin(text, start, end, (client, clock) => ({ author: authorOf(client, itemClock(clock)), at: null })).map(({ text, author }) => ({ text, author }))
}

/** `splitByAuthor` by author and date: `originOf` is asked with each character's client and clock as they are. */
export function splitByOrigin(text: TextBlock, start: number, end: number, originOf: (client: number, clock: number) => Origin): ({ text: string } & Origin)[] {
  const spans: ({ text: string } & Origin)[] = []
  let current: Origin | undefined
  let bracketed = false
  let from = start
  for (let i = start; i < end; i++) {
    const client = text.clients[i]!
    if (client === generated) continue
    const origin = originOf(client, text.clocks[i]!)
    if (origin.author === null && isJoint(text.clocks[i]!)) {
      bracketed = true
      continue
    }
    if (current === undefined) current = origin
    else if (!sameOrigin(current, origin)) {
      spans.push({ text: text.text.slice(from, i), ...current })
      current = origin
      from = i
    }
  }
  // A span of generated characters only (a reference's number, a separator) is the numbering's; a bracket is nobody's to number.
  if (end > from) spans.push({ text: text.text.slice(from, end), ...(current ?? { author: bracketed ? null : numberingAuthor, at: null }) })
  return spans
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
