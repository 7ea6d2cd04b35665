/**
 * A yes-or-no query parameter: `?name=1` (or `true`) and `?name=0` (or
 * `false`); absent is no. Anything else is refused in words naming it.
 */

import { invalid } from '../vocabulary/errors.js'

export function flagParameter(query: Record<string, unknown>, name: string): boolean {
  const value = query[name]
  if (value === undefined || value === '0' || value === 'false') return false
  if (value === '1' || value === 'true') return true
  throw invalid(`parameter "${name}" must be 1 or 0 (got ${JSON.stringify(value)})`)
}
