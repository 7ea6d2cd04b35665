/**
 * The body of a Word file mapped onto an instrument: its paragraphs, read
 * in order (`wordBody.ts`), given their places — the title, the preamble
 * (recitals, and the closing formula by its words or its place), clauses
 * (opened by a label such as "Article 3" or "ข้อ ๓", typed or numbered by
 * Word, or by a heading style; the title after the label), numbered
 * paragraphs and lettered sub-paragraphs (by Word's numbering levels or
 * the numbers typed before them), the final provisions — and split into
 * language texts: one per section of a script (a signing original holds a
 * section per language), or one per column of a table whose columns are
 * in different scripts. Cross-references written as text ("Article 8")
 * become references where they name a clause of the same text.
 *
 * Every paragraph of the file gets an entry in the report saying where it
 * went; what has no place (tables, the testimonium and signature blocks
 * Counterpart writes itself, paragraphs between the closing formula and
 * the first clause, comments on words not imported) is said with its text.
 */

import type { ImportDestination, ImportedParagraph, TrackedChangeHandling, UnmappedItem } from '../vocabulary/draftImport.js'
import { invisibleBreaks, languageOfText, opensAsRecital, opensFinalProvisions, readsAsClosingFormula, readsAsSignatureLine, readsAsTestimonium } from './draftCues.js'
import { acceptedText, afterLabel, clauseHeadingLevel, clauseStart, continuesTitle, headsClause, lineOf, space, titleAfterLabel, withoutBold, type Line } from './draftLines.js'
import { resolveReferences } from './draftReferences.js'
import { blockText, draftBlock, textBlocks, type DraftBlock, type DraftClause, type DraftClauseBlock, type DraftInline, type DraftText, type ImportedDraft } from './importedDraft.js'
import type { SourceParagraph, SourceTable, WordBody } from './wordBody.js'

/** A clause as the pass finds it: the line that opened it, the heading line, and the lines of its body. */
interface FoundClause {
  labelLine: Line | null
  headingLine: Line | null
  written: string | null
  lines: Line[]
}

/** What the report says of one paragraph, before the entries are put in order. */
type Placement = Omit<ImportedParagraph, 'source' | 'where' | 'text' | 'lang'>

/** Maps the body of a Word file, read with its tracked changes taken as `changes`, onto a draft. */
export function mapWordBody(body: WordBody, changes: TrackedChangeHandling): ImportedDraft {
  return new Mapping(body, changes).draft()
}

class Mapping {
  private readonly placements = new Map<number, Placement>()
  private readonly sources = new Map<number, SourceParagraph>()
  private readonly unmapped: UnmappedItem[] = []
  private readonly notes: string[] = []
  /** The paragraphs a signature block follows (a table of one, after any empty paragraphs). */
  private readonly signedAfter = new Set<number>()

  constructor(
    private readonly body: WordBody,
    private readonly changes: TrackedChangeHandling,
  ) {}

  draft(): ImportedDraft {
    const flows = this.flows()
    const texts = [...flows].map(([lang, paragraphs]) => this.text(lang, paragraphs))
    for (const text of texts) resolveReferences(text)
    const used = new Set(texts.flatMap((text) => textBlocks(text).flatMap((block) => block.inlines.flatMap((inline) => inline.comments))))
    const comments = this.body.comments.filter((comment) => used.has(comment.id) || (comment.replyTo !== null && used.has(comment.replyTo)))
    for (const comment of this.body.comments) {
      if (comments.includes(comment)) continue
      this.unmapped.push({ kind: 'comment', where: `comment ${comment.id}`, text: `${comment.author}: ${comment.text}`.slice(0, 2_000), note: 'its words are not in the text imported: no thread is opened for it' })
    }
    if (texts.length > 1) this.notes.push(`The file holds ${texts.length} language texts: ${texts.map((text) => text.lang).join(', ')}.`)
    return {
      format: 'docx',
      changes: this.changes,
      texts,
      comments,
      paragraphs: this.entries(),
      unmapped: listed([...this.body.unmapped, ...this.unmapped]),
      authors: this.body.authors,
      notes: this.notes,
    }
  }

