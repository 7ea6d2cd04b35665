import { afterEach, describe, expect, it } from 'vitest'
import { planProblemInWords, readRoundPlan, type PlanFields } from '../../../client/src/roundPlan.js'
import { setInterfaceLanguage } from '../../../client/src/i18n/translator.js'

afterEach(() => setInterfaceLanguage('en'))

/** The eleventh meeting in Phnom Penh, with `rest` changed. */
const fields = (rest: Partial<PlanFields> = {}): PlanFields => ({
  title: '11th Meeting',
  place: 'Phnom Penh',
  startDate: '2027-03-01',
  endDate: '2027-03-03',
  clauses: [],
  topics: '',
  ...rest,
})

/** The problems of `rest`'s plan, in words. */
const problemsOf = (rest: Partial<PlanFields>) => readRoundPlan(fields(rest)).problems.map(planProblemInWords)

describe('a round as the secretariat plans it', () => {
  it('is the request the server takes: tidied texts, the clauses picked in order under their topics, then the free topics one a line', () => {
    const read = readRoundPlan(
      fields({
        title: '  11th   Meeting ',
        clauses: [
          { clauseId: 'c4', label: 'Paragraph 4', topic: ' Time limits for requests ' },
          { clauseId: 'c7', label: 'Paragraph 7', topic: 'Costs' },
        ],
        topics: '\nDate of the next meeting\r\n  \n Any other business ',
      }),
    )
    expect(read).toEqual({
      plan: {
        title: '11th Meeting',
        place: 'Phnom Penh',
        startDate: '2027-03-01',
        endDate: '2027-03-03',
        agenda: [
          { clauseId: 'c4', topic: 'Time limits for requests' },
          { clauseId: 'c7', topic: 'Costs' },
          { clauseId: null, topic: 'Date of the next meeting' },
          { clauseId: null, topic: 'Any other business' },
        ],
      },
      problems: [],
    })
  })

  it('may last one day and have no agenda', () => {
    expect(readRoundPlan(fields({ endDate: '2027-03-01' })).plan).toMatchObject({ startDate: '2027-03-01', endDate: '2027-03-01', agenda: [] })
  })

  it('says every field missing, a date that is no day, and dates that run backwards', () => {
    expect(problemsOf({ title: ' ', place: '', startDate: '', endDate: '2027-02-30' })).toEqual([
      'Give the meeting a title.',
      'Give the place of the meeting.',
      'Give the first day of the meeting.',
      'Give the last day of the meeting.',
    ])
    expect(problemsOf({ endDate: '2027-02-28' })).toEqual(['The last day of the meeting comes before its first day.'])
  })

  it('says a clause picked without a topic, and texts longer than the server keeps', () => {
    expect(problemsOf({ clauses: [{ clauseId: 'c4', label: 'Paragraph 4', topic: '  ' }] })).toEqual(['Give the topic under which Paragraph 4 is discussed.'])
    expect(problemsOf({ title: 'x'.repeat(301), topics: 'y'.repeat(501) })).toEqual(['The title of the meeting is longer than 300 characters.', `The topic “${'y'.repeat(40)}…” is longer than 500 characters.`])
    expect(problemsOf({ topics: Array.from({ length: 201 }, (_, index) => `Topic ${index}`).join('\n') })).toEqual(['The agenda has 201 items: it may have at most 200.'])
  })

  it('says its problems in Thai and Khmer', () => {
    setInterfaceLanguage('th')
    expect(problemsOf({ place: '', endDate: '2027-02-28' })).toEqual(['โปรดระบุสถานที่ประชุม', 'วันสุดท้ายของการประชุมอยู่ก่อนวันแรก'])
    setInterfaceLanguage('km')
    expect(problemsOf({ clauses: [{ clauseId: 'c4', label: 'កថាខណ្ឌ 4', topic: '' }] })).toEqual(['សូមផ្តល់ប្រធានបទដែល កថាខណ្ឌ 4 ត្រូវពិភាក្សា។'])
  })
})
