/**
 * A redline as a Word document: the `to` text in which every difference
 * from `from` is a real tracked change — `w:ins` and `w:del` runs with the
 * party and member who made the change as author and the time of the
 * stored update that made it as date (to the minute), and paragraph marks
 * tracked where paragraphs were added or removed — so that accepting every
 * change gives the `to` text and rejecting every change gives the `from`
 * text, numbers included. Only numbers that changed are "Counterpart
 * (numbering)"'s, dated with the `to` state.
 *
 * A moved clause is deleted where it stood and inserted where it stands
 * (the docx library cannot write Word's move markup), each part attributed
 * to whoever moved it.
 *
 * Each page is headed with the document's title, the two states compared
 * (revision numbers, labels and dates) and the language, and numbered in
 * the footer; clause numbers and headings keep with the paragraph after
 * them. The file opens in normal editing mode: tracking is not switched on.
 */

import { AlignmentType, DeletedTextRun, Document, Footer, Header, InsertedTextRun, PageNumber, Paragraph, TextRun } from 'docx'
import { clauseLabelIn, digitsIn, subParagraphLetterIn } from '../vocabulary/numbering.js'
import type { Authorship } from '../revisions/comparison.js'
import { deletionOf, insertionOf, joinBlocks, numberingAuthor as numberingAuthorOfRuns, splitByOrigin } from '../revisions/comparison.js'
import { minuteOf } from '../revisions/loggedAuthorship.js'
import type { ClauseText, DocumentText, TextBlock } from '../revisions/provenance.js'
import { bodySize, runOptions, splitByScript, type RunLook } from './runStyle.js'
import { a4Page } from './pageSetup.js'
import { pieceKey, type PiecedBody } from './bodyPieces.js'
import type { DocumentRecord, PartyRecord } from '../vocabulary/document.js'
import { changeTime } from '../vocabulary/redlineHtml.js'
import type { Author, Comparison, DiffRun, BlockKind } from '../vocabulary/views.js'

export interface RedlineFacts {
  document: DocumentRecord
  comparison: Comparison
  from: DocumentText
  to: DocumentText
  authorship: Authorship
  /** How the states are named: "revision 3", "the live text". */
  fromName: string
  toName: string
  /** When the `to` state was recorded (now, for the live text): the date of changes the log does not date, numbers that changed. */
  date: Date
  /** The two states as the header describes them: each one's revision label (null: none) and date. */
  states?: { from: StateHeading; to: StateHeading }
  /** The language of the compared texts, for clause, paragraph and sub-paragraph numbers and the header (default English). */
  lang?: string
}

/** A state compared, as the header describes it. */
export interface StateHeading {
  label: string | null
  date: Date
}

type Op = 'equal' | 'insert' | 'delete'

interface Segment {
  op: Op
  text: string
  author: string
  /** When the change was made (xsd:dateTime, to the minute); '' for kept text. */
  date: string
}

interface Line {
  segments: Segment[]
  /** What happened to the paragraph mark at its end. */
  mark: Op
  markAuthor: string
  markDate: string
  kind: BlockKind
  look: RunLook
}

/** How runs become segments: who the author is called, and the date of changes the log does not date. */
interface Writer {
  authorName: (author: Author | null | undefined) => string
  dateOf: (run: DiffRun) => string
  /** The `to` state's date: numbers that changed. */
  numberingDate: string
  lang: string
}

const numberingAuthor = numberingAuthorOfRuns.name

/**
 * The redline as a docx Document; with `pieces`, each part or clause that
 * did not change is a piece kept by its lines (see `bodyPieces.ts`), and
 * what changed is written afresh, its tracked changes numbered in order.
 */
