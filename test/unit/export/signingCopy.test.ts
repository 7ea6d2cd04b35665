import { Node } from 'prosemirror-model'
import { describe, expect, it } from 'vitest'
import { PieceCache, PiecedBody } from '../../../server/export/bodyPieces.js'
import { docxBytes, packDocx, partText } from '../../../server/export/docxPackage.js'
import { sealPlaceholder, sealProperties } from '../../../server/export/seal.js'
import { buildSigningCopy, originalLanguages, type SigningCopyFacts } from '../../../server/export/signingCopy.js'
import type { DocumentRecord } from '../../../server/vocabulary/document.js'
import { mouSchema } from '../../../server/vocabulary/schema.js'
import { unsetSigning, type SigningSettings } from '../../../server/vocabulary/signing.js'
import { clause, doc, em, finals, formula, heading, np, p, partyRef, preamble, recital, ref, strong, sub, title, underline } from '../../support/docBuilders.js'
import { paragraphTexts } from '../../support/docxText.js'
import { cnp, dsi } from '../../support/parties.js'

const document: DocumentRecord = {
  id: 'doc-1',
  title: 'Police cooperation',
  style: 'treaty',
  parties: [dsi, cnp],
  languages: { working: 'en', others: ['th', 'km'] },
  fullAgreementBy: 'delegates',
  createdAt: new Date('2026-01-01T00:00:00Z'),
}
const revision = { seq: 3, contentHash: '0123456789abcdef'.repeat(4), createdAt: new Date('2026-01-05T08:30:00Z') }

const english = doc(
  title('Agreement between the ', partyRef('*'), ' on Police Cooperation'),
  preamble(recital('The ', partyRef('*', 'shortName'), ', hereinafter “the Parties”;'), recital('RECOGNISING the friendship between the ', partyRef('*', 'state'), ';'), formula('HAVE AGREED as follows:')),
  clause('c1', heading('Objectives'), p('The Parties ', strong('will'), ' ', em('closely'), ' ', underline('cooperate'), '; the ', partyRef('TH', 'shortName'), ' leads.')),
  clause('c2', heading('Requests under ', ref('c1')), np(p('In writing.'), sub('the facts;'), sub('the purpose.')), np(p('Answers follow ', ref('c9'), '.')), sub('A note.')),
  finals(p('IN WITNESS WHEREOF, the undersigned have signed this Agreement.')),
)
const thai = doc(
  title('ความตกลงระหว่าง', partyRef('*'), 'ว่าด้วยความร่วมมือ'),
  preamble(recital(partyRef('*', 'shortName'), ' ซึ่งต่อไปนี้เรียกว่า “ภาคี”'), recital('ตระหนักถึงมิตรภาพระหว่าง', partyRef('*', 'state')), formula('ได้ตกลงกันดังต่อไปนี้')),
  clause('c1', heading('วัตถุประสงค์'), p('ภาคีจะร่วมมือกัน')),
  clause('c2', heading('คำร้องขอตาม', ref('c1')), np(p('เป็นลายลักษณ์อักษร'), sub('ข้อเท็จจริง'), sub('วัตถุประสงค์')), np(p('คำตอบตาม', ref('c9'))), sub('หมายเหตุ')),
  finals(p('เพื่อเป็นพยานแก่การนี้ ผู้ลงนามข้างท้ายได้ลงนามความตกลงนี้')),
)
const khmer = doc(
  title('កិច្ចព្រមព្រៀងរវាង', partyRef('*')),
  preamble(recital(partyRef('*', 'shortName'), ' ដែលតទៅនេះហៅថា “ភាគី”'), recital('រវាង', partyRef('*', 'state')), formula('បានព្រមព្រៀងគ្នាដូចតទៅ៖')),
  clause('c1', heading('គោលបំណង'), p('ភាគីនឹងសហការគ្នាយ៉ាងជិតស្និទ្ធ')),
  clause('c2', heading('សំណើ'), np(p('ជាលាយលក្ខណ៍អក្សរ'), sub('ការពិត'), sub('គោលបំណង')), np(p('ចម្លើយ')), sub('កំណត់សម្គាល់')),
  finals(p('ដើម្បីជាសក្ខីភាព អ្នកចុះហត្ថលេខាខាងក្រោមបានចុះហត្ថលេខា')),
)
const texts = { en: english, th: thai, km: khmer } as const

