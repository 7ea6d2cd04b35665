/**
 * A language text of a draft written as a ProseMirror document of the
 * schema (`vocabulary/schema.ts`), ready to go into a Yjs text through the
 * content codec: the title, the preamble (a recital and a closing formula
 * at least, empty where the file has none), each clause with its id and a
 * body, the final provisions when there are any. Words keep bold, italic
 * and underline; references become `clause_ref` and `party_ref` nodes.
 *
 * A draft's tracked changes become brackets owned by one party: the
 * changes of one proposal one bracket, its deleted words (the text as it
 * was) the first alternative and its inserted words (as proposed) the
 * second — "[shall] / [will]"; a proposal that only inserts or only deletes
 * is a bracket of one alternative. Where the draft's comments lie is kept
 * as places in the written text (a part, a text block in it, an offset),
 * for threads to be anchored once the text is in the document.
 */

import type { Mark, Node } from 'prosemirror-model'
import { mouSchema, negotiatedParts } from '../vocabulary/schema.js'
import type { DraftBlock, DraftInline, DraftText } from './importedDraft.js'

/** What a text is written with. */
export interface ContentOptions {
  /** The id of each clause, in order (as many as the text has clauses). */
  clauseIds: readonly string[]
  /** The party whose brackets tracked changes become; null when the text keeps none (a RangeError otherwise). */
  bracketOwner: string | null
  /** A fresh bracket id. */
  newBracketId: () => string
}

/** A place in a written text: a text block of a part (a clause's id, or a part's fixed id), and an offset in its content. */
export interface TextPlace {
  part: string
  /** The text block's index among the part's text blocks, in order. */
  block: number
  /** ProseMirror's offset in the text block's content: a character per UTF-16 unit, one per reference. */
  offset: number
}

/** Where a comment of the draft lies in a written text. */
export interface CommentPlace {
  comment: string
  from: TextPlace
  to: TextPlace
}

/** A text block of the written text: its kind and the file's paragraphs it was made of, in document order. */
export interface WrittenBlock {
  kind: 'title' | 'recital' | 'closing_formula' | 'clause_heading' | 'paragraph' | 'numbered_paragraph' | 'sub_paragraph' | 'final_provisions'
  sources: number[]
}

/** A language text written. */
export interface WrittenText {
  lang: string
  content: Node
  /** Its text blocks, in document order. */
  blocks: WrittenBlock[]
  comments: CommentPlace[]
  /** Brackets made of tracked changes, and references. */
  brackets: number
  references: number
}

/**
 * `text` as a document. Throws a RangeError when `options.clauseIds` does
 * not give one id per clause, or when the text keeps tracked changes and
 * no bracket owner is given.
 */
export function writeDraftText(text: DraftText, options: ContentOptions): WrittenText {
  if (options.clauseIds.length !== text.clauses.length) throw new RangeError(`${options.clauseIds.length} clause ids for the ${text.clauses.length} clauses of the ${text.lang} text`)
  return new TextWriter(text, options).write()
}

class TextWriter {
  private readonly blocks: WrittenBlock[] = []
  private readonly starts = new Map<string, TextPlace>()
  private readonly ends = new Map<string, TextPlace>()
  private brackets = 0
  private references = 0
  /** The part being written and how many of its text blocks are written. */
  private part = ''
  private blockInPart = 0

  constructor(
    private readonly text: DraftText,
    private readonly options: ContentOptions,
  ) {}

  write(): WrittenText {
    const { text } = this
    const node = (type: string, attrs: Record<string, unknown> | null, content: Node[]) => mouSchema.node(type, attrs, content)
    const children: Node[] = []
    this.enter(negotiatedParts.title)
    children.push(this.textblock('title', 'title', text.title))
    this.enter(negotiatedParts.preamble)
    const recitals = text.recitals.length > 0 ? text.recitals : [{ inlines: [], sources: [], written: null }]
    children.push(
      node('preamble', null, [
        ...recitals.map((recital) => this.textblock('recital', 'recital', recital)),
        this.textblock('closing_formula', 'closing_formula', text.closingFormula ?? { inlines: [], sources: [], written: null }),
      ]),
    )
    text.clauses.forEach((clause, index) => {
      const id = this.options.clauseIds[index]!
      this.enter(id)
      // Text blocks are written in document order: the heading first.
      const heading = this.textblock('clause_heading', 'clause_heading', clause.heading)
      const body: Node[] = []
      for (const entry of clause.body) {
        if (entry.kind === 'paragraph') body.push(this.textblock('paragraph', 'paragraph', entry.block))
        else if (entry.kind === 'sub') body.push(this.textblock('sub_paragraph', 'sub_paragraph', entry.block))
        else body.push(node('numbered_paragraph', null, [this.textblock('paragraph', 'numbered_paragraph', entry.block), ...entry.subs.map((sub) => this.textblock('sub_paragraph', 'sub_paragraph', sub))]))
      }
      children.push(node('clause', { id, status: 'draft' }, [heading, ...body]))
    })
    if (text.finalProvisions.length > 0) {
      this.enter(negotiatedParts.final_provisions)
      children.push(node('final_provisions', null, text.finalProvisions.map((block) => this.textblock('paragraph', 'final_provisions', block))))
    }
    const content = node('doc', null, children)
    content.check()
    const comments = [...this.starts].map(([comment, from]) => ({ comment, from, to: this.ends.get(comment)! }))
    return { lang: text.lang, content, blocks: this.blocks, comments, brackets: this.brackets, references: this.references }
  }

