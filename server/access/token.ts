/**
 * Bearer tokens: random, shown once, stored only as a SHA-256 hash. Tokens
 * carry 256 bits of randomness, so a fast hash is enough; there is nothing
 * to brute-force.
 */

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/** A fresh token: `cp_` followed by 43 base64url characters. */
export function generateToken(): string {
  return `cp_${randomBytes(32).toString('base64url')}`
}

/** The hex SHA-256 of `token`, as stored in the database. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

/** Compares two hex hashes in constant time. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex')
  const right = Buffer.from(b, 'hex')
  return left.length === right.length && timingSafeEqual(left, right)
}
