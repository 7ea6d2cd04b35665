/**
 * GET /api/me for a signed-in person: each membership carries its
 * document's parties and where the negotiation stands — its clauses, how
 * many are agreed and under negotiation, and what waits on the member,
 * the very list GET …/waiting gives that member.
 */

import { beforeAll, describe, expect, it } from 'vitest'
import { useServer } from '../support/fixtures.js'
import { cookieRequest } from '../support/cookieClient.js'
import { negotiationUnderWay } from '../support/negotiation.js'
import { signInPerson } from '../support/people.js'
import type { TestServer } from '../support/testServer.js'
import type { MeView } from '../../server/vocabulary/person.js'

const fixture = useServer()
let server: TestServer
let documentId: string
let thai: { id: string; token: string }
let khmer: { id: string; token: string }

beforeAll(async () => {
  server = fixture.server
  ;({ documentId, thai, khmer } = await negotiationUnderWay(server))
})

/** What GET …/waiting lists for `member`. */
const waitingFor = async (member: { token: string }) => (await server.request('GET', `/api/documents/${documentId}/waiting`, { token: member.token })).body.items as unknown[]

describe('GET /api/me', () => {
  it('gives each membership its parties and its clause counts, and what waits on that member as GET …/waiting lists it', async () => {
    const clauses = ((await server.request('GET', `/api/documents/${documentId}/content`)).body.clauses as unknown[]).length
    for (const [member, name] of [[thai, 'Somchai Rattanakorn'], [khmer, 'Sokha Chan']] as const) {
      const person = await signInPerson(fixture, name, { memberTokens: [member.token] })
      const { status, body } = await cookieRequest(fixture, 'GET', '/api/me', person.cookie)
      expect(status).toBe(200)
      const me = body as MeView
      expect(me.memberships).toHaveLength(1)
      expect(me.memberships[0]).toMatchObject({
        documentId,
        memberId: member.id,
        role: 'head',
        parties: [
          { code: 'TH', shortName: 'DSI' },
          { code: 'KH', shortName: 'CNP' },
        ],
        summary: { clauses, agreed: 1, underNegotiation: 2, waiting: (await waitingFor(member)).length },
      })
    }
    expect(clauses).toBeGreaterThan(3)
    expect((await waitingFor(thai)).length).toBeGreaterThan(0)
  })

  it('lists no membership for a person who holds none, and answers 401 without a session', async () => {
    const person = await signInPerson(fixture, 'Dara Vann')
    const { status, body } = await cookieRequest(fixture, 'GET', '/api/me', person.cookie)
    expect({ status, memberships: body.memberships }).toEqual({ status: 200, memberships: [] })
    expect((await fetch(`${server.url}/api/me`)).status).toBe(401)
  })
})
