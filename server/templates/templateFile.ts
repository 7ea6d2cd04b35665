/**
 * One template file: YAML front matter, then the text in both instrument
 * styles under `## treaty` and `## mou`. Inside a style, each line that
 * starts with a marker starts a block:
 *
 *   # Heading            the clause heading (or the instrument's title)
 *   1. Text              a numbered paragraph (numbers are derived)
 *   (a) Text             a lettered sub-paragraph (letters are derived)
 *   Text                 a plain paragraph (a recital, in a preamble)
 *
 * A non-empty line without a marker continues the block above it; blank
 * lines separate blocks. Parsing keeps every block's line number so that
 * errors can point at the line to fix.
 */

import path from 'node:path'
import { parseDocument } from 'yaml'
import type { InstrumentStyle } from '../vocabulary/document.js'

export const templateKinds = ['clause', 'preamble', 'final', 'instrument'] as const
export type TemplateKind = (typeof templateKinds)[number]

/** The "5P" framework against trafficking. */
export const fivePTags = ['Policy', 'Prevention', 'Protection', 'Prosecution', 'Partnership'] as const
export type FivePTag = (typeof fivePTags)[number]

export const variableTypes = ['string', 'integer', 'date'] as const
export type VariableType = (typeof variableTypes)[number]

export const instrumentStyles: readonly InstrumentStyle[] = ['treaty', 'mou']

export interface VariableSpec {
  name: string
  type: VariableType
  default: string | number | null
  description: string
}

export type BlockKind = 'heading' | 'numbered' | 'sub' | 'plain'

export interface SourceBlock {
  kind: BlockKind
  text: string
  /** 1-based line in the file where the block starts. */
  line: number
}

export interface TemplateFile {
  id: string
  kind: TemplateKind
  title: string
  summary: string
  category: string | null
  tag: FivePTag | null
  variables: VariableSpec[]
  /** The blocks of each style. */
  styles: Record<InstrumentStyle, SourceBlock[]>
  /** For an instrument: its parts, in order. */
  preamble: string | null
  clauses: string[]
  final: string | null
  /** Path relative to the library, for messages. */
  file: string
}

/** A problem in a template file, located at a line. */
export class TemplateError extends Error {
  override name = 'TemplateError'
  constructor(
    readonly file: string,
    readonly line: number,
    readonly problem: string,
  ) {
    super(`${file}:${line}: ${problem}`)
  }
}

const idPattern = /^[a-z][a-z0-9-]*$/
const variableNamePattern = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$/

/** Parses the text of a template file; `file` names it in errors. */
export function parseTemplateFile(source: string, file: string): TemplateFile {
  const lines = source.replace(/\r\n?/g, '\n').split('\n')
  if (lines[0] !== '---') throw new TemplateError(file, 1, 'a template starts with front matter: a line "---"')
  const end = lines.indexOf('---', 1)
  if (end === -1) throw new TemplateError(file, 1, 'the front matter has no closing "---" line')
  const meta = readFrontMatter(lines.slice(1, end).join('\n'), file)
  const get = (key: string) => meta.values[key]
  const lineOf = (key: string) => meta.lines[key] ?? 1

  const id = requireString(get('id'), 'id', file, lineOf('id'))
  if (!idPattern.test(id)) throw new TemplateError(file, lineOf('id'), `id "${id}" must be lower-case words joined by hyphens`)
  const expected = path.basename(file, '.md')
  if (id !== expected) throw new TemplateError(file, lineOf('id'), `id "${id}" must equal the file name "${expected}"`)
  const kind = requireString(get('kind'), 'kind', file, lineOf('kind')) as TemplateKind
  if (!templateKinds.includes(kind)) throw new TemplateError(file, lineOf('kind'), `kind must be one of ${templateKinds.join(', ')} (got "${kind}")`)
  const tag = kind === 'clause' ? (requireString(get('tag'), 'tag', file, lineOf('tag')) as FivePTag) : null
  if (tag !== null && !fivePTags.includes(tag)) {
    throw new TemplateError(file, lineOf('tag'), `tag must be one of ${fivePTags.join(', ')} (got "${tag}")`)
  }
  const styles = readBody(lines, end + 1, file)
  const template: TemplateFile = {
    id,
    kind,
    title: requireString(get('title'), 'title', file, lineOf('title')),
    summary: requireString(get('summary'), 'summary', file, lineOf('summary')),
    category: kind === 'clause' ? requireString(get('category'), 'category', file, lineOf('category')) : null,
    tag,
    variables: readVariables(get('variables'), file, lineOf('variables')),
    styles,
    preamble: kind === 'instrument' ? requireString(get('preamble'), 'preamble', file, lineOf('preamble')) : null,
    clauses: kind === 'instrument' ? requireStringList(get('clauses'), 'clauses', file, lineOf('clauses')) : [],
    final: kind === 'instrument' && get('final') !== undefined ? requireString(get('final'), 'final', file, lineOf('final')) : null,
    file,
  }
  checkShape(template)
  return template
}

