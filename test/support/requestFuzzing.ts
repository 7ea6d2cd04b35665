/**
 * Seeded malformed HTTP requests for fuzzing the JSON API, and senders that
 * put exactly the bytes generated on the wire.
 *
 * Bodies are built as JavaScript values in which `RawJson` stands for text
 * that `JSON.stringify` cannot write (NaN-like numbers, 1e309, -0, integers
 * past 2^53, nesting thousands deep), so that a mutation can hit one field
 * and leave the rest of a valid body intact.
 */

import http from 'node:http'
import net from 'node:net'
import * as prng from 'lib0/prng'
import { chance, randomInt, type Random } from './randomEdits.js'

/** JSON text written as is. */
export class RawJson {
  constructor(readonly text: string) {}
}

/** The JSON text of `value`, with `RawJson` parts written verbatim and own keys such as `__proto__` kept. */
export function jsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text
  if (Array.isArray(value)) return `[${value.map(jsonText).join(',')}]`
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([key, item]) => `${JSON.stringify(key)}:${jsonText(item)}`)
      .join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

/** An object whose own key `key` holds `value`, even for `__proto__`. */
export function withOwnKey(object: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy = { ...object }
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true })
  return copy
}

/** The marker a prototype-polluting body tries to plant on every object; the test checks that it never appears. */
export const pollutionMarker = 'fuzzPolluted'

const polluting = (): Record<string, unknown> => ({ [pollutionMarker]: true, isAdmin: true, role: 'secretariat', kind: 'admin', status: 'agreed' })

const nested = (depth: number, open: string, inner: string, close: string) => new RawJson(open.repeat(depth) + inner + close.repeat(depth))

/** Values no field of the API expects, each with a name for failure messages. */
const oddValues: [string, (random: Random) => unknown][] = [
  ['null', () => null],
  ['true', () => true],
  ['0', () => 0],
  ['-1', () => -1],
  ['-0', () => new RawJson('-0')],
  ['0.5', () => 0.5],
  ['1e309', () => new RawJson('1e309')],
  ['-1e309', () => new RawJson('-1e309')],
  ['1e-400', () => new RawJson('1e-400')],
  ['2^53+1', () => new RawJson('9007199254740993')],
  ['a 40-digit integer', () => new RawJson('1234567890123456789012345678901234567890')],
  ['an empty string', () => ''],
  ['blanks', () => ' \t\n\r '],
  ['a NUL', () => '\u0000'],
  ['text with a NUL', () => 'Article\u0000 5'],
  ['control characters', () => '\u0001\u0007\u001b[2J\u007f\u0085'],
  ['a right-to-left override', () => '\u202eHT\u202c'],
  ['a lone surrogate', () => '\ud800'],
  ['reversed surrogates', () => '\udc00\ud800x'],
  ['emoji', () => '🇹🇭🤝🇰🇭'],
  ['a byte order mark', () => '\ufeff'],
  ['combining marks', () => `e${'\u0301'.repeat(300)}`],
  ['Thai and Khmer', () => 'บันทึกความเข้าใจ អនុស្សរណៈ'],
  ['markup', () => '<script>alert(1)</script><w:p/>'],
  ['SQL', () => "x'); DROP TABLE documents; --"],
  ['a path', () => '../../etc/passwd'],
  ['template syntax', () => '{{partyA.name}} ${process.env} {{ref:costs}}'],
  ['a long string', (random) => 'x'.repeat(randomInt(random, 501, 20_000))],
  ['a huge string', (random) => 'y'.repeat(randomInt(random, 100_000, 250_000))],
  ['an empty array', () => []],
  ['an array', () => [1, 'two', null, {}]],
  ['an empty object', () => ({})],
  ['an object', () => ({ a: 1, b: [2] })],
  ['nested arrays', (random) => nested(prng.oneOf(random, [64, 3_000, 100_000]), '[', '', ']')],
  ['nested objects', (random) => nested(prng.oneOf(random, [64, 3_000, 40_000]), '{"a":', '0', '}')],
  ['a __proto__ object', () => withOwnKey({}, '__proto__', polluting())],
  ['a constructor.prototype object', () => ({ constructor: { prototype: polluting() } })],
]

/** One odd value. */
export function oddValue(random: Random): { value: unknown; name: string } {
  const [name, make] = prng.oneOf(random, oddValues)
  return { value: make(random), name }
}

const oddKeys = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '', ' ', 'a.b', '\u0000', '$where', 'x'.repeat(3_000)]

