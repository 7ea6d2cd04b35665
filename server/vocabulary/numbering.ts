/**
 * Numbering, derived from the document and never typed: clauses are
 * "Article 1", "Article 2"… in a treaty and "Paragraph 1"… in a memorandum;
 * numbered paragraphs are "1.", "2." within their clause; lettered
 * sub-paragraphs are "(a)", "(b)" within their run. Cross-references show
 * the current label of the clause they point at. The client, compare and
 * DOCX export all number through `numberDocument`.
 */

import type { Node } from 'prosemirror-model'
import type { InstrumentStyle } from './document.js'

export interface ClauseNumber {
  /** The clause's id (null for a clause that has none yet). */
  id: string | null
  /** 1-based position among the clauses. */
  number: number
  /** "Article 3" or "Paragraph 3". */
  label: string
  /** Position of the clause node in the document. */
  pos: number
}

export interface Numbering {
  readonly style: InstrumentStyle
  /** Every clause in document order. */
  readonly clauses: readonly ClauseNumber[]
  /** Labels of numbered paragraphs ("1.") and sub-paragraphs ("(a)"), by the node's position. */
  readonly blockLabels: ReadonlyMap<number, string>
  /** The label of the clause with this id, or null when there is none. */
  clauseLabel(id: string | null): string | null
}

/** The word that numbers clauses in `style`. */
export function clauseWord(style: InstrumentStyle): 'Article' | 'Paragraph' {
  return style === 'treaty' ? 'Article' : 'Paragraph'
}

/** What a reference to a clause that no longer exists shows. */
export const missingReferenceLabel = '[missing reference]'

/** Letters for sub-paragraphs: a…z, then aa, ab… */
export function subParagraphLetter(index: number): string {
  if (!Number.isInteger(index) || index < 0) throw new RangeError(`sub-paragraph index ${index} is not a whole number ≥ 0`)
  let letters = ''
  let n = index
  do {
    letters = String.fromCharCode(97 + (n % 26)) + letters
    n = Math.floor(n / 26) - 1
  } while (n >= 0)
  return letters
}

/** Numbers every clause, numbered paragraph and sub-paragraph of `doc`. */
export function numberDocument(doc: Node, style: InstrumentStyle): Numbering {
  const word = clauseWord(style)
  const clauses: ClauseNumber[] = []
  const blockLabels = new Map<number, string>()
  doc.forEach((child, offset) => {
    if (child.type.name !== 'clause') return
    const pos = offset
    clauses.push({ id: child.attrs.id ?? null, number: clauses.length + 1, label: `${word} ${clauses.length + 1}`, pos })
    let paragraphNumber = 0
    let letter = 0
    child.forEach((block, blockOffset) => {
      const blockPos = pos + 1 + blockOffset
      if (block.type.name === 'sub_paragraph') {
        blockLabels.set(blockPos, `(${subParagraphLetter(letter++)})`)
        return
      }
      letter = 0
      if (block.type.name !== 'numbered_paragraph') return
      blockLabels.set(blockPos, `${++paragraphNumber}.`)
      let innerLetter = 0
      block.forEach((inner, innerOffset) => {
        if (inner.type.name === 'sub_paragraph') blockLabels.set(blockPos + 1 + innerOffset, `(${subParagraphLetter(innerLetter++)})`)
      })
    })
  })
  const byId = new Map(clauses.filter((clause) => clause.id !== null).map((clause) => [clause.id, clause.label]))
  return {
    style,
    clauses,
    blockLabels,
    clauseLabel: (id) => (id === null ? null : (byId.get(id) ?? null)),
  }
}
