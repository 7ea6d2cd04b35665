/**
 * Rendering templates into ProseMirror content: a whole instrument (title,
 * preamble, clauses, final provisions) or a single clause, in one style
 * and one language, with the document's parties and the caller's variable
 * values. Clause references (`{{ref:…}}`) become `clause_ref` nodes
 * pointing at clause ids.
 *
 * Every language renders to the same node structure — a translation has
 * its style's blocks, references and variables (`translationProblems`,
 * which the library checks at load) — and a template with no text in the language renders as its
 * untranslated copy: the working text's structure with every text left
 * out. Variable values, party names among them, are the same in every
 * language.
 */

import type { Node } from 'prosemirror-model'
import { invalid } from '../vocabulary/errors.js'
import { newClauseId } from '../vocabulary/clauseId.js'
import { mouSchema } from '../vocabulary/schema.js'
import { TemplateError, workingLanguage, type SourceBlock, type TemplateFile } from './templateFile.js'
import { checkValue } from '../vocabulary/templateVariable.js'
import { builtInVariables, partyVariable, type DeclaredVariable, type TemplateLibrary } from './templateLibrary.js'
import { bothParties, type PartyForm, type PartyReference } from '../vocabulary/partyReference.js'
import type { InstrumentStyle } from '../vocabulary/document.js'
import { untranslated } from '../mou/alignedTexts.js'

/** The codes of the document's two parties, in their order ("partyA", "partyB" in templates). */
export type TemplateParties = readonly [string, string]

interface RenderContext {
  style: InstrumentStyle
  /** A language other than the working one, or null for the working language. */
  language: string | null
  values: ReadonlyMap<string, string>
  parties: TemplateParties
  /** The id of the clause drafted from a clause template, or null when the document has none. */
  resolveRef(templateId: string): string | null
}

/**
 * The value of every variable `declared`, from `given` (nested objects
 * allowed: `{"duration": {"years": 3}}` is `duration.years`) or the
 * default (the built-in party variables are references, not values: see
 * `partyReferenceOf`). Throws Invalid naming the
 * variable for an unknown name, a value of the wrong type, or a missing one.
 */
export function resolveValues(
  declared: ReadonlyMap<string, DeclaredVariable>,
  given: Record<string, unknown>,
  subject: string,
): Map<string, string> {
  const flat = flatten(given)
  const values = new Map<string, string>()
  for (const [name, value] of flat) {
    if ((builtInVariables as readonly string[]).includes(name)) {
      throw invalid(`variable "${name}" comes from the document's parties and cannot be set`)
    }
    const variable = declared.get(name)
    if (!variable) {
      const known = [...declared.keys()]
      throw invalid(`variable ${name.length > 40 ? `with a name of ${name.length} characters` : JSON.stringify(name)} is not used by ${subject}${known.length ? `; it takes ${known.join(', ')}` : '; it takes none'}`)
    }
    const problem = checkValue(variable.type, value)
    if (problem) throw invalid(`variable "${name}" ${problem}`)
    values.set(name, String(value).trim())
  }
  for (const variable of declared.values()) {
    if (values.has(variable.name)) continue
    if (variable.default === null) throw invalid(`variable "${variable.name}" needs a value (${variable.description}; declared in ${variable.file})`)
    values.set(variable.name, String(variable.default))
  }
  return values
}

/**
 * A whole document drafted from `instrumentId`, in the working language or
 * in `lang` (a BCP 47 code such as "th"); parts with no text in `lang` come
 * untranslated (see `mou/alignedTexts.ts`). Every clause gets a fresh id.
 * Throws NotFound for an unknown instrument, Invalid for a bad variable.
 */
export function renderInstrument(
  library: TemplateLibrary,
  instrumentId: string,
  style: InstrumentStyle,
  parties: TemplateParties,
  given: Record<string, unknown>,
  lang?: string,
): Node {
  const instrument = library.get(instrumentId, 'instrument')
  const parts = library.partsOf(instrument)
  const values = resolveValues(library.variablesOf([instrument, ...parts]), given, `template "${instrument.id}"`)
  const clauseIds = new Map(instrument.clauses.map((id) => [id, newClauseId()]))
  const context: RenderContext = { style, language: translationLanguage(lang), values, parties, resolveRef: (templateId) => clauseIds.get(templateId) ?? null }
  const content: Node[] = [inLanguage(instrument, context, renderTitle)]
  for (const part of parts) {
    if (part.kind === 'preamble') content.push(inLanguage(part, context, renderPreamble))
    else if (part.kind === 'clause') content.push(inLanguage(part, context, (blocks) => renderClause(part, blocks, context, clauseIds.get(part.id)!)))
    else content.push(inLanguage(part, context, renderFinalProvisions))
  }
  return mouSchema.node('doc', null, content)
}

/**
 * One clause drafted from `templateId`, with a fresh id, in the working
 * language or in `lang` (untranslated when the template has no text in
 * it). References to other clause templates resolve through `resolveRef`
 * (the clauses already in the document). Throws NotFound for an unknown
 * clause template, Invalid for a bad variable.
 */
export function renderClauseTemplate(
  library: TemplateLibrary,
  templateId: string,
  style: InstrumentStyle,
  parties: TemplateParties,
  given: Record<string, unknown>,
  resolveRef: (templateId: string) => string | null,
  lang?: string,
): Node {
  const template = library.get(templateId, 'clause')
  const values = resolveValues(library.variablesOf([template]), given, `template "${template.id}"`)
  const context: RenderContext = { style, language: translationLanguage(lang), values, parties, resolveRef }
  const clauseId = newClauseId()
  return inLanguage(template, context, (blocks) => renderClause(template, blocks, context, clauseId))
}

