/**
 * The clauses a cross-reference may point to, as the reference picker
 * lists them: each clause with an id, by its current label in the text's
 * language and its heading ("Paragraph 8 — Costs"), and the ones that
 * match what the member typed to find one.
 */

import type { Node } from 'prosemirror-model'
import { numberDocument } from '../../server/vocabulary/numbering.js'
import type { InstrumentStyle } from '../../server/vocabulary/document.js'

export interface ReferenceTarget {
  /** The clause's id, which the reference keeps. */
  id: string
  /** What a reference to it reads now: "Paragraph 8" ("ข้อ ๘" in a Thai text). */
  label: string
  /** Its heading, empty when it has none yet. */
  heading: string
  /** Its number among the clauses, 1-based. */
  number: number
}

/** Every clause of `doc` that has an id, in document order, labelled in `lang`. */
export function referenceTargets(doc: Node, style: InstrumentStyle, lang = 'en'): ReferenceTarget[] {
  return numberDocument(doc, style, lang).clauses.flatMap((clause) => {
    if (clause.id === null) return []
    const node = doc.nodeAt(clause.pos)!
    const heading = node.firstChild?.type.name === 'clause_heading' ? node.firstChild.textContent.trim() : ''
    return [{ id: clause.id, label: clause.label, heading, number: clause.number }]
  })
}

const normalised = (text: string) => text.normalize('NFC').toLocaleLowerCase().replace(/\s+/g, ' ').trim()

/**
 * The targets `query` finds, in document order: all of them for an empty
 * query; for digits alone ("1"), the clauses whose number starts with them
 * (1, 10–19); otherwise those whose label or heading holds every word of
 * the query, in any case ("costs", "para 8", "ข้อ ๘").
 */
export function matchingTargets(targets: readonly ReferenceTarget[], query: string): ReferenceTarget[] {
  const wanted = normalised(query)
  if (wanted === '') return [...targets]
  if (/^\d+$/.test(wanted)) return targets.filter((target) => String(target.number).startsWith(wanted))
  const words = wanted.split(' ')
  return targets.filter((target) => {
    const text = normalised(`${target.label} ${target.heading}`)
    return words.every((word) => text.includes(word))
  })
}

/** How a target reads in the picker: "Paragraph 8 — Costs" (the label alone when it has no heading). */
export const targetText = (target: ReferenceTarget): string => (target.heading ? `${target.label} — ${target.heading}` : target.label)
