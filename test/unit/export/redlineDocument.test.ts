import { nameParties } from '../../support/parties.js'
import type { Node } from 'prosemirror-model'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { packDocx, partText } from '../../../server/export/docxPackage.js'
import { PieceCache, PiecedBody } from '../../../server/export/bodyPieces.js'
import { buildRedline, type RedlineFacts } from '../../../server/export/redlineDocument.js'
import { docxBytes } from '../../../server/export/docxPackage.js'
import { clauseElements, readContent, toYElement } from '../../../server/mou/contentCodec.js'
import { compareDocuments } from '../../../server/revisions/comparison.js'
import type { DocumentRecord } from '../../../server/vocabulary/document.js'
import { documentParts } from '../../../server/vocabulary/documentText.js'
import { numberDocument } from '../../../server/vocabulary/numbering.js'
import { clause, copyOf, doc, Drafting, finals, formula, heading, memo, np, p, preamble, recital, ref, secretariat, somchai, sokha, sub, textAt, textOf, title } from '../../support/docBuilders.js'
import { parseParagraphs, resolveChanges } from '../../support/docxText.js'

const document: DocumentRecord = {
  id: 'doc-1',
  title: 'Police cooperation',
  style: 'mou',
  parties: [
    { code: 'TH', name: 'Department of Special Investigation', shortName: 'DSI', position: 0, language: null, state: '', names: {} },
    { code: 'KH', name: 'Cambodian National Police', shortName: 'CNP', position: 1, language: null, state: '', names: {} },
  ],
  languages: { working: 'en', others: [] },
  fullAgreementBy: 'delegates',
  createdAt: new Date('2026-01-01T00:00:00Z'),
}
const changeDate = new Date('2026-01-05T08:30:00.250Z')

const thai = 'Thailand — DSI (Khun Somchai)'
const khmer = 'Cambodia — CNP (Lok Sokha)'
const numbering = 'Counterpart (numbering)'

const content = doc(
  title('Memorandum of <t>Understanding'),
  preamble(recital('RECOGNISING the need to cooperate;'), formula('HAVE REACHED the following understanding:')),
  clause('c1', heading('Objectives'), p('The Participants will <a>cooperate, as ', ref('c5'), ' says.')),
  clause('c2', heading('Scope'), p('This covers <b>all forms of <c>trafficking.')),
  clause('c3', heading('Costs'), p('Each Participant bears its own costs.')),
  clause('c4', heading('Review'), p('Reviewed yearly.'), p('Or on request.')),
  clause('c5', heading('Requests'), np(p('In writing.'), sub('the facts;'), sub('the purpose.')), np(p('Answers within 30 days.'))),
  finals(p('Done at <d>Bangkok<e>.')),
)

const clauseIn = (replica: Y.Doc, id: string) => clauseElements(replica.getXmlFragment('prosemirror')).find((element) => element.getAttribute('id') === id)!

const insertAt = (replica: Y.Doc, tag: string, words: string) => {
  const { text, index } = textAt(replica, content, content.tag[tag]!)
  text.insert(index, words)
}
const deleteBetween = (replica: Y.Doc, from: string, to: string) => {
  const { text, index } = textAt(replica, content, content.tag[from]!)
  text.delete(index, content.tag[to]! - content.tag[from]!)
}

