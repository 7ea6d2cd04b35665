import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { InFlight } from '../../../server/collab/inFlight.js'

/** The structs of `count` separate one-character inserts by one client, each as its own update. */
function typedUpdates(client: number, count: number): ReturnType<typeof Y.decodeUpdate>['structs'][] {
  const doc = new Y.Doc()
  doc.clientID = client
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  for (let i = 0; i < count; i++) doc.getText('t').insert(0, 'x')
  return updates.map((update) => Y.decodeUpdate(update).structs)
}

describe('the in-flight register', () => {
  it('knows how far each client reaches and which struct holds an id, until the update lands', () => {
    const inFlight = new InFlight()
    const [first, second, third] = typedUpdates(7, 3)
    const landFirst = inFlight.add(first!)
    const landSecond = inFlight.add(second!)
    expect(inFlight.reach(7)).toBe(2)
    expect(inFlight.reach(8)).toBe(0)
    expect(inFlight.structAt(new Y.ID(7, 1))).toBe(second![0])
    expect(inFlight.structAt(new Y.ID(7, 2))).toBeNull()
    landFirst()
    expect(inFlight.structAt(new Y.ID(7, 0))).toBeNull()
    expect(inFlight.reach(7)).toBe(2)
    const landThird = inFlight.add(third!)
    landThird()
    // The second is still in flight: the client reaches as far as it.
    expect(inFlight.reach(7)).toBe(2)
    landSecond()
    landSecond()
    expect(inFlight.reach(7)).toBe(0)
  })

  it('finds an id inside an overlapping resend that starts earlier', () => {
    const doc = new Y.Doc()
    doc.clientID = 9
    doc.getText('t').insert(0, 'abcdef')
    const whole = Y.decodeUpdate(Y.encodeStateAsUpdate(doc)).structs
    const [late] = typedUpdates(9, 1)
    const inFlight = new InFlight()
    inFlight.add(whole)
    inFlight.add(late!)
    expect(inFlight.structAt(new Y.ID(9, 4))).toBe(whole[0])
    expect(inFlight.reach(9)).toBe(6)
  })

  it('answers from a backlog of thousands without scanning it: ten thousand updates in flight', () => {
    const inFlight = new InFlight()
    const updates = typedUpdates(3, 10_000)
    const landings = updates.map((structs) => inFlight.add(structs))
    expect(inFlight.reach(3)).toBe(10_000)
    expect(inFlight.structAt(new Y.ID(3, 5_000))!.id.clock).toBe(5_000)
    for (const land of landings.slice(0, 9_999)) land()
    expect(inFlight.reach(3)).toBe(10_000)
    landings.at(-1)!()
    expect(inFlight.reach(3)).toBe(0)
  })
})