const settings: SigningSettings = {
  place: { en: 'Bangkok', th: 'กรุงเทพมหานคร', km: 'បាងកក' },
  date: '2027-03-15',
  originals: 2,
  prevailingLanguage: 'en',
  signatories: {
    TH: { en: { name: 'Pol. Col. Somchai Jaidee', title: 'Director-General, Department of Special Investigation' }, th: { name: 'พันตำรวจเอก สมชาย ใจดี', title: 'อธิบดีกรมสอบสวนคดีพิเศษ' } },
    KH: { en: { name: 'Police Lieutenant General Sok Dara', title: 'Deputy Commissioner General, Cambodian National Police' } },
  },
}

/** The facts of `party`'s original, with `changes`. */
function factsOf(party: string, changes: Partial<SigningCopyFacts> = {}): SigningCopyFacts {
  const order = originalLanguages(document, party)
  return {
    document,
    revision,
    texts: order.map((lang) => ({ lang, content: texts[lang as keyof typeof texts] })),
    counterpart: party,
    settings,
    fingerprint: null,
    initials: false,
    ...changes,
  }
}

/** The parts of `party`'s original, with `changes` to the facts. */
const originalOf = (party: string, changes: Partial<SigningCopyFacts> = {}) => packDocx(buildSigningCopy(factsOf(party, changes)), revision.createdAt)

/** The same, its clauses kept in `cache`. */
async function piecedOriginalOf(cache: PieceCache, party: string, changes: Partial<SigningCopyFacts> = {}) {
  const pieces = new PiecedBody(cache)
  return packDocx(buildSigningCopy(factsOf(party, changes), pieces), revision.createdAt, pieces)
}

/** Paragraph texts, zero-width spaces (Khmer word breaks) removed. */
const textsOf = (xml: string) => paragraphTexts(xml).map((text) => text.replace(/\u200b/g, ''))

