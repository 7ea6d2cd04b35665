/**
 * ZIP archives written byte for byte reproducibly: entries in a canonical
 * order (`[Content_Types].xml` first, then by name), every timestamp the
 * DOS epoch (1980-01-01 00:00, whatever the time zone), no extra fields,
 * deflate at a fixed level. The same entries always give the same bytes,
 * which is what lets a signing copy have one true SHA-256 and lets the
 * verifier tell a re-packed copy from the original.
 *
 * Archives are read with bounds: the central directory is read first and
 * checked against `ZipLimits` (entries, each entry's and the total size
 * unpacked, compression ratio) before a byte is inflated; each entry is
 * then inflated into at most the size its directory declares and checked
 * against that size and its CRC. A zip bomb costs the reader what its
 * directory admits to, never what its data would inflate to.
 */

import { crc32, inflateRawSync } from 'node:zlib'
import { Deflate, deflateSync } from 'fflate'
import { invalid, tooLarge } from '../vocabulary/errors.js'

export type ZipEntries = Record<string, Uint8Array>

/** How much an archive may hold; checked on its central directory, before anything is inflated. */
export interface ZipLimits {
  /** Most entries. */
  maxEntries: number
  /** Largest size of one entry unpacked, in bytes. */
  maxEntryBytes: number
  /** Largest size of all entries together unpacked, in bytes. */
  maxTotalBytes: number
  /**
   * Largest ratio of an entry's unpacked to its packed size, for entries
   * over 64 KiB (deflate reaches about 1,030:1 on a run of zeros; the XML
   * of a DOCX stays near 10:1).
   */
  maxRatio: number
}

/** What `readZip` admits unless told otherwise: bounded, and far beyond any document Counterpart writes. */
export const defaultZipLimits: ZipLimits = {
  maxEntries: 10_000,
  maxEntryBytes: 256 * 1024 * 1024,
  maxTotalBytes: 256 * 1024 * 1024,
  maxRatio: Infinity,
}

const localSignature = 0x04034b50
const centralSignature = 0x02014b50
const endSignature = 0x06054b50
const localHeaderBytes = 30
const centralHeaderBytes = 46
const endRecordBytes = 22
/** Entries up to this size are never bombs, whatever their ratio. */
const ratioFloorBytes = 64 * 1024
const methodStored = 0
const methodDeflate = 8
const flagEncrypted = 0x0001
const flagUtf8Names = 0x0800

const dosTime = 0
const dosDate = (0 << 9) | (1 << 5) | 1 // 1980-01-01

/** One entry of an archive as stored: its name, its data packed, and what its directory declares of the data unpacked. */
export interface PackedEntry {
  readonly name: string
  readonly nameBytes: Uint8Array
  /** 8 (deflate) for what `packZip` writes; 0 (stored) or 8 in what `readPackedZip` reads. */
  readonly method: number
  readonly checksum: number
  /** Bytes unpacked. */
  readonly size: number
  readonly compressed: Uint8Array
}

/** The entries of an archive, packed, in canonical order. */
export interface PackedZip {
  readonly entries: readonly PackedEntry[]
}

/** What the central directory says of one entry. */
interface DirectoryEntry {
  name: string
  nameBytes: Uint8Array
  method: number
  checksum: number
  compressedSize: number
  size: number
  localOffset: number
}

/**
 * The entries of a ZIP archive. Throws a CounterpartError: `too-large` when
 * its central directory declares more than `limits` allow; `invalid` when
 * the bytes are not a sound archive (see `readPackedZip`), or an entry does
 * not inflate to exactly the size and CRC its directory declares.
 */
export function readZip(bytes: Uint8Array, limits: ZipLimits = defaultZipLimits): ZipEntries {
  const entries: ZipEntries = {}
  for (const entry of readPackedZip(bytes, limits).entries) entries[entry.name] = unpackEntry(entry)
  return entries
}

/**
 * The entries of a ZIP archive, packed (nothing is inflated), in canonical
 * order. Throws a CounterpartError: `too-large` when its central directory
 * declares more than `limits` allow; `invalid` when the bytes are not a
 * sound archive: no end record, ZIP64, several disks, encryption, a method
 * other than stored and deflate, a name twice, entries that overlap or
 * disagree with their local headers.
 */
