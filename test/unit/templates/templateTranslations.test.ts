import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Node } from 'prosemirror-model'
import { afterEach, describe, expect, it } from 'vitest'
import { mouSchema } from '../../../server/vocabulary/schema.js'
import { instrumentStyles, parseTemplateFile, TemplateError, translationProblems } from '../../../server/templates/templateFile.js'
import { loadTemplateLibrary, TemplateLibraryError } from '../../../server/templates/templateLibrary.js'
import { untranslated } from '../../../server/mou/alignedTexts.js'
import { renderClauseTemplate, renderInstrument } from '../../../server/templates/templateRenderer.js'
import { starterLibrary } from '../../support/testServer.js'

const parties = ['TH', 'KH'] as const

/** Thai script, and text that a Thai section must not be: Latin words (variables and party names aside). */
const thai = /[\u0E00-\u0E7F]/

/**
 * The shape of a node with its text left out: node types, nested, and in
 * each text block its references (sorted: a translation may reorder them),
 * each named by `refName`.
 */
function typeTree(node: Node, refName: (clauseId: string | null) => string): string {
  if (node.isTextblock) {
    const refs: string[] = []
    node.forEach((child) => {
      if (child.type.name === 'clause_ref') refs.push(`ref:${refName(child.attrs.clauseId as string | null)}`)
    })
    return refs.length === 0 ? node.type.name : `${node.type.name}[${refs.sort().join(' ')}]`
  }
  const children: string[] = []
  node.forEach((child) => children.push(typeTree(child, refName)))
  return children.length === 0 ? node.type.name : `${node.type.name}(${children.join(' ')})`
}

/** The type tree of a document, references named by the position of the clause they point at (ids are fresh per rendering). */
function documentTree(doc: Node): string {
  const positions = new Map<string, number>()
  doc.forEach((child, _offset, index) => {
    if (child.type.name === 'clause') positions.set(child.attrs.id as string, index)
  })
  return typeTree(doc, (clauseId) => String(clauseId === null ? 'dangling' : positions.get(clauseId)))
}

/** The text of every text block of `node`, in order. */
function textBlocks(node: Node): string[] {
  const texts: string[] = []
  node.descendants((child) => {
    if (!child.isTextblock) return true
    texts.push(child.textContent)
    return false
  })
  return texts
}

const refByTemplate = (templateId: string) => `clause-of-${templateId}`