describe('a signing original', () => {
  it('holds every language text in the alternat: its party’s language first, the other party’s, then the working language', () => {
    expect(originalLanguages(document, 'TH')).toEqual(['th', 'km', 'en'])
    expect(originalLanguages(document, 'KH')).toEqual(['km', 'th', 'en'])
    expect(originalLanguages({ ...document, parties: [{ ...dsi, language: null }, { ...cnp, language: null }] }, 'KH')).toEqual(['en', 'th', 'km'])
  })

  it('writes each text whole, numbered in its own words, with its testimonium and signature blocks, the other party named second', async () => {
    const paragraphs = textsOf(partText(await originalOf('TH', { texts: [{ lang: 'en', content: english }] }), 'word/document.xml')!)
    expect(paragraphs).toEqual([
      `Agreement between the ${dsi.name} and the ${cnp.name} on Police Cooperation`,
      'The DSI and CNP, hereinafter “the Parties”;',
      'RECOGNISING the friendship between the Kingdom of Thailand and the Kingdom of Cambodia;',
      'HAVE AGREED as follows:',
      'Article 1',
      'Objectives',
      'The Parties will closely cooperate; the DSI leads.',
      'Article 2',
      'Requests under Article 1',
      '1.\tIn writing.',
      '(a)\tthe facts;',
      '(b)\tthe purpose.',
      '2.\tAnswers follow [missing reference].',
      '(a)\tA note.',
      'IN WITNESS WHEREOF, the undersigned have signed this Agreement.',
      'Done at Bangkok on 15 March 2027, in two originals, each in the English languages, all texts being equally authentic. In case of any divergence of interpretation, the English text shall prevail.',
      `For the ${dsi.name}`,
      `For the ${cnp.name}`,
      '',
      '',
      '______________________________',
      '______________________________',
      'Pol. Col. Somchai Jaidee',
      'Police Lieutenant General Sok Dara',
      'Director-General, Department of Special Investigation',
      'Deputy Commissioner General, Cambodian National Police',
    ])
  })

  it('names the other party first everywhere in its original, in every language, and lists the languages in its order', async () => {
    const xml = partText(await originalOf('KH'), 'word/document.xml')!
    const paragraphs = textsOf(xml)
    // Khmer first, then Thai, then English: each text starts with its title.
    const titles = paragraphs.filter((text) => /^(Agreement|ความตกลง|កិច្ចព្រមព្រៀង)/.test(text))
    expect(titles).toEqual([`កិច្ចព្រមព្រៀងរវាង${cnp.names.km!.name} និង ${dsi.names.km!.name}`, `ความตกลงระหว่าง${cnp.names.th!.name} และ ${dsi.names.th!.name}ว่าด้วยความร่วมมือ`, `Agreement between the ${cnp.name} and the ${dsi.name} on Police Cooperation`])
    expect(paragraphs).toContain('The CNP and DSI, hereinafter “the Parties”;')
    expect(paragraphs).toContain('RECOGNISING the friendship between the Kingdom of Cambodia and the Kingdom of Thailand;')
    expect(paragraphs).toContain('ตระหนักถึงมิตรภาพระหว่างราชอาณาจักรกัมพูชา และ ราชอาณาจักรไทย')
    expect(paragraphs).toContain('រវាងព្រះរាជាណាចក្រកម្ពុជា និង ព្រះរាជាណាចក្រថៃ')
    expect(paragraphs.filter((text) => text.startsWith('For the '))).toEqual([`For the ${cnp.name}`, `For the ${dsi.name}`])
    expect(paragraphs.find((text) => text.startsWith('Done at'))).toContain('each in the Khmer, Thai and English languages')
    expect(paragraphs.find((text) => text.startsWith('ทำ ณ'))).toBe(
      'ทำ ณ กรุงเทพมหานคร เมื่อวันที่ ๑๕ มีนาคม ๒๕๗๐ เป็นต้นฉบับ ๒ ชุด เป็นภาษาเขมร ภาษาไทย และภาษาอังกฤษ ทุกฉบับมีความถูกต้องเท่าเทียมกัน ในกรณีที่มีความแตกต่างในการตีความ ให้ใช้ตัวบทภาษาอังกฤษเป็นหลัก',
    )
    expect(paragraphs.find((text) => text.startsWith('ធ្វើនៅ'))).toContain('ជាភាសាខ្មែរ ភាសាថៃ និងភាសាអង់គ្លេស')
    // Numbered in each language's own words and digits.
    expect(paragraphs).toEqual(expect.arrayContaining(['មាត្រា ១', 'មាត្រា ២', 'ข้อ ๑', 'ข้อ ๒', 'Article 1', '(ก)\tข้อเท็จจริง', '(ក)\tការពិត']))
    // The Thai signatory where one is set in Thai; the working language's otherwise.
    expect(paragraphs).toEqual(expect.arrayContaining(['พันตำรวจเอก สมชาย ใจดี', 'Police Lieutenant General Sok Dara']))
  })

  it('keeps the marks of the text: bold, italics, underline', async () => {
    const xml = partText(await originalOf('TH', { texts: [{ lang: 'en', content: english }] }), 'word/document.xml')!
    const runOf = (text: string) => [...xml.matchAll(/<w:r>[\s\S]*?<\/w:r>/g)].map(([run]) => run).find((run) => run.includes(`>${text}</w:t>`))!
    expect([runOf('will'), runOf('closely'), runOf('cooperate')].map((run) => [/<w:b\/>/.test(run), /<w:i\/>/.test(run), /<w:u /.test(run)])).toEqual([
      [true, false, false],
      [false, true, false],
      [false, false, true],
    ])
  })

  it('is laid out by paragraph styles that give the navigation pane each text and clause, Thai at 16 pt and Khmer flush left with word breaks', async () => {
    const entries = await originalOf('TH')
    const xml = partText(entries, 'word/document.xml')!
    const stylesXml = partText(entries, 'word/styles.xml')!
    const outlineOf = (id: string) => new RegExp(`w:styleId="${id}"[\\s\\S]*?</w:style>`).exec(stylesXml)?.[0].match(/<w:outlineLvl w:val="(\d)"\/>/)?.[1]
    expect([outlineOf('InstrumentTitle'), outlineOf('ClauseLabel'), outlineOf('ClauseHeading')]).toEqual(['0', '1', '2'])
    const paragraphs = [...xml.matchAll(/<w:p>[\s\S]*?<\/w:p>/g)].map(([paragraph]) => paragraph)
    // Every paragraph but the section breaks between the texts has a style.
    expect(paragraphs.filter((paragraph) => !paragraph.includes("<w:sectPr")).every((paragraph) => /<w:pStyle w:val="[A-Za-z]+"\/>/.test(paragraph))).toBe(true)
    expect(xml).not.toMatch(/<w:jc |<w:ind |<w:spacing /)
    const thaiRun = [...xml.matchAll(/<w:r>[\s\S]*?<\/w:r>/g)].map(([run]) => run).find((run) => run.includes('ภาคีจะร่วมมือกัน'))!
    // Thai and Khmer runs name their script's character style: TH Sarabun New at 16 pt; Khmer OS Siemreap at 11 pt.
    expect(thaiRun).toMatch(/<w:rStyle w:val="ThaiText"\/>/)
    const characterStyle = (id: string) => new RegExp(`w:styleId="${id}"[\\s\\S]*?</w:style>`).exec(stylesXml)![0]
    expect(characterStyle('ThaiText')).toMatch(/w:cs="TH Sarabun New"[\s\S]*<w:szCs w:val="32"\/>[\s\S]*w:bidi="th-TH"/)
    expect(characterStyle('KhmerText')).toMatch(/w:cs="Khmer OS Siemreap"[\s\S]*<w:szCs w:val="22"\/>[\s\S]*w:bidi="km-KH"/)
    const khmerParagraph = paragraphs.find((paragraph) => paragraph.includes('ភាគី'))!
    expect(khmerParagraph).toMatch(/<w:pStyle w:val="InstrumentBodyKhmer"\/>/)
    expect(textsOf(xml).join('\n')).toContain('ភាគីនឹងសហការគ្នាយ៉ាងជិតស្និទ្ធ')
    expect(paragraphTexts(xml).find((text) => text.startsWith('ភាគី'))).toMatch(/\u200b/)
    expect(/w:styleId="InstrumentBodyKhmer"[\s\S]*?<w:jc w:val="left"\/>/.test(stylesXml)).toBe(true)
  })

  it('carries no drafting marks: no header, a footer with the page number in each text’s words, the fingerprint and initials only when asked', async () => {
    const plain = await originalOf('KH')
    expect(plain.entries.map((entry) => entry.name).filter((name) => /header/.test(name))).toEqual([])
    const footers = plain.entries.map((entry) => entry.name).filter((name) => /^word\/footer\d+\.xml$/.test(name)).sort()
    expect(footers.map((name) => textsOf(partText(plain, name)!).join('|'))).toEqual(['ទំព័រ ', 'หน้า ', 'Page '])
    expect(footers.every((name) => partText(plain, name)!.includes('PAGE'))).toBe(true)
    expect(partText(plain, 'word/document.xml')).toMatch(/<w:pgNumType w:start="1" w:fmt="thaiNumbers"\/>/)

    const marked = await originalOf('KH', { fingerprint: '3 · 0123456789abcdef · fedcba9876543210', initials: true })
    const footer = partText(marked, 'word/footer1.xml')!
    expect(textsOf(footer)).toEqual(['ហត្ថលេខាតូច CNP', '', 'ហត្ថលេខាតូច DSI', '', '3 · 0123456789abcdef · fedcba9876543210', 'ទំព័រ '])
    expect(footer).toMatch(/<w:tbl>/)
  })

  it('names in its properties the document, revision, content hash, party and languages, its seal still to be set', async () => {
    const entries = await originalOf('KH')
    const custom = partText(entries, 'docProps/custom.xml')!
    const property = (name: string) => new RegExp(`name="${name}"><vt:lpwstr>([^<]*)</vt:lpwstr>`).exec(custom)?.[1]
    expect([sealProperties.documentId, sealProperties.revision, sealProperties.contentHash, sealProperties.counterpart, sealProperties.languages, sealProperties.seal].map(property)).toEqual([
      'doc-1',
      '3',
      revision.contentHash,
      'KH',
      'km,th,en',
      sealPlaceholder,
    ])
    expect(partText(entries, 'docProps/core.xml')).toContain(`<dc:subject>Original of the ${cnp.name}</dc:subject>`)
  })

  it('leaves blanks for what is not set yet', async () => {
    const paragraphs = textsOf(partText(await originalOf('TH', { texts: [{ lang: 'en', content: english }], settings: unsetSigning }), 'word/document.xml')!)
    expect(paragraphs).toEqual(expect.arrayContaining(['Name:', 'Title:']))
    expect(paragraphs.find((text) => text.startsWith('Done at'))).toBe('Done at ____________ on ____________, in two originals, each in the English languages, all texts being equally authentic.')
  })

  it('writes a clause once: built from clauses kept, it is the very bytes built afresh, and its body is the one built without pieces', async () => {
    const cache = new PieceCache()
    const first = await piecedOriginalOf(cache, 'TH')
    expect(cache.size, 'two clauses in three languages').toBe(6)
    expect(partText(first, 'word/document.xml')).toBe(partText(await originalOf('TH'), 'word/document.xml'))
    expect(docxBytes(await piecedOriginalOf(cache, 'TH'))).toEqual(docxBytes(first))
    expect(cache.size).toBe(6)

    const changed = { texts: factsOf('TH').texts.map((text) => (text.lang === 'en' ? { lang: 'en', content: doc(english.child(0), english.child(1), clause('c1', heading('Objectives'), p('The Parties will cooperate.')), english.child(3), english.child(4)) } : text)) }
    const warm = await piecedOriginalOf(cache, 'TH', changed)
    expect(cache.size, 'only the changed clause is written').toBe(7)
    expect(docxBytes(warm)).toEqual(docxBytes(await piecedOriginalOf(new PieceCache(), 'TH', changed)))
    expect(textsOf(partText(warm, 'word/document.xml')!)).toContain('The Parties will cooperate.')
    expect(partText(warm, 'word/document.xml')).toBe(partText(await originalOf('TH', changed), 'word/document.xml'))
  })

  it('describes a clause node again when its number, its paragraphs\u2019 numbers, the numbers it refers to or the parties\u2019 order changed', () => {
    const bodyOf = (party: string, content: Node) => partText(originalOf(party, { texts: [{ lang: 'en', content }] }), 'word/document.xml')!
    const fresh = (content: Node) => Node.fromJSON(mouSchema, content.toJSON())
    bodyOf('TH', english)
    // The same nodes of c1 and c2, a clause before them: every number they show moves on by one.
    const moved = doc(english.child(0), english.child(1), clause('c0', heading('Definitions'), np(p('Terms.'))), english.child(2), english.child(3), english.child(4))
    const shared = bodyOf('TH', moved)
    expect(shared).toBe(bodyOf('TH', fresh(moved)))
    expect(textsOf(shared)).toEqual(expect.arrayContaining(['Article 3', 'Requests under Article 2', '1.\tIn writing.']))
    // The other party's original: the same nodes, the parties named in its order.
    expect(bodyOf('KH', moved)).toBe(bodyOf('KH', fresh(moved)))
    expect(bodyOf('TH', english)).toBe(bodyOf('TH', fresh(english)))
  })

  it('is refused for a party the document does not have', () => {
    expect(() => buildSigningCopy({ document, revision, texts: [], counterpart: 'LA', settings, fingerprint: null, initials: false })).toThrow(new RangeError('document doc-1 has no party LA'))
  })
})
