import { describe, expect, it } from 'vitest'
import { ItemMarks, type ItemMark } from '../../../server/revisions/itemMarks.js'
import { loggedAuthorship, minuteOf } from '../../../server/revisions/loggedAuthorship.js'
import { createRandom, randomInt } from '../../support/randomEdits.js'

const mark = (client: number, clock: number, len: number, at: number, value = `${client}@${at}`): ItemMark<string> => ({ client, clock, len, at, value })

/** The mark of each item, as a scan over every mark finds it: the earliest that covers it. */
const scanned = (marks: readonly ItemMark<string>[], client: number, clock: number) =>
  marks.filter((entry) => entry.client === client && clock >= entry.clock && clock < entry.clock + entry.len).sort((a, b) => a.at - b.at)[0]?.value

describe('the marks of Yjs items', () => {
  it('find the mark of an item by client and clock, and none outside every range', () => {
    const marks = new ItemMarks([mark(7, 0, 5, 1), mark(7, 5, 3, 2), mark(9, 10, 2, 3)])
    expect([0, 4, 5, 7, 8].map((clock) => marks.find(7, clock)?.value)).toEqual(['7@1', '7@1', '7@2', '7@2', undefined])
    expect([marks.find(9, 9), marks.find(9, 11)?.value, marks.find(8, 0)]).toEqual([undefined, '9@3', undefined])
  })

  it('hold the earliest mark where marks overlap, whatever order they come in', () => {
    const random = createRandom(21)
    for (let trial = 0; trial < 200; trial++) {
      const marks = Array.from({ length: randomInt(random, 1, 12) }, (_, index) => mark(randomInt(random, 1, 2), randomInt(random, 0, 40), randomInt(random, 1, 10), randomInt(random, 0, 1000) * 100 + index))
      const indexed = new ItemMarks(marks)
      for (const client of [1, 2]) {
        for (let clock = 0; clock < 52; clock++) expect({ trial, client, clock, value: indexed.find(client, clock)?.value }).toEqual({ trial, client, clock, value: scanned(marks, client, clock) })
      }
    }
  })
})

describe('the authorship the log records', () => {
  const at = (minute: number, second = 0) => new Date(Date.UTC(2026, 0, 5, 8, minute, second, 250))
  const log = {
    introductions: new Map([
      [1, { memberId: 'm-th', at: at(0) }],
      [2, { memberId: null, at: at(1) }],
    ]),
    insertions: [
      { client: 1, clock: 0, len: 10, at: at(2, 59) },
      { client: 1, clock: 10, len: 5, at: at(40) },
    ],
    deletions: [{ client: 1, clock: 3, len: 2, memberId: 'm-kh', at: at(50, 1) }],
  }
  const authorship = loggedAuthorship(log, (memberId) => ({ memberId, name: memberId ?? 'server', party: null }))

  it('dates each item by the stored update that inserted or deleted it, to the minute; older items by when their client came', () => {
    expect([authorship.insertedAt!(1, 4), authorship.insertedAt!(1, 12), authorship.insertedAt!(2, 0), authorship.insertedAt!(3, 0)]).toEqual([
      '2026-01-05T08:02:00Z',
      '2026-01-05T08:40:00Z',
      '2026-01-05T08:01:00Z',
      null,
    ])
    expect([authorship.deletedAt!(1, 4), authorship.deletedAt!(1, 5)]).toEqual(['2026-01-05T08:50:00Z', null])
  })

  it('credits items to the member who introduced their client, deletions to the member who deleted them', () => {
    expect([authorship.insertedBy(1)?.name, authorship.insertedBy(2)?.name, authorship.insertedBy(3)]).toEqual(['m-th', 'server', null])
    expect([authorship.deletedBy(1, 3)?.name, authorship.deletedBy(1, 5)]).toEqual(['m-kh', null])
    expect(minuteOf(at(7, 42))).toBe('2026-01-05T08:07:00Z')
  })
})
