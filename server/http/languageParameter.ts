/**
 * A `lang` query parameter: which language text a request is about
 * (absent: the working text). Whether the document has it is the service's
 * to say.
 */

import { invalid } from '../vocabulary/errors.js'
import { languageTagPattern } from '../vocabulary/document.js'

export function languageParameter(value: unknown): string | null {
  if (value === undefined) return null
  if (typeof value === 'string' && value.length <= 35 && languageTagPattern.test(value)) return value
  throw invalid(`parameter "lang" must be a BCP 47 language tag such as "th" or "km" (got ${JSON.stringify(value)})`)
}
