import { describe, expect, it } from 'vitest'
import { compareDocuments, tokenizeWords, type Authorship, type WordDiffLimits } from '../../../server/revisions/comparison.js'
import type { ClauseText, DocumentText, TextBlock } from '../../../server/revisions/provenance.js'
import { createRandom, randomInt, type Random } from '../../support/randomEdits.js'
import type { Author, Comparison, DiffRun } from '../../../server/vocabulary/views.js'

const somchai: Author = { memberId: 'm-th', name: 'Khun Somchai', party: 'TH' }
const sokha: Author = { memberId: 'm-kh', name: 'Lok Sokha', party: 'KH' }
/** Client 1 is Somchai's, client 2 Sokha's; characters of clock below 1,000 were deleted by Sokha, the others by Somchai. */
const authorship: Authorship = {
  insertedBy: (client) => (client === 1 ? somchai : client === 2 ? sokha : null),
  deletedBy: (_client, clock) => (clock < 1_000 ? sokha : somchai),
}

// Builders: a text typed by one client from `clock` on; a clause of blocks; a document of clauses.
const typed = (text: string, client: number, clock = 0, kind: TextBlock['kind'] = 'paragraph'): TextBlock => ({
  kind,
  text,
  clients: Array.from(text, () => client),
  clocks: Array.from(text, (_, index) => clock + index),
})
const clause = (id: string, ...blocks: TextBlock[]): ClauseText => ({ id, templateId: null, status: 'draft', blocks })
const doc = (...clauses: ClauseText[]): DocumentText => ({ title: [], preamble: [], clauses, finalProvisions: [] })
const words = (count: number, prefix: string) => Array.from({ length: count }, (_, index) => `${prefix}${index}`).join(' ')

const compare = (from: DocumentText, to: DocumentText, limits?: WordDiffLimits) => compareDocuments(from, to, 'mou', authorship, limits)

/** A long text by its ends and length, so that a failure prints a line, not a page. */
const brief = (text: string) => (text.length > 100 ? `${text.slice(0, 30)}…${text.slice(-30)} (${text.length})` : text)

/** The runs of a diff as [op, text, party]: the shape every expectation below reads. */
const runsOf = (diff: DiffRun[] | null) =>
  (diff ?? []).map((run) => (run.op === 'equal' ? [run.op, brief(run.text)] : [run.op, brief(run.text), run.author?.party ?? null]))

/** A diff gives back both sides: equal and deleted runs the old text, equal and inserted runs the new one. */
function expectReplays(diff: DiffRun[] | null, before: string, after: string): void {
  const side = (skip: DiffRun['op']) => (diff ?? []).filter((run) => run.op !== skip).map((run) => run.text).join('')
  expect({ before: side('insert') === before, after: side('delete') === after }).toEqual({ before: true, after: true })
}

