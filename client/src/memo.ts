/**
 * A function's results kept by its arguments: for what is costly to make
 * and the same each time — Intl's formatters above all, which a page would
 * otherwise make again for every date, name and message it draws.
 */

/** `make`, called once for each distinct list of arguments (plain values, compared as JSON). */
export function memo<A extends unknown[], R>(make: (...args: A) => R): (...args: A) => R {
  const made = new Map<string, R>()
  return (...args) => {
    const key = JSON.stringify(args)
    if (made.has(key)) return made.get(key)!
    const result = make(...args)
    made.set(key, result)
    return result
  }
}
