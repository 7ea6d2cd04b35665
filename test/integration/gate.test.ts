/**
 * Crafted updates, built with the Yjs API by an ordinary delegate's stock
 * y-websocket client, as an attacker would send them: each is refused with
 * its close code and a reason naming what was refused, nothing of it is
 * stored or shown, and a bystander keeps editing. Afterwards every part of
 * the server that reads the document still works, after a restart too.
 */

import { beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { toYElement } from '../../server/mou/contentCodec.js'
import { mouSchema } from '../../server/vocabulary/schema.js'
import { clauseById, clauseElements, clauseTexts } from '../support/clauseEditing.js'
import { connectClient, type TestClient } from '../support/collabClient.js'
import { eventually } from '../support/eventually.js'
import { useServer } from '../support/fixtures.js'
import { setAttributeAs } from '../support/gateReplicas.js'
import { p } from '../support/mouBuilders.js'
import { setStatus } from '../support/negotiation.js'
import { replicaState, storedReplica } from '../support/replicas.js'
import { startTestServer, type TestServer } from '../support/testServer.js'

const fixture = useServer()
let server: TestServer
let documentId: string
let clauseIds: string[]
type Member = { id: string; token: string }
let thai: Member
let khmer: Member
let secretariat: Member
let bystander: TestClient

beforeAll(async () => {
  server = fixture.server
  documentId = await server.draftDocument('anti-trafficking-mou', { style: 'mou', variables: {} })
  secretariat = await server.addMember(documentId, 'secretariat', null, 'Joint Secretariat')
  thai = await server.addMember(documentId, 'delegate', 'TH', 'Khun Somchai')
  khmer = await server.addMember(documentId, 'delegate', 'KH', 'Lok Sokha')
  const { body } = await server.request('GET', `/api/documents/${documentId}/content`, { token: secretariat.token })
  clauseIds = body.clauses.map((clause: { id: string }) => clause.id)
  bystander = connectClient(server.collabUrl, documentId, khmer.token)
  await bystander.synced()
})

const forgedClause = (id: string) =>
  toYElement(mouSchema.node('clause', { id }, [mouSchema.node('clause_heading', null, [mouSchema.text('Forged')]), p('Text neither party agreed.')]))

/** Nests `depth` paragraphs, one inside the other, in the first paragraph of `clause`, one element at a time (as a crafted client would; a prelim tree that deep overflows the encoder). */
function nest(clause: Y.XmlElement, depth: number): void {
  let parent = clause.get(1) as Y.XmlElement
  for (let level = 0; level < depth; level++) {
    const child = new Y.XmlElement('paragraph')
    parent.insert(0, [child])
    parent = child
  }
}

const attacks: [string, (doc: Y.Doc, fragment: Y.XmlFragment) => void, number, RegExp][] = [
  [
    'a new clause whose status and agreements are written as ContentJSON',
    (_, fragment) => {
      const clause = forgedClause('forged-json')
      fragment.insert(fragment.length - 1, [clause])
      setAttributeAs(clause, 'status', 'agreed', (value) => new Y.ContentJSON([value]))
      setAttributeAs(clause, 'agreedBy', '[{"party":"TH"},{"party":"KH"}]', (value) => new Y.ContentJSON([value]))
    },
    4400,
    /^attribute "(status|agreedBy)" of <clause> is written as ContentJSON/,
  ],
  [
    'a new clause whose status and agreements are written as ContentEmbed',
    (_, fragment) => {
      const clause = forgedClause('forged-embed')
      fragment.insert(fragment.length - 1, [clause])
      setAttributeAs(clause, 'status', 'agreed', (value) => new Y.ContentEmbed({ value }))
      setAttributeAs(clause, 'agreedBy', '[{"party":"TH"},{"party":"KH"}]', (value) => new Y.ContentEmbed({ value }))
    },
    4400,
    /^attribute "(status|agreedBy)" of <clause> is written as ContentEmbed/,
  ],
  ['a clause with the id of an existing one, to shadow it', (_, fragment) => fragment.insert(fragment.length - 1, [forgedClause(clauseIds[0]!)]), 4409, /^there is already a clause with id /],
  ['a string at the top of the content', (_, fragment) => fragment.insert(0, ['poison' as unknown as Y.XmlText]), 4400, /^the update puts ContentAny content directly in the document/],
  ['a text at the top of the content', (_, fragment) => fragment.insert(2, [new Y.XmlText('poison')]), 4400, /^the update puts text directly in the document/],
  [
    'a string inside a clause heading',
    (_, fragment) => (clauseElements(fragment)[2]!.get(0) as Y.XmlElement).insert(0, ['poison' as unknown as Y.XmlText]),
    4400,
    /^the update puts ContentAny content directly in <clause_heading>/,
  ],
  ['an element nested 5,000 deep', (_, fragment) => nest(clauseElements(fragment)[2]!, 5_000), 4400, /^malformed update: it nests shared types more than 64 deep/],
  ['paragraphs nested in a paragraph (within the depth bound)', (_, fragment) => nest(clauseElements(fragment)[2]!, 10), 4400, /^the update puts a <paragraph> in <paragraph>/],
  ['an element nested 10,000 deep', (_, fragment) => nest(clauseElements(fragment)[2]!, 10_000), 4400, /^malformed update: it nests shared types more than 64 deep/],
  [
    "a bracket owned by the other party under a hashed mark key",
    (_, fragment) => clauseTexts(clauseElements(fragment)[2]!)[0]!.format(0, 4, { 'bracket--AAAAAAAA': { id: 'br-forged', owner: 'KH', alt: 0 } }),
    4400,
    /^format "bracket--AAAAAAAA" is not a mark of the schema/,
  ],
  ['a write to the server\'s own records', (doc) => doc.getMap('negotiation').set('br-1', '{"awaiting":[]}'), 4403, /^the update writes "negotiation", which only the server writes/],
]

describe('crafted updates from a delegate', () => {
  it.each(attacks)('refuses %s with its code and reason, stores nothing, and leaves the bystander editing', async (_name, attack, code, reason) => {
    const stored = replicaState(await storedReplica(fixture.database, documentId))
    const seen = replicaState(bystander.doc)
    const attacker = connectClient(server.collabUrl, documentId, thai.token)
    await attacker.synced()
    attacker.doc.transact(() => attack(attacker.doc, attacker.fragment))
    const closed = await attacker.closed()
    attacker.destroy()
    expect(closed.code).toBe(code)
    expect(closed.reason).toMatch(reason)
    expect(replicaState(await storedReplica(fixture.database, documentId))).toEqual(stored)
    expect(replicaState(bystander.doc)).toEqual(seen)

    // The bystander carries on, and what it types is stored.
    const marker = `still editing after ${code} ${Math.random().toString(36).slice(2, 8)}`
    clauseTexts(clauseById(bystander.fragment, clauseIds[5]!))[0]!.insert(0, `${marker} `)
    await eventually(async () => expect((await storedReplica(fixture.database, documentId)).getXmlFragment('prosemirror').toString()).toContain(marker))
    expect(bystander.closes).toEqual([])
  })

  it('leaves every reader of the document working — content, wording check, revisions, status moves, clause inserts — after a restart too', async () => {
    const asSecretariat = { token: secretariat.token }
    const answers = async (target: TestServer) => {
      const content = await target.request('GET', `/api/documents/${documentId}/content`, asSecretariat)
      const wording = await target.request('GET', `/api/documents/${documentId}/wording-check`, asSecretariat)
      const revision = await target.request('POST', `/api/documents/${documentId}/revisions`, { ...asSecretariat, body: { label: 'After the attacks' } })
      const stored = await target.request('GET', `/api/documents/${documentId}/revisions/${revision.body.seq}`, asSecretariat)
      return { content, wording, revision, stored }
    }
    for (const target of [server, await startTestServer(fixture.database)]) {
      const { content, wording, revision, stored } = await answers(target)
      expect([content.status, wording.status, revision.status, stored.status]).toEqual([200, 200, 201, 200])
      expect(content.body.clauses.map((clause: { id: string }) => clause.id)).toEqual(clauseIds)
      expect(JSON.stringify(stored.body.content)).not.toMatch(/Forged|poison/)
      if (target !== server) await target.close()
    }
    const inserted = await server.request('POST', `/api/documents/${documentId}/clauses`, { token: thai.token, body: { templateId: 'focal-points', after: clauseIds.at(-1) } })
    expect(inserted.status).toBe(201)
    await setStatus(server, documentId, inserted.body.clause.id, thai.token, 'under-negotiation')
  })

  it('never lets a forged agreement reach a signing copy: the document stays unready until both parties agree every clause', async () => {
    const { body: revision } = await server.request('POST', `/api/documents/${documentId}/revisions`, { token: secretariat.token, body: { label: 'Not agreed' } })
    const exported = await server.request('GET', `/api/documents/${documentId}/revisions/${revision.seq}/export.docx?counterpart=TH`, { token: secretariat.token })
    expect(exported.status).toBe(409)
    for (const clause of (await server.request('GET', `/api/documents/${documentId}/content`, { token: thai.token })).body.clauses as { id: string; status: string }[]) {
      if (clause.status === 'draft') await setStatus(server, documentId, clause.id, thai.token, 'under-negotiation')
      await setStatus(server, documentId, clause.id, khmer.token, 'agreed-ad-referendum')
      await setStatus(server, documentId, clause.id, thai.token, 'agreed')
    }
    const { body: agreed } = await server.request('GET', `/api/documents/${documentId}/content`, { token: secretariat.token })
    expect(agreed.clauses.every((clause: { status: string; agreements: unknown[] }) => clause.status === 'agreed' && clause.agreements.length === 2)).toBe(true)
    expect(agreed.clauses.some((clause: { id: string }) => clause.id.startsWith('forged'))).toBe(false)
  })
})
