/**
 * The browser client's `Api`, run against a real server: a refusal comes
 * back as an ApiError with the server's words, and a request the server
 * takes but never answers is given up on after the client's patience —
 * never a panel left waiting for ever.
 */

import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Api, ApiError } from '../../client/src/api.js'
import { useServer } from '../support/fixtures.js'

const fixture = useServer()

/** A server that takes every request and answers none (a hung process, a network that swallows the answer). */
let silent: http.Server
const held: http.ServerResponse[] = []
beforeAll(async () => {
  silent = http.createServer((_request, response) => void held.push(response))
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
})
afterAll(async () => {
  for (const response of held) response.destroy()
  await new Promise<void>((resolve) => silent.close(() => resolve()))
})

describe('the client Api', () => {
  it('gives a refusal as an ApiError with the server’s status, code and words', async () => {
    const documentId = await fixture.server.createDocument()
    const api = new Api(documentId, { origin: fixture.server.url })
    // No session cookie outside a browser: the server refuses, and says why.
    const error = await api.revisions().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ status: 401, code: 'unauthorized' })
    expect((error as ApiError).message).not.toBe('')
  })

  it('gives up on a request the server never answers, once its patience runs out', async () => {
    const api = new Api('any-document', { origin: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, patienceMs: 300 })
    const error = await api.revisions().catch((caught: unknown) => caught)
    // What the page says of it: errorWords.test.ts.
    expect(error).toMatchObject({ name: 'TimeoutError' })
    expect(held.length).toBe(1)
  })
})
