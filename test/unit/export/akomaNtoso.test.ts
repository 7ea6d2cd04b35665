import type { Node } from 'prosemirror-model'
import { describe, expect, it } from 'vitest'
import { akomaNtosoExpression, expressionIri } from '../../../server/export/akomaNtoso.js'
import { clauseEId, clauseIdOfEId, eIdPart, eIdPattern, expressionLanguage, idOfEIdPart } from '../../../server/export/akomaNtosoNames.js'
import type { InstrumentStyle } from '../../../server/vocabulary/document.js'
import { bracket, clause, doc, formula, heading, p, part, preamble, recital, title } from '../../support/docBuilders.js'
import { documentOf, factsOf, negotiatedTexts as texts } from '../../support/akomaNtosoFixture.js'
import { aknProblems, allOf, childrenOf, elementsOf, firstOf, parseAkn, xmllintProblems } from '../../support/akomaNtosoChecks.js'

const bodyEIds = (xml: string) => elementsOf(firstOf(parseAkn(xml), 'mainBody')!).flatMap((element) => element.getAttribute('eId') ?? [])
const structuralEIds = (xml: string) => elementsOf(parseAkn(xml)).flatMap((element) => element.getAttribute('eId') ?? []).filter((eId) => !eId.includes('__bracket_'))
const textOf = (xml: string, eId: string) => elementsOf(parseAkn(xml)).find((element) => element.getAttribute('eId') === eId)

