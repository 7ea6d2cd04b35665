import { afterEach, describe, expect, it } from 'vitest'
import {
  attendanceByDelegation,
  clauseChangeInWords,
  decisionInWords,
  roundDates,
  roundInSight,
  roundLine,
  roundStateInWords,
  textChangeInWords,
} from '../../../client/src/roundSummary.js'
import { formatDateTime } from '../../../client/src/i18n/dateFormat.js'
import { setInterfaceLanguage } from '../../../client/src/i18n/translator.js'
import { revisionLabel } from '../../../client/src/i18n/vocabularyWords.js'
import { roundRevisionLabel } from '../../../server/vocabulary/round.js'
import type { Attendee, RoundClauseChange, RoundDecision, RoundView } from '../../../server/vocabulary/round.js'

afterEach(() => setInterfaceLanguage('en'))

const parties = [
  { code: 'TH', shortName: 'DSI' },
  { code: 'KH', shortName: 'CNP' },
]

/** A round numbered `number` in `state`, the rest as the eleventh meeting in Phnom Penh. */
const round = (number: number, state: RoundView['state'], rest: Partial<RoundView> = {}): RoundView => ({
  number,
  title: '11th Meeting',
  place: 'Phnom Penh',
  startDate: '2027-03-01',
  endDate: '2027-03-03',
  state,
  attendance: [],
  agenda: [],
  openedAt: state === 'planned' ? null : '2027-03-01T02:00:00.000Z',
  openedRevision: state === 'planned' ? null : 12,
  closedAt: state === 'closed' ? '2027-03-03T10:30:00.000Z' : null,
  closedRevision: state === 'closed' ? 15 : null,
  ...rest,
})

/** A decision `event` by `party`, with `details`. */
const decision = (event: string, party: string | null, details: Record<string, unknown> = {}): RoundDecision => ({ event, at: '2027-03-02T03:00:00.000Z', party, details })

/** What a round did to Paragraph 6: `change` by `changedBy`, with `decisions`. */
const change = (decisions: RoundDecision[], rest: Partial<RoundClauseChange> = {}): RoundClauseChange => ({
  clauseId: 'c6',
  label: 'Paragraph 6',
  heading: 'Time limits',
  change: 'unchanged',
  changedBy: [],
  decisions,
  ...rest,
})

/** A bracket "[30] / [60]" resolved to 60: asked by KH, accepted by TH (whose member's entry it is). */
const resolvedBy60 = decision('bracket-resolved', 'TH', {
  bracketId: 'b1',
  owner: 'TH',
  owners: ['TH', 'KH'],
  proposal: '[30] / [60]',
  kept: '60',
  askedBy: { party: 'KH', memberId: 'm2', name: 'Lok Sokha' },
  acceptedBy: [{ party: 'TH', memberId: 'm1', name: 'Pol. Maj. Somchai' }],
})

describe('the round in the header', () => {
  it('names the round open, else the next planned, else none', () => {
    const rounds = [round(1, 'closed'), round(2, 'open', { title: '12th Meeting' }), round(4, 'planned'), round(3, 'planned')]
    expect(roundInSight(rounds)).toEqual({ round: rounds[1], open: true })
    expect(roundInSight([rounds[0]!, rounds[2]!, rounds[3]!])).toEqual({ round: rounds[3], open: false })
    expect(roundInSight([rounds[0]!])).toBeNull()
    expect(roundInSight([])).toBeNull()
  })

  it('reads "Round 3 · 11th Meeting · Phnom Penh, 1–3 Mar 2027", and "Next: round …" for one planned', () => {
    expect(roundLine(round(3, 'open'), true)).toBe('Round 3 · 11th Meeting · Phnom Penh, 1–3 Mar 2027')
    expect(roundLine(round(4, 'planned', { title: '12th Meeting', place: 'Bangkok', startDate: '2027-05-31', endDate: '2027-06-02' }), false)).toBe(
      'Next: round 4 · 12th Meeting · Bangkok, 31 May – 2 Jun 2027',
    )
  })

  it('says the round in Thai (Buddhist era) and in Khmer, the meeting’s own names as they are', () => {
    setInterfaceLanguage('th')
    expect(roundLine(round(3, 'open'), true)).toBe('รอบที่ 3 · 11th Meeting · Phnom Penh 1–3 มี.ค. 2570')
    setInterfaceLanguage('km')
    expect(roundLine(round(3, 'open'), true)).toBe('ជុំទី 3 · 11th Meeting · Phnom Penh 1–3 មីនា 2027')
  })
})

describe('a round in the Rounds tab', () => {
  it('gives its dates once, and its state with when it opened and closed', () => {
    expect(roundDates({ startDate: '2026-12-30', endDate: '2027-01-02' })).toBe('30 Dec 2026 – 2 Jan 2027')
    expect(roundDates({ startDate: '2027-03-01', endDate: '2027-03-01' })).toBe('1 Mar 2027')
    expect(roundStateInWords(round(1, 'planned'))).toBe('Planned: not opened yet')
    const closed = round(1, 'closed')
    expect(roundStateInWords(round(1, 'open'))).toBe(`Open since ${formatDateTime(closed.openedAt!)}`)
    expect(roundStateInWords(closed)).toBe(`Closed on ${formatDateTime(closed.closedAt!)} (opened ${formatDateTime(closed.openedAt!)})`)
  })

  it('lists the attendance by delegation in the parties’ order, each delegation even when empty', () => {
    const person = (party: string, name: string): Attendee => ({ party, name, title: '', organisation: '', role: '' })
    const attendance = [person('KH', 'Gen. Dara'), person('KH', 'Lok Sokha'), person('VN', 'A guest')]
    expect(attendanceByDelegation(attendance, parties).map(({ party, name, attendees }) => [party, name, attendees.map((attendee) => attendee.name)])).toEqual([
      ['TH', 'DSI', []],
      ['KH', 'CNP', ['Gen. Dara', 'Lok Sokha']],
      ['VN', 'VN', ['A guest']],
    ])
  })
})

