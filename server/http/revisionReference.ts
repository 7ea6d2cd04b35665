/**
 * A revision named in a request: a path's `:seq` (a revision number) or a
 * query's `from`/`to`/`revision` (a number, or "live" for the live text).
 * Anything else is refused with words.
 */

import { invalid } from '../vocabulary/errors.js'
import { revisionNumberPattern, type StateRef } from '../vocabulary/revision.js'

/** A path's revision number. */
export function revisionNumber(value: unknown): number {
  if (typeof value !== 'string' || !revisionNumberPattern.test(value)) {
    throw invalid(`revision number must be a whole number from 1 (got ${value === undefined ? 'nothing' : JSON.stringify(value)})`)
  }
  return Number(value)
}

/** A path's revision number, or "live" for the live text. */
export function revisionOrLive(value: unknown): StateRef {
  if (value === 'live') return 'live'
  if (typeof value === 'string' && revisionNumberPattern.test(value)) return Number(value)
  throw invalid(`revision must be a whole number from 1 or "live" (got ${value === undefined ? 'nothing' : JSON.stringify(value)})`)
}

/** A query parameter `name` naming a revision or "live". */
export function stateRef(value: unknown, name: string): StateRef {
  if (value === 'live') return 'live'
  if (typeof value === 'string' && revisionNumberPattern.test(value)) return Number(value)
  throw invalid(`parameter "${name}" must be a revision number or "live" (got ${value === undefined ? 'nothing' : JSON.stringify(value)})`)
}
