/**
 * Each delegation's private layer, against a real server and database: a
 * party's members keep notes on clauses that only they read; the other
 * party, the secretariat, observers and the administrator reach nothing of
 * them through any route, nor through the shared document.
 */

import { beforeAll, describe, expect, it } from 'vitest'
import { readZip } from '../../server/export/zipArchive.js'
import { connectClient } from '../support/collabClient.js'
import { useServer } from '../support/fixtures.js'
import { fullDelegations } from '../support/negotiation.js'
import type { TestServer } from '../support/testServer.js'

const fixture = useServer()
let server: TestServer
beforeAll(() => {
  server = fixture.server
})

const negotiation = () => fullDelegations(server)

const secret = 'FALLBACK 45 DAYS — instructions from Bangkok, do not disclose'

describe("a delegation's private layer", () => {
  it("keeps a party's notes on clauses for that party's members alone, each party its own", async () => {
    const { documentId, members, clauseIds } = await negotiation()
    const notePath = (clauseId: string) => `/api/documents/${documentId}/clauses/${clauseId}/private-note`
    const written = await server.request('PUT', notePath(clauseIds[4]!), { token: members.thDelegate.token, body: { text: secret } })
    expect(written.status).toBe(200)
    expect(written.body).toEqual({ clauseId: clauseIds[4], text: secret, updatedBy: { memberId: members.thDelegate.id, name: 'Pol. Maj. Somchai' }, updatedAt: expect.any(String) })
    for (const member of [members.thHead, members.thLegal, members.thDelegate]) {
      expect((await server.request('GET', `/api/documents/${documentId}/private`, { token: member.token })).body).toEqual({ party: 'TH', notes: [written.body] })
    }
    // KH has a layer of its own, which TH's note is not in; what KH writes stays in KH's.
    expect((await server.request('GET', `/api/documents/${documentId}/private`, { token: members.khDelegate.token })).body).toEqual({ party: 'KH', notes: [] })
    const khNote = await server.request('PUT', notePath(clauseIds[4]!), { token: members.khHead.token, body: { text: 'Hold at 30 days.' } })
    expect(khNote.body.text).toBe('Hold at 30 days.')
    expect((await server.request('GET', `/api/documents/${documentId}/private`, { token: members.thLegal.token })).body.notes).toEqual([written.body])
    expect((await server.request('GET', `/api/documents/${documentId}/private`, { token: members.khDelegate.token })).body.notes.map((note: { text: string }) => note.text)).toEqual(['Hold at 30 days.'])
    // An empty text removes the note.
    expect((await server.request('PUT', notePath(clauseIds[4]!), { token: members.khHead.token, body: { text: '  ' } })).status).toBe(204)
    expect((await server.request('GET', `/api/documents/${documentId}/private`, { token: members.khHead.token })).body.notes).toEqual([])
    expect((await server.request('GET', `/api/documents/${documentId}/private`, { token: members.thHead.token })).body.notes).toEqual([written.body])
  })

  it('is refused to the secretariat, observers and the administrator, who have none, and refuses a clause not in the text and too long a note, storing nothing', async () => {
    const { documentId, members, clauseIds } = await negotiation()
    const notePath = (clauseId: string) => `/api/documents/${documentId}/clauses/${clauseId}/private-note`
    for (const token of [members.secretariat.token, members.observer.token, server.adminToken]) {
      const read = await server.request('GET', `/api/documents/${documentId}/private`, { token })
      expect([read.status, read.body.error.message]).toEqual([403, expect.stringMatching(/private layer is its own members' alone/)])
      expect((await server.request('PUT', notePath(clauseIds[1]!), { token, body: { text: secret } })).status).toBe(403)
    }
    expect((await server.request('PUT', notePath('no-such-clause'), { token: members.thDelegate.token, body: { text: secret } })).body.error.message).toBe(`document ${documentId} has no clause no-such-clause`)
    const long = await server.request('PUT', notePath(clauseIds[1]!), { token: members.thDelegate.token, body: { text: 'x'.repeat(20_001) } })
    expect([long.status, long.body.error.message]).toEqual([400, 'field "text" must be at most 20000 characters (got 20001)'])
    expect((await server.request('PUT', notePath(clauseIds[1]!), { token: members.thDelegate.token, body: {} })).status).toBe(400)
    expect((await server.request('GET', `/api/documents/${documentId}/private`, { token: members.thDelegate.token })).body.notes).toEqual([])
  })

  it("leaves nothing of TH's notes in anything the other party, the secretariat, an observer or the administrator can obtain", async () => {
    const { documentId, members, clauseIds } = await negotiation()
    expect((await server.request('PUT', `/api/documents/${documentId}/clauses/${clauseIds[2]}/private-note`, { token: members.thDelegate.token, body: { text: secret } })).status).toBe(200)
    expect((await server.request('POST', `/api/documents/${documentId}/revisions`, { token: members.secretariat.token, body: { label: 'After the notes' } })).status).toBe(201)
    const paths = [
      '/content',
      '/content?lang=en',
      '/revisions',
      '/revisions/1',
      '/compare?from=1',
      '/compare?from=1&format=html',
      '/compare.docx?from=1',
      '/attribution',
      '/audit',
      '/comments',
      '/waiting',
      '/members',
      '/rounds',
      '/private',
      '/signing/readiness',
    ].map((path) => `/api/documents/${documentId}${path}`)
    const fragments = [secret, 'FALLBACK', 'private-note', 'private_note']
    /** Everything `token` gets from the paths, as text: a DOCX by its parts, unpacked. */
    const obtained = async (token: string) => {
      const texts: [string, string][] = []
      for (const path of paths) {
        const response = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } })
        const bytes = new Uint8Array(await response.arrayBuffer())
        const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b
        texts.push([path, isZip ? Object.values(readZip(bytes)).map((part) => new TextDecoder().decode(part)).join('\n') : new TextDecoder().decode(bytes)])
      }
      return texts
    }
    // The sweep reads what it is given: TH's own layer holds the note.
    expect((await obtained(members.thLegal.token)).filter(([, text]) => text.includes(secret)).map(([path]) => path)).toEqual([`/api/documents/${documentId}/private`])
    for (const [who, token] of [['KH delegate', members.khDelegate.token], ['KH head', members.khHead.token], ['secretariat', members.secretariat.token], ['observer', members.observer.token], ['administrator', server.adminToken]] as const) {
      for (const [path, text] of await obtained(token)) {
        for (const fragment of fragments) expect(text.includes(fragment), `${who} found "${fragment}" in ${path}`).toBe(false)
      }
      // Nor in the shared document itself.
      if (token !== server.adminToken) {
        const client = connectClient(server.collabUrl, documentId, token)
        await client.synced()
        expect(JSON.stringify(client.doc.toJSON())).not.toContain('FALLBACK')
        client.destroy()
      }
    }
  })
})
