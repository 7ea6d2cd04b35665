/**
 * Importing Word drafts through a real server: files written by Counterpart
 * itself (signing originals, redlines), by LibreOffice from HTML and ODT
 * with automatic numbering, and by the `docx` library (tracked changes,
 * comments, a Thai–English table) — previewed without a change, then
 * applied as one attributed change between two revisions; hostile files
 * refused in words, with nothing changed.
 */

import { Table } from 'docx'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ImportAppliedView, ImportPreviewView } from '../../server/vocabulary/draftImport.js'
import { craftZip, deflatedZeros, honestEntry } from '../support/craftedZip.js'
import { useServer } from '../support/fixtures.js'
import { docxWithLibreOffice } from '../support/libreOffice.js'
import { exportOriginals } from '../support/signingOriginals.js'
import { trilingualDocument, type TestServer } from '../support/testServer.js'
import { para, tableRow, trackedWordDraft, wordFile } from '../support/wordDrafts.js'

// Documents stay loaded for the whole file: an automatic checkpoint would take revision numbers the tests count on.
const fixture = useServer({ unloadDelayMs: 600_000 })
let server: TestServer

beforeAll(() => {
  server = fixture.server
})

type Member = { id: string; token: string }

/** POST …/import with `bytes` as the body; resolves to the status and the parsed answer. */
async function importFile(documentId: string, bytes: Uint8Array, token: string, query = '', type = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'): Promise<{ status: number; body: any }> {
  const response = await fetch(`${server.url}/api/documents/${documentId}/import${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': type },
    body: Buffer.from(bytes),
  })
  return { status: response.status, body: await response.json() }
}

async function applied(documentId: string, bytes: Uint8Array, token: string, query = '', type?: string): Promise<ImportAppliedView> {
  const answer = await importFile(documentId, bytes, token, `?apply=1${query}`, type)
  expect(answer.status, JSON.stringify(answer.body).slice(0, 500)).toBe(201)
  return answer.body
}

async function previewed(documentId: string, bytes: Uint8Array, token: string, query = ''): Promise<ImportPreviewView> {
  const answer = await importFile(documentId, bytes, token, query)
  expect(answer.status, JSON.stringify(answer.body).slice(0, 500)).toBe(200)
  return answer.body
}

/** A blank document between the test parties, in `languages` and `style`. */
async function blankDocument(languages = { working: 'en', others: [] as string[] }, style = 'mou'): Promise<string> {
  const all = [languages.working, ...languages.others]
  const parties = trilingualDocument.parties.map((party) => ({
    ...party,
    language: all.includes(party.language) ? party.language : null,
    names: Object.fromEntries(Object.entries(party.names).filter(([lang]) => languages.others.includes(lang))),
  }))
  const { status, body } = await server.request('POST', '/api/documents', { body: { title: 'Imported draft', style, languages, parties } })
  expect(status, JSON.stringify(body)).toBe(201)
  return body.id
}

/** A revision's text in `lang` as the API shows it: title, preamble, each clause's label, heading and lines, final provisions. */
async function revisionText(documentId: string, seq: number, token: string, lang = ''): Promise<unknown> {
  const { status, body } = await server.request('GET', `/api/documents/${documentId}/revisions/${seq}${lang ? `?lang=${lang}` : ''}`, { token })
  expect(status).toBe(200)
  const { title, preamble, finalProvisions, clauses } = body.content
  return { title, preamble, finalProvisions, clauses: clauses.map((clause: { label: string; heading: string; text: string }) => [clause.label, clause.heading, clause.text]) }
}

const revisionCount = async (documentId: string) => (await server.request('GET', `/api/documents/${documentId}/revisions`)).body.revisions.length

describe('Counterpart’s own files imported again', () => {
  it('gives back a signing original in a blank document: the same clauses, paragraphs and words in every language, as one change between two revisions', async () => {
    const originals = await exportOriginals(server, { trilingual: true })
    const target = await blankDocument({ working: 'en', others: ['th', 'km'] }, 'treaty')
    const thai = await server.addMember(target, 'delegate', 'TH', 'Khun Somchai')
    const preview = await previewed(target, originals.TH, thai.token)
    expect(preview.applied).toBe(false)
    expect(preview.texts.map((text) => [text.lang, text.target])).toEqual([['en', 'working'], ['th', 'translation'], ['km', 'translation']])
    expect(await revisionCount(target)).toBe(0)

    const result = await applied(target, originals.TH, thai.token)
    expect(result.revisions).toEqual({ before: 1, after: 2 })
    expect(result.report.counts.unmapped).toBe(0)
    for (const lang of ['', 'th', 'km']) {
      expect(await revisionText(target, result.revisions.after, thai.token, lang)).toEqual(await revisionText(originals.documentId, originals.revision, originals.secretariat.token, lang))
    }
    const { body: revisions } = await server.request('GET', `/api/documents/${target}/revisions`)
    expect(revisions.revisions[1]).toMatchObject({ label: 'Imported a Word draft', createdBy: { memberId: thai.id, party: 'TH' } })
    const { body: compare } = await server.request('GET', `/api/documents/${target}/compare?from=1&to=2`, { token: thai.token })
    // The blank clause the document was created with is the first clause rewritten; the rest are added.
    expect(compare.clauses.filter((clause: { change: string }) => clause.change === 'added').length).toBeGreaterThan(5)
  })

  it('gives back either side of a redline: its changes accepted, the text after; rejected, the text before', async () => {
    const documentId = await server.draftDocument('anti-trafficking-mou', { style: 'mou' })
    const delegate = await server.addMember(documentId, 'delegate', 'KH', 'Lok Sokha')
    // The edit the redline shows is an import of its own: a short memorandum in place of the starter one.
    const short = await wordFile([{ children: [para('Memorandum on Police Cooperation'), para('Recognizing the need;'), para('Have reached the following understanding:'), para('Paragraph 1 – Objectives'), para('The Participants will cooperate closely.'), para('Paragraph 2 – Costs'), para('Each Participant bears its own costs.')] }])
    const { revisions } = await applied(documentId, short, delegate.token)
    const response = await fetch(`${server.url}/api/documents/${documentId}/compare.docx?from=${revisions.before}&to=${revisions.after}`, { headers: { authorization: `Bearer ${delegate.token}` } })
    expect(response.status).toBe(200)
    const redline = new Uint8Array(await response.arrayBuffer())
    for (const [changes, seq] of [['accept', revisions.after], ['reject', revisions.before]] as const) {
      const target = await blankDocument()
      const member = await server.addMember(target, 'delegate', 'KH')
      const result = await applied(target, redline, member.token, `&changes=${changes}`)
      expect(await revisionText(target, result.revisions.after, member.token)).toEqual(await revisionText(documentId, seq, delegate.token))
    }
  })
})

describe('files written by other programs', () => {
  const html = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>MOU</title></head><body>
<h1>Memorandum of Understanding on Police Cooperation</h1>
<p>Recognizing the long-standing friendship between the two Kingdoms;</p>
<p>Have reached the following understanding:</p>
<h2>Article 1 – Objectives</h2>
<ol><li>The Participants will cooperate against trafficking in persons.</li><li>They will exchange information on:<ol type="a"><li>routes;</li><li>offenders.</li></ol></li></ol>
<h2>Article 2 – Costs</h2>
<p>Each Participant bears its own costs, as Article 1 provides.</p>
</body></html>`
  const odt = `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:styles>
  <style:style style:name="Title" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/></style:style>
  <style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" style:default-outline-level="1"/>
  <text:outline-style style:name="Outline"><text:outline-level-style text:level="1" style:num-prefix="Article " style:num-format="1"/></text:outline-style>
  <text:list-style style:name="Paragraphs">
   <text:list-level-style-number text:level="1" style:num-suffix="." style:num-format="1"/>
   <text:list-level-style-number text:level="2" style:num-prefix="(" style:num-suffix=")" style:num-format="a"/>
   <text:list-level-style-number text:level="3" style:num-prefix="(" style:num-suffix=")" style:num-format="i"/>
  </text:list-style>
 </office:styles>
 <office:body><office:text>
  <text:p text:style-name="Title">Memorandum of Understanding on Police Cooperation</text:p>
  <text:p>DESIRING to strengthen cooperation;</text:p>
  <text:p>HAVE REACHED the following understanding:</text:p>
  <text:h text:style-name="Heading_20_1" text:outline-level="1">Definitions</text:h>
  <text:list text:style-name="Paragraphs">
   <text:list-item><text:p>For this Memorandum:</text:p>
    <text:list><text:list-item><text:p>“victim” means a person trafficked;</text:p>
     <text:list><text:list-item><text:p>whatever their age;</text:p></text:list-item><text:list-item><text:p>whatever their consent;</text:p></text:list-item></text:list>
    </text:list-item><text:list-item><text:p>“offence” means trafficking.</text:p></text:list-item></text:list>
   </text:list-item>
   <text:list-item><text:p>Terms not defined keep their meaning in Article 2.</text:p></text:list-item>
  </text:list>
  <text:h text:style-name="Heading_20_1" text:outline-level="1">Requests</text:h>
  <text:list text:style-name="Paragraphs"><text:list-item text:start-value="3"><text:p>Requests are made in writing.</text:p></text:list-item></text:list>
 </office:text></office:body>
</office:document>`
  let files: Record<string, Uint8Array>

  beforeAll(async () => {
    files = await docxWithLibreOffice({ 'from-html.html': new TextEncoder().encode(html), 'from-odt.fodt': new TextEncoder().encode(odt) })
  }, 180_000)

  /** The preview's working text as lines: "label text". */
  const lines = (preview: ImportPreviewView) => preview.texts[0]!.blocks.map((block) => `${block.label ? `${block.label} ` : ''}${block.text}`)

  /** The preview of file `name` imported by the secretariat of a blank document. */
  async function previewInBlank(name: string): Promise<ImportPreviewView> {
    const documentId = await blankDocument()
    const secretariat = await server.addMember(documentId, 'secretariat')
    return previewed(documentId, files[name]!, secretariat.token)
  }

  it('reads a LibreOffice file made from HTML: headings, its ordered lists as numbered paragraphs and sub-paragraphs, references', async () => {
    const preview = await previewInBlank('from-html.html')
    expect(lines(preview)).toEqual([
      'Memorandum of Understanding on Police Cooperation',
      'Recognizing the long-standing friendship between the two Kingdoms;',
      'Have reached the following understanding:',
      'Paragraph 1 Objectives',
      '1. The Participants will cooperate against trafficking in persons.',
      '2. They will exchange information on:',
      '(a) routes;',
      '(b) offenders.',
      'Paragraph 2 Costs',
      'Each Participant bears its own costs, as Paragraph 1 provides.',
    ])
    expect(preview.report.counts).toMatchObject({ clauses: 2, numberedParagraphs: 2, subParagraphs: 2, references: 1, unmapped: 0 })
  })

  it('reads a LibreOffice file made from ODT: outline numbering as clause labels, three list levels, a list that starts at 3', async () => {
    const preview = await previewInBlank('from-odt.fodt')
    expect(lines(preview)).toEqual([
      'Memorandum of Understanding on Police Cooperation',
      'DESIRING to strengthen cooperation;',
      'HAVE REACHED the following understanding:',
      'Paragraph 1 Definitions',
      '1. For this Memorandum:',
      '(a) “victim” means a person trafficked; (i) whatever their age; (ii) whatever their consent;',
      '(b) “offence” means trafficking.',
      '2. Terms not defined keep their meaning in Paragraph 2.',
      'Paragraph 2 Requests',
      '1. Requests are made in writing.',
    ])
    expect(preview.report.paragraphs.map((entry) => entry.written)).toEqual([null, null, null, 'Article 1', '1.', '(a)', '(i)', '(ii)', '(b)', '2.', 'Article 2', '3.'])
    expect(preview.report.paragraphs.filter((entry) => entry.destination === 'joined').map((entry) => entry.note)).toEqual([expect.stringMatching(/kept as written/), expect.stringMatching(/kept as written/)])
  })
})

