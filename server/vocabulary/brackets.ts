/**
 * Bracketed text: an unagreed proposal, possibly with alternatives
 * ("[shall] / [will]"), each alternative owned by the party that proposed
 * it. In the document a bracket is a mark (`bracket`, with the proposal's
 * `id`, the alternative's `owner` and its number `alt`) on the text it
 * covers; this module reads them from a ProseMirror document.
 */

import type { Node } from 'prosemirror-model'

export interface Bracket {
  id: string
  /** The party that opened the proposal: the owner of alternative 0. */
  owner: string
  /** Each alternative's owner, by `alt`. */
  owners: string[]
  /** The alternatives' texts, by `alt`. */
  alternatives: string[]
}

/** The brackets inside `node` (a clause, or the whole document), in order of appearance. */
export function bracketsOf(node: Node): Bracket[] {
  const found = new Map<string, { id: string; owners: string[]; alternatives: string[]; blocks: (Node | null)[] }>()
  node.descendants((child, _pos, parent) => {
    if (!child.isText) return true
    const mark = child.marks.find((candidate) => candidate.type.name === 'bracket')
    if (!mark) return false
    const bracket = found.get(mark.attrs.id) ?? { id: mark.attrs.id, owners: [], alternatives: [], blocks: [] }
    const alt = Number(mark.attrs.alt) || 0
    // An alternative that runs on into the next paragraph reads with the paragraph break.
    const carriedOver = bracket.alternatives[alt] !== undefined && bracket.blocks[alt] !== parent
    bracket.alternatives[alt] = (bracket.alternatives[alt] ?? '') + (carriedOver ? '\n' : '') + child.text
    bracket.blocks[alt] = parent
    bracket.owners[alt] ??= String(mark.attrs.owner ?? '')
    found.set(mark.attrs.id, bracket)
    return false
  })
  return [...found.values()].map(({ id, owners, alternatives }) => {
    const dense = Array.from(alternatives, (_, alt) => ({ text: alternatives[alt] ?? '', owner: owners[alt] ?? '' }))
    return { id, owner: dense[0]?.owner ?? '', owners: dense.map((entry) => entry.owner), alternatives: dense.map((entry) => entry.text) }
  })
}

/** How a bracket reads: "[shall] / [will]". */
export const describeBracket = (bracket: Pick<Bracket, 'alternatives'>): string => bracket.alternatives.map((text) => `[${text}]`).join(' / ')
