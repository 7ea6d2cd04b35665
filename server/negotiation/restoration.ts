/**
 * Restoring an old revision's text into the live document: a restore brings
 * back text, never negotiation state.
 *
 * - A clause locked now (agreed, or agreed ad referendum) stays exactly as
 *   it is — text, status, agreements, place —, whatever the old revision
 *   held for it.
 * - Any other clause the old revision holds gets its old text with its
 *   current status, agreements and reopen request: a clause agreed then but
 *   open now comes back open, its old text an ordinary, attributed edit.
 * - A clause the old revision holds that is gone now comes back as a draft;
 *   a clause added since, unless locked, goes.
 * - The title, preamble and final provisions are negotiated like clauses:
 *   locked now, they stay as they are; otherwise they get their old text
 *   with their current state.
 *
 * Everything but the locked clauses is written anew (as a restore always
 * was: the compare reads such text word by word), in the old order, with
 * the locked clauses kept where they are among them. A text in another
 * language is restored the same way, a clause locked there when its
 * working clause is; it carries no negotiation state of its own.
 */

import type { Node } from 'prosemirror-model'
import * as Y from 'yjs'
import { clauseIdentity } from '../mou/alignedTexts.js'
import { toYElement } from '../mou/contentCodec.js'
import { isLocked } from '../vocabulary/clauseState.js'
import { contentFragmentName } from '../vocabulary/documentRoots.js'
import { isNegotiatedNode, negotiatedParts } from '../vocabulary/schema.js'

/** What a restore did not bring back. */
export interface RestoreOutcome {
  /** Ids of the clauses kept as they are because they are locked now. */
  keptLocked: string[]
}

/** The negotiation state of a clause: what a restore never changes. */
const negotiationAttributes = ['status', 'agreedBy', 'reopenRequest'] as const

/** A clause, or a part negotiated like one (title, preamble, final provisions). */
const isClause = (node: unknown): node is Y.XmlElement => node instanceof Y.XmlElement && isNegotiatedNode(node.nodeName)

/** The id of a clause, or the fixed id of a negotiated part. */
const idOf = (element: Y.XmlElement): string => String(element.getAttribute('id') ?? negotiatedParts[element.nodeName as keyof typeof negotiatedParts])

/** A place in the restored text: an old node to write, or a locked clause kept as it is. */
type Entry = { node: Node } | { kept: Y.XmlElement }

/** Brings the text of `old` back into `doc` (into fragment `fragmentName`: the working text by default) in one transaction (see the module comment). */
export function restoreText(doc: Y.Doc, old: Node, fragmentName = contentFragmentName): RestoreOutcome {
  const translation = fragmentName !== contentFragmentName
  const lockedIds = new Set(
    doc
      .getXmlFragment(contentFragmentName)
      .toArray()
      .filter((node): node is Y.XmlElement => isClause(node) && isLocked(node.getAttribute('status')))
      .map(idOf),
  )
  const fragment = doc.getXmlFragment(fragmentName)
  const current = fragment.toArray()
  const byId = new Map<string, Y.XmlElement>()
  for (const node of current) if (isClause(node)) byId.set(idOf(node), node)
  const locked = current.filter((node): node is Y.XmlElement => isClause(node) && lockedIds.has(idOf(node)))
  const lockedSet = new Set(locked)

  const entries: Entry[] = []
  old.forEach((node) => {
    if (!isNegotiatedNode(node.type.name)) {
      entries.push({ node })
      return
    }
    const now = byId.get(String(node.attrs.id))
    if (now && lockedSet.has(now)) return
    if (translation) {
      entries.push({ node: node.type.name === 'clause' ? node.type.create(clauseIdentity(node), node.content, node.marks) : node })
      return
    }
    const state = Object.fromEntries(negotiationAttributes.map((key) => [key, now ? (now.getAttribute(key) ?? null) : null]))
    entries.push({ node: node.type.create({ ...node.attrs, ...state, status: now ? (state.status ?? 'draft') : 'draft' }, node.content, node.marks) })
  })

  // The locked clauses, in their current order, each after what precedes it now.
  const positionOf = (element: Y.XmlElement | Y.XmlText | Y.XmlHook): number => {
    const id = isClause(element) ? idOf(element) : null
    return entries.findIndex((entry) =>
      'kept' in entry ? entry.kept === element : id !== null ? isNegotiatedNode(entry.node.type.name) && String(entry.node.attrs.id) === id : entry.node.type.name === (element as Y.XmlElement).nodeName,
    )
  }
  let floor = 0
  for (const clause of locked) {
    let at = -1
    for (let index = current.indexOf(clause) - 1; index >= 0 && at < 0; index--) at = positionOf(current[index]!)
    // Clauses come after the preamble; the title, first of all, before everything.
    if (at < 0 && clause.nodeName === 'clause') at = entries.findIndex((entry) => 'node' in entry && entry.node.type.name === 'preamble')
    const insertAt = Math.max(at + 1, floor)
    entries.splice(insertAt, 0, { kept: clause })
    floor = insertAt + 1
  }

  // Between kept clauses, the entries to write.
  const segments: Node[][] = [[]]
  for (const entry of entries) {
    if ('kept' in entry) segments.push([])
    else segments.at(-1)!.push(entry.node)
  }
  doc.transact(() => {
    for (let index = current.length - 1; index >= 0; index--) {
      if (lockedSet.has(current[index] as Y.XmlElement)) continue
      let start = index
      while (start > 0 && !lockedSet.has(current[start - 1] as Y.XmlElement)) start--
      fragment.delete(start, index - start + 1)
      index = start
    }
    for (let segment = segments.length - 1; segment >= 0; segment--) {
      if (segments[segment]!.length > 0) fragment.insert(segment, segments[segment]!.map(toYElement))
    }
  })
  return { keptLocked: locked.map(idOf) }
}