describe('an Akoma Ntoso expression of a negotiated text', () => {
  for (const style of ['mou', 'treaty'] as const) {
    it(`is what AKN 3.0 requires, in every language, for a ${style}`, async () => {
      for (const lang of ['en', 'th', 'km']) {
        const xml = akomaNtosoExpression(factsOf(style), lang)
        expect([lang, aknProblems(xml)]).toEqual([lang, []])
        expect([lang, await xmllintProblems(xml)]).toEqual([lang, ''])
      }
    })
  }

  it('catches what the schema would refuse (the checks can fail)', () => {
    const xml = akomaNtosoExpression(factsOf(), 'en')
    expect(aknProblems(xml.replace('<preface>', '<preface-moved>').replace('</preface>', '</preface-moved>'))).toContain('<doc>: <preface-moved> (child 2) is out of order or not allowed here')
    expect(aknProblems(xml.replace(/<FRBRcountry[^>]*\/>/, ''))).toEqual(['<FRBRWork>: expected a <FRBRcountry> at child 6, found <FRBRsubtype>'])
    expect(aknProblems(xml.replace('<ref href="#para_c1"', '<ref href="#para_c7"'))).toContain('<ref> href="#para_c7" names no eId of the document')
    expect(aknProblems(xml.replace('eId="para_c3"', 'eId="para_c2"'))).toContain('eId "para_c2" is used 2 times')
    expect(aknProblems(xml.replace(/alternativeTo="[^"]*"/, 'alternativeTo="gone"'))).toContain('<inline eId="para_c2__bracket_br.days__alt_1"> alternativeTo="gone" names no eId of the document')
  })

  it('is a doc named for its style, its parts in the schema’s order, its title, recitals and formula in place', () => {
    const xml = akomaNtosoExpression(factsOf(), 'en')
    const root = parseAkn(xml)
    const docElement = childrenOf(root)[0]!
    expect([docElement.localName, docElement.getAttribute('name')]).toEqual(['doc', 'memorandumOfUnderstanding'])
    expect(childrenOf(docElement).map((child) => child.localName)).toEqual(['meta', 'preface', 'preamble', 'mainBody', 'conclusions'])
    expect(firstOf(root, 'docTitle')!.textContent).toBe('Memorandum between the Department of Special Investigation, Ministry of Justice of the Kingdom of Thailand and the Cambodian National Police on Police Cooperation')
    expect(allOf(root, 'recital').map((recital) => recital.getElementsByTagName('p')[0]!.textContent)).toEqual(['The DSI and CNP, hereinafter “the Parties”;', 'RECOGNISING that 5 < 6 & “trust”;'])
    expect(firstOf(root, 'formula')!.getAttribute('name')).toBe('enactingFormula')
    expect(childrenOf(docElement.getElementsByTagName('mainBody')[0]!).map((clause) => [clause.localName, clause.getAttribute('eId')])).toEqual([
      ['paragraph', 'para_c1'],
      ['paragraph', 'para_c2'],
      ['paragraph', 'para_c3'],
    ])
    const treaty = parseAkn(akomaNtosoExpression(factsOf('treaty'), 'en'))
    expect(childrenOf(treaty)[0]!.getAttribute('name')).toBe('agreement')
    expect(childrenOf(firstOf(treaty, 'mainBody')!).map((clause) => [clause.localName, clause.getAttribute('eId')])).toEqual([
      ['article', 'art_c1'],
      ['article', 'art_c2'],
      ['article', 'art_c3'],
    ])
  })

  it('numbers clauses, paragraphs and sub-paragraphs in the text’s own words and digits, in num', () => {
    const nums = (lang: string, style: InstrumentStyle = 'mou') => allOf(parseAkn(akomaNtosoExpression(factsOf(style), lang)), 'num').map((num) => num.textContent)
    expect(nums('en')).toEqual(['Paragraph 1', 'Paragraph 2', '1.', '(a)', '(b)', '2.', '(a)', 'Paragraph 3'])
    expect(nums('th')).toEqual(['ข้อ ๑', 'ข้อ ๒', '๑.', '(ก)', '(ข)', '๒.', '(ก)', 'ข้อ ๓'])
    expect(nums('km')).toEqual(['ប្រការ ១', 'ប្រការ ២', '១.', '(ក)', '(ខ)', '២.', '(ក)', 'ប្រការ ៣'])
    expect(nums('en', 'treaty')[0]).toBe('Article 1')
  })

  it('gives a clause of plain paragraphs its content, and one with numbered paragraphs its levels: alinea, paragraph with intro and points, point', () => {
    const xml = akomaNtosoExpression(factsOf(), 'en')
    const levels = (eId: string) => childrenOf(textOf(xml, eId)!).map((child) => `${child.localName}${child.getAttribute('eId') ? ` ${child.getAttribute('eId')}` : ''}`)
    expect(levels('para_c3')).toEqual(['num', 'heading', 'content'])
    expect(allOf(textOf(xml, 'para_c3')!, 'p').map((paragraph) => paragraph.textContent)).toEqual(['Each Department of Special Investigation, Ministry of Justice of the Kingdom of Thailand bears its own costs.', 'Unless agreed otherwise.'])
    expect(levels('para_c2')).toEqual(['num', 'heading', 'alinea para_c2__al_1', 'subparagraph para_c2__subpara_1', 'subparagraph para_c2__subpara_2', 'point para_c2__point_1'])
    expect(levels('para_c2__subpara_1')).toEqual(['num', 'intro', 'point para_c2__subpara_1__point_1', 'point para_c2__subpara_1__point_2'])
    expect(levels('para_c2__subpara_2')).toEqual(['num', 'content'])
  })

  it('writes references as ref to the clause’s eId, a missing one as text, parties as organizations referring to them', () => {
    const xml = akomaNtosoExpression(factsOf(), 'th')
    const root = parseAkn(xml)
    expect(allOf(root, 'ref').map((element) => [element.getAttribute('href'), element.textContent])).toEqual([['#para_c1', 'ข้อ ๑']])
    expect(allOf(root, 'inline').filter((element) => element.getAttribute('name') === 'missingReference').map((element) => element.textContent)).toEqual(['[ไม่พบข้อที่อ้างถึง]'])
    const parties = allOf(root, 'organization').filter((element) => element.getAttribute('class')?.startsWith('partyReference'))
    expect(parties.map((element) => [element.getAttribute('refersTo'), element.getAttribute('class')])).toEqual([
      ['#party_TH #party_KH', 'partyReference name bothParties'],
      ['#party_TH #party_KH', 'partyReference shortName bothParties'],
      ['#party_TH #party_KH', 'partyReference shortName bothParties'],
    ])
  })

  it('writes bracketed alternatives as inlines owned by their party, the second an alternative to the first', () => {
    const xml = akomaNtosoExpression(factsOf(), 'en')
    const brackets = allOf(parseAkn(xml), 'inline').filter((element) => element.getAttribute('name') === 'bracket')
    expect(brackets.map((element) => [element.getAttribute('eId'), element.getAttribute('refersTo'), element.getAttribute('alternativeTo'), element.textContent])).toEqual([
      ['para_c2__bracket_br.days__alt_0', '#party_TH', null, 'thirty'],
      ['para_c2__bracket_br.days__alt_1', '#party_KH', 'para_c2__bracket_br.days__alt_0', 'sixty'],
    ])
    // Marks inside: bold, italic, underline as b, i, u.
    expect(textOf(xml, 'para_c1')!.getElementsByTagName('b')[0]!.textContent).toBe('will')
    expect(textOf(xml, 'para_c1')!.getElementsByTagName('i')[0]!.textContent).toBe('closely')
  })

  it('names each alternative running on into another paragraph as a further piece, and the first alternative present as the one the others are to', () => {
    const content = doc(
      title('MOU'),
      preamble(recital('RECOGNISING;'), formula('HAVE AGREED:')),
      clause('c1', heading('Terms'), p('One ', bracket('b1', 'KH', 1)('ninety')), p(bracket('b1', 'KH', 1)('days'), ' or ', bracket('b1', 'TH', 2)('a month'))),
    )
    const xml = akomaNtosoExpression({ ...factsOf(), texts: [{ lang: 'en', content }] }, 'en')
    expect(aknProblems(xml)).toEqual([])
    const brackets = allOf(parseAkn(xml), 'inline').map((element) => [element.getAttribute('eId'), element.getAttribute('alternativeTo')])
    expect(brackets).toEqual([
      ['para_c1__bracket_b1__alt_1', null],
      ['para_c1__bracket_b1__alt_1-2', null],
      ['para_c1__bracket_b1__alt_2', 'para_c1__bracket_b1__alt_1'],
    ])
  })

  it('shares every structural eId between the language texts', () => {
    const [en, th, km] = ['en', 'th', 'km'].map((lang) => structuralEIds(akomaNtosoExpression(factsOf(), lang)))
    expect(th).toEqual(en)
    expect(km).toEqual(en)
    expect(en).toContain('para_c2__subpara_1__point_2')
  })

  it('keeps a clause’s eIds when clauses move, are added or renumber: eIds come from clause ids, numbers from places', () => {
    const before = akomaNtosoExpression(factsOf(), 'en')
    const after = akomaNtosoExpression({ ...factsOf(), texts: texts(['c3', 'c1', 'c2']) }, 'en')
    expect(new Set(bodyEIds(after))).toEqual(new Set(bodyEIds(before)))
    expect(textOf(before, 'para_c3')!.getElementsByTagName('num')[0]!.textContent).toBe('Paragraph 3')
    expect(textOf(after, 'para_c3')!.getElementsByTagName('num')[0]!.textContent).toBe('Paragraph 1')
    // The reference follows its clause's number, not its place.
    expect(textOf(after, 'para_c2')!.getElementsByTagName('ref')[0]!.textContent).toBe('Paragraph 2')
  })

  it('identifies the work, the expression (its language, authoritative, the working text its master) and the manifestation (Counterpart, the content hash)', () => {
    const thai = parseAkn(akomaNtosoExpression(factsOf(), 'th'))
    const values = (level: string) => childrenOf(firstOf(thai, level)!).map((element) => `${element.localName} ${[...Array.from(element.attributes)].map((attribute) => `${attribute.name}=${attribute.value}`).join(' ')}`)
    const work = '/akn/th/doc/memorandumOfUnderstanding/2026-01-01/doc-1'
    expect(values('FRBRWork')).toEqual([
      `FRBRthis value=${work}/!main`,
      `FRBRuri value=${work}`,
      'FRBRdate date=2026-01-01 name=negotiationOpened',
      'FRBRauthor href=#party_TH',
      'FRBRauthor href=#party_KH',
      'FRBRcountry value=th',
      'FRBRsubtype value=memorandumOfUnderstanding',
      'FRBRnumber value=doc-1',
      'FRBRname value=Police cooperation',
    ])
    expect(values('FRBRExpression')).toEqual([
      `FRBRthis value=${work}/tha@r3/!main`,
      `FRBRuri value=${work}/tha@r3`,
      'FRBRdate date=2026-02-05 name=revision',
      'FRBRauthor href=#party_TH',
      'FRBRauthor href=#party_KH',
      'FRBRversionNumber value=3',
      'FRBRauthoritative value=true',
      `FRBRmasterExpression href=${work}/eng@r3`,
      'FRBRlanguage language=tha',
    ])
    expect(values('FRBRManifestation')).toEqual([
      `FRBRthis value=${work}/tha@r3/!main.xml`,
      `FRBRuri value=${work}/tha@r3.akn`,
      `FRBRalias value=sha256:${'0123456789abcdef'.repeat(4)} name=contentHash`,
      'FRBRdate date=2026-02-05 name=generation',
      'FRBRauthor href=#counterpart',
      'FRBRformat value=application/akn+xml',
    ])
    // The working text's expression is the master: it names none.
    expect(firstOf(parseAkn(akomaNtosoExpression(factsOf(), 'en')), 'FRBRmasterExpression')).toBeNull()
    // What AKN has no property for, in Counterpart's namespace: the prevailing language.
    const texts = allOf(thai, 'text').map((element) => [element.getAttribute('language'), element.getAttribute('prevailing')])
    expect(texts).toEqual([['en', 'true'], ['th', null], ['km', null]])
    expect(expressionIri(documentOf('mou'), 'km', 'live')).toBe(`${work}/khm@live`)
  })

  it('records the negotiation as workflow steps in time order: rounds opened and closed, agreements ad referendum and full', () => {
    const root = parseAkn(akomaNtosoExpression(factsOf(), 'km'))
    expect(allOf(root, 'step').map((step) => [step.getAttribute('date'), step.getAttribute('by'), step.getAttribute('outcome'), step.getAttribute('refersTo'), step.getAttribute('href')])).toEqual([
      ['2026-01-20T02:00:00.000Z', '#secretariat', '#roundOpened', '#round_1', '/akn/th/doc/memorandumOfUnderstanding/2026-01-01/doc-1/khm@r1'],
      ['2026-02-01T10:00:00.000Z', '#party_KH', '#agreedAdReferendum', null, '#para_c1'],
      ['2026-02-02T09:30:00.000Z', '#party_TH', '#agreed', null, '#para_c1'],
      ['2026-02-03T10:00:00.000Z', '#secretariat', '#roundClosed', '#round_1', '/akn/th/doc/memorandumOfUnderstanding/2026-01-01/doc-1/khm@r2'],
    ])
    // No agreement and no round: no workflow (the schema wants a step in one).
    const plain = akomaNtosoExpression({ ...factsOf(), texts: texts().map(({ lang, content }) => ({ lang, content: withoutAgreements(content) })), rounds: [] }, 'en')
    expect(firstOf(parseAkn(plain), 'workflow')).toBeNull()
    expect(aknProblems(plain)).toEqual([])
  })

  it('records an agreed part (the title) as its eId', () => {
    const content = doc(part('title', { status: 'agreed-ad-referendum', agreedBy: JSON.stringify([{ party: 'TH', memberId: 'm', name: 'S', initials: null, at: '2026-03-01T00:00:00Z' }]) })('MOU'), preamble(recital('R;'), formula('F:')), clause('c1', heading('H'), p('T')))
    const xml = akomaNtosoExpression({ ...factsOf(), texts: [{ lang: 'en', content }], rounds: [] }, 'en')
    expect(allOf(parseAkn(xml), 'step').map((step) => [step.getAttribute('href'), step.getAttribute('outcome')])).toEqual([['#longTitle', '#agreedAdReferendum']])
    expect(aknProblems(xml)).toEqual([])
  })

  it('concludes with the final provisions, the testimonium in the text’s language and a signature per party', () => {
    const root = parseAkn(akomaNtosoExpression(factsOf(), 'th'))
    const containers = allOf(root, 'container').map((container) => [container.getAttribute('name'), container.textContent!.trim()])
    expect(containers.map(([name]) => name)).toEqual(['finalProvisions', 'testimonium', 'signatures'])
    expect(containers[0]![1]).toBe('เพื่อเป็นพยานแก่การนี้')
    expect(containers[1]![1]).toMatch(/^ทำ ณ กรุงเทพมหานคร เมื่อวันที่ ๑๕ มีนาคม ๒๕๗๐ เป็นต้นฉบับ ๒ ชุด เป็นภาษาอังกฤษ ภาษาไทย และภาษาเขมร/)
    const signatures = allOf(root, 'signature')
    expect(signatures.map((signature) => signature.textContent)).toEqual(['สำหรับกรมสอบสวนคดีพิเศษ กระทรวงยุติธรรม แห่งราชอาณาจักรไทยPol. Col. Somchai JaideeDirector-General', 'สำหรับสำนักงานตำรวจแห่งชาติกัมพูชา'])
    expect(signatures[0]!.getElementsByTagName('person')[0]!.getAttribute('refersTo')).toBe('#signatory_TH')
  })

  it('gives the same bytes for the same facts, whatever the time zone', () => {
    const first = akomaNtosoExpression(factsOf(), 'km')
    const zone = process.env.TZ
    process.env.TZ = 'Asia/Bangkok'
    try {
      expect(akomaNtosoExpression(factsOf(), 'km')).toBe(first)
    } finally {
      process.env.TZ = zone
    }
  })

  it('throws a RangeError for a language it has no text in', () => {
    expect(() => akomaNtosoExpression(factsOf(), 'fr')).toThrow(new RangeError('no text in "fr" among en, th, km'))
  })
})

describe('AKN names', () => {
  it('turns any clause id into a well-formed eId part and back', () => {
    for (const id of ['cl_7kq2m9xw4d', 'br-days', 'a.b', 'x__y', 'ข้อ', '𝔸-1_', '-', '_', '9']) {
      const part = eIdPart(id)
      expect([id, eIdPattern.test(`art_${part}`), idOfEIdPart(part)]).toEqual([id, true, id])
      expect(clauseIdOfEId(clauseEId('treaty', id))).toBe(id)
    }
    expect(eIdPart('cl_7kq2m9xw4d')).toBe('cl.7kq2m9xw4d')
    expect(() => eIdPart('')).toThrow(RangeError)
    // Only what eIdPart writes reads back: an escape of a plain character, an unterminated one, a stray character.
    expect(['-41-', '-1', 'a_b', '-110000-'].map(idOfEIdPart)).toEqual([null, null, null, null])
    expect(clauseIdOfEId('art_c1__para_1')).toBeNull()
  })

  it('names expression languages by their ISO 639-2 codes', () => {
    expect(['en', 'th', 'km', 'en-GB', 'fil', 'xx'].map(expressionLanguage)).toEqual(['eng', 'tha', 'khm', 'eng', 'fil', 'xx'])
  })
})

/** `content` with no clause or part agreed. */
function withoutAgreements(content: Node): Node {
  return content.type.create(
    content.attrs,
    Array.from({ length: content.childCount }, (_, index) => {
      const child = content.child(index)
      return 'agreedBy' in child.attrs ? child.type.create({ ...child.attrs, status: 'draft', agreedBy: null }, child.content, child.marks) : child
    }),
  )
}