  /** The report's paragraph entries, in the file's order, joined paragraphs included. */
  private entries(): ImportedParagraph[] {
    const entries: ImportedParagraph[] = []
    for (const [source, paragraph] of [...this.sources].sort((a, b) => a[0] - b[0])) {
      const placement = this.placements.get(source) ?? { destination: 'unmapped', intoText: null, clause: null, written: null, note: 'not placed' }
      for (const joined of paragraph.joined) {
        entries.push({
          source: joined.source,
          where: joined.where,
          text: clip(joined.text),
          lang: languageOfText(joined.text),
          destination: 'joined',
          intoText: placement.intoText,
          clause: placement.clause,
          written: null,
          note: `joined to paragraph ${source}: the tracked change to its paragraph mark is ${this.changes === 'accept' ? 'accepted' : 'rejected'}`,
        })
      }
      const text = paragraph.runs.map((run) => run.text).join('')
      entries.push({ source, where: paragraph.where, text: clip(text.replace(invisibleBreaks, '')), lang: languageOfText(text), ...placement })
    }
    return entries.sort((a, b) => a.source - b.source)
  }

  private place(line: Line | SourceParagraph, destination: ImportDestination, intoText: string | null, clause: number | null = null, note: string | null = null): void {
    const paragraph = 'paragraph' in line ? line.paragraph : line
    const written = 'paragraph' in line ? (line.label ? `${line.label.word} ${line.label.written}` : (line.number?.written ?? null)) : null
    const extra = paragraph.markChange ? `its paragraph mark is a tracked ${paragraph.markChange.kind} by ${paragraph.markChange.author}: kept as a paragraph` : null
    this.placements.set(paragraph.source, { destination, intoText, clause, written, note: [note, extra].filter((part) => part !== null).join('; ') || null })
  }

  /**
   * The file's paragraphs by language text, in order: a table whose columns
   * are in different scripts gives each column to its language; the other
   * paragraphs go by the script of their section (or, beside such a table,
   * by their own). Other tables are reported, their text with them.
   */
  private flows(): Map<string, SourceParagraph[]> {
    const flows = new Map<string, SourceParagraph[]>()
    const into = (lang: string, paragraph: SourceParagraph) => {
      const flow = flows.get(lang)
      if (flow) flow.push(paragraph)
      else flows.set(lang, [paragraph])
    }
    const items = this.body.items
    for (const item of items) {
      if (item.kind === 'paragraph') this.sources.set(item.paragraph.source, item.paragraph)
      else for (const paragraph of item.table.rows.flat(2)) this.sources.set(paragraph.source, paragraph)
    }
    const parallel = new Map(items.flatMap((item) => (item.kind === 'table' ? [[item.table, parallelColumns(item.table)] as const] : [])))
    const anyParallel = [...parallel.values()].some((columns) => columns !== null)
    const sectionLanguages = new Map<number, string>()
    const sectionText = new Map<number, string>()
    for (const item of items) {
      if (item.kind !== 'paragraph') continue
      const { section } = item.paragraph
      sectionText.set(section, (sectionText.get(section) ?? '') + item.paragraph.runs.map((run) => run.text).join(''))
    }
    for (const [section, text] of sectionText) {
      const lang = languageOfText(text)
      if (lang !== null) sectionLanguages.set(section, lang)
    }
    const fallback = [...sectionLanguages.values()][0] ?? 'en'
    let lastWords: number | null = null
    for (const item of items) {
      if (item.kind === 'paragraph' && item.paragraph.runs.some((run) => run.text.trim() !== '')) lastWords = item.paragraph.source
      else if (item.kind === 'table' && isSignatureTable(item.table) && lastWords !== null) this.signedAfter.add(lastWords)
    }
    for (const item of items) {
      if (item.kind === 'paragraph') {
        const own = anyParallel ? languageOfText(item.paragraph.runs.map((run) => run.text).join('')) : null
        into(own ?? sectionLanguages.get(item.paragraph.section) ?? fallback, item.paragraph)
        continue
      }
      const columns = parallel.get(item.table) ?? null
      if (columns !== null) {
        for (const [column, lang] of columns.entries()) {
          for (const row of item.table.rows) for (const paragraph of row[column] ?? []) into(lang, paragraph)
        }
        this.notes.push(`Table ${item.table.index} holds parallel texts (${columns.join(', ')}): each column went into its language's text.`)
        continue
      }
      this.table(item.table)
    }
    return flows
  }

