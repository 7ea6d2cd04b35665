/**
 * Requests and collaboration sockets that carry a cookie the way a browser
 * does: from the server's own origin unless told otherwise.
 */

import { WebSocket } from 'ws'
import type { ServerFixture } from './fixtures.js'

export interface CookieAnswer {
  status: number
  body: any
  /** The answer's Set-Cookie header, or null. */
  setCookie: string | null
  headers: Headers
}

export interface CookieRequestOptions {
  /** The `Origin` sent: the server's own unless given; none when null. */
  origin?: string | null
  body?: unknown
  /** A bearer token sent beside the cookie. */
  bearer?: string
}

/** A JSON request to `fixture`'s server carrying `cookie` (none when ''); resolves to the status, the body and the headers. */
export async function cookieRequest(fixture: ServerFixture, method: string, path: string, cookie: string, options: CookieRequestOptions = {}): Promise<CookieAnswer> {
  const headers: Record<string, string> = {}
  if (cookie !== '') headers.cookie = cookie
  const origin = options.origin === undefined ? fixture.server.server.origin : options.origin
  if (origin !== null) headers.origin = origin
  if (options.bearer !== undefined) headers.authorization = `Bearer ${options.bearer}`
  if (options.body !== undefined) headers['content-type'] = 'application/json'
  const response = await fetch(fixture.server.url + path, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) })
  const text = await response.text()
  return { status: response.status, body: text === '' ? null : JSON.parse(text), setCookie: response.headers.get('set-cookie'), headers: response.headers }
}

/** Opens a collaboration socket with `headers` and no token; resolves to 'open' (the first frame came, and it is closed) or the close code and reason. */
export function cookieSocket(fixture: ServerFixture, documentId: string, headers: Record<string, string>): Promise<'open' | { code: number; reason: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${fixture.server.collabUrl}/${documentId}`, { headers })
    socket.on('message', () => {
      resolve('open')
      socket.close()
    })
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() }))
    socket.on('error', reject)
  })
}

/** A collaboration socket with `headers`, kept open: resolves once the first frame came, with the promise of its close; rejects if it closes first. */
export async function openCookieSocket(
  fixture: ServerFixture,
  documentId: string,
  headers: Record<string, string>,
  query = '',
): Promise<{ closed: Promise<{ code: number; reason: string }>; socket: WebSocket }> {
  const socket = new WebSocket(`${fixture.server.collabUrl}/${documentId}${query}`, { headers })
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })))
  await new Promise<void>((resolve, reject) => {
    socket.once('message', () => resolve())
    socket.once('error', reject)
    void closed.then((close) => reject(new Error(`closed before the first frame: ${close.code} ${close.reason}`)))
  })
  return { closed, socket }
}
