import { describe, expect, it } from 'vitest'
import { Compactor, type CompactedDocument } from '../../../server/engine/compactor.js'
import { createLogger } from '../../../server/logger.js'
import { foldHere } from '../../../server/engine/stateFold.js'

/** A compactor over a log that records what it was asked to fold and folds it all. */
function compactorOver(threshold: number) {
  const folded: string[] = []
  const log = {
    compact: async (documentId: string) => {
      folded.push(documentId)
      return pending.get(documentId) ?? 0
    },
  }
  const pending = new Map<string, number>()
  const compactor = new Compactor(log, threshold, createLogger('silent'), foldHere)
  return { compactor, folded, pending }
}

const documentOf = (tailLength: number, foldedUpdates: number): CompactedDocument => ({ id: 'd', tailLength, foldedUpdates })

describe('the compactor', () => {
  it('folds a young document every `threshold` updates', () => {
    const { compactor } = compactorOver(500)
    expect(compactor.due(documentOf(499, 0))).toBe(false)
    expect(compactor.due(documentOf(500, 0))).toBe(true)
    expect(compactor.due(documentOf(500, 8_000))).toBe(true)
  })

  it('waits, for a long history, until the tail is a sixteenth of what the snapshot holds', () => {
    const { compactor } = compactorOver(500)
    expect(compactor.due(documentOf(500, 160_000))).toBe(false)
    expect(compactor.due(documentOf(9_999, 160_000))).toBe(false)
    expect(compactor.due(documentOf(10_000, 160_000))).toBe(true)
  })

  it('folds a history typed one update at a time with total work linear in its length', async () => {
    const { compactor, pending } = compactorOver(500)
    const document = documentOf(0, 0)
    let work = 0
    let folds = 0
    const edits = 1_000_000
    for (let edit = 1; edit <= edits; edit++) {
      document.tailLength++
      if (!compactor.due(document)) continue
      // A fold costs what the snapshot and the tail hold.
      work += document.foldedUpdates + document.tailLength
      folds++
      pending.set('d', document.tailLength)
      compactor.consider(document)
      await compactor.idle()
    }
    expect(document.foldedUpdates + document.tailLength).toBe(edits)
    expect(work).toBeLessThanOrEqual(17 * edits)
    // Every 500 updates, it would have been 2,000 folds and ~1,000 times the history.
    expect(folds).toBeLessThan(200)
  })
})
