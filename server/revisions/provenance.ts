/**
 * The text of a document read straight from its Yjs structure, each
 * character with the id of the Yjs item it lives in (client and clock):
 * from that id, the log knows who typed the character and, once it is gone,
 * who deleted it. Compare and attribution are built on this.
 *
 * Reads a document as it is now (visible = not deleted). To read an older
 * state, read the document `Y.createDocFromSnapshot` returns: it keeps the
 * item ids.
 */

import * as Y from 'yjs'
import { referenceOf, type PartyNamer, type PartyReference } from '../vocabulary/partyReference.js'
import { bracketJoint, bracketRunOf, type BracketRun } from '../vocabulary/bracketNotation.js'
import type { BlockKind } from '../vocabulary/views.js'
import type { ElementMemo } from '../mou/elementMemo.js'

/** Client of characters the software adds (separators, reference labels): no author. */
export const generated = -1

/**
 * Joints: characters readers write for Yjs items that hold no text, and so
 * are not in the document, but are somebody's — bracket characters ("[",
 * "] / [", "]", see `bracketNotation.ts`) for the format item that opened
 * their run, and the line break between two blocks (`joinBlocks`) for the
 * element of the block it begins. Each carries that item's client and, as
 * its clock, `jointClock` of the item's clock — negative, apart from every
 * character's — so that a bracket or a paragraph that comes or goes is
 * credited to whoever opened, created, resolved or removed it.
 */
export const jointClock = (itemClock: number): number => -1 - itemClock

/** Whether a character's clock is a joint's (see `jointClock`). */
export const isJoint = (clock: number): boolean => clock < 0

/** The clock of the Yjs item a character's clock names: its own, or a joint's item. */
export const itemClock = (clock: number): number => (clock < 0 ? -1 - clock : clock)

/** A block of text; `clients[i]`/`clocks[i]` identify the item of `text[i]` (UTF-16 units; a bracket character's: see `jointClock`). */
export interface TextBlock {
  kind: BlockKind
  text: string
  clients: number[]
  clocks: number[]
  /** A sub-paragraph of a numbered paragraph (lettered within it), not one standing in the clause itself. */
  inNumbered?: true
  /** The Yjs item of the block's element: who made the paragraph (and, once it is gone, who removed it). */
  element?: { client: number; clock: number }
}

export interface ClauseText {
  id: string | null
  templateId: string | null
  status: string
  /** The heading first, then the body blocks in order. */
  blocks: TextBlock[]
}

export interface DocumentText {
  title: TextBlock[]
  preamble: TextBlock[]
  clauses: ClauseText[]
  finalProvisions: TextBlock[]
}

const blockKinds: Record<string, BlockKind> = {
  title: 'title',
  recital: 'recital',
  closing_formula: 'closing_formula',
  clause_heading: 'heading',
  paragraph: 'paragraph',
  sub_paragraph: 'sub',
}

/**
 * Reads fragment `fragment` of `doc` (the working text by default).
 * Clause references are shown with `labelOf(clauseId)`, given the clause
 * order just read; party references with `nameParty`.
 */
export function readDocumentText(
  doc: Y.Doc,
  labelOf: (clauseId: string | null, order: (string | null)[]) => string,
  fragment: string,
  nameParty: PartyNamer,
): DocumentText {
  return labelText(readUnlabelled(doc, fragment), labelOf, nameParty)
}

/**
 * A text as read from Yjs, its references not yet shown (`labelText` shows
 * them): what stays true of the text whatever its references read, so that
 * it can be kept and labelled again by another state's numbers.
 */
export interface UnlabelledText {
  title: UnlabelledBlock[]
  preamble: UnlabelledBlock[]
  clauses: { id: string | null; templateId: string | null; status: string; blocks: UnlabelledBlock[] }[]
  finalProvisions: UnlabelledBlock[]
  /** The clauses' ids in order, as references are numbered by. */
  order: (string | null)[]
}

