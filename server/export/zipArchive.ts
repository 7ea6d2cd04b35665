/**
 * ZIP archives written byte for byte reproducibly: entries in a canonical
 * order (`[Content_Types].xml` first, then by name), every timestamp the
 * DOS epoch (1980-01-01 00:00, whatever the time zone), no extra fields,
 * deflate at a fixed level. The same entries always give the same bytes,
 * which is what lets a signing copy have one true SHA-256 and lets the
 * verifier tell a re-packed copy from the original.
 */

import { crc32 } from 'node:zlib'
import { deflateSync, unzipSync } from 'fflate'

export type ZipEntries = Record<string, Uint8Array>

const dosTime = 0
const dosDate = (0 << 9) | (1 << 5) | 1 // 1980-01-01
const utf8Names = 0x0800

/** The entries of a ZIP archive. Throws on anything that is not one. */
export function readZip(bytes: Uint8Array): ZipEntries {
  return unzipSync(bytes)
}

/** The canonical archive of `entries`. */
/**
 * The fields a local file header and its central directory entry share,
 * from "version needed to extract" to "file name length", written at `at`.
 */
function writeEntryFields(view: DataView, at: number, entry: { checksum: number; compressedSize: number; size: number; nameLength: number }): void {
  view.setUint16(at, 20, true)
  view.setUint16(at + 2, utf8Names, true)
  view.setUint16(at + 4, 8, true)
  view.setUint16(at + 6, dosTime, true)
  view.setUint16(at + 8, dosDate, true)
  view.setUint32(at + 10, entry.checksum, true)
  view.setUint32(at + 14, entry.compressedSize, true)
  view.setUint32(at + 18, entry.size, true)
  view.setUint16(at + 22, entry.nameLength, true)
}

export function writeZip(entries: ZipEntries): Uint8Array {
  const names = Object.keys(entries).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0))
  const locals: Uint8Array[] = []
  const centrals: Uint8Array[] = []
  let offset = 0
  for (const name of names) {
    const data = entries[name]!
    const nameBytes = new TextEncoder().encode(name)
    const compressed = deflateSync(data, { level: 6 })
    const checksum = crc32(data)
    const entry = { checksum, compressedSize: compressed.length, size: data.length, nameLength: nameBytes.length }
    const local = new DataView(new ArrayBuffer(30))
    local.setUint32(0, 0x04034b50, true)
    writeEntryFields(local, 4, entry)
    local.setUint16(28, 0, true)
    const central = new DataView(new ArrayBuffer(46))
    central.setUint32(0, 0x02014b50, true)
    central.setUint16(4, 20, true)
    writeEntryFields(central, 6, entry)
    central.setUint32(42, offset, true)
    locals.push(new Uint8Array(local.buffer), nameBytes, compressed)
    centrals.push(new Uint8Array(central.buffer), nameBytes)
    offset += 30 + nameBytes.length + compressed.length
  }
  const centralSize = centrals.reduce((sum, part) => sum + part.length, 0)
  const end = new DataView(new ArrayBuffer(22))
  end.setUint32(0, 0x06054b50, true)
  end.setUint16(8, names.length, true)
  end.setUint16(10, names.length, true)
  end.setUint32(12, centralSize, true)
  end.setUint32(16, offset, true)
  return concat([...locals, ...centrals, new Uint8Array(end.buffer)])
}

/** Open Packaging Conventions readers look for the content types first. */
const rank = (name: string) => (name === '[Content_Types].xml' ? 0 : name === '_rels/.rels' ? 1 : 2)

function concat(parts: Uint8Array[]): Uint8Array {
  const result = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0))
  let at = 0
  for (const part of parts) {
    result.set(part, at)
    at += part.length
  }
  return result
}
