import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { coalesce } from '../../../server/engine/groupCommit.js'
import { effectOf } from '../../../server/engine/updateEffect.js'

/** A replica on client `client` holding what `base` holds. */
function replicaOf(base: Y.Doc, client: number): Y.Doc {
  const doc = new Y.Doc({ gc: false })
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base))
  doc.clientID = client
  return doc
}

describe('the effect of an update', () => {
  it('names the items it adds that the document does not hold yet, and the items it newly deletes', () => {
    const server = new Y.Doc({ gc: false })
    const typist = replicaOf(server, 7)
    typist.getText('t').insert(0, 'Hello')
    const first = Y.encodeStateAsUpdate(typist)
    expect(effectOf(server, Y.decodeUpdate(first))).toMatchObject({ insertions: [{ client: 7, clock: 0, len: 5 }], deletions: [] })
    Y.applyUpdate(server, first)
    typist.transact(() => {
      typist.getText('t').insert(5, ' world')
      typist.getText('t').delete(0, 1)
    })
    // Sent whole again (as a sync step 2 does): only what the document lacks is new.
    const effect = effectOf(server, Y.decodeUpdate(Y.encodeStateAsUpdate(typist)))
    expect([effect.insertions, effect.deletions, [...effect.newClients]]).toEqual([[{ client: 7, clock: 5, len: 6 }], [{ client: 7, clock: 0, len: 1 }], [7]])
  })

  it('is stored with runs of one member merged, their insertions joined where one typist typed on', () => {
    const entry = (clock: number, len: number) => ({ documentId: 'd', memberId: 'm', update: Y.encodeStateAsUpdate(new Y.Doc()), insertions: [{ client: 7, clock, len }] })
    const [row] = coalesce([entry(0, 3), entry(3, 2), entry(9, 1)])
    expect(row!.insertions).toEqual([
      { client: 7, clock: 0, len: 5 },
      { client: 7, clock: 9, len: 1 },
    ])
  })
})
