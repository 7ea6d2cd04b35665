/**
 * Seeded random transactions of the kinds an editor dispatches on a
 * memorandum, for checking that what a plugin keeps up to date as the text
 * changes equals what deriving it afresh gives: text typed, deleted,
 * replaced and formatted inside one block (what `isTyping` calls typing,
 * sometimes several blocks in one transaction), and the text reshaped —
 * blocks split and joined, clause and party references inserted,
 * paragraphs and clauses added, removed and moved, a clause's status
 * changed. Every transaction keeps the document within the schema. The
 * words typed include those the wording check flags in a memorandum and
 * the parties' names, whole and in pieces, so that findings come and go.
 */

import type { Node } from 'prosemirror-model'
import type { EditorState, Transaction } from 'prosemirror-state'
import { canJoin, canSplit } from 'prosemirror-transform'
import { oneOf } from 'lib0/prng'
import { isTyping } from '../../../client/src/editor/typing.js'
import { clauseStatuses, mouSchema } from '../../../server/vocabulary/schema.js'
import { chance, createRandom, randomInt, type Random } from '../../support/randomEdits.js'
import { clause, mou, np, p, partyRef, ref, sub } from '../../support/mouBuilders.js'

/** The seeds every random-edit test runs, and how many edits each run makes. */
const seeds = [20_260_101, 7, 1_234_567, 424_242, 99_991]
const editsPerSeed = 200

/** Words typed: flagged in a memorandum, the parties' names, pieces that make or break a flagged word, and harmless ones. */
const words = [
  'shall', 'agree', 'agreed', 'Parties', 'Party', 'obligations', 'enter into force', 'Article', 'this agreement',
  'DSI', 'CNP', 'Kingdom of Cambodia', 'Kingdom of Thailand',
  'sh', 'all', 'Part', 'ies', 'agree', 'ment', 'DS', 'I',
  'will', 'meet', 'each year', 'the', 'cooperate', 'decide', 'participants', ' ', '.',
]

/** A memorandum to start from: clauses with plain, numbered and lettered paragraphs, references of both kinds, flagged words, and final provisions. */
export function startingDoc(): Node {
  const body = mou(
    clause('a', 'Objectives', p('The DSI shall cooperate with ', partyRef('KH', 'shortName'), ' as set out in ', ref('b'), '.')),
    clause('b', 'Requests', np('Each Party will meet.', sub('facts'), sub('the Parties agree')), np('Promptly.'), sub('in writing')),
    clause('c', 'Costs', p('Each bears its own, as in ', ref('a'), ' and ', ref('gone'), '.'), p('No obligations arise.')),
  )
  const finalProvisions = mouSchema.node('final_provisions', null, [p('This agreement shall enter into force on signature.')])
  return body.copy(body.content.addToEnd(finalProvisions))
}

/** A block and the position before it. */
interface Placed {
  node: Node
  pos: number
}

const textblocks = (doc: Node): Placed[] => {
  const found: Placed[] = []
  doc.descendants((node, pos) => {
    if (node.isTextblock) found.push({ node, pos })
    return !node.isTextblock
  })
  return found
}

const clausesOf = (doc: Node): Placed[] => {
  const found: Placed[] = []
  doc.forEach((node, pos) => {
    if (node.type.name === 'clause') found.push({ node, pos })
  })
  return found
}

const someWords = (random: Random): string =>
  Array.from({ length: randomInt(random, 1, 3) }, () => oneOf(random, words)).join(chance(random, 0.7) ? ' ' : '') + (chance(random, 0.5) ? ' ' : '')

/** A position inside `block`'s content, from its start to its end. */
const inside = (random: Random, block: Placed): number => block.pos + 1 + randomInt(random, 0, block.node.content.size)

/** A range inside `block`'s content, at least one position long (or empty when the block is). */
function rangeIn(random: Random, block: Placed): [number, number] {
  const size = block.node.content.size
  const from = randomInt(random, 0, Math.max(0, size - 1))
  const to = Math.min(size, from + randomInt(random, 1, 12))
  return [block.pos + 1 + from, block.pos + 1 + to]
}

