/**
 * The clause template library: every template file under `clauses/`,
 * `parts/` and `instruments/` of a directory, parsed and checked as a
 * whole — ids unique, an instrument's parts present and of the right kind,
 * every translation following its style, every placeholder either a
 * declared variable, a built-in party variable, or a reference to a
 * clause template. The server refuses to start on a
 * library with a problem, listing every one with its file and line.
 */

import fs from 'node:fs'
import path from 'node:path'
import { notFound } from '../vocabulary/errors.js'
import {
  parseTemplateFile,
  placeholderPattern,
  placeholdersIn,
  TemplateError,
  translationProblems,
  type TemplateFile,
  type TemplateKind,
  type VariableSpec,
  instrumentStyles,
} from './templateFile.js'
import type { InstrumentStyle } from '../vocabulary/document.js'
import { partyForms } from '../vocabulary/partyReference.js'

/**
 * Variables every template may use without declaring them: the document's
 * two parties, each or both (`parties.…`, named in the reader's order), by
 * full name, short name or State. They become party references, never text.
 */
export const builtInVariables = ['partyA', 'partyB', 'parties'].flatMap((who) => partyForms.map((form) => `${who}.${form}`))

/** Whether `name` is a built-in party variable. */
export const partyVariable = (name: string): boolean => builtInVariables.includes(name)