describe('what a round did to a clause, in words', () => {
  it('says the issue’s example: an agreement ad referendum, and a bracket resolved by one party with the other’s acceptance', () => {
    const paragraph6 = change([decision('clause-agreed-ad-referendum', 'KH', { from: 'under-negotiation', to: 'agreed-ad-referendum' }), resolvedBy60])
    expect(clauseChangeInWords(paragraph6, parties)).toBe('Paragraph 6: agreed ad referendum by CNP; [30] / [60] resolved to “60” by CNP, accepted by DSI')
  })

  it('puts the text’s change first, with whose edits made it, then each decision in the order taken', () => {
    const edited = change([decision('clause-negotiation-started', 'TH'), decision('clause-agreed', 'KH')], { change: 'modified', changedBy: ['KH', 'TH'] })
    expect(clauseChangeInWords(edited, [...parties].reverse(), 'Paragraph 7')).toBe(
      'Paragraph 7: text changed by CNP and DSI; put under negotiation by DSI; agreed by CNP, completing the agreement',
    )
    expect(textChangeInWords({ change: 'renumbered', changedBy: [] }, parties)).toBe('renumbered')
    expect(textChangeInWords({ change: 'added', changedBy: ['TH'] }, parties)).toBe('added by DSI')
    expect(textChangeInWords({ change: 'unchanged', changedBy: [] }, parties)).toBeNull()
  })

  it('says every decision the round records, the secretariat’s too, and an event it does not know by its name or code', () => {
    const said = [
      decision('clause-agreement-withdrawn', 'TH'),
      decision('clause-reopen-requested', 'KH'),
      decision('clause-reopened', 'TH'),
      decision('clause-deleted', null, { label: 'Paragraph 9' }),
      decision('bracket-resolved', null, { proposal: '[shall] / [will]', kept: null, askedBy: { party: null, memberId: 's1', name: 'Joint Secretariat' }, acceptedBy: [{ party: 'TH' }, { party: 'KH' }] }),
      decision('bracket-resolved', 'TH', { proposal: '[30]', kept: '30', askedBy: { party: 'TH' }, acceptedBy: [] }),
      decision('bracket-alternative-withdrawn', 'KH', { withdrawn: '45', proposal: '[30] / [45]' }),
      decision('translation-confirmed', 'KH', { lang: 'km' }),
      decision('bracket-resolution-requested', 'TH'),
      decision('clause-something-new', 'KH'),
    ].map((entry) => decisionInWords(entry, parties))
    expect(said).toEqual([
      'agreement withdrawn by DSI',
      'reopening requested by CNP',
      'reopened by DSI',
      'deleted by the secretariat',
      '[shall] / [will] removed by the secretariat, accepted by DSI and CNP',
      '[30] resolved to “30” by DSI',
      '“45” withdrawn by CNP',
      'the Khmer text confirmed by CNP',
      'Bracket resolution asked (DSI)',
      'clause-something-new (CNP)',
    ])
    // A resolution without who asked is the entry's own party's.
    expect(decisionInWords(decision('bracket-resolved', 'KH', { proposal: '[60]', kept: '60' }), parties)).toBe('[60] resolved to “60” by CNP')
  })

  it('says it in Thai and in Khmer', () => {
    const paragraph6 = change([decision('clause-agreed-ad-referendum', 'KH'), resolvedBy60], { change: 'modified', changedBy: ['TH'] })
    setInterfaceLanguage('th')
    expect(clauseChangeInWords(paragraph6, parties, 'ข้อ 6')).toBe('ข้อ 6: แก้ไขถ้อยคำโดย DSI; CNP ตกลงแบบ ad referendum; [30] / [60] ได้ข้อยุติเป็น “60” โดย CNP และ DSI ยอมรับ')
    expect(decisionInWords(decision('translation-confirmed', 'TH', { lang: 'th' }), parties)).toBe('DSI ยืนยันตัวบทภาษาไทย')
    setInterfaceLanguage('km')
    expect(clauseChangeInWords(paragraph6, parties, 'ប្រការ 6')).toBe(
      'ប្រការ 6៖ អត្ថបទត្រូវបានកែប្រែ ដោយ DSI; បានព្រមព្រៀង ad referendum ដោយ CNP; [30] / [60] ត្រូវបានដោះស្រាយជា “60” ដោយ CNP ដោយមានការទទួលយកពី DSI',
    )
  })
})

describe('the revisions a round records', () => {
  it('are named by the server in English and said in the reader’s language; a label a member typed stays as it is', () => {
    expect(roundRevisionLabel('opening', 3)).toBe('Opening text of round 3')
    expect(revisionLabel(roundRevisionLabel('closing', 12))).toBe('Closing text of round 12')
    setInterfaceLanguage('th')
    expect(revisionLabel(roundRevisionLabel('opening', 3))).toBe('ตัวบทเมื่อเปิดรอบที่ 3')
    setInterfaceLanguage('km')
    expect(revisionLabel(roundRevisionLabel('closing', 3))).toBe('អត្ថបទពេលបិទជុំទី 3')
    expect(revisionLabel('Draft after the Phnom Penh round')).toBe('Draft after the Phnom Penh round')
    expect(revisionLabel('Opening text of round 3, amended')).toBe('Opening text of round 3, amended')
  })
})
