/**
 * The words a refusal takes away: when the server refuses a change this
 * page made (offline, typically: typing into a clause agreed meanwhile), the
 * page starts again from the server's text, and everything it had not sent
 * goes with the refused change — the server judges a message whole. So that
 * nothing goes silently, the words typed here and not yet held by the
 * server are read out of the document first, clause by clause, kept in this
 * tab across the reload (session storage), and shown once the page is back,
 * for the member to copy and type again where they still may.
 *
 * `unsentWords` is pure: a Yjs document and the unsent changes in, the words
 * out.
 */

import * as Y from 'yjs'
import { isNegotiatedNode, negotiatedParts } from '../../server/vocabulary/schema.js'
import type { KeptUnsent } from './unsentChanges.js'

/** The paragraphs of one clause (or part) holding words the server does not hold, as the page has them. */
export interface LostWords {
  /** The part of the instrument they are in ("preamble"), or null in a clause. */
  part: PartKind | null
  /** The clause's heading as it reads ("" in a part). */
  heading: string
  /** Each such paragraph's whole text on the page: the words typed where they were typed. */
  paragraphs: string[]
}

/**
 * The paragraphs of `doc` holding words written by the unsent changes
 * `kept`, whole, clause by clause: typed words alone would read out of
 * context (and Yjs may have put a typed letter beside an equal one of the
 * text). What the unsent changes only deleted is not counted: the server's
 * text still has it.
 */
export function unsentWords(doc: Y.Doc, kept: KeptUnsent): LostWords[] {
  const unsent = (item: Y.Item): boolean =>
    !item.deleted && item.content instanceof Y.ContentString && kept.writes.some(([client, from, to]) => client === item.id.client && item.id.clock < to && item.id.clock + item.length > from)
  const lost: LostWords[] = []
  for (const [name, type] of doc.share) {
    if (!name.startsWith('prosemirror') || !(type instanceof Y.XmlFragment)) continue
    for (const node of type.toArray()) {
      if (!(node instanceof Y.XmlElement) || !isNegotiatedNode(node.nodeName)) continue
      const paragraphs = textblocksOf(node)
        .filter((texts) => texts.some((text) => itemsOf(text).some(unsent)))
        .map((texts) => texts.map(plainText).join('').trim())
        .filter((text) => text !== '')
      if (paragraphs.length === 0) continue
      const part = isPartKind(node.nodeName) ? node.nodeName : null
      lost.push({ part, heading: part ? '' : plainText(node.toArray()[0]), paragraphs })
    }
  }
  return lost
}

type PartKind = keyof typeof negotiatedParts

/** Whether `name` is the node name of a part of the instrument (the title, the preamble, the final provisions). */
const isPartKind = (name: unknown): name is PartKind => typeof name === 'string' && Object.hasOwn(negotiatedParts, name)

/** The text nodes of each block under `element` that holds text, in order. */
function textblocksOf(element: Y.XmlElement): Y.XmlText[][] {
  const children = element.toArray()
  const texts = children.filter((child): child is Y.XmlText => child instanceof Y.XmlText)
  if (texts.length > 0) return [texts]
  return children.flatMap((child) => (child instanceof Y.XmlElement ? textblocksOf(child) : []))
}

/** The items of a text, in order. */
function itemsOf(text: Y.XmlText): Y.Item[] {
  const items: Y.Item[] = []
  for (let item = text._start; item !== null; item = item.right) items.push(item)
  return items
}

/** What a node reads as, without its formatting. */
function plainText(node: unknown): string {
  if (node instanceof Y.XmlText) return node.toDelta().map((op: { insert?: unknown }) => (typeof op.insert === 'string' ? op.insert : '')).join('')
  if (node instanceof Y.XmlElement) return node.toArray().map(plainText).join('')
  return ''
}

/** Where this tab keeps the words a refusal took, for the page that follows the reload. */
const storageKey = (documentId: string, memberId: string) => `counterpart-refused:${documentId}:${memberId}`

/** Keeps `lost` in this tab for the next page of `documentId` opened by `memberId`. */
export function keepLostWords(documentId: string, memberId: string, lost: readonly LostWords[]): void {
  if (lost.length === 0) return
  try {
    sessionStorage.setItem(storageKey(documentId, memberId), JSON.stringify(lost))
  } catch {
    // Storage full or refused: the notice before the reload is all there is.
  }
}

/** The words a refusal took before this page was loaded, once: they are forgotten as they are read. */
export function takeLostWords(documentId: string, memberId: string): LostWords[] {
  const key = storageKey(documentId, memberId)
  try {
    const kept = sessionStorage.getItem(key)
    sessionStorage.removeItem(key)
    const parsed: unknown = kept === null ? [] : JSON.parse(kept)
    return Array.isArray(parsed) ? parsed.filter((entry): entry is LostWords => typeof entry?.heading === 'string' && Array.isArray(entry?.paragraphs) && (entry.part === null || isPartKind(entry.part))) : []
  } catch {
    return []
  }
}