/** One round of negotiation on `content`: the document before and after, who did what, and the redline between them. */
async function negotiatedRound() {
  const drafting = new Drafting(content, secretariat)
  const before = copyOf(drafting.doc)
  drafting.edit(secretariat, (replica) => {
    insertAt(replica, 't', 'Mutual ')
    deleteBetween(replica, 'd', 'e')
    insertAt(replica, 'd', 'Phnom Penh')
  })
  drafting.edit(somchai, (replica) => {
    insertAt(replica, 'a', 'closely ')
    const paragraph = new Y.XmlElement('paragraph')
    paragraph.insert(0, [new Y.XmlText('Including online offences.')])
    clauseIn(replica, 'c2').push([paragraph])
    // A move, as y-prosemirror makes it: deleted here, re-created after c5.
    const fragment = replica.getXmlFragment('prosemirror')
    fragment.delete(fragment.toArray().indexOf(clauseIn(replica, 'c3')), 1)
    fragment.insert(fragment.toArray().indexOf(clauseIn(replica, 'c5')) + 1, [toYElement(content.child(4))])
  })
  drafting.edit(sokha, (replica) => {
    deleteBetween(replica, 'b', 'c')
    const fragment = replica.getXmlFragment('prosemirror')
    fragment.delete(fragment.toArray().indexOf(clauseIn(replica, 'c4')), 1)
    clauseIn(replica, 'c5').insert(1, [toYElement(np(p('Requests go to the focal point.')))])
  })
  const [from, to] = [textOf(before), textOf(drafting.doc)]
  const comparison = compareDocuments(from, to, 'mou', drafting.authorship)
  const facts: RedlineFacts = { document, comparison, from, to, authorship: drafting.authorship, fromName: 'Revision 1', toName: 'Revision 2', date: changeDate }
  const entries = packDocx(buildRedline(facts), changeDate)
  return { before: readContent(before), after: readContent(drafting.doc), xml: partText(entries, 'word/document.xml')!, entries, facts }
}

/** The redline of `facts` with its unchanged parts and clauses kept in `cache`. */
async function piecedRedline(facts: RedlineFacts, cache: PieceCache) {
  const pieces = new PiecedBody(cache)
  return packDocx(buildRedline(facts, pieces), changeDate, pieces)
}

/** The paragraphs of `state` as the redline writes them: numbers as text, a tab after a paragraph's number. */
function linesOf(state: Node): string[] {
  return documentParts(state, numberDocument(state, 'mou'), nameParties()).flatMap((part) => {
    const lines = part.text.split('\n')
    return part.part === 'clause' ? [part.label!, ...lines.map((line) => line.replace(/^(\d+\.|\([a-z]+\)) /, '$1\t'))] : lines
  })
}

/** Every tracked change of runs: its kind, author, date and text. */
function trackedRuns(xml: string) {
  return [...xml.matchAll(/<w:(ins|del) w:id="\d+" w:author="([^"]*)" w:date="([^"]*)">([\s\S]*?)<\/w:\1>/g)].map(([, kind, author, date, body]) => ({
    kind,
    author,
    date,
    text: [...body!.matchAll(/<w:(?:t|delText)(?: [^>]*)?>([^<]*)<\/w:(?:t|delText)>|<w:tab\/>/g)].map((match) => match[1] ?? '\t').join(''),
  }))
}

/** The authors of the tracked runs of `kind` whose text is `text`. */
const authorsOf = (xml: string, kind: 'ins' | 'del', text: string) => trackedRuns(xml).filter((run) => run.kind === kind && run.text === text).map((run) => run.author)