describe('tracked changes, comments and languages', () => {
  const tracked = trackedWordDraft

  let documentId: string
  let secretariat: Member
  let thai: Member
  let khmer: Member
  beforeAll(async () => {
    documentId = await blankDocument()
    secretariat = await server.addMember(documentId, 'secretariat', null, 'Joint Secretariat')
    thai = await server.addMember(documentId, 'delegate', 'TH', 'Khun Somchai')
    khmer = await server.addMember(documentId, 'delegate', 'KH', 'Lok Sokha')
  })

  it('asks whose proposals the tracked changes become, and refuses them as another party’s', async () => {
    const file = await tracked()
    const asked = await importFile(documentId, file, secretariat.token)
    expect(asked.status).toBe(400)
    expect(asked.body.error.message).toMatch(/tracked changes \(by Somchai Jaidee, Sok Dara\): name the party whose bracketed proposals they become \(party=TH or party=KH\), or accept or reject them all/)
    expect((await importFile(documentId, file, thai.token, '?party=KH')).status).toBe(403)
    expect((await previewed(documentId, file, secretariat.token, '?party=TH')).report.bracketOwner).toBe('TH')
    expect(await revisionCount(documentId)).toBe(0)
  })

  it('makes the tracked changes the importing party’s brackets and the comments threads on the same words, as one attributed change', async () => {
    const result = await applied(documentId, await tracked(), khmer.token)
    expect(result.report).toMatchObject({ bracketOwner: 'KH', authors: [{ name: 'Somchai Jaidee', deletions: 1 }, { name: 'Sok Dara', insertions: 1 }], counts: { brackets: 1, comments: 2 } })
    const { body: content } = await server.request('GET', `/api/documents/${documentId}/content`, { token: khmer.token })
    expect(content.clauses[0].brackets).toEqual([expect.objectContaining({ owner: 'KH', owners: ['KH', 'KH'], alternatives: ['thirty', 'sixty'] })])
    expect(content.clauses[0].text).toBe('Requests\nRequests are answered within [thirty] / [sixty] days and made in writing.')
    const { body: comments } = await server.request('GET', `/api/documents/${documentId}/comments`, { token: thai.token })
    expect(comments.threads).toEqual([
      expect.objectContaining({
        id: result.threads[0],
        state: 'anchored',
        text: 'in writing',
        createdBy: expect.objectContaining({ memberId: khmer.id }),
        messages: [expect.objectContaining({ body: 'Malee (2027-01-10), in the Word file: Or by e-mail?' }), expect.objectContaining({ body: 'Dara (2027-01-10), in the Word file: E-mail is writing.' })],
      }),
    ])
    const { body: audit } = await server.request('GET', `/api/documents/${documentId}/audit`, { token: secretariat.token })
    expect(audit.entries.find((entry: { event: string }) => entry.event === 'draft-imported')).toMatchObject({ details: { changes: 'brackets', bracketOwner: 'KH', authors: [{ name: 'Somchai Jaidee' }, { name: 'Sok Dara' }] } })
  })

  it('accepts or rejects the tracked changes wholesale when the importer chooses, as a new version of the text', async () => {
    const before = await revisionCount(documentId)
    const result = await applied(documentId, await tracked(), secretariat.token, '&changes=accept')
    expect(result.report.counts.brackets).toBe(0)
    expect(result.revisions.after).toBe(before + 1)
    const { body: content } = await server.request('GET', `/api/documents/${documentId}/content`, { token: secretariat.token })
    expect(content.clauses[0].text).toBe('Requests\nRequests are answered within sixty days and made in writing.')
    const { body: compare } = await server.request('GET', `/api/documents/${documentId}/compare?from=${result.revisions.before}&to=${result.revisions.after}`, { token: secretariat.token })
    expect(compare.clauses.map((clause: { change: string }) => clause.change)).toEqual(['modified'])
  })

  it('puts each column of a Thai–English table into the text in its language', async () => {
    const target = await blankDocument({ working: 'en', others: ['th'] })
    const member = await server.addMember(target, 'delegate', 'TH')
    const file = await wordFile([
      {
        children: [
          new Table({
            rows: [
              tableRow('บันทึกความเข้าใจว่าด้วยความร่วมมือ', 'Memorandum of Understanding on Cooperation'),
              tableRow('ตระหนักถึงความร่วมมือ', 'Recognizing the cooperation;'),
              tableRow('ได้มีความเข้าใจร่วมกันดังต่อไปนี้', 'Have reached the following understanding:'),
              tableRow('ข้อ ๑', 'Paragraph 1'),
              tableRow('วัตถุประสงค์', 'Objectives'),
              tableRow('ผู้เข้าร่วมจะร่วมมือกัน', 'The Participants will cooperate.'),
            ],
          }),
        ],
      },
    ])
    const result = await applied(target, file, member.token)
    expect(await revisionText(target, result.revisions.after, member.token)).toMatchObject({ title: 'Memorandum of Understanding on Cooperation', clauses: [['Paragraph 1', 'Objectives', 'Objectives\nThe Participants will cooperate.']] })
    expect(await revisionText(target, result.revisions.after, member.token, 'th')).toMatchObject({ title: 'บันทึกความเข้าใจว่าด้วยความร่วมมือ', clauses: [['ข้อ ๑', 'วัตถุประสงค์', 'วัตถุประสงค์\nผู้เข้าร่วมจะร่วมมือกัน']] })
  })
})

