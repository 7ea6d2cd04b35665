/**
 * Memoranda built the way prosemirror-test-builder builds documents, with
 * positions marked by tags in the text:
 *
 *     const content = memo(clause('c1', heading('Objectives'), p('The <a>Participants<b> will cooperate.')))
 *     content.tag.a // the document position before "Participants"
 *
 * and what the pure modules need to run on the shared Yjs document such a
 * memorandum becomes: the document typed by one Yjs client, a tag's place
 * in the Yjs text, and members editing it afterwards, each on a replica of
 * their own Yjs client, with the record the update log keeps of who typed
 * and who deleted which items (the `Authorship` the version history builds
 * from it).
 */

import { nameParties } from './parties.js'
import type { Attrs, Node } from 'prosemirror-model'
import { prosemirrorToYXmlFragment } from 'y-prosemirror'
import * as Y from 'yjs'
import type { Authorship } from '../../server/revisions/comparison.js'
import { readDocumentText, type DocumentText } from '../../server/revisions/provenance.js'
import { contentFragmentName, defineRoots } from '../../server/vocabulary/documentRoots.js'
import { clauseWord, missingReferenceLabel } from '../../server/vocabulary/numbering.js'
import type { InstrumentStyle } from '../../server/vocabulary/document.js'
import { mouSchema } from '../../server/vocabulary/schema.js'
import type { Author } from '../../server/vocabulary/views.js'

/** Positions named by the tags (`<a>`) written in a builder's text. */
export type Tags = Record<string, number>

/** A node with the positions of the tags written inside it, relative to the start of its content. */
export type Tagged = Node & { tag: Tags }

/** Marked text as a mark builder returns it: nodes to splice into the parent, and their tags. */
export interface Flat {
  flat: Node[]
  tag: Tags
}

/** What a builder takes: text (with tags), a node, or what a mark builder returned. */
export type Child = string | Node | Flat

const isFlat = (child: Node | Flat): child is Flat => 'flat' in child

/** The nodes of `children`, each passed through `wrap`, and their tags, positions counted from the first. */
function flatten(children: readonly Child[], wrap: (node: Node) => Node = (node) => node): { nodes: Node[]; tag: Tags } {
  const nodes: Node[] = []
  const tag: Tags = {}
  let pos = 0
  for (const child of children) {
    if (typeof child === 'string') {
      let text = ''
      let at = 0
      for (const match of child.matchAll(/<(\w+)>/g)) {
        text += child.slice(at, match.index)
        pos += match.index - at
        at = match.index + match[0].length
        tag[match[1]!] = pos
      }
      text += child.slice(at)
      pos += child.length - at
      if (text !== '') nodes.push(wrap(mouSchema.text(text)))
    } else if (isFlat(child)) {
      for (const [name, at] of Object.entries(child.tag)) tag[name] = pos + at
      for (const node of child.flat) {
        const wrapped = wrap(node)
        nodes.push(wrapped)
        pos += wrapped.nodeSize
      }
    } else {
      // A node's content starts one position after the node.
      for (const [name, at] of Object.entries((child as Partial<Tagged>).tag ?? {})) tag[name] = pos + 1 + at
      nodes.push(wrap(child))
      pos += child.nodeSize
    }
  }
  return { nodes, tag }
}

/** A builder of `type` nodes; the content is checked against the schema. */
const node =
  (type: string, attrs: Attrs | null = null) =>
  (...children: Child[]): Tagged => {
    const { nodes, tag } = flatten(children)
    const built = mouSchema.nodes[type]!.createChecked(attrs, nodes) as Tagged
    built.tag = tag
    return built
  }

/** A builder of text marked `type`. */
const mark =
  (type: string, attrs: Attrs | null = null) =>
  (...children: Child[]): Flat => {
    const markup = mouSchema.mark(type, attrs)
    const { nodes, tag } = flatten(children, (child) => child.mark(markup.addToSet(child.marks)))
    return { flat: nodes, tag }
  }

