/**
 * A clause's paragraphs by the numbers a reader cites them by: "9.2" for
 * the second numbered paragraph of the ninth clause, "9.2(a)" for that
 * paragraph's first sub-paragraph, "9(a)" for a sub-paragraph of the clause
 * itself — numbered as `numberDocument` numbers them (a numbered
 * paragraph's sub-paragraphs lettered within it, the clause's own lettered
 * in each run of them), in the language's digits and letters. The compare
 * shows them beside each paragraph it compares.
 */

import { digitsIn, subParagraphLetterIn } from './numbering.js'
import type { BlockKind } from './views.js'

/** What numbering needs of a block: its kind, and whether a sub-paragraph belongs to a numbered paragraph. */
export interface NumberedBlock {
  kind: BlockKind
  inNumbered?: boolean
}

/**
 * The number of each of `blocks` (in order) of the clause numbered
 * `clause` (from 1), in `lang`: "9.2", "9.2(a)", "9(a)", and "" for the
 * heading and plain paragraphs. Throws a RangeError when `clause` is not a
 * whole number ≥ 0.
 */
export function paragraphNumbers(clause: number, blocks: readonly NumberedBlock[], lang = 'en'): string[] {
  const prefix = digitsIn(clause, lang)
  let paragraph = 0
  let letter = 0
  let innerLetter = 0
  return blocks.map(({ kind, inNumbered }) => {
    if (kind === 'sub') {
      return inNumbered && paragraph > 0
        ? `${prefix}.${digitsIn(paragraph, lang)}(${subParagraphLetterIn(innerLetter++, lang)})`
        : `${prefix}(${subParagraphLetterIn(letter++, lang)})`
    }
    letter = 0
    if (kind !== 'numbered') return ''
    innerLetter = 0
    return `${prefix}.${digitsIn(++paragraph, lang)}`
  })
}