/** A block as read: finished when it refers to nothing, otherwise its pieces with each reference as a slot. */
export type UnlabelledBlock =
  | { finished: TextBlock }
  | { kind: BlockKind; pieces: (Piece | Reference)[]; inNumbered?: true; element?: { client: number; clock: number } }

type Reference = { clauseId: string | null } | { party: PartyReference }

/** A top-level element as read. */
type ElementReading = Pick<UnlabelledText['clauses'][number], 'id' | 'templateId' | 'status' | 'blocks'>

/** Reads fragment `fragment` of `doc`, references as slots; with `memo`, an element read before that did not change since is not read again. */
export function readUnlabelled(doc: Y.Doc, fragment: string, memo?: ElementMemo): UnlabelledText {
  const result: UnlabelledText = { title: [], preamble: [], clauses: [], finalProvisions: [], order: [] }
  for (const element of doc.getXmlFragment(fragment).toArray()) {
    if (!(element instanceof Y.XmlElement)) continue
    const kind = element.nodeName
    if (kind !== 'title' && kind !== 'preamble' && kind !== 'final_provisions' && kind !== 'clause') continue
    const reading = memo ? memo.reading('text', element, () => readElement(element)) : readElement(element)
    if (kind === 'title') result.title = reading.blocks
    else if (kind === 'preamble') result.preamble = reading.blocks
    else if (kind === 'final_provisions') result.finalProvisions = reading.blocks
    else {
      result.clauses.push(reading)
      result.order.push(reading.id)
    }
  }
  return result
}

function readElement(element: Y.XmlElement): ElementReading {
  return {
    id: stringAttribute(element, 'id'),
    templateId: stringAttribute(element, 'templateId'),
    status: stringAttribute(element, 'status') ?? 'draft',
    blocks: blocksOf(element),
  }
}

/** `text` with its references shown: clauses by `labelOf(clauseId, order)` (asked once per clause referred to), parties by `nameParty`. */
export function labelText(text: UnlabelledText, labelOf: (clauseId: string | null, order: (string | null)[]) => string, nameParty: PartyNamer): DocumentText {
  const labels = new Map<string | null, string>()
  const label = (clauseId: string | null) => {
    let shown = labels.get(clauseId)
    if (shown === undefined) labels.set(clauseId, (shown = labelOf(clauseId, text.order)))
    return shown
  }
  const blocks = (read: readonly UnlabelledBlock[]) =>
    read.map((block): TextBlock => {
      if ('finished' in block) return block.finished
      const pieces = block.pieces.map((piece): Piece => {
        if ('text' in piece) return piece
        return { text: 'party' in piece ? nameParty(piece.party) : label(piece.clauseId), client: generated, clock: 0 }
      })
      return finished(block.kind, pieces, block)
    })
  return {
    title: blocks(text.title),
    preamble: blocks(text.preamble),
    clauses: text.clauses.map((clause) => ({ id: clause.id, templateId: clause.templateId, status: clause.status, blocks: blocks(clause.blocks) })),
    finalProvisions: blocks(text.finalProvisions),
  }
}

/** The block of `pieces`, with what the reading knew of where it stands. */
function finished(kind: BlockKind, pieces: readonly Piece[], from: { inNumbered?: true; element?: { client: number; clock: number } }): TextBlock {
  const block = blockOf(kind, pieces)
  if (from.inNumbered) block.inNumbered = true
  if (from.element) block.element = from.element
  return block
}

/** How deep `blocksOf` looks: the schema nests text blocks three deep; anything deeper is not a document's text. */
const maxDepth = 16

