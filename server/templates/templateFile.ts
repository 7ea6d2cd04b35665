/**
 * One template file: YAML front matter, then the text in both instrument
 * styles under `## treaty` and `## mou`, each followed by its optional
 * translations (`## treaty th`, `## treaty km`, `## mou th` …: the style,
 * then a BCP 47 language code). Inside a section, each line that starts
 * with a marker starts a block:
 *
 *   # Heading            the clause heading (or the instrument's title)
 *   1. Text              a numbered paragraph (numbers are derived)
 *   (a) Text             a lettered sub-paragraph (letters are derived)
 *   Text                 a plain paragraph (a recital, in a preamble)
 *
 * A non-empty line without a marker continues the block above it; blank
 * lines separate blocks. Parsing keeps every block's line number so that
 * errors can point at the line to fix.
 *
 * A translation has the structure of its style's working-language text:
 * the same sequence of block kinds, the same cross-references in the same
 * blocks, and the same set of variables (in any order within a block), so
 * that a document drafted in one language can be aligned block by block
 * with the others. `translationProblems` checks it apart from parsing, so
 * that the library can list a translation's problems beside the others
 * without losing the file.
 */

import path from 'node:path'
import { parseDocument } from 'yaml'
import type { InstrumentStyle } from '../vocabulary/document.js'
import { checkValue, variableTypes, type VariableType } from '../vocabulary/templateVariable.js'

export const templateKinds = ['clause', 'preamble', 'final', 'instrument'] as const
export type TemplateKind = (typeof templateKinds)[number]

/** The "5P" framework against trafficking. */
export const fivePTags = ['Policy', 'Prevention', 'Protection', 'Prosecution', 'Partnership'] as const
export type FivePTag = (typeof fivePTags)[number]

export const instrumentStyles: readonly InstrumentStyle[] = ['treaty', 'mou']

/** The language of the `## treaty` and `## mou` sections: the instrument's working language. */
export const workingLanguage = 'en'

/** A BCP 47 language tag as written after a style: lower-case primary language, optional subtags ("th", "km", "zh-Hant"). */
const languagePattern = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/

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
  /** The blocks of each style, in the working language. */
  styles: Record<InstrumentStyle, SourceBlock[]>
  /** The blocks of each style in each other language that has a section (`## treaty th`), by language code. */
  translations: Record<InstrumentStyle, Record<string, SourceBlock[]>>
  /** Languages whose text has not yet been reviewed by either government's legal officers (front matter `unreviewed`). */
  unreviewed: string[]
  /** The line of each section's "##" line, keyed "treaty" or "treaty th", for messages. */
  sectionLines: Record<string, number>
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
/** `{{name}}` or `{{ref:clause-id}}`. */
export const placeholderPattern = /\{\{\s*([^{}]*?)\s*\}\}/g

/** A placeholder in a block: `{{name}}` or `{{ref:clause-id}}`. */
export interface Placeholder {
  kind: 'variable' | 'ref'
  name: string
}

/** The placeholders written in `text`, in order. */
export function placeholdersIn(text: string): Placeholder[] {
  return [...text.matchAll(placeholderPattern)].map((match) => {
    const body = match[1]!
    return body.startsWith('ref:') ? { kind: 'ref', name: body.slice(4).trim() } : { kind: 'variable', name: body }
  })
}