export function readPackedZip(bytes: Uint8Array, limits: ZipLimits = defaultZipLimits): PackedZip {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const { entries, directoryStart } = readDirectory(bytes, view, limits)
  return { entries: sortCanonically(locateData(bytes, view, entries, directoryStart)) }
}

/**
 * The data of `entry` unpacked: inflated into at most the size its directory
 * declares, then checked against that size and its CRC. Throws an `invalid`
 * CounterpartError when it does not match.
 */
export function unpackEntry(entry: PackedEntry): Uint8Array {
  let data: Uint8Array
  if (entry.method === methodStored) {
    data = entry.compressed.slice()
  } else {
    try {
      // One byte of room beyond the declared size: enough to tell that the data runs on.
      data = inflateRawSync(entry.compressed, { maxOutputLength: entry.size + 1 })
    } catch (error) {
      const runsOn = (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE'
      throw invalid(
        runsOn
          ? `${describe(entry)} of the ZIP archive inflates to more than the ${entry.size} bytes its directory declares`
          : `${describe(entry)} of the ZIP archive does not inflate: ${(error as Error).message}`,
      )
    }
  }
  if (data.length !== entry.size) {
    throw invalid(`${describe(entry)} of the ZIP archive inflates to ${data.length} bytes, not the ${entry.size} its directory declares`)
  }
  if (crc32(data) !== entry.checksum) throw invalid(`${describe(entry)} of the ZIP archive does not match its CRC`)
  // A plain array of its own, as callers compare and keep it (zlib answers with a Buffer that may share memory).
  return data instanceof Buffer ? new Uint8Array(data) : data
}

/** Reads the central directory and checks every limit on it, before any data is inflated. */
function readDirectory(bytes: Uint8Array, view: DataView, limits: ZipLimits): { entries: DirectoryEntry[]; directoryStart: number } {
  const end = findEndRecord(view)
  if (end < 0) throw invalid('the file is not a ZIP archive: it has no end of central directory record')
  const count = view.getUint16(end + 10, true)
  const directorySize = view.getUint32(end + 12, true)
  const directoryStart = view.getUint32(end + 16, true)
  const directoryEnd = directoryStart + directorySize
  if (view.getUint16(end + 4, true) !== 0 || view.getUint16(end + 6, true) !== 0 || view.getUint16(end + 8, true) !== count) {
    throw invalid('the ZIP archive spans several disks')
  }
  if (count === 0xffff || directorySize === 0xffffffff || directoryStart === 0xffffffff) throw invalid('the file is a ZIP64 archive, which is not read')
  if (count > limits.maxEntries) throw tooLarge(`the ZIP archive holds ${count} entries, more than the ${limits.maxEntries} accepted`)
  if (directoryEnd > end || count * centralHeaderBytes > directorySize) {
    throw invalid(`the ZIP archive's central directory (${count} entries in ${directorySize} bytes at ${directoryStart}) does not fit before its end record`)
  }
  const names = new Set<string>()
  const entries: DirectoryEntry[] = []
  let total = 0
  let at = directoryStart
  for (let index = 1; index <= count; index++) {
    if (at + centralHeaderBytes > directoryEnd || view.getUint32(at, true) !== centralSignature) {
      throw invalid(`the ZIP archive's central directory is cut or corrupt at entry ${index} of ${count}`)
    }
    const flags = view.getUint16(at + 8, true)
    const nameStart = at + centralHeaderBytes
    const nameBytes = bytes.subarray(nameStart, nameStart + view.getUint16(at + 28, true))
    const next = nameStart + nameBytes.length + view.getUint16(at + 30, true) + view.getUint16(at + 32, true)
    if (next > directoryEnd) throw invalid(`the ZIP archive's central directory is cut at entry ${index} of ${count}`)
    const name = decodeName(nameBytes, flags)
    const entry: DirectoryEntry = {
      name,
      nameBytes,
      method: view.getUint16(at + 10, true),
      checksum: view.getUint32(at + 16, true),
      compressedSize: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      localOffset: view.getUint32(at + 42, true),
    }
    const described = describe(entry)
    if (names.has(name)) throw invalid(`the ZIP archive holds ${described} twice`)
    if (flags & flagEncrypted) throw invalid(`${described} of the ZIP archive is encrypted`)
    if (entry.method !== methodStored && entry.method !== methodDeflate) {
      throw invalid(`${described} of the ZIP archive uses compression method ${entry.method} (only stored and deflate are read)`)
    }
    if (entry.method === methodStored && entry.size !== entry.compressedSize) {
      throw invalid(`${described} of the ZIP archive is stored, yet declares ${entry.size} bytes unpacked and ${entry.compressedSize} packed`)
    }
    if (entry.size > limits.maxEntryBytes) {
      throw tooLarge(`${described} of the ZIP archive unpacks to ${entry.size} bytes, more than the ${limits.maxEntryBytes} accepted for one entry`)
    }
    total += entry.size
    if (total > limits.maxTotalBytes) throw tooLarge(`the entries of the ZIP archive unpack to more than the ${limits.maxTotalBytes} bytes accepted in all`)
    if (entry.size > ratioFloorBytes && entry.size > entry.compressedSize * limits.maxRatio) {
      throw tooLarge(`${described} of the ZIP archive unpacks ${entry.compressedSize} bytes to ${entry.size}, beyond the ${limits.maxRatio}:1 accepted`)
    }
    names.add(name)
    entries.push(entry)
    at = next
  }
  return { entries, directoryStart }
}

/** The offset of the end of central directory record (the last one whose comment ends the file), or -1. */
function findEndRecord(view: DataView): number {
  const last = view.byteLength - endRecordBytes
  for (let at = last; at >= 0 && at >= last - 0xffff; at--) {
    if (view.getUint32(at, true) === endSignature && at + endRecordBytes + view.getUint16(at + 20, true) === view.byteLength) return at
  }
  return -1
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

function decodeName(nameBytes: Uint8Array, flags: number): string {
  if (!(flags & flagUtf8Names)) return String.fromCharCode(...nameBytes)
  try {
    return utf8.decode(nameBytes)
  } catch {
    throw invalid('the ZIP archive names an entry in invalid UTF-8')
  }
}

const describe = (entry: { name: string }) => `entry ${JSON.stringify(entry.name.slice(0, 200))}`

/**
 * Finds each entry's data behind its local header, which must name the same
 * entry with the same method; the data must lie before the central directory
 * and no two entries may share bytes (the overlapping-entries bomb).
 */
function locateData(bytes: Uint8Array, view: DataView, entries: DirectoryEntry[], directoryStart: number): PackedEntry[] {
  const located = entries.map((entry) => {
    const at = entry.localOffset
    if (at + localHeaderBytes > directoryStart || view.getUint32(at, true) !== localSignature) {
      throw invalid(`the local header of ${describe(entry)} of the ZIP archive is missing or corrupt`)
    }
    const nameStart = at + localHeaderBytes
    const localName = bytes.subarray(nameStart, Math.min(nameStart + view.getUint16(at + 26, true), directoryStart))
    if (view.getUint16(at + 8, true) !== entry.method || !sameBytes(localName, entry.nameBytes)) {
      throw invalid(`the local header of ${describe(entry)} of the ZIP archive disagrees with its central directory`)
    }
    const dataStart = nameStart + localName.length + view.getUint16(at + 28, true)
    if (dataStart + entry.compressedSize > directoryStart) throw invalid(`the data of ${describe(entry)} of the ZIP archive runs into its central directory`)
    return { entry, dataStart }
  })
  const inOrder = [...located].sort((a, b) => a.entry.localOffset - b.entry.localOffset)
  for (let index = 1; index < inOrder.length; index++) {
    const previous = inOrder[index - 1]!
    if (inOrder[index]!.entry.localOffset < previous.dataStart + previous.entry.compressedSize) {
      throw invalid(`${describe(inOrder[index]!.entry)} of the ZIP archive overlaps ${describe(previous.entry)}`)
    }
  }
  return located.map(({ entry, dataStart }) => ({
    name: entry.name,
    nameBytes: entry.nameBytes,
    method: entry.method,
    checksum: entry.checksum,
    size: entry.size,
    compressed: bytes.subarray(dataStart, dataStart + entry.compressedSize),
  }))
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index])
}

