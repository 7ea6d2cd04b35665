/**
 * The body of a Word file read in order, paragraph by paragraph, before
 * any of it is given a place in an instrument: each paragraph's style and
 * automatic number (as Word shows it), its alignment, and its runs — words
 * with bold, italic and underline, the tracked change each belongs to and
 * the comments over it — and the tables with their cells' paragraphs. What
 * the body holds that is not words (images, text boxes, footnotes, fields,
 * equations, embedded objects, hidden text, formatting changes) is noted
 * with its text as it is met, so the report can say what became of it.
 *
 * Tracked changes are kept (each insertion and deletion on its runs, the
 * changes that touch one another one proposal) or resolved as Word resolves
 * them when all are accepted or rejected: a paragraph whose mark goes away
 * joins the next. Work is bounded: paragraphs and comments are counted as
 * they are read, and nesting (of elements in a paragraph, of tables in
 * tables) is refused beyond `WordLimits.maxDepth`.
 */

import type { Element } from '@xmldom/xmldom'
import type { ChangeAuthor, TrackedChangeHandling, UnmappedItem } from '../vocabulary/draftImport.js'
import { invalid, tooLarge } from '../vocabulary/errors.js'
import type { DraftChange, DraftComment, DraftMarks } from './importedDraft.js'
import type { WordLimits, WordPackage } from './wordPackage.js'
import { WordNumbering, type NumberingCounter, type ParagraphNumber } from './wordNumbering.js'
import { WordStyles, type ParagraphStyle } from './wordStyles.js'
import { childElement, childElements, childValue, isAnyElement, isElement, plainTextOf, toggle, wordAttribute, wordNamespace } from './wordXml.js'
import { notesOf, readComments } from './wordAnnotations.js'

/** A run of words as the file has it. */
export interface SourceRun {
  text: string
  marks: DraftMarks
  change: DraftChange | null
  /** The comments whose range covers it. */
  comments: readonly string[]
}

/** A paragraph the import took away by resolving a tracked change: it joined the one after it. */
export interface JoinedParagraph {
  source: number
  where: string
  text: string
}

/** A paragraph of the file. */
export interface SourceParagraph {
  /** Its place in the file, from 1. */
  source: number
  /** "body", or "table 2, row 3, cell 1". */
  where: string
  /** The section it is in, from 0 (a section break ends one). */
  section: number
  style: ParagraphStyle | null
  /** Its automatic number, or null. */
  number: ParagraphNumber | null
  /** "center", "both"…, or null. */
  alignment: string | null
  runs: SourceRun[]
  /** Whether every word of it is bold. */
  bold: boolean
  /** The tracked change of its paragraph mark, kept ('brackets'), or null. */
  markChange: DraftChange | null
  /** Paragraphs joined to the start of this one when a tracked change was resolved. */
  joined: JoinedParagraph[]
}

/** A table of the file: its rows, each row's cells, each cell's paragraphs. */
export interface SourceTable {
  /** From 1, in the file's order. */
  index: number
  where: string
  rows: SourceParagraph[][][]
  /** Tables inside its cells, read as text: none of them is mapped. */
  nestedText: string
}

export type BodyItem = { kind: 'paragraph'; paragraph: SourceParagraph } | { kind: 'table'; table: SourceTable }

/** The body of a Word file as read. */
export interface WordBody {
  items: BodyItem[]
  comments: DraftComment[]
  authors: ChangeAuthor[]
  unmapped: UnmappedItem[]
}

const mathNamespace = 'http://schemas.openxmlformats.org/officeDocument/2006/math'
const drawingNamespace = 'http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing'
const longestQuoted = 2_000
/** Most comment ranges followed at once, and complex fields inside one another. */
const maxOpenComments = 32
const maxOpenFields = 16
/** Most things that could not be mapped listed one by one (the rest are counted). */
const maxNoted = 500
const quoted = (text: string) => (text.length > longestQuoted ? `${text.slice(0, longestQuoted - 1)}…` : text)

/**
 * Reads the body of `word`, with its tracked changes taken as `changes`
 * says. Throws a `too-large` CounterpartError beyond `limits`' paragraphs
 * or comments, an `invalid` one for nesting deeper than they allow.
 */
export function readWordBody(word: WordPackage, changes: TrackedChangeHandling, limits: WordLimits): WordBody {
  return new BodyReader(word, changes, limits).read()
}

/** An open complex field (`w:fldChar` begin … separate … end). */
interface OpenField {
  code: string
  inResult: boolean
  result: string
  where: string
}

