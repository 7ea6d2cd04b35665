import type { Node } from 'prosemirror-model'
import { describe, expect, it } from 'vitest'
import { akomaNtosoExpression } from '../../../server/export/akomaNtoso.js'
import { clauseEId } from '../../../server/export/akomaNtosoNames.js'
import { writeZip } from '../../../server/export/zipArchive.js'
import { readAkomaNtoso } from '../../../server/import/akomaNtoso.js'
import { akomaNtosoFiles, type AkomaNtosoFile } from '../../../server/import/akomaNtosoFile.js'
import { blockText, type DraftBlock, type DraftText } from '../../../server/import/importedDraft.js'
import { numberDocument, type Numbering } from '../../../server/vocabulary/numbering.js'
import { partyNamer, referenceOf, type PartyNamer } from '../../../server/vocabulary/partyReference.js'
import type { InstrumentStyle } from '../../../server/vocabulary/document.js'
import { factsOf } from '../../support/akomaNtosoFixture.js'
import { refusal as refusalOf } from '../../support/refusal.js'
import { cnp, dsi } from '../../support/parties.js'

/** A textblock's words as a reader sees them: references by their numbers, parties by name, bracketed alternatives one after the other. */
function wordsOf(block: Node, numbering: Numbering, nameParty: PartyNamer): string {
  let text = ''
  block.forEach((child) => {
    if (child.isText) text += child.text
    else if (child.type.name === 'clause_ref') text += numbering.referenceLabel(child.attrs.clauseId)
    else if (child.type.name === 'party_ref') text += nameParty(referenceOf(child.attrs))
  })
  return text
}

/** What a draft text should be, read off the ProseMirror document it was exported from. */
function expectedText(content: Node, style: InstrumentStyle, lang: string) {
  const numbering = numberDocument(content, style, lang)
  const nameParty = partyNamer([dsi, cnp], lang)
  const words = (block: Node) => wordsOf(block, numbering, nameParty)
  const clauses: unknown[] = []
  let title = ''
  const recitals: string[] = []
  let formula: string | null = null
  const finals: string[] = []
  content.forEach((child, offset) => {
    if (child.type.name === 'title') title = words(child)
    if (child.type.name === 'preamble') child.forEach((block) => (block.type.name === 'recital' ? recitals.push(words(block)) : (formula = words(block))))
    if (child.type.name === 'final_provisions') child.forEach((block) => finals.push(words(block)))
    if (child.type.name !== 'clause') return
    const label = numbering.clauses.find((entry) => entry.pos === offset)!.label
    const body: unknown[] = []
    child.forEach((block, at) => {
      const written = numbering.blockLabels.get(offset + 1 + at) ?? null
      if (block.type.name === 'paragraph') body.push({ kind: 'paragraph', text: words(block), written: null })
      if (block.type.name === 'sub_paragraph') body.push({ kind: 'sub', text: words(block), written })
      if (block.type.name === 'numbered_paragraph') {
        const subs: unknown[] = []
        block.forEach((inner, innerAt) => {
          if (inner.type.name === 'sub_paragraph') subs.push({ text: words(inner), written: numbering.blockLabels.get(offset + 1 + at + 1 + innerAt) })
        })
        body.push({ kind: 'numbered', text: words(block.firstChild!), written, subs })
      }
    })
    clauses.push({ written: label.split(' ').at(-1), heading: words(child.firstChild!), body })
  })
  return { lang, title, recitals, formula, clauses, finals }
}

/** A draft text in the same shape. */
function shapeOf(text: DraftText) {
  const words = (block: DraftBlock) => blockText(block)
  return {
    lang: text.lang,
    title: words(text.title),
    recitals: text.recitals.map(words),
    formula: text.closingFormula && words(text.closingFormula),
    clauses: text.clauses.map((clause) => ({
      written: clause.written,
      heading: words(clause.heading),
      body: clause.body.map((entry) =>
        entry.kind === 'numbered'
          ? { kind: 'numbered', text: words(entry.block), written: entry.block.written, subs: entry.subs.map((sub) => ({ text: words(sub), written: sub.written })) }
          : { kind: entry.kind, text: words(entry.block), written: entry.block.written },
      ),
    })),
    finals: text.finalProvisions.map(words),
  }
}

const exported = (style: InstrumentStyle = 'mou'): AkomaNtosoFile[] => ['en', 'th', 'km'].map((lang) => ({ name: `${lang}.xml`, xml: akomaNtosoExpression(factsOf(style), lang) }))

