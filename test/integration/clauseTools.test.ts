/**
 * What the editor's clause tools send the server, sent as a client would:
 * a cross-reference a delegate's stock y-websocket client puts in the text
 * (as the reference picker does through y-prosemirror) is taken by the
 * gate, reads as the clause's number, follows the clause, and keeps the
 * clause from being deleted; a clause drafted from a template takes the
 * values of its variables, and hostile values are refused with words,
 * nothing stored.
 */

import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { toYElement } from '../../server/mou/contentCodec.js'
import { projectRoot } from '../../server/projectRoot.js'
import { clauseById, moveClause } from '../support/clauseEditing.js'
import { connectClient } from '../support/collabClient.js'
import { eventually } from '../support/eventually.js'
import { useServer } from '../support/fixtures.js'
import { ref } from '../support/mouBuilders.js'
import type { TestServer } from '../support/testServer.js'

/** The library, with one more clause template whose variables are text and a date (the library's own are whole numbers). */
const templatesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'counterpart-templates-'))
fs.cpSync(path.join(projectRoot(), 'templates'), templatesDir, { recursive: true })
fs.writeFileSync(
  path.join(templatesDir, 'clauses', 'first-meeting.md'),
  `---
id: first-meeting
kind: clause
title: First Meeting
category: institutional
tag: Partnership
summary: Where and when the Joint Working Group first meets.
variables:
  venue:
    type: string
    default: Bangkok
    description: The city where the first meeting is held.
  meetingDate:
    type: date
    default: 2027-01-15
    description: The day of the first meeting.
  delegates:
    type: integer
    default: 5
    description: How many delegates each side sends.
---

## treaty

# First Meeting

1. The Joint Working Group shall first meet in {{venue}} on {{meetingDate}}, each Party sending {{delegates}} delegates.

## mou

# First Meeting

1. The Joint Working Group will first meet in {{venue}} on {{meetingDate}}, each Participant sending {{delegates}} delegates.
`,
)
afterAll(() => fs.rmSync(templatesDir, { recursive: true, force: true }))

const fixture = useServer({ templatesDir })
let server: TestServer
beforeAll(() => {
  server = fixture.server
})

interface ClauseView {
  id: string
  label: string
  heading: string | null
  text: string
}

const clausesOf = async (documentId: string): Promise<ClauseView[]> => (await server.request('GET', `/api/documents/${documentId}/content`)).body.clauses

/** The first paragraph inside `clause` (its first numbered paragraph's, when it has one). */
function firstParagraph(clause: Y.XmlElement): Y.XmlElement {
  let element = clause.get(1) as Y.XmlElement
  while (element.nodeName !== 'paragraph') element = element.get(0) as Y.XmlElement
  return element
}

describe('a clause reference from a delegate’s stock client', () => {
  it('is taken by the gate, reads as the clause’s number, follows it when it moves, and keeps it from being deleted', async () => {
    const documentId = await server.draftDocument('anti-trafficking-mou', { style: 'mou' })
    const thai = await server.addMember(documentId, 'delegate', 'TH', 'Khun Somchai')
    const clauses = await clausesOf(documentId)
    const [objectives, amendment] = [clauses[1]!, clauses.find((clause) => clause.heading === 'Amendment')!]
    const client = connectClient(server.collabUrl, documentId, thai.token)
    await client.synced()
    client.doc.transact(() => firstParagraph(clauseById(client.fragment, objectives.id)).insert(0, [new Y.XmlText('As '), toYElement(ref(amendment.id)), new Y.XmlText(' provides, ')]))
    const objectivesText = async () => (await clausesOf(documentId)).find((clause) => clause.id === objectives.id)!.text
    await eventually(async () => expect(await objectivesText()).toContain(`1. As ${amendment.label} provides, `))

    // Amendment moved to the top: the reference reads its new number.
    moveClause(client.doc, amendment.id, null)
    await eventually(async () => expect(await objectivesText()).toContain('1. As Paragraph 1 provides, '))
    expect(client.closes).toEqual([])

    const refused = await server.request('DELETE', `/api/documents/${documentId}/clauses/${amendment.id}`, { token: thai.token })
    expect(refused).toEqual({
      status: 409,
      body: {
        error: {
          code: 'conflict',
          message: 'Paragraph 1 is referred to from Paragraph 3: remove that reference before deleting it',
          words: { key: 'refusal.clause.deleteReferred', values: { clause: 'Paragraph 1', referring: ['Paragraph 3'], count: 1 } },
        },
      },
    })
    expect((await clausesOf(documentId)).map((clause) => clause.id)).toContain(amendment.id)
    client.destroy()
  })

  it('is refused when it names no clause the schema allows, with the reason', async () => {
    const documentId = await server.draftDocument('anti-trafficking-mou', { style: 'mou' })
    const thai = await server.addMember(documentId, 'delegate', 'TH', 'Khun Somchai')
    const [first] = await clausesOf(documentId)
    const client = connectClient(server.collabUrl, documentId, thai.token)
    await client.synced()
    const reference = new Y.XmlElement('clause_ref')
    client.doc.transact(() => {
      firstParagraph(clauseById(client.fragment, first!.id)).insert(0, [reference])
      reference.setAttribute('clauseId', 'c'.repeat(101))
    })
    const closed = await client.closed()
    client.destroy()
    expect(closed.code).toBe(4400)
    expect(closed.reason).toMatch(/attribute "clauseId" must be a string of 1 to 100 characters/)
  })
})

