import { DeletedTextRun, Document, InsertedTextRun, Packer, Paragraph, TextRun } from 'docx'
import { describe, expect, it } from 'vitest'
import { readZip } from '../../../server/export/zipArchive.js'
import { runOptions, splitByScript, type Script } from '../../../server/export/runStyle.js'

const thai = 'ความร่วมมือ'
const khmer = 'កិច្ចសហប្រតិបត្តិការ'

/** The `<w:r>` elements Word reads for `runs`, in order. */
async function runsXml(...runs: (TextRun | InsertedTextRun | DeletedTextRun)[]): Promise<string[]> {
  const bytes = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph({ children: runs })] }] }))
  const xml = new TextDecoder().decode(readZip(new Uint8Array(bytes))['word/document.xml'])
  return [...xml.matchAll(/<w:r>[\s\S]*?<\/w:r>/g)].map(([run]) => run)
}

const properties = (run: string) => /<w:rPr>[\s\S]*?<\/w:rPr>/.exec(run)?.[0] ?? ''

describe('text split by script', () => {
  it('gives runs of Latin, Thai and Khmer, spaces and punctuation kept with the run they are in', () => {
    expect(splitByScript(`“Thai ${thai}, and Khmer ${khmer}: ๑๒ 3.`)).toEqual([
      { text: '“Thai ', script: 'latin' },
      { text: `${thai}, `, script: 'thai' },
      { text: 'and Khmer ', script: 'latin' },
      { text: `${khmer}: `, script: 'khmer' },
      { text: '๑๒ ', script: 'thai' },
      { text: '3.', script: 'latin' },
    ])
  })

  it('gives back the whole text, each run of another script than the one before', () => {
    const texts = ['', '   ', '—', `${khmer}\u19e0`, `a${thai}b${khmer}c`, `${thai}\u0e31\u0e49 (${thai})`, '🇹🇭 and 🇰🇭']
    for (const text of texts) {
      const runs = splitByScript(text)
      expect(runs.map((run) => run.text).join('')).toBe(text)
      expect(runs.every((run, index) => index === 0 || run.script !== runs[index - 1]!.script)).toBe(true)
    }
    expect(splitByScript(`${khmer}\u19e0`)).toEqual([{ text: `${khmer}\u19e0`, script: 'khmer' }])
  })
})

describe('the properties of a run', () => {
  it('name the complex-script font and language of its script, with the look on both the plain and the complex script', async () => {
    // Each script at the size that reads evenly with 14 pt Latin: Thai at 4/3 of it, Khmer at 11/12.
    const scripts: [Script, string, string, string, number][] = [
      ['latin', 'The Participants', 'Times New Roman', 'en-GB', 28],
      ['thai', thai, 'TH Sarabun New', 'th-TH', 37],
      ['khmer', khmer, 'Khmer OS Siemreap', 'km-KH', 26],
    ]
    const runs = await runsXml(...scripts.map(([script, text]) => new TextRun(runOptions(text, script, { bold: true, italics: true, size: 28 }))))
    runs.forEach((run, index) => {
      const [, text, font, language, size] = scripts[index]!
      expect(run).toContain(`>${text}</w:t>`)
      const rPr = properties(run)
      expect(rPr).toContain(`w:cs="${font}"`)
      expect(rPr).toContain(`w:ascii="Times New Roman"`)
      expect(rPr).toMatch(new RegExp(`<w:lang [^>]*w:bidi="${language}"`))
      for (const element of ['<w:b/>', '<w:bCs/>', '<w:i/>', '<w:iCs/>', `<w:sz w:val="${size}"/>`, `<w:szCs w:val="${size}"/>`]) expect(rPr).toContain(element)
    })
  })

  it('are 12 pt and plain unless told otherwise, underlined when asked', async () => {
    const [plain, underlined] = await runsXml(new TextRun(runOptions('plain', 'latin')), new TextRun(runOptions('underlined', 'latin', { underline: true })))
    expect(properties(plain!)).toContain('<w:sz w:val="24"/>')
    expect(properties(plain!)).not.toMatch(/<w:(b|i|u)\b/)
    expect(properties(underlined!)).toMatch(/<w:u w:val="single"\/>/)
  })

  it('write a tab as a tab element, never as a character of the text', async () => {
    const [run] = await runsXml(new TextRun(runOptions('1.\tThe Participants\twill', 'latin')))
    expect(run).not.toMatch(/<w:t[^>]*>[^<]*\t/)
    expect(run!.replace(properties(run!), '').match(/<w:tab\/>|<w:t[^>]*>[^<]*<\/w:t>/g)).toEqual([
      expect.stringMatching(/>1\.<\/w:t>$/),
      '<w:tab/>',
      expect.stringMatching(/>The Participants<\/w:t>$/),
      '<w:tab/>',
      expect.stringMatching(/>will<\/w:t>$/),
    ])
  })

  it('are the same on tracked insertions and deletions as on plain runs', async () => {
    const options = runOptions(thai, 'thai', { bold: true })
    const change = { id: 1, author: 'Thailand — DSI (Khun Somchai)', date: '2026-01-05T00:00:00Z' }
    const [plain, inserted, deleted] = await runsXml(new TextRun(options), new InsertedTextRun({ ...options, ...change }), new DeletedTextRun({ ...options, ...change, id: 2 }))
    expect(properties(inserted!)).toBe(properties(plain!))
    expect(properties(deleted!)).toBe(properties(plain!))
  })
})
