/**
 * Clause ids: random, so that two delegations creating clauses at the same
 * time never collide, and never reused.
 */

const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789'

/** A new clause id such as `cl_7kq2m9xw4d`. */
export function newClauseId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(10))
  return `cl_${Array.from(bytes, (byte) => alphabet[byte % alphabet.length]).join('')}`
}
