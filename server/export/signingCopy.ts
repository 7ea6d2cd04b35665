/**
 * A party's signing original of a revision, as a Word document: every
 * authentic text, each a complete instrument — title, preamble, clauses,
 * final provisions, testimonium and signature blocks — in its own section,
 * numbered and labelled in its own language, with page numbers in its own
 * words (Thai digits in the Thai text).
 *
 * The alternat: in party X's original, X's language text comes first, then
 * the other party's, then the remaining (working) language; wherever the
 * text names both parties (party references, see `partyReference.ts`), X
 * is named first, in every language; the testimonium lists the languages
 * in the same order; X's signature block stands first (left).
 *
 * What a treaty section expects of an original: no drafting marks (no
 * "Counterpart of" header; the revision and hash only as a small footer
 * line when asked for), paragraph styles rather than direct formatting
 * (Word's navigation pane lists each text's clauses; a house template can
 * restyle them), signature lines level whatever the length of the names
 * above them (a table row per line), an optional box for the heads of
 * delegation's initials on every page. Numbers are written as text exactly
 * as Counterpart shows them ("Article 3", "1.", "(a)"), never as Word list
 * numbering that could drift when the file is opened elsewhere. Khmer,
 * written without spaces, gets zero-width break opportunities between its
 * words (Intl.Segmenter) and is set flush left, so lines never stretch
 * around a long unbroken run. Thai and Khmer runs name a character style
 * (complex-script font, size, language) rather than carrying it, and
 * Latin runs take the document's defaults: a run writes only how it
 * differs (bold, a title's size).
 */

import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeightRule,
  NumberFormat,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type IParagraphStyleOptions,
} from 'docx'
import type { Node } from 'prosemirror-model'
import { numberDocument, type Numbering } from '../vocabulary/numbering.js'
import { inlineText } from '../vocabulary/documentText.js'
import { inAlternat, namingIn, partyNamer, referenceOf, type PartyNamer, type PartyReference } from '../vocabulary/partyReference.js'
import { placeIn, signatoryIn, type SigningSettings } from '../vocabulary/signing.js'
import { latinDefaults, scriptOfLanguage, scriptStyles, splitByScript, styledRunOptions, withKhmerBreaks, type RunLook, type Script } from './runStyle.js'
import { a4Page } from './pageSetup.js'
import { pieceKey, type PiecedBody } from './bodyPieces.js'
import { sealPlaceholder, sealProperties } from './seal.js'
import { testimoniumIn, wordsOf } from './signingWords.js'
import type { DocumentRecord, PartyRecord } from '../vocabulary/document.js'

export interface SigningCopyFacts {
  document: DocumentRecord
  revision: { seq: number; contentHash: string; createdAt: Date }
  /** The texts the original holds, in order (see `originalLanguages`). */
  texts: readonly { lang: string; content: Node }[]
  /** Code of the party whose original this is. */
  counterpart: string
  settings: SigningSettings
  /** A line of small print in every footer (revision, content hash, key fingerprint), or null for none. */
  fingerprint: string | null
  /** Whether every footer has boxes for the heads of delegation's initials. */
  initials: boolean
}

/** The languages of `counterpart`'s original, in order: its own, the other party's, then the rest in the document's order. */
export function originalLanguages(document: DocumentRecord, counterpart: string): string[] {
  const all = [document.languages.working, ...document.languages.others]
  const ordered = inAlternat(document.parties, counterpart).map((party) => party.language)
  return [...new Set([...ordered.filter((lang): lang is string => lang !== null && all.includes(lang)), ...all])]
}

/** Paragraph style ids. */
const styles = {
  title: 'InstrumentTitle',
  body: 'InstrumentBody',
  closingFormula: 'ClosingFormula',
  clauseLabel: 'ClauseLabel',
  clauseHeading: 'ClauseHeading',
  numbered: 'NumberedParagraph',
  sub: 'SubParagraph',
  finalProvisions: 'FinalProvisions',
  testimonium: 'Testimonium',
  signature: 'Signature',
  footer: 'OriginalFooter',
} as const
type StyleKey = keyof typeof styles

/** Styles whose justified text is set flush left in Khmer (a variant with the "Khmer" suffix). */
const justified: readonly StyleKey[] = ['body', 'closingFormula', 'numbered', 'sub', 'finalProvisions', 'testimonium']