function readFrontMatter(yamlText: string, file: string): { values: Record<string, unknown>; lines: Record<string, number> } {
  const document = parseDocument(yamlText, { prettyErrors: false })
  const [error] = document.errors
  if (error) throw new TemplateError(file, (error.linePos?.[0]?.line ?? 0) + 1, `front matter: ${error.message.split('\n')[0]}`)
  const values = document.toJS() as unknown
  if (values === null || typeof values !== 'object' || Array.isArray(values)) {
    throw new TemplateError(file, 2, 'the front matter must be a set of "key: value" lines')
  }
  // Line of each top-level key, for messages (front matter starts on line 2).
  const lines: Record<string, number> = {}
  yamlText.split('\n').forEach((line, index) => {
    const key = /^([A-Za-z][\w.-]*):/.exec(line)?.[1]
    if (key !== undefined && !(key in lines)) lines[key] = index + 2
  })
  return { values: values as Record<string, unknown>, lines }
}

function readVariables(value: unknown, file: string, line: number): VariableSpec[] {
  if (value === undefined || value === null) return []
  if (typeof value !== 'object' || Array.isArray(value)) throw new TemplateError(file, line, 'variables must map names to { type, default, description }')
  return Object.entries(value as Record<string, unknown>).map(([name, spec]) => {
    if (!variableNamePattern.test(name)) throw new TemplateError(file, line, `variable name "${name}" must be letters and digits, parts joined by dots`)
    if (spec === null || typeof spec !== 'object') throw new TemplateError(file, line, `variable ${name} needs type, default and description`)
    const { type, default: fallback, description } = spec as Record<string, unknown>
    if (!variableTypes.includes(type as VariableType)) {
      throw new TemplateError(file, line, `variable ${name}: type must be one of ${variableTypes.join(', ')} (got ${JSON.stringify(type)})`)
    }
    if (typeof description !== 'string' || description.trim() === '') throw new TemplateError(file, line, `variable ${name} needs a description`)
    let defaultValue: string | number | null = null
    if (fallback !== undefined && fallback !== null) {
      defaultValue = fallback instanceof Date ? fallback.toISOString().slice(0, 10) : (fallback as string | number)
      const problem = checkValue(type as VariableType, defaultValue)
      if (problem) throw new TemplateError(file, line, `variable ${name}: default ${problem}`)
    }
    return { name, type: type as VariableType, default: defaultValue, description }
  })
}

/** Why `value` is not a valid value of `type`, or null when it is. */
export function checkValue(type: VariableType, value: unknown): string | null {
  switch (type) {
    case 'integer':
      return Number.isInteger(value) || (typeof value === 'string' && /^-?\d+$/.test(value)) ? null : `must be a whole number (got ${JSON.stringify(value)})`
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value))
        ? null
        : `must be a date written YYYY-MM-DD (got ${JSON.stringify(value)})`
    case 'string':
      return (typeof value === 'string' && value.trim() !== '' && value.length <= 500) || typeof value === 'number'
        ? null
        : `must be text of 1 to 500 characters (got ${JSON.stringify(value)})`
  }
}