/** `entries` deflated, in canonical order. */
export function packZip(entries: ZipEntries): PackedZip {
  return { entries: sortCanonically(Object.keys(entries).map((name) => packEntry(name, entries[name]!))) }
}

/** `packed` with entry `name` replaced by (or added as) `data`; only that entry is deflated. */
export const withEntry = (packed: PackedZip, name: string, data: Uint8Array): PackedZip => withPackedEntry(packed, packEntry(name, data))

/** `packed` with `entry` in place of (or beside) the entry of its name. */
export function withPackedEntry(packed: PackedZip, entry: PackedEntry): PackedZip {
  return { entries: sortCanonically([...packed.entries.filter((candidate) => candidate.name !== entry.name), entry]) }
}

/** `data` deflated as `writeZip` stores it. */
export function packEntry(name: string, data: Uint8Array): PackedEntry {
  return { name, nameBytes: new TextEncoder().encode(name), method: methodDeflate, checksum: crc32(data), size: data.length, compressed: deflateSync(data, { level: 6 }) }
}

/**
 * Bytes deflated on their own and ended at a byte boundary (a sync flush,
 * with no final block), with their CRC-32 and length: pieces that, one
 * after the other, are the deflated data of their bytes one after the
 * other (`joinedEntry`). Deflating a long part in pieces lets the pieces
 * that did not change be kept deflated; each piece starts afresh (it never
 * refers back into the piece before it), so the same bytes always deflate
 * to the same piece, wherever it stands.
 */
