import { createHash, randomBytes } from 'node:crypto'
import { crc32, inflateRawSync } from 'node:zlib'
import { zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { CounterpartError, type ErrorCode } from '../../../server/vocabulary/errors.js'
import { crc32Combine, deflatePiece, joinedEntry, packZip, readPackedZip, readZip, unpackEntry, withEntry, withPackedEntry, writeZip, zipBytes, type ZipLimits } from '../../../server/export/zipArchive.js'
import { craftZip, deflatedZeros, honestEntry, type CraftedEntry } from '../../support/craftedZip.js'

const encoder = new TextEncoder()
const text = (value: string) => encoder.encode(value)
const limits: ZipLimits = { maxEntries: 10, maxEntryBytes: 1024 * 1024, maxTotalBytes: 2 * 1024 * 1024, maxRatio: 100 }
const entries = {
  'word/document.xml': text('<w:document>' + 'ความร่วมมือ clause '.repeat(500) + '</w:document>'),
  '[Content_Types].xml': text('<Types/>'),
  'docProps/custom.xml': text('<Properties/>'),
  '_rels/.rels': text('<Relationships/>'),
  'word/empty.xml': new Uint8Array(0),
  'word/ß-name.xml': new Uint8Array([0, 1, 2, 255]),
}

/** `bytes` are refused by `readZip` with `code`, in words matching `message`. */
function expectRefused(bytes: Uint8Array, code: ErrorCode, message: RegExp, within: ZipLimits = limits): void {
  let thrown: unknown
  try {
    readZip(bytes, within)
  } catch (error) {
    thrown = error
  }
  expect(thrown, 'the archive was read').toBeInstanceOf(CounterpartError)
  expect({ code: (thrown as CounterpartError).code, message: (thrown as CounterpartError).message }).toEqual({ code, message: expect.stringMatching(message) })
}

describe('writing an archive', () => {
  it('gives the very bytes it gave before the reader was bounded (sealed copies keep their hash)', () => {
    const bytes = writeZip(entries)
    // Computed with the writer of commit f043698.
    expect(createHash('sha256').update(bytes).digest('hex')).toBe('23cbb5ce611bc33b5733aaebe55c65564babab9c1cd83491ecd284badb5b9754')
    expect(bytes.length).toBe(866)
  })

  it('varies one entry of a packed archive as writing the varied entries afresh would', () => {
    const packed = packZip(entries)
    const varied = withEntry(packed, 'docProps/custom.xml', text('<Properties><p/></Properties>'))
    expect(zipBytes(varied)).toEqual(writeZip({ ...entries, 'docProps/custom.xml': text('<Properties><p/></Properties>') }))
    expect(zipBytes(withEntry(packed, 'a-new.xml', text('new')))).toEqual(writeZip({ ...entries, 'a-new.xml': text('new') }))
  })
})

describe('an entry deflated in pieces', () => {
  /** A deterministic stream of bytes: runs of repeated words (which deflate refers back into) and noise. */
  function bytesOf(seed: number, length: number): Uint8Array {
    const out = new Uint8Array(length)
    let state = seed >>> 0 || 1
    const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 8
    for (let i = 0; i < length; i++) out[i] = next() % 7 === 0 ? next() & 0xff : 'clause ข้อ '.charCodeAt(i % 10) & 0xff
    return out
  }
  const concat = (parts: Uint8Array[]) => {
    const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0))
    let at = 0
    for (const part of parts) (out.set(part, at), (at += part.length))
    return out
  }

  it('combines two CRC-32s into the CRC-32 of the bytes one after the other, whatever their lengths', () => {
    for (const [a, b] of [[0, 0], [1, 0], [0, 1], [5, 3], [1000, 70_001], [65_536, 1], [3, 300_000]] as const) {
      const first = randomBytes(a)
      const second = randomBytes(b)
      expect(crc32Combine(crc32(first), crc32(second), b), `${a} then ${b} bytes`).toBe(crc32(concat([first, second])))
    }
  })

  it('inflates, with zlib, to the bytes of the pieces one after the other, with the CRC and size of the whole — empty and long pieces too', () => {
    const lengths = [0, 1, 2, 7, 100, 0, 4095, 70_000, 3, 200_000, 0, 12]
    for (let round = 0; round < 40; round++) {
      const parts = lengths.map((length, index) => bytesOf(round * 100 + index, (length + round * 37) % 250_000)).slice(round % 5)
      const entry = joinedEntry('word/document.xml', parts.map(deflatePiece))
      const whole = concat(parts)
      expect(Buffer.from(inflateRawSync(entry.compressed)).equals(Buffer.from(whole)), `round ${round}`).toBe(true)
      expect({ checksum: entry.checksum, size: entry.size }).toEqual({ checksum: crc32(whole), size: whole.length })
    }
  })

  it('deflates the same bytes to the same piece, wherever the piece then stands, and reads back through the archive reader', () => {
    const clause = bytesOf(7, 5000)
    expect(deflatePiece(clause)).toEqual(deflatePiece(clause))
    const packed = withPackedEntry(packZip(entries), joinedEntry('word/document.xml', [deflatePiece(text('<w:body>')), deflatePiece(clause), deflatePiece(text('</w:body>'))]))
    expect(readZip(zipBytes(packed))['word/document.xml']).toEqual(concat([text('<w:body>'), clause, text('</w:body>')]))
  })
})

