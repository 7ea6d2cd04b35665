/**
 * Whether a server stays responsive while it does heavy work: `/healthz` is
 * asked back to back, from this process, while the work runs, and the
 * largest gap between two answers is reported. Meant for servers in a child
 * process (`spawnServer`), so that this process's own work (sending a big
 * body, parsing a big answer) does not count against the server.
 */

import { expect } from 'vitest'
import { sleep } from './eventually.js'

export interface HealthWhileWorking<T> {
  result: T
  /** The largest time between two consecutive health answers (or the start and the first, or the last and the end), in ms. */
  largestGapMs: number
  /** Statuses other than 200 seen, in order. */
  failures: number[]
}

/**
 * Runs `work` while polling `${url}/healthz` every `intervalMs`; resolves
 * once `work` has settled (rejects as it does) and the poller has stopped.
 */
export async function whileProbingHealth<T>(url: string, work: () => Promise<T>, { intervalMs = 10 } = {}): Promise<HealthWhileWorking<T>> {
  let done = false
  let last = performance.now()
  let largestGapMs = 0
  const failures: number[] = []
  const note = () => {
    const now = performance.now()
    largestGapMs = Math.max(largestGapMs, now - last)
    last = now
  }
  const poller = (async () => {
    while (!done) {
      const response = await fetch(`${url}/healthz`)
      await response.arrayBuffer()
      if (done) break
      note()
      if (response.status !== 200) failures.push(response.status)
      await sleep(intervalMs)
    }
  })()
  let result: T
  try {
    result = await work()
  } finally {
    // The work's end counts as an answer: a server stalled until the work ended shows a gap.
    note()
    done = true
    await poller
  }
  return { result, largestGapMs, failures }
}

/**
 * The bound on the largest gap between health answers that counts as a
 * stall. Generous, because the suite runs files side by side on two cores:
 * the point is "not seconds" (the heavy requests it guards held the event
 * loop 2.5 to 12 s before their fixes); what one request costs is measured
 * by `npm run bench -- hostile`.
 */
const stallMs = 1000

/**
 * The health of the server while the work ran: every answer a 200, and no
 * gap past `stallMs` — the start and the end of the work count as answers,
 * so work that held the server that long without one shows as a stall
 * (quick work may see no answer at all, and is not a stall).
 */
export function expectResponsive(probe: HealthWhileWorking<unknown>): void {
  const gap = `largest gap between health answers: ${Math.round(probe.largestGapMs)} ms`
  expect({ failures: probe.failures, stalled: probe.largestGapMs >= stallMs }, gap).toEqual({ failures: [], stalled: false })
}