/** A valid field value bent out of shape while keeping its type where it can. */
function bend(random: Random, value: unknown, path: string): { value: unknown; name: string } {
  if (typeof value === 'string') {
    const roll = randomInt(random, 0, 5)
    if (roll === 0) return { value: `${value}\u0000`, name: `${path} with a NUL appended` }
    if (roll === 1) return { value: value.padEnd(randomInt(random, 501, 12_000), '=') , name: `${path} padded past its limit` }
    if (roll === 2) return { value: `  ${value.toLowerCase()}  `, name: `${path} lower-cased in blanks` }
    if (roll === 3) return { value: `${value}\u202e\ud800`, name: `${path} with an override and a lone surrogate` }
    if (roll === 4) return { value: value.slice(0, randomInt(random, 0, value.length)), name: `${path} cut` }
    return { value: [value], name: `${path} in an array` }
  }
  if (typeof value === 'number') {
    const odd = prng.oneOf(random, ['-1', '-0', '1.5', '1e309', '9007199254740993', '4294967296', `${value}.0000000000000001`])
    return { value: new RawJson(odd), name: `${path} = ${odd}` }
  }
  if (Array.isArray(value)) {
    const roll = randomInt(random, 0, 3)
    if (roll === 0 || value.length === 0) return { value: [], name: `${path} emptied` }
    if (roll === 1) return { value: [...value, ...value], name: `${path} doubled` }
    if (roll === 2) return { value: value[0], name: `${path}'s first item instead of the array` }
    const index = randomInt(random, 0, value.length - 1)
    const item = value[index]
    const bent = item !== null && typeof item === 'object' && !Array.isArray(item) ? mutateObject(random, item as Record<string, unknown>, `${path}[${index}]`) : oddValue(random)
    return { value: value.map((old, at) => (at === index ? bent.value : old)), name: bent.name.startsWith(path) ? bent.name : `${path}[${index}] = ${bent.name}` }
  }
  if (value !== null && typeof value === 'object') return mutateObject(random, value as Record<string, unknown>, path)
  const odd = oddValue(random)
  return { value: odd.value, name: `${path} = ${odd.name}` }
}

/**
 * One mutation of `object` (a new object; `object` is left alone): a field
 * dropped, given an odd value or bent, an extra field, a prototype key.
 */
export function mutateObject(random: Random, object: Record<string, unknown>, path = 'body'): { value: Record<string, unknown> | unknown; name: string } {
  const keys = Object.keys(object)
  const roll = randomInt(random, 0, 9)
  if (keys.length > 0 && roll <= 1) {
    const key = prng.oneOf(random, keys)
    const { [key]: _dropped, ...rest } = object
    return { value: rest, name: `${path}.${key} dropped` }
  }
  if (keys.length > 0 && roll <= 4) {
    const key = prng.oneOf(random, keys)
    const odd = oddValue(random)
    return { value: { ...object, [key]: odd.value }, name: `${path}.${key} = ${odd.name}` }
  }
  if (keys.length > 0 && roll <= 6) {
    const key = prng.oneOf(random, keys)
    const bent = bend(random, object[key], `${path}.${key}`)
    return { value: { ...object, [key]: bent.value }, name: bent.name }
  }
  if (roll === 7) {
    const key = prng.oneOf(random, oddKeys)
    const value = chance(random, 0.5) ? polluting() : oddValue(random).value
    return { value: withOwnKey(object, key, value), name: `${path} with an extra ${JSON.stringify(key.slice(0, 20))} field` }
  }
  if (roll === 8) return { value: withOwnKey(object, '__proto__', polluting()), name: `${path} with a polluting __proto__` }
  const whole = prng.oneOf(random, [[object], null, 'a string', 42, true, [], {}] as unknown[])
  return { value: whole, name: `${path} replaced by ${JSON.stringify(whole)?.slice(0, 40)}` }
}

/** `body` with 1 to 3 stacked mutations. */
export function mutateBody(random: Random, body: Record<string, unknown>): { value: unknown; name: string } {
  let value: unknown = body
  const names: string[] = []
  const count = randomInt(random, 1, 3)
  for (let i = 0; i < count; i++) {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof RawJson) break
    const mutated = mutateObject(random, value as Record<string, unknown>)
    value = mutated.value
    names.push(mutated.name)
  }
  return { value, name: names.join('; ') }
}

