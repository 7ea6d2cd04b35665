/**
 * A party reference put in the text by a delegate's stock y-websocket
 * client, as the editor's "Insert party" command does through
 * y-prosemirror: the gate takes it as it takes words, it is stored, every
 * reader renders it, and it survives a restart; one that names no party,
 * or names it by no form, is refused with the reason.
 */

import { beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { toYElement } from '../../server/mou/contentCodec.js'
import { clauseById } from '../support/clauseEditing.js'
import { connectClient } from '../support/collabClient.js'
import { eventually } from '../support/eventually.js'
import { useServer } from '../support/fixtures.js'
import { partyRef } from '../support/mouBuilders.js'
import { storedReplica } from '../support/replicas.js'
import { startTestServer, type TestServer } from '../support/testServer.js'

const fixture = useServer()
let server: TestServer
let documentId: string
let clauseId: string
let thai: { id: string; token: string }

beforeAll(async () => {
  server = fixture.server
  documentId = await server.draftDocument('anti-trafficking-mou', { style: 'mou' })
  thai = await server.addMember(documentId, 'delegate', 'TH', 'Khun Somchai')
  clauseId = (await server.request('GET', `/api/documents/${documentId}/content`)).body.clauses[1].id
})

/** The first paragraph of the clause's first numbered paragraph (or of the clause), where the references go. */
function firstParagraph(fragment: Y.XmlFragment): Y.XmlElement {
  let element = clauseById(fragment, clauseId).get(1) as Y.XmlElement
  while (element.nodeName !== 'paragraph') element = element.get(0) as Y.XmlElement
  return element
}

/** The clause's text as the content API renders it. */
async function clauseText(target: TestServer = server): Promise<string> {
  const { body } = await target.request('GET', `/api/documents/${documentId}/content`)
  return body.clauses.find((clause: { id: string }) => clause.id === clauseId).text
}

describe('a party reference from a stock client', () => {
  it('is taken by the gate, stored, rendered by every reader, and still there after a restart', async () => {
    const client = connectClient(server.collabUrl, documentId, thai.token)
    await client.synced()
    client.doc.transact(() => firstParagraph(client.fragment).insert(0, [toYElement(partyRef('*', 'state')), new Y.XmlText(' and ')]))
    await eventually(async () => expect(await clauseText()).toMatch(/^Objectives\n1\. Kingdom of Thailand and the Kingdom of Cambodia and /))
    expect(client.closes).toEqual([])
    client.destroy()

    const stored = firstParagraph((await storedReplica(fixture.database, documentId)).getXmlFragment('prosemirror')).get(0) as Y.XmlElement
    expect([stored.nodeName, stored.getAttribute('party'), stored.getAttribute('form')]).toEqual(['party_ref', '*', 'state'])
    await server.server.close()
    const restarted = await startTestServer(fixture.database)
    try {
      expect(await clauseText(restarted)).toMatch(/^Objectives\n1\. Kingdom of Thailand and the Kingdom of Cambodia and /)
    } finally {
      await restarted.close()
      fixture.server = server = await startTestServer(fixture.database)
    }
  })

  it.each([
    ['names no party of the schema', { party: 'Thailand!', form: 'name' }, /attribute "party" must be a party code or "\*"/],
    ['names a party by no form the schema knows', { party: 'TH', form: 'nickname' }, /attribute "form" must be one of name, shortName, state/],
  ])('is refused when it %s, with the reason', async (_name, attributes, reason) => {
    const client = connectClient(server.collabUrl, documentId, thai.token)
    await client.synced()
    const reference = new Y.XmlElement('party_ref')
    client.doc.transact(() => {
      firstParagraph(client.fragment).insert(0, [reference])
      for (const [key, value] of Object.entries(attributes)) reference.setAttribute(key, value)
    })
    const closed = await client.closed()
    client.destroy()
    expect(closed.code).toBe(4400)
    expect(closed.reason).toMatch(reason)
  })
})
