/**
 * A document's event stream: what changed outside the shared text, told
 * to whoever may read the document as it happens — comment threads opened,
 * replied to and resolved; members added, changed and revoked; invitations
 * — by kind only. A revoked member's stream ends with the reason; no one
 * else's opens; a member holds a bounded number; a draining server ends
 * them. Real server, real Postgres, stock clients.
 */

import { beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { clauseById, clauseTexts } from '../support/clauseEditing.js'
import { connectClient } from '../support/collabClient.js'
import { openEventStream } from '../support/eventStream.js'
import { useServer } from '../support/fixtures.js'
import { createTestDatabase } from '../support/testDatabase.js'
import { cambodianParty, startTestServer, thaiParty, type TestServer } from '../support/testServer.js'

const fixture = useServer({ unloadDelayMs: 600_000, maxConnectionsPerMember: 3 })
let server: TestServer

beforeAll(() => {
  server = fixture.server
})

async function negotiation() {
  const created = await server.request('POST', '/api/documents', { body: { template: 'anti-trafficking-mou', parties: [thaiParty, cambodianParty] } })
  const documentId = created.body.id as string
  return {
    documentId,
    thai: await server.addMember(documentId, 'delegate', 'TH', 'Khun Somchai'),
    khmer: await server.addMember(documentId, 'delegate', 'KH', 'Lok Sokha'),
    observer: await server.addMember(documentId, 'observer', null, 'Observer'),
  }
}

describe("a document's event stream", () => {
  it('tells every reader of the document that the discussion or the members changed, by kind only', async () => {
    const { documentId, thai, khmer, observer } = await negotiation()
    const heard = await openEventStream(server.url, documentId, observer.token)
    const ownStream = await openEventStream(server.url, documentId, thai.token)

    const client = connectClient(server.collabUrl, documentId, thai.token)
    await client.synced()
    const target = clauseTexts(clauseById(client.fragment, (await server.request('GET', `/api/documents/${documentId}/content`)).body.clauses[2].id))[0]!
    const from = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(target, 0))
    const to = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(target, 10, -1))
    client.destroy()
    const comments = `/api/documents/${documentId}/comments`
    const opened = await server.request('POST', comments, { token: thai.token, body: { from, to, body: 'Is "shall" right here?' } })
    expect(opened.status).toBe(201)
    await heard.waitFor('change', { kind: 'comments' })
    // Whoever made the change hears it too (another tab of theirs shows it).
    await ownStream.waitFor('change', { kind: 'comments' })

    await server.request('POST', `${comments}/${opened.body.thread.id}/replies`, { token: khmer.token, body: { body: 'We would prefer "will".' } })
    await server.request('POST', `/api/documents/${documentId}/invitations`, { body: { name: 'Pol. Gen. Prasit', party: 'TH', role: 'head' } })
    await server.addMember(documentId, 'legal', 'KH', 'Legal adviser')
    await heard.waitFor('change', { kind: 'members' })
    // Two comment changes and two member changes, nothing else, and never what changed.
    await expect.poll(() => heard.events).toEqual([
      { event: 'change', data: { kind: 'comments' } },
      { event: 'change', data: { kind: 'comments' } },
      { event: 'change', data: { kind: 'members' } },
      { event: 'change', data: { kind: 'members' } },
    ])
    heard.close()
    ownStream.close()
  })

  it('ends a revoked member’s stream with the reason, and opens none for a stranger or without a token', async () => {
    const { documentId, khmer } = await negotiation()
    const stream = await openEventStream(server.url, documentId, khmer.token)
    expect((await server.request('DELETE', `/api/documents/${documentId}/members/${khmer.id}`)).status).toBe(200)
    await stream.ended
    expect(stream.events.at(-1)).toEqual({ event: 'end', data: { reason: 'your membership of this document was revoked' } })
    await expect(openEventStream(server.url, documentId, khmer.token)).rejects.toMatchObject({ status: 401 })

    const other = await negotiation()
    await expect(openEventStream(server.url, documentId, other.thai.token)).rejects.toMatchObject({ status: 403 })
    const anonymous = await fetch(`${server.url}/api/documents/${documentId}/events`)
    expect(anonymous.status).toBe(401)
  })

  it('holds a bounded number per member (429 with words beyond it), freed as they close', async () => {
    const { documentId, thai } = await negotiation()
    const streams = [await openEventStream(server.url, documentId, thai.token), await openEventStream(server.url, documentId, thai.token), await openEventStream(server.url, documentId, thai.token)]
    const refused = await fetch(`${server.url}/api/documents/${documentId}/events`, { headers: { authorization: `Bearer ${thai.token}` } })
    expect([refused.status, ((await refused.json()) as { error: { message: string } }).error.message]).toEqual([
      429,
      `this member already holds 3 event streams on document ${documentId}; close one first`,
    ])
    streams.pop()!.close()
    await expect.poll(async () => (await openEventStream(server.url, documentId, thai.token).then((stream) => (streams.push(stream), 'opened'), () => 'refused'))).toBe('opened')
    for (const stream of streams) stream.close()
  })

  it('is ended by a draining server, which then stops', async () => {
    const own = await createTestDatabase()
    const database = await own.openMigrated()
    const draining = await startTestServer(database)
    try {
      const documentId = await draining.createDocument()
      const member = await draining.addMember(documentId, 'delegate', 'TH')
      const stream = await openEventStream(draining.url, documentId, member.token)
      await draining.close()
      await stream.ended
      expect(stream.events.at(-1)).toEqual({ event: 'end', data: { reason: 'the server is shutting down' } })
    } finally {
      await database.close()
      await own.drop()
    }
  })
})