describe('the starter library in Thai', () => {
  const library = starterLibrary()
  const instrument = library.get('anti-trafficking-mou', 'instrument')
  const templates = [instrument, ...library.partsOf(instrument)]

  it('has a Thai text, not yet reviewed, in both styles of every file, and says so of the instrument', () => {
    expect(templates).toHaveLength(library.all().length)
    for (const template of library.all()) {
      for (const style of instrumentStyles) expect(template.translations[style].th, `${template.file} ${style} th`).toBeDefined()
      expect(template.unreviewed, template.file).toEqual(['th', 'km'])
    }
    for (const style of instrumentStyles) {
      expect(library.languagesOf(templates, style).find((language) => language.language === 'th')).toEqual({ language: 'th', complete: true, unreviewed: true })
    }
  })

  it.each(instrumentStyles)('renders every clause in Thai (%s style) with the English structure and Thai text', (style) => {
    for (const template of library.ofKind('clause')) {
      const english = renderClauseTemplate(library, template.id, style, parties, {}, refByTemplate)
      const translated = renderClauseTemplate(library, template.id, style, parties, {}, refByTemplate, 'th')
      translated.check()
      expect(typeTree(translated, String), template.file).toBe(typeTree(english, String))
      expect(translated.attrs.templateId).toBe(template.id)
      for (const text of textBlocks(translated)) expect(text, template.file).toMatch(thai)
      expect(translated.textContent).not.toMatch(/\{\{|\}\}|\*\*/)
    }
  })

  it.each(instrumentStyles)('renders the instrument in Thai (%s style) with the English structure, the same references and Thai text', (style) => {
    const english = renderInstrument(library, 'anti-trafficking-mou', style, parties, { responseDays: 21 })
    const translated = renderInstrument(library, 'anti-trafficking-mou', style, parties, { responseDays: 21 }, 'th')
    translated.check()
    expect(documentTree(translated)).toBe(documentTree(english))
    expect(documentTree(translated)).not.toContain('dangling')
    for (const text of textBlocks(translated)) expect(text).toMatch(thai)
    // Variables are language-neutral: the party names and values stay as given.
    // The parties are named by reference, in the reader's language and order.
    expect(translated.firstChild!.toJSON().content).toContainEqual({ type: 'party_ref', attrs: { party: '*', form: 'name', ychange: null } })
    expect(translated.textContent).toContain('21')
  })

  it('renders the working language when asked for it by name', () => {
    const english = renderClauseTemplate(library, 'costs', 'mou', parties, {}, refByTemplate)
    const named = renderClauseTemplate(library, 'costs', 'mou', parties, {}, refByTemplate, 'en')
    expect(typeTree(named, String)).toBe(typeTree(english, String))
    expect(textBlocks(named)).toEqual(textBlocks(english))
  })

  it('renders a language it has no text in as untranslated: the same structure, references kept, no text', () => {
    const english = renderInstrument(library, 'anti-trafficking-mou', 'treaty', parties, {})
    const untranslated = renderInstrument(library, 'anti-trafficking-mou', 'treaty', parties, {}, 'fr')
    untranslated.check()
    expect(documentTree(untranslated)).toBe(documentTree(english))
    expect(untranslated.textContent).toBe('')
    expect(untranslated.firstChild!.type.name).toBe('title')
    // References stay: they read in every language.
    expect(untranslated.firstChild!.toJSON().content).toEqual([{ type: 'party_ref', attrs: { party: '*', form: 'name', ychange: null } }])
    const clause = renderClauseTemplate(library, 'forms-of-cooperation', 'mou', parties, {}, refByTemplate, 'fr')
    expect(typeTree(clause, String)).toBe(typeTree(renderClauseTemplate(library, 'forms-of-cooperation', 'mou', parties, {}, refByTemplate), String))
    expect(clause.textContent).toBe('')
    expect(clause.attrs.templateId).toBe('forms-of-cooperation')
  })
})

describe('an untranslated copy', () => {
  const { node, text } = {
    node: (type: string, attrs: Record<string, unknown> | null, ...content: Node[]) => mouSchema.node(type, attrs, content),
    text: (value: string, ...marks: string[]) => mouSchema.text(value, marks.map((mark) => mouSchema.mark(mark))),
  }
  const ref = (clauseId: string) => mouSchema.node('clause_ref', { clauseId })

  it('empties every text block and keeps the blocks, their attributes and the references', () => {
    const clause = node(
      'clause',
      { id: 'c-1', templateId: 'costs' },
      node('clause_heading', null, text('Costs')),
      node('numbered_paragraph', null, node('paragraph', null, text('Subject to '), ref('c-9'), text(', each Party shall', 'strong'))),
      node('numbered_paragraph', null, node('paragraph', null, text('Lead-in:')), node('sub_paragraph', null, text('one;')), node('sub_paragraph', null, text('two.'))),
    )
    const copy = untranslated(clause)
    copy.check()
    expect(copy.toJSON()).toEqual({
      type: 'clause',
      attrs: clause.attrs,
      content: [
        { type: 'clause_heading', attrs: expect.any(Object) },
        { type: 'numbered_paragraph', attrs: expect.any(Object), content: [{ type: 'paragraph', attrs: expect.any(Object), content: [ref('c-9').toJSON()] }] },
        {
          type: 'numbered_paragraph',
          attrs: expect.any(Object),
          content: [
            { type: 'paragraph', attrs: expect.any(Object) },
            { type: 'sub_paragraph', attrs: expect.any(Object) },
            { type: 'sub_paragraph', attrs: expect.any(Object) },
          ],
        },
      ],
    })
    expect(clause.textContent).toBe('CostsSubject to , each Party shallLead-in:one;two.')
  })

  it('copies a whole document, and refuses a text node', () => {
    const doc = renderInstrument(starterLibrary(), 'anti-trafficking-mou', 'mou', parties, {})
    const copy = untranslated(doc)
    copy.check()
    expect(documentTree(copy)).toBe(documentTree(doc))
    expect(copy.textContent).toBe('')
    expect(() => untranslated(text('x'))).toThrow(RangeError)
  })
})

