import type { Node } from 'prosemirror-model'
import { describe, expect, it } from 'vitest'
import { packDocx, partText } from '../../../server/export/docxPackage.js'
import { sealPlaceholder, sealProperties } from '../../../server/export/seal.js'
import { buildSigningCopy } from '../../../server/export/signingCopy.js'
import type { DocumentRecord, PartyRecord } from '../../../server/vocabulary/document.js'
import { clause, doc, em, finals, formula, heading, np, p, preamble, recital, ref, strong, sub, title, underline } from '../../support/docBuilders.js'
import { paragraphTexts } from '../../support/docxText.js'

const dsi: PartyRecord = { code: 'TH', name: 'Department of Special Investigation', shortName: 'DSI', position: 0, language: null }
const cnp: PartyRecord = { code: 'KH', name: 'Cambodian National Police', shortName: 'CNP', position: 1, language: null }
const document: DocumentRecord = { id: 'doc-1', title: 'Police cooperation', style: 'treaty', parties: [dsi, cnp], languages: { working: 'en', others: [] }, createdAt: new Date('2026-01-01T00:00:00Z') }
const revision = { seq: 3, contentHash: '0123456789abcdef'.repeat(4), createdAt: new Date('2026-01-05T08:30:00Z') }

const content = doc(
  title(`Agreement between the ${dsi.name} and the ${cnp.name}`),
  preamble(recital(`The ${dsi.shortName} and the ${cnp.shortName}, hereinafter “the Parties”;`), formula('HAVE AGREED as follows:')),
  clause('c1', heading('Objectives'), p('The Parties ', strong('will'), ' ', em('closely'), ' ', underline('cooperate'), '; the DSI leads.')),
  clause('c2', heading('Requests under ', ref('c1')), np(p('In writing.'), sub('the facts;'), sub('the purpose.')), np(p('Answers follow ', ref('c9'), '.')), sub('A note.')),
  finals(p('Done at Bangkok in two originals.')),
)

/** The parts of the counterpart of `party`. */
const counterpartOf = async (party: string, of: Node = content) => packDocx(buildSigningCopy({ document, revision, content: of, counterpart: party }), revision.createdAt)

const textsOf = async (party: string) => paragraphTexts(partText(await counterpartOf(party), 'word/document.xml')!)

describe('a signing counterpart', () => {
  it('holds the text with every number written as text, references by number, the final provisions, then the signature blocks', async () => {
    const entries = await counterpartOf('TH')
    expect(paragraphTexts(partText(entries, 'word/document.xml')!)).toEqual([
      `Agreement between the ${dsi.name} and the ${cnp.name}`,
      `The DSI and the CNP, hereinafter “the Parties”;`,
      'HAVE AGREED as follows:',
      'Article 1',
      'Objectives',
      'The Parties will closely cooperate; the DSI leads.',
      'Article 2',
      'Requests under Article 1',
      '1.\tIn writing.',
      '(a)\tthe facts;',
      '(b)\tthe purpose.',
      '2.\tAnswers follow [missing reference].',
      '(a)\tA note.',
      'Done at Bangkok in two originals.',
      `For the ${dsi.name}`,
      '______________________________',
      'Name:',
      'Title:',
      `For the ${cnp.name}`,
      '______________________________',
      'Name:',
      'Title:',
    ])
    expect(partText(entries, 'word/document.xml')).not.toContain('<w:numPr>')
  })

  it('follows the alternat: the other party’s copy names it first in the title and preamble and has it sign first, the clauses as written', async () => {
    const texts = await textsOf('KH')
    expect(texts.slice(0, 2)).toEqual([`Agreement between the ${cnp.name} and the ${dsi.name}`, `The CNP and the DSI, hereinafter “the Parties”;`])
    expect(texts).toContain('The Parties will closely cooperate; the DSI leads.')
    expect(texts.filter((text) => text.startsWith('For the '))).toEqual([`For the ${cnp.name}`, `For the ${dsi.name}`])
    const entries = await counterpartOf('KH')
    expect(partText(entries, 'word/header1.xml')).toContain(`Counterpart of the ${cnp.name}`)
    expect(partText(entries, 'docProps/core.xml')).toContain(`<dc:title>Agreement between the ${cnp.name} and the ${dsi.name}</dc:title>`)
  })

  it('keeps the marks of the text: bold, italics, underline', async () => {
    const xml = partText(await counterpartOf('TH'), 'word/document.xml')!
    const runOf = (text: string) => [...xml.matchAll(/<w:r>[\s\S]*?<\/w:r>/g)].map(([run]) => run).find((run) => run.includes(`>${text}</w:t>`))!
    expect([runOf('will'), runOf('closely'), runOf('cooperate'), runOf('; the DSI leads.')].map((run) => [/<w:b\/>/.test(run), /<w:i\/>/.test(run), /<w:u /.test(run)])).toEqual([
      [true, false, false],
      [false, true, false],
      [false, false, true],
      [false, false, false],
    ])
  })

  it('names in its properties, header and footer the document, revision, content hash and party, its seal still to be set', async () => {
    const entries = await counterpartOf('KH')
    const custom = partText(entries, 'docProps/custom.xml')!
    const property = (name: string) => new RegExp(`name="${name}"><vt:lpwstr>([^<]*)</vt:lpwstr>`).exec(custom)?.[1]
    expect([sealProperties.documentId, sealProperties.revision, sealProperties.contentHash, sealProperties.counterpart, sealProperties.seal].map(property)).toEqual([
      'doc-1',
      '3',
      revision.contentHash,
      'KH',
      sealPlaceholder,
    ])
    expect(partText(entries, 'docProps/core.xml')).toContain(`<dc:subject>Signing counterpart of the ${cnp.name}</dc:subject>`)
    expect(paragraphTexts(partText(entries, 'word/footer1.xml')!)[0]).toMatch(/^Revision 3 · 0123456789ab · Page .* of /)
  })

  it('is refused for a party the document does not have', () => {
    expect(() => buildSigningCopy({ document, revision, content, counterpart: 'LA' })).toThrow(new RangeError('document doc-1 has no party LA'))
  })
})