export const doc = node('doc')
export const title = node('title')
export const preamble = node('preamble')
export const recital = node('recital')
export const formula = node('closing_formula')
export const heading = node('clause_heading')
export const p = node('paragraph')
export const np = node('numbered_paragraph')
export const sub = node('sub_paragraph')
export const finals = node('final_provisions')
/** The title, preamble or final provisions with their negotiation state: `part('title', { status: 'agreed' })('Memorandum')`. */
export const part = (type: 'title' | 'preamble' | 'final_provisions', attrs: Attrs) => node(type, attrs)

/** A clause: `clause('c1', heading(…), p(…))`, or with its negotiation state, `clause({ id: 'c1', status: 'agreed' }, …)`. */
export const clause = (attrs: string | Attrs, ...children: Child[]): Tagged => node('clause', typeof attrs === 'string' ? { id: attrs } : attrs)(...children)

/** A reference to the clause `clauseId`. */
export const ref = (clauseId: string | null): Node => mouSchema.node('clause_ref', { clauseId })
/** A reference to party `party` (a code, or "*" for both) by `form`. */
export const partyRef = (party: string, form: 'name' | 'shortName' | 'state' = 'name'): Node => mouSchema.node('party_ref', { party, form })

export const strong = mark('strong')
export const em = mark('em')
export const underline = mark('underline')

/** Text of alternative `alt` of bracket `id`, proposed by `owner`: `bracket('b1', 'TH', 1)('60')`. */
export const bracket =
  (id: string, owner: string, alt = 0) =>
  (...children: Child[]): Flat =>
    mark('bracket', { id, owner, alt })(...children)

/** A memorandum of `clauses`, after the usual title and a one-recital preamble. */
export const memo = (...clauses: Child[]): Tagged =>
  doc(title('Memorandum of Understanding'), preamble(recital('RECOGNISING the need to cooperate;'), formula('HAVE REACHED the following understanding:')), ...clauses)

/** The Yjs client that types a document built here, unless told otherwise. */
export const drafterClient = 1

/** The shared document `content` becomes, every character typed by Yjs client `client` (garbage collection off, as the server's live document). */
export function sharedDoc(content: Node, client = drafterClient): Y.Doc {
  const doc = new Y.Doc({ gc: false })
  doc.clientID = client
  defineRoots(doc)
  prosemirrorToYXmlFragment(content, doc.getXmlFragment(contentFragmentName))
  return doc
}

/** A copy of `doc` as it is now, on Yjs client `client` (its items keep their ids). */
export function copyOf(doc: Y.Doc, client?: number): Y.Doc {
  const copy = new Y.Doc({ gc: false })
  defineRoots(copy)
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  // Set after the update: Yjs gives itself another id when an update holds items of its own.
  if (client !== undefined) copy.clientID = client
  return copy
}

/**
 * Where position `pos` of `content` is in `doc`, the shared document built
 * from it (before any change to its structure): the XmlText and the index
 * in it. A run of text nodes is one XmlText, as y-prosemirror writes it; a
 * reference is an element of its own. Throws a RangeError for a position
 * outside text.
 */
export function textAt(doc: Y.Doc, content: Node, pos: number): { text: Y.XmlText; index: number } {
  const $pos = content.resolve(pos)
  if (!$pos.parent.inlineContent) throw new RangeError(`position ${pos} is not in a textblock`)
  let type: Y.XmlFragment | Y.XmlElement = doc.getXmlFragment(contentFragmentName)
  for (let depth = 0; depth < $pos.depth; depth++) type = type.get($pos.index(depth)) as Y.XmlElement
  const offset = $pos.parentOffset
  let child = -1
  let at = 0
  let runStart = 0
  let previousIsText = false
  for (let i = 0; i < $pos.parent.childCount; i++) {
    const inline = $pos.parent.child(i)
    if (!inline.isText || !previousIsText) {
      child++
      runStart = at
    }
    previousIsText = inline.isText
    if (inline.isText && offset >= at && offset <= at + inline.nodeSize) {
      const text = type.get(child)
      if (!(text instanceof Y.XmlText)) throw new RangeError(`position ${pos}: the shared document does not have the structure of the content`)
      return { text, index: offset - runStart }
    }
    at += inline.nodeSize
  }
  throw new RangeError(`position ${pos} is not next to any text`)
}

