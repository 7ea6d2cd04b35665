/**
 * Replicas for testing the gate without a server: the server's copy of a
 * memorandum (garbage collection off, as the live document), a client's
 * copy synced with it (garbage collection on, as a browser's), the update a
 * change on the client produces, and the change that update makes once
 * applied to the server's admitted state.
 */

import type { Node } from 'prosemirror-model'
import * as Y from 'yjs'
import { AdmittedState, type ChangeJudge } from '../../server/engine/admittedState.js'
import { checkIntegration } from '../../server/engine/integrationCheck.js'
import { encodeContent } from '../../server/mou/contentCodec.js'
import type { CounterpartError } from '../../server/vocabulary/errors.js'
import { clause, mou, np, p, sub } from './mouBuilders.js'
import type { MemberRecord } from '../../server/vocabulary/member.js'
import { defineRoots } from '../../server/vocabulary/documentRoots.js'

/** The document most gate tests start from: two clauses, the second with numbered paragraphs. */
export const sampleMou = (): Node =>
  mou(
    clause('c1', 'Objectives', p('The Participants will cooperate against trafficking.'), p('They will exchange information.')),
    clause('c2', 'Requests', np('Requests are made in writing.', sub('facts'), sub('purpose')), np('Answers come within 30 days.')),
  )

/** The server's copy of `content`. */
export function serverReplica(content: Node = sampleMou()): Y.Doc {
  const doc = new Y.Doc({ gc: false })
  defineRoots(doc)
  Y.applyUpdate(doc, encodeContent(content))
  return doc
}

/** A client's copy of `server`, synced. */
export function clientOf(server: Y.Doc): Y.Doc {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(server))
  return doc
}

/** The update `change` makes to `client` (in one transaction). */
export function edit(client: Y.Doc, change: (doc: Y.Doc, fragment: Y.XmlFragment) => void): Uint8Array {
  const before = Y.encodeStateVector(client)
  client.transact(() => change(client, client.getXmlFragment('prosemirror')))
  return Y.encodeStateAsUpdate(client, before)
}

/** The clause element with `id` in a replica's content. */
export function clauseIn(doc: Y.Doc, id: string): Y.XmlElement {
  const found = doc
    .getXmlFragment('prosemirror')
    .toArray()
    .find((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'clause' && node.getAttribute('id') === id)
  if (!found) throw new RangeError(`no clause ${id}`)
  return found
}

/** The first XmlText under `element` (depth first). */
export function firstText(element: Y.XmlElement): Y.XmlText {
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlText) return child
    if (child instanceof Y.XmlElement && child.nodeName !== 'clause_heading') {
      const inner = firstTextOrNull(child)
      if (inner) return inner
    }
  }
  throw new RangeError(`no text in <${element.nodeName}>`)
}

function firstTextOrNull(element: Y.XmlElement): Y.XmlText | null {
  try {
    return firstText(element)
  } catch {
    return null
  }
}

/** Sets attribute `key` of `element` to `value`, written as `content` instead of the ContentAny Yjs writes (a crafted update). */
export function setAttributeAs(element: Y.XmlElement, key: string, value: unknown, content: (value: unknown) => Y.Item['content']): void {
  element.setAttribute(key, value as string)
  const item = element._map.get(key)!
  item.content = content(value)
}

/**
 * Applies `update` to an admitted state over `server` and judges the change
 * with `judge`: null when it is kept (the server's copy then holds it),
 * the refusal otherwise.
 */
export function judged(server: Y.Doc, update: Uint8Array, judge: ChangeJudge): CounterpartError | null {
  const admitted = new AdmittedState(server, defineRoots)
  const decoded = Y.decodeUpdate(update)
  const unfit = checkIntegration(admitted.doc.store, decoded)
  if (unfit) return unfit
  const result = admitted.admit(update, decoded, judge)
  if ('update' in result) {
    Y.applyUpdate(server, update)
    return null
  }
  return result
}

/** A member of a test document. */
export const member = (role: MemberRecord['role'], party: string | null = role === 'delegate' || role === 'legal' ? 'TH' : null, id = `m-${role}-${party ?? 'none'}`): MemberRecord => ({
  id,
  documentId: 'd',
  name: `${role} ${party ?? ''}`.trim(),
  party,
  role,
  createdAt: new Date(0),
  revokedAt: null,
})
