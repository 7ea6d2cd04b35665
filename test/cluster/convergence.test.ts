/**
 * One document edited through three instances at once, as a balancer
 * spreads a negotiation's delegates over them: stock y-websocket clients
 * connected straight to each instance, those of the instances that do not
 * own the document relayed to the one that does. Whatever instance a
 * client or a request reaches, the document is one: the replicas converge
 * with each other and with what the database stores, the gate refuses an
 * edit to agreed text wherever it comes from, a revocation closes every
 * socket of the member on every instance, revisions asked of two instances
 * at the same moment are numbered in one chain, and one instance at a time
 * owns the document.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { Database } from '../../server/storage/database.js'
import { clauseById, clauseTexts } from '../support/clauseEditing.js'
import { useCluster, type ClusterInstance } from '../support/cluster.js'
import { connectClient, writeParagraph, type TestClient } from '../support/collabClient.js'
import { eventually, sleep } from '../support/eventually.js'
import { setStatus } from '../support/negotiation.js'
import { createRandom, randomEdit, randomInt } from '../support/randomEdits.js'
import { expectConverged, replicaState, storedReplica } from '../support/replicas.js'

type Member = { id: string; token: string }

/** The visible text of a clause's body in a replica. */
const bodyText = (doc: Y.Doc, clauseId: string) =>
  clauseTexts(clauseById(doc.getXmlFragment('prosemirror'), clauseId))
    .map((text) => text.toString())
    .join('\n')

const contentOf = (doc: Y.Doc) => doc.getXmlFragment('prosemirror').toString()

