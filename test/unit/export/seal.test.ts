import { zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { CounterpartError } from '../../../server/vocabulary/errors.js'
import { checkSeal, SealKey, sealPackage, sealPlaceholder, signingCopyLimits, type SealCheck } from '../../../server/export/seal.js'
import { packZip, readZip, writeZip, type ZipEntries } from '../../../server/export/zipArchive.js'
import { craftZip, deflatedZeros, honestEntry } from '../../support/craftedZip.js'

const encoder = new TextEncoder()
const key = SealKey.generate()
const customXml = (seal: string) =>
  encoder.encode(
    '<Properties>' +
      [['CounterpartDocumentId', 'doc-1'], ['CounterpartRevision', '3'], ['CounterpartContentHash', 'ab'.repeat(32)], ['CounterpartParty', 'TH'], ['CounterpartSeal', seal]]
        .map(([name, value], index) => `<property pid="${index + 2}" name="${name}"><vt:lpwstr>${value}</vt:lpwstr></property>`)
        .join('') +
      '</Properties>',
  )
const unsealed: ZipEntries = {
  '[Content_Types].xml': encoder.encode('<Types/>'),
  'word/document.xml': encoder.encode('<w:document>' + 'The Parties agree. '.repeat(2000) + '</w:document>'),
  'docProps/custom.xml': customXml(sealPlaceholder),
}
const sealed = () => sealPackage(packZip(unsealed), { documentId: 'doc-1', revision: 3, contentHash: 'ab'.repeat(32), counterpart: 'TH' }, key)

/** What checking `bytes` gives: the verdict, or the refusal's code and words. */
function check(bytes: Uint8Array): SealCheck | { refused: string; message: string } {
  try {
    return checkSeal(bytes, key.publicKey)
  } catch (error) {
    if (error instanceof CounterpartError) return { refused: error.code, message: error.message }
    throw error
  }
}

describe('checking a seal', () => {
  it('finds a sealed copy genuine, and one altered in any entry or re-packed not', () => {
    const { bytes, statement } = sealed()
    expect(check(bytes)).toEqual({ valid: true, statement, signature: expect.any(String) })
    const entries = readZip(bytes)
    const reworded = writeZip({ ...entries, 'word/document.xml': encoder.encode('<w:document>The Parties disagree.</w:document>') })
    expect(check(reworded)).toEqual({ valid: false, reason: "the seal's signature does not verify: the signed statement does not match the file (changed after sealing), or the signature was made by another key" })
    expect(check(zipSync(entries))).toEqual({ valid: false, reason: 'the file has been altered or re-packed since it was sealed' })
    // The seal's own part deflated another way: the bytes are no longer the ones sealed.
    const custom = honestEntry('docProps/custom.xml', entries['docProps/custom.xml']!)
    const others = Object.entries(entries).filter(([name]) => name !== 'docProps/custom.xml').map(([name, data]) => honestEntry(name, data))
    expect(check(craftZip([others[0]!, custom, others[1]!]))).toEqual({ valid: false, reason: 'the file has been altered or re-packed since it was sealed' })
  })

  it('gives a verdict on a file that is no ZIP archive at all', () => {
    expect(check(encoder.encode('not a docx'))).toEqual({ valid: false, reason: 'the file is not a DOCX (ZIP) archive' })
  })

  it('refuses, unread, a file bigger than a signing copy can be', () => {
    const { bytes } = sealed()
    const padded = new Uint8Array(signingCopyLimits.maxFileBytes + 1)
    padded.set(bytes)
    expect(check(padded)).toEqual({ refused: 'too-large', message: `the file is ${signingCopyLimits.maxFileBytes + 1} bytes, more than the ${signingCopyLimits.maxFileBytes} a signing copy can be` })
  })

  it('refuses zip bombs on their central directory, in words', async () => {
    const entries = readZip(sealed().bytes)
    const honest = Object.entries(entries).map(([name, data]) => honestEntry(name, data))
    const bomb = await deflatedZeros(200 * 1024 * 1024)
    expect(check(craftZip([...honest, { name: 'word/media/zeros.bin', ...bomb }]))).toEqual({
      refused: 'too-large',
      message: 'this is not a signing copy Counterpart can check: entry "word/media/zeros.bin" of the ZIP archive unpacks to 209715200 bytes, more than the 33554432 accepted for one entry',
    })
    const many = Array.from({ length: 5000 }, (_, index) => honestEntry(`word/part${index}.xml`, encoder.encode('<p/>')))
    expect(check(craftZip([...honest, ...many]))).toEqual({
      refused: 'too-large',
      message: 'this is not a signing copy Counterpart can check: the ZIP archive holds 5003 entries, more than the 100 accepted',
    })
  })

  it('refuses a seal part that lies about its size, or is bigger than a seal needs', async () => {
    const entries = readZip(sealed().bytes)
    const honest = Object.entries(entries).filter(([name]) => name !== 'docProps/custom.xml').map(([name, data]) => honestEntry(name, data))
    const bomb = await deflatedZeros(200 * 1024 * 1024)
    expect(check(craftZip([...honest, { name: 'docProps/custom.xml', ...bomb, size: 1000 }]))).toEqual({
      refused: 'invalid',
      message: 'this is not a signing copy Counterpart can check: entry "docProps/custom.xml" of the ZIP archive inflates to more than the 1000 bytes its directory declares',
    })
    expect(check(craftZip([...honest, { name: 'docProps/custom.xml', ...bomb, size: 100_000 }]))).toEqual({
      refused: 'too-large',
      message: `this is not a signing copy Counterpart can check: its docProps/custom.xml unpacks to 100000 bytes, more than the ${signingCopyLimits.maxCustomPartBytes} a seal needs`,
    })
  })
})

describe('sealing a package', () => {
  it('refuses a copy that could not be checked once sealed', () => {
    const parts = Object.fromEntries(Array.from({ length: signingCopyLimits.zip.maxEntries }, (_, index) => [`word/part${index}.xml`, encoder.encode('<p/>')]))
    expect(() => sealPackage(packZip({ ...unsealed, ...parts }), { documentId: 'doc-1', revision: 3, contentHash: 'ab'.repeat(32), counterpart: 'TH' }, key)).toThrow(
      new CounterpartError('too-large', `this signing copy could not be checked once sealed: the ZIP archive holds ${signingCopyLimits.zip.maxEntries + 3} entries, more than the ${signingCopyLimits.zip.maxEntries} accepted`),
    )
  })
})