describe('a redline as a Word document', () => {
  it('gives the new text when every change is accepted and the old one when every change is rejected, numbers included', async () => {
    const { before, after, xml } = await negotiatedRound()
    expect(resolveChanges(xml, 'accept')).toEqual(linesOf(after))
    expect(resolveChanges(xml, 'reject')).toEqual(linesOf(before))
  })

  it('tracks each change under the party and member who made it, numbers under the numbering, at the date of the changes', async () => {
    const { xml } = await negotiatedRound()
    expect({
      title: authorsOf(xml, 'ins', 'Mutual '),
      place: [authorsOf(xml, 'del', 'Bangkok'), authorsOf(xml, 'ins', 'Phnom Penh')],
      words: [authorsOf(xml, 'ins', 'closely '), authorsOf(xml, 'del', 'all forms of ')],
      paragraph: authorsOf(xml, 'ins', 'Including online offences.'),
      removedClause: [authorsOf(xml, 'del', 'Paragraph 4'), authorsOf(xml, 'del', 'Reviewed yearly.')],
      reference: [authorsOf(xml, 'del', '5'), authorsOf(xml, 'ins', '3')],
      paragraphNumber: [authorsOf(xml, 'del', '2.\t'), authorsOf(xml, 'ins', '3.\t')],
    }).toEqual({
      title: ['Joint Secretariat'],
      place: [['Joint Secretariat'], ['Joint Secretariat']],
      words: [[thai], [khmer]],
      paragraph: [thai],
      removedClause: [[khmer], [khmer]],
      reference: [[numbering], [numbering]],
      paragraphNumber: [[numbering], [numbering]],
    })
    expect(new Set(trackedRuns(xml).map((run) => run.date))).toEqual(new Set(['2026-01-05T08:30:00Z']))
  })

  it('shows a moved clause deleted where it stood and inserted where it stands, both by whoever moved it', async () => {
    const { xml } = await negotiatedRound()
    const texts = parseParagraphs(xml).map((paragraph) => paragraph.segments.map((segment) => segment.text).join(''))
    const places = texts.flatMap((text, index) => (text === 'Each Participant bears its own costs.' ? [index] : []))
    expect(places).toHaveLength(2)
    expect(places.map((index) => parseParagraphs(xml)[index]!.mark)).toEqual(['delete', 'insert'])
    expect([authorsOf(xml, 'del', 'Each Participant bears its own costs.'), authorsOf(xml, 'ins', 'Each Participant bears its own costs.')]).toEqual([[thai], [thai]])
  })

  it('tracks the paragraph marks of paragraphs added and removed, under whoever added or removed them', async () => {
    const { xml } = await negotiatedRound()
    const markAuthor = (paragraph: { xml: string }) => /<w:pPr>[\s\S]*?<w:(?:ins|del) [^>]*w:author="([^"]*)"/.exec(paragraph.xml)?.[1]
    const marks = parseParagraphs(xml)
      .filter((paragraph) => paragraph.mark !== 'plain')
      .map((paragraph) => [paragraph.mark, paragraph.segments.map((segment) => segment.text).join(''), markAuthor(paragraph)])
    expect(marks).toEqual(
      expect.arrayContaining([
        ['insert', 'This covers all forms of trafficking.', thai],
        ['delete', 'Paragraph 4', khmer],
        ['delete', 'Review', khmer],
        ['delete', 'Reviewed yearly.', khmer],
        ['delete', 'Or on request.', khmer],
      ]),
    )
  })

  it('writes what did not change once: built from kept parts and clauses, it is the very bytes built afresh, its body the one built without pieces', async () => {
    const { xml, facts } = await negotiatedRound()
    const cache = new PieceCache()
    const first = await piecedRedline(facts, cache)
    const kept = cache.size
    expect(kept, 'the unchanged parts and clauses').toBeGreaterThan(0)
    expect(partText(first, 'word/document.xml')).toBe(xml)
    expect(docxBytes(await piecedRedline(facts, cache))).toEqual(docxBytes(first))
    expect(docxBytes(await piecedRedline(facts, new PieceCache()))).toEqual(docxBytes(first))
    expect(cache.size).toBe(kept)
  })

  it('opens in normal editing mode: tracking further changes is not forced on', async () => {
    const { entries } = await negotiatedRound()
    expect(partText(entries, 'word/settings.xml')).not.toMatch(/<w:trackRevisions/)
  })
})

describe('the numbers of a redline', () => {
  it("letter a clause's own sub-paragraph after a numbered paragraph's as Counterpart does: (a) again, not (b)", async () => {
    const content = memo(clause('c1', heading('Requests'), np(p('A request states:'), sub('the facts;')), sub('a loose item.')))
    const drafting = new Drafting(content, secretariat)
    const text = textOf(drafting.doc)
    const redline = buildRedline({ document, comparison: compareDocuments(text, text, 'mou', drafting.authorship), from: text, to: text, authorship: drafting.authorship, fromName: 'a', toName: 'b', date: changeDate })
    const lines = resolveChanges(partText(packDocx(redline, changeDate), 'word/document.xml')!, 'accept')
    expect(lines.slice(-3)).toEqual(['1.\tA request states:', '(a)\tthe facts;', '(a)\ta loose item.'])
  })
})