  /** A table that is not parallel texts: a signature block, or reported with its text. */
  private table(table: SourceTable): void {
    const paragraphs = table.rows.flat(2)
    const text = table.rows.map((row) => row.map((cell) => cell.map((paragraph) => paragraph.runs.map((run) => run.text).join('')).join(' ')).join(' | ')).join('\n')
    const signature = isSignatureTable(table)
    for (const paragraph of paragraphs) {
      const empty = paragraph.runs.every((run) => run.text.trim() === '')
      this.place(paragraph, empty ? 'empty' : signature ? 'generated' : 'unmapped', null, null, empty ? null : signature ? 'a signature block: Counterpart writes it at signature' : `in ${table.where}`)
    }
    if (!signature) this.unmapped.push({ kind: 'table', where: table.where, text: clip(text + (table.nestedText ? `\n${table.nestedText}` : ''), 2_000), note: 'a table: an instrument has none; its text is not imported' })
  }

  /** One language text from its paragraphs, in order. */
  private text(lang: string, paragraphs: SourceParagraph[]): DraftText {
    const lines = paragraphs.map(lineOf)
    const text: DraftText = { lang, title: draftBlock([]), recitals: [], closingFormula: null, clauses: [], finalProvisions: [] }
    const filled = lines.filter((line) => {
      const empty = line.text.trim() === '' && line.number === null
      if (empty) this.place(line, 'empty', lang)
      return !empty
    })
    const headingLevel = clauseHeadingLevel(filled)
    const titleLines: Line[] = []
    const preamble: Line[] = []
    const clauses: FoundClause[] = []
    const finals: Line[] = []
    let phase: 'title' | 'preamble' | 'clauses' | 'final' = 'title'
    let generatedFrom: 'testimonium' | null = null

    for (let index = 0; index < filled.length; index++) {
      const line = filled[index]!
      const role = line.paragraph.style?.role ?? null
      const signed = () => this.signedAfter.has(line.paragraph.source) || filled.slice(index + 1).some((later) => later.paragraph.style?.role === 'signature' || readsAsSignatureLine(later.cue))
      // "Done at Bangkok on …" before the signatures is the testimonium; anywhere else it is the text's own words.
      if (role === 'testimonium' || ((phase === 'clauses' || phase === 'final') && readsAsTestimonium(line.cue) && signed())) {
        this.place(line, 'generated', lang, null, 'the testimonium: Counterpart writes it at signature from what the secretariat sets')
        generatedFrom = 'testimonium'
        continue
      }
      if (role === 'signature' || (generatedFrom !== null && readsAsSignatureLine(line.cue))) {
        this.place(line, 'generated', lang, null, 'a signature block: Counterpart writes it at signature')
        continue
      }
      if (phase === 'title') {
        const start = clauseStart(line, headingLevel)
        if (titleLines.length === 0 && start === null) {
          titleLines.push(line)
          continue
        }
        if (start === null && titleLines.length > 0 && continuesTitle(titleLines[0]!, line)) {
          titleLines.push(line)
          continue
        }
        phase = 'preamble'
      }
      if (opensFinalProvisions(line.cue) || role === 'final-provisions') phase = 'final'
      if (phase === 'final') {
        finals.push(line)
        continue
      }
      const start = clauseStart(line, headingLevel)
      if (start !== null) {
        phase = 'clauses'
        const clause: FoundClause = { labelLine: start === 'label' ? line : null, headingLine: start === 'heading' ? line : null, written: line.label?.written ?? null, lines: [] }
        if (start === 'label' && line.label!.rest === '') {
          const next = filled[index + 1]
          if (next !== undefined && headsClause(next, filled[index + 2], headingLevel)) {
            clause.headingLine = next
            index++
          }
        }
        clauses.push(clause)
        continue
      }
      if (phase === 'preamble') preamble.push(line)
      else clauses.at(-1)!.lines.push(line)
    }

    text.title = this.title(titleLines, lang)
    this.preamble(text, preamble, lang)
    text.clauses = clauses.map((clause, index) => this.clause(clause, index + 1, lang))
    text.finalProvisions = finals.map((line) => {
      this.place(line, 'final_provisions', lang)
      return draftBlock(line.inlines, [line.paragraph.source])
    })
    if (clauses.length === 0) this.notes.push(`The ${lang} text has no clause the import recognised (a label such as "Article 1" or "ข้อ ๑", or a heading style).`)
    return text
  }