/** Every problem found in a library. */
export class TemplateLibraryError extends Error {
  override name = 'TemplateLibraryError'
  constructor(readonly problems: TemplateError[]) {
    super(`the template library has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  ${p.message}`).join('\n')}`)
  }
}

/** A language other than the working one, as some templates have it. */
export interface TemplateLanguage {
  /** BCP 47 code, such as "th". */
  language: string
  /** Every template has a section in this language, in every style asked about. */
  complete: boolean
  /** Some template marks its text in this language as not yet reviewed by either government's legal officers. */
  unreviewed: boolean
}

/** A variable as an instrument sees it: where it was declared. */
export interface DeclaredVariable extends VariableSpec {
  file: string
}

export class TemplateLibrary {
  private readonly byId: ReadonlyMap<string, TemplateFile>

  constructor(templates: readonly TemplateFile[]) {
    this.byId = new Map(templates.map((template) => [template.id, template]))
  }

  /** Every template, sorted by kind then id. */
  all(): TemplateFile[] {
    return [...this.byId.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id))
  }

  /** Templates of one kind, sorted by id. */
  ofKind(kind: TemplateKind): TemplateFile[] {
    return this.all().filter((template) => template.kind === kind)
  }

  /** The template `id`, or undefined. */
  find(id: string): TemplateFile | undefined {
    return this.byId.get(id)
  }

  /** The template `id` of `kind`; throws NotFound otherwise. */
  get(id: string, kind?: TemplateKind): TemplateFile {
    const template = this.byId.get(id)
    if (!template || (kind !== undefined && template.kind !== kind)) {
      throw notFound(`there is no ${kind ?? ''}${kind ? ' ' : ''}template "${id}"`)
    }
    return template
  }

  /** The templates that make up an instrument, in document order (preamble, clauses, final provisions). */
  partsOf(instrument: TemplateFile): TemplateFile[] {
    const ids = [instrument.preamble, ...instrument.clauses, instrument.final].filter((id): id is string => id !== null)
    return ids.map((id) => this.get(id))
  }

  /**
   * The languages other than the working one in which some of `templates`
   * have text — in `style`, or in either style when it is omitted —
   * sorted by code. For an instrument, pass it with its parts
   * (`[instrument, ...partsOf(instrument)]`): a language that is not
   * `complete` leaves some parts untranslated.
   */
  languagesOf(templates: readonly TemplateFile[], style?: InstrumentStyle): TemplateLanguage[] {
    const styles = style === undefined ? instrumentStyles : [style]
    const has = (template: TemplateFile, language: string) => styles.every((each) => template.translations[each][language] !== undefined)
    const languages = new Set(templates.flatMap((template) => styles.flatMap((each) => Object.keys(template.translations[each]))))
    return [...languages].sort().map((language) => ({
      language,
      complete: templates.every((template) => has(template, language)),
      unreviewed: templates.some((template) => template.unreviewed.includes(language) && styles.some((each) => template.translations[each][language] !== undefined)),
    }))
  }

  /** The variables `templates` declare, by name, the first declaration winning. */
  variablesOf(templates: readonly TemplateFile[]): Map<string, DeclaredVariable> {
    const variables = new Map<string, DeclaredVariable>()
    for (const template of templates) {
      for (const variable of template.variables) {
        if (!variables.has(variable.name)) variables.set(variable.name, { ...variable, file: template.file })
      }
    }
    return variables
  }
}

/**
 * Reads and checks the library in `directory`. Throws a
 * TemplateLibraryError listing every problem found.
 */
export function loadTemplateLibrary(directory: string): TemplateLibrary {
  const problems: TemplateError[] = []
  const templates: TemplateFile[] = []
  for (const folder of ['clauses', 'parts', 'instruments']) {
    const folderPath = path.join(directory, folder)
    if (!fs.existsSync(folderPath)) continue
    for (const name of fs.readdirSync(folderPath).filter((file) => file.endsWith('.md')).sort()) {
      const file = `${folder}/${name}`
      try {
        const template = parseTemplateFile(fs.readFileSync(path.join(folderPath, name), 'utf8'), file)
        templates.push(template)
        problems.push(...translationProblems(template))
      } catch (error) {
        if (error instanceof TemplateError) problems.push(error)
        else throw error
      }
    }
  }
  if (templates.length === 0 && problems.length === 0) problems.push(new TemplateError(directory, 1, 'no templates found'))
  problems.push(...crossCheck(templates))
  if (problems.length > 0) throw new TemplateLibraryError(problems)
  return new TemplateLibrary(templates)
}

function crossCheck(templates: TemplateFile[]): TemplateError[] {
  const problems: TemplateError[] = []
  const byId = new Map<string, TemplateFile>()
  for (const template of templates) {
    const previous = byId.get(template.id)
    if (previous) problems.push(new TemplateError(template.file, 1, `id "${template.id}" is also used by ${previous.file}`))
    else byId.set(template.id, template)
  }
  for (const template of templates) {
    const declared = new Set<string>([...builtInVariables, ...template.variables.map((variable) => variable.name)])
    const sections = instrumentStyles.flatMap((style) => [template.styles[style], ...Object.values(template.translations[style])])
    for (const blocks of sections) {
      for (const block of blocks) {
        const stripped = block.text.replace(placeholderPattern, '')
        if (stripped.includes('{{') || stripped.includes('}}')) {
          problems.push(new TemplateError(template.file, block.line, 'unbalanced "{{" or "}}"'))
        }
        if ((block.text.match(/\*\*/g)?.length ?? 0) % 2 === 1) problems.push(new TemplateError(template.file, block.line, 'unbalanced "**"'))
        for (const placeholder of placeholdersIn(block.text)) {
          if (placeholder.kind === 'ref') {
            if (byId.get(placeholder.name)?.kind !== 'clause') {
              problems.push(new TemplateError(template.file, block.line, `{{ref:${placeholder.name}}} does not name a clause template`))
            }
          } else if (!declared.has(placeholder.name)) {
            problems.push(
              new TemplateError(template.file, block.line, `variable {{${placeholder.name}}} is not declared in the front matter (nor one of ${builtInVariables.join(', ')})`),
            )
          }
        }
      }
    }
    if (template.kind === 'instrument') {
      const expect = (id: string | null, kind: TemplateKind) => {
        if (id !== null && byId.get(id)?.kind !== kind) problems.push(new TemplateError(template.file, 1, `"${id}" is not a ${kind} template`))
      }
      expect(template.preamble, 'preamble')
      for (const id of template.clauses) expect(id, 'clause')
      expect(template.final, 'final')
      const repeated = template.clauses.find((id, index) => template.clauses.indexOf(id) !== index)
      if (repeated) problems.push(new TemplateError(template.file, 1, `clause "${repeated}" is listed twice`))
    }
  }
  return problems
}
