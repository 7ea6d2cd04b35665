import { describe, expect, it } from 'vitest'
import { draftFormatOf } from '../../../server/import/draftFile.js'
import { craftZip, honestEntry } from '../../support/craftedZip.js'

const encode = (text: string) => new TextEncoder().encode(text)
const aknXml = '<?xml version="1.0"?><akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"/>'

describe('draftFormatOf', () => {
  it('takes the format the Content-Type says', () => {
    expect(draftFormatOf(encode('anything'), 'application/akn+xml')).toBe('akn')
    expect(draftFormatOf(encode('anything'), 'application/xml; charset=utf-8')).toBe('akn')
    expect(draftFormatOf(encode(aknXml), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')).toBe('docx')
  })

  it('tells XML and a zip of expressions by their bytes when the type says neither', () => {
    expect(draftFormatOf(encode(aknXml), 'application/octet-stream')).toBe('akn')
    expect(draftFormatOf(encode(`\uFEFF\n  <akomaNtoso xmlns="http://www.akomantoso.org/2.0"/>`), undefined)).toBe('akn')
    expect(draftFormatOf(encode('<an:akomaNtoso xmlns:an="x"/>'), '')).toBe('akn')
    expect(draftFormatOf(craftZip([honestEntry('akn-en.xml', encode(aknXml))]), 'application/octet-stream')).toBe('akn')
  })

  it('reads anything else as Word: a zip with Word’s content types, or bytes of no known kind', () => {
    expect(draftFormatOf(craftZip([honestEntry('[Content_Types].xml', encode('<Types/>')), honestEntry('word/document.xml', encode('<w:document/>'))]), 'application/octet-stream')).toBe('docx')
    expect(draftFormatOf(encode('just some text'), undefined)).toBe('docx')
    expect(draftFormatOf(new Uint8Array(), undefined)).toBe('docx')
  })
})
