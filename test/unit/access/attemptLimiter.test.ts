/**
 * The attempt limiter on a hand-turned clock: a burst up to the limit,
 * then refusals that say how long to wait, a refill at the limit's pace,
 * keys apart from each other, and never more keys remembered than allowed.
 */

import { describe, expect, it } from 'vitest'
import { AttemptLimiter, type Attempt } from '../../../server/access/attemptLimiter.js'

/** A limiter of `attempts` a minute on a clock the test moves, with `maxKeys`. */
function limiter(attempts: number, maxKeys?: number) {
  const clock = { ms: 1_000_000 }
  const limits = new AttemptLimiter({ attempts, perMs: 60_000 }, { maxKeys, now: () => clock.ms })
  return { limits, clock, takeTimes: (key: string, times: number): Attempt[] => Array.from({ length: times }, () => limits.take(key)) }
}

describe('the attempt limiter', () => {
  it('allows a burst of the limit, then refuses and says when one more is allowed', () => {
    const { takeTimes } = limiter(3)
    expect(takeTimes('10.0.0.1', 4)).toEqual([{ allowed: true }, { allowed: true }, { allowed: true }, { allowed: false, retryAfterMs: 20_000 }])
  })

  it('gives back attempts at the pace of the limit, and never more than the limit', () => {
    const { limits, clock, takeTimes } = limiter(3)
    takeTimes('10.0.0.1', 3)
    clock.ms += 15_000
    expect(limits.take('10.0.0.1')).toEqual({ allowed: false, retryAfterMs: 5_000 })
    clock.ms += 5_000
    expect(limits.take('10.0.0.1')).toEqual({ allowed: true })
    clock.ms += 3_600_000
    expect(takeTimes('10.0.0.1', 4).map((attempt) => attempt.allowed)).toEqual([true, true, true, false])
  })

  it('counts each key apart', () => {
    const { limits, takeTimes } = limiter(1)
    expect(takeTimes('10.0.0.1', 2).map((attempt) => attempt.allowed)).toEqual([true, false])
    expect(limits.take('10.0.0.2')).toEqual({ allowed: true })
  })

  it('remembers at most maxKeys keys, forgetting the one used longest ago', () => {
    const { limits, takeTimes } = limiter(1, 2)
    takeTimes('a', 1)
    takeTimes('b', 1)
    expect(limits.take('a').allowed).toBe(false) // 'a' is now the most recently used
    expect(limits.take('c').allowed).toBe(true) // … so 'b' is forgotten
    expect(limits.size).toBe(2)
    expect(limits.take('a').allowed).toBe(false)
    expect(limits.take('b').allowed).toBe(true)
    expect(limits.size).toBe(2)
  })

  it('refuses a limit that allows nothing', () => {
    expect(() => new AttemptLimiter({ attempts: 0, perMs: 60_000 })).toThrow(RangeError)
    expect(() => new AttemptLimiter({ attempts: 1, perMs: 0 })).toThrow(RangeError)
    expect(() => new AttemptLimiter({ attempts: 1, perMs: 1 }, { maxKeys: 0 })).toThrow(RangeError)
  })
})
