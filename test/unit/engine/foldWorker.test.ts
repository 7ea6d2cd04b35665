import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { FoldWorker } from '../../../server/engine/foldWorker.js'
import { foldUpdates } from '../../../server/engine/stateFold.js'

const folder = new FoldWorker()
afterAll(() => folder.close())

/** The updates of a text typed and trimmed by two writers, each update as it was made. */
function history(edits: number): Uint8Array[] {
  const updates: Uint8Array[] = []
  const [a, b] = [new Y.Doc(), new Y.Doc()]
  for (const doc of [a, b]) doc.on('update', (update: Uint8Array) => updates.push(update))
  for (let edit = 0; edit < edits; edit++) {
    const writer = edit % 2 === 0 ? a : b
    const text = writer.getXmlFragment('prosemirror')
    if (edit % 7 === 6 && text.length > 0) text.delete(0, 1)
    else text.insert(text.length, [new Y.XmlText(`word ${edit} `)])
    Y.applyUpdate(writer === a ? b : a, Y.encodeStateAsUpdate(writer))
  }
  return updates
}

describe('folding in the worker thread', () => {
  it('gives the state the same fold gives in this thread, deleted content kept, and folds several at once in order', async () => {
    const updates = history(300)
    const [whole, firstHalf, secondHalf] = await Promise.all([folder.fold(updates), folder.fold(updates.slice(0, 150)), folder.fold(updates.slice(150))])
    expect(whole).toEqual(foldUpdates(updates))
    expect(firstHalf).toEqual(foldUpdates(updates.slice(0, 150)))
    // A snapshot folded again with what came after it: as if folded at once.
    const again = new Y.Doc()
    Y.applyUpdate(again, await folder.fold([firstHalf, secondHalf]))
    const reference = new Y.Doc()
    Y.applyUpdate(reference, foldUpdates(updates))
    expect(again.getXmlFragment('prosemirror').toString()).toBe(reference.getXmlFragment('prosemirror').toString())
  })

  it('refuses what Yjs cannot read with its message, and folds the next one', async () => {
    await expect(folder.fold([new Uint8Array([255, 1, 2, 3])])).rejects.toThrow(/^the fold failed: /)
    const updates = history(20)
    expect(await folder.fold(updates)).toEqual(foldUpdates(updates))
  })

  it('folds parts added page by page, interleaved with another fold, as one fold of them all', async () => {
    const updates = history(200)
    const [a, b] = [folder.begin(), folder.begin()]
    for (let start = 0; start < updates.length; start += 30) {
      a.add(updates.slice(start, start + 30))
      b.add(updates.slice(start, start + 10))
    }
    const cancelled = folder.begin()
    cancelled.add(updates)
    cancelled.cancel()
    expect(await a.result()).toEqual(foldUpdates(updates))
    expect(await b.result()).toEqual(foldUpdates(Array.from({ length: Math.ceil(updates.length / 30) }, (_, page) => updates.slice(page * 30, page * 30 + 10)).flat()))
    await expect(cancelled.result()).rejects.toThrow('the fold has ended')
  })

  it('fails a fold whose thread stopped before its result, rather than give what a new thread holds', async () => {
    const updates = history(40)
    const fold = folder.begin()
    fold.add(updates.slice(0, 20))
    await folder.close()
    expect(() => fold.add(updates.slice(20))).toThrow('the fold worker stopped during the fold')
    await expect(fold.result()).rejects.toThrow('the fold worker stopped during the fold')
    expect(await folder.fold(updates)).toEqual(foldUpdates(updates))
  })

  it('starts a thread again after it was closed', async () => {
    const updates = history(10)
    await folder.close()
    expect(await folder.fold(updates)).toEqual(foldUpdates(updates))
  })
})
