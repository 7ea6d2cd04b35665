/**
 * An Akoma Ntoso upload opened: one XML file, or a zip of them (one per
 * language), each decoded and parsed by a real XML parser, and the DOM
 * read through a few helpers. Every byte is treated as hostile: the
 * upload's size, the zip's directory (before anything is inflated), the
 * number of files and the depth of nesting (walked without recursion,
 * before anything else walks it) are bounded, a DOCTYPE is refused, and
 * what is refused is refused in words (`invalid`, or `too-large` for what
 * exceeds a bound), never half-read.
 */

import type { Element, Node as XmlNode } from '@xmldom/xmldom'
import { readPackedZip, unpackEntry, type ZipLimits } from '../export/zipArchive.js'
import { aknNamespace } from '../export/akomaNtosoNames.js'
import { invalid, tooLarge } from '../vocabulary/errors.js'
import { parseStrictXml } from './strictXml.js'

/** One AKN file of an upload: its name (for the report) and its XML. */
export interface AkomaNtosoFile {
  name: string
  xml: string
}

/** How much Akoma Ntoso the import reads. */
export interface AkomaNtosoLimits {
  /** Largest upload, an XML file or a zip of them, in bytes. */
  maxFileBytes: number
  /** Bounds on a zip's directory, checked before anything is inflated. */
  zip: ZipLimits
  /** Most expressions (XML files) in one zip. */
  maxFiles: number
  /** Largest XML file, unpacked, in bytes. */
  maxXmlBytes: number
  /** Most paragraphs in all the files together. */
  maxParagraphs: number
  /** Deepest nesting of elements. */
  maxDepth: number
}

/** What the import admits: a 40-page text in three languages is some 1.5 MiB of AKN; these admit several times that. */
export const akomaNtosoLimits: AkomaNtosoLimits = {
  maxFileBytes: 10 * 1024 * 1024,
  zip: { maxEntries: 64, maxEntryBytes: 16 * 1024 * 1024, maxTotalBytes: 48 * 1024 * 1024, maxRatio: 200 },
  maxFiles: 9,
  maxXmlBytes: 16 * 1024 * 1024,
  maxParagraphs: 5_000,
  maxDepth: 48,
}

/** The namespaces of Akoma Ntoso this reads: 3.0 (with its working drafts) and 2.0. */
const aknNamespaces = /^http:\/\/(docs\.oasis-open\.org\/legaldocml\/ns\/akn\/3\.0(\/WD\d+|\/CSD\d+)?|www\.akomantoso\.org\/[23]\.0)\/?$/
const zipSignature = [0x50, 0x4b, 0x03, 0x04]

/** Whether `bytes` open as a ZIP archive does (its first local header's signature). */
export const startsAsZip = (bytes: Uint8Array): boolean => zipSignature.every((byte, index) => bytes[index] === byte)

/**
 * The AKN files of an upload: `bytes` as one XML file named `name`, or, for
 * a zip, each of its entries ending in `.xml`, in name order. Throws a
 * CounterpartError: `too-large` beyond `limits`, `invalid` for a zip with
 * no XML file or a file that is not UTF-8 (or UTF-16 with its byte-order
 * mark).
 */
export function akomaNtosoFiles(bytes: Uint8Array, name = 'upload.xml', limits: AkomaNtosoLimits = akomaNtosoLimits): AkomaNtosoFile[] {
  if (bytes.length > limits.maxFileBytes) throw tooLarge(`the file is ${bytes.length} bytes; an Akoma Ntoso upload is at most ${limits.maxFileBytes}`)
  if (!startsAsZip(bytes)) return [{ name, xml: decodeXml(bytes, name, limits) }]
  const entries = readPackedZip(bytes, limits.zip).entries.filter((entry) => /\.xml$/i.test(entry.name) && !entry.name.endsWith('/'))
  if (entries.length === 0) throw invalid('the zip holds no .xml file: send an Akoma Ntoso XML file, or a zip of one per language')
  if (entries.length > limits.maxFiles) throw tooLarge(`the zip holds ${entries.length} XML files; an import reads at most ${limits.maxFiles}`)
  return entries.map((entry) => {
    if (entry.size > limits.maxXmlBytes) throw tooLarge(`${entry.name} is ${entry.size} bytes unpacked; an AKN file is read up to ${limits.maxXmlBytes}`)
    return { name: entry.name, xml: decodeXml(unpackEntry(entry), entry.name, limits) }
  })
}

