/**
 * A document's body written in pieces, each kept by what it renders: a
 * long instrument's export costs what changed in it, not its length.
 *
 * A piece is what one clause of one language text renders to (a run of
 * `w:p` elements). The exporter describes each piece as plain data — every
 * paragraph's style and every run's text and look, everything its XML
 * depends on — and the piece is kept under the SHA-256 of that
 * description, already deflated (`DeflatedPiece`). Building the docx
 * document, a piece found in the cache stands as one marker paragraph; a
 * piece not found is built as before, between two markers. Once docx has
 * written `word/document.xml`, `PiecedBody.pack` cuts it at the markers:
 * new pieces are deflated and kept, kept pieces take their markers' place,
 * and the text between pieces is deflated afresh (it is short). The entry
 * is the pieces joined (`joinedEntry`), never deflated whole.
 *
 * The bytes do not depend on the cache: a piece deflates to the same bytes
 * whenever it is made, and pieces stand where the document's structure
 * puts them. Markers carry a random word drawn for each export, which no
 * text of the document can hold.
 */

import { createHash, randomBytes } from 'node:crypto'
import { Paragraph, TextRun } from 'docx'
import { deflatePiece, joinedEntry, type DeflatedPiece, type PackedEntry } from './zipArchive.js'

/** Pieces kept by the hash of what they render, the least recently used going first once they hold more than `maxBytes` deflated. */
export class PieceCache {
  private readonly pieces = new Map<string, DeflatedPiece>()
  private bytes = 0

  constructor(private readonly maxBytes: number = 32 * 1024 * 1024) {}

  get(key: string): DeflatedPiece | undefined {
    const piece = this.pieces.get(key)
    if (piece) {
      this.pieces.delete(key)
      this.pieces.set(key, piece)
    }
    return piece
  }

  set(key: string, piece: DeflatedPiece): void {
    if (piece.compressed.length > this.maxBytes) return
    const known = this.pieces.get(key)
    if (known) this.bytes -= known.compressed.length
    this.pieces.delete(key)
    this.pieces.set(key, piece)
    this.bytes += piece.compressed.length
    for (const [oldest, kept] of this.pieces) {
      if (this.bytes <= this.maxBytes) break
      this.pieces.delete(oldest)
      this.bytes -= kept.compressed.length
    }
  }

  /** How many pieces are kept (for tests and the bench). */
  get size(): number {
    return this.pieces.size
  }
}

/** The key a piece is kept by: the SHA-256 of its description, which must be everything its rendered XML depends on. */
export const pieceKey = (description: unknown): string => createHash('sha256').update(JSON.stringify(description)).digest('base64')

interface Slot {
  key: string
  /** The piece as kept when the body was built (held here: the cache may let it go before `pack`). */
  kept: DeflatedPiece | undefined
}

const encoder = new TextEncoder()

/** One export's body: its pieces, in order, and the markers that stand for them in docx's XML. */
export class PiecedBody {
  private readonly word = randomBytes(12).toString('hex')
  private readonly slots: Slot[] = []

  constructor(private readonly cache: PieceCache) {}

  /**
   * What stands in the docx body for the piece of `key` (`pieceKey` of its
   * description): a marker when the piece is kept, else `render()` between
   * markers.
   */
  piece<T>(key: string, render: () => T[]): (T | Paragraph)[] {
    const index = this.slots.length
    const kept = this.cache.get(key)
    this.slots.push({ key, kept })
    if (kept) return [this.marker(index, 'kept')]
    return [this.marker(index, 'begin'), ...render(), this.marker(index, 'end')]
  }

  /** Entry `name` (docx's `word/document.xml`, as `xml`) with every piece in its place; new pieces are kept. */
  pack(name: string, xml: string): PackedEntry {
    const parts: DeflatedPiece[] = []
    const between = (from: number, to: number) => {
      if (to > from) parts.push(deflatePiece(encoder.encode(xml.slice(from, to))))
    }
    let at = 0
    this.slots.forEach((slot, index) => {
      if (slot.kept) {
        const [start, end] = this.find(xml, index, 'kept', at)
        between(at, start)
        parts.push(slot.kept)
        at = end
        return
      }
      const [start, afterBegin] = this.find(xml, index, 'begin', at)
      const [beforeEnd, end] = this.find(xml, index, 'end', afterBegin)
      between(at, start)
      const piece = deflatePiece(encoder.encode(xml.slice(afterBegin, beforeEnd)))
      this.cache.set(slot.key, piece)
      parts.push(piece)
      at = end
    })
    between(at, xml.length)
    return joinedEntry(name, parts)
  }

  private marker(index: number, kind: 'kept' | 'begin' | 'end'): Paragraph {
    return new Paragraph({ children: [new TextRun(`${this.word}:${index}:${kind}`)] })
  }

  /** Where marker paragraph (`index`, `kind`) starts and ends in `xml`, looking from `from`. */
  private find(xml: string, index: number, kind: string, from: number): [number, number] {
    const text = `<w:t xml:space="preserve">${this.word}:${index}:${kind}</w:t>`
    const at = xml.indexOf(text, from)
    const start = xml.lastIndexOf(markerOpening, at)
    if (at < 0 || start < 0 || start + markerOpening.length !== at || !xml.startsWith(markerClosing, at + text.length)) {
      throw new Error(`piece ${index} (${kind}) has no marker paragraph in the document's XML`)
    }
    return [start, at + text.length + markerClosing.length]
  }
}

/** How docx writes a marker paragraph around its text. */
const markerOpening = '<w:p><w:r>'
const markerClosing = '</w:r></w:p>'
