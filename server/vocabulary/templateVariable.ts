/**
 * A template's variables as both sides check them: their types, and
 * whether a value fits one. The library checks each declared default at
 * load; the server checks every value a client sends before it drafts a
 * clause; the browser's template form checks what is typed with the same
 * rule, so that it says the server's words before asking.
 */

export const variableTypes = ['string', 'integer', 'date'] as const
export type VariableType = (typeof variableTypes)[number]

/** Longest text a `string` variable takes. */
export const maxTextLength = 500
/** Most digits an `integer` variable takes: a count of days or years, never an amount beyond this. */
export const maxIntegerDigits = 9

/** Control characters and line or paragraph separators: a variable's value is words within one paragraph. */
const controlCharacters = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u
/** Halves of UTF-16 surrogate pairs standing alone: no text, and nothing an XML file (an exported original) may hold. */
const loneSurrogate = /\p{Cs}/u

/** Why `value` is not a valid value of `type`, or null when it is. */
export function checkValue(type: VariableType, value: unknown): string | null {
  switch (type) {
    case 'integer': {
      const written = typeof value === 'number' && Number.isInteger(value) ? String(value) : value
      if (typeof written !== 'string' || !/^-?\d+$/.test(written)) return `must be a whole number (got ${describeValue(value)})`
      if (written.replace('-', '').length > maxIntegerDigits) return `must be a whole number of at most ${maxIntegerDigits} digits (got ${describeValue(value)})`
      return null
    }
    case 'date': {
      // Date.parse takes 30 February as 1 March: the day must read back as written.
      const valid = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString().startsWith(value)
      return valid ? null : `must be a date written YYYY-MM-DD (got ${describeValue(value)})`
    }
    case 'string':
      if (typeof value === 'number') return null
      if (typeof value !== 'string' || value.trim() === '' || value.length > maxTextLength) return `must be text of 1 to ${maxTextLength} characters (got ${describeValue(value)})`
      if (controlCharacters.test(value) || loneSurrogate.test(value)) return `must be words on one line, without control characters (got ${describeValue(value)})`
      return null
  }
}

/** A value as a message shows it: short text quoted, longer text by its length, never the whole of what a client sent. */
export function describeValue(value: unknown): string {
  // JSON escapes control characters but not the line and paragraph separators: escaped too, the message stays on one line.
  if (typeof value === 'string') return value.length > 40 ? `text of ${value.length} characters` : JSON.stringify(value).replace(/[\u2028\u2029]/g, (separator) => `\\u${separator.charCodeAt(0).toString(16)}`)
  if (typeof value === 'number') return String(value).length > 40 ? `a number of ${String(value).length} characters` : String(value)
  if (value === null || value === undefined) return String(value)
  if (Array.isArray(value)) return 'a list'
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`
}