/** Types, deletes, replaces or formats text in one block of `tr`'s document: an edit `isTyping` calls typing. */
function typeInto(random: Random, tr: Transaction): void {
  const block = oneOf(random, textblocks(tr.doc))
  const roll = randomInt(random, 0, 99)
  // A long block is cut back rather than grown, so that the text stays small.
  if ((roll < 45 && block.node.content.size < 160) || block.node.content.size === 0) {
    tr.insertText(someWords(random), inside(random, block))
    return
  }
  const [from, to] = rangeIn(random, block)
  if (roll < 75) tr.delete(from, to)
  else if (roll < 90) tr.insertText(someWords(random), from, to)
  else if (chance(random, 0.5)) tr.addMark(from, to, mouSchema.marks.strong!.create())
  else tr.removeMark(from, to, mouSchema.marks.strong!)
}

/** A clause with a new id and a paragraph or two. */
const newClause = (random: Random): Node =>
  clause(`new${randomInt(random, 0, 999_999)}`, someWords(random), ...Array.from({ length: randomInt(random, 1, 2) }, () => newBodyBlock(random)))

/** A plain, numbered or lettered paragraph of a clause. */
function newBodyBlock(random: Random): Node {
  const kind = randomInt(random, 0, 2)
  return kind === 0 ? p(someWords(random)) : kind === 1 ? np(someWords(random), ...(chance(random, 0.3) ? [sub(someWords(random))] : [])) : sub(someWords(random))
}

/** Where a clause may go: before the first clause, between two, or after the last. */
const clauseBoundaries = (doc: Node): number[] => {
  const clauses = clausesOf(doc)
  return [clauses[0]!.pos, ...clauses.map(({ node, pos }) => pos + node.nodeSize)]
}

/** Reshapes `tr`'s document in one of the ways that change its structure; false when the way chosen does not apply to this document. */
function reshape(random: Random, tr: Transaction): boolean {
  const doc = tr.doc
  const clauses = clausesOf(doc)
  switch (randomInt(random, 0, 10)) {
    case 0: {
      // Enter in a block: a new paragraph (or recital, or numbered paragraph) from the cursor on.
      const block = oneOf(random, textblocks(doc))
      const at = inside(random, block)
      const depth = chance(random, 0.5) ? 1 : 2
      if (!canSplit(doc, at, depth)) return false
      tr.split(at, depth)
      return true
    }
    case 1: {
      // Backspace at a block's start: it joins the one before.
      const joins: number[] = []
      doc.descendants((node, pos) => {
        if (node.isBlock && pos > 0 && doc.resolve(pos).nodeBefore?.type === node.type && canJoin(doc, pos)) joins.push(pos)
        return !node.isTextblock
      })
      if (joins.length === 0) return false
      tr.join(oneOf(random, joins))
      return true
    }
    case 2: {
      // A reference inserted: to a clause (perhaps one that is gone), or to a party.
      const block = oneOf(random, textblocks(doc))
      const ids = [...clauses.map(({ node }) => node.attrs.id as string), 'gone']
      const atom = chance(random, 0.5) ? ref(oneOf(random, ids)) : partyRef(oneOf(random, ['TH', 'KH', '*']), oneOf(random, ['name', 'shortName', 'state'] as const))
      tr.insert(inside(random, block), atom)
      return true
    }
    case 3: {
      // A plain, numbered or lettered paragraph added to a clause, anywhere after its heading.
      const { node, pos } = oneOf(random, clauses)
      let offset = pos + 1 + node.child(0).nodeSize
      const places = [offset]
      for (let index = 1; index < node.childCount; index++) places.push((offset += node.child(index).nodeSize))
      tr.insert(oneOf(random, places), newBodyBlock(random))
      return true
    }
    case 4: {
      // A body block removed from a clause that keeps another, or a lettered paragraph from a numbered one.
      const removable: Placed[] = []
      for (const { node, pos } of clauses) {
        node.forEach((block, offset) => {
          const blockPos = pos + 1 + offset
          if (offset > 0 && node.childCount > 2) removable.push({ node: block, pos: blockPos })
          if (block.type.name === 'numbered_paragraph') {
            block.forEach((inner, innerOffset) => {
              if (innerOffset > 0) removable.push({ node: inner, pos: blockPos + 1 + innerOffset })
            })
          }
        })
      }
      if (removable.length === 0) return false
      const { node, pos } = oneOf(random, removable)
      tr.delete(pos, pos + node.nodeSize)
      return true
    }
    case 5:
      // A clause inserted (from a template, say), while there are fewer than eight.
      if (clauses.length >= 8) return false
      tr.insert(oneOf(random, clauseBoundaries(doc)), newClause(random))
      return true
    case 6: {
      if (clauses.length <= 1) return false
      const { node, pos } = oneOf(random, clauses)
      tr.delete(pos, pos + node.nodeSize)
      return true
    }
    case 7: {
      // A clause moved (dragged): removed, and put back at another boundary.
      if (clauses.length <= 1) return false
      const { node, pos } = oneOf(random, clauses)
      tr.delete(pos, pos + node.nodeSize)
      tr.insert(oneOf(random, clauseBoundaries(tr.doc)), node)
      return true
    }
    case 8: {
      // The server records a status: a clause, the title, the preamble or the final provisions agreed or reopened.
      const negotiated: Placed[] = []
      doc.forEach((node, pos) => {
        if (node.type.spec.attrs?.status) negotiated.push({ node, pos })
      })
      const { node, pos } = oneOf(random, negotiated)
      tr.setNodeMarkup(pos, null, { ...node.attrs, status: oneOf(random, [...clauseStatuses]) })
      return true
    }
    case 9: {
      // A selection from one clause into a later one deleted: the clauses between go, the two ends join.
      if (clauses.length <= 1) return false
      const first = randomInt(random, 0, clauses.length - 2)
      const second = randomInt(random, first + 1, clauses.length - 1)
      const blockIn = (placed: Placed) => {
        const block = oneOf(random, textblocks(placed.node).slice(1))
        return { node: block.node, pos: placed.pos + 1 + block.pos }
      }
      tr.delete(inside(random, blockIn(clauses[first]!)), inside(random, blockIn(clauses[second]!)))
      return true
    }
    default: {
      // A selection across two blocks of a clause deleted: the blocks between go, the two ends join.
      const { node, pos } = oneOf(random, clauses)
      const inClause = textblocks(node).map((block) => ({ node: block.node, pos: pos + 1 + block.pos }))
      if (inClause.length < 3) return false
      const first = randomInt(random, 1, inClause.length - 2)
      const second = randomInt(random, first + 1, inClause.length - 1)
      tr.delete(inside(random, inClause[first]!), inside(random, inClause[second]!))
      return true
    }
  }
}

