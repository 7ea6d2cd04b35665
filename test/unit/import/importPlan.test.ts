import type { Node } from 'prosemirror-model'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { docxBytes, packDocx } from '../../../server/export/docxPackage.js'
import { buildRedline } from '../../../server/export/redlineDocument.js'
import { buildSigningCopy } from '../../../server/export/signingCopy.js'
import { planImport, type ImportTarget } from '../../../server/import/importPlan.js'
import { writeImport } from '../../../server/import/importWriting.js'
import { readWordDraft } from '../../../server/import/wordDraft.js'
import { contentsOfState, encodeContent, readContent, toYElement } from '../../../server/mou/contentCodec.js'
import { resolveAnchor } from '../../../server/negotiation/commentAnchor.js'
import { compareDocuments } from '../../../server/revisions/comparison.js'
import { bracketsOf } from '../../../server/vocabulary/brackets.js'
import { documentParts } from '../../../server/vocabulary/documentText.js'
import { numberDocument } from '../../../server/vocabulary/numbering.js'
import { unsetSigning } from '../../../server/vocabulary/signing.js'
import { bracket, clause, copyOf, doc, Drafting, em, finals, formula, heading, np, p, partyRef, preamble, recital, ref, secretariat, somchai, sokha, strong, sub, textAt, textOf, title, underline } from '../../support/docBuilders.js'
import { testParties } from '../../support/parties.js'
import { documentOf } from '../../support/akomaNtosoFixture.js'
import { para, wordFile } from '../../support/wordDrafts.js'
import { DeletedTextRun, InsertedTextRun, Paragraph, TextRun, CommentRangeStart, CommentRangeEnd } from 'docx'
import { partyNamer } from '../../../server/vocabulary/partyReference.js'

const document = documentOf('treaty')
const revision = { seq: 3, contentHash: '0'.repeat(64), createdAt: new Date('2026-01-05T08:30:00Z') }

const english = doc(
  title('Agreement between the ', partyRef('*'), ' on Police Cooperation'),
  preamble(recital('The ', partyRef('*', 'shortName'), ', hereinafter “the Parties”;'), recital('RECOGNISING the friendship between the ', partyRef('*', 'state'), ';'), formula('HAVE AGREED as follows:')),
  clause('c1', heading('Objectives'), p('The Parties ', strong('will'), ' ', em('closely'), ' ', underline('cooperate'), '; the ', partyRef('TH', 'shortName'), ' leads.')),
  clause('c2', heading('Requests under ', ref('c1')), np(p('In writing.'), sub('the facts;'), sub('the purpose.')), np(p('Answers follow ', ref('c1'), '.')), p('A note.'), sub('first;'), sub('second.')),
  finals(p('IN WITNESS WHEREOF, the undersigned have signed this Agreement.')),
)
const thai = doc(
  title('ความตกลงระหว่าง', partyRef('*'), 'ว่าด้วยความร่วมมือ'),
  preamble(recital(partyRef('*', 'shortName'), ' ซึ่งต่อไปนี้เรียกว่า “ภาคี”'), recital('ตระหนักถึงมิตรภาพระหว่าง', partyRef('*', 'state')), formula('ได้ตกลงกันดังต่อไปนี้')),
  clause('c1', heading('วัตถุประสงค์'), p('ภาคีจะร่วมมือกัน')),
  clause('c2', heading('คำร้องขอตาม', ref('c1')), np(p('เป็นลายลักษณ์อักษร'), sub('ข้อเท็จจริง'), sub('วัตถุประสงค์')), np(p('คำตอบตาม', ref('c1'))), p('หมายเหตุ'), sub('ประการแรก'), sub('ประการที่สอง')),
  finals(p('เพื่อเป็นพยานแก่การนี้ ผู้ลงนามข้างท้ายได้ลงนามความตกลงนี้')),
)
const khmer = doc(
  title('កិច្ចព្រមព្រៀងរវាង', partyRef('*')),
  preamble(recital(partyRef('*', 'shortName'), ' ដែលតទៅនេះហៅថា “ភាគី”'), recital('ដោយទទួលស្គាល់មិត្តភាពរវាង', partyRef('*', 'state')), formula('បានព្រមព្រៀងគ្នាដូចតទៅ៖')),
  clause('c1', heading('គោលបំណង'), p('ភាគីនឹងសហការគ្នាយ៉ាងជិតស្និទ្ធ')),
  clause('c2', heading('សំណើ'), np(p('ជាលាយលក្ខណ៍អក្សរ'), sub('ការពិត'), sub('គោលបំណង')), np(p('ចម្លើយ')), p('កំណត់សម្គាល់'), sub('ទីមួយ'), sub('ទីពីរ')),
  finals(p('ដើម្បីជាសក្ខីភាព អ្នកចុះហត្ថលេខាខាងក្រោមបានចុះហត្ថលេខា')),
)