  private title(lines: Line[], lang: string): DraftBlock {
    lines.forEach((line, index) => this.place(line, 'title', lang, null, index > 0 ? 'joined to the title' : null))
    const inlines = lines.flatMap((line, index) => (index === 0 ? withoutBold(line.inlines) : [space(line.inlines), ...withoutBold(line.inlines)]))
    return draftBlock(inlines, lines.map((line) => line.paragraph.source))
  }

  /** Recitals, and the closing formula: the last paragraph that reads as one, else the last by its place (unless it opens as a recital). */
  private preamble(text: DraftText, lines: Line[], lang: string): void {
    let closing = -1
    for (let index = lines.length - 1; index >= 0 && closing < 0; index--) if (readsAsClosingFormula(lines[index]!.cue)) closing = index
    let byPlace = false
    if (closing < 0 && lines.length > 1 && !opensAsRecital(lines.at(-1)!.cue)) {
      closing = lines.length - 1
      byPlace = true
    }
    lines.forEach((line, index) => {
      if (index === closing) {
        this.place(line, 'closing_formula', lang, null, byPlace ? 'the closing formula, by its place (the last paragraph before the first clause)' : null)
        text.closingFormula = draftBlock(line.inlines, [line.paragraph.source])
      } else if (closing >= 0 && index > closing) {
        this.place(line, 'unmapped', lang, null, 'between the closing formula and the first clause')
        this.unmapped.push({ kind: 'paragraph', where: line.paragraph.where === 'body' ? `body, paragraph ${line.paragraph.source}` : line.paragraph.where, text: clip(line.text, 2_000), note: 'between the closing formula and the first clause: an instrument has nothing there; not imported' })
      } else {
        this.place(line, 'recital', lang, null, opensAsRecital(line.cue) ? null : 'a recital, by its place in the preamble')
        text.recitals.push(draftBlock(line.inlines, [line.paragraph.source], line.number?.written ?? null))
      }
    })
    if (lines.length > 0 && text.closingFormula === null) this.notes.push(`The ${lang} text's preamble has no closing formula ("HAVE REACHED the following understanding:"): it is left empty.`)
  }

