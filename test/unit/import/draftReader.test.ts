/**
 * The draft reader's thread, for real: the same draft as `readDraftFile`
 * gives on the event loop, cloned whole; the same refusals; the event loop
 * free while the largest file admitted is read; a thread that dies
 * replaced; reads beyond those waiting refused as the server being busy.
 */

import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it, onTestFinished } from 'vitest'
import { akomaNtosoExpression } from '../../../server/export/akomaNtoso.js'
import { writeZip } from '../../../server/export/zipArchive.js'
import { readDraftFile } from '../../../server/import/draftFile.js'
import { DraftReader, draftReaderLimits, type DraftReaderLimits } from '../../../server/import/draftReader.js'
import type { ImportFormat } from '../../../server/vocabulary/draftImport.js'
import { CounterpartError } from '../../../server/vocabulary/errors.js'
import { factsOf } from '../../support/akomaNtosoFixture.js'
import { craftZip, honestEntry } from '../../support/craftedZip.js'
import { refusal } from '../../support/refusal.js'
import { longWordDraft, trackedWordDraft } from '../../support/wordDrafts.js'

const encode = (text: string) => new TextEncoder().encode(text)

/** A reader closed when the test ends. */
function readerFor(limits: DraftReaderLimits = draftReaderLimits): DraftReader {
  const reader = new DraftReader(limits)
  onTestFinished(() => reader.close())
  return reader
}

/** What a read was refused with: the CounterpartError's code and message. */
async function refusedWith(reading: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await reading.then(
    () => new Error('the read was not refused'),
    (error: unknown) => error,
  )
  if (!(error instanceof CounterpartError)) throw error
  return { code: error.code, message: error.message }
}

/** Counterpart's own Akoma Ntoso: one expression, and a zip of the three languages. */
const aknXml = (lang = 'en') => encode(akomaNtosoExpression(factsOf('mou'), lang))
const aknZip = () => writeZip(Object.fromEntries(['en', 'th', 'km'].map((lang) => [`${lang}.xml`, aknXml(lang)])))

const largest = longWordDraft(700, 14)

describe('DraftReader', () => {
  it('reads a file to the same draft readDraftFile gives, whole after the crossing (plain objects, nothing lost), and leaves the caller’s bytes as they were', async () => {
    const reader = readerFor()
    const files: [string, Uint8Array, ImportFormat][] = [
      ['a Word draft with tracked changes and comments', await trackedWordDraft(), 'docx'],
      ['an Akoma Ntoso expression', aknXml(), 'akn'],
      ['a zip of three expressions', aknZip(), 'akn'],
    ]
    for (const [what, bytes, format] of files) {
      const kept = bytes.slice()
      for (const changes of ['brackets', 'accept'] as const) {
        const draft = await reader.read(bytes, format, changes)
        expect(draft, what).toStrictEqual(readDraftFile(bytes, format, changes))
      }
      expect(bytes, what).toEqual(kept)
    }
    // A view of a buffer others share (as a small request body lies in Node's pool): the reader hands over a copy, never the buffer.
    const xml = aknXml()
    const shared = Buffer.alloc(xml.length + 64, 7)
    const view = shared.subarray(16, 16 + xml.length)
    view.set(xml)
    const kept = Buffer.from(shared)
    expect((await reader.read(view, 'akn', 'brackets')).texts).toHaveLength(1)
    expect(shared.equals(kept)).toBe(true)
  })

  it('refuses what readDraftFile refuses, with the same code and words', async () => {
    const reader = readerFor()
    const packageRels = `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`
    const wordPackage = (body: string) =>
      craftZip([honestEntry('_rels/.rels', encode(packageRels)), honestEntry('word/document.xml', encode(`<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${body}</w:document>`))])
    const files: [Uint8Array, ImportFormat, string][] = [
      [encode('just some text'), 'docx', 'invalid'],
      [wordPackage('<w:p/>'), 'docx', 'invalid'],
      [wordPackage(`<w:body>${'<w:p><w:r><w:t>Memorandum</w:t></w:r></w:p>'.repeat(10_000)}</w:body>`), 'docx', 'too-large'],
      [encode('<?xml version="1.0"?><akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><doc><mainBody></doc>'), 'akn', 'invalid'],
      [writeZip({ 'a.txt': new Uint8Array([1]) }), 'akn', 'invalid'],
    ]
    for (const [bytes, format, code] of files) {
      const onTheLoop = refusal(() => readDraftFile(bytes, format, 'brackets'))
      expect(onTheLoop.code).toBe(code)
      expect(await refusedWith(reader.read(bytes, format, 'brackets'))).toEqual(onTheLoop)
    }
    // The thread read on after each refusal.
    expect((await reader.read(aknXml(), 'akn', 'brackets')).texts).toHaveLength(1)
  })

  it('leaves the event loop free while it reads the largest file admitted: requests are answered before the draft arrives', async () => {
    const reader = readerFor()
    const bytes = await largest.bytes
    const server = http.createServer((_request, response) => response.end('ok'))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`

    let read = false
    const reading = reader.read(bytes, 'docx', 'brackets').finally(() => (read = true))
    let answeredWhileReading = 0
    // Read on the event loop, the draft would be there before any answer (the reading would take the loop first).
    while (!read) {
      expect(await (await fetch(url)).text()).toBe('ok')
      if (!read) answeredWhileReading++
    }
    const draft = await reading
    expect(draft.paragraphs).toHaveLength(largest.paragraphs)
    expect(draft.texts[0]!.clauses).toHaveLength(700)
    expect(answeredWhileReading).toBeGreaterThan(0)
  })

  it('refuses a read as too large when it outgrows the thread’s heap, and reads the next in a new thread', async () => {
    const reader = readerFor({ ...draftReaderLimits, maxHeapMb: 64 })
    expect(await refusedWith(reader.read(await largest.bytes, 'docx', 'brackets'))).toEqual({
      code: 'too-large',
      message: "the file could not be read within the 64 MiB of memory a draft's reading may use: it holds too much to import",
    })
    const small = aknXml()
    expect(await reader.read(small, 'akn', 'brackets')).toStrictEqual(readDraftFile(small, 'akn', 'brackets'))
  })

  it('refuses the reads it holds when closed, as the server going away, and starts a new thread for the next', async () => {
    const reader = readerFor()
    const small = aknXml()
    const held = [reader.read(await largest.bytes, 'docx', 'brackets'), reader.read(small, 'akn', 'brackets')].map(refusedWith)
    await reader.close()
    for (const refused of held) expect(await refused).toEqual({ code: 'going-away', message: 'the server is shutting down; send the file again once it is back' })
    expect(await reader.read(small, 'akn', 'brackets')).toStrictEqual(readDraftFile(small, 'akn', 'brackets'))
  })

  it('refuses a read beyond those waiting as the server being busy, in words, and reads the others', async () => {
    const reader = readerFor({ ...draftReaderLimits, maxWaiting: 4 })
    const small = aknXml()
    const reads = Array.from({ length: 6 }, () => reader.read(small, 'akn', 'brackets'))
    expect(await refusedWith(reads[5]!)).toEqual({ code: 'unavailable', message: 'the server is reading 5 other drafts already; send the file again in a moment' })
    for (const reading of reads.slice(0, 5)) expect((await reading).texts).toHaveLength(1)
  })
})
