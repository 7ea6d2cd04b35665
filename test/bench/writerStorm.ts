/**
 * A worker thread of writers for the throughput benchmark: each connects a
 * stock client to its endpoint and types one character at a time, as fast
 * as its thread lets it, until `seconds` have passed. Running apart from
 * the observer's thread, the writers get a core of their own, so the figure
 * is the server's rate, not the load generator's.
 */

import { parentPort, workerData } from 'node:worker_threads'
import { benchText, connect, type ClientEndpoint } from './targets.js'

export interface StormOrders {
  readonly endpoints: readonly ClientEndpoint[]
  readonly seconds: number
}

/** What the worker posts once its writers have synced (`ready`) and once they are done (`offered`: updates made). */
export type StormReport = { kind: 'ready' } | { kind: 'offered'; updates: number }

const { endpoints, seconds } = workerData as StormOrders
const writers = endpoints.map((endpoint) => connect(endpoint))
await Promise.all(writers.map((writer) => writer.synced()))
parentPort!.postMessage({ kind: 'ready' } satisfies StormReport)
await new Promise<void>((resolve) => parentPort!.once('message', () => resolve()))

let offered = 0
const stopAt = performance.now() + seconds * 1000
await Promise.all(
  writers.map(async (writer, i) => {
    const text = benchText(writer.doc)
    while (performance.now() < stopAt) {
      text.insert(0, String(i % 10))
      offered++
      await new Promise((resolve) => setImmediate(resolve))
    }
  }),
)
parentPort!.postMessage({ kind: 'offered', updates: offered } satisfies StormReport)
// Stay connected until told: the server may still be storing what was sent.
await new Promise<void>((resolve) => parentPort!.once('message', () => resolve()))
for (const writer of writers) writer.destroy()
parentPort!.close()
