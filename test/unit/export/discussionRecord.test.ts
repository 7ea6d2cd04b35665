import { describe, expect, it } from 'vitest'
import { decisionInWords, discussedClauseIds } from '../../../server/export/discussionRecord.js'
import { recordWordsOf } from '../../../server/export/recordWords.js'
import type { RoundClauseChange, RoundDecision, RoundRecord } from '../../../server/vocabulary/round.js'
import { clause, mou, p } from '../../support/mouBuilders.js'

const names: Record<string, string> = { TH: 'DSI', KH: 'CNP' }
const shortName = (code: string | null) => (code === null ? 'the secretariat' : names[code]!)
const decision = (event: string, party: string | null, details: Record<string, unknown> = {}): RoundDecision => ({ event, at: '2027-03-01T10:00:00.000Z', party, details })

describe('a decision as the Record of Discussion writes it', () => {
  const en = recordWordsOf('en')
  it('names who took each move of a clause', () => {
    expect(
      [
        decision('clause-negotiation-started', 'TH'),
        decision('clause-agreed-ad-referendum', 'KH'),
        decision('clause-agreed', 'TH'),
        decision('clause-agreement-withdrawn', 'KH'),
        decision('clause-reopen-requested', 'KH'),
        decision('clause-reopened', 'TH'),
        decision('clause-deleted', null),
      ].map((each) => decisionInWords(each, en, 'en', shortName)),
    ).toEqual([
      'put under negotiation by DSI',
      'agreed ad referendum by CNP',
      'agreed by DSI',
      'agreement withdrawn by CNP',
      'reopening requested by CNP',
      'reopened by DSI',
      'deleted by the secretariat',
    ])
  })

  it('says what a resolution kept, who resolved it and whose acceptance it took; a withdrawal and a confirmed translation in words', () => {
    // Recorded as the act of DSI, whose acceptance completed CNP's request.
    const resolved = decision('bracket-resolved', 'TH', { proposal: '[30] / [60]', kept: '60', askedBy: { party: 'KH', name: 'Lok Sokha' }, acceptedBy: [{ party: 'TH' }, { party: 'TH' }] })
    expect(decisionInWords(resolved, en, 'en', shortName)).toBe('[30] / [60] resolved to “60” by CNP, accepted by DSI')
    // Dropping only its own alternative, a party resolves at once.
    expect(decisionInWords({ ...resolved, details: { proposal: '[30] / [60]', kept: '60', askedBy: { party: 'TH' }, acceptedBy: [] } }, en, 'en', shortName)).toBe('[30] / [60] resolved to “60” by DSI')
    expect(decisionInWords({ ...resolved, details: { proposal: '[30]', kept: null, askedBy: { party: 'KH' }, acceptedBy: [] } }, en, 'en', shortName)).toBe('[30] removed by CNP')
    expect(decisionInWords(decision('bracket-alternative-withdrawn', 'TH', { withdrawn: 'shall' }), en, 'en', shortName)).toBe('“shall” withdrawn by DSI')
    expect(decisionInWords(decision('bracket-proposed', 'KH', { text: 'within sixty days' }), en, 'en', shortName)).toBe('“within sixty days” proposed by CNP')
    expect(decisionInWords(decision('translation-confirmed', 'KH', { lang: 'km' }), en, 'en', shortName)).toBe('the Khmer text confirmed by CNP')
  })

  it('is written in Thai and Khmer words in a Thai or Khmer record', () => {
    expect(decisionInWords(decision('clause-agreed-ad-referendum', 'KH'), recordWordsOf('th'), 'th', shortName)).toBe('CNPตกลงโดยต้องได้รับความเห็นชอบขั้นสุดท้าย')
    expect(decisionInWords(decision('translation-confirmed', 'TH', { lang: 'th' }), recordWordsOf('km'), 'km', shortName)).toBe('អត្ថបទជាភាសាថៃត្រូវបានបញ្ជាក់ដោយDSI')
  })

  it('keeps an event it has no words for as the event', () => {
    expect(decisionInWords(decision('clause-something-new', 'TH'), en, 'en', shortName)).toBe('clause-something-new')
  })
})

describe('the clauses a Record of Discussion speaks of', () => {
  const working = mou(clause('c1', 'One', p('a')), clause('c2', 'Two', p('b')), clause('c3', 'Three', p('c')), clause('c4', 'Four', p('d')))
  const change = (clauseId: string, kind: RoundClauseChange['change']): RoundClauseChange => ({ clauseId, label: clauseId, heading: '', change: kind, changedBy: [], decisions: [] })
  const round = (agenda: (string | null)[]) => ({ agenda: agenda.map((clauseId) => ({ clauseId, topic: 'topic' })) }) as Pick<RoundRecord, 'agenda'> as RoundRecord

  it('are those the round changed or decided on and those on its agenda, in the order of the text, each once, removed ones last', () => {
    const changes = [change('c3', 'modified'), change('gone', 'removed'), change('c1', 'unchanged')]
    expect(discussedClauseIds({ round: round(['c4', null, 'c3']), working, changes })).toEqual(['c1', 'c3', 'c4', 'gone'])
    expect(discussedClauseIds({ round: round([]), working, changes: [] })).toEqual([])
  })
})