const indentOne = 567
const baseStyles: IParagraphStyleOptions[] = [
  {
    id: styles.title,
    name: 'Instrument Title',
    basedOn: 'Normal',
    next: styles.body,
    quickFormat: true,
    run: { bold: true, boldComplexScript: true },
    paragraph: { alignment: AlignmentType.CENTER, spacing: { after: 360 }, keepNext: true, outlineLevel: 0 },
  },
  { id: styles.body, name: 'Instrument Body', basedOn: 'Normal', quickFormat: true, paragraph: { alignment: AlignmentType.JUSTIFIED, spacing: { after: 200 } } },
  { id: styles.closingFormula, name: 'Closing Formula', basedOn: styles.body, next: styles.clauseLabel, paragraph: { spacing: { before: 240 }, keepNext: true } },
  {
    id: styles.clauseLabel,
    name: 'Clause Label',
    basedOn: 'Normal',
    next: styles.clauseHeading,
    quickFormat: true,
    run: { bold: true, boldComplexScript: true },
    paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 360 }, keepNext: true, keepLines: true, outlineLevel: 1 },
  },
  {
    id: styles.clauseHeading,
    name: 'Clause Heading',
    basedOn: 'Normal',
    next: styles.body,
    quickFormat: true,
    run: { bold: true, boldComplexScript: true },
    paragraph: { alignment: AlignmentType.CENTER, spacing: { after: 240 }, keepNext: true, keepLines: true, outlineLevel: 2 },
  },
  { id: styles.numbered, name: 'Numbered Paragraph', basedOn: styles.body, paragraph: { indent: { left: indentOne, hanging: indentOne }, leftTabStop: indentOne } },
  { id: styles.sub, name: 'Sub-paragraph', basedOn: styles.body, paragraph: { indent: { left: 2 * indentOne, hanging: indentOne }, leftTabStop: 2 * indentOne } },
  { id: styles.finalProvisions, name: 'Final Provisions', basedOn: styles.body, paragraph: { spacing: { before: 240 }, keepNext: true } },
  { id: styles.testimonium, name: 'Testimonium', basedOn: styles.body, paragraph: { spacing: { before: 240, after: 360 }, keepNext: true } },
  { id: styles.signature, name: 'Signature', basedOn: 'Normal', paragraph: { alignment: AlignmentType.LEFT, spacing: { after: 0 }, keepNext: true } },
  { id: styles.footer, name: 'Original Footer', basedOn: 'Normal', paragraph: { alignment: AlignmentType.CENTER } },
]
const justifiedIds: readonly string[] = justified.map((key) => styles[key])
const paragraphStyles: IParagraphStyleOptions[] = [
  ...baseStyles,
  ...baseStyles
    .filter((style) => justifiedIds.includes(style.id))
    .map((style) => ({ id: `${style.id}Khmer`, name: `${style.name} (Khmer)`, basedOn: style.id, paragraph: { alignment: AlignmentType.LEFT } })),
]

/** Half-points: the title at 14 pt, footers at 9 pt, the fingerprint at 7 pt (each script scaled as body text is). */
const titleSize = 28
const footerSize = 18
const fingerprintSize = 14

/** How one language text is written: its numbering, party names, words and script. */
interface TextContext {
  lang: string
  numbering: Numbering
  /** The clauses' labels by their position in the text. */
  clauseLabels: ReadonlyMap<number, string>
  nameParty: PartyNamer
  /** The script of the language's own words: Khmer text is set flush left with word breaks, Thai pages numbered in Thai digits. */
  script: Script
}

/**
 * The original as a docx Document, with the seal property holding its
 * placeholder; with `pieces`, each clause of each text is a piece kept by
 * its paragraphs' description (see `bodyPieces.ts`).
 */
