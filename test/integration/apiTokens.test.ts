/**
 * Personal API tokens against a real server and database: a signed-in
 * person makes one for a membership of theirs, and scripts and stock
 * clients then act with it as that member, exactly as with the member's own
 * token — over HTTP and over y-websocket — until the token, or the
 * membership, is revoked.
 */

import { beforeAll, describe, expect, it } from 'vitest'
import { connectClient } from '../support/collabClient.js'
import { cookieRequest } from '../support/cookieClient.js'
import { useServer } from '../support/fixtures.js'
import { signInPerson } from '../support/people.js'
import type { TestServer } from '../support/testServer.js'

const fixture = useServer()
let server: TestServer
let documentId: string

beforeAll(async () => {
  server = fixture.server
  documentId = await server.createDocument()
})

/** A delegate of `documentId` held by a signed-in person, and an API token they made for it. */
async function delegateWithApiToken(label = 'nightly export') {
  const member = await server.addMember(documentId, 'delegate', 'TH', 'Somchai Rattanakorn')
  const person = await signInPerson(fixture, 'Somchai Rattanakorn', { memberTokens: [member.token] })
  const created = await cookieRequest(fixture, 'POST', '/api/me/tokens', person.cookie, { body: { documentId, label } })
  expect(created.status).toBe(201)
  return { member, person, apiToken: created.body as { id: string; token: string; label: string; documentId: string; memberId: string; createdAt: string } }
}

describe('making personal API tokens', () => {
  it('a signed-in person makes one for their membership, and sees its secret this once', async () => {
    const { member, person, apiToken } = await delegateWithApiToken()
    expect(apiToken).toEqual({ id: expect.any(String), token: expect.stringMatching(/^cp_[A-Za-z0-9_-]{43}$/), label: 'nightly export', documentId, memberId: member.id, createdAt: expect.any(String) })

    const listed = await cookieRequest(fixture, 'GET', '/api/me/tokens', person.cookie)
    expect(listed.status).toBe(200)
    expect(listed.body).toEqual({
      tokens: [{ id: apiToken.id, label: 'nightly export', documentId, memberId: member.id, createdAt: apiToken.createdAt, lastUsedAt: null, revokedAt: null }],
    })
    expect(JSON.stringify(listed.body)).not.toContain(apiToken.token)
  })

  it('refuses a token for a document the person holds no membership of, with words', async () => {
    const { cookie } = await signInPerson(fixture, 'Sokha Chan')
    const refused = await cookieRequest(fixture, 'POST', '/api/me/tokens', cookie, { body: { documentId, label: 'scraper' } })
    expect(refused.status).toBe(403)
    expect(refused.body.error.message).toBe(`you hold no membership of document ${documentId}: an API token acts as one of your memberships`)
    expect((await cookieRequest(fixture, 'GET', '/api/me/tokens', cookie)).body).toEqual({ tokens: [] })
  })

  it('refuses a cookie request from another origin, a label too long, and a bearer token, which names no person', async () => {
    const { member, person } = await delegateWithApiToken()
    const foreign = await cookieRequest(fixture, 'POST', '/api/me/tokens', person.cookie, { origin: 'https://evil.example', body: { documentId, label: 'stolen' } })
    expect(foreign.status).toBe(403)
    expect((await cookieRequest(fixture, 'POST', '/api/me/tokens', person.cookie, { body: { documentId, label: 'x'.repeat(101) } })).status).toBe(400)
    expect((await server.request('GET', '/api/me/tokens', { token: member.token })).status).toBe(401)
    expect((await cookieRequest(fixture, 'GET', '/api/me/tokens', person.cookie)).body.tokens).toHaveLength(1)
  })
})

