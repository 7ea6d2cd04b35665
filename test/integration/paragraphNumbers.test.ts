/**
 * Compare names each paragraph of a clause by the number it is cited by
 * ("9.2", "9.2(a)"), on both sides, in the language compared: what the
 * browser's redline sets beside each compared paragraph.
 */

import { beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { clauseElements, clauseTexts } from '../support/clauseEditing.js'
import { connectClient } from '../support/collabClient.js'
import { eventually } from '../support/eventually.js'
import { useServer } from '../support/fixtures.js'
import { trilingualDocument, type TestServer } from '../support/testServer.js'

const fixture = useServer({ unloadDelayMs: 100 })
let server: TestServer
beforeAll(() => {
  server = fixture.server
})

/** The numbers of the starter memorandum's ninth clause (personal data: five numbered paragraphs, the second with five sub-paragraphs). */
const ninth = (digit: (n: number) => string, letter: (index: number) => string) => [
  '',
  `${digit(9)}.${digit(1)}`,
  `${digit(9)}.${digit(2)}`,
  ...[0, 1, 2, 3, 4].map((index) => `${digit(9)}.${digit(2)}(${letter(index)})`),
  ...[3, 4, 5].map((n) => `${digit(9)}.${digit(n)}`),
]

describe('the paragraphs of a compared clause', () => {
  it('carry the numbers they are cited by on both sides, in the digits and letters of the text compared', async () => {
    const { status, body } = await server.request('POST', '/api/documents', { body: trilingualDocument })
    expect(status, JSON.stringify(body)).toBe(201)
    const documentId = body.id as string
    const thai = await server.addMember(documentId, 'delegate', 'TH', 'Khun Somchai')
    expect((await server.request('POST', `/api/documents/${documentId}/revisions`, { token: thai.token, body: { label: 'Before' } })).status).toBe(201)

    // Words typed into paragraph 9.2.
    const client = connectClient(server.collabUrl, documentId, thai.token)
    await client.synced()
    const clause = clauseElements(client.fragment)[8]!
    clauseTexts(clause)[1]!.insert(0, 'Subject to paragraph 1, ')
    await eventually(async () => expect(Y.encodeStateVector((await server.server.registry.peek(documentId))!.doc)).toEqual(Y.encodeStateVector(client.doc)))
    client.destroy()

    const { body: english } = await server.request('GET', `/api/documents/${documentId}/compare?from=1&to=live`, { token: thai.token })
    const changed = english.clauses.find((entry: { change: string }) => entry.change === 'modified')
    expect(changed.to.label).toBe('Paragraph 9')
    const western = ninth(String, (index) => 'abcde'[index]!)
    expect(changed.from.paragraphs).toEqual(western)
    expect(changed.to.paragraphs).toEqual(western)
    // Every clause carries its numbers, changed or not: the definitions are the first clause's own sub-paragraphs.
    expect(english.clauses[0]).toMatchObject({ change: 'unchanged', to: { paragraphs: expect.arrayContaining(['1(a)', '1(b)']) } })

    const { body: inThai } = await server.request('GET', `/api/documents/${documentId}/compare?from=1&to=live&lang=th`, { token: thai.token })
    expect(inThai.clauses[8].to.paragraphs).toEqual(ninth((n) => String.fromCodePoint(0x0e50 + n), (index) => 'กขคงจ'[index]!))
  })
})
