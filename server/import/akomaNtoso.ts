/**
 * An Akoma Ntoso file read as a draft (`importedDraft.ts`): a `doc`, `act`
 * or `bill` in AKN 3.0 — as LEOS, Indigo or Counterpart writes them — one
 * language text per expression (one XML file, or a zip of them).
 *
 * What goes where:
 * - the title: the preface's paragraph holding `docTitle`, else its
 *   `longTitle`; the preface's other paragraphs are not mapped;
 * - recitals: the preamble's `recital`s, `citation`s, paragraphs and every
 *   formula but the last; the closing formula: the preamble's last
 *   `formula`;
 * - clauses: the body's first hierarchical level under any grouping
 *   (part, chapter, title…; their headings are not mapped) — `article`,
 *   `section`, Counterpart's `paragraph`… — with `num` (its number kept as
 *   written) and `heading`; inside, `content`, `intro` and `wrapUp`
 *   paragraphs and unnumbered levels (`alinea`) are plain paragraphs,
 *   numbered levels (`paragraph`, `subsection`, `subparagraph`) numbered
 *   paragraphs, `point`s, `indent`s and the items of a `list` sub-paragraphs;
 *   a level below those is joined to the block before it;
 * - final provisions: the conclusions' paragraphs, but the testimonium and
 *   the signatures, which Counterpart writes itself;
 * - inline: `b`, `i`, `u` as marks; a `ref` to a clause of the same text as
 *   a reference to it; Counterpart's party references; `ins` and `del`, and
 *   Counterpart's bracketed alternatives (`inline name="bracket"`, those
 *   with `alternativeTo` the alternatives of the one they name) as tracked
 *   changes, one proposal each, kept or resolved as asked;
 * - anything else (tables, images, notes, attachments, text outside any
 *   clause) is reported with its text, never dropped in silence.
 *
 * Besides the draft, the reader tells each clause's eId and, for a file
 * Counterpart wrote, the clause id it was derived from.
 *
 * The upload is opened, bounded and parsed by `akomaNtosoFile.ts`; the
 * number of paragraphs read is bounded here.
 */

import type { Element } from '@xmldom/xmldom'
import { clauseIdOfEId, counterpartNamespace, idOfEIdPart, languageOfExpression } from '../export/akomaNtosoNames.js'
import { invalid, tooLarge } from '../vocabulary/errors.js'
import { akomaNtosoLimits, child, descendants, documentElementOf, elements, isElement, nameOf, textOf, type AkomaNtosoFile, type AkomaNtosoLimits } from './akomaNtosoFile.js'
import type { ImportedParagraph, ImportDestination, TrackedChangeHandling, UnmappedItem, UnmappedKind } from '../vocabulary/draftImport.js'
import { partyForms, type PartyForm } from '../vocabulary/partyReference.js'
import { blockText, draftBlock, plainMarks, type DraftBlock, type DraftChange, type DraftClause, type DraftClauseBlock, type DraftInline, type DraftMarks, type DraftText, type ImportedDraft } from './importedDraft.js'

/** A draft read from Akoma Ntoso, and the file's id for each of its clauses. */
export interface AkomaNtosoDraft {
  draft: ImportedDraft
  /**
   * By text (as `draft.texts`) and clause: the clause's eId in the file (null
   * when it has none), and the clause id it names when the file is
   * Counterpart's export (it holds `cp:negotiation`; `akomaNtosoNames.ts`),
   * else null.
   */
  clauses: { eId: string | null; clauseId: string | null }[][]
}

/** Options of a reading. */
export interface AkomaNtosoReading {
  /** What becomes of tracked changes and bracketed alternatives: kept as changes ('brackets', the default), or accepted or rejected. */
  changes?: TrackedChangeHandling
  limits?: AkomaNtosoLimits
}

/**
 * `files` (one AKN expression each) as one draft, a text per file in their
 * order. Throws a CounterpartError: `invalid` for a file that is not
 * well-formed XML, declares a DOCTYPE, is not Akoma Ntoso, or is a document
 * type other than `doc`, `act` and `bill`; `too-large` beyond the limits.
 */