describe('using a personal API token', () => {
  it('acts as its member exactly as the member’s own token does', async () => {
    const { member, person, apiToken } = await delegateWithApiToken()
    const content = await server.request('GET', `/api/documents/${documentId}/content`, { token: apiToken.token })
    expect(content.status).toBe(200)
    expect(content.body.documentId).toBe(documentId)

    const asToken = await server.request('GET', '/api/session', { token: apiToken.token })
    expect(asToken).toEqual(await server.request('GET', '/api/session', { token: member.token }))
    expect(asToken.body.member.id).toBe(member.id)
    // A delegate manages no members, with either token.
    expect((await server.request('POST', `/api/documents/${documentId}/members`, { token: apiToken.token, body: { name: 'Extra', party: 'TH', role: 'observer' } })).status).toBe(403)

    const listed = await cookieRequest(fixture, 'GET', '/api/me/tokens', person.cookie)
    expect(listed.body.tokens[0].lastUsedAt).toEqual(expect.any(String))
  })

  it('opens a stock y-websocket connection as its member, closed with 4401 when the token is revoked', async () => {
    const { member, person, apiToken } = await delegateWithApiToken()
    const client = connectClient(server.collabUrl, documentId, apiToken.token)
    try {
      await client.synced()
      expect(server.server.collab.connectionsOf(member.id)).toBe(1)
      const closed = client.closed()
      const revoked = await cookieRequest(fixture, 'DELETE', `/api/me/tokens/${apiToken.id}`, person.cookie)
      expect(revoked.status).toBe(200)
      expect(revoked.body).toMatchObject({ id: apiToken.id, revokedAt: expect.any(String) })
      expect(await closed).toEqual({ code: 4401, reason: 'the token was revoked' })
    } finally {
      client.destroy()
    }
  })

  it('answers 401 once revoked, while the member’s own token stands', async () => {
    const { member, person, apiToken } = await delegateWithApiToken()
    expect((await cookieRequest(fixture, 'DELETE', `/api/me/tokens/${apiToken.id}`, person.cookie)).status).toBe(200)
    expect(await server.request('GET', `/api/documents/${documentId}/content`, { token: apiToken.token })).toEqual({
      status: 401,
      body: { error: { code: 'unauthorized', message: 'the token was revoked', words: { key: 'refusal.session.tokenRevoked', values: {} } } },
    })
    expect((await server.request('GET', `/api/documents/${documentId}/content`, { token: member.token })).status).toBe(200)
    expect((await cookieRequest(fixture, 'DELETE', `/api/me/tokens/${apiToken.id}`, person.cookie)).status).toBe(409)
    const listed = await cookieRequest(fixture, 'GET', '/api/me/tokens', person.cookie)
    expect(listed.body.tokens[0].revokedAt).toEqual(expect.any(String))
  })

  it('answers 401 once its membership is revoked, and its connections close as the member’s do', async () => {
    const { member, apiToken } = await delegateWithApiToken()
    const open = connectClient(server.collabUrl, documentId, apiToken.token)
    try {
      await open.synced()
      const closed = open.closed()
      expect((await server.request('DELETE', `/api/documents/${documentId}/members/${member.id}`)).status).toBe(200)
      expect(await closed).toEqual({ code: 4401, reason: 'your membership of this document was revoked' })
    } finally {
      open.destroy()
    }
    expect(await server.request('GET', `/api/documents/${documentId}/content`, { token: apiToken.token })).toEqual({
      status: 401,
      body: { error: { code: 'unauthorized', message: 'the token was revoked', words: { key: 'refusal.session.tokenRevoked', values: {} } } },
    })
    const refused = connectClient(server.collabUrl, documentId, apiToken.token)
    try {
      expect(await refused.closed()).toMatchObject({ code: 4401 })
    } finally {
      refused.destroy()
    }
  })

  it('is another document’s member nowhere else', async () => {
    const { apiToken } = await delegateWithApiToken()
    const other = await server.createDocument('Another MOU')
    expect((await server.request('GET', `/api/documents/${other}/content`, { token: apiToken.token })).status).toBe(403)
  })
})

describe('revoking personal API tokens', () => {
  it('is for the person who made it: another person’s answers 404', async () => {
    const { apiToken } = await delegateWithApiToken()
    const { cookie } = await signInPerson(fixture, 'Mallory')
    expect((await cookieRequest(fixture, 'DELETE', `/api/me/tokens/${apiToken.id}`, cookie)).status).toBe(404)
    expect((await server.request('GET', `/api/documents/${documentId}/content`, { token: apiToken.token })).status).toBe(200)
  })
})