/**
 * Parses the text of a template file; `file` names it in errors. Throws a
 * TemplateError at the first problem of form (front matter, sections,
 * blocks, each kind's shape); whether its translations follow their
 * styles is `translationProblems`.
 */
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
  const body = readBody(lines, end + 1, file)
  const template: TemplateFile = {
    id,
    kind,
    title: requireString(get('title'), 'title', file, lineOf('title')),
    summary: requireString(get('summary'), 'summary', file, lineOf('summary')),
    category: kind === 'clause' ? requireString(get('category'), 'category', file, lineOf('category')) : null,
    tag,
    variables: readVariables(get('variables'), file, lineOf('variables')),
    styles: body.styles,
    translations: body.translations,
    unreviewed: readLanguages(get('unreviewed'), 'unreviewed', file, lineOf('unreviewed')),
    sectionLines: Object.fromEntries(body.sectionLines),
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

interface TemplateBody {
  styles: Record<InstrumentStyle, SourceBlock[]>
  translations: Record<InstrumentStyle, Record<string, SourceBlock[]>>
  /** The line of each section's "##" line, keyed "treaty" or "treaty th". */
  sectionLines: Map<string, number>
}

/** The heading of a section: `treaty`, or `treaty th`. */
const sectionName = (style: InstrumentStyle, language: string | null) => (language === null ? style : `${style} ${language}`)

function readBody(lines: string[], start: number, file: string): TemplateBody {
  const styles: Partial<Record<InstrumentStyle, SourceBlock[]>> = {}
  const translations = Object.fromEntries(instrumentStyles.map((style) => [style, {}])) as Record<InstrumentStyle, Record<string, SourceBlock[]>>
  const sectionLines = new Map<string, number>()
  let workingStyle: InstrumentStyle | null = null
  let current: SourceBlock[] | null = null
  let open: SourceBlock | null = null
  for (let index = start; index < lines.length; index++) {
    const line = lines[index]!
    const lineNumber = index + 1
    const section = /^##\s+(.*)$/.exec(line)
    if (section) {
      const [style, language = null, ...rest] = section[1]!.trim().split(/\s+/) as [InstrumentStyle, string?, ...string[]]
      const fail = (problem: string) => {
        throw new TemplateError(file, lineNumber, problem)
      }
      if (!instrumentStyles.includes(style) || rest.length > 0) {
        fail(`unknown section "## ${section[1]!.trim()}": use "## treaty" and "## mou", each followed by its translations ("## treaty th")`)
      }
      const name = sectionName(style, language)
      if (sectionLines.has(name)) fail(`a second "## ${name}" section`)
      if (language === null) {
        const later = instrumentStyles.slice(instrumentStyles.indexOf(style) + 1).find((other) => sectionLines.has(other))
        if (later) fail(`"## ${style}" and its translations come before "## ${later}"`)
        current = styles[style] = []
        workingStyle = style
      } else {
        if (language === workingLanguage) fail(`"## ${name}": the text in the working language (${workingLanguage}) is the "## ${style}" section itself`)
        if (!languagePattern.test(language)) fail(`"## ${name}": "${language}" is not a language code such as "th" or "km"`)
        if (workingStyle !== style) fail(`"## ${name}" must follow "## ${style}" (a style's translations come right after it)`)
        current = translations[style][language] = []
      }
      sectionLines.set(name, lineNumber)
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
  return { styles: styles as Record<InstrumentStyle, SourceBlock[]>, translations, sectionLines }
}

function readLanguages(value: unknown, key: string, file: string, line: number): string[] {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || !languagePattern.test(item))) {
    throw new TemplateError(file, line, `${key} must be a list of language codes, such as "[th, km]"`)
  }
  const languages = value as string[]
  if (languages.includes(workingLanguage)) throw new TemplateError(file, line, `${key}: the working language (${workingLanguage}) is not a translation`)
  const repeated = languages.find((language, index) => languages.indexOf(language) !== index)
  if (repeated) throw new TemplateError(file, line, `${key}: "${repeated}" is listed twice`)
  return languages
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

const blockKindNames: Record<BlockKind, string> = {
  heading: 'a heading',
  numbered: 'a numbered paragraph',
  sub: 'a sub-paragraph',
  plain: 'a plain paragraph',
}

/** The clause references of a block, sorted: a translation may put them in another order. */
const refsOf = (block: SourceBlock) =>
  placeholdersIn(block.text)
    .filter((placeholder) => placeholder.kind === 'ref')
    .map((placeholder) => placeholder.name)
    .sort()

/** The variables of some blocks, each with the first line that uses it. */
function variablesOf(blocks: readonly SourceBlock[]): Map<string, number> {
  const variables = new Map<string, number>()
  for (const block of blocks) {
    for (const placeholder of placeholdersIn(block.text)) {
      if (placeholder.kind === 'variable' && !variables.has(placeholder.name)) variables.set(placeholder.name, block.line)
    }
  }
  return variables
}

/**
 * Every translation of `template` against its style's working text: the
 * same sequence of block kinds, the same references in each block, the
 * same variables over the section. Reports, at the translation's lines,
 * the first block where the kinds part (blocks after it no longer pair
 * up), every block whose references differ before it, and every variable
 * missing or extra. Empty when all translations follow their styles.
 */
export function translationProblems(template: TemplateFile): TemplateError[] {
  const problems: TemplateError[] = []
  for (const style of instrumentStyles) {
    const working = template.styles[style]
    for (const [language, blocks] of Object.entries(template.translations[style])) {
      const name = sectionName(style, language)
      const report = (line: number, problem: string) => problems.push(new TemplateError(template.file, line, `${name}: ${problem}`))
      for (let index = 0; index < Math.max(working.length, blocks.length); index++) {
        const source = working[index]
        const block = blocks[index]
        if (source === undefined) {
          report(block!.line, `${blockKindNames[block!.kind]} with no counterpart: the ${style} text ends at line ${working.at(-1)!.line}`)
          break
        }
        if (block === undefined) {
          const end = blocks.at(-1)?.line ?? template.sectionLines[name]!
          report(end, `the text ends here, where the ${style} text goes on with ${blockKindNames[source.kind]} (line ${source.line})`)
          break
        }
        if (block.kind !== source.kind) {
          report(block.line, `${blockKindNames[block.kind]} where the ${style} text has ${blockKindNames[source.kind]} (line ${source.line})`)
          break
        }
        const expected = refsOf(source)
        const found = refsOf(block)
        if (expected.join() !== found.join()) {
          const list = (refs: string[]) => (refs.length === 0 ? 'no reference' : refs.map((ref) => `{{ref:${ref}}}`).join(', '))
          report(block.line, `${list(found)} where the ${style} text (line ${source.line}) has ${list(expected)}`)
        }
      }
      const expected = variablesOf(working)
      const found = variablesOf(blocks)
      for (const [variable, line] of found) {
        if (!expected.has(variable)) report(line, `{{${variable}}} is not in the ${style} text`)
      }
      for (const [variable, line] of expected) {
        if (!found.has(variable)) report(template.sectionLines[name]!, `{{${variable}}} is missing (the ${style} text has it at line ${line})`)
      }
    }
  }
  return problems
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