export function buildSigningCopy(facts: SigningCopyFacts, pieces: PiecedBody | null = null): Document {
  const { document, revision, counterpart } = facts
  const own = document.parties.find((party) => party.code === counterpart)
  if (!own) throw new RangeError(`document ${document.id} has no party ${counterpart}`)
  const parties = inAlternat(document.parties, counterpart)
  const languages = facts.texts.map((text) => text.lang)
  const working = document.languages.working

  const contexts = facts.texts.map(({ lang, content }) => contextOf(document, lang, counterpart, content))
  const sections = facts.texts.map(({ lang, content }, index) => {
    const context = contexts[index]!
    const words = wordsOf(lang)
    const body: (Paragraph | Table)[] = []
    content.forEach((child, offset) => {
      switch (child.type.name) {
        case 'title':
          body.push(paragraph(context, 'title', inlineRuns(child, inlineNames(context), { size: titleSize })))
          break
        case 'preamble':
          child.forEach((block) => body.push(paragraph(context, block.type.name === 'closing_formula' ? 'closingFormula' : 'body', inlineRuns(block, inlineNames(context)))))
          break
        case 'clause': {
          const clause = describedClause(child, clauseLookups(context, offset))
          const render = () => clause.paragraphs.map(paragraphOf)
          body.push(...(pieces === null ? render() : pieces.piece(clause.key, render)))
          break
        }
        case 'final_provisions':
          child.forEach((block) => body.push(paragraph(context, 'finalProvisions', inlineRuns(block, inlineNames(context)))))
          break
      }
    })
    const testimonium = testimoniumIn(lang, {
      style: document.style,
      place: placeIn(facts.settings, lang, working),
      date: facts.settings.date,
      originals: facts.settings.originals,
      languages,
      prevailing: facts.settings.prevailingLanguage,
    })
    body.push(paragraph(context, 'testimonium', runsOf(testimonium, context)))
    body.push(signatureTable(parties, facts.settings, context, working))
    return {
      // Each text numbers its pages from 1, in Thai digits in the Thai text (Word has no Khmer page digits).
      properties: { ...a4Page, page: { ...a4Page.page, pageNumbers: { start: 1, formatType: context.script === 'thai' ? NumberFormat.THAI_NUMBERS : NumberFormat.DECIMAL } } },
      footers: { default: footer(context, words.page, facts, parties) },
      children: body,
    }
  })

  const first = facts.texts[0]
  const title = first ? inlineText(first.content.firstChild!, contexts[0]!.numbering, contexts[0]!.nameParty) : document.title
  return new Document({
    creator: 'Counterpart',
    lastModifiedBy: 'Counterpart',
    title,
    subject: `Original of the ${own.name}`,
    description: `Revision ${revision.seq} of document ${document.id}; content hash ${revision.contentHash}; texts: ${languages.join(', ')}`,
    revision: 1,
    customProperties: [
      { name: sealProperties.documentId, value: document.id },
      { name: sealProperties.revision, value: String(revision.seq) },
      { name: sealProperties.contentHash, value: revision.contentHash },
      { name: sealProperties.counterpart, value: own.code },
      { name: sealProperties.languages, value: languages.join(',') },
      { name: sealProperties.seal, value: sealPlaceholder },
    ],
    styles: {
      default: { document: { run: latinDefaults } },
      paragraphStyles,
      characterStyles: scriptStyles,
    },
    sections,
  })
}

function contextOf(document: DocumentRecord, lang: string, counterpart: string, content: Node): TextContext {
  const numbering = numberDocument(content, document.style, lang)
  return { lang, numbering, clauseLabels: new Map(numbering.clauses.map((entry) => [entry.pos, entry.label])), nameParty: partyNamer(document.parties, lang, counterpart), script: scriptOfLanguage(lang) }
}

/** What inline content reads of its text: the script, clause references' numbers, the parties' names. */
interface InlineNames {
  script: Script
  referenceLabel(clauseId: string): string
  partyName(reference: PartyReference): string
}

/** What a clause's paragraphs read of their text besides the clause itself (positions counted from the clause's start). */
interface ClauseLookups extends InlineNames {
  clauseLabel(): string
  blockLabel(at: number): string
}

const inlineNames = (context: TextContext): InlineNames => ({
  script: context.script,
  referenceLabel: (clauseId) => context.numbering.referenceLabel(clauseId),
  partyName: (reference) => context.nameParty(reference),
})

/** The lookups of the clause at `offset` of `context`'s text. */
const clauseLookups = (context: TextContext, offset: number): ClauseLookups => ({
  ...inlineNames(context),
  clauseLabel: () => context.clauseLabels.get(offset) ?? '',
  blockLabel: (at) => context.numbering.blockLabels.get(offset + at) ?? '',
})

/** One question a clause's description asked of its lookups. */
type Question = { kind: 'clause' } | { kind: 'block'; at: number } | { kind: 'reference'; clauseId: string } | { kind: 'party'; reference: PartyReference }

function ask(lookups: ClauseLookups, question: Question): string {
  switch (question.kind) {
    case 'clause':
      return lookups.clauseLabel()
    case 'block':
      return lookups.blockLabel(question.at)
    case 'reference':
      return lookups.referenceLabel(question.clauseId)
    case 'party':
      return lookups.partyName(question.reference)
  }
}

