/**
 * What the Akoma Ntoso 3.0 schema and Naming Convention require of an AKN
 * `doc`, checked on the XML with a real parser (@xmldom/xmldom), each
 * problem in words: the root and its namespace; the order of the `doc`'s
 * parts and of `meta`'s; `meta/identification` complete — FRBR work,
 * expression and manifestation, each with its required properties in the
 * schema's order; the content model of hierarchical elements (`num`,
 * `heading`, then `content` alone, or `intro`, sub-levels, `wrapUp`);
 * every `eId` unique and well-formed; every local reference (`href`,
 * `refersTo`, `by`, `as`, `outcome`, `source` starting with `#`) naming an
 * eId of the document, every other `href` an AKN or ontology IRI; every
 * `alternativeTo` naming an eId; every workflow step dated and by someone.
 * And `xmllint --noout` for well-formedness, as a second parser.
 */

import { spawn } from 'node:child_process'
import { DOMParser, type Element } from '@xmldom/xmldom'
import { aknNamespace, eIdPattern } from '../../server/export/akomaNtosoNames.js'

/** Parses `xml` strictly: any error throws (xmldom's warnings, such as one for each U+FFFD, do not). */
export function parseAkn(xml: string): Element {
  const document = new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') throw new Error(`${level}: ${message}`)
    },
  }).parseFromString(xml, 'application/xml')
  return document.documentElement!
}

/** An element's local name. */
export const nameOf = (element: Element): string => element.localName ?? ''

/** The element children of `element`. */
export const childrenOf = (element: Element): Element[] => Array.from(element.childNodes).filter((node): node is Element => node.nodeType === 1)

/** Every element under `root`, `root` included, in document order. */
export function elementsOf(root: Element): Element[] {
  const all: Element[] = []
  const stack = [root]
  while (stack.length > 0) {
    const element = stack.pop()!
    all.push(element)
    stack.push(...childrenOf(element).reverse())
  }
  return all
}

/** The first element named `name` under `root` (document order), or null. */
export const firstOf = (root: Element, name: string): Element | null => elementsOf(root).find((element) => nameOf(element) === name) ?? null

/** Every element named `name` under `root`. */
export const allOf = (root: Element, name: string): Element[] => elementsOf(root).filter((element) => nameOf(element) === name)

/** A content model: a sequence of element names, each with how many times it may occur. */
type Sequence = readonly (readonly [name: string | readonly string[], min: number, max: number])[]

const unbounded = Infinity
const docSequence: Sequence = [
  ['meta', 1, 1],
  ['coverPage', 0, 1],
  ['preface', 0, 1],
  ['preamble', 0, 1],
  ['mainBody', 1, 1],
  ['conclusions', 0, 1],
  ['attachments', 0, 1],
  ['components', 0, 1],
]
const metaSequence: Sequence = [
  ['identification', 1, 1],
  ['publication', 0, 1],
  ['classification', 0, unbounded],
  ['lifecycle', 0, unbounded],
  ['workflow', 0, unbounded],
  ['analysis', 0, unbounded],
  ['temporalData', 0, unbounded],
  ['references', 0, unbounded],
  ['notes', 0, unbounded],
  ['proprietary', 0, unbounded],
  ['presentation', 0, unbounded],
]
const coreProperties: Sequence = [
  ['FRBRthis', 1, 1],
  ['FRBRuri', 1, unbounded],
  ['FRBRalias', 0, unbounded],
  ['FRBRdate', 1, unbounded],
  ['FRBRauthor', 1, unbounded],
  ['componentInfo', 0, 1],
  ['preservation', 0, 1],
]
const frbrSequences: Record<string, Sequence> = {
  FRBRWork: [
    ...coreProperties,
    ['FRBRcountry', 1, 1],
    ['FRBRsubtype', 0, 1],
    ['FRBRnumber', 0, unbounded],
    ['FRBRname', 0, unbounded],
    ['FRBRprescriptive', 0, 1],
    ['FRBRauthoritative', 0, 1],
  ],
  FRBRExpression: [
    ...coreProperties,
    ['FRBRversionNumber', 0, 1],
    ['FRBRauthoritative', 0, 1],
    ['FRBRmasterExpression', 0, 1],
    ['FRBRlanguage', 1, unbounded],
    ['FRBRtranslation', 0, unbounded],
  ],
  FRBRManifestation: [...coreProperties, ['FRBRportion', 0, 1], ['FRBRformat', 0, 1]],
}
/** The attributes each FRBR property must have. */
const requiredAttributes: Record<string, readonly string[]> = {
  identification: ['source'],
  FRBRthis: ['value'],
  FRBRuri: ['value'],
  FRBRalias: ['value', 'name'],
  FRBRdate: ['date', 'name'],
  FRBRauthor: ['href'],
  FRBRcountry: ['value'],
  FRBRsubtype: ['value'],
  FRBRnumber: ['value'],
  FRBRname: ['value'],
  FRBRversionNumber: ['value'],
  FRBRauthoritative: ['value'],
  FRBRmasterExpression: ['href'],
  FRBRlanguage: ['language'],
  FRBRformat: ['value'],
  workflow: ['source'],
  step: ['date', 'by'],
  references: ['source'],
  TLCOrganization: ['eId', 'href', 'showAs'],
  TLCPerson: ['eId', 'href', 'showAs'],
  TLCRole: ['eId', 'href', 'showAs'],
  TLCEvent: ['eId', 'href', 'showAs'],
  TLCConcept: ['eId', 'href', 'showAs'],
  proprietary: ['source'],
  ref: ['href'],
  inline: ['name'],
  container: ['name'],
  formula: ['name'],
  organization: ['refersTo'],
  person: ['refersTo'],
  role: ['refersTo'],
}

