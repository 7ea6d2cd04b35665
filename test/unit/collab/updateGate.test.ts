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
    expect(gate.admit(server, insertion, member('delegate'))).toEqual({ kind: 'accept' })
    Y.applyUpdate(server, insertion)
    expect(gate.admit(server, insertion, member('delegate'))).toEqual({ kind: 'known' })

    const afterInsert = Y.encodeStateVector(client)
    client.getText('t').delete(0, 5)
    const deletion = Y.encodeStateAsUpdate(client, afterInsert)
    expect(gate.admit(server, deletion, member('delegate'))).toEqual({ kind: 'accept' })
    Y.applyUpdate(server, deletion)
    expect(gate.admit(server, deletion, member('delegate'))).toEqual({ kind: 'known' })
    // What a client answers to sync step 1 when it has nothing new: its whole delete set, no structs.
    expect(gate.admit(server, Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)), member('observer'))).toEqual({ kind: 'known' })
  })

  it('denies an observer anything new, and rejects what does not decode or is too large', () => {
    const { server, client } = replicas()
    const before = Y.encodeStateVector(client)
    client.getText('t').insert(0, 'x')
    expect(gate.admit(server, Y.encodeStateAsUpdate(client, before), member('observer'))).toEqual({
      kind: 'deny',
      reason: 'members with the observer role may not change the document',
    })
    const garbage = gate.admit(server, new Uint8Array([1, 2, 3, 4]), member('delegate'))
    expect(garbage.kind === 'reject' && garbage.error.code).toBe('invalid')
    const huge = gate.admit(server, new Uint8Array(2000), member('delegate'))
    expect(huge.kind === 'reject' && huge.error.message).toBe('update of 2000 bytes exceeds the limit of 1024')
  })
})