function readBody(lines: string[], start: number, file: string): Record<InstrumentStyle, SourceBlock[]> {
  const styles: Partial<Record<InstrumentStyle, SourceBlock[]>> = {}
  let current: SourceBlock[] | null = null
  let open: SourceBlock | null = null
  for (let index = start; index < lines.length; index++) {
    const line = lines[index]!
    const lineNumber = index + 1
    const section = /^##\s+(.*)$/.exec(line)
    if (section) {
      const style = section[1]!.trim() as InstrumentStyle
      if (!instrumentStyles.includes(style)) throw new TemplateError(file, lineNumber, `unknown section "## ${style}": use "## treaty" and "## mou"`)
      if (styles[style]) throw new TemplateError(file, lineNumber, `a second "## ${style}" section`)
      current = styles[style] = []
      open = null
      continue
    }
    const trimmed = line.trim()
    if (trimmed === '') {
      open = null
      continue
    }
    if (current === null) throw new TemplateError(file, lineNumber, 'text before the first "## treaty" or "## mou" section')
    const marker = /^(#\s+|\d+\.\s+|\([a-z]{1,2}\)\s+)(.*)$/.exec(trimmed)
    if (marker) {
      const kind: BlockKind = marker[1]!.startsWith('#') ? 'heading' : marker[1]!.startsWith('(') ? 'sub' : 'numbered'
      open = { kind, text: marker[2]!.trim(), line: lineNumber }
      current.push(open)
    } else if (open !== null) {
      open.text += ` ${trimmed}`
    } else {
      open = { kind: 'plain', text: trimmed, line: lineNumber }
      current.push(open)
    }
  }
  for (const style of instrumentStyles) {
    if (!styles[style]) throw new TemplateError(file, lines.length, `the "## ${style}" section is missing`)
  }
  return styles as Record<InstrumentStyle, SourceBlock[]>
}

/** What each kind of template must look like in each style. */
function checkShape(template: TemplateFile): void {
  for (const style of instrumentStyles) {
    const blocks = template.styles[style]
    const fail = (line: number, problem: string) => {
      throw new TemplateError(template.file, line, `${style} style: ${problem}`)
    }
    const firstLine = blocks[0]?.line ?? 1
    if (blocks.length === 0) fail(firstLine, 'the section is empty')
    const headings = blocks.filter((block) => block.kind === 'heading')
    switch (template.kind) {
      case 'clause':
        if (blocks[0]!.kind !== 'heading') fail(firstLine, 'a clause starts with its heading ("# Heading")')
        if (headings.length > 1) fail(headings[1]!.line, 'a clause has one heading')
        if (blocks.length < 2) fail(firstLine, 'a clause needs text after its heading')
        if (/^(article|paragraph)\s+\d/i.test(blocks[0]!.text)) fail(firstLine, 'headings carry no number: numbering is derived')
        if (blocks[1]!.kind === 'sub') fail(blocks[1]!.line, 'a sub-paragraph must follow a paragraph')
        break
      case 'instrument':
        if (blocks.length !== 1 || blocks[0]!.kind !== 'heading') fail(firstLine, "an instrument's section holds only its title line (\"# Title\")")
        break
      case 'preamble':
        if (blocks.length < 2) fail(firstLine, 'a preamble needs recitals and, last, the closing formula')
        for (const block of blocks) if (block.kind !== 'plain') fail(block.line, 'a preamble holds plain paragraphs only')
        break
      case 'final':
        for (const block of blocks) if (block.kind !== 'plain') fail(block.line, 'final provisions hold plain paragraphs only')
        break
    }
  }
}

function requireString(value: unknown, key: string, file: string, line: number): string {
  if (typeof value !== 'string' || value.trim() === '') throw new TemplateError(file, line, `front matter needs "${key}: <text>"`)
  return value.trim()
}

function requireStringList(value: unknown, key: string, file: string, line: number): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.some((item) => typeof item !== 'string')) {
    throw new TemplateError(file, line, `front matter needs "${key}:" followed by a list of template ids`)
  }
  return value as string[]
}