let bracketCount = 0
let clauseCount = 0
const target = (current: Node, changes: Partial<ImportTarget> = {}): ImportTarget => ({
  document,
  current,
  bracketOwner: null,
  newClauseId: () => `new-${++clauseCount}`,
  newBracketId: () => `br-${++bracketCount}`,
  ...changes,
})

/** A text as its parts read: labels, headings, lines with their numbers, parties by name; clause ids left out. */
const partsOf = (content: Node, lang = 'en') => documentParts(content, numberDocument(content, document.style, lang), partyNamer(testParties, lang)).map(({ clauseId: _id, ...part }) => part)

describe('a Word draft planned into a document', () => {
  it('gives back the texts of a signing original exported by Counterpart: the same clauses, paragraphs and words, references and party names as references', async () => {
    const bytes = docxBytes(packDocx(buildSigningCopy({ document, revision, texts: [{ lang: 'th', content: thai }, { lang: 'km', content: khmer }, { lang: 'en', content: english }], counterpart: 'TH', settings: unsetSigning, fingerprint: null, initials: false }), revision.createdAt))
    const plan = planImport(readWordDraft(bytes, 'brackets'), target(english))
    // Its own clause ids, matched by heading; every node, mark and reference as it was.
    expect(plan.working.content.toJSON()).toEqual(english.toJSON())
    expect(plan.translations.map((text) => text.lang)).toEqual(['th', 'km'])
    expect(plan.translations[0]!.content.toJSON()).toEqual(thai.toJSON())
    expect(plan.translations[1]!.content.toJSON()).toEqual(khmer.toJSON())
    expect(plan.report.counts).toMatchObject({ clauses: 2, numberedParagraphs: 2, subParagraphs: 4, references: 4, brackets: 0, unmapped: 0 })
    expect(plan.report.paragraphs.filter((entry) => entry.destination === 'generated').length).toBeGreaterThan(0)
    expect(plan.preview.map((text) => [text.lang, text.target])).toEqual([['en', 'working'], ['th', 'translation'], ['km', 'translation']])
    expect(plan.preview[0]!.blocks.slice(6, 10)).toEqual([
      { kind: 'clause_heading', label: 'Article 2', text: 'Requests under Article 1', sources: [expect.any(Number), expect.any(Number)] },
      { kind: 'numbered_paragraph', label: '1.', text: 'In writing.', sources: [expect.any(Number)] },
      { kind: 'sub_paragraph', label: '(a)', text: 'the facts;', sources: [expect.any(Number)] },
      { kind: 'sub_paragraph', label: '(b)', text: 'the purpose.', sources: [expect.any(Number)] },
    ])
  })

  it('gives back either side of a redline exported by Counterpart: its changes accepted, the new text; rejected, the old', async () => {
    const content = doc(
      title('Memorandum of <t>Understanding'),
      preamble(recital('RECOGNISING the need to cooperate;'), formula('HAVE REACHED the following understanding:')),
      clause('c1', heading('Objectives'), p('The Participants will <a>cooperate, as ', ref('c5'), ' says.')),
      clause('c2', heading('Scope'), p('This covers <b>all forms of <c>trafficking.')),
      clause('c3', heading('Costs'), p('Each Participant bears its own costs.')),
      clause('c4', heading('Review'), p('Reviewed yearly.'), p('Or on request.')),
      clause('c5', heading('Requests'), np(p('In writing.'), sub('the facts;'), sub('the purpose.')), np(p('Answers within 30 days.'))),
      finals(p('IN WITNESS WHEREOF, signed <d>twice<e>.')),
    )
    const at = (replica: Y.Doc, tag: string) => textAt(replica, content, content.tag[tag]!)
    const drafting = new Drafting(content, secretariat)
    const before = copyOf(drafting.doc)
    drafting.edit(secretariat, (replica) => {
      at(replica, 't').text.insert(at(replica, 't').index, 'Mutual ')
      const { text, index } = at(replica, 'd')
      text.delete(index, content.tag.e! - content.tag.d!)
      text.insert(index, 'in duplicate')
    })
    drafting.edit(somchai, (replica) => at(replica, 'a').text.insert(at(replica, 'a').index, 'closely '))
    drafting.edit(sokha, (replica) => {
      const { text, index } = at(replica, 'b')
      text.delete(index, content.tag.c! - content.tag.b!)
      const fragment = replica.getXmlFragment('prosemirror')
      const c4 = fragment.toArray().findIndex((element) => element instanceof Y.XmlElement && element.getAttribute('id') === 'c4')
      fragment.delete(c4, 1)
      const c5 = fragment.toArray().find((element) => element instanceof Y.XmlElement && element.getAttribute('id') === 'c5') as Y.XmlElement
      c5.insert(1, [toYElement(np(p('Requests go to the focal point.')))])
    })
    const [from, to] = [textOf(before), textOf(drafting.doc)]
    const memorandum = { ...document, style: 'mou' as const, languages: { working: 'en', others: [] } }
    const facts = { document: memorandum, comparison: compareDocuments(from, to, 'mou', drafting.authorship), from, to, authorship: drafting.authorship, fromName: 'Revision 1', toName: 'Revision 2', date: revision.createdAt }
    const bytes = docxBytes(packDocx(buildRedline(facts), revision.createdAt))
    const [old, now] = [readContent(before), readContent(drafting.doc)]
    const accepted = planImport(readWordDraft(bytes, 'accept'), { ...target(old), document: memorandum })
    const rejected = planImport(readWordDraft(bytes, 'reject'), { ...target(old), document: memorandum })
    const parts = (content: Node) => documentParts(content, numberDocument(content, 'mou'), partyNamer(testParties, 'en')).map(({ clauseId: _id, ...part }) => part)
    expect(parts(accepted.working.content)).toEqual(parts(now))
    expect(parts(rejected.working.content)).toEqual(parts(old))
    // Kept as proposals, the changes are brackets; the renumbering of a clause is none.
    const bracketed = planImport(readWordDraft(bytes, 'brackets'), { ...target(old), document: memorandum, bracketOwner: 'KH' })
    expect(bracketsOf(bracketed.working.content).map((bracket) => bracket.alternatives)).toEqual(expect.arrayContaining([['Mutual '], ['closely '], ['all forms of '], ['twice', 'in duplicate']]))
    expect(bracketed.report.authors.map((author) => author.name)).toEqual(expect.arrayContaining([expect.stringMatching(/Somchai/), expect.stringMatching(/Sokha/)]))
  })

  it('makes each tracked proposal a bracket of the importing party: the deleted words its first alternative, the inserted its second', async () => {
    const date = '2027-01-10T09:00:00Z'
    const file = await wordFile([
      {
        children: [
          para('Memorandum'),
          para('Recognizing the need;'),
          para('Have reached the following understanding:'),
          para('Article 1 – Requests'),
          new Paragraph({ children: [new TextRun('Answered within '), new DeletedTextRun({ id: 1, author: 'A', date, text: 'thirty' }), new InsertedTextRun({ id: 2, author: 'B', date, text: 'sixty' }), new TextRun(' days'), new InsertedTextRun({ id: 3, author: 'A', date, text: ', in writing' }), new TextRun('.')] }),
        ],
      },
    ])
    const draft = readWordDraft(file, 'brackets')
    bracketCount = 0
    expect(() => planImport(draft, target(english))).toThrow(/bracket owner/)
    bracketCount = 0
    const plan = planImport(draft, target(english, { bracketOwner: 'TH' }))
    expect(plan.working.content.child(2).child(1).toJSON()).toEqual(
      p('Answered within ', bracket('br-1', 'TH', 0)('thirty'), bracket('br-1', 'TH', 1)('sixty'), ' days', bracket('br-2', 'TH', 0)(', in writing'), '.').toJSON(),
    )
    expect(plan.report).toMatchObject({ bracketOwner: 'TH', counts: { brackets: 2 } })
    expect(plan.preview[0]!.blocks.find((block) => block.kind === 'paragraph')?.text).toBe('Answered within [thirty] / [sixty] days[, in writing].')
  })

  it('matches the clauses to the document’s by heading, then by place, keeps agreed ones and anchors comments in the text written', async () => {
    bracketCount = 0
    const current = doc(
      title('Memorandum'),
      preamble(recital('Recognizing the need;'), formula('Have reached the following understanding:')),
      clause({ id: 'k1', status: 'agreed' }, heading('Objectives'), p('Agreed words.')),
      clause('k2', heading('Scope'), p('Old scope.')),
      clause('k3', heading('Old costs'), p('Old costs.')),
    )
    const file = await wordFile([
      {
        children: [
          para('Memorandum'),
          para('Recognizing the need;'),
          para('Have reached the following understanding:'),
          para('Article 1 – Scope'),
          new Paragraph({ children: [new TextRun('New '), new CommentRangeStart(0), new TextRun('scope words'), new CommentRangeEnd(0), new TextRun('.')] }),
          para('Article 2 – Objectives'),
          para('Other words for an agreed clause.'),
          para('Article 3 – Costs'),
          para('Each bears its own.'),
          para('Article 4 – Review'),
          para('Yearly.'),
        ],
      },
    ], { comments: { children: [{ id: 0, author: 'Malee', date: new Date(), children: [para('Wider?')] }] } })
    const plan = planImport(readWordDraft(file, 'brackets'), target(current))
    const ids: string[] = []
    plan.working.content.forEach((child) => child.type.name === 'clause' && ids.push(child.attrs.id))
    expect(ids).toEqual(['k2', 'k1', 'k3', expect.stringMatching(/^new-/)])
    expect(plan.keptLocked).toEqual(['k1'])
    expect(plan.report.notes.join(' ')).toMatch(/agreed and kept/)

    const shared = new Y.Doc({ gc: false })
    Y.applyUpdate(shared, encodeContent(current))
    let written!: ReturnType<typeof writeImport>
    shared.transact(() => (written = writeImport(shared, plan)))
    const [result] = contentsOfState(Y.encodeStateAsUpdate(shared), ['prosemirror'])
    // The agreed clause stays where it stands, as it is.
    expect(partsOf(result!).map((part) => part.heading)).toEqual([null, null, 'Objectives', 'Scope', 'Costs', 'Review'])
    expect(partsOf(result!)[2]!.text).toBe('Objectives\nAgreed words.')
    const span = written.spans.get('0')!
    expect(resolveAnchor(shared, span.from, span.to)).toEqual({ state: 'anchored', text: 'scope words', clauseId: 'k2' })
  })
})

