/**
 * What an update did to a document, read from the transaction that applied
 * it, while that transaction is still open (Yjs has not yet merged the new
 * items with their neighbours): the items it created, as integrated — each
 * with its real parent, map key and place in its list —, the items it
 * deleted, and the types whose children or attributes changed. The gate's
 * checks judge this rather than the encoded update, so they see exactly
 * what every replica will hold, and their cost follows the size of the
 * change.
 */

import * as Y from 'yjs'

export interface AppliedChange {
  /** The document, changed. */
  readonly doc: Y.Doc
  /** Items the update created, in the order of their client and clock (an item may also be deleted at once). */
  readonly inserted: readonly Y.Item[]
  /** Items the update deleted that were visible before it (the children of a deleted type included). */
  readonly deleted: readonly Y.Item[]
  /** Types that existed before the update, with the changed keys: null for their children, a name for an attribute. */
  readonly changed: ReadonlyMap<Y.AbstractType<any>, ReadonlySet<string | null>>
  /** Whether `item` was in the document before the update. */
  existedBefore(item: Y.Item): boolean
  /** Whether the update deleted `item`. */
  deletedNow(item: Y.Item): boolean
}

/**
 * The change `transaction` has made so far, for an update that brought
 * structs of `clients` (the others cannot have new items). Call inside the
 * transaction.
 */
export function changeOf(transaction: Y.Transaction, clients: Iterable<number>): AppliedChange {
  const { doc, beforeState } = transaction
  const store = doc.store
  const inserted: Y.Item[] = []
  for (const client of new Set(clients)) {
    const before = beforeState.get(client) ?? 0
    if (Y.getState(store, client) <= before) continue
    const structs = store.clients.get(client)!
    for (let index = before === 0 ? 0 : Y.findIndexSS(structs, before); index < structs.length; index++) {
      const struct = structs[index]!
      if (struct instanceof Y.Item) inserted.push(struct)
    }
  }
  // The transaction's ranges are not sorted or merged yet, and may overlap.
  const deleted = new Set<Y.Item>()
  for (const [client, ranges] of transaction.deleteSet.clients) {
    const structs = store.clients.get(client)
    if (!structs) continue
    for (const range of ranges) {
      const end = range.clock + range.len
      for (let index = Y.findIndexSS(structs, range.clock); index < structs.length && structs[index]!.id.clock < end; index++) {
        const struct = structs[index]!
        if (struct instanceof Y.Item) deleted.add(struct)
      }
    }
  }
  return {
    doc,
    inserted,
    deleted: [...deleted],
    changed: transaction.changed as Map<Y.AbstractType<any>, Set<string | null>>,
    existedBefore: (item) => item.id.clock < (beforeState.get(item.id.client) ?? 0),
    deletedNow: (item) => deleted.has(item),
  }
}

/**
 * The fragments and elements, in the texts held by the roots named
 * `roots`, whose children `transaction` changed: where it added, removed or
 * moved an element — words typed and attributes set do not count. Cheap:
 * it looks at the types the transaction changed.
 */
export function reshapedParents(transaction: Y.Transaction, roots: readonly string[]): Y.AbstractType<any>[] {
  const texts = new Set<Y.AbstractType<any>>(roots.map((name) => transaction.doc.get(name)))
  const reshaped: Y.AbstractType<any>[] = []
  for (const [type, keys] of transaction.changed) {
    if (type instanceof Y.XmlText || !keys.has(null)) continue
    let root: Y.AbstractType<any> = type
    while (root._item !== null) root = root._item.parent as Y.AbstractType<any>
    if (texts.has(root)) reshaped.push(type)
  }
  return reshaped
}

/** Whether `transaction` added, removed or moved an element anywhere in the texts held by the roots named `roots`. */
export const movesElements = (transaction: Y.Transaction, roots: readonly string[]): boolean => reshapedParents(transaction, roots).length > 0
