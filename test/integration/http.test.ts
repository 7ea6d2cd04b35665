import { beforeAll, describe, expect, it } from 'vitest'
import { connectClient } from '../support/collabClient.js'
import { eventually } from '../support/eventually.js'
import { useServer } from '../support/fixtures.js'
import { createTestDatabase } from '../support/testDatabase.js'
import { cambodianParty, startTestServer, thaiParty, type TestServer } from '../support/testServer.js'

const fixture = useServer({ maxBodyBytes: 4096 })
let server: TestServer
beforeAll(() => {
  server = fixture.server
})

const createDocument = (body: unknown, token?: string | null) => server.request('POST', '/api/documents', { body, token })

const invalid = (message: string | RegExp) => ({
  error: { code: 'invalid', message: typeof message === 'string' ? message : expect.stringMatching(message) },
})

describe('documents', () => {
  it('the administrator creates a document between two parties, in the order given', async () => {
    const response = await fetch(`${server.url}/api/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: '  MOU on trafficking in persons ', parties: [cambodianParty, { ...thaiParty, shortName: undefined }] }),
    })
    expect(response.status).toBe(201)
    const body = (await response.json()) as { id: string }
    expect(body).toEqual({
      id: expect.any(String),
      title: 'MOU on trafficking in persons',
      style: 'mou',
      parties: [
        { ...cambodianParty, language: null, names: {}, position: 0 },
        { code: 'TH', name: thaiParty.name, shortName: 'TH', state: thaiParty.state, language: null, names: {}, position: 1 },
      ],
      languages: { working: 'en', others: [] },
      fullAgreementBy: 'delegates',
      createdAt: expect.any(String),
    })
    expect(response.headers.get('location')).toBe(`/api/documents/${body.id}`)
    expect(await server.request('GET', `/api/documents/${body.id}`)).toEqual({ status: 200, body })
  })

  it.each([
    [{}, invalid('field "title" must be a string (got nothing)')],
    [{ title: '', parties: [] }, invalid('field "title" must not be empty')],
    [{ title: 'x', parties: 'TH,KH' }, invalid('field "parties" must be an array (got string "TH,KH")')],
    [{ title: 'x', parties: [thaiParty] }, invalid('field "parties" must list exactly two parties (got 1)')],
    [
      { title: 'x', parties: [thaiParty, { ...cambodianParty, code: 'kh' }] },
      invalid('field "parties[1].code" must be 2 to 8 capital letters or digits, starting with a letter (got "kh")'),
    ],
    [{ title: 'x', parties: [thaiParty, { code: 'KH' }] }, invalid('field "parties[1].name" must be a string (got nothing)')],
    [{ title: 'x', parties: [thaiParty, 7] }, invalid('field "parties[1]" must be an object (got number 7)')],
    [{ title: 'x', style: 'binding', parties: [thaiParty, cambodianParty] }, invalid('field "style" must be one of "mou", "treaty" or null (got string "binding")')],
    [[1, 2], invalid('the request body must be a JSON object (got an array)')],
  ])('refuses %j with 400 naming the field', async (body, expected) => {
    expect(await createDocument(body)).toEqual({ status: 400, body: expected })
  })

  it('refuses two parties with the same code with 409', async () => {
    expect(await createDocument({ title: 'x', parties: [thaiParty, { ...cambodianParty, code: 'TH' }] })).toEqual({
      status: 409,
      body: { error: { code: 'conflict', message: 'both parties have the code "TH"; party codes must differ', words: { key: 'refusal.negotiation.sameCodes', values: { code: 'TH' } } } },
    })
  })

  it('answers a body that is not JSON with 400, one over the limit with 413, and no body with 400', async () => {
    const post = (body: string, type = 'application/json') =>
      fetch(`${server.url}/api/documents`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': type },
        body,
      }).then(async (response) => ({ status: response.status, body: await response.json() }))
    expect(await post('{"title": ')).toEqual({ status: 400, body: invalid(/^the request body is not valid JSON/) })
    expect(await post(JSON.stringify({ title: 'x'.repeat(5000) }))).toEqual({
      status: 413,
      body: { error: { code: 'too-large', message: 'the request body exceeds the limit of 4096 bytes' } },
    })
    expect(await post('title=x', 'application/x-www-form-urlencoded')).toEqual({
      status: 400,
      body: invalid('the request needs a JSON body (Content-Type: application/json)'),
    })
  })

  it('lists every document to the administrator and only its own to a member', async () => {
    const first = await server.createDocument('First')
    const second = await server.createDocument('Second')
    const { token } = await server.addMember(second, 'observer')
    const all = await server.request('GET', '/api/documents')
    expect(all.body.documents.map((d: { id: string }) => d.id)).toEqual(expect.arrayContaining([first, second]))
    const own = await server.request('GET', '/api/documents', { token })
    expect(own.body.documents.map((d: { id: string }) => d.id)).toEqual([second])
  })

  it('answers 401 without a valid token, 403 for a member of another document, 404 for an unknown one', async () => {
    const documentId = await server.createDocument()
    const other = await server.createDocument()
    const { token } = await server.addMember(other, 'delegate', 'TH')

    const anonymous = await fetch(`${server.url}/api/documents/${documentId}`)
    expect(anonymous.status).toBe(401)
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer')
    expect(await anonymous.json()).toEqual({ error: { code: 'unauthorized', message: 'send "Authorization: Bearer <token>"' } })
    expect(await server.request('GET', `/api/documents/${documentId}`, { token: 'cp_wrong' })).toEqual({
      status: 401,
      body: { error: { code: 'unauthorized', message: 'the token is not valid', words: { key: 'refusal.session.tokenUnknown', values: {} } } },
    })
    expect(await server.request('GET', `/api/documents/${documentId}`, { token })).toEqual({
      status: 403,
      body: { error: { code: 'forbidden', message: `this token is not valid for document ${documentId}` } },
    })
    expect(await server.request('GET', '/api/documents/no-such-document')).toEqual({
      status: 404,
      body: { error: { code: 'not-found', message: 'document no-such-document does not exist' } },
    })
    expect((await createDocument({ title: 'x', parties: [thaiParty, cambodianParty] }, token)).status).toBe(403)
  })

  it('answers an unknown API route with a JSON 404', async () => {
    expect(await server.request('GET', '/api/nothing-here')).toEqual({
      status: 404,
      body: { error: { code: 'not-found', message: 'there is no GET /api/nothing-here' } },
    })
  })
})

describe('members', () => {
  it('the administrator adds a member; the token is shown once and works for that document only', async () => {
    const documentId = await server.createDocument()
    const { status, body } = await server.request('POST', `/api/documents/${documentId}/members`, {
      body: { name: 'Pol. Col. Sokha', party: 'KH', role: 'delegate' },
    })
    expect(status).toBe(201)
    expect(body).toEqual({
      member: {
        id: expect.any(String),
        documentId,
        name: 'Pol. Col. Sokha',
        party: 'KH',
        role: 'delegate',
        createdAt: expect.any(String),
        revokedAt: null,
      },
      token: expect.stringMatching(/^cp_[A-Za-z0-9_-]{43}$/),
    })
    expect((await server.request('GET', `/api/documents/${documentId}`, { token: body.token })).status).toBe(200)

    const list = await server.request('GET', `/api/documents/${documentId}/members`, { token: body.token })
    expect(list.body.members).toEqual([{ ...body.member, lastSeenAt: null }])
    expect(JSON.stringify(list.body)).not.toContain(body.token)
    expect(JSON.stringify(list.body)).not.toMatch(/token|hash/i)
  })

  it("the document's secretariat may add and revoke members; a delegate may do neither", async () => {
    const documentId = await server.createDocument()
    const secretariat = await server.addMember(documentId, 'secretariat')
    const delegate = await server.addMember(documentId, 'delegate', 'TH')
    const added = await server.request('POST', `/api/documents/${documentId}/members`, {
      token: secretariat.token,
      body: { name: 'Observer from UNODC', party: null, role: 'observer' },
    })
    expect(added.status).toBe(201)

    expect(
      await server.request('POST', `/api/documents/${documentId}/members`, {
        token: delegate.token,
        body: { name: 'x', party: 'TH', role: 'delegate' },
      }),
    ).toEqual({
      status: 403,
      body: { error: { code: 'forbidden', message: 'a delegate may not manage members; ask the secretariat', words: { key: 'refusal.governance.mayNotManage', values: { role: 'delegate' } } } },
    })
    expect((await server.request('DELETE', `/api/documents/${documentId}/members/${added.body.member.id}`, { token: delegate.token })).status).toBe(403)

    const revoked = await server.request('DELETE', `/api/documents/${documentId}/members/${added.body.member.id}`, { token: secretariat.token })
    expect(revoked.status).toBe(200)
    expect(revoked.body.member.revokedAt).toEqual(expect.any(String))
    expect(await server.request('GET', `/api/documents/${documentId}`, { token: added.body.token })).toEqual({
      status: 401,
      body: { error: { code: 'unauthorized', message: 'the token was revoked', words: { key: 'refusal.session.tokenRevoked', values: {} } } },
    })
    const again = await server.request('DELETE', `/api/documents/${documentId}/members/${added.body.member.id}`)
    expect(again.status).toBe(409)
    expect(again.body.error.message).toMatch(/^member .+ was already revoked at /)
    expect(await server.request('DELETE', `/api/documents/${documentId}/members/nobody`)).toEqual({
      status: 404,
      body: { error: { code: 'not-found', message: `member nobody does not exist in document ${documentId}` } },
    })
  })

  it.each([
    [{ name: 'x', party: 'VN', role: 'delegate' }, 'field "party" must be "TH" or "KH" or null (got "VN")'],
    [{ name: 'x', party: null, role: 'legal' }, 'field "party" is required for a legal'],
    [{ name: 'x', party: 'TH', role: 'president' }, 'field "role" must be one of "secretariat", "head", "delegate", "legal", "observer" (got string "president")'],
    [{ party: 'TH', role: 'delegate' }, 'field "name" must be a string (got nothing)'],
  ])('refuses the member %j with 400', async (body, message) => {
    const documentId = await server.createDocument()
    expect(await server.request('POST', `/api/documents/${documentId}/members`, { body })).toEqual({
      status: 400,
      body: { error: { code: 'invalid', message } },
    })
  })

  it('says when each member was last in the document: their socket opening and closing, never for one who has not come', async () => {
    const documentId = await server.createDocument()
    const thai = await server.addMember(documentId, 'delegate', 'TH', 'Khun Somchai')
    const khmer = await server.addMember(documentId, 'delegate', 'KH', 'Lok Sokha')
    const lastSeen = async () =>
      Object.fromEntries(((await server.request('GET', `/api/documents/${documentId}/members`)).body.members as { id: string; lastSeenAt: string | null }[]).map((member) => [member.id, member.lastSeenAt]))
    expect(await lastSeen()).toEqual({ [thai.id]: null, [khmer.id]: null })
    const before = Date.now()
    const client = connectClient(server.collabUrl, documentId, thai.token)
    await client.synced()
    const opened = await eventually(async () => {
      const seen = (await lastSeen())[thai.id]
      expect(seen).not.toBeNull()
      return Date.parse(seen!)
    })
    expect(opened).toBeGreaterThanOrEqual(before - 1000)
    client.destroy()
    await eventually(async () => expect(Date.parse((await lastSeen())[thai.id]!)).toBeGreaterThan(opened))
    expect((await lastSeen())[khmer.id]).toBeNull()
  })
})

describe('failures', () => {
  it('answers 500 with a generic message, never a stack trace, when the database fails', async () => {
    const own = await createTestDatabase()
    const ownDatabase = await own.openMigrated()
    const ownServer = await startTestServer(ownDatabase)
    await ownDatabase.close()
    expect(await ownServer.request('GET', '/api/documents')).toEqual({
      status: 500,
      body: { error: { code: 'internal', message: 'internal server error' } },
    })
    await ownServer.close()
    await own.drop()
  })
})