/** The hierarchical elements (the schema's `ANhier`), and what their content model is. */
const hierarchical = new Set(['clause', 'section', 'part', 'paragraph', 'chapter', 'title', 'article', 'book', 'tome', 'division', 'list', 'point', 'indent', 'alinea', 'rule', 'subrule', 'proviso', 'subsection', 'subpart', 'subparagraph', 'subchapter', 'subtitle', 'subdivision', 'subclause', 'sublist', 'level', 'transitional', 'hcontainer'])

/** Problems with `children` against `sequence`, in words naming `where`. */
function sequenceProblems(children: readonly Element[], sequence: Sequence, where: string): string[] {
  const problems: string[] = []
  let at = 0
  for (const [name, min, max] of sequence) {
    const names = typeof name === 'string' ? [name] : name
    let count = 0
    while (at < children.length && names.includes(nameOf(children[at]!)) && count < max) {
      count += 1
      at += 1
    }
    if (count < min) problems.push(`${where}: expected ${min === 1 ? 'a' : `at least ${min}`} <${names.join('|')}> at child ${at + 1}${at < children.length ? `, found <${nameOf(children[at]!)}>` : ''}`)
  }
  if (at < children.length) problems.push(`${where}: <${nameOf(children[at]!)}> (child ${at + 1}) is out of order or not allowed here`)
  return problems
}

/** The hierarchy content model: num?, heading?, subheading?, then content alone, or intro?, (hierarchical | crossHeading)*, wrapUp?. */
function hierarchyProblems(element: Element, where: string): string[] {
  const children = childrenOf(element)
  let at = 0
  for (const name of ['num', 'heading', 'subheading']) if (children[at]?.localName === name) at += 1
  const rest = children.slice(at)
  if (rest.length === 1 && nameOf(rest[0]!) === 'content') return []
  if (rest.some((child) => nameOf(child) === 'content')) return [`${where}: <content> must be the only child after num and heading`]
  let index = 0
  if (rest[index]?.localName === 'intro') index += 1
  while (index < rest.length && (hierarchical.has(nameOf(rest[index]!)) || nameOf(rest[index]!) === 'crossHeading')) index += 1
  if (rest[index]?.localName === 'wrapUp') index += 1
  if (index < rest.length) return [`${where}: <${nameOf(rest[index]!)}> is not allowed in a hierarchical element here`]
  if (rest.length === 0) return [`${where}: a hierarchical element needs content or sub-levels`]
  return []
}

const describe = (element: Element): string => `<${nameOf(element)}${element.getAttribute('eId') ? ` eId="${element.getAttribute('eId')}"` : ''}>`

/** A date as the schema's `date` attribute takes it: xsd:date or xsd:dateTime. */
const xsdDate = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?)?$/

