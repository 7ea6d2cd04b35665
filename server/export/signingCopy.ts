/**
 * A party's signing counterpart of a revision, as a Word document.
 *
 * The alternat: in the counterpart of party X, X is named first in the
 * title and the preamble and X's signature block stands first (left).
 * Numbers are written as text exactly as Counterpart shows them ("Article
 * 3", "1.", "(a)"), never as Word list numbering that could drift or
 * restart when the file is opened elsewhere.
 */

import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx'
import type { Node } from 'prosemirror-model'
import { missingReferenceLabel, numberDocument, type Numbering } from '../vocabulary/numbering.js'
import { bodySize, runOptions, splitByScript, type RunLook } from './runStyle.js'
import { a4Page } from './pageSetup.js'
import { sealPlaceholder, sealProperties } from './seal.js'
import type { DocumentRecord, PartyRecord } from '../vocabulary/document.js'

export interface SigningCopyFacts {
  document: DocumentRecord
  revision: { seq: number; contentHash: string; createdAt: Date }
  content: Node
  /** Code of the party whose counterpart this is. */
  counterpart: string
}

/** The counterpart as a docx Document, with the seal property holding its placeholder. */
export function buildSigningCopy({ document, revision, content, counterpart }: SigningCopyFacts): Document {
  const own = document.parties.find((party) => party.code === counterpart)
  if (!own) throw new RangeError(`document ${document.id} has no party ${counterpart}`)
  const other = document.parties.find((party) => party.code !== counterpart)!
  const firstIsOwn = own.position === 0
  // The alternat: swap the parties' names where the text names them, so this party comes first.
  const alternat = firstIsOwn ? (text: string) => text : swapper(document.parties)
  const numbering = numberDocument(content, document.style)
  const body: (Paragraph | Table)[] = []
  const title = alternat(content.firstChild?.textContent ?? document.title)

  content.forEach((child, offset) => {
    switch (child.type.name) {
      case 'title':
        body.push(paragraph(runsOf(title, { bold: true, size: 28 }), { alignment: AlignmentType.CENTER, spacing: { after: 360 } }))
        break
      case 'preamble':
        child.forEach((block) => {
          const isFormula = block.type.name === 'closing_formula'
          body.push(paragraph(inlineRuns(block, numbering, alternat), { alignment: AlignmentType.JUSTIFIED, spacing: { before: isFormula ? 240 : 0, after: 200 } }))
        })
        break
      case 'clause':
        body.push(...clauseParagraphs(child, offset, numbering))
        break
      case 'final_provisions':
        // Kept with the signature table that follows.
        child.forEach((block) => body.push(paragraph(inlineRuns(block, numbering), { alignment: AlignmentType.JUSTIFIED, spacing: { before: 240, after: 200 }, keepNext: true })))
        break
    }
  })
  body.push(signatureTable([own, other]))

  const hash12 = revision.contentHash.slice(0, 12)
  return new Document({
    creator: 'Counterpart',
    lastModifiedBy: 'Counterpart',
    title,
    subject: `Signing counterpart of the ${own.name}`,
    description: `Revision ${revision.seq} of document ${document.id}; content hash ${revision.contentHash}`,
    revision: 1,
    customProperties: [
      { name: sealProperties.documentId, value: document.id },
      { name: sealProperties.revision, value: String(revision.seq) },
      { name: sealProperties.contentHash, value: revision.contentHash },
      { name: sealProperties.counterpart, value: own.code },
      { name: sealProperties.seal, value: sealPlaceholder },
    ],
    styles: { default: { document: { run: { font: 'Times New Roman', size: bodySize } } } },
    sections: [
      {
        properties: a4Page,
        headers: {
          default: new Header({
            children: [
              paragraph(runsOf(title, { size: 16, italics: true }), { alignment: AlignmentType.CENTER }),
              paragraph(runsOf(`Counterpart of the ${own.name}`, { size: 16, bold: true }), { alignment: AlignmentType.CENTER }),
            ],
          }),
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({ ...runOptions(`Revision ${revision.seq} · ${hash12} · Page `, 'latin', { size: 16 }) }),
                  new TextRun({ ...runOptions('', 'latin', { size: 16 }), children: [PageNumber.CURRENT] }),
                  new TextRun(runOptions(' of ', 'latin', { size: 16 })),
                  new TextRun({ ...runOptions('', 'latin', { size: 16 }), children: [PageNumber.TOTAL_PAGES] }),
                ],
              }),
            ],
          }),
        },
        children: body,
      },
    ],
  })
}