/** `lookups`, with every question asked and its answer written down. */
function recording(lookups: ClauseLookups): { lookups: ClauseLookups; questions: Question[]; answers: string[] } {
  const questions: Question[] = []
  const answers: string[] = []
  const asked = (question: Question) => {
    const answer = ask(lookups, question)
    questions.push(question)
    answers.push(answer)
    return answer
  }
  return {
    questions,
    answers,
    lookups: {
      script: lookups.script,
      clauseLabel: () => asked({ kind: 'clause' }),
      blockLabel: (at) => asked({ kind: 'block', at }),
      referenceLabel: (clauseId) => asked({ kind: 'reference', clauseId }),
      partyName: (reference) => asked({ kind: 'party', reference }),
    },
  }
}

/** A clause described, with the questions its description asked and their answers, and its piece's key. */
interface DescribedClause {
  script: Script
  questions: Question[]
  answers: string[]
  paragraphs: ParagraphDescription[]
  key: string
}

/**
 * Descriptions by clause node (nodes never change; a revision's unchanged
 * clauses are the nodes read before, see `SharedClauses`), a few per node
 * (the two parties' originals name the parties in their own orders).
 */
const describedClauses = new WeakMap<Node, DescribedClause[]>()
const descriptionsPerClause = 4

/**
 * `clause` described as `clauseParagraphs` describes it, taken from an
 * earlier description of the same node when every question that one asked
 * gets the same answer now (its label, its paragraphs' numbers, the numbers
 * of the clauses it refers to, the parties' names): nothing else goes in.
 */
function describedClause(clause: Node, lookups: ClauseLookups): DescribedClause {
  const earlier = describedClauses.get(clause) ?? []
  const same = earlier.find((entry) => entry.script === lookups.script && entry.questions.every((question, index) => ask(lookups, question) === entry.answers[index]))
  if (same) return same
  const recorder = recording(lookups)
  const paragraphs = clauseParagraphs(clause, recorder.lookups)
  const entry = { script: lookups.script, questions: recorder.questions, answers: recorder.answers, paragraphs, key: pieceKey(paragraphs) }
  describedClauses.set(clause, [entry, ...earlier].slice(0, descriptionsPerClause))
  return entry
}

/** A paragraph as plain data: everything its XML depends on (a clause's paragraphs are kept by it). */
interface ParagraphDescription {
  style: string
  runs: RunDescription[]
}

interface RunDescription {
  text: string
  script: Script
  look: RunLook
}

/** The paragraphs of a clause, described; all they read besides the clause comes from `lookups`. */
function clauseParagraphs(clause: Node, lookups: ClauseLookups): ParagraphDescription[] {
  const paragraphs: ParagraphDescription[] = [described(lookups, 'clauseLabel', runsOf(lookups.clauseLabel(), lookups))]
  clause.forEach((block, blockOffset) => {
    const at = 1 + blockOffset
    switch (block.type.name) {
      case 'clause_heading':
        paragraphs.push(described(lookups, 'clauseHeading', inlineRuns(block, lookups)))
        break
      case 'paragraph':
        paragraphs.push(described(lookups, 'body', inlineRuns(block, lookups)))
        break
      case 'sub_paragraph':
        paragraphs.push(labelled(lookups, 'sub', lookups.blockLabel(at), block))
        break
      case 'numbered_paragraph':
        block.forEach((inner, innerOffset) => {
          if (inner.type.name === 'paragraph') paragraphs.push(labelled(lookups, 'numbered', lookups.blockLabel(at), inner))
          else paragraphs.push(labelled(lookups, 'sub', lookups.blockLabel(at + 1 + innerOffset), inner))
        })
        break
    }
  })
  return paragraphs
}

/** A paragraph with its number or letter hanging in the margin: "1.⇥text", "(a)⇥text" (the style sets the indent and tab). */
function labelled(names: InlineNames, style: 'numbered' | 'sub', label: string, block: Node): ParagraphDescription {
  return described(names, style, [...runsOf(`${label}\t`, names), ...inlineRuns(block, names)])
}

function described(context: Pick<TextContext, 'script'>, style: StyleKey, runs: RunDescription[]): ParagraphDescription {
  return { style: context.script === 'khmer' && justified.includes(style) ? `${styles[style]}Khmer` : styles[style], runs }
}

const paragraphOf = (description: ParagraphDescription): Paragraph => new Paragraph({ style: description.style, children: description.runs.map(textRunOf) })

const textRunOf = (run: RunDescription): TextRun => new TextRun(styledRunOptions(run.text, run.script, run.look))

function paragraph(context: TextContext, style: StyleKey, runs: RunDescription[]): Paragraph {
  return paragraphOf(described(context, style, runs))
}

/**
 * The signature blocks: one column per party, the counterpart's first, and
 * one row per line — "For the …", the space to sign in, the line, the name,
 * the title — so that the lines stand level however many lines the names
 * above them take.
 */