export function readAkomaNtoso(files: readonly AkomaNtosoFile[], options: AkomaNtosoReading = {}): AkomaNtosoDraft {
  const limits = options.limits ?? akomaNtosoLimits
  if (files.length === 0) throw invalid('there is no Akoma Ntoso file to read')
  if (files.length > limits.maxFiles) throw tooLarge(`${files.length} files; an import reads at most ${limits.maxFiles}`)
  const reader = new DraftReader(options.changes ?? 'brackets', limits, files.length > 1)
  const clauses = files.map((file) => reader.read(file))
  return { draft: reader.draft(), clauses }
}

/** Groupings above the clause: their number and heading are not mapped, their content is read through. */
const groupings = new Set(['part', 'subpart', 'chapter', 'subchapter', 'title', 'subtitle', 'book', 'tome', 'division', 'subdivision'])
/** The hierarchical elements (the schema's ANhier and hcontainer). */
const hierarchical = new Set([...groupings, 'clause', 'section', 'paragraph', 'article', 'list', 'point', 'indent', 'alinea', 'rule', 'subrule', 'proviso', 'subsection', 'subparagraph', 'subclause', 'sublist', 'level', 'transitional', 'hcontainer'])
/** Levels that are items of a list, lettered: sub-paragraphs wherever they stand. */
const items = new Set(['point', 'indent'])
/** Inline elements whose text is not the text's: read as unmapped. */
const asides: Readonly<Record<string, UnmappedKind>> = { authorialNote: 'footnote', note: 'footnote', remark: 'comment', img: 'image', foreign: 'object', subFlow: 'object', embeddedStructure: 'object', quotedStructure: 'object', table: 'table' }
/** Marks by element. */
const markElements: Readonly<Record<string, keyof DraftMarks>> = { b: 'strong', i: 'em', u: 'underline' }
/** How a testimonium opens, in the languages Counterpart writes: "Done at", "ทำ ณ", "ធ្វើនៅ". */
const testimoniumOpening = /^\s*(done\s+(at|in)\b|ทำ\s*ณ|ធ្វើនៅ)/i

/** The language of `text` by its script: Thai, Khmer, else English when it has letters; null for none. */
function scriptLanguage(text: string): string | null {
  if (/[\u0E00-\u0E7F]/.test(text)) return 'th'
  if (/[\u1780-\u17FF\u19E0-\u19FF]/.test(text)) return 'km'
  return /\p{L}/u.test(text) ? 'en' : null
}

/** The number of a clause as written: "3" of "Article 3", "๓" of "ข้อ ๓", "3" of "3." */
function clauseNumber(num: string): string {
  const last = num.trim().split(/\s+/).at(-1) ?? ''
  return last.replace(/[.:]$/, '')
}

// ---------------------------------------------------------------------------
// the reader

/** Where a clause's blocks go while it is read. */
interface ClauseInProgress {
  index: number
  body: DraftClauseBlock[]
}

/** A paragraph of the file being read: the block it became, and where the report says it went. */
type Destination = Exclude<ImportDestination, 'clause_label'>

class DraftReader {
  private readonly texts: DraftText[] = []
  private readonly paragraphs: ImportedParagraph[] = []
  private readonly unmapped: UnmappedItem[] = []
  private readonly notes: string[] = []
  private readonly authors = new Map<string, { insertions: number; deletions: number }>()
  /** Proposals by the eId of their main alternative (Counterpart's brackets), for the file being read. */
  private proposals = new Map<string, number>()
  private nextProposal = 1
  // The file being read.
  private file = ''
  private lang = 'en'
  private eIds = new Map<string, Element>()
  private clauseIndexes = new Map<string, number>()
  private clause: number | null = null

  constructor(
    private readonly changes: TrackedChangeHandling,
    private readonly limits: AkomaNtosoLimits,
    private readonly manyFiles: boolean,
  ) {}

  draft(): ImportedDraft {
    const authors = [...this.authors].map(([name, counts]) => ({ name, ...counts }))
    return { format: 'akn', changes: this.changes, texts: this.texts, comments: [], paragraphs: this.paragraphs, unmapped: this.unmapped, authors, notes: this.notes }
  }

