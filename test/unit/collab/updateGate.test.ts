import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { UpdateGate } from '../../../server/collab/updateGate.js'
import type { MemberRecord } from '../../../server/storage/memberStore.js'

const member = (role: MemberRecord['role']): MemberRecord => ({
  id: `m-${role}`,
  documentId: 'd',
  name: role,
  party: role === 'delegate' ? 'TH' : null,
  role,
  createdAt: new Date(0),
  revokedAt: null,
})
const gate = new UpdateGate({ maxUpdateBytes: 1024 })
const owners = new Map<number, string | null>()

/** A server replica and a client that has synced with it. */
function replicas() {
  const server = new Y.Doc({ gc: false })
  const client = new Y.Doc()
  client.getText('t').insert(0, 'the Parties shall')
  Y.applyUpdate(server, Y.encodeStateAsUpdate(client))
  return { server, client }
}

describe('the update gate', () => {
  it("accepts a delegate's new text and deletions, and knows an update it already holds", () => {
    const { server, client } = replicas()
    const before = Y.encodeStateVector(client)
    client.getText('t').insert(0, 'Both ')
    const insertion = Y.encodeStateAsUpdate(client, before)
    expect(gate.admit(server, owners, insertion, member('delegate'))).toMatchObject({ kind: 'accept' })
    Y.applyUpdate(server, insertion)
    expect(gate.admit(server, owners, insertion, member('delegate'))).toEqual({ kind: 'known' })

    const afterInsert = Y.encodeStateVector(client)
    client.getText('t').delete(0, 5)
    const deletion = Y.encodeStateAsUpdate(client, afterInsert)
    expect(gate.admit(server, owners, deletion, member('delegate'))).toMatchObject({ kind: 'accept' })
    Y.applyUpdate(server, deletion)
    expect(gate.admit(server, owners, deletion, member('delegate'))).toEqual({ kind: 'known' })
    // What a client answers to sync step 1 when it has nothing new: its whole delete set, no structs.
    expect(gate.admit(server, owners, Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)), member('observer'))).toEqual({ kind: 'known' })
  })

  it('denies an observer anything new, and rejects what does not decode or is too large', () => {
    const { server, client } = replicas()
    const before = Y.encodeStateVector(client)
    client.getText('t').insert(0, 'x')
    expect(gate.admit(server, owners, Y.encodeStateAsUpdate(client, before), member('observer'))).toEqual({
      kind: 'deny',
      reason: 'members with the observer role may not change the document',
    })
    const garbage = gate.admit(server, owners, new Uint8Array([1, 2, 3, 4]), member('delegate'))
    expect(garbage.kind === 'reject' && garbage.error.code).toBe('invalid')
    const huge = gate.admit(server, owners, new Uint8Array(2000), member('delegate'))
    expect(huge.kind === 'reject' && huge.error.message).toBe('update of 2000 bytes exceeds the limit of 1024')
  })
})

describe('authorship at the gate', () => {
  it('reports the client ids an update introduces and exactly the items it newly deletes', () => {
    const { server, client } = replicas()
    const before = Y.encodeStateVector(client)
    client.getText('t').insert(0, 'Both ')
    client.getText('t').delete(9, 7) // "Parties" of the synced text
    const verdict = gate.admit(server, owners, Y.encodeStateAsUpdate(client, before), member('delegate'))
    expect(verdict.kind).toBe('accept')
    if (verdict.kind !== 'accept') return
    expect([...verdict.effect.newClients]).toEqual([client.clientID])
    expect(verdict.effect.deletions).toEqual([{ client: client.clientID, clock: 4, len: 7 }])
  })

  it("rejects an update that writes under another member's client id", () => {
    const { server, client } = replicas()
    const before = Y.encodeStateVector(client)
    client.getText('t').insert(0, 'x')
    const taken = new Map<number, string | null>([[client.clientID, 'someone-else']])
    const verdict = gate.admit(server, taken, Y.encodeStateAsUpdate(client, before), member('delegate'))
    expect(verdict.kind === 'reject' && [verdict.error.code, verdict.error.message]).toEqual([
      'forbidden',
      `the update writes as Yjs client ${client.clientID}, which belongs to another member`,
    ])
    expect(gate.admit(server, new Map([[client.clientID, 'm-delegate']]), Y.encodeStateAsUpdate(client, before), member('delegate')).kind).toBe('accept')
  })
})
