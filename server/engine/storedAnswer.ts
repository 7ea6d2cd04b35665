/**
 * The answer to a new client's sync step 1 taken straight from the stored
 * rows, so that the client need not wait while the server builds its
 * document from them.
 *
 * A client that has nothing (a browser opening the negotiation: the editor
 * keeps no copy) asks with an empty state vector, and the answer is then
 * everything stored. Building the live document grows with the length of
 * its history; sending the stored bytes lets the client apply them while
 * the server builds its copy (the cold-load figures are in
 * docs/benchmarks.md). The client receives the snapshot and the updates
 * after it, merged into a few runs, as update messages, the last as the
 * sync step 2 — so the provider reports "synced" only once it holds all of
 * it, exactly the state the live document is built from.
 */

import * as Y from 'yjs'
import { decodeClientMessage, encodeSyncStep2, encodeUpdate } from '../protocol/message.js'
import type { StoredDocument } from '../storage/updateLog.js'
import { mergedRuns, runCount } from './stateFold.js'

/** An update that changes nothing: no structs, an empty delete set. */
const emptyUpdate = new Uint8Array([0, 0])

/** Whether `frame` is a sync step 1 from a client that holds nothing. */
export function asksForEverything(frame: Uint8Array): boolean {
  try {
    const message = decodeClientMessage(frame)
    return message.type === 'sync-step-1' && Y.decodeStateVector(message.stateVector).size === 0
  } catch {
    // Malformed frames are answered when the connection replays them.
    return false
  }
}

/**
 * The frames answering a client that holds nothing with `stored`: update
 * messages, then the sync step 2. The snapshot's frame comes first and at
 * once; each later run is merged only when asked for, so the snapshot can
 * be on its way (and the client applying it) while the tail is merged.
 */
export function* storedAnswer(stored: StoredDocument): Generator<Uint8Array> {
  const count = (stored.snapshot ? 1 : 0) + runCount(stored.updates.length)
  if (count === 0) {
    yield encodeSyncStep2(emptyUpdate)
    return
  }
  let sent = 0
  const frame = (part: Uint8Array) => (++sent === count ? encodeSyncStep2(part) : encodeUpdate(part))
  if (stored.snapshot) yield frame(stored.snapshot)
  for (const run of mergedRuns(stored.updates)) yield frame(run)
}
