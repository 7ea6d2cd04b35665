import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { coalesce } from '../../../server/engine/groupCommit.js'
import type { UpdateEntry } from '../../../server/storage/updateLog.js'

/** `count` one-word updates typed by one Yjs client, in order, with the text they make. */
function typed(client: number, count: number): { updates: Uint8Array[]; text: string } {
  const doc = new Y.Doc()
  doc.clientID = client
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  for (let i = 0; i < count; i++) doc.getText('t').insert(doc.getText('t').length, `${client}.${i} `)
  return { updates, text: doc.getText('t').toString() }
}

const textOf = (rows: readonly UpdateEntry[]) => {
  const doc = new Y.Doc()
  for (const row of rows) Y.applyUpdate(doc, row.update)
  return doc.getText('t').toString()
}

describe('coalescing a batch into rows', () => {
  it("merges each member's consecutive updates to one document, 64 at most per row, keeping order and every authorship fact", () => {
    const thai = typed(1, 150)
    const khmer = typed(2, 3)
    const entries: UpdateEntry[] = [
      ...thai.updates.slice(0, 100).map((update, i) => ({ documentId: 'a', update, memberId: 'th', clientIds: i === 0 ? [1] : [] })),
      ...khmer.updates.map((update, i) => ({ documentId: 'a', update, memberId: 'kh', clientIds: i === 0 ? [2] : [], deletions: [{ client: 1, clock: i, len: 1 }] })),
      ...thai.updates.slice(100).map((update) => ({ documentId: 'a', update, memberId: 'th' })),
      { documentId: 'b', update: typed(3, 1).updates[0]!, memberId: 'th' },
    ]
    const rows = coalesce(entries)
    expect(rows.map((row) => [row.documentId, row.memberId])).toEqual([
      ['a', 'th'], ['a', 'th'],
      ['a', 'kh'],
      ['a', 'th'],
      ['b', 'th'],
    ])
    expect(textOf(rows.filter((row) => row.documentId === 'a'))).toBe(textOf(entries.filter((entry) => entry.documentId === 'a')))
    expect(rows.flatMap((row) => row.clientIds ?? [])).toEqual([1, 2])
    expect(rows.flatMap((row) => row.deletions ?? [])).toEqual([0, 1, 2].map((clock) => ({ client: 1, clock, len: 1 })))
    // A lone update is stored as it came.
    expect(rows[4]!.update).toBe(entries[153]!.update)
  })

  it("keeps the owner's lease fence on every row a run becomes, so a stale owner's merged updates are refused like single ones", () => {
    const fence = { instanceId: 'i1', generation: 7 }
    const thai = typed(1, 100)
    const rows = coalesce(thai.updates.map((update) => ({ documentId: 'a', update, memberId: 'th', fence })))
    expect(rows.length).toBeGreaterThan(1)
    expect(rows.map((row) => row.fence)).toEqual(rows.map(() => fence))
  })
})