/** JSON text that is not JSON, or not the JSON meant: made from a valid body's `text`. */
export function brokenJson(random: Random, text: string): { bytes: Buffer; name: string } {
  const utf8 = Buffer.from(text)
  const at = randomInt(random, 1, Math.max(1, utf8.length - 1))
  const variants: [string, () => Buffer | string][] = [
    ['cut short', () => utf8.subarray(0, at)],
    ['a trailing comma', () => text.replace(/}$/, ',}')],
    ['trailing garbage', () => `${text} {}`],
    ['single quotes', () => text.replaceAll('"', "'")],
    ['unquoted keys', () => text.replace(/"(\w+)":/g, '$1:')],
    ['a comment', () => `/* note */ ${text}`],
    ['a byte order mark', () => `\ufeff${text}`],
    ['invalid UTF-8 bytes', () => Buffer.concat([utf8.subarray(0, at), Buffer.from([0xff, 0xfe, 0xc0, 0x80]), utf8.subarray(at)])],
    ['a raw NUL byte', () => Buffer.concat([utf8.subarray(0, at), Buffer.from([0]), utf8.subarray(at)])],
    ['raw control characters in a string', () => text.replace(/":"/, '":"\u0001\n\t')],
    ['NaN', () => text.replace(/:(?:"[^"]*"|null|\d+)/, ':NaN')],
    ['Infinity', () => text.replace(/:(?:"[^"]*"|null|\d+)/, ':Infinity')],
    ['a hex number', () => text.replace(/:(?:"[^"]*"|null|\d+)/, ':0x1F')],
    ['a leading zero', () => text.replace(/:(?:"[^"]*"|null|\d+)/, ':007')],
    ['a duplicated key', () => text.replace(/^\{"(\w+)":/, '{"$1":{"__proto__":{"fuzzPolluted":1}},"$1":')],
    ['an unterminated string', () => text.replace(/"([^"]*)"\s*}$/, '"$1}')],
    ['unbalanced nesting', () => '['.repeat(randomInt(random, 1, 100_000))],
    ['an empty body', () => ''],
    ['blanks only', () => ' \r\n\t '],
    ['undefined', () => 'undefined'],
    ['a bare string', () => '"just a string"'],
    ['a bare number', () => '12345'],
    ['null', () => 'null'],
    ['a lone surrogate escape', () => text.replace(/":"/, '":"\\ud800')],
    ['a bad escape', () => text.replace(/":"/, '":"\\x41\\u12')],
  ]
  const [name, make] = prng.oneOf(random, variants)
  const made = make()
  return { bytes: typeof made === 'string' ? Buffer.from(made) : made, name }
}

/**
 * A path segment that names nothing a route expects: an id of another
 * kind, dot segments, escapes that decode to a NUL or a slash or to nothing
 * at all, very long, unicode. `ids` are real ids of every kind.
 */
export function oddSegment(random: Random, ids: readonly string[]): { segment: string; name: string } {
  const id = prng.oneOf(random, [...ids])
  const variants: [string, () => string][] = [
    ['an id of another kind', () => encodeURIComponent(id)],
    ['a random UUID', () => randomUuid(random)],
    ['..', () => '..'],
    ['.', () => '.'],
    ['an encoded ..', () => '%2e%2e'],
    ['an encoded slash', () => `${encodeURIComponent(id)}%2F..%2Fmembers`],
    ['encoded ../ to a file', () => '..%2F..%2F..%2Fpackage.json'],
    ['encoded backslashes', () => '..%5C..%5Cetc'],
    ['%00', () => '%00'],
    ['an id and %00', () => `${encodeURIComponent(id)}%00`],
    ['a lone %', () => '%'],
    ['%zz', () => 'ab%zz'],
    ['a cut UTF-8 escape', () => '%E0%A4%A'],
    ['an overlong UTF-8 escape', () => '%C0%AF'],
    ['%FF', () => '%FF%FE'],
    ['unicode', () => encodeURIComponent('ข้อ៥🇹🇭')],
    ['a right-to-left override', () => `%E2%80%AE${encodeURIComponent(id)}`],
    ['raw latin-1 bytes', () => 'caf\u00e9\u00ff'],
    ['very long', () => 'a'.repeat(randomInt(random, 1_000, 8_000))],
    ['encoded blanks', () => '%20%09%0A'],
    ['an id with a suffix', () => `${encodeURIComponent(id)}.json`],
    ['an id upper-cased', () => encodeURIComponent(id.toUpperCase())],
    ['__proto__', () => '__proto__'],
    ['constructor', () => 'constructor'],
    ['toString', () => 'toString'],
    ['0', () => '0'],
    ['-1', () => '-1'],
    ['1e309', () => '1e309'],
    ['a 10-digit number', () => '9999999999'],
    ['1.5', () => '1.5'],
    ['NaN', () => 'NaN'],
    ['live', () => 'live'],
    ['quotes', () => '%22%27%60'],
    ['matrix parameters', () => `${encodeURIComponent(id)};x=1`],
    ['empty', () => ''],
  ]
  const [name, make] = prng.oneOf(random, variants)
  return { segment: make(), name }
}

/** Query values for parameters such as `from`, `to`, `format`, `revision`, `counterpart`. */
export function oddQueryValue(random: Random): string {
  return prng.oneOf(random, [
    '1', '2', 'live', '0', '-1', '1e3', '999999999', '9999999999', '', '%00', '1%00', 'TH', 'KH', 'th', 'html', 'json', 'xml', 'HTML',
    '%E2%80%AE', '%', '%zz', encodeURIComponent('🇹🇭'), 'a'.repeat(2_000), '__proto__', '1.0', ' 1', '0x1',
  ])
}

function randomUuid(random: Random): string {
  const hex = Array.from(prng.uint8Array(random, 16), (byte) => byte.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/** What came back: `status` null when the connection ended without a response (`failure` says how). */
export interface Answer {
  status: number | null
  contentType: string | null
  text: string
  failure?: string
}

export interface WireRequest {
  method: string
  /** Sent as is: already percent-encoded where it should be, or not. */
  path: string
  headers: Record<string, string>
  body?: Buffer
}

/**
 * Sends `request` with `http.request`, which leaves the path, method,
 * headers and body as given; a path with bytes it refuses to send (raw
 * latin-1) goes over a socket of its own.
 */
export function sendRequest(port: number, request: WireRequest, agent: http.Agent, timeoutMs = 15_000): Promise<Answer> {
  if (/[^\x21-\x7e]/.test(request.path)) {
    const length: Record<string, string> = request.body ? { 'content-length': String(request.body.length) } : {}
    return sendRaw(port, rawRequest(request.method, request.path, { ...request.headers, ...length, connection: 'close' }, request.body), { timeoutMs })
  }
  // Node sends the body of a GET or DELETE with no length at all unless told.
  const headers = request.body && !('content-length' in request.headers) ? { ...request.headers, 'content-length': String(request.body.length) } : request.headers
  return new Promise((resolve) => {
    let settled = false
    const finish = (answer: Answer) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve(answer)
    }
    const timer = setTimeout(() => {
      outgoing.destroy()
      finish({ status: null, contentType: null, text: '', failure: `no answer within ${timeoutMs} ms` })
    }, timeoutMs)
    const outgoing = http.request({ host: '127.0.0.1', port, method: request.method, path: request.path, headers, agent }, (response) => {
      const chunks: Buffer[] = []
      const done = (failure?: string) =>
        finish({
          status: response.statusCode ?? null,
          contentType: response.headers['content-type'] ?? null,
          text: Buffer.concat(chunks).toString('utf8'),
          ...(failure ? { failure } : {}),
        })
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => done())
      response.on('error', (error) => done(error.message))
      response.on('aborted', () => done('response aborted'))
    })
    outgoing.on('error', (error) => finish({ status: null, contentType: null, text: '', failure: error.message }))
    outgoing.end(request.body)
  })
}

/**
 * Writes `bytes` on a fresh TCP connection (half-closing it after them
 * when `halfClose`) and resolves with the first response on it, or with
 * status null if the server closed the connection without one.
 */
export function sendRaw(port: number, bytes: Buffer, { halfClose = false, timeoutMs = 15_000 } = {}): Promise<Answer> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1')
    let received = Buffer.alloc(0)
    let settled = false
    const finish = (answer: Answer) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      resolve(answer)
    }
    const timer = setTimeout(() => finish({ ...parseResponse(received), failure: `no complete answer within ${timeoutMs} ms` }), timeoutMs)
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk])
      const parsed = parseResponse(received)
      if (parsed.status !== null && !parsed.failure) finish(parsed)
    })
    socket.on('error', () => {})
    socket.on('close', () => finish(parseResponse(received, true)))
    socket.write(bytes, () => {
      if (halfClose) socket.end()
    })
  })
}

