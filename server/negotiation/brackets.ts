/**
 * Bracketed text: an unagreed proposal, owned by the party that proposed
 * it, possibly with alternatives ("[shall] / [will]"). In the document a
 * bracket is a mark (`bracket`, with the proposal's `id`, its `owner` and
 * the alternative's number `alt`) on the text it covers.
 */

import type { Node } from 'prosemirror-model'
import * as Y from 'yjs'
import { invalid, notFound } from '../errors.js'
import { contentFragmentName } from '../mou/contentCodec.js'

export interface Bracket {
  id: string
  owner: string
  /** The alternatives' texts, by `alt`. */
  alternatives: string[]
}

/** The brackets inside `node` (a clause, or the whole document), in order of appearance. */
export function bracketsOf(node: Node): Bracket[] {
  const found = new Map<string, Bracket>()
  node.descendants((child) => {
    if (!child.isText) return true
    const mark = child.marks.find((candidate) => candidate.type.name === 'bracket')
    if (!mark) return false
    const bracket = found.get(mark.attrs.id) ?? { id: mark.attrs.id, owner: mark.attrs.owner, alternatives: [] }
    const alt = Number(mark.attrs.alt) || 0
    bracket.alternatives[alt] = (bracket.alternatives[alt] ?? '') + child.text
    found.set(mark.attrs.id, bracket)
    return false
  })
  return [...found.values()].map((bracket) => ({ ...bracket, alternatives: Array.from(bracket.alternatives, (text) => text ?? '') }))
}

/** How a bracket reads: "[shall] / [will]". */
export const describeBracket = (bracket: Bracket): string => bracket.alternatives.map((text) => `[${text}]`).join(' / ')

/**
 * Resolves bracket `id` in the Yjs document: keeps alternative `keep`
 * (unbracketed) and deletes the others, or deletes every alternative when
 * `keep` is null. One transaction. Throws NotFound for an unknown bracket,
 * Invalid for an alternative it does not have.
 */
export function resolveBracket(doc: Y.Doc, id: string, keep: number | null): void {
  const texts: Y.XmlText[] = []
  const walk = (type: Y.XmlFragment | Y.XmlElement) => {
    for (const child of type.toArray()) {
      if (child instanceof Y.XmlText) texts.push(child)
      else if (child instanceof Y.XmlElement) walk(child)
    }
  }
  walk(doc.getXmlFragment(contentFragmentName))
  let seen = false
  let kept = false
  let alternatives = 0
  doc.transact(() => {
    for (const text of texts) {
      // Offsets, collected first, applied from the end so earlier ones stay valid.
      const runs: { at: number; length: number; alt: number }[] = []
      let at = 0
      for (const op of text.toDelta() as { insert: unknown; attributes?: Record<string, { id?: string; alt?: number } | undefined> }[]) {
        const length = typeof op.insert === 'string' ? op.insert.length : 1
        const bracket = op.attributes?.bracket
        if (bracket && bracket.id === id) {
          runs.push({ at, length, alt: Number(bracket.alt) || 0 })
          alternatives = Math.max(alternatives, (Number(bracket.alt) || 0) + 1)
        }
        at += length
      }
      if (runs.length > 0) seen = true
      for (const run of runs.reverse()) {
        if (run.alt === keep) {
          kept = true
          text.format(run.at, run.length, { bracket: null })
        } else text.delete(run.at, run.length)
      }
    }
    if (seen && keep !== null && !kept) throw invalid(`field "keep" must name an alternative of bracket ${id}, 0 to ${alternatives - 1} (got ${keep})`)
  })
  if (!seen) throw notFound(`there is no bracket ${id} in the document`)
}