describe('a translation that does not match its style', () => {
  /** Every copy a test made; all removed after it. */
  const directories: string[] = []
  afterEach(() => {
    for (const directory of directories.splice(0)) fs.rmSync(directory, { recursive: true, force: true })
  })

  const costs = `---
id: costs
kind: clause
title: Costs
category: institutional
tag: Policy
summary: Who pays.
unreviewed: [th, km]
variables:
  ceiling:
    type: integer
    default: 5000
    description: Amount above which costs are shared.
---

## treaty

# Costs

1. Each Party shall bear its own costs.

1. Costs above {{ceiling}} shall be shared, subject to {{ref:confidentiality}} and {{ref:focal-points}}.

## treaty th

# ค่าใช้จ่าย

1. ภาคีแต่ละฝ่ายจะต้องรับผิดชอบค่าใช้จ่ายของตนเอง

1. ภายใต้บังคับ{{ref:focal-points}} และ{{ref:confidentiality}} ค่าใช้จ่ายที่เกิน {{ceiling}} จะต้องแบ่งกันรับผิดชอบ

## mou

# Costs

1. Each Participant will bear its own costs.

1. Costs above {{ceiling}} will be shared, subject to {{ref:confidentiality}} and {{ref:focal-points}}.

## mou km

# ការចំណាយ

1. (km) 1

1. (km) {{ceiling}} {{ref:confidentiality}} {{ref:focal-points}}
`

  /** The 1-based line of the first line of `text` that contains `needle`. */
  const lineOf = (text: string, needle: string) => text.split('\n').findIndex((line) => line.includes(needle)) + 1

  /** The problems of `text` as the costs clause: the first of its form, or else every one of its translations. */
  const problemsOf = (text: string): string[] => {
    try {
      return translationProblems(parseTemplateFile(text, 'clauses/costs.md')).map((problem) => problem.message)
    } catch (error) {
      if (error instanceof TemplateError) return [error.message]
      throw error
    }
  }

  /** A copy of the starter library with the costs clause replaced by `text`. */
  function libraryWith(text: string): string {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'counterpart-templates-'))
    directories.push(directory)
    fs.cpSync(path.join(process.cwd(), 'templates'), directory, { recursive: true })
    fs.writeFileSync(path.join(directory, 'clauses/costs.md'), text)
    return directory
  }

  it('is accepted with translations in any order of references and variables, in both styles, and rendered', () => {
    expect(problemsOf(costs)).toEqual([])
    const template = parseTemplateFile(costs, 'clauses/costs.md')
    expect(Object.keys(template.translations.treaty)).toEqual(['th'])
    expect(Object.keys(template.translations.mou)).toEqual(['km'])
    expect(template.unreviewed).toEqual(['th', 'km'])

    const library = loadTemplateLibrary(libraryWith(costs))
    const clause = renderClauseTemplate(library, 'costs', 'treaty', parties, { ceiling: 800 }, refByTemplate, 'th')
    expect(clause.textContent).toBe('ค่าใช้จ่ายภาคีแต่ละฝ่ายจะต้องรับผิดชอบค่าใช้จ่ายของตนเองภายใต้บังคับ และ ค่าใช้จ่ายที่เกิน 800 จะต้องแบ่งกันรับผิดชอบ')
    expect(renderClauseTemplate(library, 'costs', 'mou', parties, {}, refByTemplate, 'th').textContent).toBe('')
    expect(library.languagesOf([library.get('costs')])).toEqual([
      { language: 'km', complete: false, unreviewed: true },
      { language: 'th', complete: false, unreviewed: true },
    ])
    expect(library.languagesOf([library.get('costs')], 'treaty')).toEqual([{ language: 'th', complete: true, unreviewed: true }])
  })

  it('is refused with a paragraph fewer, naming the line where the text ends and the paragraph it lacks', () => {
    const text = costs.replace('\n1. ภายใต้บังคับ{{ref:focal-points}} และ{{ref:confidentiality}} ค่าใช้จ่ายที่เกิน {{ceiling}} จะต้องแบ่งกันรับผิดชอบ\n', '')
    expect(problemsOf(text)).toEqual([
      `clauses/costs.md:${lineOf(text, 'ภาคีแต่ละฝ่าย')}: treaty th: the text ends here, where the treaty text goes on with a numbered paragraph (line ${lineOf(text, 'Costs above')})`,
      // The variable went with the paragraph.
      `clauses/costs.md:${lineOf(text, '## treaty th')}: treaty th: {{ceiling}} is missing (the treaty text has it at line ${lineOf(text, 'Costs above')})`,
    ])
  })

  it('is refused with a paragraph of another kind, or one too many', () => {
    const plain = costs.replace('1. ภาคีแต่ละฝ่าย', 'ภาคีแต่ละฝ่าย')
    expect(problemsOf(plain)).toEqual([
      `clauses/costs.md:${lineOf(plain, 'ภาคีแต่ละฝ่าย')}: treaty th: a plain paragraph where the treaty text has a numbered paragraph (line ${lineOf(plain, 'Each Party')})`,
    ])
    const extra = costs.replace('## mou\n', '   (a) เพิ่มเติม\n\n## mou\n')
    expect(problemsOf(extra)).toEqual([
      `clauses/costs.md:${lineOf(extra, 'เพิ่มเติม')}: treaty th: a sub-paragraph with no counterpart: the treaty text ends at line ${lineOf(extra, 'Costs above')}`,
    ])
  })

  it('is refused with a reference missing, or moved to another block, naming the line', () => {
    const missing = costs.replace('ภายใต้บังคับ{{ref:focal-points}} และ', 'ภายใต้บังคับ')
    const line = lineOf(missing, 'ภายใต้บังคับ')
    expect(problemsOf(missing)).toEqual([
      `clauses/costs.md:${line}: treaty th: {{ref:confidentiality}} where the treaty text (line ${lineOf(missing, 'Costs above')}) has {{ref:confidentiality}}, {{ref:focal-points}}`,
    ])
    const moved = missing.replace('ของตนเอง', 'ของตนเอง ตาม{{ref:focal-points}}')
    expect(problemsOf(moved)).toEqual([
      `clauses/costs.md:${lineOf(moved, 'ภาคีแต่ละฝ่าย')}: treaty th: {{ref:focal-points}} where the treaty text (line ${lineOf(moved, 'Each Party')}) has no reference`,
      `clauses/costs.md:${line}: treaty th: {{ref:confidentiality}} where the treaty text (line ${lineOf(moved, 'Costs above')}) has {{ref:confidentiality}}, {{ref:focal-points}}`,
    ])
  })

  it('is refused with a variable missing or one the working text lacks', () => {
    const missing = costs.replace('ที่เกิน {{ceiling}} จะต้อง', 'ที่สูงจะต้อง')
    expect(problemsOf(missing)).toEqual([`clauses/costs.md:${lineOf(missing, '## treaty th')}: treaty th: {{ceiling}} is missing (the treaty text has it at line ${lineOf(missing, 'Costs above')})`])
    const added = costs.replace('ของตนเอง', 'ของตนเอง ({{partyA.name}})')
    expect(problemsOf(added)).toEqual([`clauses/costs.md:${lineOf(added, 'ภาคีแต่ละฝ่าย')}: treaty th: {{partyA.name}} is not in the treaty text`])
  })

  it('is refused out of place, twice, in the working language, or with a bad code or unreviewed list', () => {
    const early = costs.replace('## mou km', '## treaty km')
    expect(problemsOf(early)).toEqual([`clauses/costs.md:${lineOf(early, '## treaty km')}: "## treaty km" must follow "## treaty" (a style's translations come right after it)`])
    const twice = costs.replace('## mou km', '## mou km\n\n# ការចំណាយ\n\n## mou km')
    expect(problemsOf(twice)).toEqual([`clauses/costs.md:${twice.split('\n').lastIndexOf('## mou km') + 1}: a second "## mou km" section`])
    expect(problemsOf(costs.replace('## mou km', '## mou en'))).toEqual([
      `clauses/costs.md:${lineOf(costs, '## mou km')}: "## mou en": the text in the working language (en) is the "## mou" section itself`,
    ])
    expect(problemsOf(costs.replace('## mou km', '## mou Khmer'))).toEqual([`clauses/costs.md:${lineOf(costs, '## mou km')}: "## mou Khmer": "Khmer" is not a language code such as "th" or "km"`])
    expect(problemsOf(costs.replace('## mou km', '## mou km draft'))[0]).toMatch(/^clauses\/costs\.md:\d+: unknown section "## mou km draft"/)
    const untranslated = costs.replace(/## treaty th[\s\S]*?(?=## mou\n)/, '').replace(/## mou km[\s\S]*$/, '')
    const reversed = untranslated.replace('## treaty\n', '## first\n').replace('## mou\n', '## treaty\n').replace('## first\n', '## mou\n')
    expect(problemsOf(reversed)).toEqual([`clauses/costs.md:${lineOf(reversed, '## treaty')}: "## treaty" and its translations come before "## mou"`])
    expect(problemsOf(costs.replace('unreviewed: [th, km]', 'unreviewed: Thai'))).toEqual([
      `clauses/costs.md:${lineOf(costs, 'unreviewed')}: unreviewed must be a list of language codes, such as "[th, km]"`,
    ])
    expect(problemsOf(costs.replace('unreviewed: [th, km]', 'unreviewed: [th, th]'))).toEqual([`clauses/costs.md:${lineOf(costs, 'unreviewed')}: unreviewed: "th" is listed twice`])
  })

  /** Every problem the library reports when loading `directory`. */
  const libraryProblems = (directory: string): string[] => {
    try {
      loadTemplateLibrary(directory)
    } catch (error) {
      if (error instanceof TemplateLibraryError) return error.problems.map((problem) => problem.message)
      throw error
    }
    return []
  }

  it('is refused by the library for a placeholder in a translation that names nothing', () => {
    const text = costs.replaceAll('{{ref:focal-points}}', '{{ref:no-such-clause}}')
    const problem = (needle: string) => `clauses/costs.md:${lineOf(text, needle)}: {{ref:no-such-clause}} does not name a clause template`
    expect(libraryProblems(libraryWith(text))).toEqual([problem('Costs above'), problem('ภายใต้บังคับ'), problem('Costs above {{ceiling}} will'), problem('(km) {{ceiling}}')])
  })

  it('is listed by the library beside the other problems of the file, which still stands for the references to it', () => {
    const text = costs.replace('1. Each Party shall bear its own costs.', '1. Each Party shall bear its own costs, {{costShare}} apart.')
    const line = lineOf(text, 'Each Party shall')
    expect(libraryProblems(libraryWith(text))).toEqual([
      `clauses/costs.md:${lineOf(text, '## treaty th')}: treaty th: {{costShare}} is missing (the treaty text has it at line ${line})`,
      `clauses/costs.md:${line}: variable {{costShare}} is not declared in the front matter (nor one of partyA.name, partyA.shortName, partyA.state, partyB.name, partyB.shortName, partyB.state, parties.name, parties.shortName, parties.state)`,
    ])
  })

  it('reports the first difference in kinds of each translation, and every difference in references before it', () => {
    const text = costs
      .replace('1. ภาคีแต่ละฝ่าย', 'ภาคีแต่ละฝ่าย')
      .replace('(km) {{ceiling}} {{ref:confidentiality}} {{ref:focal-points}}', '(km) {{ceiling}} {{ref:confidentiality}}')
    expect(problemsOf(text)).toEqual([
      `clauses/costs.md:${lineOf(text, 'ภาคีแต่ละฝ่าย')}: treaty th: a plain paragraph where the treaty text has a numbered paragraph (line ${lineOf(text, 'Each Party')})`,
      `clauses/costs.md:${lineOf(text, '(km) {{ceiling}}')}: mou km: {{ref:confidentiality}} where the mou text (line ${lineOf(text, 'Costs above {{ceiling}} will')}) has {{ref:confidentiality}}, {{ref:focal-points}}`,
    ])
  })
})
