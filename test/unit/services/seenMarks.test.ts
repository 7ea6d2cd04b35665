import { describe, expect, it } from 'vitest'
import { SeenMarks } from '../../../server/services/seenMarks.js'

/** A write that finishes when the test says so, recording which member it was for. */
function controlledWrites() {
  const started: { memberId: string; finish: (error?: Error) => void }[] = []
  const write = (memberId: string) =>
    new Promise<void>((resolve, reject) => started.push({ memberId, finish: (error) => (error ? reject(error) : resolve()) }))
  return { started, write }
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('seen marks', () => {
  it('write each member at once when nothing of theirs is under way', async () => {
    const { started, write } = controlledWrites()
    const marks = new SeenMarks(write)
    const done = [marks.mark('a'), marks.mark('b')]
    expect(started.map(({ memberId }) => memberId)).toEqual(['a', 'b'])
    for (const { finish } of started) finish()
    await Promise.all(done)
    expect(marks.pending).toBe(0)
  })

  it('fold the marks made during a write into one more write after it, which every one of them waits for', async () => {
    const { started, write } = controlledWrites()
    const marks = new SeenMarks(write)
    const first = marks.mark('a')
    const during = Array.from({ length: 50 }, () => marks.mark('a'))
    expect(started).toHaveLength(1)
    let laterDone = false
    void Promise.all(during).then(() => (laterDone = true))
    started[0]!.finish()
    await first
    await settled()
    expect(started).toHaveLength(2)
    expect(laterDone).toBe(false)
    started[1]!.finish()
    await Promise.all(during)
    expect(marks.pending).toBe(0)
    // A mark after all that writes again.
    void marks.mark('a')
    expect(started).toHaveLength(3)
  })

  it('still write the folded marks when the write before them failed, and report each failure to its own callers', async () => {
    const { started, write } = controlledWrites()
    const marks = new SeenMarks(write)
    const first = marks.mark('a')
    const second = marks.mark('a')
    started[0]!.finish(new Error('connection lost'))
    await expect(first).rejects.toThrow('connection lost')
    await settled()
    expect(started).toHaveLength(2)
    started[1]!.finish()
    await expect(second).resolves.toBeUndefined()
    expect(marks.pending).toBe(0)
  })
})