/**
 * A random transaction on `state`: most often typing (in one block, or in
 * two or three at once), else a change of structure. Throws when it would
 * leave the document outside the schema (a fault of this generator).
 */
export function randomTransaction(random: Random, state: EditorState): Transaction {
  const tr = state.tr
  const roll = randomInt(random, 0, 99)
  if (roll < 50) typeInto(random, tr)
  else if (roll < 60) for (let edit = randomInt(random, 2, 3); edit > 0; edit--) typeInto(random, tr)
  else if (!reshape(random, tr)) typeInto(random, tr)
  tr.doc.check()
  return tr
}

/** What a run of random edits did: how many transactions applied changed the text by typing, and how many otherwise. */
export interface EditCounts {
  typing: number
  reshaping: number
}

/** An edit applied: the state it applied to and the transaction. */
export interface AppliedEdit {
  before: EditorState
  tr: Transaction
}

/**
 * For each of `seeds`, starts from `start()` and applies `editsPerSeed`
 * random transactions (each first passed to `adjust`, which may mark it,
 * as a remote change say), calling `check` on the state after each — and
 * on the starting state, with no edit — with where it stands ("seed 7, edit 12")
 * for failure messages. Returns how many applied transactions typed
 * (`isTyping`) and how many reshaped the text; one a plugin refused counts
 * as neither.
 */
export function checkRandomEdits(
  start: () => EditorState,
  check: (state: EditorState, where: string, edit: AppliedEdit | null) => void,
  adjust: (tr: Transaction, random: Random) => void = () => {},
): EditCounts {
  const counts: EditCounts = { typing: 0, reshaping: 0 }
  for (const seed of seeds) {
    const random = createRandom(seed)
    let state = start()
    check(state, `seed ${seed}, at the start`, null)
    for (let edit = 1; edit <= editsPerSeed; edit++) {
      const tr = randomTransaction(random, state)
      adjust(tr, random)
      const next = state.apply(tr)
      if (next.doc !== state.doc) counts[isTyping(tr) ? 'typing' : 'reshaping']++
      check(next, `seed ${seed}, edit ${edit}`, { before: state, tr })
      state = next
    }
  }
  return counts
}