export function buildRedline(facts: RedlineFacts, pieces: PiecedBody | null = null): Document {
  const { document, comparison, from, to } = facts
  const lang = facts.lang ?? 'en'
  const numberingDate = minuteOf(facts.date)
  const writer: Writer = { authorName: authorNamer(document.parties), dateOf: (run) => run.at ?? numberingDate, numberingDate, lang }
  // The lines of each part and clause, in order.
  const groups: Line[][] = []
  const clauseLabel = (index: number) => clauseLabelIn(index + 1, document.style, lang)

  for (const [part, fromBlocks, toBlocks] of [['title', from.title, to.title], ['preamble', from.preamble, to.preamble]] as const) {
    const diff = comparison.parts.find((entry) => entry.part === part)?.diff ?? null
    groups.push(blockLines(diff, fromBlocks, toBlocks, writer, part === 'title' ? { bold: true, size: 28 } : {}))
  }

  const fromById = new Map(from.clauses.map((clause, index) => [clause.id ?? `#${index}`, { clause, index }]))
  const toIds = new Set(to.clauses.map((clause, index) => clause.id ?? `#${index}`))
  const movedIds = new Set(comparison.clauses.filter((entry) => entry.moved).map((entry) => entry.id))
  const entries = new Map<string | null, Comparison['clauses'][number]>()
  for (const entry of comparison.clauses) if (!entries.has(entry.id)) entries.set(entry.id, entry)
  // Clauses that leave their place (removed, or moved: deleted where they stood), each after the last clause before it that stays.
  const anchored = new Map<string | null, { clause: ClauseText; index: number }[]>()
  let anchor: string | null = null
  from.clauses.forEach((clause, index) => {
    const key = clause.id ?? `#${index}`
    if (toIds.has(key) && !movedIds.has(key)) {
      anchor = key
      return
    }
    const list = anchored.get(anchor)
    if (list) list.push({ clause, index })
    else anchored.set(anchor, [{ clause, index }])
  })
  const emitLeaving = (after: string | null) => {
    for (const { clause, index } of anchored.get(after) ?? []) groups.push(wholeClause(clause, clauseLabel(index), 'delete', facts.authorship, writer))
  }
  emitLeaving(null)
  to.clauses.forEach((clause, index) => {
    const key = clause.id ?? `#${index}`
    const label = clauseLabel(index)
    const before = fromById.get(key)
    if (!before || movedIds.has(key)) groups.push(wholeClause(clause, label, 'insert', facts.authorship, writer))
    else {
      const entry = entries.get(clause.id)
      groups.push([labelLine(clauseLabel(before.index), label, writer), ...blockLines(entry?.diff ?? null, before.clause.blocks, clause.blocks, writer, {})])
    }
    if (!movedIds.has(key)) emitLeaving(key)
  })

  const finalDiff = comparison.parts.find((entry) => entry.part === 'final_provisions')?.diff ?? null
  groups.push(blockLines(finalDiff, from.finalProvisions, to.finalProvisions, writer, {}))

  let changeId = 0
  const change = (author: string, date: string) => ({ id: ++changeId, author, date })
  const paragraphOf = (line: Line) => {
    const runs = line.segments.flatMap((segment) =>
      splitByScript(segment.text).map((part) => {
        const options = runOptions(part.text, part.script, line.look)
        if (segment.op === 'insert') return new InsertedTextRun({ ...options, ...change(segment.author, segment.date) })
        if (segment.op === 'delete') return new DeletedTextRun({ ...options, ...change(segment.author, segment.date) })
        return new TextRun(options)
      }),
    )
    const markChange = line.mark === 'insert' ? { insertion: change(line.markAuthor, line.markDate) } : line.mark === 'delete' ? { deletion: change(line.markAuthor, line.markDate) } : {}
    return new Paragraph({ ...layoutOf(line.kind), run: { size: line.look.size ?? bodySize, ...markChange }, children: runs })
  }
  const paragraphs = groups.flatMap((lines) => {
    if (lines.length === 0) return []
    const render = () => lines.map(paragraphOf)
    return pieces !== null && lines.every(unchanged) ? pieces.piece(pieceKey(lines), render) : render()
  })

  const states = facts.states ?? { from: { label: null, date: facts.date }, to: { label: null, date: facts.date } }
  const changes = `changes from ${describeState(facts.fromName, states.from)} to ${describeState(facts.toName, states.to)}`
  return new Document({
    creator: 'Counterpart',
    lastModifiedBy: 'Counterpart',
    title: `Redline: ${document.title}`,
    subject: `Changes from ${facts.fromName} to ${facts.toName}`,
    revision: 1,
    styles: { default: { document: { run: { font: 'Times New Roman', size: bodySize } } } },
    sections: [
      {
        properties: a4Page,
        headers: {
          default: new Header({
            children: [
              new Paragraph({ alignment: AlignmentType.CENTER, children: scriptRuns(document.title, { size: 18, bold: true }) }),
              new Paragraph({ alignment: AlignmentType.CENTER, children: scriptRuns(`Redline: ${changes}`, { size: 16, italics: true }) }),
              new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: scriptRuns(`Text: ${languageName(lang)}`, { size: 16, italics: true }) }),
            ],
          }),
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun(runOptions('Page ', 'latin', { size: 16 })),
                  new TextRun({ ...runOptions('', 'latin', { size: 16 }), children: [PageNumber.CURRENT] }),
                  new TextRun(runOptions(' of ', 'latin', { size: 16 })),
                  new TextRun({ ...runOptions('', 'latin', { size: 16 }), children: [PageNumber.TOTAL_PAGES] }),
                ],
              }),
            ],
          }),
        },
        children: paragraphs,
      },
    ],
  })
}

