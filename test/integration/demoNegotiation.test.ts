/**
 * The demo a newcomer meets on the first start, staged on a real server:
 * its first round is the 9th Annual Meeting, closed, with what it did and
 * its Record of Discussion; the 10th is open; the DSI keeps a private note
 * only its own members read.
 */

import { beforeAll, describe, expect, it } from 'vitest'
import { seedDemoNegotiation } from '../../server/services/demoNegotiation.js'
import { stageDemoRound } from '../../server/services/demoRound.js'
import { docxPart, paragraphTexts } from '../support/docxText.js'
import { useServer } from '../support/fixtures.js'
import type { TestServer } from '../support/testServer.js'

const fixture = useServer()
let server: TestServer
beforeAll(() => {
  server = fixture.server
})

describe('the demo negotiation', () => {
  it('has met once — the 9th Annual Meeting closed, with its changes and its record — and meets again in the 10th, open now', { timeout: 60_000 }, async () => {
    const { catalog, membership, invitations } = server.server
    const demo = await seedDemoNegotiation(catalog, membership, invitations)
    await stageDemoRound(server.server, demo)
    const documentId = demo.document.id
    const tokenOf = (party: string | null, role: string) => demo.members.find(({ member }) => member.party === party && member.role === role)!.token
    const secretariat = tokenOf(null, 'secretariat')

    const { body } = await server.request('GET', `/api/documents/${documentId}/rounds`, { token: tokenOf('KH', 'delegate') })
    expect(body.rounds.map((round: { number: number; title: string; state: string }) => [round.number, round.title, round.state])).toEqual([
      [1, '9th Annual Meeting', 'closed'],
      [2, '10th Annual Meeting', 'open'],
    ])
    const { body: first } = await server.request('GET', `/api/documents/${documentId}/rounds/1`, { token: secretariat })
    const decisions = first.changes.flatMap((change: { decisions: { event: string; party: string | null }[] }) => change.decisions.map((decision) => `${decision.event} ${decision.party}`))
    expect(decisions).toEqual(expect.arrayContaining(['clause-agreed TH', 'clause-agreed-ad-referendum KH', 'translation-confirmed KH']))
    const record = await fetch(`${server.url}/api/documents/${documentId}/rounds/1/record.docx?counterpart=KH`, { headers: { authorization: `Bearer ${secretariat}` } })
    expect(record.status).toBe(200)
    const paragraphs = paragraphTexts(docxPart(new Uint8Array(await record.arrayBuffer()), 'word/document.xml'))
    expect(paragraphs).toEqual(expect.arrayContaining(['RECORD OF DISCUSSION', 'Lt. Gen. Sokha Chea', 'The 10th Annual Meeting will be held at Phnom Penh from 8 March 2027 to 10 March 2027.']))

    const note = (token: string) => server.request('GET', `/api/documents/${documentId}/private`, { token })
    expect((await note(tokenOf('TH', 'delegate'))).body.notes.map((entry: { text: string }) => entry.text)).toEqual([expect.stringMatching(/^DSI position: /)])
    expect((await note(tokenOf('KH', 'delegate'))).body.notes).toEqual([])
  })
})
