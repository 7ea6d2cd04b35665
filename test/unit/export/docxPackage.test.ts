import { Document, Packer, Paragraph, TextRun } from 'docx'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { docxBytes, packDocx, partText, withTrackedMarksFirst } from '../../../server/export/docxPackage.js'

const revisionDate = new Date('2026-01-05T08:30:00.250Z')

const memorandum = () =>
  new Document({ creator: 'Counterpart', title: 'Memorandum', sections: [{ children: [new Paragraph({ children: [new TextRun('The Participants will cooperate.')] })] }] })

const zone = process.env.TZ

/** Runs `build` as a server whose clock reads `now` in time zone `timeZone` would. */
async function at<T>(now: string, timeZone: string, build: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(new Date(now))
  process.env.TZ = timeZone
  return build()
}

afterEach(() => {
  vi.useRealTimers()
  if (zone === undefined) delete process.env.TZ
  else process.env.TZ = zone
})

describe('a packed DOCX', () => {
  it('is the same bytes for the same content, whenever and in whatever time zone it is packed', async () => {
    const inBangkok = await at('2026-03-01T10:00:00Z', 'Asia/Bangkok', async () => docxBytes(packDocx(memorandum(), revisionDate)))
    const inLosAngeles = await at('2027-07-15T23:59:59Z', 'America/Los_Angeles', async () => docxBytes(packDocx(memorandum(), revisionDate)))
    expect(Buffer.from(inLosAngeles).equals(Buffer.from(inBangkok))).toBe(true)
    // As docx packs it, the same content differs with the clock: the sameness above is the module's doing.
    const unpacked = async () => new Uint8Array(await Packer.toBuffer(memorandum()))
    const early = await at('2026-03-01T10:00:00Z', 'Asia/Bangkok', unpacked)
    const late = await at('2027-07-15T23:59:59Z', 'America/Los_Angeles', unpacked)
    expect(Buffer.from(late).equals(Buffer.from(early))).toBe(false)
  })

  it('is dated, created and modified, at the date it is given, to the second', async () => {
    const core = partText(packDocx(memorandum(), revisionDate), 'docProps/core.xml')!
    expect(core).toMatch(/<dcterms:created [^>]*>2026-01-05T08:30:00Z<\/dcterms:created>/)
    expect(core).toMatch(/<dcterms:modified [^>]*>2026-01-05T08:30:00Z<\/dcterms:modified>/)
  })
})

describe('the parts of a package', () => {
  it('are read as text, null for a part it does not have', async () => {
    const entries = packDocx(memorandum(), revisionDate)
    expect(partText(entries, 'word/document.xml')).toContain('The Participants will cooperate.')
    expect(partText(entries, 'word/missing.xml')).toBeNull()
  })
})

describe('a paragraph mark tracked as inserted or deleted', () => {
  it('has its w:ins or w:del first in its run properties, as the schema orders them, and nothing else moved', () => {
    const xml =
      '<w:p><w:pPr><w:spacing w:after="120"/><w:rPr><w:sz w:val="24"/><w:szCs w:val="24"/><w:ins w:id="3" w:author="A" w:date="2026-01-01T00:00:00Z"/></w:rPr></w:pPr><w:r><w:rPr><w:sz w:val="24"/></w:rPr><w:t>x</w:t></w:r></w:p>'
    expect(withTrackedMarksFirst(xml)).toBe(
      '<w:p><w:pPr><w:spacing w:after="120"/><w:rPr><w:ins w:id="3" w:author="A" w:date="2026-01-01T00:00:00Z"/><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:pPr><w:r><w:rPr><w:sz w:val="24"/></w:rPr><w:t>x</w:t></w:r></w:p>',
    )
    const untracked = '<w:p><w:pPr><w:rPr><w:sz w:val="24"/></w:rPr></w:pPr></w:p>'
    expect(withTrackedMarksFirst(untracked)).toBe(untracked)
  })
})
