/**
 * Seeded random edits of the shape a ProseMirror editor produces in the
 * `prosemirror` fragment: paragraphs holding text, text typed and deleted,
 * paragraphs inserted and removed.
 */

import * as prng from 'lib0/prng'
import * as Y from 'yjs'

export type Random = prng.PRNG

export const createRandom = (seed: number): Random => prng.create(seed)
export const randomInt = (random: Random, min: number, max: number): number => prng.int32(random, min, max)
export const chance = (random: Random, probability: number): boolean => random.next() < probability

/** Applies one random edit to `fragment`, in one transaction of its document. */
export function randomEdit(random: Random, fragment: Y.XmlFragment): void {
  const doc = fragment.doc!
  doc.transact(() => {
    const paragraphs = fragment.toArray().filter((node): node is Y.XmlElement => node instanceof Y.XmlElement)
    const roll = randomInt(random, 0, 99)
    if (paragraphs.length === 0 || roll < 20) {
      const paragraph = new Y.XmlElement('paragraph')
      paragraph.insert(0, [new Y.XmlText(prng.word(random, 1, 12))])
      fragment.insert(randomInt(random, 0, fragment.length), [paragraph])
      return
    }
    if (roll < 30 && paragraphs.length > 1) {
      fragment.delete(randomInt(random, 0, fragment.length - 1), 1)
      return
    }
    const text = prng.oneOf(random, paragraphs).get(0)
    if (!(text instanceof Y.XmlText)) return
    if (roll < 75 || text.length === 0) {
      text.insert(randomInt(random, 0, text.length), `${prng.word(random, 1, 10)} `)
    } else {
      const at = randomInt(random, 0, text.length - 1)
      text.delete(at, randomInt(random, 1, Math.min(8, text.length - at)))
    }
  })
}