export interface DeflatedPiece {
  readonly compressed: Uint8Array
  readonly checksum: number
  readonly size: number
}

/** `data` as a piece of a longer entry (see `DeflatedPiece`). */
export function deflatePiece(data: Uint8Array): DeflatedPiece {
  const chunks: Uint8Array[] = []
  const deflate = new Deflate({ level: 6 }, (chunk) => chunks.push(chunk))
  deflate.push(data, false)
  // Everything but the last, partly written byte, which fflate keeps as its state `s.r`: the bits written
  // (low three) and the byte (above them). Its own sync flush (0.8.3) writes the empty stored block at the
  // wrong place when that byte is not zero, so the block is written here.
  deflate.flush(false)
  const state = (deflate as unknown as { s?: { r?: number } }).s?.r ?? 0
  if (!Number.isInteger(state)) throw new Error('fflate no longer keeps its last byte as Deflate.s.r: deflatePiece must be rewritten')
  const bits = state & 7
  // An empty stored block: its three header bits (not final, stored) at `bits`, then to the byte boundary, LEN 0, NLEN 0xffff.
  const header = bits === 0 ? [0x00] : bits <= 5 ? [state >> 3] : [state >> 3, 0x00]
  chunks.push(new Uint8Array([...header, 0x00, 0x00, 0xff, 0xff]))
  return { compressed: concat(chunks), checksum: crc32(data), size: data.length }
}

/** A final, empty deflate block (fixed codes: BFINAL 1, BTYPE 01, end of block): what ends a run of sync-flushed pieces. */
const finalBlock = new Uint8Array([0x03, 0x00])

/** Entry `name` whose data is `pieces`' bytes one after the other, deflated as the pieces are (nothing is deflated again). */
export function joinedEntry(name: string, pieces: readonly DeflatedPiece[]): PackedEntry {
  let checksum = 0
  let size = 0
  for (const piece of pieces) {
    checksum = crc32Combine(checksum, piece.checksum, piece.size)
    size += piece.size
  }
  return { name, nameBytes: new TextEncoder().encode(name), method: methodDeflate, checksum, size, compressed: concat([...pieces.map((piece) => piece.compressed), finalBlock]) }
}

/**
 * The CRC-32 of bytes A then B from A's CRC, B's CRC and B's length
 * (zlib's `crc32_combine`: A's CRC multiplied by x^(8·length) modulo the
 * polynomial, then B's CRC added), so that pieces kept deflated need not
 * be read again to check the whole.
 */
export function crc32Combine(first: number, second: number, secondLength: number): number {
  return (multiplyModP(powerOfX(secondLength), first) ^ second) >>> 0
}