/** `bytes` as text: UTF-8 (a byte-order mark dropped), or UTF-16 with its byte-order mark. */
function decodeXml(bytes: Uint8Array, name: string, limits: AkomaNtosoLimits): string {
  if (bytes.length > limits.maxXmlBytes) throw tooLarge(`${name} is ${bytes.length} bytes; an AKN file is read up to ${limits.maxXmlBytes}`)
  const encoding = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : 'utf-8'
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    throw invalid(`${name} is not ${encoding === 'utf-8' ? 'UTF-8' : 'UTF-16'} text: an Akoma Ntoso file is XML in UTF-8`)
  }
}

/**
 * `file` parsed, its document-type element (`doc`, `act` or `bill`). Throws
 * a CounterpartError: `invalid` for a file that is not well-formed XML,
 * declares a DOCTYPE, is not Akoma Ntoso or is another document type;
 * `too-large` beyond `limits`.
 */
export function documentElementOf(file: AkomaNtosoFile, limits: AkomaNtosoLimits): Element {
  if (file.xml.length > limits.maxXmlBytes) throw tooLarge(`${file.name} is ${file.xml.length} characters; an AKN file is read up to ${limits.maxXmlBytes}`)
  const parsed = parseStrictXml(file.xml, {
    malformed: (error) => `${file.name} is not well-formed XML: ${(error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)).slice(0, 200)}`,
    doctype: `${file.name} declares a DOCTYPE; an Akoma Ntoso file has none, and none is read`,
  })
  const root = parsed.documentElement
  if (!root || nameOf(root) !== 'akomaNtoso' || !aknNamespaces.test(root.namespaceURI ?? '')) {
    throw invalid(`${file.name} is not Akoma Ntoso: its root is <${nameOf(root) || 'nothing'}>${root?.namespaceURI ? ` in ${root.namespaceURI}` : ' in no namespace'}, not <akomaNtoso> in ${aknNamespace}`)
  }
  checkDepth(root, limits.maxDepth, file.name)
  const type = elements(root)[0]
  if (!type || !['doc', 'act', 'bill'].includes(nameOf(type))) {
    throw invalid(`${file.name} is an Akoma Ntoso <${nameOf(type) || 'nothing'}>: a draft is read from a doc, an act or a bill`)
  }
  return type
}

/** Throws too-large when elements nest deeper than `maxDepth` (walked without recursion, before anything else walks them). */
function checkDepth(root: Element, maxDepth: number, name: string): void {
  const stack: [Element, number][] = [[root, 1]]
  while (stack.length > 0) {
    const [element, depth] = stack.pop()!
    if (depth > maxDepth) throw tooLarge(`${name} nests elements ${depth} deep; an AKN file is read up to ${maxDepth}`)
    for (const child of elements(element)) stack.push([child, depth + 1])
  }
}

// ---------------------------------------------------------------------------
// the DOM, read

/** An element's local name ('' for none). */
export const nameOf = (element: Element | null | undefined): string => element?.localName ?? ''
export const isElement = (node: XmlNode | null): node is Element => node !== null && node.nodeType === 1
/** The element children of `element` (in its namespace or any: AKN files mix in none but their own and proprietary ones). */
export const elements = (element: Element): Element[] => Array.from(element.childNodes).filter(isElement)
export const child = (element: Element, name: string): Element | null => elements(element).find((candidate) => nameOf(candidate) === name) ?? null
/** The text under `element`, whitespace as one space, trimmed. */
export const textOf = (element: Element): string => (element.textContent ?? '').replace(/\s+/g, ' ').trim()

/** Every element under `root`, in document order (without recursion). */
export function descendants(root: Element): Element[] {
  const all: Element[] = []
  const stack = elements(root).reverse()
  while (stack.length > 0) {
    const element = stack.pop()!
    all.push(element)
    stack.push(...elements(element).reverse())
  }
  return all
}
