/**
 * One negotiated text in three languages for the Akoma Ntoso tests: English
 * (working), Thai and Khmer, each with a title naming both parties, two
 * recitals and a formula, three clauses — one agreed by both parties, one
 * with a bracket of two alternatives (TH's and KH's, in English), a
 * reference to the first clause and to a clause that no longer exists,
 * plain, numbered and lettered paragraphs, one of plain paragraphs only —
 * and final provisions; with what is set for signature and a round.
 */

import type { Node } from 'prosemirror-model'
import type { AkomaNtosoFacts } from '../../server/export/akomaNtoso.js'
import type { DocumentRecord, InstrumentStyle } from '../../server/vocabulary/document.js'
import type { RoundRecord } from '../../server/vocabulary/round.js'
import type { SigningSettings } from '../../server/vocabulary/signing.js'
import { bracket, clause, doc, em, finals, formula, heading, np, p, partyRef, preamble, recital, ref, strong, sub, title } from './docBuilders.js'
import { cnp, dsi } from './parties.js'

const agreements = JSON.stringify([
  { party: 'KH', memberId: 'm-kh', name: 'Lok Sokha', initials: null, at: '2026-02-01T10:00:00.000Z' },
  { party: 'TH', memberId: 'm-th', name: 'Khun Somchai', initials: 'SJ', at: '2026-02-02T09:30:00.000Z' },
])

/** The three texts of one state: English (working), Thai and Khmer, with a bracket of two alternatives, references and an agreed clause. */
export function negotiatedTexts(order: readonly string[] = ['c1', 'c2', 'c3']): { lang: string; content: Node }[] {
  const clauses = {
    en: {
      c1: clause({ id: 'c1', status: 'agreed', agreedBy: agreements }, heading('Objectives'), p('The ', partyRef('*', 'shortName'), ' ', strong('will'), ' ', em('closely'), ' cooperate.')),
      c2: clause('c2', heading('Requests under ', ref('c1')), p('Answers within ', bracket('br_days', 'TH', 0)('thirty'), bracket('br_days', 'KH', 1)('sixty'), ' days.'), np(p('In writing.'), sub('the facts;'), sub('the purpose.')), np(p('See ', ref('c9'), '.')), sub('A note.')),
      c3: clause('c3', heading('Costs'), p('Each ', partyRef('TH'), ' bears its own costs.'), p('Unless agreed otherwise.')),
    },
    th: {
      c1: clause({ id: 'c1', status: 'agreed', agreedBy: agreements }, heading('วัตถุประสงค์'), p(partyRef('*', 'shortName'), 'จะร่วมมือกัน')),
      c2: clause('c2', heading('คำร้องขอตาม', ref('c1')), p('ตอบภายในสามสิบวัน'), np(p('เป็นลายลักษณ์อักษร'), sub('ข้อเท็จจริง'), sub('วัตถุประสงค์')), np(p('ดู', ref('c9'))), sub('หมายเหตุ')),
      c3: clause('c3', heading('ค่าใช้จ่าย'), p('แต่ละฝ่ายรับผิดชอบค่าใช้จ่ายของตนเอง'), p('เว้นแต่จะตกลงกันเป็นอย่างอื่น')),
    },
    km: {
      c1: clause({ id: 'c1', status: 'agreed', agreedBy: agreements }, heading('គោលបំណង'), p(partyRef('*', 'shortName'), 'នឹងសហការគ្នា')),
      c2: clause('c2', heading('សំណើ'), p('ឆ្លើយតបក្នុងរយៈពេលសាមសិបថ្ងៃ'), np(p('ជាលាយលក្ខណ៍អក្សរ'), sub('ការពិត'), sub('គោលបំណង')), np(p('ចម្លើយ')), sub('កំណត់សម្គាល់')),
      c3: clause('c3', heading('ចំណាយ'), p('ភាគីនីមួយៗចេញចំណាយរៀងៗខ្លួន'), p('លើកលែងតែមានការព្រមព្រៀងផ្សេង')),
    },
  } as const
  const front = {
    en: [title('Memorandum between the ', partyRef('*'), ' on Police Cooperation'), preamble(recital('The ', partyRef('*', 'shortName'), ', hereinafter “the Parties”;'), recital('RECOGNISING that 5 < 6 & “trust”;'), formula('HAVE REACHED the following understanding:'))],
    th: [title('บันทึกความเข้าใจระหว่าง', partyRef('*')), preamble(recital(partyRef('*', 'shortName'), ' ซึ่งต่อไปนี้เรียกว่า “ภาคี”'), recital('ตระหนักถึงความจำเป็น'), formula('ได้ตกลงกันดังต่อไปนี้'))],
    km: [title('អនុស្សរណៈរវាង', partyRef('*')), preamble(recital(partyRef('*', 'shortName'), ' ដែលតទៅនេះហៅថា “ភាគី”'), recital('ទទួលស្គាល់តម្រូវការ'), formula('បានព្រមព្រៀងគ្នាដូចតទៅ៖'))],
  } as const
  const closing = { en: 'IN WITNESS WHEREOF, the undersigned have signed.', th: 'เพื่อเป็นพยานแก่การนี้', km: 'ដើម្បីជាសក្ខីភាព' } as const
  return (['en', 'th', 'km'] as const).map((lang) => ({
    lang,
    content: doc(...front[lang], ...order.map((id) => clauses[lang][id as 'c1' | 'c2' | 'c3']), finals(p(closing[lang]))),
  }))
}

export const documentOf = (style: InstrumentStyle): DocumentRecord => ({
  id: 'doc-1',
  title: 'Police cooperation',
  style,
  parties: [dsi, cnp],
  languages: { working: 'en', others: ['th', 'km'] },
  fullAgreementBy: 'delegates',
  createdAt: new Date('2026-01-01T00:00:00Z'),
})

export const settings: SigningSettings = {
  place: { en: 'Bangkok', th: 'กรุงเทพมหานคร', km: 'បាងកក' },
  date: '2027-03-15',
  originals: 2,
  prevailingLanguage: 'en',
  signatories: { TH: { en: { name: 'Pol. Col. Somchai Jaidee', title: 'Director-General' } } },
}

export const round: RoundRecord = {
  documentId: 'doc-1',
  number: 1,
  title: '9th Annual Meeting',
  place: 'Bangkok',
  startDate: '2026-01-20',
  endDate: '2026-01-22',
  attendance: [],
  agenda: [],
  createdBy: null,
  createdAt: new Date('2026-01-10T00:00:00Z'),
  openedAt: new Date('2026-01-20T02:00:00Z'),
  openedRevision: 1,
  closedAt: new Date('2026-02-03T10:00:00Z'),
  closedRevision: 2,
}

export function factsOf(style: InstrumentStyle = 'mou', changes: Partial<AkomaNtosoFacts> = {}): AkomaNtosoFacts {
  return {
    document: documentOf(style),
    state: { ref: 3, contentHash: '0123456789abcdef'.repeat(4), date: new Date('2026-02-05T08:30:00Z') },
    texts: negotiatedTexts(),
    settings,
    rounds: [round],
    ...changes,
  }
}

