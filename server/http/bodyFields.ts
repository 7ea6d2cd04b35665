/**
 * Reading fields of a JSON request body. Each reader throws Invalid with a
 * message that names the field (with its path inside the body, such as
 * "parties[1].code") and shows what was sent instead.
 */

import { invalid } from '../vocabulary/errors.js'

export type JsonObject = Record<string, unknown>

/** Where a field sits, for messages: the object's path inside the body ("" at the top). */
interface Location {
  path?: string
}

interface StringRules extends Location {
  maxLength: number
  pattern?: RegExp
  /** Says what `pattern` demands, e.g. "must be 2 to 8 capital letters". */
  hint?: string
}

/** The body as an object; Invalid for anything else (or no JSON at all). */
export function objectBody(body: unknown): JsonObject {
  if (body === undefined) throw invalid('the request needs a JSON body (Content-Type: application/json)')
  if (!isObject(body)) throw invalid(`the request body must be a JSON object (got ${kindOf(body)})`)
  return body
}

/**
 * Throws Invalid when `body` nests objects and arrays more than `maxDepth`
 * levels deep (the body itself is level 1). What reads a body further may
 * recurse (template variables, messages that show a value), and no request
 * needs more than a few levels.
 */
export function checkNesting(body: unknown, maxDepth: number): void {
  const stack: [unknown, number][] = [[body, 1]]
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!
    if (value === null || typeof value !== 'object') continue
    if (depth > maxDepth) throw invalid(`the request body must not nest objects and arrays more than ${maxDepth} levels deep`)
    for (const child of Object.values(value)) stack.push([child, depth + 1])
  }
}

/** A string field, trimmed, 1…`maxLength` characters. */
export function stringField(object: JsonObject, name: string, rules: StringRules): string {
  const label = labelOf(name, rules)
  const value = object[name]
  if (typeof value !== 'string') throw invalid(`field "${label}" must be a string (got ${kindOf(value)})`)
  const trimmed = value.trim()
  if (trimmed.length === 0) throw invalid(`field "${label}" must not be empty`)
  // PostgreSQL text cannot hold NUL.
  const nul = trimmed.indexOf('\u0000')
  if (nul >= 0) throw invalid(`field "${label}" must not contain a NUL character (got one at index ${nul})`)
  if (trimmed.length > rules.maxLength) {
    throw invalid(`field "${label}" must be at most ${rules.maxLength} characters (got ${trimmed.length})`)
  }
  if (rules.pattern && !rules.pattern.test(trimmed)) {
    throw invalid(`field "${label}" ${rules.hint ?? `must match ${rules.pattern}`} (got ${JSON.stringify(trimmed)})`)
  }
  return trimmed
}

/** Like `stringField`, but an absent field gives `fallback`. */
export function optionalStringField(object: JsonObject, name: string, fallback: string, rules: StringRules): string {
  return object[name] === undefined ? fallback : stringField(object, name, rules)
}

/** An optional true or false: absent gives `fallback`. */
export function optionalBooleanField(object: JsonObject, name: string, fallback: boolean, rules: Location = {}): boolean {
  const value = object[name]
  if (value === undefined) return fallback
  if (typeof value !== 'boolean') throw invalid(`field "${labelOf(name, rules)}" must be true or false (got ${kindOf(value)})`)
  return value
}

/** An optional nested object (absent or null gives `{}`). */
export function optionalObjectField(object: JsonObject, name: string): JsonObject {
  const value = object[name]
  if (value === undefined || value === null) return {}
  if (!isObject(value)) throw invalid(`field "${name}" must be an object (got ${kindOf(value)})`)
  return value
}

/** An optional string: absent or null gives null. */
export function nullableStringField(object: JsonObject, name: string, rules: StringRules): string | null {
  return object[name] === undefined || object[name] === null ? null : stringField(object, name, rules)
}

/** One of `values`; with `nullable`, also null (or absent). */
export function choiceField<T extends string>(object: JsonObject, name: string, values: readonly T[], rules: Location & { nullable: true }): T | null
export function choiceField<T extends string>(object: JsonObject, name: string, values: readonly T[], rules?: Location & { nullable?: false }): T
export function choiceField<T extends string>(
  object: JsonObject,
  name: string,
  values: readonly T[],
  rules: Location & { nullable?: boolean } = {},
): T | null {
  const value = object[name]
  if (rules.nullable && (value === null || value === undefined)) return null
  if (typeof value === 'string' && (values as readonly string[]).includes(value)) return value as T
  const allowed = values.map((v) => JSON.stringify(v)).join(', ') + (rules.nullable ? ' or null' : '')
  throw invalid(`field "${labelOf(name, rules)}" must be one of ${allowed} (got ${kindOf(value)})`)
}