/**
 * Everything the AKN 3.0 schema and Naming Convention would object to in
 * `xml`, an AKN `doc`, in words; empty when there is nothing. Throws when
 * `xml` is not well-formed.
 */
export function aknProblems(xml: string): string[] {
  const root = parseAkn(xml)
  const problems: string[] = []
  if (nameOf(root) !== 'akomaNtoso' || root.namespaceURI !== aknNamespace) problems.push(`the root is <${nameOf(root)}> in ${root.namespaceURI}, not <akomaNtoso> in ${aknNamespace}`)
  const [doc, ...extra] = childrenOf(root)
  if (!doc || nameOf(doc) !== 'doc' || extra.length > 0) return [...problems, 'akomaNtoso must hold exactly one <doc>']
  if (!doc.getAttribute('name')) problems.push('<doc> has no name')
  problems.push(...sequenceProblems(childrenOf(doc), docSequence, '<doc>'))
  const meta = childrenOf(doc).find((child) => nameOf(child) === 'meta')
  if (meta) {
    problems.push(...sequenceProblems(childrenOf(meta), metaSequence, '<meta>'))
    const identification = childrenOf(meta).find((child) => nameOf(child) === 'identification')
    if (identification) {
      problems.push(...sequenceProblems(childrenOf(identification), [['FRBRWork', 1, 1], ['FRBRExpression', 1, 1], ['FRBRManifestation', 1, 1], ['FRBRItem', 0, 1]], '<identification>'))
      for (const level of childrenOf(identification)) {
        const sequence = frbrSequences[nameOf(level)]
        if (sequence) problems.push(...sequenceProblems(childrenOf(level), sequence, `<${nameOf(level)}>`))
      }
    }
  }

  const all = elementsOf(root)
  for (const element of all) {
    for (const name of requiredAttributes[nameOf(element)] ?? []) {
      if (!element.getAttribute(name)) problems.push(`${describe(element)} has no ${name}`)
    }
    if ((nameOf(element) === 'FRBRdate' || nameOf(element) === 'step') && element.getAttribute('date') && !xsdDate.test(element.getAttribute('date')!)) {
      problems.push(`${describe(element)}: date "${element.getAttribute('date')}" is neither an xsd:date nor an xsd:dateTime`)
    }
    if (hierarchical.has(nameOf(element)) && element.parentNode && nameOf(element.parentNode as Element) !== 'meta') {
      problems.push(...hierarchyProblems(element, describe(element)))
    }
  }

  const eIds = new Map<string, number>()
  for (const element of all) {
    const eId = element.getAttribute('eId')
    if (eId === null) continue
    eIds.set(eId, (eIds.get(eId) ?? 0) + 1)
    if (!eIdPattern.test(eId)) problems.push(`eId "${eId}" is not well-formed`)
  }
  for (const [eId, count] of eIds) if (count > 1) problems.push(`eId "${eId}" is used ${count} times`)

  for (const element of all) {
    for (const attribute of ['href', 'refersTo', 'by', 'as', 'outcome', 'source']) {
      const value = element.getAttribute(attribute)
      if (value === null) continue
      for (const target of value.split(/\s+/).filter(Boolean)) {
        if (target.startsWith('#')) {
          if (!eIds.has(target.slice(1))) problems.push(`${describe(element)} ${attribute}="${target}" names no eId of the document`)
        } else if (attribute !== 'href' || !/^\/(akn|ontology)\//.test(target)) {
          problems.push(`${describe(element)} ${attribute}="${target}" is neither a local reference nor an AKN IRI`)
        }
      }
    }
    const alternativeTo = element.getAttribute('alternativeTo')
    if (alternativeTo !== null && !eIds.has(alternativeTo.replace(/^#/, ''))) problems.push(`${describe(element)} alternativeTo="${alternativeTo}" names no eId of the document`)
  }
  return problems
}

/** What `xmllint --noout` says of `xml` (empty when it is well-formed), from a real libxml2. */
export async function xmllintProblems(xml: string): Promise<string> {
  const child = spawn('xmllint', ['--noout', '-'], { stdio: ['pipe', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (chunk) => (stderr += chunk))
  child.stdin.end(xml)
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', resolve)
  })
  return code === 0 ? stderr : `xmllint exited ${code}: ${stderr}`
}