  /** Reads one expression into a text of the draft; returns its clauses' ids. */
  read(file: AkomaNtosoFile): { eId: string | null; clauseId: string | null }[] {
    const type = documentElementOf(file, this.limits)
    this.file = file.name
    this.proposals = new Map()
    this.eIds = new Map()
    for (const element of descendants(type)) {
      const eId = element.getAttribute('eId') ?? element.getAttribute('id')
      if (eId) this.eIds.set(eId, element)
    }
    const meta = child(type, 'meta')
    this.lang = this.languageOf(type, meta)
    // Only Counterpart's own export names clauses by their ids: any other file's eIds ("art_1") are only names.
    const ours = meta !== null && descendants(meta).some((element) => nameOf(element) === 'negotiation' && element.namespaceURI === counterpartNamespace)
    const body = child(type, 'mainBody') ?? child(type, 'body')
    if (!body) throw invalid(`${file.name} has no ${nameOf(type) === 'doc' ? 'mainBody' : 'body'}`)
    const units = this.unitsOf(body)
    const clauseUnits = units.filter((unit) => unit.kind === 'clause').map((unit) => unit.element)
    this.clauseIndexes = new Map(clauseUnits.flatMap((element, index) => (element.getAttribute('eId') ? [[element.getAttribute('eId')!, index] as const] : [])))
    this.notes.push(`${file.name}: an Akoma Ntoso ${nameOf(type)}${type.getAttribute('name') ? ` named “${type.getAttribute('name')}”` : ''} in ${this.lang}, ${clauseUnits.length} clause${clauseUnits.length === 1 ? '' : 's'}`)

    const text: DraftText = { lang: this.lang, title: draftBlock([]), recitals: [], closingFormula: null, clauses: [], finalProvisions: [] }
    this.clause = null
    // In the file's order, so that the report reads as the file does.
    for (const element of elements(type)) {
      if (nameOf(element) === 'preface') text.title = this.readPreface(element)
      else if (nameOf(element) === 'preamble') this.readPreamble(element, text)
      else if (element === body) {
        for (const unit of units) {
          if (unit.kind === 'clause') text.clauses.push(this.readClause(unit.element, text.clauses.length))
          else this.notMapped(unit.element, 'paragraph', unit.note)
        }
      } else if (nameOf(element) === 'conclusions') text.finalProvisions = this.readConclusions(element)
      else if (nameOf(element) !== 'meta') this.notMapped(element, 'object', `the ${nameOf(element)}: an instrument has none; import it separately`)
    }
    this.texts.push(text)
    if (text.clauses.length === 0) this.notes.push(`${file.name}: no clause was found in its ${nameOf(body)}`)
    return clauseUnits.map((element) => {
      const eId = element.getAttribute('eId')
      return { eId, clauseId: eId === null || !ours ? null : clauseIdOfEId(eId) }
    })
  }

  /** The language of the expression: its FRBRlanguage, else the doc's xml:lang, else its script. */
  private languageOf(type: Element, meta: Element | null): string {
    const expression = meta && descendants(meta).find((element) => nameOf(element) === 'FRBRExpression')
    const frbr = expression && descendants(expression).find((element) => nameOf(element) === 'FRBRlanguage')?.getAttribute('language')
    if (frbr) return languageOfExpression(frbr)
    const declared = type.getAttribute('xml:lang')
    if (declared) return declared
    return scriptLanguage(textOf(type)) ?? 'en'
  }

  // --- the body's clauses

  /** The body's clause-level elements in order, groupings read through; what lies outside any clause, to report. */
  private unitsOf(body: Element): ({ kind: 'clause'; element: Element } | { kind: 'outside'; element: Element; note: string })[] {
    const units: ({ kind: 'clause'; element: Element } | { kind: 'outside'; element: Element; note: string })[] = []
    const visit = (container: Element) => {
      for (const element of elements(container)) {
        if (groupings.has(nameOf(element))) {
          for (const part of elements(element)) {
            if (nameOf(part) === 'num' || nameOf(part) === 'heading' || nameOf(part) === 'subheading') {
              units.push({ kind: 'outside', element: part, note: `the ${nameOf(part)} of a ${nameOf(element)}: an instrument has no level above the clause` })
            }
          }
          visit(element)
        } else if (hierarchical.has(nameOf(element))) {
          units.push({ kind: 'clause', element })
        } else if (!['num', 'heading', 'subheading'].includes(nameOf(element)) || container === body) {
          units.push({ kind: 'outside', element, note: 'text outside any clause' })
        }
      }
    }
    visit(body)
    return units
  }

