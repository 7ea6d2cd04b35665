/**
 * The XML of a Word package as the import walks it: parts parsed by a real
 * XML parser (@xmldom/xmldom, namespaces resolved), refusing what Word never
 * writes (a document type declaration, bytes that are not UTF-8), and the
 * WordprocessingML elements and attributes found by namespace and local
 * name, whatever prefix the writer chose.
 */

import type { Document, Element, Node } from '@xmldom/xmldom'
import { invalid } from '../vocabulary/errors.js'
import { parseStrictXml } from './strictXml.js'

/** WordprocessingML's namespace (transitional, as Word, LibreOffice and docx write it). */
export const wordNamespace = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
/** The same, in Strict Open XML, which the import does not read. */
export const strictWordNamespace = 'http://purl.oclc.org/ooxml/wordprocessingml/main'
/** Word 2010's and 2012's additions: paragraph ids, and comment replies. */
export const word2010Namespace = 'http://schemas.microsoft.com/office/word/2010/wordml'
export const word2012Namespace = 'http://schemas.microsoft.com/office/word/2012/wordml'

const utf8 = new TextDecoder('utf-8', { fatal: true })
const elementNode = 1

/**
 * The XML document in `bytes`, part `name` of the package. Throws an
 * `invalid` CounterpartError naming the part when the bytes are not UTF-8,
 * not well-formed XML, or declare a document type.
 */
export function parseXmlPart(name: string, bytes: Uint8Array): Document {
  let text: string
  try {
    text = utf8.decode(bytes)
  } catch {
    throw invalid(`part "${name}" of the Word file is not UTF-8 text`)
  }
  const document = parseStrictXml(text, {
    malformed: (error) => `part "${name}" of the Word file is not well-formed XML: ${String((error as Error).message).split('\n')[0]!.slice(0, 200)}`,
    doctype: `part "${name}" of the Word file declares a document type, which Word never writes`,
  })
  if (document.documentElement === null) throw invalid(`part "${name}" of the Word file holds no XML element`)
  return document
}

/** Whether `node` is the element `local` of `namespace` (WordprocessingML's unless given). */
export function isElement(node: Node | null, local: string, namespace = wordNamespace): node is Element {
  return node !== null && node.nodeType === elementNode && (node as Element).localName === local && (node as Element).namespaceURI === namespace
}

/** Whether `node` is an element at all. */
export const isAnyElement = (node: Node | null): node is Element => node !== null && node.nodeType === elementNode

/** The child elements of `element`, in order (of `local` in WordprocessingML's namespace when given). */
export function childElements(element: Element, local?: string): Element[] {
  const found: Element[] = []
  for (let child = element.firstChild; child !== null; child = child.nextSibling) {
    if (!isAnyElement(child)) continue
    if (local === undefined || isElement(child, local)) found.push(child)
  }
  return found
}

/** The first child element `local` of `element` in WordprocessingML's namespace, or null. */
export function childElement(element: Element | null, local: string): Element | null {
  if (element === null) return null
  for (let child = element.firstChild; child !== null; child = child.nextSibling) if (isElement(child, local)) return child
  return null
}

/** Attribute `local` of `element` in WordprocessingML's namespace (`w:val`), or null. */
export function wordAttribute(element: Element | null, local = 'val', namespace = wordNamespace): string | null {
  if (element === null) return null
  return element.hasAttributeNS(namespace, local) ? element.getAttributeNS(namespace, local) : null
}

/** The value (`w:val`) of child `local` of `element`, or null when there is no such child. */
export function childValue(element: Element | null, local: string): string | null {
  return wordAttribute(childElement(element, local))
}

/**
 * Whether a toggle property (`w:b`, `w:i`) child `local` of run properties
 * `properties` is on: present and not "0", "false" or "off"; null when absent.
 */
export function toggle(properties: Element | null, local: string): boolean | null {
  const element = childElement(properties, local)
  if (element === null) return null
  const value = wordAttribute(element)
  return value === null || !['0', 'false', 'off'].includes(value)
}

/** The text of every `w:t` (and `w:delText`) under `element`, tabs and breaks as spaces, no deeper than `maxDepth`. */
export function plainTextOf(element: Element, maxDepth = 64): string {
  let text = ''
  const walk = (node: Element, depth: number) => {
    if (depth > maxDepth) throw invalid(`the Word file nests its elements more than ${maxDepth} deep`)
    for (let child = node.firstChild; child !== null; child = child.nextSibling) {
      if (!isAnyElement(child)) continue
      if (isElement(child, 't') || isElement(child, 'delText')) text += child.textContent ?? ''
      else if (isElement(child, 'tab') || isElement(child, 'br') || isElement(child, 'cr')) text += ' '
      else {
        if (isElement(child, 'p') && text !== '') text += '\n'
        walk(child, depth + 1)
      }
    }
  }
  walk(element, 0)
  return text
}
