import { beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { toYElement } from '../../server/mou/contentCodec.js'
import { mouSchema } from '../../server/vocabulary/schema.js'
import { clauseById, clauseElements, clauseTexts, moveClause } from '../support/clauseEditing.js'
import { connectClient, type TestClient } from '../support/collabClient.js'
import { docxPart, resolveChanges } from '../support/docxText.js'
import { eventually } from '../support/eventually.js'
import { useServer } from '../support/fixtures.js'
import { reopenClause, setStatus } from '../support/negotiation.js'
import { createRandom, randomInt } from '../support/randomEdits.js'
import { storedReplica } from '../support/replicas.js'
import { startTestServer, type TestServer } from '../support/testServer.js'

const fixture = useServer()
let server: TestServer
let documentId: string
let clauseIds: string[]
type Member = { id: string; token: string }
let thai: Member
let thaiLegal: Member
let khmer: Member
let secretariat: Member
let observer: Member

const statusPath = (clauseId: string) => `/api/documents/${documentId}/clauses/${clauseId}/status`
const connect = (member: Member) => connectClient(server.collabUrl, documentId, member.token)

/** Waits until the server's document holds everything the client has, deletions included. */
async function flushed(client: TestClient): Promise<void> {
  await eventually(async () => {
    const live = await server.server.registry.peek(documentId)
    expect(Y.equalSnapshots(Y.snapshot(live!.doc), Y.snapshot(client.doc))).toBe(true)
  })
}

async function content() {
  return (await server.request('GET', `/api/documents/${documentId}/content`, { token: secretariat.token })).body
}

const clauseView = async (clauseId: string) => (await content()).clauses.find((clause: { id: string }) => clause.id === clauseId)

/** The visible text of a clause's body in a replica. */
const bodyText = (doc: Y.Doc, clauseId: string) =>
  clauseTexts(clauseById(doc.getXmlFragment('prosemirror'), clauseId))
    .map((text) => text.toString())
    .join('\n')

async function agree(clauseId: string): Promise<void> {
  await setStatus(server, documentId, clauseId, secretariat.token, 'under-negotiation')
  await setStatus(server, documentId, clauseId, khmer.token, 'agreed-ad-referendum', 'SK')
  await setStatus(server, documentId, clauseId, thai.token, 'agreed', 'ST')
}

beforeAll(async () => {
  server = fixture.server
  documentId = await server.draftDocument('anti-trafficking-mou', { style: 'mou', variables: {} })
  secretariat = await server.addMember(documentId, 'secretariat', null, 'Joint Secretariat')
  thai = await server.addMember(documentId, 'delegate', 'TH', 'Khun Somchai')
  thaiLegal = await server.addMember(documentId, 'legal', 'TH', 'Khun Malee')
  khmer = await server.addMember(documentId, 'delegate', 'KH', 'Lok Sokha')
  observer = await server.addMember(documentId, 'observer', null, 'UNODC observer')
  clauseIds = (await content()).clauses.map((clause: { id: string }) => clause.id)
})

describe('clause status', () => {
  it('moves only by the members allowed to move it, and every client sees each move at once', async () => {
    const clauseId = clauseIds[0]!
    const watcher = connect(khmer)
    await watcher.synced()
    const statusSeen = () => clauseById(watcher.fragment, clauseId).getAttribute('status')

    expect((await server.request('POST', statusPath(clauseId), { token: observer.token, body: { status: 'under-negotiation' } })).body.error).toEqual({
      code: 'forbidden',
      message: 'observers may not change the status of a clause',
      words: { key: 'refusal.status.observer', values: {} },
    })
    expect((await server.request('POST', statusPath(clauseId), { body: { status: 'under-negotiation' } })).status).toBe(403)
    expect((await server.request('POST', statusPath(clauseId), { token: thai.token, body: { status: 'agreed' } })).body.error.message).toBe(
      'the clause is still a draft: start the negotiation first',
    )
    expect((await server.request('POST', statusPath('no-such-clause'), { token: thai.token, body: { status: 'under-negotiation' } })).status).toBe(404)
    expect((await server.request('POST', statusPath(clauseId), { token: thai.token, body: { status: 'final' } })).body.error.message).toBe(
      'field "status" must be one of "draft", "under-negotiation", "agreed-ad-referendum", "agreed" (got string "final")',
    )

    await setStatus(server, documentId, clauseId, secretariat.token, 'under-negotiation')
    await eventually(() => expect(statusSeen()).toBe('under-negotiation'))
    expect((await server.request('POST', statusPath(clauseId), { token: secretariat.token, body: { status: 'agreed-ad-referendum' } })).status).toBe(403)

    const adReferendum = await server.request('POST', statusPath(clauseId), { token: khmer.token, body: { status: 'agreed-ad-referendum', initials: 'SK' } })
    expect(adReferendum.body.clause).toMatchObject({
      clauseId,
      status: 'agreed-ad-referendum',
      agreements: [{ party: 'KH', memberId: khmer.id, name: 'Lok Sokha', initials: 'SK' }],
    })
    await eventually(() => expect(statusSeen()).toBe('agreed-ad-referendum'))
    expect((await server.request('POST', statusPath(clauseId), { token: khmer.token, body: { status: 'agreed' } })).body.error.message).toBe(
      'KH has already agreed to this clause',
    )

    await setStatus(server, documentId, clauseId, thaiLegal.token, 'agreed', 'KM')
    await eventually(() => expect(statusSeen()).toBe('agreed'))
    const view = await clauseView(clauseId)
    expect(view.status).toBe('agreed')
    expect(view.agreements.map((agreement: { party: string; initials: string }) => [agreement.party, agreement.initials])).toEqual([
      ['KH', 'SK'],
      ['TH', 'KM'],
    ])
    watcher.destroy()
  })

  it('reopens an agreed clause only when one party asks and the other accepts, after which it can be edited again', async () => {
    const clauseId = clauseIds[0]!
    const reopen = (member: Member, action: string) =>
      server.request('POST', `/api/documents/${documentId}/clauses/${clauseId}/reopen`, { token: member.token, body: { action } })
    expect((await reopen(thai, 'accept')).body.error.message).toBe('nobody has asked to reopen this clause')
    expect((await reopen(secretariat, 'request')).status).toBe(403)
    expect((await reopen(thai, 'request')).body.clause).toMatchObject({ status: 'agreed', reopenRequest: { party: 'TH', memberId: thai.id } })
    expect((await reopen(thaiLegal, 'accept')).body.error.message).toBe('the other party must accept the request to reopen')
    expect((await reopen(khmer, 'accept')).body.clause).toMatchObject({ status: 'under-negotiation', agreements: [], reopenRequest: null })

    const editor = connect(thai)
    await editor.synced()
    clauseTexts(clauseById(editor.fragment, clauseId))[0]!.insert(0, 'Reopened: ')
    await flushed(editor)
    expect(editor.closes).toEqual([])
    expect((await clauseView(clauseId)).text).toContain('Reopened: ')
    editor.destroy()
  })
})

describe('locks on agreed text', () => {
  it('refuse an edit from a stock y-websocket client: the sender is told why, nobody else sees it, nothing is stored, and it stays so after a restart', async () => {
    const clauseId = clauseIds[1]!
    await agree(clauseId)
    const agreedText = bodyText(await storedReplica(fixture.database, documentId), clauseId)
    const [writer, bystander, other] = [connect(thai), connect(khmer), connect(thaiLegal)]
    await Promise.all([writer.synced(), bystander.synced(), other.synced()])

    clauseTexts(clauseById(writer.fragment, clauseId))[0]!.insert(3, 'NOT AGREED ')
    const heading = clauseById(writer.fragment, clauseId).toArray()[0]!.toString().replace(/<[^>]*>/g, '')
    expect(await writer.closed()).toEqual({ code: 4409, reason: `clause “${heading}” is agreed: its text is locked and the change was not applied` })
    // …and, just before the close, in words a page says in its reader's language.
    expect(writer.refusals).toEqual([{ key: 'refusal.text.clauseLocked', values: { clause: heading, status: 'agreed' } }])

    // The bystander gets a later edit, so anything broadcast before it would have arrived too.
    clauseTexts(clauseById(other.fragment, clauseIds[2]!))[0]!.insert(0, 'MARKER ')
    await eventually(() => expect(bodyText(bystander.doc, clauseIds[2]!)).toContain('MARKER '))
    expect(bodyText(bystander.doc, clauseId)).toBe(agreedText)
    expect(bystander.closes).toEqual([])
    await flushed(other)
    const stored = await storedReplica(fixture.database, documentId)
    expect(bodyText(stored, clauseId)).toBe(agreedText)
    expect(stored.getXmlFragment('prosemirror').toString()).not.toContain('NOT AGREED')

    const restarted = await startTestServer(fixture.database)
    try {
      const reader = connectClient(restarted.collabUrl, documentId, observer.token)
      await reader.synced()
      expect(bodyText(reader.doc, clauseId)).toBe(agreedText)
      expect(clauseById(reader.fragment, clauseId).getAttribute('status')).toBe('agreed')
      reader.destroy()
    } finally {
      await restarted.close()
    }
    for (const client of [writer, bystander, other]) client.destroy()
  })

  it('refuse deleting, moving, splitting or reformatting an agreed clause, and an ad referendum one', async () => {
    const [agreed, adReferendum] = [clauseIds[1]!, clauseIds[3]!]
    await setStatus(server, documentId, adReferendum, thai.token, 'under-negotiation')
    await setStatus(server, documentId, adReferendum, thai.token, 'agreed-ad-referendum')
    const attempts: [string, (doc: Y.Doc) => void][] = [
      ['delete', (doc) => doc.getXmlFragment('prosemirror').delete(doc.getXmlFragment('prosemirror').toArray().indexOf(clauseById(doc.getXmlFragment('prosemirror'), agreed)), 1)],
      ['move', (doc) => moveClause(doc, agreed, clauseIds[6]!)],
      [
        'split',
        (doc) => {
          const paragraph = new Y.XmlElement('paragraph')
          paragraph.insert(0, [new Y.XmlText('A new paragraph')])
          clauseById(doc.getXmlFragment('prosemirror'), agreed).insert(1, [paragraph])
        },
      ],
      ['format', (doc) => clauseTexts(clauseById(doc.getXmlFragment('prosemirror'), agreed))[0]!.format(0, 4, { strong: {} })],
      ['delete text', (doc) => clauseTexts(clauseById(doc.getXmlFragment('prosemirror'), adReferendum))[0]!.delete(0, 5)],
    ]
    for (const [what, attempt] of attempts) {
      const client = connect(khmer)
      await client.synced()
      attempt(client.doc)
      expect([what, (await client.closed()).code]).toEqual([what, 4409])
      client.destroy()
    }
    const stored = await storedReplica(fixture.database, documentId)
    expect(clauseElements(stored.getXmlFragment('prosemirror')).map((clause) => clause.getAttribute('id'))).toEqual(clauseIds)
  })

  it('hold for restores too: an old revision brings its text back around agreed clauses, never over them', async () => {
    const { body: before } = await server.request('POST', `/api/documents/${documentId}/revisions`, { token: thai.token, body: { label: 'Before agreement' } })
    const [agreed, open] = [clauseIds[4]!, clauseIds[6]!]
    const editor = connect(thai)
    await editor.synced()
    clauseTexts(clauseById(editor.fragment, agreed))[0]!.insert(0, 'Agreed wording: ')
    clauseTexts(clauseById(editor.fragment, open))[0]!.insert(0, 'Open wording: ')
    await flushed(editor)
    editor.destroy()
    await agree(agreed)
    const agreedView = await clauseView(agreed)

    const restore = await server.request('POST', `/api/documents/${documentId}/revisions/${before.seq}/restore`, { token: thai.token })
    expect(restore.status).toBe(201)
    // Paragraphs 1 and 5 agreed, 3 agreed ad referendum.
    expect(restore.body.note).toContain('3 agreed clauses were kept as they were: agreed text is locked.')
    expect(await clauseView(agreed)).toEqual(agreedView)
    expect((await clauseView(open)).text).not.toContain('Open wording: ')
    expect((await content()).clauses.map((clause: { id: string }) => clause.id)).toEqual(clauseIds)
  })

  it('hold for restores of a reopened clause: the old text comes back as an open clause, never with the old agreements', async () => {
    const clauseId = clauseIds[13]!
    await agree(clauseId)
    const { body: agreedRevision } = await server.request('POST', `/api/documents/${documentId}/revisions`, { token: thai.token, body: { label: 'Agreed' } })
    const agreedText = (await clauseView(clauseId)).text
    await reopenClause(server, documentId, clauseId, khmer.token, thai.token)
    const editor = connect(thai)
    await editor.synced()
    clauseTexts(clauseById(editor.fragment, clauseId))[0]!.insert(0, 'Edited after reopening: ')
    await flushed(editor)
    editor.destroy()

    // The other party alone restores the agreed revision.
    expect((await server.request('POST', `/api/documents/${documentId}/revisions/${agreedRevision.seq}/restore`, { token: khmer.token })).status).toBe(201)
    expect(await clauseView(clauseId)).toMatchObject({ status: 'under-negotiation', agreements: [], reopenRequest: null, text: agreedText })
    // Open, so either party edits it.
    const next = connect(khmer)
    await next.synced()
    clauseTexts(clauseById(next.fragment, clauseId))[0]!.insert(0, 'Edited after the restore: ')
    await flushed(next)
    expect(next.closes).toEqual([])
    expect((await clauseView(clauseId)).text).toContain('Edited after the restore: ')
    next.destroy()
  })

  it('refuse a client update that writes a clause status itself, or creates an agreed clause', async () => {
    const forger = connect(thai)
    await forger.synced()
    clauseById(forger.fragment, clauseIds[5]!).setAttribute('status', 'agreed')
    expect(await forger.closed()).toEqual({ code: 4403, reason: "a clause's status changes only through the API (POST …/clauses/<id>/status)" })
    forger.destroy()

    const creator = connect(thai)
    await creator.synced()
    const clause = mouSchema.node('clause', { id: 'forged-clause', status: 'agreed' }, [
      mouSchema.node('clause_heading', null, [mouSchema.text('Forged')]),
      mouSchema.node('paragraph', null, [mouSchema.text('Text nobody agreed.')]),
    ])
    creator.fragment.insert(creator.fragment.length - 1, [toYElement(clause)])
    expect(await creator.closed()).toEqual({ code: 4403, reason: 'a new clause cannot be created with status "agreed"' })
    creator.destroy()
    expect((await content()).clauses.some((view: { id: string }) => view.id === 'forged-clause')).toBe(false)
  })
})

describe('bracketed text', () => {
  const bracket = (alt: number, owner = 'TH') => ({ bracket: { id: 'br-days', owner, alt } })

  it('is counted per clause, blocks agreement, shows in compare and the redline, and blocks signing copies, listed', async () => {
    const clauseId = clauseIds[7]!
    await setStatus(server, documentId, clauseId, thai.token, 'under-negotiation')
    const { body: plain } = await server.request('POST', `/api/documents/${documentId}/revisions`, { token: thai.token, body: { label: 'Plain' } })
    const editor = connect(thai)
    await editor.synced()
    const text = clauseTexts(clauseById(editor.fragment, clauseId))[0]!
    editor.doc.transact(() => {
      text.insert(0, 'within ', { bracket: null })
      text.insert(7, '30', bracket(0))
      text.insert(9, '60', bracket(1))
      text.insert(11, ' days, ', { bracket: null })
    })
    await flushed(editor)

    const view = await clauseView(clauseId)
    expect(view.brackets).toEqual([{ id: 'br-days', owner: 'TH', owners: ['TH', 'TH'], alternatives: ['30', '60'], request: null }])
    expect(view.text).toContain('1. within [30] / [60] days, ')
    expect((await server.request('POST', statusPath(clauseId), { token: khmer.token, body: { status: 'agreed-ad-referendum' } })).body.error.message).toBe(
      'the clause still holds 1 bracketed proposal; resolve them first',
    )

    // A member of one party cannot open a bracket in the other party's name.
    const impostor = connect(khmer)
    await impostor.synced()
    clauseTexts(clauseById(impostor.fragment, clauseId))[0]!.insert(0, 'ninety', { bracket: { id: 'br-forged', owner: 'TH', alt: 0 } })
    expect(await impostor.closed()).toEqual({ code: 4403, reason: 'a bracket owned by TH can only be opened by a member of that party' })
    impostor.destroy()

    const { body: bracketed } = await server.request('POST', `/api/documents/${documentId}/revisions`, { token: thai.token, body: { label: 'Bracketed' } })
    const { body: compared } = await server.request('GET', `/api/documents/${documentId}/compare?from=${plain.seq}&to=${bracketed.seq}`)
    const inserted = compared.clauses
      .find((clause: { id: string }) => clause.id === clauseId)
      .diff.filter((run: { op: string }) => run.op === 'insert')
      .map((run: { text: string }) => run.text)
      .join('')
    expect(inserted).toContain('[30] / [60]')

    const redline = await fetch(`${server.url}/api/documents/${documentId}/compare.docx?from=${plain.seq}&to=${bracketed.seq}`, {
      headers: { authorization: `Bearer ${khmer.token}` },
    })
    const xml = docxPart(new Uint8Array(await redline.arrayBuffer()), 'word/document.xml')
    expect(resolveChanges(xml, 'accept').some((line) => line.includes('within [30] / [60] days, '))).toBe(true)
    expect(resolveChanges(xml, 'reject').some((line) => line.includes('[30]'))).toBe(false)

    const exported = await server.request('GET', `/api/documents/${documentId}/revisions/${bracketed.seq}/export.docx?counterpart=TH`, { token: secretariat.token })
    expect(exported.status).toBe(409)
    expect(exported.body.error.message).toMatch(new RegExp(`^revision ${bracketed.seq} is not ready for signature: 1 bracketed proposal: \\[30\\] / \\[60\\] \\(TH, Paragraph 8\\); and \\d+ parts not agreed: `))
    expect(exported.body.error.details.brackets).toEqual([{ id: 'br-days', owner: 'TH', owners: ['TH', 'TH'], text: '[30] / [60]', clauseId, label: 'Paragraph 8' }])
    expect(exported.body.error.details.unagreedClauses).toContainEqual({ clauseId, label: 'Paragraph 8', heading: view.heading, status: 'under-negotiation', agreedBy: [] })
    editor.destroy()
  })

  const bracketPath = (bracketId: string, route: 'resolve' | 'resolution' | 'withdraw') => `/api/documents/${documentId}/brackets/${bracketId}/${route}`
  const resolve = (member: Member, bracketId: string, keep: unknown) => server.request('POST', bracketPath(bracketId, 'resolve'), { token: member.token, body: { keep } })
  const answer = (member: Member, bracketId: string, action: string) =>
    server.request('POST', bracketPath(bracketId, 'resolution'), { token: member.token, body: { action } })
  const withdraw = (member: Member, bracketId: string, alt: unknown) => server.request('POST', bracketPath(bracketId, 'withdraw'), { token: member.token, body: { alt } })
  /** The words of a clause's first paragraph in a replica, without the bracket marks. */
  const words = (doc: Y.Doc, clauseId: string) =>
    (clauseTexts(clauseById(doc.getXmlFragment('prosemirror'), clauseId))[0]!.toDelta() as { insert: unknown }[]).map((op) => op.insert).join('')
  /** The pending request on `bracketId` as a client's replica holds it in the shared `negotiation` map. */
  const requestSeen = (client: TestClient, bracketId: string) => {
    const value = client.doc.getMap('negotiation').get(bracketId)
    return typeof value === 'string' ? JSON.parse(value) : null
  }
  const bracketView = async (clauseId: string, bracketId: string) =>
    (await clauseView(clauseId)).brackets.find((candidate: { id: string }) => candidate.id === bracketId) ?? null
  /** The audit trail of one bracket: each event with its actor. */
  const bracketEvents = async (bracketId: string) =>
    ((await server.request('GET', `/api/documents/${documentId}/audit`, { token: secretariat.token })).body.entries as { event: string; actor: { memberId: string }; details: Record<string, unknown> }[])
      .filter((entry) => entry.details.bracketId === bracketId)
  /**
   * Types `pieces` at the start of a clause's first paragraph, in order,
   * each by its member through a stock provider: a bracketed alternative is
   * opened by a member of the party that owns it.
   */
  async function propose(clauseId: string, pieces: [member: Member, text: string, bracket: { id: string; owner: string; alt: number } | null][]): Promise<void> {
    let at = 0
    for (const [member, text, bracket] of pieces) {
      const typist = connect(member)
      await typist.synced()
      clauseTexts(clauseById(typist.fragment, clauseId))[0]!.insert(at, text, { bracket })
      at += text.length
      await flushed(typist)
      expect(typist.closes).toEqual([])
      typist.destroy()
    }
  }

  it("is not removed by the other party alone: the removal waits for the owner's acceptance, every connected client sees the request, and the audit shows both steps", async () => {
    const clauseId = clauseIds[7]!
    const [watcher, owner] = [connect(observer), connect(thai)]
    await Promise.all([watcher.synced(), owner.synced()])
    expect((await resolve(khmer, 'br-days', 2)).body.error.message).toBe('field "keep" must name an alternative of bracket br-days, 0 to 1 (got 2)')
    expect((await resolve(khmer, 'br-days', 'sixty')).status).toBe(400)
    expect((await resolve(khmer, 'no-such-bracket', null)).status).toBe(404)
    const otherDocument = await server.draftDocument('anti-trafficking-mou', { style: 'mou' })
    const stranger = await server.addMember(otherDocument, 'delegate', 'TH', 'Delegate of another negotiation')
    for (const member of [observer, stranger]) {
      expect((await resolve(member, 'br-days', null)).status).toBe(403)
      expect((await answer(member, 'br-days', 'accept')).status).toBe(403)
      expect((await withdraw(member, 'br-days', 0)).status).toBe(403)
    }

    const asked = await resolve(khmer, 'br-days', null)
    expect(asked.status).toBe(202)
    expect(asked.body).toEqual({
      bracketId: 'br-days',
      resolved: false,
      request: { bracketId: 'br-days', keep: null, party: 'KH', memberId: khmer.id, name: 'Lok Sokha', at: expect.any(String), awaiting: ['TH'], accepted: [], proposal: '[30] / [60]', owners: ['TH', 'TH'] },
    })
    for (const client of [watcher, owner]) await eventually(() => expect(requestSeen(client, 'br-days')).toEqual(asked.body.request))
    expect(await bracketView(clauseId, 'br-days')).toEqual({ id: 'br-days', owner: 'TH', owners: ['TH', 'TH'], alternatives: ['30', '60'], request: asked.body.request })

    expect((await resolve(thai, 'br-days', 0)).body.error).toEqual({
      code: 'conflict',
      message: 'KH has already asked to remove every alternative in bracket br-days; accept, decline or cancel that request first',
      words: { key: 'refusal.bracket.alreadyAsked', values: { asker: 'KH', keep: 'none', kept: '', bracket: 'br-days' } },
    })
    expect((await answer(khmer, 'br-days', 'accept')).body.error).toMatchObject({ code: 'forbidden', message: 'KH asked for this resolution of bracket br-days: TH accepts it' })
    expect((await answer(secretariat, 'br-days', 'accept')).body.error.message).toBe('only a delegate or legal member of TH accepts the request to resolve bracket br-days')
    expect((await answer(thai, 'br-days', 'agree')).body.error.message).toBe('field "action" must be one of "accept", "decline", "cancel" (got string "agree")')
    expect(words(watcher.doc, clauseId)).toMatch(/^within 3060 days, /)

    expect((await answer(thaiLegal, 'br-days', 'accept')).body).toEqual({ bracketId: 'br-days', kept: null, resolved: true })
    for (const client of [watcher, owner]) {
      await eventually(() => {
        expect(words(client.doc, clauseId)).toMatch(/^within {2}days, /)
        expect(requestSeen(client, 'br-days')).toBeNull()
      })
    }
    expect((await clauseView(clauseId)).brackets).toEqual([])
    expect((await answer(thai, 'br-days', 'accept')).status).toBe(404)

    const events = await bracketEvents('br-days')
    expect(events.map((entry) => [entry.event, entry.actor.memberId])).toEqual([
      ['bracket-resolution-requested', khmer.id],
      ['bracket-resolution-accepted', thaiLegal.id],
      ['bracket-resolved', thaiLegal.id],
    ])
    expect(events[2]!.details).toEqual({
      bracketId: 'br-days',
      owner: 'TH',
      owners: ['TH', 'TH'],
      proposal: '[30] / [60]',
      kept: null,
      askedBy: { party: 'KH', memberId: khmer.id, name: 'Lok Sokha' },
      acceptedBy: [{ party: 'TH', memberId: thaiLegal.id, name: 'Khun Malee' }],
    })
    watcher.destroy()
    owner.destroy()
  })

  it("keeps one party's alternative over the other's only when the other party accepts; declined, cancelled, void once the wording changes", async () => {
    const clauseId = clauseIds[8]!
    await propose(clauseId, [
      [thai, 'within ', null],
      [thai, 'thirty', { id: 'br-term', owner: 'TH', alt: 0 }],
      [khmer, 'sixty', { id: 'br-term', owner: 'KH', alt: 1 }],
      [thai, ' days, ', null],
    ])
    expect(await bracketView(clauseId, 'br-term')).toEqual({ id: 'br-term', owner: 'TH', owners: ['TH', 'KH'], alternatives: ['thirty', 'sixty'], request: null })
    expect((await answer(khmer, 'br-term', 'decline')).body.error.message).toBe('nobody has asked to resolve bracket br-term')

    expect((await resolve(thai, 'br-term', 0)).body.request).toMatchObject({ keep: 0, party: 'TH', awaiting: ['KH'] })
    expect((await answer(khmer, 'br-term', 'decline')).body).toEqual({ bracketId: 'br-term', resolved: false, request: null })
    expect(await bracketView(clauseId, 'br-term')).toMatchObject({ alternatives: ['thirty', 'sixty'], request: null })

    expect((await resolve(thai, 'br-term', 0)).status).toBe(202)
    expect((await answer(khmer, 'br-term', 'cancel')).body.error.message).toBe('only TH, who asked, may cancel the request to resolve bracket br-term')
    expect((await answer(thaiLegal, 'br-term', 'cancel')).body).toEqual({ bracketId: 'br-term', resolved: false, request: null })

    // What the other party accepts is the wording it saw: once the owner edits it, the request is void.
    expect((await resolve(thai, 'br-term', 0)).status).toBe(202)
    const editor = connect(thai)
    await editor.synced()
    clauseTexts(clauseById(editor.fragment, clauseId))[0]!.insert('within thirty'.length, '-one', { bracket: { id: 'br-term', owner: 'TH', alt: 0 } })
    await flushed(editor)
    editor.destroy()
    expect(await bracketView(clauseId, 'br-term')).toMatchObject({ alternatives: ['thirty-one', 'sixty'], request: null })
    expect((await answer(khmer, 'br-term', 'accept')).body.error).toEqual({
      code: 'conflict',
      message: 'bracket br-term has changed since TH asked to resolve it ([thirty] / [sixty], now [thirty-one] / [sixty]); the request was void and is removed: ask again',
    })
    expect(words(await storedReplica(fixture.database, documentId), clauseId)).toMatch(/^within thirty-onesixty days, /)

    // Accepting the other party's alternative over one's own needs nobody else.
    expect((await resolve(khmer, 'br-term', 0)).body).toEqual({ bracketId: 'br-term', kept: 'thirty-one', resolved: true })
    expect((await clauseView(clauseId)).text).toContain('1. within thirty-one days, ')
    expect((await bracketEvents('br-term')).map((entry) => [entry.event, entry.actor.memberId])).toEqual([
      ['bracket-resolution-requested', thai.id],
      ['bracket-resolution-declined', khmer.id],
      ['bracket-resolution-requested', thai.id],
      ['bracket-resolution-cancelled', thaiLegal.id],
      ['bracket-resolution-requested', thai.id],
      ['bracket-resolved', khmer.id],
    ])
  })

  it("lets a party withdraw its own alternative or its own proposal at once, never the other party's; the secretariat's request waits for every owner", async () => {
    const clauseId = clauseIds[12]!
    await propose(clauseId, [
      [thai, 'by mail', { id: 'br-via', owner: 'TH', alt: 0 }],
      [khmer, 'by email', { id: 'br-via', owner: 'KH', alt: 1 }],
      [thai, 'by courier', { id: 'br-via', owner: 'TH', alt: 2 }],
      [thai, ', ', null],
      [thai, 'promptly', { id: 'br-own', owner: 'TH', alt: 0 }],
      [thai, ', ', null],
    ])
    const watcher = connect(khmer)
    await watcher.synced()
    expect((await withdraw(thai, 'br-via', 1)).body.error).toMatchObject({
      code: 'forbidden',
      message: "alternative 1 of bracket br-via (“by email”) is KH's: only KH withdraws it; ask for its removal instead (POST …/resolve)",
    })
    expect((await withdraw(secretariat, 'br-via', 0)).status).toBe(403)
    expect((await withdraw(thai, 'br-via', 3)).body.error.message).toBe('field "alt" must name an alternative of bracket br-via, 0 to 2 (got 3)')
    expect((await withdraw(thai, 'br-via', 'mail')).status).toBe(400)

    expect((await withdraw(thai, 'br-via', 0)).body).toEqual({
      bracketId: 'br-via',
      withdrawn: 'by mail',
      bracket: { id: 'br-via', owner: 'KH', owners: ['KH', 'TH'], alternatives: ['by email', 'by courier'] },
    })
    // Renumbered in every replica: the alternatives stay 0 to n-1.
    await eventually(() => {
      const runs = (clauseTexts(clauseById(watcher.fragment, clauseId))[0]!.toDelta() as { insert: string; attributes?: { bracket?: { id: string; owner: string; alt: number } } }[])
        .filter((op) => op.attributes?.bracket?.id === 'br-via')
        .map((op) => [op.insert, op.attributes!.bracket!.owner, op.attributes!.bracket!.alt])
      expect(runs).toEqual([
        ['by email', 'KH', 0],
        ['by courier', 'TH', 1],
      ])
    })
    expect((await resolve(thai, 'br-own', null)).body).toEqual({ bracketId: 'br-own', kept: null, resolved: true })

    const asked = await resolve(secretariat, 'br-via', null)
    expect(asked.body.request).toMatchObject({ party: null, memberId: secretariat.id, awaiting: ['KH', 'TH'] })
    await eventually(() => expect(requestSeen(watcher, 'br-via')).toMatchObject({ awaiting: ['KH', 'TH'] }))
    expect((await withdraw(thai, 'br-via', 1)).body.error.message).toBe('the secretariat has asked to remove every alternative in bracket br-via; answer or cancel that request first')
    expect((await answer(khmer, 'br-via', 'accept')).body).toMatchObject({ resolved: false, request: { awaiting: ['TH'], accepted: [{ party: 'KH', memberId: khmer.id }] } })
    await eventually(() => expect(requestSeen(watcher, 'br-via')).toMatchObject({ awaiting: ['TH'] }))
    expect((await answer(thai, 'br-via', 'accept')).body).toEqual({ bracketId: 'br-via', kept: null, resolved: true })
    await eventually(() => expect(words(watcher.doc, clauseId)).toMatch(/^, , /))
    expect((await bracketEvents('br-via')).at(-1)!.details).toMatchObject({
      askedBy: { party: null, memberId: secretariat.id },
      acceptedBy: [
        { party: 'KH', memberId: khmer.id },
        { party: 'TH', memberId: thai.id },
      ],
    })
    expect((await bracketEvents('br-via')).map((entry) => entry.event)).toEqual([
      'bracket-alternative-withdrawn',
      'bracket-resolution-requested',
      'bracket-resolution-accepted',
      'bracket-resolution-accepted',
      'bracket-resolved',
    ])
    watcher.destroy()
  })
})

describe('comments', () => {
  const commentsPath = () => `/api/documents/${documentId}/comments`
  const threadOf = async (threadId: string) =>
    (await server.request('GET', commentsPath(), { token: observer.token })).body.threads.find((thread: { id: string }) => thread.id === threadId)

  it('stay on their words while two delegations edit around them at once, and follow edits inside', async () => {
    const clauseId = clauseIds[9]!
    const [a, b] = [connect(thai), connect(khmer)]
    await Promise.all([a.synced(), b.synced()])
    const target = clauseTexts(clauseById(a.fragment, clauseId))[0]!
    const quote = target.toString().slice(10, 40)
    const from = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(target, 10))
    const to = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(target, 40, -1))
    const opened = await server.request('POST', commentsPath(), { token: khmer.token, body: { from, to, body: 'Should this be "shall"?' } })
    expect(opened.status).toBe(201)
    expect(opened.body.thread).toMatchObject({ state: 'anchored', quote, text: quote, clauseId, createdBy: { memberId: khmer.id, party: 'KH' } })

    // Seeded edits before and after the span, by both clients, without waiting for each other.
    const random = createRandom(707)
    for (let round = 0; round < 40; round++) {
      for (const client of [a, b]) {
        const text = clauseTexts(clauseById(client.fragment, clauseId))[0]!
        const start = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(from), client.doc)!.index
        const end = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(to), client.doc)!.index
        const before = randomInt(random, 0, 1) === 0
        const at = before ? randomInt(random, 0, start) : randomInt(random, end, text.length)
        if (randomInt(random, 0, 3) > 0 || (before ? at === start : at === text.length)) text.insert(at, `w${round} `)
        else text.delete(at, Math.min(2, before ? start - at : text.length - at))
      }
    }
    await flushed(a)
    await flushed(b)
    await eventually(() => expect(a.doc.getXmlFragment('prosemirror').toString()).toBe(b.doc.getXmlFragment('prosemirror').toString()))
    expect(await threadOf(opened.body.thread.id)).toMatchObject({ state: 'anchored', text: quote, quote })

    const inside = clauseTexts(clauseById(a.fragment, clauseId))[0]!
    const start = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(from), a.doc)!.index
    inside.insert(start + 5, 'INSIDE ')
    await flushed(a)
    expect((await threadOf(opened.body.thread.id)).text).toBe(`${quote.slice(0, 5)}INSIDE ${quote.slice(5)}`)
    a.destroy()
    b.destroy()
  })

  it('keep a thread whose text was deleted, as detached, with the words it was opened on', async () => {
    const clauseId = clauseIds[10]!
    const editor = connect(thai)
    await editor.synced()
    const text = clauseTexts(clauseById(editor.fragment, clauseId))[0]!
    const quote = text.toString().slice(0, 12)
    const from = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, 0))
    const to = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, 12, -1))
    const { body } = await server.request('POST', commentsPath(), { token: thai.token, body: { from, to, body: 'Too broad.' } })
    text.delete(0, 20)
    await flushed(editor)
    expect(await threadOf(body.thread.id)).toMatchObject({ state: 'detached', text: '', quote, messages: [{ body: 'Too broad.' }] })
    editor.destroy()
  })

  it('take replies, resolve and reopen; observers read them but do not write', async () => {
    const editor = connect(thai)
    await editor.synced()
    const text = clauseTexts(clauseById(editor.fragment, clauseIds[11]!))[0]!
    const from = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, 0))
    const to = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, 8, -1))
    editor.destroy()
    expect((await server.request('POST', commentsPath(), { token: observer.token, body: { from, to, body: 'Observed.' } })).status).toBe(403)
    expect((await server.request('POST', commentsPath(), { token: thai.token, body: { from: { nonsense: true }, to, body: 'x' } })).body.error.message).toMatch(
      /^field "from" must be a Yjs relative position/,
    )
    expect((await server.request('POST', commentsPath(), { token: thai.token, body: { from: to, to: from, body: 'Backwards.' } })).status).toBe(400)
    const { body } = await server.request('POST', commentsPath(), { token: thai.token, body: { from, to, body: 'Please check the reference.' } })
    const thread = `${commentsPath()}/${body.thread.id}`
    expect((await server.request('POST', `${thread}/replies`, { token: observer.token, body: { body: 'Noted.' } })).status).toBe(403)
    const replied = await server.request('POST', `${thread}/replies`, { token: khmer.token, body: { body: 'Checked: it is Article 4.' } })
    expect(replied.body.thread.messages.map((message: { body: string; author: { party: string } }) => [message.author.party, message.body])).toEqual([
      ['TH', 'Please check the reference.'],
      ['KH', 'Checked: it is Article 4.'],
    ])
    expect((await server.request('POST', `${thread}/resolve`, { token: khmer.token })).body.thread.resolved).toMatchObject({ by: { memberId: khmer.id } })
    expect((await server.request('POST', `${thread}/resolve`, { token: thai.token })).body.error.message).toBe(`comment thread ${body.thread.id} is already resolved`)
    expect((await server.request('POST', `${thread}/reopen`, { token: thai.token })).body.thread.resolved).toBeNull()
    expect((await server.request('POST', `${commentsPath()}/no-such-thread/replies`, { token: thai.token, body: { body: 'x' } })).status).toBe(404)
    expect((await threadOf(body.thread.id)).messages).toHaveLength(2)
  })
})

