/**
 * What was read from each element of a Yjs document, kept while nothing in
 * the element changes: a document moved forward by an update (a decoded
 * revision brought to the next one, say) is read again at the cost of what
 * the update changed, not of its size.
 *
 * Yjs names, after each transaction, every type it changed together with
 * all of that type's ancestors (`changedParentTypes`); the memo counts those
 * transactions per type, and a reading is kept with the count it was made
 * at. Readings are kept by element and by what was read (`kind`), weakly:
 * an element gone from the document takes its readings with it.
 */

import * as Y from 'yjs'

export class ElementMemo {
  private readonly changes = new WeakMap<object, number>()
  private readonly kept = new WeakMap<Y.AbstractType<any>, Map<string, { changes: number; value: unknown }>>()

  constructor(doc: Y.Doc) {
    doc.on('afterTransaction', (transaction: Y.Transaction) => {
      for (const type of transaction.changedParentTypes.keys()) this.changes.set(type, (this.changes.get(type) ?? 0) + 1)
    })
  }

  /** What `read(element)` gave when last asked under `kind`, if nothing in `element` changed since; otherwise `read(element)`, kept. */
  reading<T>(kind: string, element: Y.AbstractType<any>, read: (element: Y.AbstractType<any>) => T): T {
    const changes = this.changes.get(element) ?? 0
    let readings = this.kept.get(element)
    const kept = readings?.get(kind)
    if (kept && kept.changes === changes) return kept.value as T
    const value = read(element)
    if (!readings) this.kept.set(element, (readings = new Map()))
    readings.set(kind, { changes, value })
    return value
  }
}