class BodyReader {
  private readonly styles: WordStyles
  private readonly numbering: WordNumbering
  private readonly counter: NumberingCounter
  private readonly items: BodyItem[] = []
  private readonly unmapped: UnmappedItem[] = []
  private readonly authors = new Map<string, ChangeAuthor>()
  private readonly footnotes: Map<string, string>
  private readonly endnotes: Map<string, string>
  private readonly openComments = new Set<string>()
  /** The open comments as runs carry them: one array while they stay the same, so runs share it. */
  private openList: readonly string[] = []
  private readonly fields: OpenField[] = []
  private source = 0
  private section = 0
  private tables = 0
  private proposals = 0
  /** Complex fields begun inside fields already `maxOpenFields` deep: not followed, only counted to their ends. */
  private ignoredFields = 0
  /** Things noted beyond `maxNoted`, told as one. */
  private unnoted = 0
  private formattingChanges = 0
  private hiddenText = ''
  /** Paragraphs waiting to join the next one (their mark removed by the decision on tracked changes). */
  private pending: SourceParagraph[] = []

  constructor(
    private readonly word: WordPackage,
    private readonly changes: TrackedChangeHandling,
    private readonly limits: WordLimits,
  ) {
    this.styles = new WordStyles(word.styles)
    this.numbering = new WordNumbering(word.numbering)
    this.counter = this.numbering.counter()
    this.footnotes = notesOf(word.footnotes, 'footnote')
    this.endnotes = notesOf(word.endnotes, 'endnote')
  }

  read(): WordBody {
    this.readBlocks(this.word.body, 'body', 0, (paragraph) => this.items.push({ kind: 'paragraph', paragraph }), (table) => this.items.push({ kind: 'table', table }))
    this.flushPending((paragraph) => this.items.push({ kind: 'paragraph', paragraph }))
    if (this.formattingChanges > 0) {
      this.note({ kind: 'formatting-change', where: 'body', text: '', note: `${this.formattingChanges} tracked formatting change${this.formattingChanges === 1 ? '' : 's'}: the text is taken as formatted now` })
    }
    if (this.hiddenText !== '') this.note({ kind: 'hidden-text', where: 'body', text: quoted(this.hiddenText), note: 'hidden text (Word does not show or print it): not imported' })
    if (this.unnoted > 0) this.unmapped.push({ kind: 'object', where: 'body', text: '', note: `and ${this.unnoted} more images, fields, notes or objects like those above, not listed one by one` })
    return { items: this.items, comments: readComments(this.word, this.limits), authors: [...this.authors.values()], unmapped: this.unmapped }
  }

  /** The paragraphs and tables of a body, a cell or a content control, in order. */
  private readBlocks(container: Element, where: string, depth: number, onParagraph: (paragraph: SourceParagraph) => void, onTable: (table: SourceTable) => void): void {
    if (depth > this.limits.maxDepth) throw invalid(`the Word file nests content more than ${this.limits.maxDepth} deep`)
    for (const element of childElements(container)) {
      if (isElement(element, 'p')) {
        const paragraph = this.readParagraph(element, where, depth)
        if (paragraph !== null) {
          this.flushPending(onParagraph, paragraph)
          onParagraph(paragraph)
        }
      } else if (isElement(element, 'tbl')) {
        this.flushPending(onParagraph)
        if (where === 'body') onTable(this.readTable(element, depth + 1))
        else this.note({ kind: 'table', where, text: quoted(plainTextOf(element, this.limits.maxDepth)), note: 'a table inside a table: not imported' })
      } else if (isElement(element, 'sdt')) {
        const content = childElement(element, 'sdtContent')
        if (content) this.readBlocks(content, where, depth + 1, onParagraph, onTable)
      } else if (isElement(element, 'customXml')) {
        this.readBlocks(element, where, depth + 1, onParagraph, onTable)
      } else if (isElement(element, 'altChunk')) {
        this.note({ kind: 'object', where, text: '', note: 'an embedded document (altChunk): not imported' })
      }
    }
  }

  /** Paragraphs waiting to join the next: joined to `next`, or kept as they are at the end of a container. */
  private flushPending(onParagraph: (paragraph: SourceParagraph) => void, next: SourceParagraph | null = null): void {
    if (this.pending.length === 0) return
    const waiting = this.pending
    this.pending = []
    if (next === null) {
      for (const paragraph of waiting) onParagraph(paragraph)
      return
    }
    next.joined = [...waiting.flatMap((paragraph) => [...paragraph.joined, { source: paragraph.source, where: paragraph.where, text: paragraph.runs.map((run) => run.text).join('') }]), ...next.joined]
    next.runs = [...waiting.flatMap((paragraph) => paragraph.runs), ...next.runs]
  }

