/**
 * Transport hygiene: every answer carries the security headers, and the
 * WebSocket takes a member's token in a subprotocol (what the browser
 * client does) as well as in `?token=` (what stock clients and scripts do),
 * with no token ever in the server's logs.
 *
 * The server runs as a child process so that its log lines are all read.
 */

import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import zlib from 'node:zlib'
import { beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { requireBuiltClient } from '../support/builtClient.js'
import { connectClient } from '../support/collabClient.js'
import { useServerProcesses } from '../support/fixtures.js'
import type { ServerProcess } from '../support/testServer.js'

const fixture = useServerProcesses()
let server: ServerProcess
let documentId: string
let member: { id: string; token: string }

/** What the browser client's page may do: its own scripts and styles, inline styles (set at run time), a data: favicon, its own server, its own service worker. */
const clientPagePolicy =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src data:; connect-src 'self'; worker-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'"
/** What the service worker may do: fetch from its own server. */
const serviceWorkerPolicy = "default-src 'none'; connect-src 'self'"
/** What the public verify page may do: the client page's policy without inline styles. */
const verifyPagePolicy =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'"
/** What any other answer may do: nothing. */
const answerPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

beforeAll(async () => {
  requireBuiltClient()
  server = await fixture.spawn()
  documentId = await server.createDocument()
  member = await server.addMember(documentId, 'delegate', 'TH')
})

/** `response` carries the headers every answer must, with `policy` as its Content-Security-Policy. */
function expectSecurityHeaders(response: Response, policy: string): void {
  expect({
    csp: response.headers.get('content-security-policy'),
    nosniff: response.headers.get('x-content-type-options'),
    referrer: response.headers.get('referrer-policy'),
  }).toEqual({ csp: policy, nosniff: 'nosniff', referrer: 'no-referrer' })
}

describe('every answer', () => {
  it('carries a Content-Security-Policy, nosniff and no-referrer: the client page its own, everything else one that allows nothing', async () => {
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(fs.readFileSync(requireBuiltClient(), 'utf8'))![1]!
    const answers: [string, RequestInit, number, string][] = [
      [`/d/${documentId}`, {}, 200, clientPagePolicy],
      ['/sw.js', {}, 200, serviceWorkerPolicy],
      ['/verify', {}, 200, verifyPagePolicy],
      [asset, {}, 200, answerPolicy],
      ['/assets/no-such-file.js', {}, 404, answerPolicy],
      ['/healthz', {}, 200, answerPolicy],
      ['/', {}, 200, verifyPagePolicy],
      ['/new', {}, 200, verifyPagePolicy],
      ['/api/documents', { headers: { authorization: `Bearer ${server.adminToken}` } }, 200, answerPolicy],
      ['/api/documents', {}, 401, answerPolicy],
      ['/api/no-such-route', { headers: { authorization: `Bearer ${server.adminToken}` } }, 404, answerPolicy],
      ['/no-such-page', {}, 404, answerPolicy],
      ['/api/seal/public-key', {}, 200, answerPolicy],
      ['/api/verify', { method: 'POST', body: 'not a docx' }, 200, answerPolicy],
    ]
    for (const [url, init, status, policy] of answers) {
      const response = await fetch(server.url + url, init)
      await response.arrayBuffer()
      expect({ url, status: response.status }).toEqual({ url, status })
      expectSecurityHeaders(response, policy)
    }
  })

  it("sends the client's scripts and styles compressed to a browser that accepts it — Brotli first, then gzip — the same bytes once decompressed, cached for a year; the page naming them is never cached", async () => {
    const html = fs.readFileSync(requireBuiltClient(), 'utf8')
    // The page names this build's assets: a browser must never keep an old one.
    expect((await rawGet(`/d/${documentId}`, 'br')).headers['cache-control']).toBe('no-store')
    // The page's first script and style sheet, and the editor's script it fetches (most of what the browser downloads).
    const editorScript = fs.readdirSync(path.join(path.dirname(requireBuiltClient()), 'assets')).find((name) => /^main-[^.]+\.js$/.test(name))!
    const assets = [/src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!, /href="(\/assets\/[^"]+\.css)"/.exec(html)![1]!, `/assets/${editorScript}`]
    for (const asset of assets) {
      const plain = await rawGet(asset, null)
      expect(plain.headers['content-encoding']).toBeUndefined()
      expect(plain.headers.vary).toBe('Accept-Encoding')
      expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable')
      for (const [accepted, encoding, decompress] of [
        ['gzip, deflate, br', 'br', zlib.brotliDecompressSync],
        ['gzip', 'gzip', zlib.gunzipSync],
      ] as const) {
        const answer = await rawGet(asset, accepted)
        expect({ asset, status: answer.status, encoding: answer.headers['content-encoding'], vary: answer.headers.vary }).toEqual({ asset, status: 200, encoding, vary: 'Accept-Encoding' })
        expect(answer.headers['content-type']).toBe(plain.headers['content-type'])
        expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable')
        // Even the page's small first script is smaller so; the large ones less than half.
        expect(answer.body.length).toBeLessThan(plain.body.length / (plain.body.length > 10_000 ? 2 : 1.5))
        expect(decompress(answer.body).equals(plain.body)).toBe(true)
      }
      // Declined by q=0, or not offered: the plain file.
      expect((await rawGet(asset, 'br;q=0, gzip;q=0')).headers['content-encoding']).toBeUndefined()
    }
    // A name that climbs out of the assets is no asset.
    expect((await rawGet('/assets/..%2Fhome.html', 'br')).status).toBeGreaterThanOrEqual(400)
  })

  it('serves the service worker from the root, as a script the browser checks for a new version at each visit', async () => {
    const response = await fetch(`${server.url}/sw.js`)
    expect({ status: response.status, type: response.headers.get('content-type'), cache: response.headers.get('cache-control') }).toEqual({
      status: 200,
      type: 'text/javascript; charset=utf-8',
      cache: 'no-cache',
    })
    // One plain script: a module worker would need a browser that has them.
    expect(await response.text()).not.toMatch(/^\s*(import|export)\b/m)
  })

  it('the redline page keeps its own stricter policy, and may not be framed either', async () => {
    const response = await fetch(`${server.url}/api/documents/${documentId}/compare?from=live&to=live&format=html`, { headers: { authorization: `Bearer ${member.token}` } })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('the built client pages run no inline script, and the pages under the verify page policy set no inline style', () => {
    const index = requireBuiltClient()
    for (const file of [index, ...['verify.html', 'signin.html', 'home.html', 'new.html'].map((name) => path.join(path.dirname(index), name))]) {
      const page = fs.readFileSync(file, 'utf8')
      const scripts = [...page.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)]
      expect(scripts.length).toBeGreaterThan(0)
      for (const [, attributes, body] of scripts) {
        expect(attributes).toMatch(/\ssrc="\/assets\//)
        expect(body!.trim()).toBe('')
      }
      expect(page).not.toMatch(/\son[a-z]+=/i)
      if (file !== index) expect(page).not.toMatch(/<style\b|\sstyle=/i)
    }
  })
})

/** Opens a bare socket offering `protocols`; resolves with the protocol the server selected and how the socket closed. */
function openSocket(url: string, protocols: string[]): Promise<{ protocol: string; echoed: string | undefined; opened: boolean; close: { code: number; reason: string } }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, protocols)
    let echoed: string | undefined
    let opened = false
    socket.on('upgrade', (response) => (echoed = response.headers['sec-websocket-protocol'] as string | undefined))
    socket.on('open', () => {
      opened = true
      // Accepted: the server speaks first (sync step 1); then leave.
      socket.once('message', () => socket.close(1000))
    })
    socket.on('close', (code, reason) => resolve({ protocol: socket.protocol, echoed, opened, close: { code, reason: reason.toString() } }))
    socket.on('error', reject)
  })
}

