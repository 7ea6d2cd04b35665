/**
 * Seeded random edits of the shape a ProseMirror editor produces in the
 * `prosemirror` fragment, kept within the schema as the gate demands:
 * paragraphs of a clause holding text, text typed and deleted, paragraphs
 * inserted and removed.
 */

import * as prng from 'lib0/prng'
import * as Y from 'yjs'

export type Random = prng.PRNG

export const createRandom = (seed: number): Random => prng.create(seed)
export const randomInt = (random: Random, min: number, max: number): number => prng.int32(random, min, max)
export const chance = (random: Random, probability: number): boolean => random.next() < probability

/** Applies one random edit to a random clause of `fragment`, in one transaction of its document. */
export function randomEdit(random: Random, fragment: Y.XmlFragment): void {
  const clauses = fragment.toArray().filter((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'clause')
  if (clauses.length > 0) randomClauseEdit(random, prng.oneOf(random, clauses))
}

/**
 * Applies one random edit inside `clause` (a heading, then paragraphs), in
 * one transaction: a paragraph inserted or removed, text typed or deleted.
 * The clause's first paragraph is never removed, nor anything inserted
 * before it, so that edits made at once by several clients never leave the
 * clause without a paragraph, which the schema (and the gate) refuses.
 */
export function randomClauseEdit(random: Random, clause: Y.XmlElement): void {
  clause.doc!.transact(() => {
    const paragraphs = clause.toArray().slice(1).filter((node): node is Y.XmlElement => node instanceof Y.XmlElement)
    const roll = randomInt(random, 0, 99)
    if (roll < 20) {
      const paragraph = new Y.XmlElement('paragraph')
      paragraph.insert(0, [new Y.XmlText(prng.word(random, 1, 12))])
      clause.insert(randomInt(random, 2, Math.max(2, clause.length)), [paragraph])
      return
    }
    if (roll < 30 && paragraphs.length > 1) {
      clause.delete(randomInt(random, 2, clause.length - 1), 1)
      return
    }
    const text = paragraphs.length > 0 ? prng.oneOf(random, paragraphs).get(0) : null
    if (!(text instanceof Y.XmlText)) return
    if (roll < 75 || text.length === 0) {
      text.insert(randomInt(random, 0, text.length), `${prng.word(random, 1, 10)} `)
    } else {
      const at = randomInt(random, 0, text.length - 1)
      text.delete(at, randomInt(random, 1, Math.min(8, text.length - at)))
    }
  })
}

/**
 * Applies one random edit to the clauses of `fragment`, in one transaction:
 * mostly inside a clause (`randomClauseEdit`), otherwise a clause's status
 * set, a clause removed (while more than four are left) or a clause moved (a
 * copy inserted elsewhere, as a client moves one).
 */
export function randomStructureEdit(random: Random, fragment: Y.XmlFragment): void {
  const clauses = fragment.toArray().filter((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'clause')
  const chosen = prng.oneOf(random, clauses)
  const roll = randomInt(random, 0, 9)
  if (roll < 6) randomClauseEdit(random, chosen)
  else if (roll < 7) chosen.setAttribute('status', 'agreed')
  else if (roll < 8 && clauses.length > 4) fragment.delete(fragment.toArray().indexOf(chosen), 1)
  else {
    fragment.doc!.transact(() => {
      const copy = chosen.clone()
      fragment.delete(fragment.toArray().indexOf(chosen), 1)
      fragment.insert(randomInt(random, 2, fragment.length), [copy])
    })
  }
}