  private readTable(table: Element, depth: number): SourceTable {
    const index = ++this.tables
    if (index > this.limits.maxParagraphs) throw tooLarge(`the Word file has more than ${this.limits.maxParagraphs} tables, more than a draft is read with`)
    let nestedText = ''
    const rows = childElements(table, 'tr').map((row, rowIndex) =>
      childElements(row, 'tc').map((cell, cellIndex) => {
        const paragraphs: SourceParagraph[] = []
        const where = `table ${index}, row ${rowIndex + 1}, cell ${cellIndex + 1}`
        this.readBlocks(cell, where, depth + 1, (paragraph) => paragraphs.push(paragraph), () => {})
        this.flushPending((paragraph) => paragraphs.push(paragraph))
        for (const nested of childElements(cell, 'tbl')) nestedText += `${plainTextOf(nested, this.limits.maxDepth)}\n`
        return paragraphs
      }),
    )
    return { index, where: `table ${index}`, rows, nestedText }
  }

  /** One paragraph; null when it joins the next (its mark removed by the decision on tracked changes). */
  private readParagraph(paragraph: Element, where: string, depth: number): SourceParagraph | null {
    this.source++
    if (this.source > this.limits.maxParagraphs) {
      throw tooLarge(`the Word file has more than ${this.limits.maxParagraphs} paragraphs, more than a draft is read with: split it, or import the part to negotiate`)
    }
    const properties = childElement(paragraph, 'pPr')
    const style = this.styles.paragraphStyle(childValue(properties, 'pStyle'))
    if (childElement(properties, 'pPrChange') !== null) this.formattingChanges++
    const markProperties = childElement(properties, 'rPr')
    const markInserted = childElement(markProperties, 'ins')
    const markDeleted = childElement(markProperties, 'del')
    const runs: SourceRun[] = []
    const state = { previousChanged: false, proposal: 0 }
    this.readInline(paragraph, null, runs, state, where, depth + 1)
    const read: SourceParagraph = {
      source: this.source,
      where,
      section: this.section,
      style,
      number: this.numberOf(properties, style),
      alignment: childValue(properties, 'jc') ?? style?.alignment ?? null,
      runs: mergedRuns(runs),
      bold: false,
      markChange: null,
      joined: [],
    }
    read.bold = runs.some((run) => run.text.trim() !== '') && runs.every((run) => run.text.trim() === '' || run.marks.strong || style?.bold === true)
    if (childElement(properties, 'sectPr') !== null) this.section++
    const mark = markInserted ?? markDeleted
    if (mark !== null) {
      const kind = markInserted !== null ? 'insertion' : 'deletion'
      this.tally(mark, kind)
      const goes = (this.changes === 'accept' && kind === 'deletion') || (this.changes === 'reject' && kind === 'insertion')
      if (goes) {
        this.pending.push(read)
        return null
      }
      if (this.changes === 'brackets') read.markChange = this.change(mark, kind, ++this.proposals)
    }
    return read
  }

  /** The automatic number of a paragraph: its own `w:numPr`, else its style's. */
  private numberOf(properties: Element | null, style: ParagraphStyle | null): ParagraphNumber | null {
    const numPr = childElement(properties, 'numPr')
    const ownId = childValue(numPr, 'numId')
    const numId = ownId ?? style?.numbering?.numId ?? null
    if (numId === null || numId === '0') return null
    const ownLevel = childValue(numPr, 'ilvl')
    const level = ownLevel !== null ? Number(ownLevel) : (style?.numbering?.level ?? (style ? this.numbering.levelOfStyle(numId, style.id) : null) ?? 0)
    if (!Number.isInteger(level) || level < 0 || level > 8) return null
    return this.counter.next(numId, level)
  }