function signatureTable(parties: readonly PartyRecord[], settings: SigningSettings, context: TextContext, working: string): Table {
  const words = wordsOf(context.lang)
  const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' }
  const borders = { top: none, bottom: none, left: none, right: none }
  const signatories = parties.map((party) => signatoryIn(settings, party.code, context.lang, working))
  const line = (cells: RunDescription[][], height: number | null = null) =>
    new TableRow({
      cantSplit: true,
      ...(height === null ? {} : { height: { value: height, rule: HeightRule.ATLEAST } }),
      children: cells.map(
        (runs) =>
          new TableCell({
            width: { size: 50, type: WidthType.PERCENTAGE },
            borders,
            children: [new Paragraph({ style: styles.signature, children: runs.map(textRunOf) })],
          }),
      ),
    })
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: { ...borders, insideHorizontal: none, insideVertical: none },
    rows: [
      line(parties.map((party) => runsOf(words.forParty(namingIn(party, context.lang).name), context, { bold: true }))),
      line(parties.map(() => []), 1080),
      line(parties.map(() => runsOf('______________________________', context))),
      line(signatories.map((signatory) => runsOf(signatory?.name ?? words.name, context))),
      line(signatories.map((signatory) => runsOf(signatory?.title ?? words.title, context))),
    ],
  })
}

/** A text's footer: the initials boxes and the fingerprint when asked for, and the page number in the text's words and digits. */
function footer(context: TextContext, pageWord: string, facts: SigningCopyFacts, parties: readonly PartyRecord[]): Footer {
  const children: (Paragraph | Table)[] = []
  if (facts.initials) {
    const box = { style: BorderStyle.SINGLE, size: 4, color: '000000' }
    const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' }
    children.push(
      new Table({
        width: { size: 50, type: WidthType.PERCENTAGE },
        alignment: AlignmentType.RIGHT,
        borders: { top: none, bottom: none, left: none, right: none, insideHorizontal: none, insideVertical: none },
        rows: [
          new TableRow({
            cantSplit: true,
            height: { value: 567, rule: HeightRule.ATLEAST },
            children: parties.flatMap((party) => [
              new TableCell({
                width: { size: 30, type: WidthType.PERCENTAGE },
                borders: { top: none, bottom: none, left: none, right: none },
                children: [new Paragraph({ style: styles.footer, children: runsOf(`${wordsOf(context.lang).initials} ${namingIn(party, context.lang).shortName}`, context, { size: footerSize }).map(textRunOf) })],
              }),
              new TableCell({ width: { size: 20, type: WidthType.PERCENTAGE }, borders: { top: box, bottom: box, left: box, right: box }, children: [new Paragraph({ style: styles.footer })] }),
            ]),
          }),
        ],
      }),
    )
  }
  if (facts.fingerprint !== null) children.push(new Paragraph({ style: styles.footer, children: runsOf(facts.fingerprint, context, { size: fingerprintSize }).map(textRunOf) }))
  children.push(
    new Paragraph({
      style: styles.footer,
      children: [...runsOf(`${pageWord} `, context, { size: footerSize }).map(textRunOf), new TextRun({ ...styledRunOptions('', context.script, { size: footerSize }), children: [PageNumber.CURRENT] })],
    }),
  )
  return new Footer({ children })
}

/** Runs for plain text in one language text, split by script; Khmer runs with break opportunities between their words. */
function runsOf(text: string, context: Pick<TextContext, 'script'>, look: RunLook = {}): RunDescription[] {
  return splitByScript(text).map((part) => ({ text: context.script === 'khmer' && part.script === 'khmer' ? withKhmerBreaks(part.text) : part.text, script: part.script, look }))
}

/** Runs for a textblock's inline content: marks kept, clause references shown by their number, party references by name in the alternat's order. */
function inlineRuns(block: Node, names: InlineNames, base: RunLook = {}): RunDescription[] {
  const runs: RunDescription[] = []
  block.forEach((child) => {
    const look: RunLook = {
      ...base,
      bold: child.marks.some((mark) => mark.type.name === 'strong') || undefined,
      italics: child.marks.some((mark) => mark.type.name === 'em') || undefined,
      underline: child.marks.some((mark) => mark.type.name === 'underline') || undefined,
    }
    if (child.isText) runs.push(...runsOf(child.text ?? '', names, look))
    else if (child.type.name === 'clause_ref') runs.push(...runsOf(names.referenceLabel(child.attrs.clauseId), names, look))
    else if (child.type.name === 'party_ref') runs.push(...runsOf(names.partyName(referenceOf(child.attrs)), names, look))
  })
  return runs
}