describe('the audit trail', () => {
  it('records each event in order, shows each party the shared events and its own, and cannot be changed', async () => {
    const { body } = await server.request('GET', `/api/documents/${documentId}/audit`, { token: secretariat.token })
    const events = body.entries.map((entry: { event: string }) => entry.event)
    const inOrder = [
      'member-added',
      'clause-negotiation-started',
      'clause-agreed-ad-referendum',
      'clause-agreed',
      'clause-reopen-requested',
      'clause-reopened',
      'update-refused',
      'revision-created',
      'bracket-resolution-requested',
      'bracket-resolution-accepted',
      'bracket-resolved',
      'bracket-alternative-withdrawn',
    ]
    let at = -1
    for (const event of inOrder) {
      at = events.indexOf(event, at + 1)
      expect([event, at >= 0]).toEqual([event, true])
    }
    expect(body.entries.find((entry: { event: string }) => entry.event === 'clause-agreed-ad-referendum')).toMatchObject({
      actor: { kind: 'member', memberId: khmer.id, party: 'KH' },
      clauseId: clauseIds[0],
      details: { from: 'under-negotiation', to: 'agreed-ad-referendum', initials: 'SK' },
    })
    expect(body.entries.find((entry: { event: string }) => entry.event === 'bracket-resolved')).toMatchObject({
      actor: { memberId: thaiLegal.id },
      clauseId: clauseIds[7],
      details: { bracketId: 'br-days', owner: 'TH', owners: ['TH', 'TH'], proposal: '[30] / [60]', kept: null, askedBy: { party: 'KH' }, acceptedBy: [{ party: 'TH' }] },
    })
    const refusals = body.entries.filter((entry: { event: string }) => entry.event === 'update-refused')
    expect(refusals.map((entry: { actor: { party: string } }) => entry.actor.party)).toContain('TH')
    expect(refusals.map((entry: { actor: { party: string } }) => entry.actor.party)).toContain('KH')
    expect(refusals.find((entry: { actor: { party: string } }) => entry.actor.party === 'TH').details.reason).toMatch(/is agreed: its text is locked/)

    const seenBy = async (member: Member) =>
      (await server.request('GET', `/api/documents/${documentId}/audit`, { token: member.token })).body.entries as { visibleTo: string | null; event: string }[]
    const khmerView = await seenBy(khmer)
    expect(khmerView.every((entry) => entry.visibleTo === null || entry.visibleTo === 'KH')).toBe(true)
    expect(khmerView.filter((entry) => entry.event === 'update-refused').length).toBeGreaterThan(0)
    expect(khmerView.length).toBeLessThan(body.entries.length)
    expect((await seenBy(observer)).every((entry) => entry.visibleTo === null)).toBe(true)

    await expect(fixture.database.query("UPDATE audit SET event = 'nothing happened'")).rejects.toThrow(/append-only/)
    await expect(fixture.database.query('DELETE FROM audit')).rejects.toThrow(/append-only/)
  })

  it('records members added and revoked, revisions and exports', async () => {
    const visitor = await server.addMember(documentId, 'observer', null, 'Visiting observer')
    expect((await server.request('DELETE', `/api/documents/${documentId}/members/${visitor.id}`, { token: secretariat.token })).status).toBe(200)
    const events = (await server.request('GET', `/api/documents/${documentId}/audit`)).body.entries.map((entry: { event: string; details: Record<string, unknown> }) => [
      entry.event,
      entry.details.role ?? entry.details.seq ?? null,
    ])
    expect(events.slice(0, 5)).toEqual([
      ['member-added', 'secretariat'],
      ['member-added', 'delegate'],
      ['member-added', 'legal'],
      ['member-added', 'delegate'],
      ['member-added', 'observer'],
    ])
    expect(events.slice(-2)).toEqual([
      ['member-added', 'observer'],
      ['member-revoked', 'observer'],
    ])
    expect(events.filter(([event]: [string]) => event === 'revision-created').length).toBe(4)
    expect(events.filter(([event]: [string]) => event === 'redline-exported').length).toBe(1)
  })
})