  private enter(part: string): void {
    this.part = part
    this.blockInPart = 0
  }

  /** A text block of node type `type` holding `block`'s words. */
  private textblock(type: string, kind: WrittenBlock['kind'], block: DraftBlock): Node {
    this.blocks.push({ kind, sources: block.sources })
    const index = this.blockInPart++
    const inlines = this.ordered(block.inlines)
    const nodes: Node[] = []
    let offset = 0
    for (const { inline, bracket } of inlines) {
      const written = this.inlineNode(inline, bracket)
      if (written === null) continue
      const size = written.nodeSize
      for (const comment of inline.comments) {
        if (!this.starts.has(comment)) this.starts.set(comment, { part: this.part, block: index, offset })
        this.ends.set(comment, { part: this.part, block: index, offset: offset + size })
      }
      offset += size
      nodes.push(written)
    }
    return mouSchema.node(type, null, nodes)
  }

  /**
   * The inlines of a block in the order they are written, each with the
   * bracket (id and alternative) its tracked change puts it in: within a
   * proposal, the deleted words first, then the inserted ones.
   */
  private ordered(inlines: readonly DraftInline[]): { inline: DraftInline; bracket: { id: string; alt: number } | null }[] {
    const result: { inline: DraftInline; bracket: { id: string; alt: number } | null }[] = []
    for (let index = 0; index < inlines.length; ) {
      const inline = inlines[index]!
      if (inline.change === null) {
        result.push({ inline, bracket: null })
        index++
        continue
      }
      const proposal = inline.change.proposal
      const run: DraftInline[] = []
      while (index < inlines.length && inlines[index]!.change?.proposal === proposal) run.push(inlines[index++]!)
      if (this.options.bracketOwner === null) throw new RangeError(`the ${this.text.lang} text keeps tracked changes: a bracket owner is needed`)
      const id = this.options.newBracketId()
      this.brackets++
      const deleted = run.filter((candidate) => candidate.change!.kind === 'deletion')
      const inserted = run.filter((candidate) => candidate.change!.kind === 'insertion')
      for (const candidate of deleted) result.push({ inline: candidate, bracket: { id, alt: 0 } })
      for (const candidate of inserted) result.push({ inline: candidate, bracket: { id, alt: deleted.length > 0 ? 1 : 0 } })
    }
    return result
  }

  private inlineNode(inline: DraftInline, bracket: { id: string; alt: number } | null): Node | null {
    if (inline.kind === 'clause-ref') {
      const clauseId = this.options.clauseIds[inline.clause]
      if (clauseId === undefined) return inline.text === '' ? null : mouSchema.text(inline.text, this.marks(inline, bracket))
      this.references++
      return mouSchema.node('clause_ref', { clauseId })
    }
    if (inline.kind === 'party-ref') return mouSchema.node('party_ref', { party: inline.party, form: inline.form })
    return inline.text === '' ? null : mouSchema.text(inline.text, this.marks(inline, bracket))
  }

  private marks(inline: DraftInline, bracket: { id: string; alt: number } | null): Mark[] {
    const marks: Mark[] = []
    if (inline.marks.strong) marks.push(mouSchema.marks.strong!.create())
    if (inline.marks.em) marks.push(mouSchema.marks.em!.create())
    if (inline.marks.underline) marks.push(mouSchema.marks.underline!.create())
    if (bracket !== null) marks.push(mouSchema.marks.bracket!.create({ id: bracket.id, owner: this.options.bracketOwner, alt: bracket.alt }))
    // In the schema's order of marks, as ProseMirror keeps them.
    return marks
  }
}
