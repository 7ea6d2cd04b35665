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
 */

import { diffArrays } from 'diff'
import type { InstrumentStyle } from '../storage/documentStore.js'
import { clauseWord } from '../mou/numbering.js'
import { generated, type BlockKind, type ClauseText, type DocumentText, type TextBlock } from './provenance.js'

/** Who made a change: a member, or the server (memberId null). */
export interface Author {
  memberId: string | null
  name: string
  party: string | null
}

/** The author of changes that are only numbering: a reference's number, a paragraph separator. */
export const numberingAuthor: Author = { memberId: null, name: 'Counterpart (numbering)', party: null }

/** What the log knows about who typed and who deleted each Yjs item. */
export interface Authorship {
  insertedBy(client: number): Author | null
  deletedBy(client: number, clock: number): Author | null
}

export interface DiffRun {
  op: 'equal' | 'insert' | 'delete'
  text: string
  /** For insert and delete runs: who, when the log knows. */
  author?: Author | null
}

export type ClauseChange = 'added' | 'removed' | 'moved' | 'modified' | 'renumbered' | 'unchanged'

export interface ClauseSide {
  number: number
  label: string
  heading: string
}

export interface ClauseComparison {
  id: string | null
  /** The most telling change: added, removed, moved, modified, renumbered or unchanged (in that order). */
  change: ClauseChange
  moved: boolean
  renumbered: boolean
  modified: boolean
  from: ClauseSide | null
  to: ClauseSide | null
  /** The kinds of the clause's blocks on each side, when they differ (a paragraph split, numbered, lettered…). */
  structure: { from: BlockKind[]; to: BlockKind[] } | null
  /** Word-level diff of the clause's text (heading, then blocks, one per line); null when unchanged. */
  diff: DiffRun[] | null
}

export interface PartComparison {
  part: 'title' | 'preamble' | 'final_provisions'
  modified: boolean
  diff: DiffRun[] | null
}

export interface Comparison {
  clauses: ClauseComparison[]
  parts: PartComparison[]
  summary: Record<ClauseChange, number>
}

/** Compares `from` with `to` (both read by `readDocumentText`). */
export function compareDocuments(from: DocumentText, to: DocumentText, style: InstrumentStyle, authorship: Authorship): Comparison {
  const word = clauseWord(style)
  const side = (clause: ClauseText, index: number): ClauseSide => ({
    number: index + 1,
    label: `${word} ${index + 1}`,
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
    const diff = diffBlocks(before.blocks, after.blocks, authorship)
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
  fromKeys.forEach((fromKey, index) => {
    if (toIndex.has(fromKey)) return
    const previous = fromKeys.slice(0, index).reverse().find((id) => toIndex.has(id)) ?? null
    removedAfter.set(previous, [...(removedAfter.get(previous) ?? []), index])
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
    const diff = diffBlocks(before, after, authorship)
    return { part, modified: diff !== null, diff }
  })

  const summary: Record<ClauseChange, number> = { added: 0, removed: 0, moved: 0, modified: 0, renumbered: 0, unchanged: 0 }
  for (const clause of clauses) summary[clause.change]++
  return { clauses, parts, summary }
}

/** One text for a list of blocks, blocks separated by a generated newline. */
export function joinBlocks(blocks: readonly TextBlock[]): TextBlock {
  const joined: TextBlock = { kind: 'paragraph', text: '', clients: [], clocks: [] }
  blocks.forEach((block, index) => {
    if (index > 0) {
      joined.text += '\n'
      joined.clients.push(generated)
      joined.clocks.push(0)
    }
    joined.text += block.text
    joined.clients.push(...block.clients)
    joined.clocks.push(...block.clocks)
  })
  return joined
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' })

/** Word, space and punctuation tokens with their offsets. */
function tokenize(text: string): { text: string; start: number }[] {
  return Array.from(segmenter.segment(text), (segment) => ({ text: segment.segment, start: segment.index }))
}

/** The diff of two block lists; null when their texts are equal. */
function diffBlocks(before: readonly TextBlock[], after: readonly TextBlock[], authorship: Authorship): DiffRun[] | null {
  const a = joinBlocks(before)
  const b = joinBlocks(after)
  if (a.text === b.text) return null
  return sharesItems(a, b) ? diffByItems(a, b, authorship) : diffByWords(a, b, authorship)
}

/** The Yjs items of a text, for membership tests by client and clock. */
class ItemSet {
  private readonly clocks = new Map<number, Set<number>>()

  constructor(text: TextBlock) {
    for (let i = 0; i < text.clients.length; i++) {
      const client = text.clients[i]!
      if (client === generated) continue
      let set = this.clocks.get(client)
      if (!set) this.clocks.set(client, (set = new Set()))
      set.add(text.clocks[i]!)
    }
  }

  /** Whether character `index` of `text` is an item of this set (generated characters never are). */
  holds(text: TextBlock, index: number): boolean {
    const client = text.clients[index]!
    return client !== generated && this.clocks.get(client)?.has(text.clocks[index]!) === true
  }
}

function sharesItems(a: TextBlock, b: TextBlock): boolean {
  const itemsA = new ItemSet(a)
  for (let j = 0; j < b.clients.length; j++) if (itemsA.holds(b, j)) return true
  return false
}

/**
 * The exact diff: Yjs items keep their order, so walking both texts
 * together, a character whose item is on both sides is kept, one only
 * before was deleted, one only after was inserted.
 */
function diffByItems(a: TextBlock, b: TextBlock, authorship: Authorship): DiffRun[] {
  const itemsA = new ItemSet(a)
  const itemsB = new ItemSet(b)
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

/** The word diff, for texts that share no items. */
function diffByWords(a: TextBlock, b: TextBlock, authorship: Authorship): DiffRun[] {
  const tokensA = tokenize(a.text)
  const tokensB = tokenize(b.text)
  const runs: DiffRun[] = []
  let indexA = 0
  let indexB = 0
  const span = (tokens: { text: string; start: number }[], from: number, count: number): [number, number] => {
    const first = tokens[from]!
    const last = tokens[from + count - 1]!
    return [first.start, last.start + last.text.length]
  }
  for (const change of diffArrays(
    tokensA.map((token) => token.text),
    tokensB.map((token) => token.text),
  )) {
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

/** The elements of the longest common subsequence of two sequences of distinct keys. */
function longestCommonSubsequence(a: readonly string[], b: readonly string[]): Set<string> {
  const lengths = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0))
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i]![j] = a[i] === b[j] ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!)
    }
  }
  const common = new Set<string>()
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] === b[j]) {
      common.add(a[i]!)
      i++
      j++
    } else if (lengths[i + 1]![j]! >= lengths[i]![j + 1]!) i++
    else j++
  }
  return common
}
