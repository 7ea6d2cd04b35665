/**
 * Folding many Yjs updates into one document or one state.
 *
 * `Y.mergeUpdates` grows quadratically with the number of updates it is
 * given, so both loading and compaction apply the updates to a document in
 * one transaction instead (linear), and compaction encodes that document.
 * Where merged updates are wanted, `mergeInRuns` bounds each merge.
 */

import * as Y from 'yjs'
import type { Fold } from '../storage/updateLog.js'

/** Applies `updates`, in order, to `doc` in one transaction with `origin`. */
export function applyUpdates(doc: Y.Doc, updates: readonly Uint8Array[], origin: unknown = null): void {
  doc.transact(() => {
    for (const update of updates) Y.applyUpdate(doc, update)
  }, origin)
}

/**
 * `updates` merged, in order, into runs of at most `runLength`: few
 * updates, each from a merge of bounded size, so the quadratic cost of
 * `Y.mergeUpdates` stays linear in the number of updates. Applying the
 * runs in order equals applying `updates`.
 */
export function mergeInRuns(updates: readonly Uint8Array[], runLength = 256): Uint8Array[] {
  return [...mergedRuns(updates, runLength)]
}

/** `mergeInRuns`, each run merged only when it is asked for (what comes first can be on its way meanwhile). */
export function* mergedRuns(updates: readonly Uint8Array[], runLength = 256): Generator<Uint8Array> {
  for (let start = 0; start < updates.length; start += runLength) {
    const run = updates.slice(start, start + runLength)
    yield run.length === 1 ? run[0]! : Y.mergeUpdates(run)
  }
}

/** How many runs `mergedRuns` makes of `count` updates. */
export const runCount = (count: number, runLength = 256): number => Math.ceil(count / runLength)

/**
 * One update equivalent to all of `updates`, deleted content included
 * (garbage collection stays off) and updates still waiting for missing
 * dependencies kept.
 */
export function foldUpdates(updates: readonly Uint8Array[]): Uint8Array {
  const doc = new Y.Doc({ gc: false })
  try {
    applyUpdates(doc, updates)
    return Y.encodeStateAsUpdate(doc)
  } finally {
    doc.destroy()
  }
}

/** A fold in this thread: the parts kept as they come, folded by `foldUpdates` at the end. */
export function foldHere(): Fold {
  const parts: Uint8Array[] = []
  return {
    add: (more) => {
      for (const part of more) parts.push(part)
    },
    result: async () => foldUpdates(parts),
    cancel: () => void (parts.length = 0),
  }
}
