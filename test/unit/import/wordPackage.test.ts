import { describe, expect, it } from 'vitest'
import { readWordDraft } from '../../../server/import/wordDraft.js'
import { CounterpartError } from '../../../server/vocabulary/errors.js'
import { craftZip, deflatedZeros, honestEntry } from '../../support/craftedZip.js'

const encode = (text: string) => new TextEncoder().encode(text)
const w = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
const packageRels = `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`
const documentOf = (body: string) => `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="${w}">${body}</w:document>`
const paragraph = (text: string) => `<w:p><w:r><w:t>${text}</w:t></w:r></w:p>`

/** A Word file of `document.xml`, as small as a package can be. */
const packageOf = (documentXml: string) => craftZip([honestEntry('_rels/.rels', encode(packageRels)), honestEntry('word/document.xml', encode(documentXml))])

/** What reading `bytes` is refused with: its code and message. */
function refusal(bytes: Uint8Array): { code: string; message: string } {
  try {
    readWordDraft(bytes, 'brackets')
  } catch (error) {
    if (error instanceof CounterpartError) return { code: error.code, message: error.message }
    throw error
  }
  throw new Error('the file was read')
}

describe('a Word file read as hostile bytes', () => {
  it('reads the smallest package there is', () => {
    const draft = readWordDraft(packageOf(documentOf(`<w:body>${paragraph('Memorandum')}${paragraph('Article 1 – Scope')}${paragraph('All of it.')}</w:body>`)), 'brackets')
    expect(draft.texts[0]?.clauses.length).toBe(1)
  })

  it('refuses what is not a Word document, in words', () => {
    expect(refusal(encode('%PDF-1.7 not a zip'))).toEqual({ code: 'invalid', message: expect.stringMatching(/not a readable Word document.*not a ZIP archive/) })
    expect(refusal(new Uint8Array())).toEqual({ code: 'invalid', message: expect.stringMatching(/empty/) })
    expect(refusal(craftZip([honestEntry('content.xml', encode('<office:document/>'))]))).toEqual({ code: 'invalid', message: expect.stringMatching(/not a Word document: it has no package relationships/) })
    expect(refusal(craftZip([honestEntry('_rels/.rels', encode(packageRels))]))).toEqual({ code: 'invalid', message: expect.stringMatching(/main document "word\/document.xml" is missing/) })
  })

  it('refuses a document without a body, XML that is not well-formed, and a document type', () => {
    expect(refusal(packageOf(documentOf(paragraph('no body'))))).toEqual({ code: 'invalid', message: expect.stringMatching(/has no body/) })
    expect(refusal(packageOf(documentOf('<w:body><w:p></w:body>')))).toEqual({ code: 'invalid', message: expect.stringMatching(/"word\/document.xml" of the Word file is not well-formed XML/) })
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><w:document xmlns:w="${w}"><w:body>${paragraph('&lol2;')}</w:body></w:document>`
    expect(refusal(packageOf(laughs))).toEqual({ code: 'invalid', message: expect.stringMatching(/document type|not well-formed/) })
  })

  it('refuses a zip bomb on its directory, before inflating it', async () => {
    const zeros = await deflatedZeros(200 * 1024 * 1024)
    const bomb = craftZip([honestEntry('_rels/.rels', encode(packageRels)), { name: 'word/document.xml', ...zeros }])
    // Refused on what its directory declares: the message says so.
    expect(refusal(bomb)).toEqual({ code: 'too-large', message: expect.stringMatching(/not a readable Word document.*"word\/document.xml" of the ZIP archive unpacks to 209715200 bytes, more than the 67108864 accepted/) })
    // Within the archive's bounds, a part larger than is read is refused before it is inflated too.
    const declared = { name: 'word/document.xml', packed: new Uint8Array(1024 * 1024).fill(7), size: 9 * 1024 * 1024, checksum: 0 }
    expect(refusal(craftZip([honestEntry('_rels/.rels', encode(packageRels)), declared]))).toEqual({
      code: 'too-large',
      message: 'part "word/document.xml" of the Word file unpacks to 9437184 bytes, more than the 8388608 accepted',
    })
  })

  it('lists what it cannot map one by one up to a bound, and counts the rest', () => {
    const images = `<w:r><w:drawing/></w:r>`.repeat(2_000)
    const draft = readWordDraft(packageOf(documentOf(`<w:body>${paragraph('Memorandum')}${paragraph('Article 1 – Scope')}<w:p>${images}<w:r><w:t>All of it.</w:t></w:r></w:p></w:body>`)), 'brackets')
    expect(draft.unmapped).toHaveLength(501)
    expect(draft.unmapped.at(-1)).toMatchObject({ note: 'and 1500 more images, fields, notes or objects like those above, not listed one by one' })
  })

  it('refuses more paragraphs than a draft has, and nesting deeper than is walked', () => {
    const many = packageOf(documentOf(`<w:body>${paragraph('Memorandum').repeat(10_000)}</w:body>`))
    expect(refusal(many)).toEqual({ code: 'too-large', message: expect.stringMatching(/more than 5000 paragraphs/) })
    const deep = packageOf(documentOf(`<w:body><w:p>${'<w:hyperlink>'.repeat(5_000)}<w:r><w:t>deep</w:t></w:r>${'</w:hyperlink>'.repeat(5_000)}</w:p></w:body>`))
    expect(refusal(deep)).toEqual({ code: 'invalid', message: expect.stringMatching(/nests the content of a paragraph more than 32 deep/) })
  })
})