  /** The runs under `element` (a paragraph, or what holds runs inside one), the tracked change `change` in force. */
  private readInline(element: Element, change: DraftChange | null, runs: SourceRun[], state: { previousChanged: boolean; proposal: number }, where: string, depth: number): void {
    if (depth > this.limits.maxDepth) throw invalid(`the Word file nests the content of a paragraph more than ${this.limits.maxDepth} deep (${where})`)
    for (let child = element.firstChild; child !== null; child = child.nextSibling) {
      if (!isAnyElement(child)) continue
      if (child.namespaceURI === mathNamespace) {
        this.note({ kind: 'equation', where: this.here(where), text: quoted(child.textContent ?? ''), note: 'an equation: not imported' })
        continue
      }
      if (child.namespaceURI !== wordNamespace) {
        // Markup compatibility (mc:AlternateContent) and the like: read what they hold.
        this.readInline(child, change, runs, state, where, depth + 1)
        continue
      }
      switch (child.localName) {
        case 'pPr':
          break
        case 'r':
          this.readRun(child, change, runs, state, where)
          break
        case 'ins':
        case 'moveTo':
        case 'del':
        case 'moveFrom': {
          const kind = child.localName === 'ins' || child.localName === 'moveTo' ? 'insertion' : 'deletion'
          this.tally(child, kind)
          const proposal = state.previousChanged ? state.proposal : ++this.proposals
          this.readInline(child, this.change(child, kind, proposal), runs, state, where, depth + 1)
          break
        }
        case 'commentRangeStart': {
          // Beyond a few ranges open at once, a range is not followed (its comment is reported): what a run carries stays bounded.
          const id = wordAttribute(child, 'id')
          if (id !== null && this.openComments.size < maxOpenComments) this.openComments.add(id)
          this.openList = [...this.openComments]
          break
        }
        case 'commentRangeEnd': {
          const id = wordAttribute(child, 'id')
          if (id !== null) this.openComments.delete(id)
          this.openList = [...this.openComments]
          break
        }
        case 'fldSimple': {
          const before = runs.length
          this.readInline(child, change, runs, state, where, depth + 1)
          const result = runs.slice(before).map((run) => run.text).join('')
          this.note({ kind: 'field', where: this.here(where), text: quoted(`${(wordAttribute(child, 'instr') ?? '').trim()} → ${result}`), note: 'a field: its result kept as text' })
          break
        }
        case 'bookmarkStart':
        case 'bookmarkEnd':
        case 'proofErr':
        case 'permStart':
        case 'permEnd':
          break
        default:
          // Hyperlinks, smart tags, content controls, custom XML, bidirectional runs: their runs count as the paragraph's.
          this.readInline(child, change, runs, state, where, depth + 1)
      }
    }
  }

  private readRun(run: Element, change: DraftChange | null, runs: SourceRun[], state: { previousChanged: boolean; proposal: number }, where: string): void {
    const properties = childElement(run, 'rPr')
    if (childElement(properties, 'rPrChange') !== null) this.formattingChanges++
    const underline = childValue(properties, 'u')
    const marks: DraftMarks = {
      strong: toggle(properties, 'b') ?? false,
      em: toggle(properties, 'i') ?? false,
      underline: childElement(properties, 'u') !== null && underline !== 'none',
    }
    const hidden = toggle(properties, 'vanish') === true
    let text = ''
    for (const child of childElements(run)) {
      if (child.namespaceURI !== wordNamespace) continue
      switch (child.localName) {
        case 't':
        case 'delText':
          text += child.textContent ?? ''
          break
        case 'instrText':
          if (this.fields.length > 0) this.fields.at(-1)!.code += child.textContent ?? ''
          break
        case 'tab':
        case 'ptab':
          text += '\t'
          break
        case 'br':
        case 'cr':
          text += ' '
          break
        case 'noBreakHyphen':
          text += '\u2011'
          break
        case 'fldChar':
          text = this.fieldMark(child, text, runs, marks, change, state, where)
          break
        case 'drawing':
        case 'pict':
          this.noteDrawing(child, where)
          break
        case 'object':
          this.note({ kind: 'object', where: this.here(where), text: '', note: 'an embedded object: not imported' })
          break
        case 'footnoteReference':
        case 'endnoteReference': {
          const kind = child.localName === 'footnoteReference' ? 'footnote' : 'endnote'
          const id = wordAttribute(child, 'id') ?? '?'
          const notes = kind === 'footnote' ? this.footnotes : this.endnotes
          this.note({ kind, where: `${kind} ${id}, referred to in ${this.here(where)}`, text: quoted(notes.get(id) ?? ''), note: `a ${kind}: the text has none; not imported` })
          break
        }
      }
    }
    if (hidden) {
      if (this.hiddenText.length < longestQuoted) this.hiddenText += text
      return
    }
    // The instruction of a field is not text; only its result is.
    if (this.fields.some((field) => !field.inResult)) return
    for (const field of this.fields) field.result += text
    this.push(runs, text, marks, change, state)
  }

