/**
 * Bracketed text: an unagreed proposal, possibly with alternatives
 * ("[shall] / [will]"), each alternative owned by the party that proposed
 * it. In the document a bracket is a mark (`bracket`, with the proposal's
 * `id`, the alternative's `owner` and its number `alt`) on the text it
 * covers. Who may resolve a bracket is `bracketResolution.ts`; this module
 * reads brackets and edits them in the Yjs document.
 */

import type { Node } from 'prosemirror-model'
import * as Y from 'yjs'
import { invalid, notFound } from '../vocabulary/errors.js'
import { contentFragmentName } from '../mou/contentCodec.js'

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
  const found = new Map<string, { id: string; owners: string[]; alternatives: string[] }>()
  node.descendants((child) => {
    if (!child.isText) return true
    const mark = child.marks.find((candidate) => candidate.type.name === 'bracket')
    if (!mark) return false
    const bracket = found.get(mark.attrs.id) ?? { id: mark.attrs.id, owners: [], alternatives: [] }
    const alt = Number(mark.attrs.alt) || 0
    bracket.alternatives[alt] = (bracket.alternatives[alt] ?? '') + child.text
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

/** One run of bracket text in the Yjs document: where it is, and its mark's attributes. */
interface Run {
  text: Y.XmlText
  at: number
  length: number
  alt: number
  attributes: Record<string, unknown>
}

/** The runs of bracket `id` in `doc`, each text's runs from its end backwards (so that editing one keeps the next one's offsets). */
function runsOf(doc: Y.Doc, id: string): Run[] {
  const runs: Run[] = []
  const walk = (type: Y.XmlFragment | Y.XmlElement) => {
    for (const child of type.toArray()) {
      if (child instanceof Y.XmlElement) walk(child)
      if (!(child instanceof Y.XmlText)) continue
      const own: Run[] = []
      let at = 0
      for (const op of child.toDelta() as { insert: unknown; attributes?: Record<string, Record<string, unknown> | undefined> }[]) {
        const length = typeof op.insert === 'string' ? op.insert.length : 1
        const bracket = op.attributes?.bracket
        if (bracket && bracket.id === id) own.push({ text: child, at, length, alt: Number(bracket.alt) || 0, attributes: bracket })
        at += length
      }
      runs.push(...own.reverse())
    }
  }
  walk(doc.getXmlFragment(contentFragmentName))
  return runs
}

const alternativesOf = (runs: readonly Run[]) => runs.reduce((count, run) => Math.max(count, run.alt + 1), 0)

/**
 * Resolves bracket `id` in the Yjs document: keeps alternative `keep`
 * (unbracketed) and deletes the others, or deletes every alternative when
 * `keep` is null. One transaction. Throws NotFound for an unknown bracket,
 * Invalid for an alternative it does not have.
 */
export function resolveBracket(doc: Y.Doc, id: string, keep: number | null): void {
  const runs = runsOf(doc, id)
  if (runs.length === 0) throw notFound(`there is no bracket ${id} in the document`)
  const alternatives = alternativesOf(runs)
  if (keep !== null && !runs.some((run) => run.alt === keep)) {
    throw invalid(`field "keep" must name an alternative of bracket ${id}, 0 to ${alternatives - 1} (got ${keep})`)
  }
  doc.transact(() => {
    for (const run of runs) {
      if (run.alt === keep) run.text.format(run.at, run.length, { bracket: null })
      else run.text.delete(run.at, run.length)
    }
  })
}

/**
 * Deletes alternative `alt` of bracket `id` from the Yjs document and
 * renumbers the later ones, so that the alternatives stay numbered 0 to
 * n-1; the bracket is gone when it was the only one. One transaction.
 * Throws NotFound for an unknown bracket, Invalid for an alternative it
 * does not have.
 */
export function withdrawAlternative(doc: Y.Doc, id: string, alt: number): void {
  const runs = runsOf(doc, id)
  if (runs.length === 0) throw notFound(`there is no bracket ${id} in the document`)
  if (!runs.some((run) => run.alt === alt)) {
    throw invalid(`field "alt" must name an alternative of bracket ${id}, 0 to ${alternativesOf(runs) - 1} (got ${alt})`)
  }
  doc.transact(() => {
    for (const run of runs) {
      if (run.alt === alt) run.text.delete(run.at, run.length)
      else if (run.alt > alt) run.text.format(run.at, run.length, { bracket: { ...run.attributes, alt: run.alt - 1 } })
    }
  })
}