  private readClause(element: Element, index: number): DraftClause {
    this.clause = index
    const num = child(element, 'num')
    const written = num ? clauseNumber(textOf(num)) : null
    const headingElement = child(element, 'heading')
    let heading = headingElement ? this.block(headingElement, 'clause_heading', { reported: num ? textOf(num) : null }) : draftBlock([])
    const subheading = child(element, 'subheading')
    if (subheading) heading = this.joinTo(heading, subheading, null, 'a subheading, joined to the heading')
    const clause: ClauseInProgress = { index, body: [] }
    this.readLevel(element, clause)
    this.clause = null
    return { written, heading, body: clause.body }
  }

  /**
   * The content of a clause, or of an unnumbered level within it: content,
   * intro and wrapUp paragraphs as plain paragraphs, its levels each as a
   * numbered paragraph, a sub-paragraph or plain paragraphs.
   */
  private readLevel(element: Element, clause: ClauseInProgress): void {
    for (const part of elements(element)) {
      switch (nameOf(part)) {
        case 'num':
        case 'heading':
        case 'subheading':
          break
        case 'content':
        case 'intro':
        case 'wrapUp':
          this.readBlocks(part, (paragraph) => clause.body.push({ kind: 'paragraph', block: this.block(paragraph, 'paragraph') }), clause)
          break
        case 'list':
          this.readLevel(part, clause)
          break
        default:
          if (items.has(nameOf(part))) clause.body.push({ kind: 'sub', block: this.item(part, clause, 'sub_paragraph') })
          else if (hierarchical.has(nameOf(part)) && child(part, 'num') && nameOf(part) !== 'alinea') clause.body.push(this.numbered(part, clause))
          else if (hierarchical.has(nameOf(part))) this.readLevel(part, clause)
          else this.notMapped(part, 'paragraph', `a <${nameOf(part)}> in a clause`)
      }
    }
  }

  /** A numbered level: its text (its content's or intro's first paragraph), its items and sub-levels as lettered sub-paragraphs. */
  private numbered(element: Element, clause: ClauseInProgress): DraftClauseBlock {
    const written = textOf(child(element, 'num')!)
    const entry: { kind: 'numbered'; block: DraftBlock; subs: DraftBlock[] } = { kind: 'numbered', block: draftBlock([], [], written), subs: [] }
    let hasText = false
    const take = (paragraph: Element) => {
      if (!hasText) {
        entry.block = this.block(paragraph, 'numbered_paragraph', { written })
        hasText = true
      } else if (entry.subs.length === 0) {
        entry.block = this.joinTo(entry.block, paragraph, null, 'a numbered paragraph’s further paragraph, joined to its first')
      } else {
        entry.subs[entry.subs.length - 1] = this.joinTo(entry.subs.at(-1)!, paragraph, null, 'a paragraph after the sub-paragraphs, joined to the last')
      }
    }
    const visit = (container: Element) => {
      for (const part of elements(container)) {
        if (nameOf(part) === 'num' || nameOf(part) === 'heading' || nameOf(part) === 'subheading') continue
        if (nameOf(part) === 'content' || nameOf(part) === 'intro' || nameOf(part) === 'wrapUp') this.readBlocks(part, take, clause)
        else if (nameOf(part) === 'list') visit(part)
        else if (hierarchical.has(nameOf(part))) entry.subs.push(this.item(part, clause, 'sub_paragraph'))
        else this.notMapped(part, 'paragraph', `a <${nameOf(part)}> in a numbered paragraph`)
      }
    }
    visit(element)
    if (!hasText) this.notes.push(`${this.file}: ${describe(element)} has no text of its own`)
    return entry
  }

