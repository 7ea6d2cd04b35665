/**
 * The negotiation's rules over what an update changes, checked at the gate
 * after the schema's integrity (so the structure they walk is valid and
 * shallow):
 *
 * - attributes keep their authority (`AttributeAuthority` in the schema):
 *   what the server owns (a clause's status, agreements, reopen request —
 *   and whatever is marked so later) a client never writes nor removes; a
 *   clause a client creates carries it only at its default, or exactly as
 *   the clause it moves (deleted in the same update) had it; what is fixed
 *   at creation (a clause's id) never changes; what names a party (a
 *   bracket's owner) names the writer's own party;
 * - clause ids are present and unique;
 * - nothing changes inside a locked clause (agreed, or agreed ad referendum
 *   by a party, or being locked by a server change on its way): no text
 *   inserted, deleted or formatted, the clause not deleted, moved or split;
 * - a party's bracketed proposal is its own: a member of another party
 *   never deletes, re-formats or writes into it (the secretariat may enter
 *   a proposal for either party, but not change one). Resolving brackets is
 *   the server's (POST …/brackets/<id>/resolve), with the consent it needs;
 * - in a text in another language than the working one, structure follows
 *   the working text: a client writes only the words of its text blocks
 *   (the server brings clauses, paragraphs and references into line), and a
 *   clause is locked there when the working clause of the same id is.
 *
 * The server's own changes (templates, restores, resolutions, status moves)
 * keep the locks and clause identity; attribute authority and bracket
 * ownership are for clients.
 */

import type { Schema } from 'prosemirror-model'
import * as Y from 'yjs'
import { conflict, CounterpartError, forbidden, invalid } from '../vocabulary/errors.js'
import type { AppliedChange } from '../engine/appliedChange.js'
import type { MemberRecord } from '../vocabulary/member.js'
import { isLocked as isLockedStatus } from '../vocabulary/clauseState.js'
import { authorityOf, isNegotiatedNode, isPartId, negotiatedParts } from '../vocabulary/schema.js'
import { rootTypeOf } from '../mou/contentCodec.js'
import { refusal } from '../vocabulary/refusal.js'

export interface NegotiationContext {
  schema: Schema
  /** Who sent the update; null for the server's own changes. */
  sender: MemberRecord | null
  /** The document's party codes. */
  parties: readonly string[]
  /** Clauses a server change on its way is locking: treated as locked already. */
  pendingLocks: ReadonlySet<string>
  /** The roots holding the document's texts: the working text's first, then one per other language. */
  contentRoots: readonly string[]
}

const isClause = (type: unknown): type is Y.XmlElement => type instanceof Y.XmlElement && type.nodeName === 'clause'
/** A clause, or a part negotiated like one (the title, the preamble, the final provisions): what a lock holds. */
const isNegotiated = (type: unknown): type is Y.XmlElement => type instanceof Y.XmlElement && isNegotiatedNode(type.nodeName)

