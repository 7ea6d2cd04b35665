/**
 * Importing a draft written elsewhere (a Word file, an Akoma Ntoso file)
 * as the API answers it: the preview of the text it would become, and the
 * report of where each paragraph of the file went and of everything that
 * could not be mapped, so that nothing is dropped silently. Shared with
 * the browser client, which shows the preview before anything changes.
 */

/** The formats a draft is read from. */
export const importFormats = ['docx', 'akn'] as const
export type ImportFormat = (typeof importFormats)[number]

/**
 * What becomes of the file's tracked changes: each insertion and deletion a
 * bracketed alternative owned by the importing party ('brackets'), or all
 * of them accepted or rejected as Word would.
 */
export const trackedChangeHandlings = ['brackets', 'accept', 'reject'] as const
export type TrackedChangeHandling = (typeof trackedChangeHandlings)[number]

/**
 * Where a paragraph of the file went: a block of the text by its node name;
 * `clause_label` the line that opened a clause ("Article 3", its number
 * derived again); `joined` into the block before it (a third-level item
 * such as "(i)", which the text has no level for, or a paragraph whose
 * mark a tracked change removed); `generated` what Counterpart writes
 * itself at export (the testimonium, the signature blocks); `empty` a
 * paragraph with no text; `unmapped` what could not be placed (see the
 * report's `unmapped`).
 */
export const importDestinations = [
  'title',
  'recital',
  'closing_formula',
  'clause_label',
  'clause_heading',
  'paragraph',
  'numbered_paragraph',
  'sub_paragraph',
  'final_provisions',
  'joined',
  'generated',
  'empty',
  'unmapped',
] as const
export type ImportDestination = (typeof importDestinations)[number]

/** One paragraph of the file and where it went. */
export interface ImportedParagraph {
  /** Its place in the file, from 1, in reading order (table cells, row by row, counted where the table stands). */
  source: number
  /** Where in the file: "body", "table 2, row 3, cell 1". */
  where: string
  /** Its text as the file reads it (with tracked changes as the import takes them), at most 300 characters. */
  text: string
  /** The language of its text, by script ("th", "km", "en"), or null for none (no letters). */
  lang: string | null
  destination: ImportDestination
  /** The language of the text it went into (null: none). */
  intoText: string | null
  /** The clause it went into, from 1 (null: not in a clause). */
  clause: number | null
  /** The number or letter the file gave it ("Article 3", "2.", "(b)"), by Word's numbering or as typed; null for none. */
  written: string | null
  /** Why it went there, when that is not plain (a recital told by its position, an "(i)" joined). */
  note: string | null
}

/** What could not be mapped onto an instrument, with its text, so nothing is lost without a word. */
export const unmappedKinds = ['table', 'image', 'footnote', 'endnote', 'field', 'text-box', 'equation', 'object', 'hidden-text', 'comment', 'language-text', 'paragraph', 'formatting-change'] as const
export type UnmappedKind = (typeof unmappedKinds)[number]

export interface UnmappedItem {
  kind: UnmappedKind
  /** Where in the file ("body, paragraph 12", "table 1", "footnote 3"). */
  where: string
  /** Its text, at most 2,000 characters ("" when it has none, such as an image). */
  text: string
  /** What became of it, in words. */
  note: string
}

/** The author of tracked changes in the file, as the file names them, with how many of each. */
export interface ChangeAuthor {
  name: string
  insertions: number
  deletions: number
}

/** What an import did or would do, and everything it could not. */
export interface ImportReport {
  format: ImportFormat
  changes: TrackedChangeHandling
  /** The party whose bracketed alternatives the tracked changes become (null: none, or accepted/rejected). */
  bracketOwner: string | null
  /** Every paragraph of the file, in order, and where it went. */
  paragraphs: ImportedParagraph[]
  unmapped: UnmappedItem[]
  /** The authors of the file's tracked changes (their names are not members': they are kept here and in the audit trail). */
  authors: ChangeAuthor[]
  /** What the import found worth saying about the file as a whole, in words. */
  notes: string[]
  counts: ImportCounts
}

export interface ImportCounts {
  paragraphs: number
  clauses: number
  numberedParagraphs: number
  subParagraphs: number
  /** Cross-references written as text ("Article 8") that became references. */
  references: number
  /** Parties' names written as text that became party references. */
  partyReferences: number
  /** Brackets made of tracked changes. */
  brackets: number
  /** Comments that become comment threads. */
  comments: number
  unmapped: number
}

/** A block of a previewed text, in the order the text has them. */
export interface PreviewBlock {
  kind: 'title' | 'recital' | 'closing_formula' | 'clause_heading' | 'paragraph' | 'numbered_paragraph' | 'sub_paragraph' | 'final_provisions'
  /** Its number as the text will show it ("Article 3" for a heading, "2.", "(b)"), or null. */
  label: string | null
  /** Its text, brackets in their notation ("[shall] / [will]"), references by their number. */
  text: string
  /** The file's paragraphs it was made of (`ImportedParagraph.source`). */
  sources: number[]
}

/** One language text of the draft as it would be written. */
export interface PreviewText {
  /** Its language, by script. */
  lang: string
  /**
   * Where it would go in the document: its working text, the text in its
   * language, or nowhere (the document has no text in that language, or
   * its structure differs from the working text's; the report says why).
   */
  target: 'working' | 'translation' | 'none'
  blocks: PreviewBlock[]
  /** The text as a ProseMirror document (`schema.ts`), for drawing it as the editor draws it. */
  doc: Record<string, unknown>
}

/** What `POST …/import` answers without `apply`: nothing changed yet. */
export interface ImportPreviewView {
  documentId: string
  applied: false
  texts: PreviewText[]
  report: ImportReport
}

/** What `POST …/import?apply=1` answers: the import applied as one change, recorded as a revision. */
export interface ImportAppliedView {
  documentId: string
  applied: true
  /** The revision holding the text before the import, and the one holding it after (compare the two). */
  revisions: { before: number; after: number }
  /** Clauses kept as they were: agreed, their text locked (the file's text for them was not applied). */
  keptLocked: string[]
  /** The comment threads opened on the imported words. */
  threads: string[]
  report: ImportReport
}
