/**
 * A redline as a Word document: the `to` text in which every difference
 * from `from` is a real tracked change — `w:ins` and `w:del` runs with the
 * party and member who made the change as author, and paragraph marks
 * tracked where paragraphs were added or removed — so that accepting every
 * change gives the `to` text and rejecting every change gives the `from`
 * text, numbers included.
 *
 * A moved clause is deleted where it stood and inserted where it stands
 * (the docx library cannot write Word's move markup), each part attributed
 * to whoever moved it.
 */

import { AlignmentType, DeletedTextRun, Document, Header, InsertedTextRun, Paragraph, TextRun } from 'docx'
import { clauseLabelIn, digitsIn, subParagraphLetterIn } from '../vocabulary/numbering.js'
import type { Authorship } from '../revisions/comparison.js'
import { joinBlocks, numberingAuthor as numberingAuthorOfRuns, splitByAuthor } from '../revisions/comparison.js'
import type { ClauseText, DocumentText, TextBlock } from '../revisions/provenance.js'
import { bodySize, runOptions, splitByScript, type RunLook } from './runStyle.js'
import { a4Page } from './pageSetup.js'
import type { DocumentRecord, PartyRecord } from '../vocabulary/document.js'
import type { Author, Comparison, DiffRun, BlockKind } from '../vocabulary/views.js'

export interface RedlineFacts {
  document: DocumentRecord
  comparison: Comparison
  from: DocumentText
  to: DocumentText
  authorship: Authorship
  fromName: string
  toName: string
  /** The date of the changes (the `to` revision's, or now for the live text). */
  date: Date
  /** The language of the compared texts, for clause, paragraph and sub-paragraph numbers (default English). */
  lang?: string
}

type Op = 'equal' | 'insert' | 'delete'

interface Segment {
  op: Op
  text: string
  author: string
}

interface Line {
  segments: Segment[]
  /** What happened to the paragraph mark at its end. */
  mark: Op
  markAuthor: string
  kind: BlockKind
  look: RunLook
}

const numberingAuthor = numberingAuthorOfRuns.name

export function buildRedline(facts: RedlineFacts): Document {
  const { document, comparison, from, to } = facts
  const authorName = authorNamer(document.parties)
  const lines: Line[] = []
  const lang = facts.lang ?? 'en'
  const clauseLabel = (index: number) => clauseLabelIn(index + 1, document.style, lang)

  for (const [part, fromBlocks, toBlocks] of [['title', from.title, to.title], ['preamble', from.preamble, to.preamble]] as const) {
    const diff = comparison.parts.find((entry) => entry.part === part)?.diff ?? null
    append(lines, blockLines(diff, fromBlocks, toBlocks, authorName, part === 'title' ? { bold: true, size: 28 } : {}, lang))
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
    for (const { clause, index } of anchored.get(after) ?? []) append(lines, wholeClause(clause, clauseLabel(index), 'delete', facts.authorship, authorName, lang))
  }
  emitLeaving(null)
  to.clauses.forEach((clause, index) => {
    const key = clause.id ?? `#${index}`
    const label = clauseLabel(index)
    const before = fromById.get(key)
    if (!before || movedIds.has(key)) append(lines, wholeClause(clause, label, 'insert', facts.authorship, authorName, lang))
    else {
      const entry = entries.get(clause.id)
      lines.push(labelLine(clauseLabel(before.index), label))
      append(lines, blockLines(entry?.diff ?? null, before.clause.blocks, clause.blocks, authorName, {}, lang))
    }
    if (!movedIds.has(key)) emitLeaving(key)
  })

  const finalDiff = comparison.parts.find((entry) => entry.part === 'final_provisions')?.diff ?? null
  append(lines, blockLines(finalDiff, from.finalProvisions, to.finalProvisions, authorName, {}, lang))

  let changeId = 0
  const date = facts.date.toISOString().replace(/\.\d{3}Z$/, 'Z')
  const change = (author: string) => ({ id: ++changeId, author, date })
  const paragraphs = lines.map((line) => {
    const runs = line.segments.flatMap((segment) =>
      splitByScript(segment.text).map((part) => {
        const options = runOptions(part.text, part.script, line.look)
        if (segment.op === 'insert') return new InsertedTextRun({ ...options, ...change(segment.author) })
        if (segment.op === 'delete') return new DeletedTextRun({ ...options, ...change(segment.author) })
        return new TextRun(options)
      }),
    )
    const markChange = line.mark === 'insert' ? { insertion: change(line.markAuthor) } : line.mark === 'delete' ? { deletion: change(line.markAuthor) } : {}
    return new Paragraph({ ...layoutOf(line.kind), run: { size: line.look.size ?? bodySize, ...markChange }, children: runs })
  })

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
            children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun(runOptions(`Redline: changes from ${facts.fromName} to ${facts.toName}`, 'latin', { size: 16, italics: true }))] })],
          }),
        },
        children: paragraphs,
      },
    ],
  })
}

/** Appends `more` to `lines` one by one (a spread of a long list into push() overflows the stack). */
function append(lines: Line[], more: readonly Line[]): void {
  for (const line of more) lines.push(line)
}

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
function labelLine(fromLabel: string, toLabel: string): Line {
  const segments: Segment[] =
    fromLabel === toLabel
      ? [{ op: 'equal', text: toLabel, author: '' }]
      : [
          { op: 'delete', text: fromLabel, author: numberingAuthor },
          { op: 'insert', text: toLabel, author: numberingAuthor },
        ]
  return { segments, mark: 'equal', markAuthor: '', kind: 'heading', look: { bold: true } }
}