describe('one document edited through three instances', () => {
  const cluster = useCluster()
  let database: Database
  const opened: TestClient[] = []

  /** A stock client of `documentId` through `collabUrl`, destroyed after the file if the test has not (destroy() does it once). */
  const connect = (collabUrl: string, documentId: string, member: Member) => {
    const stock = connectClient(collabUrl, documentId, member.token)
    let destroyed = false
    const client: TestClient = {
      ...stock,
      destroy: () => {
        if (!destroyed) stock.destroy()
        destroyed = true
      },
    }
    opened.push(client)
    return client
  }

  /** How many sockets of `documentId` `instance` holds open now (by its log): its clients', relayed or served, and those relayed to it. */
  const openSockets = (instance: ClusterInstance, documentId: string) => {
    const count = (event: string) => instance.logs.filter((line) => line.event === event && line.documentId === documentId).length
    return count('ws.opened') - count('ws.closed')
  }

  /** The one instance that owns `documentId` now; fails if none or several do. */
  async function soleOwner(documentId: string): Promise<ClusterInstance> {
    const owners = await cluster.owners(documentId)
    expect(owners.map((owner) => owner.id)).toHaveLength(1)
    return owners[0]!
  }

  beforeAll(async () => {
    database = await cluster.testDatabase.open()
  })

  afterAll(async () => {
    for (const client of opened) client.destroy()
    await database?.close()
  })

  it.each([7, 1989])(
    'with seed %i, six stock clients, two straight to each instance, converge with each other, with the database and with a fresh client of every instance, while one instance owns the document',
    async (seed) => {
      const random = createRandom(seed)
      const documentId = await cluster.balancer.createDocument()
      const members = await cluster.balancer.addEditors(documentId)
      const placed = cluster.instances.flatMap((instance, index) => [0, 1].map((slot) => ({ instance, member: members[(2 * index + slot) % members.length]! })))
      const clients = placed.map(({ instance, member }) => connect(instance.collabUrl, documentId, member))
      await Promise.all(clients.map((client) => client.synced()))

      const owner = await soleOwner(documentId)
      // The owner serves all six: its own two, and the four the other instances relay to it, one socket each.
      await eventually(() =>
        expect(cluster.instances.map((instance) => [instance.id, openSockets(instance, documentId)])).toEqual(
          cluster.instances.map((instance) => [instance.id, instance === owner ? 6 : 2]),
        ),
      )
      // (Clients that reached an instance while the lease was being taken may have been told to reconnect, with 1001, and were relayed on their return: nothing closes them from here on.)
      const closedBefore = clients.map((client) => client.closes.length)

      for (let round = 0; round < 60; round++) {
        for (const client of clients) {
          const edits = randomInt(random, 0, 3)
          for (let edit = 0; edit < edits; edit++) randomEdit(random, client.fragment)
        }
        await sleep(randomInt(random, 0, 8))
        // During the storm the document has one owner, the same one.
        if (round % 10 === 0) expect(await soleOwner(documentId)).toBe(owner)
      }

      await eventually(() => expectConverged(clients.map((client) => client.doc)))
      expect(clients.map((client) => client.closes.length)).toEqual(closedBefore)
      expect(contentOf(clients[0]!.doc)).not.toBe('')
      await eventually(async () => expectConverged([clients[0]!.doc, await storedReplica(database, documentId)]))

      // A newcomer on each instance syncs exactly that document, relayed or not.
      const fresh = cluster.instances.map((instance) => connect(instance.collabUrl, documentId, members[0]!))
      await Promise.all(fresh.map((client) => client.synced()))
      for (const client of fresh) expect(replicaState(client.doc)).toEqual(replicaState(clients[0]!.doc))
      expect(await soleOwner(documentId)).toBe(owner)
      for (const client of [...clients, ...fresh]) client.destroy()
    },
  )

  it("refuses (4409) an edit to a clause agreed through one instance's API when it comes from a client relayed by another, and nobody sees or stores it", async () => {
    const [a, b] = cluster.instances as [ClusterInstance, ClusterInstance, ClusterInstance]
    const documentId = await cluster.balancer.draftDocument('anti-trafficking-mou', { style: 'mou', variables: {} })
    const secretariat = await cluster.balancer.addMember(documentId, 'secretariat', null, 'Joint Secretariat')
    const thai = await cluster.balancer.addMember(documentId, 'delegate', 'TH', 'Khun Somchai')
    const thaiLegal = await cluster.balancer.addMember(documentId, 'legal', 'TH', 'Khun Malee')
    const khmer = await cluster.balancer.addMember(documentId, 'delegate', 'KH', 'Lok Sokha')
    const { body: content } = await a.process.request('GET', `/api/documents/${documentId}/content`, { token: secretariat.token })
    const clauseIds = (content.clauses as { id: string }[]).map((clause) => clause.id)
    const agreed = clauseIds[1]!

    // Agreed through A's API, a request sent straight to A.
    await setStatus(a.process, documentId, agreed, secretariat.token, 'under-negotiation')
    await setStatus(a.process, documentId, agreed, khmer.token, 'agreed-ad-referendum', 'SK')
    await setStatus(a.process, documentId, agreed, thai.token, 'agreed', 'ST')

    const onA = connect(a.collabUrl, documentId, khmer)
    await onA.synced()
    const onB = connect(b.collabUrl, documentId, thaiLegal)
    await onB.synced()
    const owner = await soleOwner(documentId)
    // C: an instance that does not own the document, so that the writer is relayed.
    const c = cluster.instances.findLast((instance) => instance !== owner)!
    const writer = connect(c.collabUrl, documentId, thai)
    await writer.synced()
    // The owner serves the three, the writer through C's relay.
    expect(c).not.toBe(owner)
    await eventually(() => expect(openSockets(owner, documentId)).toBe(3))
    for (const client of [onA, onB, writer]) expect(clauseById(client.fragment, agreed).getAttribute('status')).toBe('agreed')
    const agreedText = bodyText(onA.doc, agreed)
    expect(bodyText(onB.doc, agreed)).toBe(agreedText)

    const closing = writer.closed()
    clauseTexts(clauseById(writer.fragment, agreed))[0]!.insert(3, 'NOT AGREED ')
    const close = await closing
    writer.destroy()
    expect(close.code).toBe(4409)
    expect(close.reason).toMatch(/is agreed: its text is locked and the change was not applied$/)

    // A later edit, from A, reaches B and the database: anything broadcast or stored before it would have too.
    clauseTexts(clauseById(onA.fragment, clauseIds[2]!))[0]!.insert(0, 'MARKER ')
    await eventually(() => expect(bodyText(onB.doc, clauseIds[2]!)).toContain('MARKER '))
    await eventually(async () => expect(contentOf(await storedReplica(database, documentId))).toContain('MARKER '))
    for (const client of [onA, onB]) {
      expect(bodyText(client.doc, agreed)).toBe(agreedText)
      expect(contentOf(client.doc)).not.toContain('NOT AGREED')
      expect(client.closes).toEqual([])
    }
    const stored = await storedReplica(database, documentId)
    expect(bodyText(stored, agreed)).toBe(agreedText)
    expect(contentOf(stored)).not.toContain('NOT AGREED')
    onA.destroy()
    onB.destroy()
  })

  it("closes with 4401 every socket of a member revoked through one instance's API, on every other instance and through the balancer, while the others keep editing", async () => {
    const [a, b, c] = cluster.instances as [ClusterInstance, ClusterInstance, ClusterInstance]
    const documentId = await cluster.balancer.createDocument()
    const revoked = await cluster.balancer.addMember(documentId, 'delegate', 'KH', 'Lok Sokha')
    const thai = await cluster.balancer.addMember(documentId, 'delegate', 'TH', 'Khun Somchai')
    const thaiLegal = await cluster.balancer.addMember(documentId, 'legal', 'TH', 'Khun Malee')
    const others = [connect(a.collabUrl, documentId, thai), connect(b.collabUrl, documentId, thaiLegal)]
    const theirs = [connect(b.collabUrl, documentId, revoked), connect(c.collabUrl, documentId, revoked), connect(cluster.balancer.collabUrl, documentId, revoked)]
    await Promise.all([...others, ...theirs].map((client) => client.synced()))
    const owner = await soleOwner(documentId)
    // Settled: the owner serves the five sockets (those that reached an instance while the lease was being taken came back, relayed).
    await eventually(() => expect(openSockets(owner, documentId)).toBe(5))
    const closedBefore = [...others, ...theirs].map((client) => client.closes.length)
    const closesSince = (client: TestClient, index: number) => client.closes.slice(closedBefore[index]!)

    const { status } = await a.process.request('DELETE', `/api/documents/${documentId}/members/${revoked.id}`)
    expect(status).toBe(200)
    await eventually(() => expect(theirs.map((client, index) => closesSince(client, others.length + index)[0]?.code)).toEqual([4401, 4401, 4401]))
    for (const [index, client] of theirs.entries()) expect(closesSince(client, others.length + index)[0]!.reason).toMatch(/revoked/)

    // The others edit on, each seeing the other's words, and the database stores them.
    writeParagraph(others[0]!, 'Written on A after the revocation.')
    writeParagraph(others[1]!, 'Written on B after the revocation.')
    await eventually(() => expectConverged(others.map((client) => client.doc)))
    for (const words of ['Written on A after the revocation.', 'Written on B after the revocation.']) expect(contentOf(others[0]!.doc)).toContain(words)
    await eventually(async () => expectConverged([others[0]!.doc, await storedReplica(database, documentId)]))
    for (const [index, client] of others.entries()) expect(closesSince(client, index)).toEqual([])
    // The revoked member's providers, retrying, were let back in nowhere.
    for (const [index, client] of theirs.entries()) {
      expect(contentOf(client.doc)).not.toContain('after the revocation')
      expect(closesSince(client, others.length + index).every((close) => close.code === 4401)).toBe(true)
      client.destroy()
    }
    for (const client of others) client.destroy()
  })

  it('numbers revisions asked of two instances at the same moment consecutively, in one hash chain that verifies', async () => {
    const [a, b] = cluster.instances as [ClusterInstance, ClusterInstance, ClusterInstance]
    const documentId = await cluster.balancer.createDocument()
    const thai = await cluster.balancer.addMember(documentId, 'delegate', 'TH', 'Khun Somchai')
    const revise = (instance: ClusterInstance, label: string) =>
      instance.process.request('POST', `/api/documents/${documentId}/revisions`, { token: thai.token, body: { label } })

    const answers: { status: number; body: any }[] = []
    // First while nobody owns the document: both instances race to take it for their request, and the loser forwards its request to the winner…
    for (let round = 0; round < 3; round++) {
      await eventually(async () => expect(await cluster.owners(documentId)).toEqual([]))
      answers.push(...(await Promise.all([revise(a, `A ${round}`), revise(b, `B ${round}`)])))
    }
    // …then while a client on the third instance keeps it owned: both are forwarded.
    const editor = connect(cluster.instances[2]!.collabUrl, documentId, thai)
    await editor.synced()
    for (let round = 3; round < 6; round++) {
      writeParagraph(editor, `Round ${round}.`)
      answers.push(...(await Promise.all([revise(a, `A ${round}`), revise(b, `B ${round}`)])))
    }
    editor.destroy()

    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 201))
    expect(answers.map((answer) => answer.body.seq).sort((x: number, y: number) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    const { body } = await cluster.balancer.request('GET', `/api/documents/${documentId}/revisions`)
    const revisions = body.revisions as { seq: number; hash: string; parentHash: string; label: string }[]
    expect(revisions.map((revision) => revision.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    expect(revisions[0]!.parentHash).toBe('0'.repeat(64))
    for (let index = 1; index < revisions.length; index++) expect(revisions[index]!.parentHash).toBe(revisions[index - 1]!.hash)
    expect(new Set(revisions.map((revision) => revision.label))).toEqual(new Set(answers.map((answer) => answer.body.label)))
    // The server's own verification recomputes every hash; asked of each instance, it answers the same.
    for (const instance of cluster.instances) {
      const { body: verdict } = await instance.process.request('GET', `/api/documents/${documentId}/revisions/verify`)
      expect(verdict).toEqual({ valid: true, revisions: 12, firstBreak: null })
    }
  })

  it("shows a delegate's presence, stamped by the owner with who they are, to clients of the other instances, and their leaving", async () => {
    const documentId = await cluster.balancer.createDocument()
    const thai = await cluster.balancer.addMember(documentId, 'delegate', 'TH', 'Khun Somchai')
    const khmer = await cluster.balancer.addMember(documentId, 'delegate', 'KH', 'Lok Sokha')
    const [a, b, c] = cluster.instances
    const owner = connect(a!.collabUrl, documentId, khmer)
    await owner.synced()
    const typist = connect(b!.collabUrl, documentId, thai)
    const watcher = connect(c!.collabUrl, documentId, khmer)
    await Promise.all([typist.synced(), watcher.synced()])
    expect((await soleOwner(documentId)).id).toBe(a!.id)

    const cursor = { anchor: { tname: 'prosemirror', assoc: 0 }, head: { tname: 'prosemirror', assoc: 0 } }
    // Whatever the client claims to be, the owner says who it is.
    typist.provider.awareness.setLocalState({ cursor, user: { name: 'Lok Sokha', party: 'KH' } })
    for (const seer of [watcher, owner]) {
      await eventually(() =>
        expect(seer.provider.awareness.getStates().get(typist.doc.clientID)).toEqual({ cursor, user: expect.objectContaining({ memberId: thai.id, name: 'Khun Somchai', party: 'TH' }) }),
      )
    }
    typist.destroy()
    await eventually(() => expect(watcher.provider.awareness.getStates().has(typist.doc.clientID)).toBe(false))
  })

  it("draws a document's page with the text it opens whichever instance the page is asked of, the owner drawing it", async () => {
    const documentId = await cluster.balancer.createDocument()
    const thai = await cluster.balancer.addMember(documentId, 'delegate', 'TH', 'Khun Somchai')
    const holder = connect(cluster.instances[0]!.collabUrl, documentId, thai)
    await holder.synced()
    writeParagraph(holder, 'Drawn by the owner.')
    // In the owner's live text, not only stored: the live document takes an update just after the database has it.
    await eventually(async () => expect(JSON.stringify((await cluster.instances[0]!.process.request('GET', `/api/documents/${documentId}/content`, { token: thai.token })).body)).toContain('Drawn by the owner.'))
    for (const instance of cluster.instances) {
      const answer = await fetch(`${instance.url}/d/${documentId}?token=${thai.token}`)
      expect(answer.status).toBe(200)
      expect(answer.headers.get('counterpart-shell'), instance.id).toBeNull()
      expect(await answer.text()).toContain('Drawn by the owner.')
    }
    expect((await soleOwner(documentId)).id).toBe(cluster.instances[0]!.id)
  })

  it("names each instance in its /healthz, and exactly one lists the document in 'owned' while clients are connected", async () => {
    const documentId = await cluster.balancer.createDocument()
    const thai = await cluster.balancer.addMember(documentId, 'delegate', 'TH', 'Khun Somchai')
    const clients = cluster.instances.map((instance) => connect(instance.collabUrl, documentId, thai))
    await Promise.all(clients.map((client) => client.synced()))

    const healths = await Promise.all(cluster.instances.map((instance) => instance.health()))
    expect(healths.map((health) => [health.ok, health.instance])).toEqual(cluster.instances.map((instance) => [true, instance.id]))
    const owning = healths.filter((health) => health.owned!.includes(documentId)).map((health) => health.instance)
    expect(owning).toHaveLength(1)
    expect((await soleOwner(documentId)).id).toBe(owning[0])

    // Once nobody needs the document, its owner gives it up.
    for (const client of clients) client.destroy()
    await eventually(async () => expect(await cluster.owners(documentId)).toEqual([]))
  })
})
