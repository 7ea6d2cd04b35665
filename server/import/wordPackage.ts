/**
 * A Word file as the import opens it: the package's central directory read
 * and bounded before a byte is inflated (`export/zipArchive.ts`), the main
 * document found through the package relationships, and beside it the parts
 * the import reads — styles, numbering definitions, comments and their
 * replies, footnotes and endnotes — each parsed by a real XML parser. Only
 * those parts are ever inflated, each only when its declared size is within
 * bounds: images and everything else stay packed. Every byte is treated as
 * hostile; what is refused is refused in words (`invalid`, or `too-large`
 * for what exceeds a bound), never half-read.
 */

import type { Document, Element } from '@xmldom/xmldom'
import { readPackedZip, unpackEntry, type PackedEntry, type ZipLimits } from '../export/zipArchive.js'
import { CounterpartError, invalid, tooLarge } from '../vocabulary/errors.js'
import { childElement, isAnyElement, isElement, parseXmlPart, strictWordNamespace } from './wordXml.js'

/** How much of a Word file the import reads. */
export interface WordLimits {
  /** Largest file accepted, in bytes. */
  maxFileBytes: number
  /** Bounds on the archive's directory, checked before anything is inflated. */
  zip: ZipLimits
  /** Largest main document part unpacked, in bytes. */
  maxDocumentPartBytes: number
  /** Largest other part read (styles, numbering, comments, notes) unpacked, in bytes. */
  maxPartBytes: number
  /** Most paragraphs (table cells' included) in the body. */
  maxParagraphs: number
  /** Most comments. */
  maxComments: number
  /** Deepest nesting of elements inside a paragraph, and of tables in tables. */
  maxDepth: number
}

/**
 * What the import admits: a 40-page bilingual draft is some 200 KiB packed
 * and 2 MiB of XML in 1,500 paragraphs; these admit several times that, and
 * bound the work of a request to reading at most 8 MiB of main document
 * (some 0.8 s of reading at the most, `npm run bench -- imports`; 5,000 paragraphs of a draft are
 * 1–5 MiB) and 4 MiB of each other part read (images and the rest are
 * never inflated). The ratio refuses in words what only a crafted archive
 * declares (deflate reaches about 1,030:1; a draft's repetitive XML 300:1).
 */
export const wordLimits: WordLimits = {
  maxFileBytes: 10 * 1024 * 1024,
  zip: { maxEntries: 1_000, maxEntryBytes: 64 * 1024 * 1024, maxTotalBytes: 256 * 1024 * 1024, maxRatio: 1_000 },
  maxDocumentPartBytes: 8 * 1024 * 1024,
  maxPartBytes: 4 * 1024 * 1024,
  maxParagraphs: 5_000,
  maxComments: 1_000,
  maxDepth: 32,
}

/** A relationship of the main document: another part, or an address outside the package. */
export interface Relationship {
  type: string
  /** The part's name in the package, or the external address. */
  target: string
  external: boolean
}

/** The parts of a Word file the import reads. */
export interface WordPackage {
  /** The main document's `w:body`. */
  body: Element
  /** The main document's relationships, by id (images, hyperlinks, headers…). */
  relationships: ReadonlyMap<string, Relationship>
  styles: Document | null
  numbering: Document | null
  comments: Document | null
  /** Word 2012's comment replies (`w15:commentEx`). */
  commentsExtended: Document | null
  footnotes: Document | null
  endnotes: Document | null
}

const officeDocument = '/officeDocument'
/** The last segment of each relationship type read, Word's and Strict's alike. */
const partTypes = { styles: '/styles', numbering: '/numbering', comments: '/comments', commentsExtended: '/commentsExtended', footnotes: '/footnotes', endnotes: '/endnotes' } as const

/**
 * Opens the Word file `bytes`. Throws a CounterpartError: `too-large` when
 * the file, its archive's directory or a part read exceeds `limits`;
 * `invalid` when it is not a ZIP archive, not a Word document (no main
 * document, Strict Open XML, no body), or a part read is not well-formed.
 */