describe('the word compare of a re-created clause', () => {
  it('shows the words that changed, each attributed to whoever deleted or typed them', () => {
    const before = 'Each Participant will bear its own costs.'
    const after = 'Each Participant will share the costs.'
    const { clauses } = compare(doc(clause('c1', typed(before, 1, 2_000))), doc(clause('c1', typed(after, 2))))
    expect(runsOf(clauses[0]!.diff)).toEqual([
      ['equal', 'Each Participant will '],
      ['delete', 'bear', 'TH'],
      ['insert', 'share', 'KH'],
      ['equal', ' '],
      ['delete', 'its', 'TH'],
      ['insert', 'the', 'KH'],
      ['equal', ' '],
      ['delete', 'own ', 'TH'],
      ['equal', 'costs.'],
    ])
  })

  it('past the edit cap comes back replaced: the old text deleted whole, the new inserted whole, each run by its author', () => {
    // The old text was deleted by two members (clocks on both sides of 1,000); the new one typed by two, one block each.
    const before = typed(words(40, 'old'), 1, 1_000 - 100)
    const after = [typed(words(20, 'new'), 1, 5_000), typed(words(20, 'next'), 2, 5_000)]
    const { clauses } = compare(doc(clause('c1', before)), doc(clause('c1', ...after)), { maxEditLength: 10, maxSteps: 1_000 })
    const newText = `${after[0]!.text}\n${after[1]!.text}`
    expect(runsOf(clauses[0]!.diff)).toEqual([
      ['delete', brief(before.text.slice(0, 100)), 'KH'],
      ['delete', brief(before.text.slice(100)), 'TH'],
      ['insert', brief(`${after[0]!.text}\n`), 'TH'],
      ['insert', brief(after[1]!.text), 'KH'],
    ])
    expectReplays(clauses[0]!.diff, before.text, newText)
    expect(clauses[0]).toMatchObject({ change: 'modified', modified: true })
  })

  it('keeps the words both sides begin and end with when it shows a text replaced', () => {
    const before = [typed('Costs', 1, 0, 'heading'), typed(`${words(30, 'old')}.`, 1, 100)]
    const after = [typed('Costs', 2, 0, 'heading'), typed(`${words(30, 'new')}.`, 2, 100)]
    const { clauses } = compare(doc(clause('c1', ...before)), doc(clause('c1', ...after)), { maxEditLength: 10, maxSteps: 1_000 })
    expect(runsOf(clauses[0]!.diff)).toEqual([
      ['equal', 'Costs\n'],
      ['delete', brief(words(30, 'old')), 'KH'],
      ['insert', brief(words(30, 'new')), 'KH'],
      ['equal', '.'],
    ])
  })

  it('shows a clause re-created with 6,000 different words replaced under the default caps', () => {
    const before = typed(words(6_000, 'a'), 1, 2_000)
    const after = typed(words(6_000, 'b'), 2)
    const { clauses, summary } = compare(doc(clause('c1', before)), doc(clause('c1', after)))
    expect(runsOf(clauses[0]!.diff)).toEqual([
      ['delete', brief(before.text), 'TH'],
      ['insert', brief(after.text), 'KH'],
    ])
    expectReplays(clauses[0]!.diff, before.text, after.text)
    expect(summary.modified).toBe(1)
  })

  it('once a comparison has spent its edit budget, shows further texts that differ replaced', () => {
    const from = doc(clause('c1', typed(words(20, 'w'), 1, 2_000)), clause('c2', typed(words(20, 'w'), 1, 3_000)))
    const edited = (text: string) => text.replace(/w(\d+)/g, (word, index: string) => (Number(index) % 2 === 0 ? `x${index}` : word))
    const to = doc(clause('c1', typed(edited(words(20, 'w')), 2)), clause('c2', typed(edited(words(20, 'w')), 2, 100)))
    // Each clause needs 20 edits over 78 tokens, about 400 steps; the budget holds 600.
    const { clauses } = compare(from, to, { maxEditLength: 25, maxSteps: 600 })
    expect(clauses[0]!.diff!.filter((run) => run.op !== 'equal')).toHaveLength(20)
    // Past the budget: replaced, keeping only the word both sides end with.
    expect(runsOf(clauses[1]!.diff)).toEqual([
      ['delete', brief(words(19, 'w')), 'TH'],
      ['insert', brief(edited(words(19, 'w'))), 'KH'],
      ['equal', ' w19'],
    ])
    expectReplays(clauses[1]!.diff, words(20, 'w'), edited(words(20, 'w')))
  })

  it('compares a paragraph of 240,000 characters typed into, by its items', () => {
    const long = 'shall '.repeat(40_000)
    const before = typed(long, 1)
    const after: TextBlock = {
      kind: 'paragraph',
      text: `${long}Amended.`,
      clients: [...before.clients, ...Array.from('Amended.', () => 2)],
      clocks: [...before.clocks, ...Array.from('Amended.', (_, index) => index)],
    }
    const { clauses } = compare(doc(clause('c1', before)), doc(clause('c1', after)))
    expect(runsOf(clauses[0]!.diff)).toEqual([
      ['equal', brief(long)],
      ['insert', 'Amended.', 'KH'],
    ])
  })
})