/** The minimal valid document: a title, an empty preamble and one empty clause. */
export function blankDocument(title: string): Node {
  const node = (type: string, attrs: Record<string, unknown> | null = null, content: Node[] = []) => mouSchema.node(type, attrs, content)
  return node('doc', null, [
    node('title', null, title ? [mouSchema.text(title)] : []),
    node('preamble', null, [node('recital'), node('closing_formula')]),
    node('clause', { id: newClauseId() }, [node('clause_heading'), node('paragraph')]),
  ])
}

/** The working language is rendered as such, whether named or not. */
const translationLanguage = (lang: string | undefined) => (lang === undefined || lang === workingLanguage ? null : lang)

/**
 * `render` on the blocks of `template` in the context's style and
 * language; on the working text, emptied, when the template has none in
 * that language.
 */
function inLanguage(template: TemplateFile, context: RenderContext, render: (blocks: readonly SourceBlock[], template: TemplateFile, context: RenderContext) => Node): Node {
  if (context.language === null) return render(template.styles[context.style], template, context)
  const translated = template.translations[context.style][context.language]
  if (translated !== undefined) return render(translated, template, context)
  return untranslated(render(template.styles[context.style], template, context))
}

function renderTitle(blocks: readonly SourceBlock[], instrument: TemplateFile, context: RenderContext): Node {
  return mouSchema.node('title', null, renderInline(blocks[0]!, instrument, context))
}

function renderPreamble(blocks: readonly SourceBlock[], template: TemplateFile, context: RenderContext): Node {
  const recitals = blocks.slice(0, -1).map((block) => mouSchema.node('recital', null, renderInline(block, template, context)))
  const formula = mouSchema.node('closing_formula', null, renderInline(blocks.at(-1)!, template, context))
  return mouSchema.node('preamble', null, [...recitals, formula])
}

function renderFinalProvisions(blocks: readonly SourceBlock[], template: TemplateFile, context: RenderContext): Node {
  const paragraphs = blocks.map((block) => mouSchema.node('paragraph', null, renderInline(block, template, context)))
  return mouSchema.node('final_provisions', null, paragraphs)
}

function renderClause(template: TemplateFile, blocks: readonly SourceBlock[], context: RenderContext, clauseId: string): Node {
  const body: { node: string; children: Node[] }[] = []
  let heading: Node[] = []
  for (const block of blocks) {
    const inline = renderInline(block, template, context)
    switch (block.kind) {
      case 'heading':
        heading = inline
        break
      case 'numbered':
        body.push({ node: 'numbered_paragraph', children: [mouSchema.node('paragraph', null, inline)] })
        break
      case 'sub': {
        const sub = mouSchema.node('sub_paragraph', null, inline)
        const last = body.at(-1)
        if (last?.node === 'numbered_paragraph') last.children.push(sub)
        else body.push({ node: 'sub_paragraph', children: inline })
        break
      }
      case 'plain':
        body.push({ node: 'paragraph', children: inline })
        break
    }
  }
  return mouSchema.node('clause', { id: clauseId, templateId: template.id }, [
    mouSchema.node('clause_heading', null, heading),
    ...body.map((block) => mouSchema.node(block.node, null, block.children)),
  ])
}

/** Text with `**bold**`, `{{variables}}` and `{{ref:clause}}` → inline nodes. */
function renderInline(block: SourceBlock, template: TemplateFile, context: RenderContext): Node[] {
  const nodes: Node[] = []
  let bold = false
  for (const token of block.text.split(/(\{\{[^{}]*\}\}|\*\*)/)) {
    if (token === '') continue
    if (token === '**') {
      bold = !bold
      continue
    }
    const marks = bold ? [mouSchema.mark('strong')] : []
    const placeholder = /^\{\{\s*(.*?)\s*\}\}$/.exec(token)?.[1]
    if (placeholder === undefined) {
      nodes.push(mouSchema.text(token, marks))
    } else if (placeholder.startsWith('ref:')) {
      nodes.push(mouSchema.node('clause_ref', { clauseId: context.resolveRef(placeholder.slice(4).trim()) }))
    } else if (partyVariable(placeholder)) {
      nodes.push(mouSchema.node('party_ref', partyReferenceOf(placeholder, context.parties), undefined, marks))
    } else {
      const value = context.values.get(placeholder)
      if (value === undefined) throw new TemplateError(template.file, block.line, `variable {{${placeholder}}} has no value`)
      nodes.push(mouSchema.text(value, marks))
    }
  }
  if (bold) throw new TemplateError(template.file, block.line, 'unbalanced "**"')
  return nodes
}

/** The reference a built-in party variable stands for: `partyA.name` → party A's full name, `parties.state` → both parties' States. */
function partyReferenceOf(variable: string, [a, b]: TemplateParties): PartyReference {
  const [who, form] = variable.split('.') as [string, PartyForm]
  return { party: who === 'parties' ? bothParties : who === 'partyA' ? a : b, form }
}

function flatten(given: Record<string, unknown>, prefix = '', into = new Map<string, unknown>()): Map<string, unknown> {
  for (const [key, value] of Object.entries(given)) {
    const name = prefix ? `${prefix}.${key}` : key
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) flatten(value as Record<string, unknown>, name, into)
    else into.set(name, value)
  }
  return into
}
