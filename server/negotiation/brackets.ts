/**
 * Bracketed text: an unagreed proposal, possibly with alternatives
 * ("[shall] / [will]"), each alternative owned by the party that proposed
 * it (read by `vocabulary/brackets.ts`). Who may resolve a bracket is
 * `bracketResolution.ts`; this module edits brackets in the Yjs document.
 */

import * as Y from 'yjs'
import { conflict, invalid, notFound } from '../vocabulary/errors.js'
import { contentFragmentName } from '../vocabulary/documentRoots.js'
import { refusal } from '../vocabulary/refusal.js'

/** One run of bracket text in the Yjs document: where it is, and its mark's attributes. */
interface Run {
  text: Y.XmlText
  at: number
  length: number
  alt: number
  attributes: Record<string, unknown>
}

/** The runs of bracket `id` in `doc` (or in `root` of it), each text's runs from its end backwards (so that editing one keeps the next one's offsets). */
function runsOf(doc: Y.Doc, id: string, root: Y.XmlFragment | Y.XmlElement = doc.getXmlFragment(contentFragmentName)): Run[] {
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
  walk(root)
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
  if (runs.length === 0) throw notFound(refusal('refusal.bracket.notFound', { bracket: id }))
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
  if (runs.length === 0) throw notFound(refusal('refusal.bracket.notFound', { bracket: id }))
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

/**
 * Adds `text` to bracket `id` of `clause` as a new alternative of `owner`'s,
 * right after the bracket's last run ("[30] / [60]" becomes
 * "[30] / [60] / [90]"); its number, which it returns, is the next. Throws
 * NotFound when the clause holds no such bracket, Conflict when `owner`
 * has an alternative in it already.
 */
export function addAlternative(doc: Y.Doc, clause: Y.XmlElement, id: string, owner: string, text: string): number {
  const runs = runsOf(doc, id, clause)
  if (runs.length === 0) throw notFound(refusal('refusal.draft.bracketNotInClause', { clause: String(clause.getAttribute('id')), bracket: id }))
  if (runs.some((run) => run.attributes.owner === owner)) throw conflict(refusal('refusal.draft.alternativeExists', { owner, bracket: id }))
  const alt = alternativesOf(runs)
  // Runs are listed text by text in the document's order, each text's from its end: the last text's first run ends the bracket.
  const last = runs.filter((run) => run.text === runs.at(-1)!.text).reduce((latest, run) => (run.at > latest.at ? run : latest))
  last.text.insert(last.at + last.length, text, { bracket: { id, owner, alt } })
  return alt
}

/**
 * Appends `paragraphs` to `clause` as new paragraphs, all of them one new
 * bracket `id` of `owner`'s: a proposal for the other party to take or
 * leave. One transaction.
 */
export function appendBracketedParagraphs(doc: Y.Doc, clause: Y.XmlElement, id: string, owner: string, paragraphs: readonly string[]): void {
  doc.transact(() => {
    for (const words of paragraphs) {
      const paragraph = new Y.XmlElement('paragraph')
      clause.insert(clause.length, [paragraph])
      const text = new Y.XmlText()
      paragraph.insert(0, [text])
      text.insert(0, words, { bracket: { id, owner, alt: 0 } })
    }
  })
}