/** Null when the change keeps the negotiation's rules; otherwise why not. */
export function checkNegotiationRules(change: AppliedChange, context: NegotiationContext): CounterpartError | null {
  const { sender } = context
  /** The value of attribute `key` of `element` before the change (undefined when it had none). */
  const valueBefore = (element: Y.XmlElement, key: string): unknown => {
    let item: Y.Item | null = element._map.get(key) ?? null
    while (item !== null && !change.existedBefore(item)) item = item.left
    if (item === null || (item.deleted && !change.deletedNow(item))) return undefined
    return item.content.getContent().at(-1)
  }
  const statusBefore = (clause: Y.XmlElement) => valueBefore(clause, 'status')
  /** The id of a clause or negotiated part before the change (a part's is fixed: see `negotiatedParts`). */
  const idBefore = (element: Y.XmlElement): string =>
    String(valueBefore(element, 'id') ?? element.getAttribute('id') ?? negotiatedParts[element.nodeName as keyof typeof negotiatedParts])
  const workingRoot = change.doc.share.get(context.contentRoots[0]!) ?? null
  const translationRoots = new Map(context.contentRoots.slice(1).flatMap((name) => {
    const root = change.doc.share.get(name)
    return root ? [[root, name] as const] : []
  }))
  let workingById: Map<string, Y.XmlElement> | null = null
  /** The working text's clause with `id`, as it stood before the change. */
  const workingClause = (id: unknown): Y.XmlElement | undefined => {
    if (workingById === null) {
      workingById = new Map()
      for (let item = workingRoot?._start ?? null; item !== null; item = item.right) {
        if (!visibleBefore(item) || !(item.content instanceof Y.ContentType) || !isNegotiated(item.content.type)) continue
        workingById.set(idBefore(item.content.type), item.content.type)
      }
    }
    return workingById.get(String(id))
  }
  const isLocked = (clause: Y.XmlElement): boolean => {
    const id = idBefore(clause)
    if (context.pendingLocks.has(id)) return true
    if (translationRoots.size > 0 && translationRoots.has(rootTypeOf(clause))) {
      const working = workingClause(id)
      return working !== undefined && isLocked(working)
    }
    return clause._item !== null && change.existedBefore(clause._item) && isLockedStatus(statusBefore(clause))
  }
  /** Whether `item` was there to see before the change. */
  const visibleBefore = (item: Y.Item) => change.existedBefore(item) && (!item.deleted || change.deletedNow(item))
  /** The text of `type` before the change (a deleted clause's heading still reads). */
  const textBefore = (type: Y.AbstractType<any>): string => {
    let text = ''
    for (let item = type._start; item !== null; item = item.right) {
      if (!visibleBefore(item)) continue
      if (item.content instanceof Y.ContentString) text += item.content.str
      else if (item.content instanceof Y.ContentType) text += textBefore(item.content.type)
    }
    return text
  }
  const locked = (clause: Y.XmlElement) => {
    let heading: Y.AbstractType<any> | null = null
    for (let item = clause._start; item !== null && heading === null; item = item.right) {
      if (visibleBefore(item) && item.content instanceof Y.ContentType) heading = item.content.type
    }
    // A text in another language is locked by its working text's clause: say that one's status.
    const holder = translationRoots.has(rootTypeOf(clause)) ? (workingClause(idBefore(clause)) ?? clause) : clause
    const status = statusBefore(holder) ?? 'being locked'
    if (clause.nodeName !== 'clause') return conflict(refusal('refusal.text.partLocked', { part: clause.nodeName, status: String(status) }))
    const name = heading === null ? '' : textBefore(heading).trim()
    return conflict(refusal('refusal.text.clauseLocked', { clause: name || String(valueBefore(clause, 'id')), status: String(status) }))
  }
  /** The clause (or negotiated part) `type` is, or is inside. */
  const clauseOf = (type: Y.AbstractType<any> | null): Y.XmlElement | null => {
    for (let current = type; current; current = (current._item?.parent as Y.AbstractType<any> | undefined) ?? null) {
      if (isNegotiated(current)) return current
    }
    return null
  }
  const isAttributeOf = (item: Y.Item, element: Y.AbstractType<any>) => item.parentSub !== null && item.parent === element
  let deletedById: Map<string, Y.XmlElement> | null = null

  if (sender !== null) {
    const refusal = checkAuthority() ?? checkTranslationStructure()
    if (refusal) return refusal
  }

  // Clause identity: every clause created has an id no other clause has.
  const created = change.inserted.filter((item) => !item.deleted && item.content instanceof Y.ContentType && isClause(item.content.type))
  if (created.length > 0) {
    const seen = new Set<string>()
    const root = created[0]!.parent as Y.AbstractType<any>
    for (let item = root._start; item !== null; item = item.right) {
      if (item.deleted || !(item.content instanceof Y.ContentType) || !isClause(item.content.type)) continue
      const id = item.content.type.getAttribute('id')
      if (typeof id !== 'string') {
        if (!change.existedBefore(item)) return invalid('a new clause needs an id')
        continue
      }
      if (seen.has(id)) return conflict(`there is already a clause with id ${id}; a clause id names one clause`)
      if (isPartId(id) && !change.existedBefore(item)) return invalid(`a clause may not take the id ${JSON.stringify(id)}: it names a part of the instrument`)
      seen.add(id)
    }
  }

  // Locks: deletions first, so that moving a locked clause (deleting it, creating a copy) is refused as a change to it.
  for (const item of change.deleted) {
    if (item.content instanceof Y.ContentType && isNegotiated(item.content.type) && isLocked(item.content.type)) return locked(item.content.type)
    const parent = item.parent as Y.AbstractType<any>
    // A clause's own attributes are the server's to change (checked above for clients).
    if (isNegotiated(parent) && isAttributeOf(item, parent)) continue
    const clause = clauseOf(parent)
    if (clause && isLocked(clause)) return locked(clause)
  }
  for (const item of change.inserted) {
    const parent = item.parent as Y.AbstractType<any>
    if (isNegotiated(parent) && isAttributeOf(item, parent)) continue
    const clause = clauseOf(parent)
    if (clause && isLocked(clause)) return locked(clause)
  }

  if (sender !== null && sender.role !== 'observer') return checkBrackets(sender)
  return null

  /**
   * In a translation, a client writes words only: strings and formats in
   * texts, and texts in text blocks (typing into an empty paragraph). Its
   * elements, their attributes and its references are the server's, which
   * keeps them in line with the working text.
   */
  function checkTranslationStructure(): CounterpartError | null {
    if (translationRoots.size === 0) return null
    for (const item of [...change.inserted, ...change.deleted]) {
      const parent = item.parent as Y.AbstractType<any>
      if (parent instanceof Y.XmlText) continue
      const name = translationRoots.get(rootTypeOf(parent))
      if (name === undefined) continue
      const wordsOnly = parent instanceof Y.XmlElement && item.parentSub === null && item.content instanceof Y.ContentType && item.content.type instanceof Y.XmlText
      if (wordsOnly) continue
      return forbidden(`the text "${name}" follows the working text's structure: clauses, paragraphs and references change in the working text, and the server brings every language into line`)
    }
    return null
  }

  /** Attributes written and removed by a client keep their authority. */
  function checkAuthority(): CounterpartError | null {
    for (const item of change.inserted) {
      const element = item.parent
      const key = item.parentSub
      if (!(element instanceof Y.XmlElement) || key === null) continue
      const spec = context.schema.nodes[element.nodeName]?.spec.attrs?.[key]
      const authority = authorityOf(spec)
      if (authority !== 'server' && authority !== 'creation') continue
      const value = item.content.getContent().at(-1)
      const existing = element._item !== null && change.existedBefore(element._item)
      if (existing) return forbidden(refusalOf(element, key, authority))
      if (authority === 'creation') continue
      // An element created by a client: at the default, or as the element it moves had it.
      if (value === (spec!.default ?? null) || value === movedValue(element, key)) continue
      return forbidden(`a new ${element.nodeName} cannot be created ${key === 'status' ? `with status ${JSON.stringify(value)}` : `with ${key}`}`)
    }
    for (const item of change.deleted) {
      const element = item.parent
      const key = item.parentSub
      if (!(element instanceof Y.XmlElement) || key === null || element._item === null) continue
      const authority = authorityOf(context.schema.nodes[element.nodeName]?.spec.attrs?.[key])
      if (authority !== 'server' && authority !== 'creation') continue
      // Lost with the whole element, or overwritten on an element created by this same update: fine.
      if (change.deletedNow(element._item) || !change.existedBefore(element._item)) continue
      return forbidden(refusalOf(element, key, authority))
    }
    return null
  }

  function refusalOf(element: Y.XmlElement, key: string, authority: 'server' | 'creation'): string {
    const what = element.nodeName === 'clause' ? `a clause's ${key}` : `attribute ${key} of <${element.nodeName}>`
    return authority === 'creation' ? `${what} is fixed when it is created` : `${what} changes only through the API (POST …/clauses/<id>/status)`
  }

  /** The value attribute `key` had on the element of the same kind and id that this change deletes (a move), if any. */
  function movedValue(element: Y.XmlElement, key: string): unknown {
    const id = element.getAttribute('id')
    if (id === undefined) return undefined
    const moved = deletedElements().get(`${element.nodeName}\u0000${String(id)}`)
    return moved === undefined ? undefined : valueBefore(moved, key)
  }

  /** The elements that existed and this change deletes, by kind and id (built once, on first use). */
  function deletedElements(): Map<string, Y.XmlElement> {
    if (deletedById) return deletedById
    deletedById = new Map()
    for (const item of change.deleted) {
      const type = item.content instanceof Y.ContentType ? item.content.type : null
      if (!(type instanceof Y.XmlElement) || !change.existedBefore(item)) continue
      const id = valueBefore(type, 'id')
      const key = `${type.nodeName}\u0000${String(id)}`
      if (id !== undefined && !deletedById.has(key)) deletedById.set(key, type)
    }
    return deletedById
  }

  /**
   * Text under a mark owned by a party (a bracket: its attribute with the
   * `party` authority names the owner) is that party's: a member of another
   * party does not delete it, re-mark it or write into it, and opens such a
   * mark only in its own party's name. Judged on the marks in force on each
   * character before and after the change — not on the format items written,
   * some of which Yjs adds only to restore a neighbour's formatting — in one
   * walk over each text the change touched.
   */
  function checkBrackets(member: MemberRecord): CounterpartError | null {
    const owned = ownedMarkOf(context.schema)
    if (owned === null) return null
    const texts = new Set<Y.XmlText>()
    for (const item of [...change.inserted, ...change.deleted]) {
      // Yjs flags a text once any format item has entered it (this change's included): a text never
      // formatted has no mark in force anywhere, so nothing in it is under a bracket.
      if (item.parent instanceof Y.XmlText && item.parentSub === null && item.parent._hasFormatting) texts.add(item.parent)
    }
    const own = member.role === 'secretariat' ? null : member.party
    const ownerOf = (mark: OwnedMark | null) => (mark === null ? null : (mark.value[owned.attribute] as unknown))
    const foreign = (mark: OwnedMark | null): mark is OwnedMark => mark !== null && ownerOf(mark) !== own
    const same = (a: OwnedMark | null, b: OwnedMark | null) => a === b || (a !== null && b !== null && JSON.stringify(a.value) === JSON.stringify(b.value))
    const changing = (mark: OwnedMark, change: 'delete' | 'rebracket' | 'write', text: Y.XmlText) => {
      const clause = clauseOf(text)
      const where = clause ? { inClause: 'yes', clause: String(clause.getAttribute('id')) } : { inClause: 'no', clause: '' }
      return conflict(refusal('refusal.bracket.othersProposal', { change, owner: String(ownerOf(mark)), bracket: String(mark.value.id), ...where }))
    }
    const opening = (mark: OwnedMark): CounterpartError | null => {
      const owner = ownerOf(mark)
      if (own !== null) return owner === own ? null : forbidden(refusal('refusal.bracket.openForOther', { owner: String(owner) }))
      // The secretariat enters proposals for either party.
      return context.parties.includes(owner as string) ? null : forbidden(`a bracket must be owned by a party of this negotiation (${context.parties.join(' or ')}) (got ${JSON.stringify(owner)})`)
    }
    for (const text of texts) {
      let before: OwnedMark | null = null
      let after: OwnedMark | null = null
      for (let item = text._start; item !== null; item = item.right) {
        const existed = change.existedBefore(item)
        const deletedNow = change.deletedNow(item)
        const seenBefore = visibleBefore(item)
        const visibleAfter = !item.deleted
        if (item.content instanceof Y.ContentFormat) {
          if (item.content.key !== owned.mark) continue
          const value = item.content.value as Record<string, unknown> | null
          const mark = value === null ? null : { value, fresh: !existed }
          if (seenBefore) before = mark
          if (visibleAfter) after = mark
          continue
        }
        if (!item.countable) continue
        if (deletedNow && seenBefore && foreign(before)) return changing(before, 'delete', text)
        const marked = visibleAfter && after !== null && (!seenBefore || !same(before, after))
        if (seenBefore && visibleAfter && !same(before, after) && foreign(before)) return changing(before, 'rebracket', text)
        if (!marked) continue
        // Newly under a mark: typed into a proposal, or marked now.
        if (after!.fresh) {
          const refusal = opening(after!)
          if (refusal) return refusal
        } else if (own !== null && foreign(after)) return changing(after!, 'write', text)
      }
    }
    return null
  }
}

interface OwnedMark {
  /** The mark's attributes as the format holds them. */
  value: Record<string, unknown>
  /** Whether the format item was written by the change being judged. */
  fresh: boolean
}

const ownedMarks = new WeakMap<Schema, { mark: string; attribute: string } | null>()

/** The mark whose text belongs to a party, and its attribute naming the party (the bracket and its owner), if the schema has one; found once per schema. */
function ownedMarkOf(schema: Schema): { mark: string; attribute: string } | null {
  if (!ownedMarks.has(schema)) ownedMarks.set(schema, findOwnedMark(schema))
  return ownedMarks.get(schema)!
}

function findOwnedMark(schema: Schema): { mark: string; attribute: string } | null {
  for (const [mark, type] of Object.entries(schema.marks)) {
    for (const [attribute, spec] of Object.entries(type.spec.attrs ?? {})) {
      if (authorityOf(spec) === 'party') return { mark, attribute }
    }
  }
  return null
}
