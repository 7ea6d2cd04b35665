import { nameParties, testParties } from '../../support/parties.js'
import { maskedNamer, partyNamesIn } from '../../../server/vocabulary/partyReference.js'
import { describe, expect, it } from 'vitest'
import { documentParts } from '../../../server/vocabulary/documentText.js'
import { numberDocument } from '../../../server/vocabulary/numbering.js'
import { checkPartyNames, checkWording, findWording, partyNamedAsText, type WordingMatch } from '../../../server/vocabulary/wordingCheck.js'
import { renderInstrument } from '../../../server/templates/templateRenderer.js'
import { clause, mou, np, p, partyRef } from '../../support/mouBuilders.js'
import { starterLibrary } from '../../support/testServer.js'

/**
 * Checks `unit` repeated `times` against the check of `unit` alone: the
 * repeats are separate sentences, so the findings must be those of one
 * unit, shifted, repeat after repeat, in order.
 */
function expectRepeatedFindings(unit: string, times: number, style: 'mou' | 'treaty'): WordingMatch[] {
  const one = findWording(unit, style)
  const all = findWording(unit.repeat(times), style)
  expect(all.length).toBe(one.length * times)
  for (let repeat = 0; repeat < times; repeat++) {
    for (const [index, match] of one.entries()) {
      const found = all[repeat * one.length + index]!
      if (found.offset !== match.offset + repeat * unit.length || found.text !== match.text || found.suggestion !== match.suggestion) {
        expect({ repeat, found }).toEqual({ repeat, found: { ...match, offset: match.offset + repeat * unit.length } })
      }
    }
  }
  return one
}

const parties = ['TH', 'KH'] as const

describe('the wording check', () => {
  it.each(['mou', 'treaty'] as const)('finds nothing in the starter instrument drafted in %s style', (style) => {
    const doc = renderInstrument(starterLibrary(), 'anti-trafficking-mou', style, parties, {})
    expect(checkWording(documentParts(doc, numberDocument(doc, style), nameParties()), style)).toEqual([])
  })

  it('finds binding words planted in a memorandum, with clause, offset and a replacement', () => {
    const doc = mou(
      clause('c1', 'Objectives', p('The Participants will cooperate.')),
      clause('c2', 'Costs', np('Each Party shall bear its own costs.'), np('The Parties agreed that these obligations enter into force under Article 1.')),
    )
    const parts = documentParts(doc, numberDocument(doc, 'mou'), nameParties())
    const findings = checkWording(parts, 'mou')
    expect(findings.map(({ label, text, suggestion }) => [label, text, suggestion])).toEqual([
      ['Paragraph 2', 'Party', 'Participant'],
      ['Paragraph 2', 'shall', 'will'],
      ['Paragraph 2', 'Parties', 'Participants'],
      ['Paragraph 2', 'agreed', 'decided'],
      ['Paragraph 2', 'obligations', 'commitments'],
      ['Paragraph 2', 'enter into force', 'come into effect'],
      ['Paragraph 2', 'Article', 'Paragraph'],
    ])
    const costs = parts.find((part) => part.clauseId === 'c2')!
    for (const finding of findings) {
      expect(finding.clauseId).toBe('c2')
      expect(costs.text.slice(finding.offset, finding.offset + finding.length)).toBe(finding.text)
    }
  })

  it('finds memorandum words in a treaty, title and preamble included, keeping capitals', () => {
    const doc = mou(clause('c1', 'Entry', p('This Memorandum of Understanding WILL come into effect for the Participants.')))
    const findings = checkWording(documentParts(doc, numberDocument(doc, 'treaty'), nameParties()), 'treaty')
    expect(findings.map(({ part, text, suggestion }) => [part, text, suggestion])).toEqual([
      ['title', 'Memorandum of Understanding', 'Agreement'],
      ['preamble', 'HAVE REACHED the following understanding', 'HAVE AGREED as follows'],
      ['clause', 'Memorandum of Understanding', 'Agreement'],
      ['clause', 'WILL', 'SHALL'],
      ['clause', 'come into effect', 'enter into force'],
      ['clause', 'Participants', 'Parties'],
    ])
  })

  it('lets the earlier rule win where matches overlap, so a phrase hides the words it contains', () => {
    expect(findWording('The Parties have agreed as follows: this Agreement shall enter into force.', 'mou').map(({ offset, text }) => [offset, text])).toEqual([
      [4, 'Parties'],
      [12, 'have agreed as follows'],
      [36, 'this Agreement'],
      [51, 'shall'],
      [57, 'enter into force'],
    ])
  })

  it('finds every one of 40,000 matches in one paragraph, phrases still hiding the words they contain', () => {
    const one = expectRepeatedFindings('The Parties have agreed as follows: this Agreement shall enter into force; the obligations agreed. ', 5_715, 'mou')
    expect(one.map((match) => match.text)).toEqual(['Parties', 'have agreed as follows', 'this Agreement', 'shall', 'enter into force', 'obligations', 'agreed'])
  })

  it('finds 200,000 back-to-back matches of one word', () => {
    const one = expectRepeatedFindings('shall ', 200_000, 'mou')
    expect(one).toEqual([{ offset: 0, length: 5, text: 'shall', suggestion: 'will', reason: 'binding treaty wording in a non-binding memorandum' }])
  })

  it('finds 40,000 matches in a treaty, phrase and word rules interleaved', () => {
    expectRepeatedFindings('The Participants will, when the Memorandum of Understanding comes into effect, meet as the Participant will decide. ', 8_000, 'treaty')
  })
})