describe('the WebSocket credential', () => {
  it('is taken from the subprotocol: the server selects "counterpart" and never echoes the token', async () => {
    const answer = await openSocket(`${server.url.replace(/^http/, 'ws')}/collab/${documentId}`, ['counterpart', `counterpart.token.${member.token}`])
    expect(answer).toEqual({ protocol: 'counterpart', echoed: 'counterpart', opened: true, close: { code: 1000, reason: '' } })
  })

  it('lets a stock y-websocket provider offering it sync', async () => {
    const doc = new Y.Doc()
    const provider = new WebsocketProvider(`${server.url.replace(/^http/, 'ws')}/collab`, documentId, doc, {
      protocols: ['counterpart', `counterpart.token.${member.token}`],
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    })
    try {
      await new Promise<void>((resolve, reject) => {
        provider.once('sync', () => resolve())
        provider.once('connection-error', () => reject(new Error('the handshake failed')))
      })
      expect(provider.ws!.protocol).toBe('counterpart')
      expect(provider.ws!.url).not.toContain('token')
    } finally {
      provider.destroy()
    }
  })

  it('refuses a wrong token in the subprotocol with 4401, after a handshake a browser accepts', async () => {
    const answer = await openSocket(`${server.url.replace(/^http/, 'ws')}/collab/${documentId}`, ['counterpart', 'counterpart.token.cp_not-a-real-token'])
    expect(answer).toEqual({ protocol: 'counterpart', echoed: 'counterpart', opened: true, close: { code: 4401, reason: 'the token is not valid' } })
  })

  it('refuses two tokens at once with 4400, naming the rule', async () => {
    const url = `${server.url.replace(/^http/, 'ws')}/collab/${documentId}?token=${member.token}`
    const answer = await openSocket(url, ['counterpart', `counterpart.token.${member.token}`])
    expect(answer.close).toEqual({ code: 4400, reason: 'send one token: either as the subprotocol "counterpart.token.<token>" or as ?token=, not both or several' })
  })

  it('still takes ?token= from stock clients, as before', async () => {
    const client = connectClient(`${server.url.replace(/^http/, 'ws')}/collab`, documentId, member.token)
    try {
      await client.synced()
      expect(client.provider.ws!.protocol).toBe('')
    } finally {
      client.destroy()
    }
  })

  it('in the subprotocol or in ?token=, right or wrong, never reaches the server log', () => {
    const { stdout, stderr } = server.output()
    expect(stdout).toContain('ws.opened')
    expect(stdout + stderr).not.toContain(member.token)
    expect(stdout + stderr).not.toContain('cp_not-a-real-token')
    expect(stdout + stderr).not.toContain(server.adminToken)
  })
})

/** GET `url` from the server as it is sent, with `Accept-Encoding: acceptEncoding` (none when null): fetch would decompress it. */
function rawGet(url: string, acceptEncoding: string | null): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const request = http.get(server.url + url, { headers: acceptEncoding === null ? {} : { 'accept-encoding': acceptEncoding } }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }))
    })
    request.on('error', reject)
  })
}
