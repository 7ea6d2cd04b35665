/**
 * Turning a docx `Document` into bytes that depend only on its content:
 * docx writes the current time into `docProps/core.xml` and fflate the
 * packing time (in local time) into every ZIP entry. The core dates are
 * set to the date the caller fixes (a revision's), and the archive is
 * re-packed by `zipArchive.ts`, which writes no time at all. Where docx
 * writes elements in an order the schema forbids and Word enforces, the
 * package is put right here (a tracked paragraph mark's `w:ins`/`w:del`
 * first in its run properties).
 */

import { Packer, type Document } from 'docx'
import type { PiecedBody } from './bodyPieces.js'
import { packEntry, packZip, unpackEntry, withPackedEntry, zipBytes, type PackedZip, type ZipEntries } from './zipArchive.js'

/** A DOCX as the API sends it: its bytes, their SHA-256 (hex) and the file name to save it as. */
export interface ExportedFile {
  bytes: Uint8Array
  sha256: string
  filename: string
}

const decoder = new TextDecoder()
const encoder = new TextEncoder()
const body = 'word/document.xml'

/**
 * The parts docx writes for `document`, by path, as its compiler gives them
 * to be zipped: zipping them there (every part deflated) only to inflate
 * them here cost as much as writing them. docx 9 exports no compiler; the
 * one `Packer` zips with is its static `compiler` (docx is pinned).
 */
function partsOf(document: Document): ZipEntries {
  const compiler = (Packer as unknown as { compiler?: { compile?: (file: Document) => Map<string, string | Uint8Array> } }).compiler
  if (typeof compiler?.compile !== 'function') throw new Error('docx no longer keeps its compiler as Packer.compiler: packDocx must be rewritten')
  const entries: ZipEntries = {}
  for (const [path, data] of compiler.compile(document)) entries[path] = typeof data === 'string' ? encoder.encode(data) : data
  return entries
}

/**
 * The parts of `document`, packed, with `date` as its creation and
 * modification date; with `pieces`, the body is written from the pieces
 * the document was built with (see `bodyPieces.ts`).
 */
export function packDocx(document: Document, date: Date, pieces: PiecedBody | null = null): PackedZip {
  const entries = partsOf(document)
  const stamp = date.toISOString().replace(/\.\d{3}Z$/, 'Z')
  const core = decoder.decode(entries['docProps/core.xml'])
  entries['docProps/core.xml'] = encoder.encode(
    core
      .replace(/(<dcterms:created[^>]*>)[^<]*(<\/dcterms:created>)/, `$1${stamp}$2`)
      .replace(/(<dcterms:modified[^>]*>)[^<]*(<\/dcterms:modified>)/, `$1${stamp}$2`),
  )
  const xml = withTrackedMarksFirst(decoder.decode(entries[body]))
  delete entries[body]
  return withPackedEntry(packZip(entries), pieces === null ? packEntry(body, encoder.encode(xml)) : pieces.pack(body, xml))
}

/**
 * `xml` with the tracked-change elements of every paragraph mark
 * (`w:ins`, `w:del`, `w:moveFrom`, `w:moveTo` in a `w:pPr`'s `w:rPr`)
 * moved to the front of those run properties, where ECMA-376 puts them;
 * docx writes them after the formatting.
 */
export function withTrackedMarksFirst(xml: string): string {
  return xml.replace(/<w:pPr>((?:(?!<\/w:pPr>)[\s\S])*?)<w:rPr>((?:(?!<\/w:rPr>)[\s\S])*)<\/w:rPr>/g, (whole, before: string, properties: string) => {
    const tracked = properties.match(/<w:(?:ins|del|moveFrom|moveTo)\b[^>]*\/>/g)
    if (!tracked) return whole
    return `<w:pPr>${before}<w:rPr>${tracked.join('')}${properties.replace(/<w:(?:ins|del|moveFrom|moveTo)\b[^>]*\/>/g, '')}</w:rPr>`
  })
}

/** The bytes of a package. */
export const docxBytes = (packed: PackedZip): Uint8Array => zipBytes(packed)

/** The text of one part, or null. */
export function partText(packed: PackedZip, name: string): string | null {
  const entry = packed.entries.find((candidate) => candidate.name === name)
  return entry ? decoder.decode(unpackEntry(entry)) : null
}
