/**
 * Word drafts for the import's tests: files written by the `docx` library
 * (as another program would write them, with Word's numbering, tracked
 * changes and comments), and a draft read back as a short outline that one
 * `toEqual` checks — each text's title, preamble, clauses with their
 * numbered paragraphs and sub-paragraphs, final provisions — brackets in
 * their notation and references as `→n` (the clause's place, from 1).
 */

import { CommentRangeEnd, CommentRangeStart, CommentReference, DeletedTextRun, Document, InsertedTextRun, Packer, Paragraph, TableCell, TableRow, TextRun, type ISectionOptions, type INumberingOptions, type ICommentsOptions, type ParagraphChild } from 'docx'
import type { DraftBlock, DraftInline, DraftText, ImportedDraft } from '../../server/import/importedDraft.js'

/** The bytes of a Word file of `sections`, with numbering definitions, comments and footnotes when given. */
export async function wordFile(
  sections: ISectionOptions[],
  options: { numbering?: INumberingOptions; comments?: ICommentsOptions; footnotes?: Record<string, { children: Paragraph[] }> } = {},
): Promise<Uint8Array> {
  const document = new Document({ sections, ...options })
  return new Uint8Array(await Packer.toBuffer(document))
}

/** A plain paragraph of `text`. */
export const para = (text: string, options: ConstructorParameters<typeof Paragraph>[0] & object = {}): Paragraph => new Paragraph({ ...options, children: [new TextRun(text)] })

/** When the tracked changes and comments of these drafts were made. */
export const trackedDate = '2027-01-10T09:00:00Z'

/** "Requests are answered within thirty/sixty…": Somchai Jaidee's deletion of "thirty" and Sok Dara's insertion of "sixty", tracked; `rest` ends the sentence. */
export const trackedRequest = (rest: ParagraphChild[] = [new TextRun(' days of receipt.')]): Paragraph =>
  new Paragraph({
    children: [
      new TextRun('Requests are answered within '),
      new DeletedTextRun({ id: 1, author: 'Somchai Jaidee', date: trackedDate, text: 'thirty' }),
      new InsertedTextRun({ id: 2, author: 'Sok Dara', date: trackedDate, text: 'sixty' }),
      ...rest,
    ],
  })

/** A memorandum of one clause with that tracked change, and Malee's comment on "in writing" with Dara's reply. */
export function trackedWordDraft(): Promise<Uint8Array> {
  const date = new Date(trackedDate)
  return wordFile(
    [
      {
        children: [
          para('Memorandum'),
          para('Recognizing the need;'),
          para('Have reached the following understanding:'),
          para('Paragraph 1 – Requests'),
          trackedRequest([
            new TextRun(' days and made '),
            new CommentRangeStart(0),
            new TextRun('in writing'),
            new CommentRangeEnd(0),
            new TextRun({ children: [new CommentReference(0)] }),
            new TextRun('.'),
          ]),
        ],
      },
    ],
    {
      comments: {
        children: [
          { id: 0, author: 'Malee', date, children: [para('Or by e-mail?')] },
          { id: 1, author: 'Dara', date, parentId: 0, children: [para('E-mail is writing.')] },
        ],
      },
    },
  )
}

/**
 * A long draft as the bench reads it: a title, a recital, the closing
 * formula, then `clauses` clauses, each a label ("Paragraph 3"), a heading
 * and five numbered paragraphs of `sentences` sentences. 700 clauses make
 * 4,903 paragraphs, near the 5,000 the import reads; with 14 sentences,
 * 7.4 MiB of main document, near the 8 MiB it reads: the largest file it
 * admits.
 */
export function longWordDraft(clauses: number, sentences: number): { bytes: Promise<Uint8Array>; paragraphs: number } {
  const sentence = 'The Participants will exchange information on cases of trafficking in persons through their designated contact points within thirty days of a request, '
  const children: Paragraph[] = [para('MEMORANDUM OF UNDERSTANDING'), para('RECOGNISING the need to cooperate;'), para('HAVE REACHED the following understanding:')]
  for (let clause = 1; clause <= clauses; clause++) {
    children.push(para(`Paragraph ${clause}`), para(`Cooperation in area ${clause}`))
    for (let index = 1; index <= 5; index++) children.push(para(`${index}. ${sentence.repeat(sentences)}`))
  }
  return { bytes: wordFile([{ children }]), paragraphs: children.length }
}

/** A table row of one plain paragraph per cell, `texts` in order. */
export const tableRow = (...texts: string[]): TableRow => new TableRow({ children: texts.map((text) => new TableCell({ children: [para(text)] })) })

/** How a block reads in an outline: tracked changes as {+inserted+} and {-deleted-}, references as →n. */
function inlineOutline(inlines: readonly DraftInline[]): string {
  return inlines
    .map((inline) => {
      const text = inline.kind === 'clause-ref' ? `→${inline.clause + 1}` : inline.kind === 'party-ref' ? `@${inline.party}.${inline.form}` : inline.text
      if (inline.change === null) return text
      return inline.change.kind === 'insertion' ? `{+${text}+}` : `{-${text}-}`
    })
    .join('')
}

const blockOutline = (block: DraftBlock) => inlineOutline(block.inlines)

/** A text as an outline: title, recitals, "⟨closing formula⟩", each clause's heading and body ("1. …", "(a) …" under it, "¶ …"), final provisions. */
function textOutline(text: DraftText): Record<string, unknown> {
  return {
    lang: text.lang,
    title: blockOutline(text.title),
    preamble: [...text.recitals.map(blockOutline), ...(text.closingFormula ? [`⟨${blockOutline(text.closingFormula)}⟩`] : [])],
    clauses: text.clauses.map((clause) => ({
      heading: blockOutline(clause.heading),
      body: clause.body.flatMap((entry) =>
        entry.kind === 'numbered' ? [`1. ${blockOutline(entry.block)}`, ...entry.subs.map((sub) => `  (a) ${blockOutline(sub)}`)] : entry.kind === 'sub' ? [`(a) ${blockOutline(entry.block)}`] : [`¶ ${blockOutline(entry.block)}`],
      ),
    })),
    finalProvisions: text.finalProvisions.map(blockOutline),
  }
}

/** Every text of a draft as an outline. */
export const draftOutline = (draft: ImportedDraft): Record<string, unknown>[] => draft.texts.map(textOutline)

/** The report's paragraph entries as "source destination[ clause]". */
export const destinations = (draft: Pick<ImportedDraft, 'paragraphs'>): string[] => draft.paragraphs.map((entry) => `${entry.source} ${entry.destination}${entry.clause === null ? '' : ` ${entry.clause}`}`)
