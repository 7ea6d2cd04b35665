/**
 * A process holding the fresh client of the cold-load benchmark. A client
 * opening a long negotiation is a new process (a browser tab), not the
 * benchmark's own, whose heap has just held and dropped the 20,000 edits
 * it typed: how fast a 20,000-item update applies there depends on that
 * heap more than on the server (40–100 ms for the same bytes, from the
 * same server). Here every server's fresh client starts from the same
 * state: a process of its own (as issue 19 measured it; a thread's code is
 * as cold, but a process is what a user's client is), its modules loaded,
 * nothing else done. It talks to the benchmark over the fork's channel.
 */

import { benchText, connect, type ClientEndpoint } from './targets.js'

/** What the benchmark sends once the server is ready: whom to connect to, and the text it should hold. */
export interface FreshClientOrders {
  readonly endpoint: ClientEndpoint
  readonly expected: string
  readonly timeoutMs: number
}

/** What the worker reports: times from its connecting, in ms. */
export interface FreshClientReport {
  syncedMs: number
  /** Share of the expected text held at "synced". */
  atSynced: number
  /** Until the exact text (NaN: never, within the timeout). */
  completeMs: number
  /** Share of the expected text held in the end (1: exactly it). */
  kept: number
  /** Bytes received (null where the provider does not expose its socket). */
  bytes: number | null
}

process.send!('ready')
const orders = await new Promise<FreshClientOrders>((resolve) => process.once('message', resolve as (message: unknown) => void))
const started = performance.now()
const client = connect(orders.endpoint)
await client.synced()
const text = benchText(client.doc)
const syncedMs = performance.now() - started
const atSynced = text.length / orders.expected.length
const until = started + orders.timeoutMs
while (text.toString() !== orders.expected && performance.now() < until) await new Promise((resolve) => setTimeout(resolve, 5))
const exact = text.toString() === orders.expected
process.send!({
  syncedMs,
  atSynced,
  completeMs: exact ? performance.now() - started : NaN,
  kept: exact ? 1 : text.length / orders.expected.length,
  bytes: client.received(),
} satisfies FreshClientReport)
client.destroy()
process.disconnect()