  /** A lettered item: its first paragraph, then everything under it (a level the text has none for) joined to it. */
  private item(element: Element, clause: ClauseInProgress, destination: 'sub_paragraph'): DraftBlock {
    const num = child(element, 'num')
    const written = num ? textOf(num) : null
    let block: DraftBlock | null = null
    const visit = (container: Element, depth: number) => {
      for (const part of elements(container)) {
        if (nameOf(part) === 'num' && depth === 0) continue
        if (nameOf(part) === 'heading' || nameOf(part) === 'subheading' || (nameOf(part) === 'num' && depth > 0)) {
          if (block && nameOf(part) !== 'num') block = this.joinTo(block, part, null, `the ${nameOf(part)} of a sub-paragraph, joined to it`)
          continue
        }
        if (nameOf(part) === 'content' || nameOf(part) === 'intro' || nameOf(part) === 'wrapUp') {
          this.readBlocks(part, (paragraph) => {
            if (block === null) block = this.block(paragraph, destination, { written })
            else {
              const inner = depth > 0 ? child(container, 'num') : null
              block = this.joinTo(block, paragraph, inner ? textOf(inner) : null, depth > 0 ? 'a level below the sub-paragraph (such as “(i)”), which the text has none for: joined to the sub-paragraph' : 'a sub-paragraph’s further paragraph, joined to its first')
            }
          }, clause)
        } else if (hierarchical.has(nameOf(part))) {
          visit(part, depth + 1)
        } else {
          this.notMapped(part, 'paragraph', `a <${nameOf(part)}> in a sub-paragraph`)
        }
      }
    }
    visit(element, 0)
    return block ?? draftBlock([], [], written)
  }

  /** Each paragraph of a block container (`content`, `intro`…) handed to `take`; tables, lists of blocks and the rest as they go. */
  private readBlocks(container: Element, take: (paragraph: Element) => void, clause: ClauseInProgress | null): void {
    for (const part of elements(container)) {
      if ((nameOf(part) === 'p' || nameOf(part) === 'block') && textOf(part) === '' && elements(part).length === 0) this.report(part, 'empty', null, null)
      else if (nameOf(part) === 'p' || nameOf(part) === 'block') take(part)
      else if (nameOf(part) === 'blockList' || nameOf(part) === 'ul' || nameOf(part) === 'ol') {
        for (const item of elements(part)) {
          if (nameOf(item) === 'listIntroduction' || nameOf(item) === 'listWrapUp') take(item)
          else if (clause) clause.body.push({ kind: 'sub', block: this.listItem(item) })
          else this.readBlocks(item, take, null)
        }
      } else if (nameOf(part) === 'blockContainer' || nameOf(part) === 'container' || nameOf(part) === 'tblock' || nameOf(part) === 'div') this.readBlocks(part, take, clause)
      else if (nameOf(part) === 'heading') take(part)
      else if (nameOf(part) === 'num') continue
      else this.notMapped(part, asides[nameOf(part)] ?? 'paragraph', `a <${nameOf(part)}>, which an instrument has no place for`)
    }
  }

  /** An item of a list of blocks (`item`, `li`): its text, a lettered sub-paragraph. */
  private listItem(item: Element): DraftBlock {
    const num = child(item, 'num')
    const paragraphs = elements(item).filter((part) => nameOf(part) === 'p')
    if (paragraphs.length === 0) return this.block(item, 'sub_paragraph', { written: num ? textOf(num) : null })
    let block = this.block(paragraphs[0]!, 'sub_paragraph', { written: num ? textOf(num) : null })
    for (const paragraph of paragraphs.slice(1)) block = this.joinTo(block, paragraph, null, 'an item’s further paragraph, joined to its first')
    return block
  }

  // --- preface, preamble, conclusions

  private readPreface(preface: Element): DraftBlock {
    const paragraphs: Element[] = []
    const visit = (container: Element) => {
      for (const part of elements(container)) {
        if (nameOf(part) === 'p' || nameOf(part) === 'block') paragraphs.push(part)
        else if (['longTitle', 'container', 'blockContainer', 'formula'].includes(nameOf(part))) visit(part)
        else this.notMapped(part, asides[nameOf(part)] ?? 'paragraph', `a <${nameOf(part)}> before the preamble`)
      }
    }
    visit(preface)
    const titled = paragraphs.find((paragraph) => descendants(paragraph).some((element) => nameOf(element) === 'docTitle')) ?? paragraphs.find((paragraph) => hasAncestor(paragraph, 'longTitle', preface)) ?? paragraphs[0] ?? null
    let title = draftBlock([])
    for (const paragraph of paragraphs) {
      if (paragraph === titled) title = this.block(paragraph, 'title')
      else this.notMapped(paragraph, 'paragraph', 'front matter: an instrument has only its title before the preamble')
    }
    return title
  }

