/**
 * Seeded random edits that leave a trace that can be counted: the shared
 * fragment holds two sections, a scratch section where the random edits of
 * randomEdits.ts type and delete freely, and a marker section where each
 * client inserts paragraphs holding words unique to it ("M2N0017") and
 * nobody deletes anything. Afterwards every marker a client typed must be
 * in every replica exactly once: nothing lost, nothing duplicated.
 */

import * as Y from 'yjs'
import { chance, randomEdit, randomInt, type Random } from './randomEdits.js'

export interface Sections {
  /** Where random edits type and delete. */
  readonly scratch: Y.XmlElement
  /** Where markers go; nothing in it is ever deleted. */
  readonly markers: Y.XmlElement
}

/** Creates the two sections; one client does this once, before anyone edits. */
export function createSections(fragment: Y.XmlFragment): void {
  fragment.doc!.transact(() => {
    fragment.insert(0, [new Y.XmlElement('section'), new Y.XmlElement('section')])
  })
}

/** The two sections, once this replica has them. */
export function sectionsOf(fragment: Y.XmlFragment): Sections | null {
  const [scratch, markers] = fragment.toArray()
  return scratch instanceof Y.XmlElement && markers instanceof Y.XmlElement ? { scratch, markers } : null
}

/** The marker word a client types: letters and digits randomEdits.ts never produces (it types lower-case words). */
export const markerWord = (client: number, n: number) => `M${client}N${String(n).padStart(4, '0')}`

const markerPattern = /M\d+N\d{4}/g

/** Inserts a paragraph holding `word` at a random place in the marker section. */
export function typeMarker(random: Random, sections: Sections, word: string): void {
  const paragraph = new Y.XmlElement('paragraph')
  paragraph.insert(0, [new Y.XmlText(word)])
  sections.markers.insert(randomInt(random, 0, sections.markers.length), [paragraph])
}

/** One random edit in the scratch section. */
export function scratchEdit(random: Random, sections: Sections): void {
  randomEdit(random, sections.scratch)
}

/** How many times each marker word occurs in the document's visible content. */
export function markerCounts(doc: Y.Doc): Map<string, number> {
  const counts = new Map<string, number>()
  for (const word of doc.getXmlFragment('prosemirror').toString().match(markerPattern) ?? []) {
    counts.set(word, (counts.get(word) ?? 0) + 1)
  }
  return counts
}

/** A client typing marked edits: its number (in its marker words), its fragment, and the markers it typed so far. */
export interface MarkerTypist {
  readonly index: number
  readonly client: { readonly fragment: Y.XmlFragment }
  readonly typed: string[]
}

/** One edit by `typist`: a marker with probability `markerChance` (recorded in `typed`), otherwise a random edit in the scratch section. */
export function typeSomething(random: Random, typist: MarkerTypist, markerChance: number): void {
  const sections = sectionsOf(typist.client.fragment)
  if (!sections) return
  if (chance(random, markerChance)) {
    const word = markerWord(typist.index, typist.typed.length)
    typeMarker(random, sections, word)
    typist.typed.push(word)
  } else {
    scratchEdit(random, sections)
  }
}