describe('clauses a file names by id', () => {
  it('go to the clause of that id first — one the document no longer has keeps its id — before any is matched by heading or place', async () => {
    const current = doc(title('Memorandum'), preamble(recital('Recognizing the need;'), formula('Have reached the following understanding:')), clause('k1', heading('Scope'), p('Old scope.')), clause('k2', heading('Costs'), p('Old costs.')))
    const file = await wordFile([
      {
        children: [
          para('Memorandum'),
          para('Recognizing the need;'),
          para('Have reached the following understanding:'),
          para('Article 1 – Costs'),
          para('Each bears its own.'),
          para('Article 2 – Scope'),
          para('New scope.'),
          para('Article 3 – Review'),
          para('Yearly.'),
          para('Article 4 – Notices'),
          para('In writing.'),
        ],
      },
    ])
    const ids = (draft: ReturnType<typeof readWordDraft>) => {
      const found: string[] = []
      planImport(draft, target(current)).working.content.forEach((child) => child.type.name === 'clause' && found.push(child.attrs.id))
      return found
    }
    // By heading alone: Costs is k2, Scope k1, the rest new.
    expect(ids(readWordDraft(file, 'brackets'))).toEqual(['k2', 'k1', expect.stringMatching(/^new-/), expect.stringMatching(/^new-/)])
    // Named by the file: the names win over the headings, a clause gone from the document comes back under its id; a name given twice counts
    // once, and the clause named again pairs by place with the clause left over (k2), the last one new.
    const named = readWordDraft(file, 'brackets')
    named.texts[0]!.clauses.forEach((clause, index) => (clause.id = ['k1', 'k9', 'k9', null][index]))
    expect(ids(named)).toEqual(['k1', 'k9', 'k2', expect.stringMatching(/^new-/)])
  })
})