/** "revision 2 “After the round” (2026-01-05 08:30 UTC)", or "the live text (…)". */
function describeState(name: string, state: StateHeading): string {
  return `${name}${state.label ? ` “${state.label}”` : ''} (${changeTime(minuteOf(state.date))})`
}

/** "Thai (ไทย)", "English": the language in English, and in itself where that differs. */
function languageName(lang: string): string {
  const inEnglish = safeDisplayName('en', lang)
  const own = safeDisplayName(lang, lang)
  return own && own !== inEnglish ? `${inEnglish} (${own})` : inEnglish
}

function safeDisplayName(locale: string, lang: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(lang) ?? lang
  } catch {
    return lang
  }
}

/** Runs of `text` split by script, each with its script's font and language. */
function scriptRuns(text: string, look: RunLook): TextRun[] {
  return splitByScript(text).map((part) => new TextRun(runOptions(part.text, part.script, look)))
}

/** Whether `line` is the same in both states: a paragraph with no tracked change, written the same wherever it stands. */
const unchanged = (line: Line): boolean => line.mark === 'equal' && line.segments.every((segment) => segment.op === 'equal')

/** "Thailand — DSI (Khun Somchai)": the party, then the member. */
function authorNamer(parties: readonly PartyRecord[]): (author: Author | null | undefined) => string {
  const regions = new Intl.DisplayNames(['en'], { type: 'region' })
  const partyName = (code: string) => {
    const party = parties.find((candidate) => candidate.code === code)
    let region: string | undefined
    try {
      region = regions.of(code)
    } catch {
      region = undefined
    }
    const prefix = region && region !== code ? region : code
    return party ? `${prefix} — ${party.shortName}` : prefix
  }
  return (author) => {
    if (!author) return 'Unknown author'
    if (author.memberId === null) return author.name
    return author.party ? `${partyName(author.party)} (${author.name})` : author.name
  }
}

/**
 * The numbers of a clause's blocks, in order ("" for headings and plain
 * paragraphs), as `numberDocument` numbers them: a numbered paragraph's
 * sub-paragraphs lettered within it, the clause's own sub-paragraphs
 * lettered in each run of them.
 */
function labelsOf(blocks: readonly Pick<TextBlock, 'kind' | 'inNumbered'>[], lang: string): string[] {
  let number = 0
  let letter = 0
  let innerLetter = 0
  return blocks.map(({ kind, inNumbered }) => {
    if (kind === 'sub') return `(${subParagraphLetterIn(inNumbered ? innerLetter++ : letter++, lang)})`
    letter = 0
    if (kind !== 'numbered') return ''
    innerLetter = 0
    return `${digitsIn(++number, lang)}.`
  })
}

/** The clause number line: tracked as a change when the number changed. */
function labelLine(fromLabel: string, toLabel: string, writer: Writer): Line {
  const segments: Segment[] =
    fromLabel === toLabel
      ? [{ op: 'equal', text: toLabel, author: '', date: '' }]
      : [
          { op: 'delete', text: fromLabel, author: numberingAuthor, date: writer.numberingDate },
          { op: 'insert', text: toLabel, author: numberingAuthor, date: writer.numberingDate },
        ]
  return { segments, mark: 'equal', markAuthor: '', markDate: '', kind: 'heading', look: { bold: true } }
}

/** A clause inserted or deleted as a whole, its number line included. */
function wholeClause(clause: ClauseText, numberLabel: string, op: 'insert' | 'delete', authorship: Authorship, writer: Writer): Line[] {
  const joined = joinBlocks(clause.blocks)
  const originOf = op === 'insert' ? insertionOf(authorship) : deletionOf(authorship)
  const runs: DiffRun[] = splitByOrigin(joined, 0, joined.text.length, originOf).map((span) => ({ op, text: span.text, author: span.author, at: span.at }))
  const who = writer.authorName(runs[0]?.author ?? null)
  const when = runs[0] ? writer.dateOf(runs[0]) : writer.numberingDate
  const lines = linesFromRuns(runs, op === 'delete' ? clause.blocks : [], op === 'insert' ? clause.blocks : [], writer, {})
  // Every paragraph of the clause, its mark included, comes or goes with it.
  const label: Line = { segments: [{ op, text: numberLabel, author: who, date: when }], mark: op, markAuthor: who, markDate: when, kind: 'heading', look: { bold: true } }
  const whole = (segment: Segment): Segment => (segment.op === 'equal' ? { ...segment, op, author: who, date: when } : segment)
  return [label, ...lines.map((line) => ({ ...line, segments: line.segments.map(whole), mark: op, markAuthor: line.markAuthor || who, markDate: line.markDate || when }))]
}

