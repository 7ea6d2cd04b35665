/**
 * ZIP archives as an attacker writes them: every field of the directory
 * chosen by the caller, true or not, and deflated runs of zeros (the
 * classic bomb) made without holding them unpacked.
 */

import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib'

export interface CraftedEntry {
  name: string
  /** The data as it lies in the archive (deflated unless `method` is 0). */
  packed: Uint8Array
  /** The unpacked size both headers declare. */
  size: number
  /** The CRC both headers declare. */
  checksum: number
  /** 8 (deflate) unless given. */
  method?: number
  /** General purpose flags; UTF-8 names unless given. */
  flags?: number
  /** The name the local header gives, when it is to disagree with the directory. */
  localName?: string
  /** Where the directory says the local header is, when it is to lie (e.g. point two entries at one header). */
  localOffset?: number
}

/** An honest entry: `data` deflated, with its true size and CRC. */
export function honestEntry(name: string, data: Uint8Array): CraftedEntry {
  return { name, packed: deflateRawSync(data), size: data.length, checksum: crc32(data) }
}

/** `size` zero bytes deflated (about 1,000:1), with their true size and CRC; made a MiB at a time. */
export async function deflatedZeros(size: number): Promise<{ packed: Uint8Array; size: number; checksum: number }> {
  const chunk = Buffer.alloc(Math.min(size, 1024 * 1024))
  const deflate = createDeflateRaw({ level: 9 })
  const parts: Buffer[] = []
  deflate.on('data', (part: Buffer) => parts.push(part))
  const ended = new Promise((resolve, reject) => deflate.on('end', resolve).on('error', reject))
  let checksum = 0
  for (let written = 0; written < size; written += chunk.length) {
    const piece = chunk.subarray(0, Math.min(chunk.length, size - written))
    checksum = crc32(piece, checksum)
    if (!deflate.write(piece)) await new Promise((resolve) => deflate.once('drain', resolve))
  }
  deflate.end()
  await ended
  return { packed: Buffer.concat(parts), size, checksum }
}

/** The archive of `entries` with headers laid out as Counterpart writes them, whatever they declare. */
export function craftZip(entries: CraftedEntry[]): Uint8Array {
  const encoder = new TextEncoder()
  const locals: Uint8Array[] = []
  const centrals: Uint8Array[] = []
  let offset = 0
  for (const entry of entries) {
    const name = encoder.encode(entry.name)
    const localName = encoder.encode(entry.localName ?? entry.name)
    const fields = (view: DataView, at: number, nameLength: number) => {
      view.setUint16(at, 20, true)
      view.setUint16(at + 2, entry.flags ?? 0x0800, true)
      view.setUint16(at + 4, entry.method ?? 8, true)
      view.setUint16(at + 6, 0, true)
      view.setUint16(at + 8, 0x21, true)
      view.setUint32(at + 10, entry.checksum, true)
      view.setUint32(at + 14, entry.packed.length, true)
      view.setUint32(at + 18, entry.size, true)
      view.setUint16(at + 22, nameLength, true)
    }
    const local = new DataView(new ArrayBuffer(30))
    local.setUint32(0, 0x04034b50, true)
    fields(local, 4, localName.length)
    const central = new DataView(new ArrayBuffer(46))
    central.setUint32(0, 0x02014b50, true)
    central.setUint16(4, 20, true)
    fields(central, 6, name.length)
    central.setUint32(42, entry.localOffset ?? offset, true)
    locals.push(new Uint8Array(local.buffer), localName, entry.packed)
    centrals.push(new Uint8Array(central.buffer), name)
    offset += 30 + localName.length + entry.packed.length
  }
  const centralSize = centrals.reduce((sum, part) => sum + part.length, 0)
  const end = new DataView(new ArrayBuffer(22))
  end.setUint32(0, 0x06054b50, true)
  end.setUint16(8, entries.length, true)
  end.setUint16(10, entries.length, true)
  end.setUint32(12, centralSize, true)
  end.setUint32(16, offset, true)
  return Buffer.concat([...locals, ...centrals, new Uint8Array(end.buffer)])
}
