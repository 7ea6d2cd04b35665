/**
 * Comparing Yjs replicas: the client documents, the server's live document,
 * and the document rebuilt from what the database stores.
 */

import { expect } from 'vitest'
import * as Y from 'yjs'
import type { Database } from '../../server/storage/database.js'
import { UpdateLog } from '../../server/storage/updateLog.js'

/** What must be equal for two replicas to be the same document. */
export function replicaState(doc: Y.Doc) {
  const snapshot = Y.snapshot(doc)
  return {
    content: doc.getXmlFragment('prosemirror').toString(),
    stateVector: Buffer.from(Y.encodeSnapshot(Y.createSnapshot(Y.createDeleteSet(), snapshot.sv))).toString('base64'),
    deleteSet: Buffer.from(Y.encodeSnapshot(Y.createSnapshot(snapshot.ds, new Map()))).toString('base64'),
  }
}

/** Asserts that every replica holds the same structs, deletions and content. */
export function expectConverged(docs: Y.Doc[]): void {
  const [first, ...rest] = docs.map(replicaState)
  for (const other of rest) expect(other).toEqual(first)
}

/** The document as the database stores it now: snapshot plus every logged update. */
export async function storedReplica(database: Database, documentId: string): Promise<Y.Doc> {
  const stored = await new UpdateLog(database).load(documentId)
  const doc = new Y.Doc({ gc: false })
  doc.getXmlFragment('prosemirror')
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
  for (const update of stored.updates) Y.applyUpdate(doc, update)
  return doc
}

/** Whether applying `update` to `doc` would change nothing: `doc` already holds it. */
export function holds(doc: Y.Doc, update: Uint8Array): boolean {
  return Y.snapshotContainsUpdate(Y.snapshot(doc), update)
}
