import type { Node } from 'prosemirror-model'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { clauseElements } from '../../../server/mou/contentCodec.js'
import { compareDocuments } from '../../../server/revisions/comparison.js'
import { snapToWords } from '../../../server/revisions/wordRuns.js'
import type { Author, DiffRun } from '../../../server/vocabulary/views.js'
import { clause, copyOf, Drafting, heading, memo, p, secretariat, somchai, sokha, textOf } from '../../support/docBuilders.js'
import { createRandom, randomInt, type Random } from '../../support/randomEdits.js'

// Compare follows shared Yjs items character by character; what it shows must still change whole words.

/** The first paragraph's text of clause c1 in a replica. */
const paragraphText = (replica: Y.Doc) => (clauseElements(replica.getXmlFragment('prosemirror'))[0]!.get(1) as Y.XmlElement).get(0) as Y.XmlText

/** The diff of clause c1 of `content` before and after `edits` (each a member's edit of the first paragraph's text). */
function diffOf(content: Node, edits: [Author, (text: Y.XmlText) => void][]): DiffRun[] {
  const drafting = new Drafting(content, secretariat)
  const before = copyOf(drafting.doc)
  for (const [member, edit] of edits) drafting.edit(member, (replica) => edit(paragraphText(replica)))
  return compareDocuments(textOf(before), textOf(drafting.doc), 'mou', drafting.authorship).clauses[0]!.diff!
}

/** A clause's diff without its unchanged heading line. */
const bodyOf = (diff: readonly DiffRun[], heading: string) => diff.map((run, index) => (index === 0 ? { ...run, text: run.text.replace(`${heading}\n`, '') } : run)).filter((run) => run.text !== '')

/** A diff as [op, text, who]. */
const runsOf = (diff: readonly DiffRun[]) => diff.map((run) => (run.op === 'equal' ? [run.op, run.text] : [run.op, run.text, run.author?.name ?? null]))