  private clause(found: FoundClause, number: number, lang: string): DraftClause {
    const { labelLine, headingLine } = found
    // Words after the label that do not read as a title are the clause's first paragraph ("ข้อ ๑ ภาคีจะร่วมมือกัน…").
    const restIsBody = labelLine !== null && labelLine.label!.rest !== '' && headingLine === null && !titleAfterLabel(labelLine.label!, labelLine.paragraph)
    if (labelLine) this.place(labelLine, labelLine.label!.rest !== '' ? 'clause_heading' : 'clause_label', lang, number)
    if (headingLine && headingLine !== labelLine) this.place(headingLine, 'clause_heading', lang, number)
    let heading: DraftInline[] = []
    if (headingLine !== null) heading = withoutBold(headingLine.inlines)
    else if (labelLine !== null && !restIsBody) heading = withoutBold(afterLabel(labelLine))
    const sources = [labelLine, headingLine].filter((line): line is Line => line !== null && !(restIsBody && line === labelLine)).map((line) => line.paragraph.source)
    const rest = restIsBody ? afterLabel(labelLine!) : []
    const lines = restIsBody ? [{ ...labelLine!, inlines: rest, text: blockText({ inlines: rest }), cue: acceptedText(rest), label: null, number: null }, ...found.lines] : found.lines
    const body = this.clauseBody(lines, number, lang)
    if (restIsBody) this.place(labelLine!, 'paragraph', lang, number, 'opens the clause; its words after the label, which do not read as a title, are its first paragraph')
    if (body.length === 0) body.push({ kind: 'paragraph', block: draftBlock([]) })
    return { written: found.written ?? labelLine?.label?.written ?? null, heading: draftBlock(heading, sources), body }
  }

  /**
   * A clause's body: numbered paragraphs and sub-paragraphs by Word's
   * numbering levels (the shallowest level that numbers, numbered
   * paragraphs; the next, sub-paragraphs; deeper ones joined to the
   * sub-paragraph before them) or by their typed numbers ("1.", "(a)", and
   * "(i)" under a letter joined; "(i)" after "(h)" is a letter).
   */
  private clauseBody(lines: Line[], clause: number, lang: string): DraftClauseBlock[] {
    const levels = [...new Set(lines.flatMap((line) => (line.number?.level != null && line.number.kind !== 'bullet' && line.number.kind !== 'none' ? [line.number.level] : [])))].sort((a, b) => a - b)
    const firstIsNumber = lines.find((line) => line.number?.level === levels[0])?.number?.kind === 'number'
    const blocks: DraftClauseBlock[] = []
    /** How the sub-paragraphs of the current run are written, the last letter's value, the last Roman numeral's. */
    let subStyle: 'letter' | 'roman' | null = null
    let lastLetter: number | null = null
    let lastRoman: number | null = null
    const lastSub = (): DraftBlock | null => {
      const last = blocks.at(-1)
      if (last?.kind === 'sub') return last.block
      if (last?.kind === 'numbered') return last.subs.at(-1) ?? null
      return null
    }
    for (const line of lines) {
      const number = line.number
      const block = draftBlock(line.inlines, [line.paragraph.source], number?.written ?? null)
      let tier: 0 | 1 | 2 | null = null
      let note: string | null = line.paragraph.style?.role === 'heading' ? 'a heading inside a clause: kept as a paragraph' : null
      if (number !== null && (number.kind === 'bullet' || number.kind === 'none')) note = 'a bulleted item: kept as a paragraph'
      else if (number !== null && number.level !== null) {
        const rank = levels.indexOf(number.level) + (firstIsNumber ? 0 : 1)
        tier = rank <= 0 ? 0 : rank === 1 ? 1 : 2
        if (tier === 1) subStyle = 'letter'
      } else if (number !== null && number.kind === 'number') tier = 0
      else if (number !== null) {
        // "(i)" after "(h)" is a letter; "(v)" after "(iv)" a numeral.
        const continuesRoman = number.romanValue !== null && lastRoman !== null && number.romanValue === lastRoman + 1
        const continuesLetters = number.letterValue !== null && lastLetter !== null && number.letterValue === lastLetter + 1 && subStyle === 'letter'
        const asRoman = number.kind === 'roman' ? !continuesLetters : continuesRoman
        if (!asRoman) {
          tier = 1
          subStyle = 'letter'
          lastLetter = number.letterValue
          lastRoman = null
        } else if (subStyle === 'letter' && lastSub() !== null) {
          tier = 2
          lastRoman = number.romanValue
        } else {
          tier = 1
          subStyle = 'roman'
          lastRoman = number.romanValue
          lastLetter = null
        }
      } else if (line.paragraph.style?.role === 'numbered') tier = 0
      else if (line.paragraph.style?.role === 'sub') tier = 1

      if (tier === 2) {
        const sub = lastSub()
        if (sub !== null) {
          sub.inlines.push(space(sub.inlines), { kind: 'text', text: `${number!.written} `, marks: { strong: false, em: false, underline: false }, change: null, comments: [] }, ...line.inlines)
          sub.sources.push(line.paragraph.source)
          this.place(line, 'joined', lang, clause, `joined to the sub-paragraph before it: the text letters sub-paragraphs one level deep, so "${number!.written}" is kept as written`)
          continue
        }
        tier = 1
      }
      if (tier === 0) {
        blocks.push({ kind: 'numbered', block, subs: [] })
        subStyle = null
        lastLetter = null
        lastRoman = null
        this.place(line, 'numbered_paragraph', lang, clause, note)
      } else if (tier === 1) {
        const last = blocks.at(-1)
        if (last?.kind === 'numbered') last.subs.push(block)
        else blocks.push({ kind: 'sub', block })
        this.place(line, 'sub_paragraph', lang, clause, note ?? (subStyle === 'roman' ? `"${number?.written}" is lettered as a sub-paragraph` : null))
      } else {
        blocks.push({ kind: 'paragraph', block })
        subStyle = null
        lastLetter = null
        lastRoman = null
        this.place(line, 'paragraph', lang, clause, note)
      }
    }
    return blocks
  }
}

