/**
 * An import plan written into a Counterpart Yjs document, in the caller's
 * transaction: the working text and each language text replaced as a
 * restore replaces them (`negotiation/restoration.ts`: the clauses agreed
 * now kept exactly as they are, every other clause written anew with its
 * current negotiation state, a new clause as a draft), and where the
 * draft's comments lie, as Yjs relative positions in the text written,
 * for their threads to be opened on the same words.
 */

import * as Y from 'yjs'
import { restoreText } from '../negotiation/restoration.js'
import { contentFragmentName, languageFragmentName } from '../vocabulary/documentRoots.js'
import { mouSchema, negotiatedParts } from '../vocabulary/schema.js'
import type { TextPlace, WrittenText } from './draftContent.js'
import type { ImportPlan } from './importPlan.js'

/** A comment's span in the document. */
export interface CommentSpan {
  from: Y.RelativePosition
  to: Y.RelativePosition
}

/** What writing an import did. */
export interface ImportWritten {
  /** The clauses and parts kept as they are, agreed now. */
  keptLocked: string[]
  /** Where each comment of the draft now lies, by comment id; a comment on words not written (in an agreed clause kept as it was) has none. */
  spans: Map<string, CommentSpan>
}

/** Writes `plan` into `doc` (call inside a transaction): the working text, then each language text. */
export function writeImport(doc: Y.Doc, plan: ImportPlan): ImportWritten {
  const { keptLocked } = restoreText(doc, plan.working.content)
  for (const translation of plan.translations) restoreText(doc, translation.content, languageFragmentName(translation.lang))
  const kept = new Set(keptLocked)
  const spans = new Map<string, CommentSpan>()
  const texts: [WrittenText, string][] = [[plan.working, contentFragmentName], ...plan.translations.map((text) => [text, languageFragmentName(text.lang)] as [WrittenText, string])]
  for (const [text, fragmentName] of texts) {
    const fragment = doc.getXmlFragment(fragmentName)
    for (const place of text.comments) {
      if (spans.has(place.comment) || kept.has(place.from.part) || kept.has(place.to.part)) continue
      const from = relativePosition(fragment, place.from, 'start')
      const to = relativePosition(fragment, place.to, 'end')
      if (from !== null && to !== null) spans.set(place.comment, { from, to })
    }
  }
  return { keptLocked, spans }
}

/** The element of `part` (a clause's id, or a part's fixed id) at the top of `fragment`, or null. */
function partElement(fragment: Y.XmlFragment, part: string): Y.XmlElement | null {
  const partName = Object.entries(negotiatedParts).find(([, id]) => id === part)?.[0] ?? null
  for (const child of fragment.toArray()) {
    if (!(child instanceof Y.XmlElement)) continue
    if (partName !== null ? child.nodeName === partName : child.nodeName === 'clause' && child.getAttribute('id') === part) return child
  }
  return null
}

/** The text blocks of `element`, in order. */
function textblocks(element: Y.XmlElement): Y.XmlElement[] {
  if (mouSchema.nodes[element.nodeName]?.isTextblock) return [element]
  return element.toArray().flatMap((child) => (child instanceof Y.XmlElement ? textblocks(child) : []))
}

/**
 * The relative position of `place` in `fragment`: in the XmlText that
 * holds the character at its offset ('start'), or the one before it
 * ('end', the span's end, which stays after the last character).
 */
function relativePosition(fragment: Y.XmlFragment, place: TextPlace, side: 'start' | 'end'): Y.RelativePosition | null {
  const part = partElement(fragment, place.part)
  const block = part ? textblocks(part)[place.block] : undefined
  if (!block) return null
  let at = 0
  for (const child of block.toArray()) {
    const size = child instanceof Y.XmlText ? child.length : 1
    if (child instanceof Y.XmlText) {
      if (side === 'start' && place.offset >= at && place.offset < at + size) return Y.createRelativePositionFromTypeIndex(child, place.offset - at)
      if (side === 'end' && place.offset > at && place.offset <= at + size) return Y.createRelativePositionFromTypeIndex(child, place.offset - at, -1)
    }
    at += size
  }
  return null
}