describe('reading an archive', () => {
  it('gives back the entries written, and reads archives other writers make (stored and deflated)', () => {
    expect(readZip(writeZip(entries))).toEqual(entries)
    const foreign = zipSync({ 'a.txt': [text('stored'), { level: 0 }], 'b/c.xml': text('<c/>'.repeat(100)) })
    expect(readZip(foreign)).toEqual({ 'a.txt': text('stored'), 'b/c.xml': text('<c/>'.repeat(100)) })
  })

  it('lays the entries of an archive it wrote out again to the same bytes, without inflating them', () => {
    const bytes = writeZip(entries)
    const packed = readPackedZip(bytes)
    expect(zipBytes(packed)).toEqual(bytes)
    expect(unpackEntry(packed.entries.find((entry) => entry.name === 'word/document.xml')!)).toEqual(entries['word/document.xml'])
  })

  it('refuses bytes that are not an archive, a cut one, and one whose directory does not fit', () => {
    expectRefused(text('not a docx'), 'invalid', /^the file is not a ZIP archive: it has no end of central directory record$/)
    const bytes = writeZip(entries)
    expectRefused(bytes.subarray(0, bytes.length - 30), 'invalid', /no end of central directory record/)
    const shifted = bytes.slice()
    new DataView(shifted.buffer).setUint32(shifted.length - 22 + 16, 10, true)
    expectRefused(shifted, 'invalid', /central directory is cut or corrupt at entry 1 of 6/)
  })

  it('refuses, on the directory alone, more entries, a bigger entry, more in all or a higher ratio than allowed', async () => {
    const many = Array.from({ length: 11 }, (_, index) => honestEntry(`part${index}.xml`, text('<p/>')))
    expectRefused(craftZip(many), 'too-large', /^the ZIP archive holds 11 entries, more than the 10 accepted$/)

    // A bomb: 200 MiB of zeros in 200 KiB, its size declared truthfully.
    const bomb = await deflatedZeros(200 * 1024 * 1024)
    expectRefused(craftZip([{ name: 'word/document.xml', ...bomb }]), 'too-large', /^entry "word\/document.xml" of the ZIP archive unpacks to 209715200 bytes, more than the 1048576 accepted for one entry$/)

    const zeros = await deflatedZeros(1024 * 1024)
    const ofZeros = (name: string): CraftedEntry => ({ name, ...zeros })
    expectRefused(craftZip([ofZeros('a'), ofZeros('b'), ofZeros('c')]), 'too-large', /^the entries of the ZIP archive unpack to more than the 2097152 bytes accepted in all$/, { ...limits, maxRatio: Infinity })
    expectRefused(craftZip([ofZeros('a')]), 'too-large', /^entry "a" of the ZIP archive unpacks 1\d{3} bytes to 1048576, beyond the 100:1 accepted$/)
  })

  it('refuses an entry whose data inflates to more, or less, than its directory declares, or to other bytes than its CRC', async () => {
    // The directory admits 1 KiB; the data is 200 MiB of zeros. Inflating stops at 1 KiB and a byte.
    const bomb = await deflatedZeros(200 * 1024 * 1024)
    expectRefused(craftZip([{ ...bomb, name: 'word/document.xml', size: 1024 }]), 'invalid', /^entry "word\/document.xml" of the ZIP archive inflates to more than the 1024 bytes its directory declares$/, {
      ...limits,
      maxRatio: Infinity,
    })
    const honest = honestEntry('a.xml', text('<a/>'.repeat(100)))
    expectRefused(craftZip([{ ...honest, size: 1000 }]), 'invalid', /^entry "a.xml" of the ZIP archive inflates to 400 bytes, not the 1000 its directory declares$/)
    expectRefused(craftZip([{ ...honest, checksum: honest.checksum ^ 1 }]), 'invalid', /^entry "a.xml" of the ZIP archive does not match its CRC$/)
    expectRefused(craftZip([{ ...honest, packed: honest.packed.subarray(0, 5) }]), 'invalid', /^entry "a.xml" of the ZIP archive does not inflate: /)
  })

  it('refuses entries that share their data, or whose local header names another entry', () => {
    const shared = honestEntry('a.xml', text('<a/>'.repeat(100)))
    // Fifield's overlapping bomb: many directory entries, one block of data.
    expectRefused(craftZip([shared, { ...shared, name: 'b.xml', packed: new Uint8Array(0), localOffset: 0 }]), 'invalid', /^the local header of entry "b.xml" of the ZIP archive disagrees with its central directory$/)
    expectRefused(craftZip([shared, { ...shared, name: 'a.xml', packed: new Uint8Array(0), localOffset: 0 }]), 'invalid', /^the ZIP archive holds entry "a.xml" twice$/)
    expectRefused(craftZip([{ ...shared, localName: 'b.xml' }]), 'invalid', /^the local header of entry "a.xml" of the ZIP archive disagrees with its central directory$/)
    // The first entry's data said to run over the second entry (a quoted overlap).
    const overlapping = craftZip([shared, honestEntry('b.xml', text('<b/>'))])
    const view = new DataView(overlapping.buffer, overlapping.byteOffset)
    const directoryStart = view.getUint32(overlapping.length - 22 + 16, true)
    view.setUint32(directoryStart + 20, directoryStart - 30 - 5, true)
    expectRefused(overlapping, 'invalid', /^entry "b.xml" of the ZIP archive overlaps entry "a.xml"$/)
  })

  it('refuses encryption, methods other than stored and deflate, and ZIP64', () => {
    const honest = honestEntry('a.xml', text('<a/>'))
    expectRefused(craftZip([{ ...honest, flags: 0x0801 }]), 'invalid', /^entry "a.xml" of the ZIP archive is encrypted$/)
    expectRefused(craftZip([{ ...honest, method: 12 }]), 'invalid', /^entry "a.xml" of the ZIP archive uses compression method 12 \(only stored and deflate are read\)$/)
    const zip64 = craftZip([honest])
    new DataView(zip64.buffer, zip64.byteOffset).setUint32(zip64.length - 22 + 16, 0xffffffff, true)
    expectRefused(zip64, 'invalid', /^the file is a ZIP64 archive, which is not read$/)
  })
})