/** Whether a table holds signature blocks ("For the …", signing lines, "Name:"), as originals set them. */
function isSignatureTable(table: SourceTable): boolean {
  const filled = table.rows.flat(2).filter((paragraph) => paragraph.runs.some((run) => run.text.trim() !== ''))
  return filled.length > 0 && filled.every((paragraph) => paragraph.style?.role === 'signature' || readsAsSignatureLine(paragraph.runs.map((run) => run.text).join('')))
}

/**
 * The languages of a table's columns when it holds parallel texts: at
 * least two columns, each in one script, no two in the same; null for any
 * other table.
 */
function parallelColumns(table: SourceTable): string[] | null {
  const width = Math.max(0, ...table.rows.map((row) => row.length))
  if (width < 2 || width > 4) return null
  const columns: string[] = []
  for (let column = 0; column < width; column++) {
    const text = table.rows.map((row) => (row[column] ?? []).map((paragraph) => paragraph.runs.map((run) => run.text).join('')).join(' ')).join(' ')
    const lang = languageOfText(text)
    if (lang === null || columns.includes(lang)) return null
    // Each cell of the column in that script, or without letters.
    const mixed = table.rows.some((row) => {
      const cell = (row[column] ?? []).map((paragraph) => paragraph.runs.map((run) => run.text).join('')).join(' ')
      const cellLang = languageOfText(cell)
      return cellLang !== null && cellLang !== lang
    })
    if (mixed) return null
    columns.push(lang)
  }
  return columns
}

/** Most things that could not be mapped the report lists one by one. */
const maxListed = 1_000

/** `items`, the first `maxListed` of them, and a word for the rest. */
function listed(items: UnmappedItem[]): UnmappedItem[] {
  if (items.length <= maxListed) return items
  return [...items.slice(0, maxListed), { kind: 'paragraph', where: 'the file', text: '', note: `and ${items.length - maxListed} more things that could not be mapped, not listed one by one` }]
}

const clip = (text: string, length = 300): string => (text.length > length ? `${text.slice(0, length - 1)}…` : text)
