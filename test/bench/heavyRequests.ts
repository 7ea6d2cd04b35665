/**
 * The pure work behind the heaviest read requests, timed on the event loop:
 * the wording check of one paragraph full of matches, the word compare of
 * one clause re-created with different words, and the clause alignment of
 * a document with many clauses, some moved. Not part of `npm test`.
 *
 *   node --import tsx test/bench/heavyRequests.ts [only cases whose name contains this]
 */

import { findWording } from '../../server/vocabulary/wordingCheck.js'
import { compareDocuments, type Authorship } from '../../server/revisions/comparison.js'
import type { ClauseText, DocumentText, TextBlock } from '../../server/revisions/provenance.js'
import type { Author } from '../../server/vocabulary/views.js'

const authors = new Map<number, Author>([
  [1, { memberId: 'm1', name: 'Khun Somchai', party: 'TH' }],
  [2, { memberId: 'm2', name: 'Lok Sokha', party: 'KH' }],
])
const authorship: Authorship = { insertedBy: (client) => authors.get(client) ?? null, deletedBy: (client) => authors.get(client === 1 ? 2 : 1) ?? null }

function block(text: string, client: number, kind: TextBlock['kind'] = 'paragraph'): TextBlock {
  return { kind, text, clients: Array.from(text, () => client), clocks: Array.from(text, (_, index) => index) }
}

function documentOf(clauses: ClauseText[]): DocumentText {
  return { title: [], preamble: [], clauses, finalProvisions: [] }
}

const only = process.argv[2] ?? ''

/** Runs `work` once to warm up, then three times; prints the median (or the error it throws). */
function timed(what: string, work: () => unknown): void {
  if (!what.includes(only)) return
  try {
    work()
  } catch (error) {
    console.log(`${what.padEnd(66)} ${String(error).slice(0, 60)}`)
    return
  }
  const times = [0, 1, 2].map(() => {
    const start = performance.now()
    work()
    return performance.now() - start
  })
  console.log(`${what.padEnd(66)} ${times.sort((a, b) => a - b)[1]!.toFixed(1).padStart(9)} ms`)
}

for (const matches of [5_000, 10_000, 20_000, 40_000]) {
  const text = 'shall '.repeat(matches)
  timed(`findWording: ${matches} matches`, () => findWording(text, 'mou'))
}

for (const words of [500, 1_000, 2_000, 6_000]) {
  const clause = (prefix: string, client: number): ClauseText => ({
    id: 'c1',
    templateId: null,
    status: 'draft',
    blocks: [block(Array.from({ length: words }, (_, index) => `${prefix}${index}`).join(' '), client)],
  })
  const [before, after] = [documentOf([clause('a', 1)]), documentOf([clause('b', 2)])]
  timed(`compare: one re-created clause, ${words} different words`, () => compareDocuments(before, after, 'mou', authorship))
}

// The word diff's worst case under the caps: clauses re-created with a share of their words changed.
for (const [clauses, words, every] of [[1, 6_000, 12], [1, 6_000, 6], [1, 6_000, 3], [4, 2_000, 4], [40, 200, 4], [40, 1_000, 2]] as const) {
  const text = (prefix: string, client: number) =>
    block(Array.from({ length: words }, (_, index) => (index % every === 0 ? `${prefix}${index}` : `w${index}`)).join(' '), client)
  const side = (prefix: string, client: number) => documentOf(Array.from({ length: clauses }, (_, index) => ({ id: `c${index}`, templateId: null, status: 'draft', blocks: [text(prefix, client)] })))
  const [before, after] = [side('a', 1), side('b', 2)]
  timed(`compare: ${clauses} re-created clause(s) of ${words} words, 1 in ${every} changed`, () => compareDocuments(before, after, 'mou', authorship))
}

{
  // A paragraph of 240,000 characters typed into: compared by its items.
  const long = block('shall '.repeat(40_000), 1)
  const after: TextBlock = { ...long, text: `${long.text}Amended.`, clients: [...long.clients, ...Array.from('Amended.', () => 2)], clocks: [...long.clocks, ...Array.from('Amended.', (_, index) => index)] }
  const clause = (text: TextBlock): ClauseText => ({ id: 'c1', templateId: null, status: 'draft', blocks: [text] })
  const [before, typedInto] = [documentOf([clause(long)]), documentOf([clause(after)])]
  timed('compare: a paragraph of 240,000 characters typed into', () => compareDocuments(before, typedInto, 'mou', authorship))
}

for (const count of [1_000, 2_000, 5_000, 40_000]) {
  const clauses = Array.from({ length: count }, (_, index): ClauseText => ({ id: `c${index}`, templateId: null, status: 'draft', blocks: [block(`Clause ${index}.`, 1)] }))
  // Every tenth clause moved to the front, every seventh removed.
  const moved = [...clauses.filter((_, index) => index % 10 === 0), ...clauses.filter((_, index) => index % 10 !== 0 && index % 7 !== 0)]
  const [before, after] = [documentOf(clauses), documentOf(moved)]
  timed(`compare: ${count} clauses, a tenth moved, a seventh removed`, () => compareDocuments(before, after, 'mou', authorship))
}
