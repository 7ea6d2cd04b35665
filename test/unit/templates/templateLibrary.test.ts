import { nameParties } from '../../support/parties.js'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { numberDocument } from '../../../server/vocabulary/numbering.js'
import { documentParts } from '../../../server/vocabulary/documentText.js'
import { fivePTags, instrumentStyles } from '../../../server/templates/templateFile.js'
import { loadTemplateLibrary, TemplateLibraryError } from '../../../server/templates/templateLibrary.js'
import { renderClauseTemplate, renderInstrument } from '../../../server/templates/templateRenderer.js'
import { starterLibrary } from '../../support/testServer.js'

const parties = ['TH', 'KH'] as const

describe('the starter library', () => {
  const library = starterLibrary()

  it('holds an anti-trafficking instrument of at least 18 clauses, each tagged with one of the 5Ps', () => {
    const instrument = library.get('anti-trafficking-mou', 'instrument')
    expect(instrument.clauses.length).toBeGreaterThanOrEqual(18)
    for (const id of instrument.clauses) expect(fivePTags).toContain(library.get(id, 'clause').tag)
    expect(library.ofKind('clause').length).toBeGreaterThanOrEqual(18)
  })

  it.each(instrumentStyles)('renders every clause in %s style with no placeholder left and a valid document', (style) => {
    const doc = renderInstrument(library, 'anti-trafficking-mou', style, parties, {})
    doc.check()
    const parts = documentParts(doc, numberDocument(doc, style), nameParties())
    const text = parts.map((part) => part.text).join('\n')
    expect(text).not.toMatch(/\{\{|\}\}|\*\*|\[missing reference\]/)
    expect(text).toContain('Department of Special Investigation')
    expect(parts.filter((part) => part.part === 'clause')).toHaveLength(library.get('anti-trafficking-mou').clauses.length)
    for (const template of library.ofKind('clause')) {
      const clause = renderClauseTemplate(library, template.id, style, parties, {}, () => null)
      clause.check()
      expect(clause.textContent).not.toMatch(/\{\{|\}\}/)
    }
  })

  it('speaks each style: "Article", "shall" and "Parties" in a treaty; "Paragraph", "will" and "Participants" in a memorandum', () => {
    const text = (style: 'mou' | 'treaty') => {
      const doc = renderInstrument(library, 'anti-trafficking-mou', style, parties, {})
      return documentParts(doc, numberDocument(doc, style), nameParties()).map((part) => `${part.label ?? ''} ${part.text}`).join('\n')
    }
    expect(text('treaty')).toMatch(/Article 19[\s\S]*shall[\s\S]*Parties/)
    expect(text('mou')).toMatch(/Paragraph 19[\s\S]*will[\s\S]*Participants/)
  })

  it('fills variables from the caller, then from defaults, and names a wrong or unknown one', () => {
    const doc = renderInstrument(library, 'anti-trafficking-mou', 'mou', parties, { responseDays: 21, duration: { years: 3 } })
    expect(doc.textContent).toContain('21 days')
    expect(doc.textContent).toMatch(/three|3/)
    expect(() => renderInstrument(library, 'anti-trafficking-mou', 'mou', parties, { planet: 'Mars' })).toThrow(
      /^variable "planet" is not used by template "anti-trafficking-mou"; it takes /,
    )
    expect(() => renderInstrument(library, 'anti-trafficking-mou', 'mou', parties, { duration: { years: 'five' } })).toThrow(
      'variable "duration.years" must be a whole number (got "five")',
    )
    expect(() => renderInstrument(library, 'anti-trafficking-mou', 'mou', parties, { 'partyA.name': 'x' })).toThrow(
      `variable "partyA.name" comes from the document's parties and cannot be set`,
    )
  })
})

describe('a library with mistakes', () => {
  /** Every copy a test made (a test may make several); all removed after it. */
  const directories: string[] = []
  afterEach(() => {
    for (const directory of directories.splice(0)) fs.rmSync(directory, { recursive: true, force: true })
  })

  /** A copy of the starter library with `file` replaced by `text`. */
  function libraryWith(file: string, text: string): string {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'counterpart-templates-'))
    directories.push(directory)
    fs.cpSync(path.join(process.cwd(), 'templates'), directory, { recursive: true })
    fs.writeFileSync(path.join(directory, file), text)
    return directory
  }

  const clauseFile = (body: string, frontMatter = '') => `---
id: costs
kind: clause
title: Costs
category: institutional
tag: Partnership
summary: Who pays.${frontMatter}
---

## treaty

# Costs

${body}

## mou

# Costs

Each Participant will bear its own costs.
`

  /** The problems reported in `file` (a file that does not parse leaves references to it dangling elsewhere too). */
  const problemsOf = (dir: string, file = 'clauses/costs.md'): string[] => {
    try {
      loadTemplateLibrary(dir)
    } catch (error) {
      if (error instanceof TemplateLibraryError) return error.problems.filter((problem) => problem.file === file).map((problem) => problem.message)
      throw error
    }
    return []
  }

  it('is refused with the file, line and variable of an unknown variable', () => {
    expect(problemsOf(libraryWith('clauses/costs.md', clauseFile('Each Party shall bear its costs within {{costDays}} days.')))).toEqual([
      'clauses/costs.md:14: variable {{costDays}} is not declared in the front matter (nor one of partyA.name, partyA.shortName, partyA.state, partyB.name, partyB.shortName, partyB.state, parties.name, parties.shortName, parties.state)',
    ])
  })

  it('is refused for a reference to no clause, a missing style, a bad tag and a numbered heading', () => {
    expect(problemsOf(libraryWith('clauses/costs.md', clauseFile('Costs follow {{ref:no-such-clause}}.')))).toEqual([
      'clauses/costs.md:14: {{ref:no-such-clause}} does not name a clause template',
    ])
    const broken = libraryWith('clauses/costs.md', clauseFile('x').replace(/## mou[\s\S]*$/, ''))
    expect(problemsOf(broken)).toEqual(['clauses/costs.md:16: the "## mou" section is missing'])
    expect(problemsOf(broken, 'instruments/anti-trafficking-mou.md')).toEqual(['instruments/anti-trafficking-mou.md:1: "costs" is not a clause template'])
    expect(problemsOf(libraryWith('clauses/costs.md', clauseFile('x').replace('tag: Partnership', 'tag: Punishment')))).toEqual([
      'clauses/costs.md:6: tag must be one of Policy, Prevention, Protection, Prosecution, Partnership (got "Punishment")',
    ])
    expect(problemsOf(libraryWith('clauses/costs.md', clauseFile('x').replace('# Costs', '# Article 14 Costs')))).toEqual([
      'clauses/costs.md:12: treaty style: headings carry no number: numbering is derived',
    ])
  })

  it('renders a variable without a default only when given, naming it otherwise', () => {
    const dir = libraryWith(
      'clauses/costs.md',
      clauseFile('Costs above {{ceiling}} are shared.', '\nvariables:\n  ceiling:\n    type: integer\n    description: Amount above which costs are shared.'),
    )
    const library = loadTemplateLibrary(dir)
    expect(() => renderClauseTemplate(library, 'costs', 'treaty', parties, {}, () => null)).toThrow(
      'variable "ceiling" needs a value (Amount above which costs are shared.; declared in clauses/costs.md)',
    )
    expect(renderClauseTemplate(library, 'costs', 'treaty', parties, { ceiling: 5000 }, () => null).textContent).toContain('Costs above 5000 are shared.')
  })
})