/** A clause inserted or deleted as a whole, its number line included. */
function wholeClause(clause: ClauseText, numberLabel: string, op: 'insert' | 'delete', authorship: Authorship, authorName: (author: Author | null) => string, lang: string): Line[] {
  const joined = joinBlocks(clause.blocks)
  const authorOf = op === 'insert' ? (client: number) => authorship.insertedBy(client) : (client: number, clock: number) => authorship.deletedBy(client, clock)
  const runs: DiffRun[] = splitByAuthor(joined, 0, joined.text.length, authorOf).map((span) => ({ op, text: span.text, author: span.author }))
  const who = authorName(runs[0]?.author ?? null)
  const lines = linesFromRuns(runs, op === 'delete' ? clause.blocks : [], op === 'insert' ? clause.blocks : [], authorName, {}, lang)
  // Every paragraph of the clause, its mark included, comes or goes with it.
  const label: Line = { segments: [{ op, text: numberLabel, author: who }], mark: op, markAuthor: who, kind: 'heading', look: { bold: true } }
  const whole = (segment: Segment): Segment => (segment.op === 'equal' ? { ...segment, op, author: who } : segment)
  return [label, ...lines.map((line) => ({ ...line, segments: line.segments.map(whole), mark: op, markAuthor: line.markAuthor || who }))]
}

/** The lines of a part or clause body: from its diff, or unchanged. */
function blockLines(diff: DiffRun[] | null, fromBlocks: readonly TextBlock[], toBlocks: readonly TextBlock[], authorName: (author: Author | null) => string, look: RunLook, lang: string): Line[] {
  const runs: DiffRun[] = diff ?? [{ op: 'equal', text: joinBlocks(toBlocks).text }]
  if (toBlocks.length === 0 && fromBlocks.length === 0) return []
  return linesFromRuns(runs, fromBlocks, toBlocks, authorName, look, lang)
}

/**
 * Splits diff runs at the block separators into paragraphs. A separator
 * that is equal ends a paragraph both sides have; an inserted one a
 * paragraph mark only `to` has; a deleted one a mark only `from` had.
 */
function linesFromRuns(runs: DiffRun[], fromBlocks: readonly TextBlock[], toBlocks: readonly TextBlock[], authorName: (author: Author | null) => string, look: RunLook, lang: string): Line[] {
  const fromLabels = labelsOf(fromBlocks, lang)
  const toLabels = labelsOf(toBlocks, lang)
  const lines: Line[] = []
  let segments: Segment[] = []
  // Blocks begun so far on each side, and whether one begins in the current line.
  let fromCount = 0
  let toCount = 0
  let fromBegins = true
  let toBegins = true
  const finish = (mark: Op, markAuthor: string) => {
    // Word's convention: a paragraph mark inserted at the end of a paragraph
    // starts a new one; the new paragraph keeps the old mark. So a block
    // begins, on a side, at the start and after each separator that side has.
    const fromLabel = fromBegins ? (fromLabels[fromCount++] ?? '') : ''
    const toLabel = toBegins ? (toLabels[toCount++] ?? '') : ''
    const kind = (toBegins ? toBlocks[toCount - 1]?.kind : fromBlocks[fromCount - 1]?.kind) ?? 'paragraph'
    lines.push({ segments: [...labelChange(fromLabel, toLabel), ...segments], mark, markAuthor, kind, look: kind === 'heading' ? { ...look, bold: true } : look })
    segments = []
    fromBegins = mark !== 'insert'
    toBegins = mark !== 'delete'
  }
  for (const run of runs) {
    const parts = run.text.split('\n')
    parts.forEach((text, index) => {
      if (index > 0) finish(run.op, authorName(run.author ?? null))
      if (text) segments.push({ op: run.op, text, author: authorName(run.author ?? null) })
    })
  }
  finish('equal', '')
  // A paragraph mark added or removed with text belongs to whoever changed the text next to it.
  lines.forEach((line, index) => {
    if (line.mark === 'equal' || line.markAuthor !== numberingAuthor) return
    const changed = (candidate: Line | undefined) => candidate?.segments.find((segment) => segment.op === line.mark && segment.author !== numberingAuthor)
    line.markAuthor = (changed(line) ?? changed(lines[index + 1]))?.author ?? line.markAuthor
  })
  return lines
}

/** A paragraph number as it changed ('' for none): kept, or the old one deleted and the new one inserted. */
function labelChange(fromLabel: string, toLabel: string): Segment[] {
  if (fromLabel === toLabel) return toLabel ? [{ op: 'equal', text: `${toLabel}\t`, author: '' }] : []
  return [
    ...(fromLabel ? [{ op: 'delete' as const, text: `${fromLabel}\t`, author: numberingAuthor }] : []),
    ...(toLabel ? [{ op: 'insert' as const, text: `${toLabel}\t`, author: numberingAuthor }] : []),
  ]
}

function layoutOf(kind: BlockKind): ConstructorParameters<typeof Paragraph>[0] & object {
  switch (kind) {
    case 'title':
    case 'heading':
      return { alignment: AlignmentType.CENTER, spacing: { after: 200 } }
    case 'numbered':
      return { alignment: AlignmentType.JUSTIFIED, indent: { left: 567, hanging: 567 }, tabStops: [{ type: 'left', position: 567 }], spacing: { after: 160 } }
    case 'sub':
      return { alignment: AlignmentType.JUSTIFIED, indent: { left: 1134, hanging: 567 }, tabStops: [{ type: 'left', position: 1134 }], spacing: { after: 160 } }
    default:
      return { alignment: AlignmentType.JUSTIFIED, spacing: { after: 160 } }
  }
}