describe('the wording check in Thai and Khmer', () => {
  const found = (text: string, style: 'mou' | 'treaty', lang: string) => findWording(text, style, lang).map((match) => [match.text, match.suggestion])

  it('flags the binding Thai modal and treaty words in a memorandum, and memorandum words in a treaty', () => {
    expect(found('ผู้เข้าร่วมจะต้องแลกเปลี่ยนข้อมูลตามพันธกรณีของภาคี และความตกลงนี้มีผลใช้บังคับ', 'mou', 'th')).toEqual([
      ['จะต้อง', 'จะ'],
      ['พันธกรณี', 'ข้อผูกพัน'],
      ['ภาคี', 'ผู้เข้าร่วม'],
      ['ความตกลงนี้', 'บันทึกความเข้าใจนี้'],
      ['มีผลใช้บังคับ', 'มีผล'],
    ])
    expect(found('ผู้เข้าร่วมจะแลกเปลี่ยนข้อมูลตามบันทึกความเข้าใจนี้', 'treaty', 'th')).toEqual([
      ['ผู้เข้าร่วม', 'ภาคี'],
      ['บันทึกความเข้าใจนี้', 'ความตกลงนี้'],
    ])
    expect(found('ผู้เข้าร่วมจะแลกเปลี่ยนข้อมูลตามความร่วมมือทวิภาคีและพหุภาคี', 'mou', 'th')).toEqual([])
  })

  it('flags the binding Khmer modal ត្រូវ in a memorandum, but not in ត្រឹមត្រូវ, ទទួលខុសត្រូវ or ត្រូវការ', () => {
    expect(found('ភាគីទាំងពីរត្រូវផ្លាស់ប្តូរព័ត៌មានដែលត្រឹមត្រូវ ទទួលខុសត្រូវ និងត្រូវការ', 'mou', 'km')).toEqual([['ត្រូវ', 'នឹង']])
    expect(found('កាតព្វកិច្ចនៃកិច្ចព្រមព្រៀងនេះចូលជាធរមាន', 'mou', 'km')).toEqual([
      ['កាតព្វកិច្ច', 'ការប្តេជ្ញាចិត្ត'],
      ['កិច្ចព្រមព្រៀងនេះ', 'អនុស្សរណៈនៃការយោគយល់គ្នានេះ'],
      ['ចូលជាធរមាន', 'ចាប់មានប្រសិទ្ធភាព'],
    ])
  })

  it('finds nothing in the starter library in its own style and language, and has no rules for other languages', () => {
    for (const [style, lang] of [['mou', 'th'], ['mou', 'km'], ['treaty', 'th'], ['treaty', 'km']] as const) {
      const doc = renderInstrument(starterLibrary(), 'anti-trafficking-mou', style, parties, {}, lang)
      expect([style, lang, checkWording(documentParts(doc, numberDocument(doc, style, lang), nameParties(lang)), style, lang)]).toEqual([style, lang, []])
    }
    expect(findWording('shall', 'mou', 'fr')).toEqual([])
  })
})

describe('a party named as text', () => {
  const check = (doc: ReturnType<typeof mou>, lang = 'en') =>
    checkPartyNames(documentParts(doc, numberDocument(doc, 'mou', lang), maskedNamer(nameParties(lang))), partyNamesIn(testParties, lang)).map(({ text, offset, suggestion, reason }) => ({ text, offset, suggestion, reason }))

  it('is reported wherever free text spells a name, a short name or a State, longest first and as whole words, never inside a reference', () => {
    const doc = mou(clause('c1', 'Focal points', p('The DSI and ', partyRef('KH', 'shortName'), ' of the Kingdom of Cambodia; DSIX is no name.')))
    expect(check(doc)).toEqual([
      { text: 'DSI', offset: 'Focal points\nThe '.length, suggestion: 'a reference to TH (short name)', reason: partyNamedAsText },
      { text: 'Kingdom of Cambodia', offset: 'Focal points\nThe DSI and CNP of the '.length, suggestion: 'a reference to KH (State)', reason: partyNamedAsText },
    ])
  })

  it('is found in Thai and Khmer as written, without word spaces', () => {
    expect(check(mou(clause('c1', 'ก', p('ความร่วมมือระหว่างราชอาณาจักรไทยกับ', partyRef('KH', 'state')))), 'th').map(({ text }) => text)).toEqual(['ราชอาณาจักรไทย'])
    expect(check(mou(clause('c1', 'ក', p('រវាងព្រះរាជាណាចក្រកម្ពុជានិង', partyRef('TH', 'state')))), 'km').map(({ text }) => text)).toEqual(['ព្រះរាជាណាចក្រកម្ពុជា'])
  })

  it('is nothing in the starter library, which names the parties by reference only', () => {
    for (const [style, lang] of [['mou', 'en'], ['treaty', 'en'], ['mou', 'th'], ['treaty', 'km']] as const) {
      const doc = renderInstrument(starterLibrary(), 'anti-trafficking-mou', style, parties, {}, lang)
      expect([style, lang, checkPartyNames(documentParts(doc, numberDocument(doc, style, lang), maskedNamer(nameParties(lang))), partyNamesIn(testParties, lang))]).toEqual([style, lang, []])
    }
  })
})
