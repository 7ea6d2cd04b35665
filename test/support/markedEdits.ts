/**
 * Seeded random edits that leave a trace that can be counted: the shared
 * fragment gets two more clauses, a scratch clause where the random edits
 * of randomEdits.ts type and delete freely, and a marker clause where each
 * client inserts paragraphs holding words unique to it ("M2N0017") and
 * nobody deletes anything. Afterwards every marker a client typed must be
 * in every replica exactly once: nothing lost, nothing duplicated.
 */

import * as Y from 'yjs'
import { toYElement } from '../../server/mou/contentCodec.js'
import { clause, p } from './mouBuilders.js'
import { chance, randomClauseEdit, randomInt, type Random } from './randomEdits.js'

export interface Sections {
  /** Where random edits type and delete. */
  readonly scratch: Y.XmlElement
  /** Where markers go; nothing in it is ever deleted. */
  readonly markers: Y.XmlElement
}

const scratchId = 'cl_scratch'
const markersId = 'cl_markers'

/** Creates the two sections, as clauses after the others; one client does this once, before anyone edits. */
export function createSections(fragment: Y.XmlFragment): void {
  fragment.doc!.transact(() => {
    fragment.push([toYElement(clause(scratchId, 'Scratch', p('scratch'))), toYElement(clause(markersId, 'Markers', p('markers')))])
  })
}

/** The two sections, once this replica has them. */
export function sectionsOf(fragment: Y.XmlFragment): Sections | null {
  const byId = (id: string) => fragment.toArray().find((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.getAttribute('id') === id)
  const scratch = byId(scratchId)
  const markers = byId(markersId)
  return scratch && markers ? { scratch, markers } : null
}

/** The marker word a client types: letters and digits randomEdits.ts never produces (it types lower-case words). */
export const markerWord = (client: number, n: number) => `M${client}N${String(n).padStart(4, '0')}`

const markerPattern = /M\d+N\d{4}/g

/** Inserts a paragraph holding `word` at a random place in the marker section (after its heading). */
export function typeMarker(random: Random, sections: Sections, word: string): void {
  const paragraph = new Y.XmlElement('paragraph')
  paragraph.insert(0, [new Y.XmlText(word)])
  sections.markers.insert(randomInt(random, 1, sections.markers.length), [paragraph])
}

/** One random edit in the scratch section. */
export function scratchEdit(random: Random, sections: Sections): void {
  randomClauseEdit(random, sections.scratch)
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