export function readWordPackage(bytes: Uint8Array, limits: WordLimits = wordLimits): WordPackage {
  if (bytes.length === 0) throw invalid('the file is empty: send a Word document (.docx)')
  if (bytes.length > limits.maxFileBytes) throw tooLarge(`the file is ${bytes.length} bytes, more than the ${limits.maxFileBytes} accepted for a Word draft`)
  let entries: Map<string, PackedEntry>
  try {
    entries = new Map(readPackedZip(bytes, limits.zip).entries.map((entry) => [entry.name, entry]))
  } catch (error) {
    if (error instanceof CounterpartError) throw new CounterpartError(error.code, `the file is not a readable Word document (.docx): ${error.message}`)
    throw error
  }
  const read = (name: string, maxBytes: number): Document | null => {
    const entry = entries.get(name)
    if (!entry) return null
    if (entry.size > maxBytes) throw tooLarge(`part "${name}" of the Word file unpacks to ${entry.size} bytes, more than the ${maxBytes} accepted`)
    return parseXmlPart(name, unpackEntry(entry))
  }

  const packageRelationships = read('_rels/.rels', limits.maxPartBytes)
  if (packageRelationships === null) throw invalid('the file is a ZIP archive but not a Word document: it has no package relationships (_rels/.rels)')
  const main = [...relationshipsOf(packageRelationships, '').values()].find((relationship) => !relationship.external && relationship.type.endsWith(officeDocument))
  if (!main) throw invalid('the file is a ZIP archive but not a Word document: its relationships name no main document')
  const document = read(main.target, limits.maxDocumentPartBytes)
  if (document === null) throw invalid(`the Word file's main document "${main.target}" is missing from the archive`)
  const root = document.documentElement!
  if (isElement(root, 'document', strictWordNamespace)) throw invalid('the Word file is saved as Strict Open XML, which is not read: save it as a Word Document (.docx)')
  if (!isElement(root, 'document')) throw invalid(`the main document "${main.target}" is not a WordprocessingML document (its root is <${(root as Element).nodeName}>)`)
  const body = childElement(root, 'body')
  if (body === null) throw invalid(`the Word file has no body: its main document "${main.target}" holds no <w:body>`)

  const relationships = read(relationshipsPartOf(main.target), limits.maxPartBytes)
  const byId = relationships === null ? new Map<string, Relationship>() : relationshipsOf(relationships, folderOf(main.target))
  const part = (suffix: string): Document | null => {
    const relationship = [...byId.values()].find((candidate) => !candidate.external && candidate.type.endsWith(suffix))
    return relationship ? read(relationship.target, limits.maxPartBytes) : null
  }
  return {
    body,
    relationships: byId,
    styles: part(partTypes.styles),
    numbering: part(partTypes.numbering),
    comments: part(partTypes.comments),
    commentsExtended: part(partTypes.commentsExtended),
    footnotes: part(partTypes.footnotes),
    endnotes: part(partTypes.endnotes),
  }
}

/** `word/_rels/document.xml.rels` for `word/document.xml`. */
function relationshipsPartOf(name: string): string {
  const folder = folderOf(name)
  return `${folder}_rels/${name.slice(folder.length)}.rels`
}

/** The folder of a part's name, with its trailing slash ("" at the root). */
const folderOf = (name: string): string => name.slice(0, name.lastIndexOf('/') + 1)

/** The relationships in a `.rels` part, by id, their targets resolved against `folder`. */
function relationshipsOf(rels: Document, folder: string): Map<string, Relationship> {
  const found = new Map<string, Relationship>()
  const root = rels.documentElement!
  for (const element of isAnyElement(root) ? childElementsAnyNamespace(root, 'Relationship') : []) {
    const id = element.getAttribute('Id')
    const type = element.getAttribute('Type')
    const target = element.getAttribute('Target')
    if (!id || !type || !target) continue
    const external = element.getAttribute('TargetMode') === 'External'
    found.set(id, { type, target: external ? target : resolvePartName(folder, target), external })
  }
  return found
}

/** Children called `local` in any namespace (relationships have their own). */
function childElementsAnyNamespace(element: Element, local: string): Element[] {
  const found: Element[] = []
  for (let child = element.firstChild; child !== null; child = child.nextSibling) if (isAnyElement(child) && child.localName === local) found.push(child)
  return found
}

/** A relationship's target as a part name: absolute ("/word/x.xml") or relative to `folder`, ".." resolved, never above the root. */
function resolvePartName(folder: string, target: string): string {
  const segments = (target.startsWith('/') ? target.slice(1) : folder + target).split('/')
  const resolved: string[] = []
  for (const segment of segments) {
    if (segment === '..') resolved.pop()
    else if (segment !== '.' && segment !== '') resolved.push(segment)
  }
  return decodeURIComponentSafely(resolved.join('/'))
}

function decodeURIComponentSafely(name: string): string {
  try {
    return decodeURIComponent(name)
  } catch {
    return name
  }
}