  private readPreamble(preamble: Element, text: DraftText): void {
    const formulas = descendants(preamble).filter((element) => nameOf(element) === 'formula')
    const closing = formulas.at(-1) ?? null
    const recital = (paragraph: Element, written: string | null = null) => text.recitals.push(this.block(paragraph, 'recital', { written }))
    const visit = (container: Element) => {
      for (const part of elements(container)) {
        if (part === closing) {
          let formula: DraftBlock | null = null
          this.readBlocks(part, (paragraph) => {
            formula = formula === null ? this.block(paragraph, 'closing_formula') : this.joinTo(formula, paragraph, null, 'a closing formula’s further paragraph, joined to it')
          }, null)
          text.closingFormula = formula
        } else if (nameOf(part) === 'recitals' || nameOf(part) === 'citations') visit(part)
        else if (['recital', 'citation', 'intro', 'wrapUp', 'formula', 'container', 'blockContainer'].includes(nameOf(part))) {
          const num = child(part, 'num')
          this.readBlocks(part, (paragraph) => recital(paragraph, num ? textOf(num) : null), null)
        }
        else if (nameOf(part) === 'p' || nameOf(part) === 'block') recital(part)
        else this.notMapped(part, asides[nameOf(part)] ?? 'paragraph', `a <${nameOf(part)}> in the preamble`)
      }
    }
    visit(preamble)
  }

  private readConclusions(conclusions: Element): DraftBlock[] {
    const provisions: DraftBlock[] = []
    const visit = (container: Element) => {
      for (const part of elements(container)) {
        const name = part.getAttribute('name')
        if (name === 'testimonium' || name === 'signatures' || name === 'signatory' || descendants(part).some((element) => nameOf(element) === 'signature')) {
          this.generated(part)
        } else if (nameOf(part) === 'p' || nameOf(part) === 'block') {
          if (testimoniumOpening.test(textOf(part))) this.generated(part)
          else provisions.push(this.block(part, 'final_provisions'))
        } else if (['container', 'blockContainer', 'formula'].includes(nameOf(part))) visit(part)
        else this.notMapped(part, asides[nameOf(part)] ?? 'paragraph', `a <${nameOf(part)}> in the conclusions`)
      }
    }
    visit(conclusions)
    return provisions
  }

  // --- paragraphs

  /** `paragraph` as a block numbered `written`, reported as gone to `destination` (with `reported` as its number: a heading's clause number). */
  private block(paragraph: Element, destination: Destination, extra: { written?: string | null; reported?: string | null; note?: string | null } = {}): DraftBlock {
    const source = this.report(paragraph, destination, extra.reported ?? extra.written ?? null, extra.note ?? null)
    const inlines = trimmed(this.inlines(paragraph, plainMarks, null))
    this.paragraphs.at(-1)!.text = clip(blockText({ inlines }), 300)
    this.paragraphs.at(-1)!.lang = scriptLanguage(blockText({ inlines }))
    return draftBlock(inlines, [source], extra.written ?? null)
  }

  /** `block` with `paragraph` joined to its end (after a space, and its number when it has one), reported as joined. */
  private joinTo(block: DraftBlock, paragraph: Element, num: string | null, note: string): DraftBlock {
    const joined = this.block(paragraph, 'joined', { written: num, note })
    return draftBlock([...block.inlines, textInline(num ? ` ${num} ` : ' ', plainMarks, null), ...joined.inlines], [...block.sources, ...joined.sources], block.written)
  }

  /** Every paragraph under `element` reported as `generated` (what Counterpart writes itself: the testimonium, the signatures). */
  private generated(element: Element): void {
    for (const paragraph of paragraphsOf(element)) {
      this.report(paragraph, 'generated', null, 'Counterpart writes the testimonium and the signature blocks from what is set for signature')
      this.paragraphs.at(-1)!.text = clip(textOf(paragraph), 300)
      this.paragraphs.at(-1)!.lang = scriptLanguage(textOf(paragraph))
    }
  }

  /** `element` not mapped: reported with its text, every paragraph in it reported as unmapped. */
  private notMapped(element: Element, kind: UnmappedKind, note: string): void {
    this.unmapped.push({ kind, where: this.where(element), text: clip(textOf(element), 2000), note })
    for (const paragraph of paragraphsOf(element)) {
      this.report(paragraph, 'unmapped', null, note)
      this.paragraphs.at(-1)!.text = clip(textOf(paragraph), 300)
      this.paragraphs.at(-1)!.lang = scriptLanguage(textOf(paragraph))
    }
  }