/** An array of objects (with `maxItems`, at most that many, refused before any is read), each read by `read(item, path)` where `path` is e.g. "parties[0]". */
export function arrayField<T>(object: JsonObject, name: string, read: (item: JsonObject, path: string) => T, maxItems = Infinity): T[] {
  const value = object[name]
  if (!Array.isArray(value)) throw invalid(`field "${name}" must be an array (got ${kindOf(value)})`)
  if (value.length > maxItems) throw invalid(`field "${name}" must list at most ${maxItems} items (got ${value.length})`)
  return value.map((item: unknown, index) => {
    const path = `${name}[${index}]`
    if (!isObject(item)) throw invalid(`field "${path}" must be an object (got ${kindOf(item)})`)
    return read(item, path)
  })
}

/** An array of at most `maxItems` strings, each read as `stringField` reads one. */
export function stringArrayField(object: JsonObject, name: string, rules: StringRules, maxItems: number): string[] {
  const label = labelOf(name, rules)
  const value = object[name]
  if (!Array.isArray(value)) throw invalid(`field "${label}" must be an array of strings (got ${kindOf(value)})`)
  if (value.length > maxItems) throw invalid(`field "${label}" must list at most ${maxItems} (got ${value.length})`)
  return value.map((item: unknown, index) => stringField({ [`${name}[${index}]`]: item }, `${name}[${index}]`, rules))
}

/**
 * An optional object used as a map (absent or null gives `{}`): at most
 * `maxKeys` keys, each matching `key.pattern`, each value an object read by
 * `read(value, path)` where `path` is e.g. "names.th".
 */
export function mapField<T>(
  object: JsonObject,
  name: string,
  key: { pattern: RegExp; hint: string; maxKeys: number } & Location,
  read: (value: JsonObject, path: string, key: string) => T,
): Record<string, T> {
  const label = labelOf(name, key)
  const value = object[name]
  if (value === undefined || value === null) return {}
  if (!isObject(value)) throw invalid(`field "${label}" must be an object (got ${kindOf(value)})`)
  const entries = Object.entries(value)
  if (entries.length > key.maxKeys) throw invalid(`field "${label}" must have at most ${key.maxKeys} keys (got ${entries.length})`)
  const result: Record<string, T> = {}
  for (const [itemKey, item] of entries) {
    if (!key.pattern.test(itemKey)) throw invalid(`field "${label}" has the key ${JSON.stringify(itemKey)}, which ${key.hint}`)
    const path = `${label}.${itemKey}`
    if (!isObject(item)) throw invalid(`field "${path}" must be an object (got ${kindOf(item)})`)
    result[itemKey] = read(item, path, itemKey)
  }
  return result
}

/** An optional object of strings keyed as `mapField`'s (absent or null gives `{}`), each string read as `stringField` reads one. */
export function stringMapField(object: JsonObject, name: string, key: { pattern: RegExp; hint: string; maxKeys: number } & Location, rules: StringRules): Record<string, string> {
  const label = labelOf(name, key)
  const value = object[name]
  if (value === undefined || value === null) return {}
  if (!isObject(value)) throw invalid(`field "${label}" must be an object (got ${kindOf(value)})`)
  const keys = Object.keys(value)
  if (keys.length > key.maxKeys) throw invalid(`field "${label}" must have at most ${key.maxKeys} keys (got ${keys.length})`)
  const bad = keys.find((itemKey) => !key.pattern.test(itemKey))
  if (bad !== undefined) throw invalid(`field "${label}" has the key ${JSON.stringify(bad)}, which ${key.hint}`)
  return Object.fromEntries(keys.map((itemKey) => [itemKey, stringField(value, itemKey, { ...rules, path: label })]))
}

/** A whole number from `min` to `max`. */
export function integerField(object: JsonObject, name: string, rules: Location & { min: number; max: number }): number {
  const value = object[name]
  if (!Number.isSafeInteger(value) || (value as number) < rules.min || (value as number) > rules.max) {
    throw invalid(`field "${labelOf(name, rules)}" must be a whole number from ${rules.min} to ${rules.max} (got ${kindOf(value)})`)
  }
  return value as number
}

function labelOf(name: string, location: Location): string {
  return location.path ? `${location.path}.${name}` : name
}

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

function kindOf(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return 'an object'
  return `${typeof value} ${JSON.stringify(value)}`
}
