/**
 * Document leases against real PostgreSQL (and PGlite, where the store
 * works the same though one process never needs it): one owner per
 * document, a generation never given twice, renewal that finds a lease
 * taken over, and the fence — an append, a compaction or a draft update by
 * an owner whose lease was taken over stores nothing.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DocumentOwnership } from '../../server/engine/documentOwnership.js'
import { foldHere } from '../../server/engine/stateFold.js'
import { createLogger } from '../../server/logger.js'
import type { Database } from '../../server/storage/database.js'
import { DocumentStore } from '../../server/storage/documentStore.js'
import { LeaseStore } from '../../server/storage/leaseStore.js'
import { PrivateDraftStore } from '../../server/storage/privateDraftStore.js'
import { UpdateLog } from '../../server/storage/updateLog.js'
import { isLeaseLost, type LeaseFence } from '../../server/vocabulary/documentLease.js'
import { eventually } from '../support/eventually.js'
import { availableTargets, createTestDatabase, type TestDatabase } from '../support/testDatabase.js'
import { cambodianParty, thaiParty } from '../support/testServer.js'

const quiet = createLogger('silent')
const instanceA = { instanceId: 'a', url: 'http://127.0.0.1:1001' }
const instanceB = { instanceId: 'b', url: 'http://127.0.0.1:1002' }

describe.each(availableTargets())('document leases on %s', (target) => {
  let testDatabase: TestDatabase
  let database: Database
  let leases: LeaseStore
  let log: UpdateLog
  let documentCount = 0

  beforeAll(async () => {
    testDatabase = await createTestDatabase(target)
    database = await testDatabase.openMigrated()
    leases = new LeaseStore(database)
    log = new UpdateLog(database)
  })

  afterAll(async () => {
    await database.close()
    await testDatabase.drop()
  })

  async function newDocument(): Promise<string> {
    const id = `lease-doc-${++documentCount}`
    await new DocumentStore(database).create({ id, title: 'MOU', style: 'mou', parties: [{ ...thaiParty, position: 0, language: null, state: '', names: {} }, { ...cambodianParty, position: 1, language: null, state: '', names: {} }], languages: { working: 'en', others: [] } })
    return id
  }

  /** Makes `documentId`'s lease lapse now (as if its holder had stopped renewing it a lease ago). */
  const lapse = (documentId: string) => database.query("UPDATE document_leases SET expires_at = now() - interval '1 second' WHERE document_id = $1", [documentId])
  /** Instance b takes `documentId` over once its lease has lapsed, as after its holder was paused past it. */
  const takeOver = async (documentId: string) => {
    await lapse(documentId)
    return (await leases.take(documentId, instanceB, 60_000))!
  }

  /** Two documents leased by instance a, the second then taken over by b. */
  const oneKeptOneLost = async () => {
    const kept = await newDocument()
    const lost = await newDocument()
    const keptLease = (await leases.take(kept, instanceA, 60_000))!
    const lostLease = (await leases.take(lost, instanceA, 60_000))!
    await takeOver(lost)
    return { kept, lost, keptLease, lostLease }
  }

  const update = (text: string) => {
    const doc = new Y.Doc()
    doc.getText('t').insert(0, text)
    return Y.encodeStateAsUpdate(doc)
  }
  const storedRows = async (documentId: string) => (await log.load(documentId)).updates.length

  it('gives a free document to the first instance that asks, and to no other while the lease lasts', async () => {
    const documentId = await newDocument()
    const taken = await leases.take(documentId, instanceA, 60_000)
    expect(taken).toMatchObject({ documentId, instanceId: 'a', url: instanceA.url })
    expect(await leases.take(documentId, instanceB, 60_000)).toBeNull()
    expect(await leases.holderOf(documentId)).toMatchObject({ instanceId: 'a', generation: taken!.generation })
  })

  it('passes a lapsed lease to another instance with a higher generation, and never gives a generation twice', async () => {
    const documentId = await newDocument()
    const first = (await leases.take(documentId, instanceA, 60_000))!
    await lapse(documentId)
    expect(await leases.holderOf(documentId)).toBeNull()
    const second = (await leases.take(documentId, instanceB, 60_000))!
    expect(second.instanceId).toBe('b')
    expect(second.generation).toBeGreaterThan(first.generation)
    // The same instance taking its own lease again gets a new generation too: an older copy of it is fenced off.
    const again = (await leases.take(documentId, instanceB, 60_000))!
    expect(again.generation).toBeGreaterThan(second.generation)
  })

  it('renews only the leases an instance still holds with the generation it knows', async () => {
    const { kept, lost, keptLease, lostLease } = await oneKeptOneLost()
    const renewed = await leases.renew('a', new Map([[kept, keptLease.generation], [lost, lostLease.generation]]), 60_000)
    expect([...renewed]).toEqual([kept])
    // Renewing a lapsed lease nobody took is still its holder's to renew.
    await lapse(kept)
    expect([...(await leases.renew('a', new Map([[kept, keptLease.generation]]), 60_000))]).toEqual([kept])
    expect(await leases.holderOf(kept)).toMatchObject({ instanceId: 'a' })
  })

  it("stores an owner's append behind its fence, and nothing once the lease was taken over — one statement or a transaction alike", async () => {
    const documentId = await newDocument()
    const lease = (await leases.take(documentId, instanceA, 60_000))!
    const fence: LeaseFence = { instanceId: 'a', generation: lease.generation }
    await log.append([{ documentId, update: update('one'), memberId: null, fence }])
    await log.append([{ documentId, update: update('two'), memberId: null, fence, clientIds: [91], insertions: [{ client: 91, clock: 0, len: 3 }] }])
    expect(await storedRows(documentId)).toBe(2)

    const successor = await takeOver(documentId)
    for (const entry of [
      { documentId, update: update('late'), memberId: null, fence },
      { documentId, update: update('later'), memberId: null, fence, clientIds: [92], deletions: [{ client: 91, clock: 0, len: 1 }] },
    ]) {
      await expect(log.append([entry])).rejects.toSatisfy(isLeaseLost)
    }
    expect(await storedRows(documentId)).toBe(2)
    const marks = await database.query<{ n: number }>('SELECT count(*)::int AS n FROM client_ids WHERE document_id = $1 AND client_id = 92', [documentId])
    expect(marks[0]!.n).toBe(0)

    // The new owner's appends are stored.
    await log.append([{ documentId, update: update('new owner'), memberId: null, fence: { instanceId: 'b', generation: successor.generation } }])
    expect(await storedRows(documentId)).toBe(3)
  })

  it('refuses a whole batch across documents when one of them was taken over, and stores none of it', async () => {
    const { kept, lost, keptLease, lostLease } = await oneKeptOneLost()
    await expect(
      log.append([
        { documentId: kept, update: update('kept'), memberId: null, fence: { instanceId: 'a', generation: keptLease.generation } },
        { documentId: lost, update: update('lost'), memberId: null, fence: { instanceId: 'a', generation: lostLease.generation } },
      ]),
    ).rejects.toSatisfy(isLeaseLost)
    expect([await storedRows(kept), await storedRows(lost)]).toEqual([0, 0])
  })

  it('compacts behind the fence only', async () => {
    const documentId = await newDocument()
    const lease = (await leases.take(documentId, instanceA, 60_000))!
    const fence = { instanceId: 'a', generation: lease.generation }
    for (const text of ['a', 'b', 'c']) await log.append([{ documentId, update: update(text), memberId: null, fence }])
    await takeOver(documentId)
    await expect(log.compact(documentId, () => foldHere(), fence)).rejects.toSatisfy(isLeaseLost)
    expect(await storedRows(documentId)).toBe(3)
  })

  it("stores a party's draft update behind the fence only", async () => {
    const documentId = await newDocument()
    const drafts = new PrivateDraftStore(database)
    const lease = (await leases.take(documentId, instanceA, 60_000))!
    const fence = { instanceId: 'a', generation: lease.generation }
    await drafts.append(documentId, thaiParty.code, update('draft'), fence)
    await takeOver(documentId)
    await expect(drafts.append(documentId, thaiParty.code, update('late draft'), fence)).rejects.toSatisfy(isLeaseLost)
    expect((await drafts.load(documentId, thaiParty.code)).updates).toHaveLength(1)
  })

  describe('owned by one instance among several', () => {
    const ownership = (holder: typeof instanceA, leaseMs = 60_000) => new DocumentOwnership({ leases, holder, leaseMs, alone: false, logger: quiet })

    it('answers "owned" to the first and where the owner is to the other, and passes the document on when the owner lets go', async () => {
      const documentId = await newDocument()
      const a = ownership(instanceA)
      const b = ownership(instanceB)
      const claimedByA = await a.claim(documentId, 'registry')
      expect(claimedByA.kind).toBe('owned')
      expect(a.owned()).toContain(documentId)
      const claimedByB = await b.claim(documentId, 'registry')
      expect(claimedByB).toMatchObject({ kind: 'elsewhere', lease: { instanceId: 'a', url: instanceA.url } })
      // Two needs of one document on A share its lease; the last to let go gives it up.
      await a.claim(documentId, 'drafts:TH')
      a.release(documentId, 'registry')
      expect(await b.claim(documentId, 'registry')).toMatchObject({ kind: 'elsewhere', lease: { instanceId: 'a' } })
      a.release(documentId, 'drafts:TH')
      await eventually(async () => expect(await leases.holderOf(documentId)).toBeNull())
      expect((await b.claim(documentId, 'registry')).kind).toBe('owned')
      await Promise.all([a.close(), b.close()])
    })

    it('tells the owner it lost a document when its renewal finds the lease taken over', async () => {
      const documentId = await newDocument()
      const a = ownership(instanceA, 600)
      const lostDocuments: string[] = []
      a.onLost((lost) => lostDocuments.push(lost))
      await a.claim(documentId, 'registry')
      // Taken over as if A had been paused longer than its lease.
      await takeOver(documentId)
      a.start()
      await eventually(() => expect(lostDocuments).toEqual([documentId]))
      expect(a.owned()).toEqual([])
      expect(await leases.holderOf(documentId)).toMatchObject({ instanceId: 'b' })
      await a.close()
    })

    it('gives up every lease at once when it closes, so another instance need not wait for them to lapse', async () => {
      const documentId = await newDocument()
      const a = ownership(instanceA)
      await a.claim(documentId, 'registry')
      await a.close()
      expect(await leases.holderOf(documentId)).toBeNull()
      const b = ownership(instanceB)
      expect((await b.claim(documentId, 'registry')).kind).toBe('owned')
      await b.close()
    })
  })
})