const polynomial = 0xedb88320
/** x^(2^n) modulo the polynomial (bit-reflected), n = 0..31. */
const powersOfX = (() => {
  const table = new Uint32Array(32)
  table[0] = 1 << 30 // x^1
  for (let n = 1; n < 32; n++) table[n] = multiplyModP(table[n - 1]!, table[n - 1]!)
  return table
})()

/** a·b modulo the CRC-32 polynomial, both bit-reflected. */
function multiplyModP(a: number, b: number): number {
  let product = 0
  for (let bit = 0x80000000; bit !== 0; bit >>>= 1) {
    if ((a & bit) !== 0) product ^= b
    b = (b & 1) !== 0 ? (b >>> 1) ^ polynomial : b >>> 1
  }
  return product >>> 0
}

/** x^(8·bytes) modulo the polynomial: the factor `bytes` zero bytes multiply a CRC by. */
function powerOfX(bytes: number): number {
  let power = 0x80000000 // x^0
  let n = 3 // 8 = 2^3 bits a byte
  for (let rest = bytes; rest > 0; rest = Math.floor(rest / 2), n++) {
    if (rest % 2 === 1) power = multiplyModP(powersOfX[n % 32]!, power)
  }
  return power
}

/** Open Packaging Conventions readers look for the content types first; then by name. */
function sortCanonically(entries: PackedEntry[]): PackedEntry[] {
  const rank = (name: string) => (name === '[Content_Types].xml' ? 0 : name === '_rels/.rels' ? 1 : 2)
  return entries.sort((a, b) => rank(a.name) - rank(b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

/** The canonical archive of `entries`. */
export const writeZip = (entries: ZipEntries): Uint8Array => zipBytes(packZip(entries))

/** The bytes of a packed archive. */
export const zipBytes = (packed: PackedZip): Uint8Array => concat(zipParts(packed))

/** The bytes of a packed archive as the pieces that, one after the other, make it up (to hash or compare without copying). */
export function zipParts(packed: PackedZip): Uint8Array[] {
  const locals: Uint8Array[] = []
  const centrals: Uint8Array[] = []
  let offset = 0
  for (const entry of packed.entries) {
    const local = new DataView(new ArrayBuffer(localHeaderBytes))
    local.setUint32(0, localSignature, true)
    writeEntryFields(local, 4, entry)
    local.setUint16(28, 0, true)
    const central = new DataView(new ArrayBuffer(centralHeaderBytes))
    central.setUint32(0, centralSignature, true)
    central.setUint16(4, 20, true)
    writeEntryFields(central, 6, entry)
    central.setUint32(42, offset, true)
    locals.push(new Uint8Array(local.buffer), entry.nameBytes, entry.compressed)
    centrals.push(new Uint8Array(central.buffer), entry.nameBytes)
    offset += localHeaderBytes + entry.nameBytes.length + entry.compressed.length
  }
  const centralSize = centrals.reduce((sum, part) => sum + part.length, 0)
  const end = new DataView(new ArrayBuffer(endRecordBytes))
  end.setUint32(0, endSignature, true)
  end.setUint16(8, packed.entries.length, true)
  end.setUint16(10, packed.entries.length, true)
  end.setUint32(12, centralSize, true)
  end.setUint32(16, offset, true)
  return [...locals, ...centrals, new Uint8Array(end.buffer)]
}

/**
 * The fields a local file header and its central directory entry share,
 * from "version needed to extract" to "file name length", written at `at`.
 */
function writeEntryFields(view: DataView, at: number, entry: PackedEntry): void {
  view.setUint16(at, 20, true)
  view.setUint16(at + 2, flagUtf8Names, true)
  view.setUint16(at + 4, entry.method, true)
  view.setUint16(at + 6, dosTime, true)
  view.setUint16(at + 8, dosDate, true)
  view.setUint32(at + 10, entry.checksum, true)
  view.setUint32(at + 14, entry.compressed.length, true)
  view.setUint32(at + 18, entry.size, true)
  view.setUint16(at + 22, entry.nameBytes.length, true)
}

function concat(parts: Uint8Array[]): Uint8Array {
  const result = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0))
  let at = 0
  for (const part of parts) {
    result.set(part, at)
    at += part.length
  }
  return result
}