  /** A complex field's begin, separate or end; returns the run's text still to add (the part before the mark is added now). */
  private fieldMark(mark: Element, text: string, runs: SourceRun[], marks: DraftMarks, change: DraftChange | null, state: { previousChanged: boolean; proposal: number }, where: string): string {
    if (text !== '' && !this.fields.some((field) => !field.inResult)) {
      for (const field of this.fields) field.result += text
      this.push(runs, text, marks, change, state)
    }
    const type = wordAttribute(mark, 'fldCharType')
    if (type === 'begin') {
      if (this.fields.length < maxOpenFields) this.fields.push({ code: '', inResult: false, result: '', where: this.here(where) })
      else this.ignoredFields++
    } else if (type === 'separate' && this.ignoredFields === 0 && this.fields.length > 0) this.fields.at(-1)!.inResult = true
    else if (type === 'end' && this.ignoredFields > 0) this.ignoredFields--
    else if (type === 'end') {
      const field = this.fields.pop()
      if (field) this.note({ kind: 'field', where: field.where, text: quoted(`${field.code.trim()} → ${field.result}`), note: 'a field: its result kept as text' })
    }
    return ''
  }

  private push(runs: SourceRun[], text: string, marks: DraftMarks, change: DraftChange | null, state: { previousChanged: boolean; proposal: number }): void {
    if (text === '') return
    const kept = this.taken(change)
    if (kept === undefined) return
    runs.push({ text, marks, change: kept, comments: this.openList })
    state.previousChanged = kept !== null
    if (kept !== null) state.proposal = kept.proposal
  }

  /** A change as the decision takes it: kept ('brackets'), gone (undefined: the words are dropped), or resolved into plain text (null). */
  private taken(change: DraftChange | null): DraftChange | null | undefined {
    if (change === null) return null
    if (this.changes === 'brackets') return change
    const kept = this.changes === 'accept' ? 'insertion' : 'deletion'
    return change.kind === kept ? null : undefined
  }

  private change(element: Element, kind: DraftChange['kind'], proposal: number): DraftChange {
    return { kind, author: wordAttribute(element, 'author') ?? 'Unknown author', date: wordAttribute(element, 'date'), proposal }
  }

  private tally(element: Element, kind: DraftChange['kind']): void {
    const name = wordAttribute(element, 'author') ?? 'Unknown author'
    const author = this.authors.get(name) ?? { name, insertions: 0, deletions: 0 }
    if (kind === 'insertion') author.insertions++
    else author.deletions++
    this.authors.set(name, author)
  }

  private noteDrawing(drawing: Element, where: string): void {
    const boxes = drawing.getElementsByTagNameNS(wordNamespace, 'txbxContent')
    if (boxes.length > 0) {
      for (let index = 0; index < boxes.length; index++) {
        this.note({ kind: 'text-box', where: this.here(where), text: quoted(plainTextOf(boxes.item(index)!, this.limits.maxDepth)), note: 'a text box: not imported' })
      }
      return
    }
    const described = drawing.getElementsByTagNameNS(drawingNamespace, 'docPr').item(0)
    const words = [described?.getAttribute('title'), described?.getAttribute('descr')].filter((value) => value).join(': ')
    this.note({ kind: 'image', where: this.here(where), text: quoted(words), note: 'an image: not imported' })
  }

  /** Notes what could not be mapped, the first `maxNoted` things one by one. */
  private note(item: UnmappedItem): void {
    if (this.unmapped.length < maxNoted) this.unmapped.push(item)
    else this.unnoted++
  }

  /** "body, paragraph 12" or "table 1, row 2, cell 1, paragraph 40". */
  private here(where: string): string {
    return `${where}, paragraph ${this.source}`
  }
}

/** Runs next to each other with the same marks, change and comments, as one. */
function mergedRuns(runs: SourceRun[]): SourceRun[] {
  const merged: SourceRun[] = []
  for (const run of runs) {
    const last = merged.at(-1)
    if (last && sameMarks(last.marks, run.marks) && last.change === run.change && sameList(last.comments, run.comments)) last.text += run.text
    else merged.push({ ...run })
  }
  return merged
}

const sameMarks = (a: DraftMarks, b: DraftMarks) => a.strong === b.strong && a.em === b.em && a.underline === b.underline
const sameList = (a: readonly string[], b: readonly string[]) => a === b || (a.length === b.length && a.every((item, index) => item === b[index]))