/** The first HTTP response in `bytes`; `failure` set while it is incomplete. */
function parseResponse(bytes: Buffer, closed = false): Answer {
  const headerEnd = bytes.indexOf('\r\n\r\n')
  if (headerEnd < 0) return { status: null, contentType: null, text: '', failure: closed ? 'closed without an answer' : 'incomplete' }
  const head = bytes.subarray(0, headerEnd).toString('latin1').split('\r\n')
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head[0]!)?.[1] ?? NaN)
  const header = (name: string) => head.find((line) => line.toLowerCase().startsWith(`${name}:`))?.slice(name.length + 1).trim() ?? null
  const length = Number(header('content-length') ?? 0)
  const body = bytes.subarray(headerEnd + 4)
  const complete = body.length >= length
  return {
    status: Number.isNaN(status) ? null : status,
    contentType: header('content-type'),
    text: body.subarray(0, length).toString('utf8'),
    ...(complete ? {} : { failure: closed ? 'closed in the middle of the answer' : 'incomplete' }),
  }
}

/** The bytes of a request with the given start line, headers and body, as written. */
export function rawRequest(method: string, path: string, headers: Record<string, string>, body: Buffer = Buffer.alloc(0)): Buffer {
  const head = [`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1', ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`), '', ''].join('\r\n')
  return Buffer.concat([Buffer.from(head, 'latin1'), body])
}