/** A relative position at `pos` of `content` in `doc` (see `textAt`). */
export function relativeAt(doc: Y.Doc, content: Node, pos: number, assoc = 0): Y.RelativePosition {
  const { text, index } = textAt(doc, content, pos)
  return Y.createRelativePositionFromTypeIndex(text, index, assoc)
}

/** The text of `doc` as compare reads it, references labelled by the clause order of the same state. */
export function textOf(doc: Y.Doc, style: InstrumentStyle = 'mou'): DocumentText {
  return readDocumentText(doc, (clauseId, order) => {
    const index = clauseId === null ? -1 : order.indexOf(clauseId)
    return index === -1 ? missingReferenceLabel : `${clauseWord(style)} ${index + 1}`
  }, 'prosemirror', nameParties())
}

/** Two delegates and the secretariat, as compare names them. */
export const somchai: Author = { memberId: 'm-th', name: 'Khun Somchai', party: 'TH' }
export const sokha: Author = { memberId: 'm-kh', name: 'Lok Sokha', party: 'KH' }
export const secretariat: Author = { memberId: 'm-sec', name: 'Joint Secretariat', party: null }

/**
 * A shared document and the members who edit it: each edit is made on the
 * member's own replica (its own Yjs client), in one transaction, and merged
 * into `doc`; the log records which client is whose and who deleted which
 * items, as the update log does.
 */
export class Drafting {
  readonly doc: Y.Doc
  private readonly owners = new Map<number, Author>()
  private readonly clients = new Map<string | null, number>()
  private readonly deletions: { client: number; clock: number; len: number; by: Author; at: string | null }[] = []
  private readonly insertions: { client: number; clock: number; len: number; at: string }[] = []

  /** `content` typed by `drafter` (on `drafterClient`). */
  constructor(content: Node, drafter: Author) {
    this.doc = sharedDoc(content, drafterClient)
    // The document itself never types: under the drafter's id it would take the drafter's edits for its own.
    this.doc.clientID = 0
    this.owners.set(drafterClient, drafter)
    this.clients.set(drafter.memberId, drafterClient)
  }

  /** The Yjs client of `member` (given in order of first edit, after the drafter's). */
  clientOf(member: Author): number {
    let client = this.clients.get(member.memberId)
    if (client === undefined) {
      client = drafterClient + this.clients.size
      this.clients.set(member.memberId, client)
      this.owners.set(client, member)
    }
    return client
  }

  /**
   * Runs `change` as `member` on their replica of the document as it is
   * now, and merges what it did; with `at` (ISO 8601), the log dates what
   * it inserted and deleted then, as the update log does a stored update.
   */
  edit(member: Author, change: (replica: Y.Doc) => void, at: string | null = null): void {
    const client = this.clientOf(member)
    const replica = copyOf(this.doc, client)
    const updates: Uint8Array[] = []
    replica.on('update', (update: Uint8Array) => updates.push(update))
    replica.transact(() => change(replica))
    if (replica.clientID !== client) throw new Error(`the replica of ${member.name} changed its Yjs client id`)
    for (const update of updates) {
      // The delete set of a transaction's own update: exactly the items it deleted.
      const decoded = Y.decodeUpdate(update)
      for (const [client, ranges] of decoded.ds.clients) {
        for (const { clock, len } of ranges) this.deletions.push({ client, clock, len, by: member, at })
      }
      if (at !== null) for (const struct of decoded.structs) this.insertions.push({ client: struct.id.client, clock: struct.id.clock, len: struct.length, at })
      Y.applyUpdate(this.doc, update)
    }
    replica.destroy()
  }

  /** Who typed and who deleted each item, as the version history answers it. */
  readonly authorship: Authorship = {
    insertedBy: (client) => this.owners.get(client) ?? null,
    deletedBy: (client, clock) => this.deletionOf(client, clock)?.by ?? null,
    insertedAt: (client, clock) => this.insertions.find((mark) => mark.client === client && clock >= mark.clock && clock < mark.clock + mark.len)?.at ?? null,
    deletedAt: (client, clock) => this.deletionOf(client, clock)?.at ?? null,
  }

  private deletionOf(client: number, clock: number) {
    return this.deletions.find((mark) => mark.client === client && clock >= mark.clock && clock < mark.clock + mark.len)
  }
}