/** The lines of a part or clause body: from its diff, or unchanged. */
function blockLines(diff: DiffRun[] | null, fromBlocks: readonly TextBlock[], toBlocks: readonly TextBlock[], writer: Writer, look: RunLook): Line[] {
  const runs: DiffRun[] = diff ?? [{ op: 'equal', text: joinBlocks(toBlocks).text }]
  if (toBlocks.length === 0 && fromBlocks.length === 0) return []
  return linesFromRuns(runs, fromBlocks, toBlocks, writer, look)
}

/**
 * Splits diff runs at the block separators into paragraphs. A separator
 * that is equal ends a paragraph both sides have; an inserted one a
 * paragraph mark only `to` has; a deleted one a mark only `from` had.
 */
function linesFromRuns(runs: DiffRun[], fromBlocks: readonly TextBlock[], toBlocks: readonly TextBlock[], writer: Writer, look: RunLook): Line[] {
  const fromLabels = labelsOf(fromBlocks, writer.lang)
  const toLabels = labelsOf(toBlocks, writer.lang)
  const lines: Line[] = []
  let segments: Segment[] = []
  // Blocks begun so far on each side, and whether one begins in the current line.
  let fromCount = 0
  let toCount = 0
  let fromBegins = true
  let toBegins = true
  const finish = (mark: Op, markAuthor: string, markDate: string) => {
    // Word's convention: a paragraph mark inserted at the end of a paragraph
    // starts a new one; the new paragraph keeps the old mark. So a block
    // begins, on a side, at the start and after each separator that side has.
    const fromLabel = fromBegins ? (fromLabels[fromCount++] ?? '') : ''
    const toLabel = toBegins ? (toLabels[toCount++] ?? '') : ''
    const kind = (toBegins ? toBlocks[toCount - 1]?.kind : fromBlocks[fromCount - 1]?.kind) ?? 'paragraph'
    lines.push({ segments: [...labelChange(fromLabel, toLabel, writer.numberingDate), ...segments], mark, markAuthor, markDate, kind, look: kind === 'heading' ? { ...look, bold: true } : look })
    segments = []
    fromBegins = mark !== 'insert'
    toBegins = mark !== 'delete'
  }
  for (const run of runs) {
    const parts = run.text.split('\n')
    const author = run.op === 'equal' ? '' : writer.authorName(run.author ?? null)
    const date = run.op === 'equal' ? '' : writer.dateOf(run)
    parts.forEach((text, index) => {
      if (index > 0) finish(run.op, author, date)
      if (text) segments.push({ op: run.op, text, author, date })
    })
  }
  finish('equal', '', '')
  // A paragraph mark added or removed with text belongs to whoever changed the text next to it, when they did.
  lines.forEach((line, index) => {
    if (line.mark === 'equal' || line.markAuthor !== numberingAuthor) return
    const changed = (candidate: Line | undefined) => candidate?.segments.find((segment) => segment.op === line.mark && segment.author !== numberingAuthor)
    const next = changed(line) ?? changed(lines[index + 1])
    if (next) {
      line.markAuthor = next.author
      line.markDate = next.date
    }
  })
  return lines
}

/** A paragraph number as it changed ('' for none): kept, or the old one deleted and the new one inserted. */
function labelChange(fromLabel: string, toLabel: string, date: string): Segment[] {
  if (fromLabel === toLabel) return toLabel ? [{ op: 'equal', text: `${toLabel}\t`, author: '', date: '' }] : []
  return [
    ...(fromLabel ? [{ op: 'delete' as const, text: `${fromLabel}\t`, author: numberingAuthor, date }] : []),
    ...(toLabel ? [{ op: 'insert' as const, text: `${toLabel}\t`, author: numberingAuthor, date }] : []),
  ]
}

function layoutOf(kind: BlockKind): ConstructorParameters<typeof Paragraph>[0] & object {
  switch (kind) {
    case 'title':
    case 'heading':
      // Clause numbers and headings stay on the page of the text they head.
      return { alignment: AlignmentType.CENTER, spacing: { after: 200 }, keepNext: true, keepLines: true }
    case 'numbered':
      return { alignment: AlignmentType.JUSTIFIED, indent: { left: 567, hanging: 567 }, tabStops: [{ type: 'left', position: 567 }], spacing: { after: 160 } }
    case 'sub':
      return { alignment: AlignmentType.JUSTIFIED, indent: { left: 1134, hanging: 567 }, tabStops: [{ type: 'left', position: 1134 }], spacing: { after: 160 } }
    default:
      return { alignment: AlignmentType.JUSTIFIED, spacing: { after: 160 } }
  }
}