describe('an Akoma Ntoso export read back as a draft', () => {
  for (const style of ['mou', 'treaty'] as const) {
    it(`gives back every clause of a ${style} — its id, number, heading, paragraphs and their numbers — in every language`, () => {
      const facts = factsOf(style)
      const { draft, clauses } = readAkomaNtoso(exported(style))
      expect(draft.texts.map(shapeOf)).toEqual(facts.texts.map(({ lang, content }) => expectedText(content, style, lang)))
      const ids = ['c1', 'c2', 'c3']
      expect(clauses).toEqual([0, 1, 2].map(() => ids.map((clauseId) => ({ eId: clauseEId(style, clauseId), clauseId }))))
      expect(draft.format).toBe('akn')
      expect(draft.unmapped).toEqual([])
    })
  }

  it('keeps references to clauses, party references and marks as the draft’s inlines', () => {
    const [english] = readAkomaNtoso(exported()).draft.texts
    const heading = english!.clauses[1]!.heading.inlines
    expect(heading.map((inline) => [inline.kind, inline.text, inline.kind === 'clause-ref' ? inline.clause : null])).toEqual([
      ['text', 'Requests under ', null],
      ['clause-ref', 'Paragraph 1', 0],
    ])
    const first = english!.clauses[0]!.body[0]!.block.inlines
    expect(first.map((inline) => [inline.kind, inline.text, inline.kind === 'party-ref' ? `${inline.party} ${inline.form}` : null, inline.marks.strong, inline.marks.em])).toEqual([
      ['text', 'The ', null, false, false],
      ['party-ref', 'DSI and CNP', '* shortName', false, false],
      ['text', ' ', null, false, false],
      ['text', 'will', null, true, false],
      ['text', ' ', null, false, false],
      ['text', 'closely', null, false, true],
      ['text', ' cooperate.', null, false, false],
    ])
    // A reference to a clause that no longer exists stays the words it read as.
    const numbered = english!.clauses[1]!.body[2]!
    expect(numbered.kind === 'numbered' && numbered.block.inlines.map((inline) => inline.kind)).toEqual(['text', 'text', 'text'])
  })

  it('reads a bracket’s alternatives as one proposal — the first a deletion, the other an insertion — each by its party, or resolves them as asked', () => {
    const { draft } = readAkomaNtoso(exported())
    const inlines = draft.texts[0]!.clauses[1]!.body[0]!.block.inlines
    expect(inlines.map((inline) => [inline.text, inline.change?.kind ?? null, inline.change?.author ?? null, inline.change?.proposal ?? null])).toEqual([
      ['Answers within ', null, null, null],
      ['thirty', 'deletion', dsi.name, 1],
      ['sixty', 'insertion', cnp.name, 1],
      [' days.', null, null, null],
    ])
    expect(draft.authors).toEqual([
      { name: dsi.name, insertions: 0, deletions: 1 },
      { name: cnp.name, insertions: 1, deletions: 0 },
    ])
    const accepted = readAkomaNtoso(exported(), { changes: 'accept' }).draft
    expect([accepted.changes, blockText(accepted.texts[0]!.clauses[1]!.body[0]!.block)]).toEqual(['accept', 'Answers within sixty days.'])
    expect(blockText(readAkomaNtoso(exported(), { changes: 'reject' }).draft.texts[0]!.clauses[1]!.body[0]!.block)).toBe('Answers within thirty days.')
  })

  it('reports every paragraph of the files and where it went, the testimonium and signatures as Counterpart’s own', () => {
    const { draft } = readAkomaNtoso(exported())
    const thai = draft.paragraphs.filter((entry) => entry.where.startsWith('th.xml: '))
    expect(thai.map((entry) => [entry.destination, entry.clause, entry.written])).toEqual([
      ['title', null, null],
      ['recital', null, null],
      ['recital', null, null],
      ['closing_formula', null, null],
      ['clause_heading', 1, 'ข้อ ๑'],
      ['paragraph', 1, null],
      ['clause_heading', 2, 'ข้อ ๒'],
      ['paragraph', 2, null],
      ['numbered_paragraph', 2, '๑.'],
      ['sub_paragraph', 2, '(ก)'],
      ['sub_paragraph', 2, '(ข)'],
      ['numbered_paragraph', 2, '๒.'],
      ['sub_paragraph', 2, '(ก)'],
      ['clause_heading', 3, 'ข้อ ๓'],
      ['paragraph', 3, null],
      ['paragraph', 3, null],
      ['final_provisions', null, null],
      ['generated', null, null],
      ['generated', null, null],
      ['generated', null, null],
    ])
    expect(thai[8]).toMatchObject({ where: 'th.xml: #para_c2__subpara_1/intro/p', text: 'เป็นลายลักษณ์อักษร', lang: 'th', intoText: 'th' })
    expect(draft.paragraphs.map((entry) => entry.source)).toEqual(draft.paragraphs.map((_, index) => index + 1))
    expect(draft.texts[1]!.clauses[1]!.body[1]!.block.sources).toEqual([thai[8]!.source])
  })
})