/** The text blocks inside `element` (itself one, or its descendants down to `maxDepth`), in order. */
function blocksOf(element: Y.XmlElement, depth = 0): UnlabelledBlock[] {
  if (depth > maxDepth) return []
  if (element.nodeName === 'numbered_paragraph') {
    const blocks = childElements(element).flatMap((child) => blocksOf(child, depth + 1))
    // Its first paragraph is the numbered one; its sub-paragraphs are lettered within it, apart from the clause's own.
    return blocks.map((block, index) => {
      const kindOf = 'finished' in block ? block.finished.kind : block.kind
      const kind = index === 0 && kindOf === 'paragraph' ? 'numbered' : kindOf
      const inNumbered = kind === 'sub' ? ({ inNumbered: true } as const) : {}
      if ('finished' in block) return { finished: { ...block.finished, kind, ...inNumbered } }
      return { ...block, kind, ...inNumbered }
    })
  }
  const kind = blockKinds[element.nodeName]
  if (kind === undefined) return childElements(element).flatMap((child) => blocksOf(child, depth + 1))
  const pieces: (Piece | Reference)[] = []
  let refers = false
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlText) appendItems(pieces, child)
    else if (child instanceof Y.XmlElement && child.nodeName === 'clause_ref') {
      pieces.push({ clauseId: stringAttribute(child, 'clauseId') })
      refers = true
    } else if (child instanceof Y.XmlElement && child.nodeName === 'party_ref') {
      pieces.push({ party: referenceOf(child.getAttributes()) })
      refers = true
    }
  }
  const item = element._item
  const where = item ? { element: { client: item.id.client, clock: item.id.clock } } : {}
  if (refers) return [{ kind, pieces, ...where }]
  return [{ finished: finished(kind, pieces as Piece[], where) }]
}

/** A run of characters from one Yjs item (clocks from `clock` on), generated (client `generated`), or bracket characters (`joint`: one clock for all). */
interface Piece {
  text: string
  client: number
  clock: number
  joint?: true
}

/** Appends the pieces of `text`, writing brackets around bracketed runs (see `bracketNotation.ts`). */
function appendItems(pieces: (Piece | Reference)[], text: Y.XmlText): void {
  // The bracket run of the text last written and the one in force, each with the format item that opened it.
  let open: BracketRun | null = null
  let openedBy: Y.ID | null = null
  let current: BracketRun | null = null
  let currentBy: Y.ID | null = null
  const bracketPiece = (brackets: string, by: Y.ID): Piece => ({ text: brackets, client: by.client, clock: jointClock(by.clock), joint: true })
  const joint = () => {
    const brackets = bracketJoint(open, current)
    if (brackets === '') return
    // "]" closes the run last written; what follows it opens the one in force.
    const closing = open === null ? 0 : 1
    if (closing === 1) pieces.push(bracketPiece(']', openedBy!))
    if (brackets.length > closing) pieces.push(bracketPiece(brackets.slice(closing), currentBy!))
  }
  for (let item = text._start; item !== null; item = item.right) {
    if (item.deleted) continue
    if (item.content instanceof Y.ContentFormat && item.content.key === 'bracket') {
      current = bracketRunOf(item.content.value)
      currentBy = item.id
    }
    if (!(item.content instanceof Y.ContentString)) continue
    joint()
    open = current
    openedBy = currentBy
    pieces.push({ text: item.content.str, client: item.id.client, clock: item.id.clock })
  }
  current = null
  joint()
}

/** The block of `pieces`, its arrays filled in one pass (per-character pushes are slow on long texts). */
function blockOf(kind: BlockKind, pieces: readonly Piece[]): TextBlock {
  let length = 0
  for (const piece of pieces) length += piece.text.length
  const clients = new Array<number>(length)
  const clocks = new Array<number>(length)
  let at = 0
  for (const { text, client, clock, joint } of pieces) {
    for (let i = 0; i < text.length; i++, at++) {
      clients[at] = client
      clocks[at] = client === generated ? 0 : joint ? clock : clock + i
    }
  }
  return { kind, text: pieces.map((piece) => piece.text).join(''), clients, clocks }
}

const childElements = (element: Y.XmlElement) => element.toArray().filter((child): child is Y.XmlElement => child instanceof Y.XmlElement)

function stringAttribute(element: Y.XmlElement, name: string): string | null {
  const value = element.getAttribute(name) as unknown
  return typeof value === 'string' ? value : null
}