describe('the word tokens of a text', () => {
  const pieces = ['the ', 'Participants ', 'will ', '1,000.5 ', 'USD; ', '(a) ', "don't ", 'e-mail ', '\n', '  ', 'ความร่วมมือ', 'ระหว่างประเทศ ', 'កិច្ចសហប្រតិបត្តិការ ', '🇹🇭🇰🇭 ', 'café ', 'a,b,c,', 'x.y.z ', '—', '"quoted" ', '\u0301 ']

  it('are the words one segmenter pass over the whole text finds, for texts of every length', () => {
    const random = createRandom(7)
    const whole = new Intl.Segmenter(undefined, { granularity: 'word' })
    for (let trial = 0; trial < 60; trial++) {
      const text = Array.from({ length: randomInt(random, 0, 400) }, () => pieces[randomInt(random, 0, pieces.length - 1)]!).join('')
      const expected = Array.from(whole.segment(text), (segment) => ({ text: segment.segment, start: segment.index }))
      expect(tokenizeWords(text)).toEqual(expected)
    }
  })

  it('cover a text of 200,000 characters without a space, in order', () => {
    const text = 'ab,'.repeat(70_000)
    const tokens = tokenizeWords(text)
    expect(tokens.map((token) => token.text).join('')).toBe(text)
    expect(tokens.every((token, index) => index === 0 || token.start === tokens[index - 1]!.start + tokens[index - 1]!.text.length)).toBe(true)
  })
})

/** The clauses the quadratic table of the first version called moved: those of `to` outside the common subsequence it walked. */
function movedByTable(fromIds: readonly string[], toIds: readonly string[]): string[] {
  const a = fromIds.filter((id) => toIds.includes(id))
  const b = toIds.filter((id) => fromIds.includes(id))
  const lengths = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0))
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) lengths[i]![j] = a[i] === b[j] ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!)
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
  return b.filter((id) => !common.has(id))
}

const plain = (id: string) => clause(id, typed(`Clause ${id}.`, 1))
const movedIn = (comparison: Comparison) => comparison.clauses.filter((entry) => entry.moved).map((entry) => entry.id)

/** A seeded shuffle of some of `ids`, some removed and some added. */
function reordered(random: Random, ids: readonly string[]): string[] {
  const kept = ids.filter(() => randomInt(random, 0, 5) > 0)
  for (let swaps = randomInt(random, 0, 6); swaps > 0 && kept.length > 1; swaps--) {
    const [moved] = kept.splice(randomInt(random, 0, kept.length - 1), 1)
    kept.splice(randomInt(random, 0, kept.length), 0, moved!)
  }
  for (let added = randomInt(random, 0, 3); added > 0; added--) kept.splice(randomInt(random, 0, kept.length), 0, `new${added}`)
  return kept
}

describe('the clause alignment', () => {
  it('calls moved exactly the clauses the longest-common-subsequence table did, ties included', () => {
    const random = createRandom(13)
    for (let trial = 0; trial < 400; trial++) {
      const fromIds = Array.from({ length: randomInt(random, 0, 30) }, (_, index) => `c${index}`)
      const toIds = trial % 4 === 0 ? [...fromIds].reverse() : reordered(random, fromIds)
      const comparison = compare(doc(...fromIds.map(plain)), doc(...toIds.map(plain)))
      expect({ trial, moved: movedIn(comparison) }).toEqual({ trial, moved: movedByTable(fromIds, toIds) })
    }
  })

  it('aligns 40,000 clauses with every tenth moved to the end, in reverse, and every seventh removed', () => {
    const fromIds = Array.from({ length: 40_000 }, (_, index) => `c${index}`)
    const isMoved = (index: number) => index % 10 === 5
    const isRemoved = (index: number) => index % 7 === 0 && !isMoved(index)
    const stay = fromIds.filter((_, index) => !isMoved(index) && !isRemoved(index))
    const moved = fromIds.filter((_, index) => isMoved(index)).reverse()
    const comparison = compare(doc(...fromIds.map(plain)), doc(...[...stay, ...moved].map(plain)))
    expect(movedIn(comparison)).toEqual(moved)
    expect(comparison.summary).toMatchObject({ moved: moved.length, removed: fromIds.filter((_, index) => isRemoved(index)).length, added: 0 })
    // A removed clause stands after the clause that preceded it.
    const order = comparison.clauses.map((entry) => entry.id)
    expect(order.indexOf('c7')).toBe(order.indexOf('c6') + 1)
    expect(order[0]).toBe('c0')
  })
})