  /** Records where a paragraph of the file went; returns its source number. */
  private report(paragraph: Element, destination: Destination, written: string | null, note: string | null): number {
    if (this.paragraphs.length >= this.limits.maxParagraphs) throw tooLarge(`the files hold more than ${this.limits.maxParagraphs} paragraphs; an import reads at most that many`)
    const source = this.paragraphs.length + 1
    const intoText = destination === 'unmapped' || destination === 'generated' ? null : this.lang
    this.paragraphs.push({ source, where: this.where(paragraph), text: '', lang: null, destination, intoText, clause: this.clause === null ? null : this.clause + 1, written, note })
    return source
  }

  /** Where `element` is in the file: its eId or its nearest ancestor's, else its path. */
  private where(element: Element): string {
    const path: string[] = []
    let at: Element | null = element
    while (at && nameOf(at) !== 'doc' && nameOf(at) !== 'act' && nameOf(at) !== 'bill') {
      const eId = at.getAttribute('eId')
      if (eId) {
        path.unshift(`#${eId}`)
        break
      }
      path.unshift(nameOf(at))
      at = isElement(at.parentNode) ? at.parentNode : null
    }
    return `${this.prefix()}${path.join('/')}`
  }

  private prefix(): string {
    return this.manyFiles ? `${this.file}: ` : ''
  }

  // --- inline content

  /** The inline content under `element`, with `marks` and `change` in force. */
  private inlines(element: Element, marks: DraftMarks, change: DraftChange | null): DraftInline[] {
    const out: DraftInline[] = []
    for (const node of Array.from(element.childNodes)) {
      if (node.nodeType === 3 || node.nodeType === 4) {
        const text = (node.nodeValue ?? '').replace(/[\t\n\r ]+/g, ' ')
        if (text !== '') out.push(textInline(text, marks, change))
        continue
      }
      if (!isElement(node)) continue
      const name = nameOf(node)
      if (markElements[name]) out.push(...this.inlines(node, { ...marks, [markElements[name]!]: true }, change))
      else if (name === 'eol' || name === 'br') out.push(textInline(' ', marks, change))
      else if (name === 'num' && nameOf(element) !== 'p') continue
      else if (asides[name]) this.notMapped(node, asides[name]!, `a <${name}> in the text, which an instrument has no place for`)
      else if (name === 'noteRef' || name === 'marker') continue
      else if (name === 'ref') out.push(...this.reference(node, marks, change))
      else if (name === 'organization' && (node.getAttribute('class') ?? '').split(/\s+/).includes('partyReference')) out.push(...this.partyReference(node, marks, change))
      else if (name === 'ins' || name === 'del') out.push(...this.tracked(node, name === 'ins' ? 'insertion' : 'deletion', marks, this.proposalOf(null)))
      else if (name === 'inline' && node.getAttribute('name') === 'bracket') out.push(...this.bracketed(node, marks))
      else out.push(...this.inlines(node, marks, change))
    }
    return out
  }

  /** A `ref`: a reference to a clause of this text when its href names one's eId, its words otherwise. */
  private reference(element: Element, marks: DraftMarks, change: DraftChange | null): DraftInline[] {
    const href = element.getAttribute('href') ?? ''
    const clause = href.startsWith('#') ? this.clauseIndexes.get(href.slice(1)) : undefined
    const text = textOf(element)
    if (clause === undefined) return this.inlines(element, marks, change)
    return [{ kind: 'clause-ref', clause, text, marks, change, comments: [] }]
  }

