/**
 * How often one key (a client's address) may try something: a token bucket
 * per key, refilled continuously, in a map of bounded size. When the map is
 * full, the key used longest ago is forgotten (as if its bucket were full
 * again), so memory stays bounded whatever the number of addresses.
 */

/** `attempts` per `perMs`, with a burst of at most `attempts`. */
export interface AttemptLimit {
  attempts: number
  perMs: number
}

/** The answer of `AttemptLimiter.take`: allowed, or how long to wait before one attempt is. */
export type Attempt = { allowed: true } | { allowed: false; retryAfterMs: number }

/** How many keys a limiter remembers unless told otherwise. */
export const defaultMaxKeys = 10_000

interface Bucket {
  tokens: number
  /** When `tokens` was last brought up to date, in the clock's milliseconds. */
  at: number
}

export class AttemptLimiter {
  private readonly buckets = new Map<string, Bucket>()
  private readonly maxKeys: number
  private readonly now: () => number

  /**
   * Throws RangeError unless `limit.attempts` and `limit.perMs` are
   * positive and `maxKeys` is at least 1. `now` is the clock (ms).
   */
  constructor(
    readonly limit: AttemptLimit,
    options: { maxKeys?: number; now?: () => number } = {},
  ) {
    if (!(limit.attempts >= 1) || !(limit.perMs > 0)) {
      throw new RangeError(`An attempt limit needs at least 1 attempt in a positive period (got ${limit.attempts} per ${limit.perMs} ms)`)
    }
    this.maxKeys = options.maxKeys ?? defaultMaxKeys
    if (!(this.maxKeys >= 1)) throw new RangeError(`maxKeys must be at least 1 (got ${this.maxKeys})`)
    this.now = options.now ?? Date.now
  }

  /** How many keys are remembered now (at most `maxKeys`). */
  get size(): number {
    return this.buckets.size
  }

  /**
   * Takes one attempt for `key`: allowed while its bucket holds a token;
   * otherwise nothing is taken and the answer says how long until one is.
   */
  take(key: string): Attempt {
    const now = this.now()
    const { attempts, perMs } = this.limit
    const previous = this.buckets.get(key)
    const bucket: Bucket = previous
      ? { tokens: Math.min(attempts, previous.tokens + ((now - previous.at) * attempts) / perMs), at: now }
      : { tokens: attempts, at: now }
    // Delete and set again: the map's order is then the order of last use, oldest first.
    this.buckets.delete(key)
    this.buckets.set(key, bucket)
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!)
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1
      return { allowed: true }
    }
    return { allowed: false, retryAfterMs: Math.ceil(((1 - bucket.tokens) * perMs) / attempts) }
  }
}