describe('Akoma Ntoso through the same route', () => {
  const clauseIdsOf = async (documentId: string, token: string) => (await server.request('GET', `/api/documents/${documentId}/content`, { token })).body.clauses.map((clause: { id: string }) => clause.id)

  it('gives back a revision exported as AKN: the text as it was, clauses by their ids, in every language', async () => {
    const created = await server.request('POST', '/api/documents', { body: trilingualDocument })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const documentId = created.body.id as string
    const thai = await server.addMember(documentId, 'delegate', 'TH', 'Khun Somchai')
    const ids = await clauseIdsOf(documentId, thai.token)
    const seq = (await server.request('POST', `/api/documents/${documentId}/revisions`, { token: thai.token, body: { label: 'Before the rewrite' } })).body.seq as number
    const exported = await fetch(`${server.url}/api/documents/${documentId}/revisions/${seq}/export.akn`, { headers: { authorization: `Bearer ${thai.token}` } })
    expect(exported.status).toBe(200)
    const zip = new Uint8Array(await exported.arrayBuffer())
    const english = await fetch(`${server.url}/api/documents/${documentId}/revisions/${seq}/export.akn?lang=en`, { headers: { authorization: `Bearer ${thai.token}` } })
    const xml = new Uint8Array(await english.arrayBuffer())

    // The live text rewritten: two clauses in place of the starter's, the rest gone.
    const short = await wordFile([{ children: [para('Memorandum on Police Cooperation'), para('Recognizing the need;'), para('Have reached the following understanding:'), para('Paragraph 1 – Costs'), para('Each Participant bears its own costs.'), para('Paragraph 2 – Objectives'), para('The Participants will cooperate closely.')] }])
    await applied(documentId, short, thai.token)
    expect(await revisionText(documentId, (await revisionCount(documentId)), thai.token)).not.toEqual(await revisionText(documentId, seq, thai.token))

    // Told by its bytes (no XML type said), previewed without a change: each language into its text.
    const preview = await importFile(documentId, zip, thai.token, '', 'application/octet-stream')
    expect(preview.status, JSON.stringify(preview.body).slice(0, 500)).toBe(200)
    expect(preview.body.report.format).toBe('akn')
    expect(preview.body.texts.map((text: { lang: string; target: string }) => [text.lang, text.target]).sort()).toEqual([['en', 'working'], ['km', 'translation'], ['th', 'translation']])
    const single = await importFile(documentId, xml, thai.token, '', 'application/akn+xml')
    expect([single.status, single.body.report?.format, single.body.texts?.length]).toEqual([200, 'akn', 1])

    const result = await applied(documentId, zip, thai.token, '', 'application/zip')
    expect(result.report.format).toBe('akn')
    for (const lang of ['', 'th', 'km']) {
      expect(await revisionText(documentId, result.revisions.after, thai.token, lang)).toEqual(await revisionText(documentId, seq, thai.token, lang))
    }
    expect(await clauseIdsOf(documentId, thai.token)).toEqual(ids)
    const { body: revisions } = await server.request('GET', `/api/documents/${documentId}/revisions`)
    expect(revisions.revisions.at(-1)).toMatchObject({ label: 'Imported an Akoma Ntoso draft', createdBy: { memberId: thai.id, party: 'TH' } })
  })

  it('refuses malformed XML in words with a 400, and changes nothing', async () => {
    const documentId = await server.draftDocument('anti-trafficking-mou', { style: 'mou' })
    const member = await server.addMember(documentId, 'delegate', 'TH')
    const before = (await server.request('GET', `/api/documents/${documentId}/content`)).body
    const broken = new TextEncoder().encode('<?xml version="1.0"?><akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><doc><mainBody></doc>')
    for (const type of ['application/xml', 'application/octet-stream']) {
      const answer = await importFile(documentId, broken, member.token, '?apply=1', type)
      expect([answer.status, answer.body.error.message]).toEqual([400, expect.stringMatching(/not well-formed XML/)])
    }
    expect((await server.request('GET', `/api/documents/${documentId}/content`)).body).toEqual(before)
    expect(await revisionCount(documentId)).toBe(0)
  })
})

