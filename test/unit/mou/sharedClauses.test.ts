import { Node } from 'prosemirror-model'
import { describe, expect, it } from 'vitest'
import { SharedClauses } from '../../../server/mou/sharedClauses.js'
import { mouSchema } from '../../../server/vocabulary/schema.js'
import { clause, doc, finals, formula, heading, np, p, preamble, recital, ref, strong, title } from '../../support/docBuilders.js'

const text = (objectives: string) =>
  doc(
    title('Memorandum'),
    preamble(recital('Recognising the need;'), formula('Have agreed as follows:')),
    clause('c1', heading('Objectives'), p(objectives)),
    clause('c2', heading('Requests under ', ref('c1')), np(p('In ', strong('writing'), '.'))),
    finals(p('Done at Bangkok.')),
  )
/** The same text read again: equal nodes, none the same object. */
const readAgain = (content: Node) => Node.fromJSON(mouSchema, content.toJSON())

describe('a text read again', () => {
  it('is the nodes read before where they are equal, the new ones where they changed, and equal to what was read', () => {
    const shared = new SharedClauses()
    const first = shared.share('d#prosemirror', text('The Parties cooperate.'))
    const again = readAgain(text('The Parties cooperate closely.'))
    const second = shared.share('d#prosemirror', again)
    expect(second.eq(again)).toBe(true)
    const same = [0, 1, 2, 3, 4].map((index) => second.child(index) === first.child(index))
    expect(same).toEqual([true, true, false, true, true])
    expect(second.child(2)).toBe(again.child(2))
  })

  it('gives the text itself when nothing is shared, and keeps each text apart', () => {
    const shared = new SharedClauses()
    shared.share('d#prosemirror', text('One.'))
    const other = readAgain(text('One.'))
    expect(shared.share('d#translation:th', other)).toBe(other)
    expect(shared.share('e#prosemirror', readAgain(other))).not.toBe(other)
  })

  it('forgets the text read least recently beyond its bound', () => {
    const shared = new SharedClauses(2)
    const kept = shared.share('a', text('One.'))
    shared.share('b', text('Two.'))
    shared.share('c', text('Three.'))
    expect(shared.share('a', readAgain(kept)).child(2)).not.toBe(kept.child(2))
    const held = shared.share('c', readAgain(text('Three.')))
    expect(shared.share('c', readAgain(held)).child(2)).toBe(held.child(2))
  })
})