function clauseParagraphs(clause: Node, offset: number, numbering: Numbering): Paragraph[] {
  const label = numbering.clauses.find((entry) => entry.pos === offset)?.label ?? ''
  const paragraphs: Paragraph[] = [paragraph(runsOf(label, { bold: true }), { alignment: AlignmentType.CENTER, spacing: { before: 360 }, keepNext: true })]
  clause.forEach((block, blockOffset) => {
    const pos = offset + 1 + blockOffset
    switch (block.type.name) {
      case 'clause_heading':
        paragraphs.push(paragraph(inlineRuns(block, numbering, undefined, { bold: true }), { alignment: AlignmentType.CENTER, spacing: { after: 240 }, keepNext: true }))
        break
      case 'paragraph':
        paragraphs.push(paragraph(inlineRuns(block, numbering), { alignment: AlignmentType.JUSTIFIED, spacing: { after: 200 } }))
        break
      case 'sub_paragraph':
        paragraphs.push(labelled(numbering.blockLabels.get(pos) ?? '', inlineRuns(block, numbering), 1))
        break
      case 'numbered_paragraph':
        block.forEach((inner, innerOffset) => {
          const innerPos = pos + 1 + innerOffset
          if (inner.type.name === 'paragraph') paragraphs.push(labelled(numbering.blockLabels.get(pos) ?? '', inlineRuns(inner, numbering), 0))
          else paragraphs.push(labelled(numbering.blockLabels.get(innerPos) ?? '', inlineRuns(inner, numbering), 1))
        })
        break
    }
  })
  return paragraphs
}

/** A paragraph with its number or letter hanging in the margin: "1.⇥text", "(a)⇥text". */
function labelled(label: string, runs: TextRun[], depth: 0 | 1): Paragraph {
  const indent = depth === 0 ? { left: 567, hanging: 567 } : { left: 1134, hanging: 567 }
  return paragraph([new TextRun(runOptions(`${label}\t`, 'latin')), ...runs], {
    alignment: AlignmentType.JUSTIFIED,
    indent,
    tabStops: [{ type: 'left', position: indent.left }],
    spacing: { after: 200 },
  })
}

function signatureTable(parties: [PartyRecord, PartyRecord]): Table {
  const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' }
  const cell = (party: PartyRecord) =>
    new TableCell({
      width: { size: 50, type: WidthType.PERCENTAGE },
      borders: { top: none, bottom: none, left: none, right: none },
      children: [
        paragraph(runsOf(`For the ${party.name}`, { bold: true }), { spacing: { after: 720 } }),
        paragraph(runsOf('______________________________'), { spacing: { after: 120 } }),
        paragraph(runsOf('Name:'), { spacing: { after: 120 } }),
        paragraph(runsOf('Title:'), { spacing: { after: 120 } }),
      ],
    })
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: { top: none, bottom: none, left: none, right: none, insideHorizontal: none, insideVertical: none },
    rows: [new TableRow({ cantSplit: true, children: parties.map(cell) })],
  })
}

type ParagraphOptions = ConstructorParameters<typeof Paragraph>[0] & object

function paragraph(children: TextRun[], options: Omit<Exclude<ParagraphOptions, string>, 'children'>): Paragraph {
  return new Paragraph({ ...options, children })
}

/** Runs for plain text, split by script. */
export function runsOf(text: string, look: RunLook = {}): TextRun[] {
  return splitByScript(text).map((part) => new TextRun(runOptions(part.text, part.script, look)))
}

/** Runs for a textblock's inline content: marks kept, references shown by their number. */
function inlineRuns(block: Node, numbering: Numbering, transform: (text: string) => string = (text) => text, base: RunLook = {}): TextRun[] {
  const runs: TextRun[] = []
  block.forEach((child) => {
    if (child.isText) {
      const look: RunLook = {
        ...base,
        bold: base.bold || child.marks.some((mark) => mark.type.name === 'strong'),
        italics: child.marks.some((mark) => mark.type.name === 'em'),
        underline: child.marks.some((mark) => mark.type.name === 'underline'),
      }
      runs.push(...runsOf(transform(child.text ?? ''), look))
    } else if (child.type.name === 'clause_ref') {
      runs.push(...runsOf(numbering.clauseLabel(child.attrs.clauseId) ?? missingReferenceLabel, base))
    }
  })
  return runs
}

/** Swaps the two parties' names (and short names) wherever the text names them. */
function swapper(parties: readonly PartyRecord[]): (text: string) => string {
  const [a, b] = parties as [PartyRecord, PartyRecord]
  const pairs = new Map<string, string>([
    [a.name, b.name],
    [b.name, a.name],
    [a.shortName, b.shortName],
    [b.shortName, a.shortName],
  ])
  const names = [...pairs.keys()].filter((name) => name.length > 0).sort((x, y) => y.length - x.length)
  const pattern = new RegExp(names.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g')
  return (text) => text.replace(pattern, (match) => pairs.get(match) ?? match)
}