const akn = (body: string, type = 'doc name="memorandum"', meta = '') =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><${type}>${meta}${body}</${type.split(' ')[0]}></akomaNtoso>`

describe('Akoma Ntoso from elsewhere', () => {
  it('reads a LEOS-style text: articles, numbered paragraphs with lists of points, citations, recitals and formulas', () => {
    const xml = akn(
      `<meta><identification source="#leos"><FRBRExpression><FRBRlanguage language="eng"/></FRBRExpression></identification></meta>
      <preface><longTitle><p><docStage>Proposal for a</docStage> <docType>Memorandum</docType> <docPurpose>on police cooperation</docPurpose></p></longTitle></preface>
      <preamble><formula name="actingEntity"><p>THE PARTICIPANTS,</p></formula>
        <citations><citation><p>Having regard to the Convention,</p></citation></citations>
        <recitals><intro><p>Whereas:</p></intro><recital><num>(1)</num><p>Trafficking is a grave crime.</p></recital></recitals>
        <formula name="enactingFormula"><p>HAVE REACHED THE FOLLOWING UNDERSTANDING:</p></formula></preamble>
      <body><chapter eId="chp_1"><num>CHAPTER I</num><heading>General</heading>
        <article eId="art_1"><num>Article 1</num><heading>Scope</heading>
          <paragraph eId="art_1__para_1"><num>1.</num><content><p>This applies to <ref href="#art_2">Article 2</ref>.</p></content></paragraph>
          <paragraph eId="art_1__para_2"><num>2.</num><list eId="art_1__para_2__list_1"><intro><p>It covers:</p></intro>
            <point eId="art_1__para_2__list_1__point_a"><num>(a)</num><content><p>exchange of <b>information</b>;</p></content></point>
            <point eId="art_1__para_2__list_1__point_b"><num>(b)</num><list><intro><p>joint work:</p></intro><point><num>(i)</num><content><p>planning;</p></content></point></list></point>
          </list></paragraph>
        </article></chapter>
        <article eId="art_2"><num>Article 2</num><heading>Costs</heading><content><p>Each bears its own <ins>costs</ins>.</p><table><tr><td><p>Budget</p></td></tr></table></content></article>
      </body>
      <conclusions><p>Done at Brussels, <date date="2027-01-01">1 January 2027</date>.</p><block name="signatory"><signature><role>For the Council</role></signature></block></conclusions>`,
      'bill name="regulation"',
    )
    const { draft, clauses } = readAkomaNtoso([{ name: 'leos.xml', xml }])
    const [text] = draft.texts
    expect(text!.lang).toBe('en')
    expect(shapeOf(text!)).toEqual({
      lang: 'en',
      title: 'Proposal for a Memorandum on police cooperation',
      recitals: ['THE PARTICIPANTS,', 'Having regard to the Convention,', 'Whereas:', 'Trafficking is a grave crime.'],
      formula: 'HAVE REACHED THE FOLLOWING UNDERSTANDING:',
      clauses: [
        {
          written: '1',
          heading: 'Scope',
          body: [
            { kind: 'numbered', text: 'This applies to Article 2.', written: '1.', subs: [] },
            { kind: 'numbered', text: 'It covers:', written: '2.', subs: [{ text: 'exchange of information;', written: '(a)' }, { text: 'joint work: (i) planning;', written: '(b)' }] },
          ],
        },
        { written: '2', heading: 'Costs', body: [{ kind: 'paragraph', text: 'Each bears its own costs.', written: null }] },
      ],
      finals: [],
    })
    expect(clauses).toEqual([[{ eId: 'art_1', clauseId: null }, { eId: 'art_2', clauseId: null }]])
    expect(text!.clauses[0]!.body[0]!.block.inlines[1]).toMatchObject({ kind: 'clause-ref', clause: 1, text: 'Article 2' })
    expect(text!.clauses[1]!.body[0]!.block.inlines[1]).toMatchObject({ text: 'costs', change: { kind: 'insertion', author: 'unknown' } })
    expect(draft.unmapped.map((item) => [item.kind, item.text, item.where])).toEqual([
      ['paragraph', 'CHAPTER I', '#chp_1/num'],
      ['paragraph', 'General', '#chp_1/heading'],
      ['table', 'Budget', '#art_2/content/table'],
    ])
    expect(draft.paragraphs.filter((entry) => entry.destination === 'generated').map((entry) => entry.text)).toEqual(['Done at Brussels, 1 January 2027.'])
    expect(draft.paragraphs.find((entry) => entry.text === 'planning;')).toMatchObject({ destination: 'joined', written: '(i)', clause: 1 })
  })

  it('reads an Indigo-style act: sections with subsections, intro and wrap-up, Thai by its script', () => {
    const xml = akn(
      `<meta/><preface><longTitle><p>ว่าด้วยความร่วมมือ</p></longTitle><p>ฉบับที่ ๑</p></preface>
      <body><section eId="sec_1"><num>1.</num><heading>บทนิยาม</heading>
        <subsection eId="sec_1__subsec_1"><num>(1)</num><intro><p>ในบันทึกนี้</p></intro><paragraph eId="sec_1__subsec_1__para_a"><num>(a)</num><content><p>“ภาคี” หมายถึง</p></content></paragraph><wrapUp><p>เว้นแต่</p></wrapUp></subsection>
        <hcontainer name="crossheading"><content><p>ข้อความ</p></content></hcontainer>
      </section></body>`,
      'act contains="singleVersion" name="act"',
    )
    const { draft } = readAkomaNtoso([{ name: 'indigo.xml', xml }])
    expect(shapeOf(draft.texts[0]!)).toEqual({
      lang: 'th',
      title: 'ว่าด้วยความร่วมมือ',
      recitals: [],
      formula: null,
      clauses: [
        {
          written: '1',
          heading: 'บทนิยาม',
          body: [
            { kind: 'numbered', text: 'ในบันทึกนี้', written: '(1)', subs: [{ text: '“ภาคี” หมายถึง เว้นแต่', written: '(a)' }] },
            { kind: 'paragraph', text: 'ข้อความ', written: null },
          ],
        },
      ],
      finals: [],
    })
    expect(draft.unmapped.map((item) => [item.text, item.note])).toEqual([['ฉบับที่ ๑', 'front matter: an instrument has only its title before the preamble']])
  })
})

describe('what the reader refuses', () => {
  const refused = (xml: string) => refusalOf(() => readAkomaNtoso([{ name: 'bad.xml', xml }]))

  it('refuses what is not well-formed, declares a DOCTYPE, is not Akoma Ntoso or not a doc, act or bill, in words', () => {
    expect(refused('<akomaNtoso')).toMatchObject({ code: 'invalid', message: expect.stringMatching(/^bad\.xml is not well-formed XML: /) })
    expect(refused('<!DOCTYPE a [<!ENTITY x "y">]><akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"/>')).toMatchObject({
      code: 'invalid',
      message: 'bad.xml declares a DOCTYPE; an Akoma Ntoso file has none, and none is read',
    })
    expect(refused('<html xmlns="http://www.w3.org/1999/xhtml"/>')).toMatchObject({ code: 'invalid', message: 'bad.xml is not Akoma Ntoso: its root is <html> in http://www.w3.org/1999/xhtml, not <akomaNtoso> in http://docs.oasis-open.org/legaldocml/ns/akn/3.0' })
    expect(refused(akn('<debateBody/>', 'debate name="x"'))).toMatchObject({ code: 'invalid', message: 'bad.xml is an Akoma Ntoso <debate>: a draft is read from a doc, an act or a bill' })
    expect(refused(akn('<meta/>'))).toMatchObject({ code: 'invalid', message: 'bad.xml has no mainBody' })
  })

  it('bounds the depth of nesting and the number of paragraphs before walking them', () => {
    const deep = akn(`<mainBody><article>${'<b>'.repeat(5000)}x${'</b>'.repeat(5000)}</article></mainBody>`)
    expect(refused(deep)).toMatchObject({ code: 'too-large', message: 'bad.xml nests elements 49 deep; an AKN file is read up to 48' })
    const many = akn(`<mainBody><article><content>${'<p>x</p>'.repeat(5001)}</content></article></mainBody>`)
    expect(refused(many)).toMatchObject({ code: 'too-large', message: 'the files hold more than 5000 paragraphs; an import reads at most that many' })
  })

  it('takes one XML file or a zip of them, and refuses a zip with none or an oversized upload', () => {
    const files = exported()
    const zip = writeZip(Object.fromEntries(files.map((file) => [file.name, new TextEncoder().encode(file.xml)])))
    expect(akomaNtosoFiles(zip).map((file) => file.name)).toEqual(['en.xml', 'km.xml', 'th.xml'])
    expect(akomaNtosoFiles(new TextEncoder().encode(`\uFEFF${files[0]!.xml}`), 'one.xml')).toEqual([{ name: 'one.xml', xml: files[0]!.xml }])
    expect(refusalOf(() => akomaNtosoFiles(writeZip({ 'a.txt': new Uint8Array([1]) })))).toMatchObject({ code: 'invalid', message: 'the zip holds no .xml file: send an Akoma Ntoso XML file, or a zip of one per language' })
    expect(refusalOf(() => akomaNtosoFiles(new Uint8Array(11 * 1024 * 1024)))).toMatchObject({ code: 'too-large' })
    expect(refusalOf(() => akomaNtosoFiles(new Uint8Array([0x3c, 0xff, 0x3e])))).toMatchObject({ code: 'invalid', message: 'upload.xml is not UTF-8 text: an Akoma Ntoso file is XML in UTF-8' })
  })
})