  /** Counterpart's party reference (`organization class="partyReference <form>"` referring to `#party_<code>`, or to both). */
  private partyReference(element: Element, marks: DraftMarks, change: DraftChange | null): DraftInline[] {
    const classes = (element.getAttribute('class') ?? '').split(/\s+/)
    const form = partyForms.find((candidate) => classes.includes(candidate)) ?? 'name'
    const parties = (element.getAttribute('refersTo') ?? '').split(/\s+/).filter(Boolean).map((target) => (/^#party_([A-Za-z0-9.-]+)$/.exec(target) ? idOfEIdPart(target.slice('#party_'.length)) : null))
    if (parties.length === 0 || parties.some((party) => party === null)) return this.inlines(element, marks, change)
    const party = classes.includes('bothParties') || parties.length > 1 ? '*' : parties[0]!
    return [{ kind: 'party-ref', party, form: form as PartyForm, text: textOf(element), marks, change, comments: [] }]
  }

  /** Counterpart's bracketed alternative: the first a deletion, each alternative to it an insertion, in one proposal. */
  private bracketed(element: Element, marks: DraftMarks): DraftInline[] {
    const main = element.getAttribute('alternativeTo')?.replace(/^#/, '') ?? null
    const kind = main === null ? 'deletion' : 'insertion'
    const proposal = this.proposalOf(main ?? element.getAttribute('eId'))
    const owner = element.getAttribute('refersTo')
    return this.tracked(element, kind, marks, proposal, owner)
  }

  /** The proposal a change belongs to: the one its main alternative's eId names (a new one for none). */
  private proposalOf(eId: string | null): number {
    if (eId === null) return this.nextProposal++
    let proposal = this.proposals.get(eId)
    if (proposal === undefined) this.proposals.set(eId, (proposal = this.nextProposal++))
    return proposal
  }

  /** A tracked change's words: kept as a change, or resolved as the reading asks. */
  private tracked(element: Element, kind: DraftChange['kind'], marks: DraftMarks, proposal: number, refersTo: string | null = element.getAttribute('refersTo')): DraftInline[] {
    if (this.changes === 'accept') return kind === 'insertion' ? this.inlines(element, marks, null) : []
    if (this.changes === 'reject') return kind === 'deletion' ? this.inlines(element, marks, null) : []
    const author = this.authorOf(refersTo)
    const counts = this.authors.get(author) ?? { insertions: 0, deletions: 0 }
    if (kind === 'insertion') counts.insertions += 1
    else counts.deletions += 1
    this.authors.set(author, counts)
    return this.inlines(element, marks, { kind, author, date: null, proposal })
  }

  /** Who a change is by: the `showAs` of what it refers to, else the reference, else "unknown". */
  private authorOf(refersTo: string | null): string {
    const target = refersTo?.split(/\s+/)[0]?.replace(/^#/, '')
    if (!target) return 'unknown'
    return this.eIds.get(target)?.getAttribute('showAs') ?? target
  }
}

/** The paragraphs under `element` (itself when it is one). */
function paragraphsOf(element: Element): Element[] {
  if (nameOf(element) === 'p' || nameOf(element) === 'heading' || nameOf(element) === 'num') return [element]
  return descendants(element).filter((candidate) => nameOf(candidate) === 'p')
}

function hasAncestor(element: Element, name: string, within: Element): boolean {
  for (let at = element.parentNode; isElement(at) && at !== within; at = at.parentNode) if (nameOf(at) === name) return true
  return false
}

const describe = (element: Element) => `<${nameOf(element)}${element.getAttribute('eId') ? ` eId="${element.getAttribute('eId')}"` : ''}>`

const textInline = (text: string, marks: DraftMarks, change: DraftChange | null): DraftInline => ({ kind: 'text', text, marks, change, comments: [] })

/** `inlines` without the whitespace the layout of the file put at their ends, and with no empty text. */
function trimmed(inlines: DraftInline[]): DraftInline[] {
  const out = inlines.map((inline) => ({ ...inline }))
  const first = out.find((inline) => inline.text.trim() !== '' || inline.kind !== 'text')
  const last = [...out].reverse().find((inline) => inline.text.trim() !== '' || inline.kind !== 'text')
  for (const inline of out) {
    if (inline.kind !== 'text') continue
    if (first && out.indexOf(inline) < out.indexOf(first)) inline.text = ''
    if (last && out.indexOf(inline) > out.indexOf(last)) inline.text = ''
  }
  if (first?.kind === 'text') first.text = first.text.trimStart()
  if (last?.kind === 'text') last.text = last.text.trimEnd()
  return out.filter((inline) => inline.kind !== 'text' || inline.text !== '')
}

const clip = (text: string, length: number) => (text.length > length ? `${text.slice(0, length - 1)}…` : text)