/** Replaces `from` with `to` in `text` as y-prosemirror does when a paragraph is replaced: only what lies between the common beginning and end. */
const replaceAsTheEditorDoes = (from: string, to: string) => (text: Y.XmlText) => {
  const old = text.toString()
  expect(old).toContain(from)
  const target = old.replace(from, to)
  let head = 0
  while (head < old.length && head < target.length && old[head] === target[head]) head++
  let tail = 0
  while (tail < old.length - head && tail < target.length - head && old[old.length - 1 - tail] === target[target.length - 1 - tail]) tail++
  text.delete(head, old.length - head - tail)
  text.insert(head, target.slice(head, target.length - tail))
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' })

/** Places of `text` inside a word (not at its ends), as one segmenter pass over the whole text finds words. */
function insideWords(text: string): Set<number> {
  const inside = new Set<number>()
  for (const segment of segmenter.segment(text)) {
    if (segment.isWordLike) for (let offset = 1; offset < segment.segment.length; offset++) inside.add(segment.index + offset)
  }
  return inside
}

/**
 * The invariant of a diff: it gives back both texts, and wherever it
 * passes from kept to changed text, or from deleted to inserted, neither
 * text is inside a word.
 */
function expectWholeWords(diff: readonly DiffRun[], before: string, after: string): void {
  const side = (skip: DiffRun['op']) => diff.filter((run) => run.op !== skip).map((run) => run.text).join('')
  expect({ before: side('insert'), after: side('delete') }).toEqual({ before, after })
  const [insideBefore, insideAfter] = [insideWords(before), insideWords(after)]
  const splits: string[] = []
  let [at, atAfter] = [0, 0]
  diff.forEach((run, index) => {
    const previous = diff[index - 1]
    if (previous && previous.op !== run.op && (insideBefore.has(at) || insideAfter.has(atAfter))) {
      splits.push(`${previous.op} “${previous.text}” | ${run.op} “${run.text}”`)
    }
    if (run.op !== 'insert') at += run.text.length
    if (run.op !== 'delete') atAfter += run.text.length
  })
  expect(splits).toEqual([])
}

describe('a change in compare', () => {
  it('never splits a word: "prior written consent" → "prior consent in writing" deletes "written " and inserts " in writing"', () => {
    const content = memo(clause('c1', heading('Consent'), p('Not without the prior written consent of the other Participant.')))
    const diff = diffOf(content, [[somchai, replaceAsTheEditorDoes('prior written consent', 'prior consent in writing')]])
    expect(runsOf(diff)).toEqual([
      ['equal', 'Consent\nNot without the prior '],
      ['delete', 'written ', 'Khun Somchai'],
      ['equal', 'consent'],
      ['insert', ' in writing', 'Khun Somchai'],
      ['equal', ' of the other Participant.'],
    ])
  })

  it('shows a word changed inside deleted whole and inserted whole', () => {
    const content = memo(clause('c1', heading('Consent'), p('Each side bars its own costs.')))
    const diff = diffOf(content, [[sokha, (text) => text.insert('Each side b'.length, 'e')]])
    expect(runsOf(diff)).toEqual([
      ['equal', 'Consent\nEach side '],
      ['delete', 'bars', 'Lok Sokha'],
      ['insert', 'bears', 'Lok Sokha'],
      ['equal', ' its own costs.'],
    ])
  })

  it('credits each part of a word two members changed to its author, the kept letters to whoever changed the word first', () => {
    const content = memo(clause('c1', heading('Scope'), p('They act together.')))
    const diff = diffOf(content, [
      [somchai, (text) => text.insert('They '.length, 're')],
      [sokha, (text) => text.insert('They react'.length, 'ing')],
    ])
    expect(runsOf(diff)).toEqual([
      ['equal', 'Scope\nThey '],
      ['delete', 'act', 'Khun Somchai'],
      ['insert', 'react', 'Khun Somchai'],
      ['insert', 'ing', 'Lok Sokha'],
      ['equal', ' together.'],
    ])
  })

  it('keeps whole words in Thai and Khmer, written without spaces, by their dictionary words', () => {
    const thai = memo(clause('c1', heading('ขอบเขต'), p('ความร่วมมือระหว่างประเทศในการปราบปรามการค้ามนุษย์')))
    const thaiDiff = diffOf(thai, [[somchai, replaceAsTheEditorDoes('ความร่วมมือ', 'ความร่วมใจ')]])
    expectWholeWords(bodyOf(thaiDiff, 'ขอบเขต'), 'ความร่วมมือระหว่างประเทศในการปราบปรามการค้ามนุษย์', 'ความร่วมใจระหว่างประเทศในการปราบปรามการค้ามนุษย์')
    expect(runsOf(thaiDiff)).toEqual([
      // ICU's Thai dictionary reads ความ|ร่วมมือ: the character diff (ร่วม kept, มือ → ใจ) becomes the word ร่วมมือ → ร่วมใจ.
      ['equal', 'ขอบเขต\nความ'],
      ['delete', 'ร่วมมือ', 'Khun Somchai'],
      ['insert', 'ร่วมใจ', 'Khun Somchai'],
      ['equal', 'ระหว่างประเทศในการปราบปรามการค้ามนุษย์'],
    ])
    const khmer = memo(clause('c1', heading('វិសាលភាព'), p('កិច្ចសហប្រតិបត្តិការអន្តរជាតិក្នុងការប្រយុទ្ធប្រឆាំងការជួញដូរមនុស្ស')))
    const khmerDiff = diffOf(khmer, [[sokha, replaceAsTheEditorDoes('អន្តរជាតិ', 'ទ្វេភាគី')]])
    expectWholeWords(bodyOf(khmerDiff, 'វិសាលភាព'), 'កិច្ចសហប្រតិបត្តិការអន្តរជាតិក្នុងការប្រយុទ្ធប្រឆាំងការជួញដូរមនុស្ស', 'កិច្ចសហប្រតិបត្តិការទ្វេភាគីក្នុងការប្រយុទ្ធប្រឆាំងការជួញដូរមនុស្ស')
  })

  it('never splits a word under random edits of single characters and fragments, in English, Thai and Khmer', () => {
    const pools = {
      en: ['the ', 'Participants ', 'shall ', 'cooperate ', 'within ', 'thirty ', 'days', ', ', '. ', 'written ', 'consent '],
      th: ['ความร่วมมือ', 'ระหว่าง', 'ประเทศ', 'ใน', 'การ', 'ปราบปราม', 'ค้า', 'มนุษย์', ' ', 'ภายใน', 'สามสิบ', 'วัน'],
      km: ['កិច្ច', 'សហប្រតិបត្តិការ', 'អន្តរជាតិ', 'ក្នុង', 'ការ', 'ប្រយុទ្ធ', 'ប្រឆាំង', 'ជួញដូរ', 'មនុស្ស', ' ', 'ថ្ងៃ'],
    }
    const random = createRandom(16)
    const pick = (pool: readonly string[], count: number) => Array.from({ length: count }, () => pool[randomInt(random, 0, pool.length - 1)]!).join('')
    for (const pool of Object.values(pools)) {
      for (let trial = 0; trial < 40; trial++) {
        const original = pick(pool, randomInt(random, 3, 12))
        const content = memo(clause('c1', heading('Text'), p(original)))
        const edits: [Author, (text: Y.XmlText) => void][] = Array.from({ length: randomInt(random, 1, 4) }, (_, index) => [index % 2 === 0 ? somchai : sokha, (text) => randomCharacterEdit(random, text, pick(pool, 1))])
        const drafting = new Drafting(content, secretariat)
        const before = copyOf(drafting.doc)
        for (const [member, edit] of edits) drafting.edit(member, (replica) => edit(paragraphText(replica)))
        const after = paragraphText(drafting.doc).toString()
        const diff = compareDocuments(textOf(before), textOf(drafting.doc), 'mou', drafting.authorship).clauses[0]!.diff
        if (after === original) continue
        expectWholeWords(bodyOf(diff!, 'Text'), original, after)
        expect(diff!.filter((run) => run.op !== 'equal').map((run) => run.author?.name)).not.toContain(undefined)
      }
    }
  })
})

/** Inserts part of `fragment`, or deletes a few characters, at a random place: edits of single characters and pieces of words. */
function randomCharacterEdit(random: Random, text: Y.XmlText, fragment: string): void {
  const at = randomInt(random, 0, text.length)
  if (randomInt(random, 0, 1) === 0 || text.length === 0) text.insert(at, fragment.slice(0, randomInt(random, 1, fragment.length)))
  else text.delete(Math.min(at, text.length - 1), Math.min(randomInt(random, 1, 4), text.length - Math.min(at, text.length - 1)))
}

describe('snapping runs to words', () => {
  const budget = () => ({ steps: 1_000_000, maxEditLength: 300 })
  const author: Author = { memberId: 'm-th', name: 'Khun Somchai', party: 'TH' }

  it('keeps runs that already change whole words as they are, with their dates', () => {
    const runs: DiffRun[] = [
      { op: 'equal', text: 'Each side ' },
      { op: 'delete', text: 'bears', author, at: '2026-01-05T08:30:00Z' },
      { op: 'insert', text: 'shares', author, at: '2026-01-05T08:31:00Z' },
      { op: 'equal', text: ' its own costs.' },
    ]
    expect(snapToWords(runs, budget())).toEqual(runs)
  })

  it('shows a text replaced past the budget as its old words deleted and its new words inserted', () => {
    const runs: DiffRun[] = [
      { op: 'equal', text: 'a b' },
      { op: 'insert', text: 'x', author },
      { op: 'equal', text: 'c d' },
    ]
    expect(snapToWords(runs, { steps: 0, maxEditLength: 0 })).toEqual([
      { op: 'equal', text: 'a ' },
      { op: 'delete', text: 'bc', author },
      { op: 'insert', text: 'bxc', author },
      { op: 'equal', text: ' d' },
    ])
  })
})
