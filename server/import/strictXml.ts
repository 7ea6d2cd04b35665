/**
 * XML as the readers parse it, every byte treated as hostile: a real XML
 * parser (@xmldom/xmldom, namespaces resolved) that stops at the first
 * error (its warnings, such as a U+FFFD in the text, read on), and a
 * document type refused, since a draft's XML has none and one could only be
 * there to define entities. Each reader says the refusals in its own words.
 */

import { DOMParser, type Document } from '@xmldom/xmldom'
import { invalid } from '../vocabulary/errors.js'

/** How a reader words the refusal of XML that is not well-formed (from what the parser threw), and of a document type. */
export interface XmlRefusals {
  malformed: (error: unknown) => string
  doctype: string
}

/** `text` parsed. Throws an `invalid` CounterpartError in `refusals`' words when it is not well-formed or declares a document type. */
export function parseStrictXml(text: string, refusals: XmlRefusals): Document {
  let document: Document
  try {
    document = new DOMParser({
      locator: false,
      onError: (level, message) => {
        if (level !== 'warning') throw new Error(message)
      },
    }).parseFromString(text, 'application/xml')
  } catch (error) {
    throw invalid(refusals.malformed(error))
  }
  if (document.doctype !== null) throw invalid(refusals.doctype)
  return document
}