describe('hostile files', () => {
  const encode = (text: string) => new TextEncoder().encode(text)
  const packageRels = `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`
  const documentXml = (body: string) => `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${body}</w:document>`
  const packageOf = (xml: string) => craftZip([honestEntry('_rels/.rels', encode(packageRels)), honestEntry('word/document.xml', encode(xml))])

  it('refuses each in words with a 4xx, and changes nothing', async () => {
    const documentId = await server.draftDocument('anti-trafficking-mou', { style: 'mou' })
    const member = await server.addMember(documentId, 'delegate', 'TH')
    const before = (await server.request('GET', `/api/documents/${documentId}/content`)).body
    const zeros = await deflatedZeros(200 * 1024 * 1024)
    const cases: [string, Uint8Array, number, RegExp][] = [
      ['not a ZIP', encode('just some text'), 400, /not a readable Word document.*not a ZIP archive/],
      ['a zip bomb', craftZip([honestEntry('_rels/.rels', encode(packageRels)), { name: 'word/document.xml', ...zeros }]), 413, /unpacks to 209715200 bytes/],
      ['no body', packageOf(documentXml('<w:p/>')), 400, /has no body/],
      ['10,000 paragraphs', packageOf(documentXml(`<w:body>${'<w:p><w:r><w:t>Memorandum</w:t></w:r></w:p>'.repeat(10_000)}</w:body>`)), 413, /more than 5000 paragraphs/],
      ['an empty body', new Uint8Array(), 400, /send the Word file .* as the request body/],
    ]
    for (const [what, bytes, status, message] of cases) {
      const answer = await importFile(documentId, bytes, member.token, '?apply=1')
      expect([what, answer.status, answer.body.error.message]).toEqual([what, status, expect.stringMatching(message)])
    }
    const tooBig = await importFile(documentId, new Uint8Array(11 * 1024 * 1024), member.token, '?apply=1')
    expect(tooBig.status).toBe(413)
    expect((await server.request('GET', `/api/documents/${documentId}/content`)).body).toEqual(before)
    expect(await revisionCount(documentId)).toBe(0)
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
  })

  it('refuses an observer', async () => {
    const documentId = await blankDocument()
    const observer = await server.addMember(documentId, 'observer')
    const answer = await importFile(documentId, await wordFile([{ children: [para('Memorandum')] }]), observer.token)
    expect(answer.status).toBe(403)
  })
})
