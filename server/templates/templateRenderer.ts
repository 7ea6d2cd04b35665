/**
 * Rendering templates into ProseMirror content: a whole instrument (title,
 * preamble, clauses, final provisions) or a single clause, in one style,
 * with the document's parties and the caller's variable values. Clause
 * references (`{{ref:…}}`) become `clause_ref` nodes pointing at clause ids.
 */

import type { Node } from 'prosemirror-model'
import { invalid } from '../vocabulary/errors.js'
import { newClauseId } from '../vocabulary/clauseId.js'
import { mouSchema } from '../vocabulary/schema.js'
import { checkValue, TemplateError, type SourceBlock, type TemplateFile } from './templateFile.js'
import { builtInVariables, type DeclaredVariable, type TemplateLibrary } from './templateLibrary.js'
import type { InstrumentStyle } from '../vocabulary/document.js'

export interface PartyNames {
  name: string
  shortName: string
}

interface RenderContext {
  style: InstrumentStyle
  values: ReadonlyMap<string, string>
  /** The id of the clause drafted from a clause template, or null when the document has none. */
  resolveRef(templateId: string): string | null
}

/**
 * The value of every variable `declared`, from `given` (nested objects
 * allowed: `{"duration": {"years": 3}}` is `duration.years`) or the
 * default, plus the built-in party variables. Throws Invalid naming the
 * variable for an unknown name, a value of the wrong type, or a missing one.
 */
export function resolveValues(
  declared: ReadonlyMap<string, DeclaredVariable>,
  parties: readonly [PartyNames, PartyNames],
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
      throw invalid(`variable "${name}" is not used by ${subject}${known.length ? `; it takes ${known.join(', ')}` : '; it takes none'}`)
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
  const [a, b] = parties
  values.set('partyA.name', a.name).set('partyA.shortName', a.shortName).set('partyB.name', b.name).set('partyB.shortName', b.shortName)
  return values
}

/** A whole document drafted from `instrumentId`. Every clause gets a fresh id. */
export function renderInstrument(
  library: TemplateLibrary,
  instrumentId: string,
  style: InstrumentStyle,
  parties: readonly [PartyNames, PartyNames],
  given: Record<string, unknown>,
): Node {
  const instrument = library.get(instrumentId, 'instrument')
  const parts = library.partsOf(instrument)
  const values = resolveValues(library.variablesOf([instrument, ...parts]), parties, given, `template "${instrument.id}"`)
  const clauseIds = new Map(instrument.clauses.map((id) => [id, newClauseId()]))
  const context: RenderContext = { style, values, resolveRef: (templateId) => clauseIds.get(templateId) ?? null }
  const content: Node[] = [renderTitle(instrument, context)]
  for (const part of parts) {
    if (part.kind === 'preamble') content.push(renderPreamble(part, context))
    else if (part.kind === 'clause') content.push(renderClause(part, context, clauseIds.get(part.id)!))
    else content.push(renderFinalProvisions(part, context))
  }
  return mouSchema.node('doc', null, content)
}

/**
 * One clause drafted from `templateId`, with a fresh id. References to
 * other clause templates resolve through `resolveRef` (the clauses already
 * in the document).
 */
export function renderClauseTemplate(
  library: TemplateLibrary,
  templateId: string,
  style: InstrumentStyle,
  parties: readonly [PartyNames, PartyNames],
  given: Record<string, unknown>,
  resolveRef: (templateId: string) => string | null,
): Node {
  const template = library.get(templateId, 'clause')
  const values = resolveValues(library.variablesOf([template]), parties, given, `template "${template.id}"`)
  return renderClause(template, { style, values, resolveRef }, newClauseId())
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

function renderTitle(instrument: TemplateFile, context: RenderContext): Node {
  const [heading] = instrument.styles[context.style]
  return mouSchema.node('title', null, renderInline(heading!, instrument, context))
}

function renderPreamble(template: TemplateFile, context: RenderContext): Node {
  const blocks = template.styles[context.style]
  const recitals = blocks.slice(0, -1).map((block) => mouSchema.node('recital', null, renderInline(block, template, context)))
  const formula = mouSchema.node('closing_formula', null, renderInline(blocks.at(-1)!, template, context))
  return mouSchema.node('preamble', null, [...recitals, formula])
}

function renderFinalProvisions(template: TemplateFile, context: RenderContext): Node {
  const paragraphs = template.styles[context.style].map((block) => mouSchema.node('paragraph', null, renderInline(block, template, context)))
  return mouSchema.node('final_provisions', null, paragraphs)
}

function renderClause(template: TemplateFile, context: RenderContext, clauseId: string): Node {
  const body: { node: string; children: Node[] }[] = []
  let heading: Node[] = []
  for (const block of template.styles[context.style]) {
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
    } else {
      const value = context.values.get(placeholder)
      if (value === undefined) throw new TemplateError(template.file, block.line, `variable {{${placeholder}}} has no value`)
      nodes.push(mouSchema.text(value, marks))
    }
  }
  if (bold) throw new TemplateError(template.file, block.line, 'unbalanced "**"')
  return nodes
}

function flatten(given: Record<string, unknown>, prefix = '', into = new Map<string, unknown>()): Map<string, unknown> {
  for (const [key, value] of Object.entries(given)) {
    const name = prefix ? `${prefix}.${key}` : key
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) flatten(value as Record<string, unknown>, name, into)
    else into.set(name, value)
  }
  return into
}