describe('a clause drafted from a template with variables', () => {
  const insert = (documentId: string, variables: unknown) => server.request('POST', `/api/documents/${documentId}/clauses`, { body: { templateId: 'first-meeting', after: null, variables } })

  it('takes the values given, and the defaults for the others', async () => {
    const documentId = await server.draftDocument('anti-trafficking-mou', { style: 'mou' })
    const { status, body } = await insert(documentId, { venue: 'Siem Reap', delegates: '3' })
    expect(status).toBe(201)
    expect((await clausesOf(documentId)).find((clause) => clause.id === body.clause.id)!.text).toBe(
      'First Meeting\n1. The Joint Working Group will first meet in Siem Reap on 2027-01-15, each Participant sending 3 delegates.',
    )
  })

  it.each([
    ['an unknown name', { planet: 'Mars' }, 'variable "planet" is not used by template "first-meeting"; it takes venue, meetingDate, delegates'],
    ['a name of 5000 characters', { ['v'.repeat(5000)]: 'x' }, 'variable with a name of 5000 characters is not used by template "first-meeting"; it takes venue, meetingDate, delegates'],
    ['text over 500 characters', { venue: 'x'.repeat(501) }, 'variable "venue" must be text of 1 to 500 characters (got text of 501 characters)'],
    ['text on two lines', { venue: 'Siem\nReap' }, 'variable "venue" must be words on one line, without control characters (got "Siem\\nReap")'],
    ['a control character', { venue: 'Siem\u0007Reap' }, 'variable "venue" must be words on one line, without control characters (got "Siem\\u0007Reap")'],
    ['a number of 5000 digits', { delegates: '9'.repeat(5000) }, 'variable "delegates" must be a whole number of at most 9 digits (got text of 5000 characters)'],
    ['a day no calendar has', { meetingDate: '2027-02-30' }, 'variable "meetingDate" must be a date written YYYY-MM-DD (got "2027-02-30")'],
    ['a list', { venue: ['Siem Reap', 'Bangkok'] }, 'variable "venue" must be text of 1 to 500 characters (got a list)'],
    ['a party’s name', { 'partyA.name': 'Atlantis' }, `variable "partyA.name" comes from the document's parties and cannot be set`],
    ['variables that are not an object', 'Siem Reap', 'field "variables" must be an object (got string "Siem Reap")'],
  ])('is refused for %s, in words, with nothing stored', async (_case, variables, message) => {
    const documentId = await server.draftDocument('anti-trafficking-mou', { style: 'mou' })
    const before = await clausesOf(documentId)
    expect(await insert(documentId, variables)).toEqual({ status: 400, body: { error: { code: 'invalid', message } } })
    expect(await clausesOf(documentId)).toEqual(before)
  })
})
