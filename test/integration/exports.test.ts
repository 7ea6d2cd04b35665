import { execFile } from 'node:child_process'
import { createHash, createPublicKey, verify } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { zipSync } from 'fflate'
import { beforeAll, describe, expect, it } from 'vitest'
import { readPackedZip, readZip, withEntry, zipBytes } from '../../server/export/zipArchive.js'
import { projectRoot } from '../../server/projectRoot.js'
import { clauseById, clauseElements, clauseTexts } from '../support/clauseEditing.js'
import { connectClient, type TestClient } from '../support/collabClient.js'
import { docxPart, paragraphTexts, parseParagraphs, resolveChanges } from '../support/docxText.js'
import { eventually, sleep } from '../support/eventually.js'
import { useServer, useServerProcesses } from '../support/fixtures.js'
import { agreeEveryClause, reopenClause } from '../support/negotiation.js'
import { docxProblems } from '../support/checkDocx.js'
import { renderWithLibreOffice } from '../support/libreOffice.js'
import * as Y from 'yjs'
import { cambodianParty, thaiParty, type TestServer } from '../support/testServer.js'

// Documents stay loaded for the whole file: an automatic checkpoint (recorded when a
// document unloads) would otherwise take revision numbers the tests count on.
const fixture = useServer({ unloadDelayMs: 600_000 })
let server: TestServer
let documentId: string
let secretariat: { id: string; token: string }
let thai: { id: string; token: string }
let khmer: { id: string; token: string }

const thaiText = 'ความร่วมมือระหว่างประเทศ'
const khmerText = 'កិច្ចសហប្រតិបត្តិការ'

async function flushed(client: TestClient): Promise<void> {
  await eventually(async () => {
    const live = await server.server.registry.peek(documentId)
    expect(Y.encodeStateVector(live!.doc)).toEqual(Y.encodeStateVector(client.doc))
  })
}

async function download(path: string, token = secretariat.token): Promise<{ status: number; bytes: Uint8Array; headers: Headers }> {
  const response = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } })
  return { status: response.status, bytes: new Uint8Array(await response.arrayBuffer()), headers: response.headers }
}

const exportPath = (seq: number, party: string) => `/api/documents/${documentId}/revisions/${seq}/export.docx?counterpart=${party}`

beforeAll(async () => {
  server = fixture.server
  documentId = await server.draftDocument('anti-trafficking-mou', { style: 'treaty', variables: {} })
  secretariat = await server.addMember(documentId, 'secretariat', null, 'Joint Secretariat')
  thai = await server.addMember(documentId, 'delegate', 'TH', 'Khun Somchai')
  khmer = await server.addMember(documentId, 'delegate', 'KH', 'Lok Sokha')
  const client = connectClient(server.collabUrl, documentId, thai.token)
  await client.synced()
  clauseTexts(clauseElements(client.fragment)[1]!)[0]!.insert(0, `${thaiText} and ${khmerText}: `)
  await flushed(client)
  client.destroy()
  await agreeEveryClause(server, documentId, thai.token, khmer.token)
  expect((await server.request('POST', `/api/documents/${documentId}/revisions`, { token: thai.token, body: { label: 'For signature' } })).status).toBe(201)
})

/** The texts Counterpart shows for a revision (with the parties in `counterpart`'s order), one line per paragraph of a signing original. */
async function expectedClauseLines(seq: number, counterpart: string | null = null): Promise<string[]> {
  const { body } = await server.request('GET', `/api/documents/${documentId}/revisions/${seq}${counterpart ? `?counterpart=${counterpart}` : ''}`)
  return body.content.clauses.flatMap((clause: { label: string; text: string }) => [
    clause.label,
    ...clause.text.split('\n').map((line: string) => line.replace(/^(\d+\.|\([a-z]+\)) /, '$1\t')),
  ])
}

describe('signing originals of an English-only document', () => {
  it('are for the secretariat (and the administrator) only', async () => {
    expect((await download(exportPath(1, 'TH'), thai.token)).status).toBe(403)
    const observer = await server.addMember(documentId, 'observer')
    expect((await download(exportPath(1, 'TH'), observer.token)).status).toBe(403)
    expect((await download(exportPath(1, 'TH'), server.adminToken)).status).toBe(200)
    expect((await server.request('GET', `/api/documents/${documentId}/revisions/1/export.docx?counterpart=VN`, { token: secretariat.token })).body.error.message).toBe(
      'parameter "counterpart" must be "TH" or "KH" (got "VN")',
    )
    expect((await download(exportPath(7, 'TH'))).status).toBe(404)
  })

  it('follow the alternat: each party is named first and signs first in its own copy', async () => {
    const copies = { TH: (await download(exportPath(1, 'TH'))).bytes, KH: (await download(exportPath(1, 'KH'))).bytes }
    const [own, other] = [thaiParty.name, cambodianParty.name]
    const title = (bytes: Uint8Array) => paragraphTexts(docxPart(bytes, 'word/document.xml'))[0]
    expect(title(copies.TH)).toBe(`Agreement between the ${own} and the ${other} on Police Cooperation in Combating Trafficking in Persons`)
    expect(title(copies.KH)).toBe(`Agreement between the ${other} and the ${own} on Police Cooperation in Combating Trafficking in Persons`)
    const texts = (bytes: Uint8Array) => paragraphTexts(docxPart(bytes, 'word/document.xml'))
    expect(texts(copies.KH)[1]).toMatch(new RegExp(`^The ${other} and the ${own}, hereinafter`))
    const signatures = (bytes: Uint8Array) => texts(bytes).filter((text) => text === `For the ${own}` || text === `For the ${other}`)
    expect(signatures(copies.TH)).toEqual([`For the ${own}`, `For the ${other}`])
    expect(signatures(copies.KH)).toEqual([`For the ${other}`, `For the ${own}`])
    // An original carries no drafting header.
    expect(Object.keys(readZip(copies.KH)).filter((name) => name.startsWith('word/header'))).toEqual([])
    for (const [party, bytes] of Object.entries(copies)) expect([party, await docxProblems(bytes, `${party}.docx`)]).toEqual([party, []])
  })

  it('hold every clause numbered exactly as Counterpart shows it, as text, with the final provisions', async () => {
    const { bytes } = await download(exportPath(1, 'KH'))
    const texts = paragraphTexts(docxPart(bytes, 'word/document.xml'))
    const expected = await expectedClauseLines(1, 'KH')
    expect(expected.join('\n')).toContain('CNP and DSI shall each designate a focal point')
    const start = texts.indexOf('Article 1')
    expect(texts.slice(start, start + expected.length)).toEqual(expected)
    expect(texts).toContain('Article 19')
    expect(texts).toContain('IN WITNESS WHEREOF, the undersigned, being duly authorised thereto, have signed this Agreement.')
    expect(texts.some((text) => text.startsWith('Done at ____________ on ____________, in two originals, each in the English languages'))).toBe(true)
    // Numbers are text: no paragraph uses Word list numbering.
    expect(docxPart(bytes, 'word/document.xml')).not.toContain('<w:numPr>')
  })

  it('carry core and custom properties, a footer with page numbers, and the fingerprint only when asked', async () => {
    const { bytes, headers } = await download(exportPath(1, 'TH'))
    const { body: revision } = await server.request('GET', `/api/documents/${documentId}/revisions/1`)
    const core = docxPart(bytes, 'docProps/core.xml')
    expect(core).toContain('<dc:creator>Counterpart</dc:creator>')
    expect(core).toMatch(/<dc:title>Agreement between the Department/)
    expect(core).toContain('<dc:subject>Original of the Department of Special Investigation')
    const custom = docxPart(bytes, 'docProps/custom.xml')
    for (const [name, value] of [
      ['CounterpartDocumentId', documentId],
      ['CounterpartRevision', '1'],
      ['CounterpartContentHash', revision.contentHash],
      ['CounterpartParty', 'TH'],
      ['CounterpartLanguages', 'en'],
    ]) {
      expect(custom).toContain(`name="${name}"><vt:lpwstr>${value}</vt:lpwstr>`)
    }
    expect(custom).toMatch(/name="CounterpartSeal"><vt:lpwstr>[A-Za-z0-9+/=]{88}<\/vt:lpwstr>/)
    const footer = docxPart(bytes, 'word/footer1.xml')
    expect(paragraphTexts(footer)).toEqual(['Page '])
    expect(footer).toMatch(/PAGE/)
    expect(footer).not.toContain(revision.contentHash.slice(0, 12))
    const { body: key } = { body: await (await fetch(`${server.url}/api/seal/public-key`)).text() }
    const keyFingerprint = createHash('sha256').update(createPublicKey(key).export({ type: 'spki', format: 'der' })).digest('hex')
    const marked = await download(`${exportPath(1, 'TH')}&fingerprint=1`)
    expect(paragraphTexts(docxPart(marked.bytes, 'word/footer1.xml'))).toEqual([`1 · ${revision.contentHash.slice(0, 16)} · ${keyFingerprint.slice(0, 16)}`, 'Page '])
    expect((await download(`${exportPath(1, 'TH')}&fingerprint=yes`)).status).toBe(400)
    expect(headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
    expect(headers.get('x-content-sha256')).toMatch(/^[0-9a-f]{64}$/)
  })

  it('set the complex-script font, size and language of Thai and Khmer runs through their character styles', async () => {
    const bytes = (await download(exportPath(1, 'TH'))).bytes
    const document = docxPart(bytes, 'word/document.xml')
    const styles = docxPart(bytes, 'word/styles.xml')
    const runOf = (text: string) => [...document.matchAll(/<w:r>[\s\S]*?<\/w:r>/g)].map(([run]) => run).find((run) => run.includes(text))!
    const styleOf = (id: string) => new RegExp(`w:styleId="${id}"[\\s\\S]*?</w:style>`).exec(styles)![0]
    expect(runOf(thaiText)).toContain('<w:rStyle w:val="ThaiText"/>')
    expect(runOf(khmerText)).toContain('<w:rStyle w:val="KhmerText"/>')
    expect(styleOf('ThaiText')).toMatch(/w:cs="TH Sarabun New"[\s\S]*w:bidi="th-TH"/)
    expect(styleOf('KhmerText')).toMatch(/w:cs="Khmer OS Siemreap"[\s\S]*w:bidi="km-KH"/)
  })

  it('are byte for byte the same when exported again, and verify; a changed byte or a re-packed copy does not', async () => {
    const first = await download(exportPath(1, 'TH'))
    await sleep(1100)
    const second = await download(exportPath(1, 'TH'))
    expect(Buffer.from(second.bytes).equals(Buffer.from(first.bytes))).toBe(true)

    const check = async (bytes: Uint8Array) => {
      const response = await fetch(`${server.url}/api/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
        body: Buffer.from(bytes),
      })
      return response.json()
    }
    expect(await check(first.bytes)).toEqual({
      valid: true,
      document: { id: documentId, title: expect.any(String) },
      revision: 1,
      contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      counterpart: 'TH',
      languages: ['en'],
      round: null,
      // The first export of these exact bytes was the administrator's (in the first test).
      exportedBy: { kind: 'admin', memberId: null, name: null, party: null },
      exportedAt: expect.any(String),
    })
    const flipped = first.bytes.slice()
    flipped[Math.floor(flipped.length / 2)]! ^= 0x01
    expect(await check(flipped)).toEqual({ valid: false, reason: expect.any(String) })
    const repacked = zipSync(readZip(first.bytes))
    expect(await check(repacked)).toEqual({ valid: false, reason: 'the file has been altered or re-packed since it was sealed' })
    expect(await check(new TextEncoder().encode('not a docx'))).toEqual({ valid: false, reason: 'the file is not a DOCX (ZIP) archive' })
  })

  it('carry a seal anyone can check with the public key, online or offline', async () => {
    const { bytes } = await download(exportPath(1, 'KH'))
    const pem = await (await fetch(`${server.url}/api/seal/public-key`)).text()
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----/)
    const custom = docxPart(bytes, 'docProps/custom.xml')
    const signature = /name="CounterpartSeal"><vt:lpwstr>([^<]+)</.exec(custom)![1]!
    expect(signature).not.toBe('unsealed')

    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'counterpart-verify-'))
    try {
      fs.writeFileSync(path.join(directory, 'copy.docx'), bytes)
      fs.writeFileSync(path.join(directory, 'public.pem'), pem)
      const cli = (file: string) =>
        promisify(execFile)(process.execPath, ['--import', 'tsx', 'server/verifyCommand.ts', file, '--key', path.join(directory, 'public.pem')], {
          cwd: projectRoot(),
        }).then(
          (result) => ({ code: 0, output: result.stdout }),
          (error: { code: number; stdout: string }) => ({ code: error.code, output: error.stdout }),
        )
      const good = await cli(path.join(directory, 'copy.docx'))
      expect(good.code).toBe(0)
      expect(JSON.parse(good.output)).toMatchObject({ valid: true, documentId, revision: 1, counterpart: 'KH' })
      const altered = bytes.slice()
      altered[altered.length - 30]! ^= 0xff
      fs.writeFileSync(path.join(directory, 'altered.docx'), altered)
      const bad = await cli(path.join(directory, 'altered.docx'))
      expect(bad.code).toBe(1)
      expect(JSON.parse(bad.output).valid).toBe(false)
    } finally {
      fs.rmSync(directory, { recursive: true, force: true })
    }
    // Independently: an ordinary Ed25519 signature over the documented statement (the file with its seal property
    // set back to `unsealed`, that part deflated again as Counterpart deflates, the other entries as they are).
    const unsealed = withEntry(readPackedZip(bytes), 'docProps/custom.xml', new TextEncoder().encode(custom.replace(signature, 'unsealed')))
    const statement = {
      contentHash: /name="CounterpartContentHash"><vt:lpwstr>([^<]+)</.exec(custom)![1],
      counterpart: 'KH',
      documentId,
      docxSha256: createHash('sha256').update(zipBytes(unsealed)).digest('hex'),
      format: 'counterpart-seal/2',
      languages: 'en',
      revision: 1,
    }
    expect(verify(null, Buffer.from(JSON.stringify(statement)), pem, Buffer.from(signature, 'base64'))).toBe(true)
  })
})

describe('redlines', () => {
  it('mark every difference as a tracked change by the right party; accepting all gives the new text, rejecting all the old', async () => {
    const a = connectClient(server.collabUrl, documentId, thai.token)
    const b = connectClient(server.collabUrl, documentId, khmer.token)
    await Promise.all([a.synced(), b.synced()])
    const ids = clauseElements(a.fragment).map((clause) => clause.getAttribute('id') as string)
    // The text for signature was agreed: the clauses this round changes are reopened first.
    for (const index of [3, 5, 8, 12]) await reopenClause(server, documentId, ids[index]!, thai.token, khmer.token)
    await eventually(() => expect(clauseById(b.fragment, ids[12]!).getAttribute('status')).toBe('under-negotiation'))
    clauseTexts(clauseById(a.fragment, ids[3]!))[0]!.insert(0, 'THAI PROPOSAL ')
    const khmerTarget = clauseTexts(clauseById(b.fragment, ids[5]!))[1]!
    khmerTarget.delete(0, 12)
    khmerTarget.insert(0, 'KHMER WORDING ')
    a.doc.transact(() => {
      const clause = clauseById(a.fragment, ids[8]!)
      const paragraph = new Y.XmlElement('paragraph')
      paragraph.insert(0, [new Y.XmlText('A paragraph Thailand added.')])
      clause.push([paragraph])
    })
    b.doc.transact(() => b.fragment.delete(b.fragment.toArray().indexOf(clauseById(b.fragment, ids[12]!)), 1))
    await flushed(a)
    await flushed(b)
    await eventually(() => expect(Y.encodeStateVector(a.doc)).toEqual(Y.encodeStateVector(b.doc)))
    await server.request('POST', `/api/documents/${documentId}/clauses`, { token: khmer.token, body: { templateId: 'costs', after: ids[15] } })
    await server.request('POST', `/api/documents/${documentId}/revisions`, { token: khmer.token, body: { label: 'After the round' } })
    a.destroy()
    b.destroy()

    const { status, bytes } = await download(`/api/documents/${documentId}/compare.docx?from=1&to=2`, khmer.token)
    expect(status).toBe(200)
    // Word's element order and tracked-change rules hold, with paragraphs and clauses inserted and deleted.
    expect(await docxProblems(bytes, 'redline.docx')).toEqual([])
    const xml = docxPart(bytes, 'word/document.xml')
    const authorsOf = (text: string, tag: 'ins' | 'del') =>
      [...xml.matchAll(new RegExp(`<w:${tag} w:id="\\d+" w:author="([^"]*)" w:date="[^"]*">(?:(?!</w:${tag}>)[\\s\\S])*${text}`, 'g'))].map((match) => match[1])
    expect(authorsOf('THAI PROPOSAL', 'ins')).toEqual(['Thailand — DSI (Khun Somchai)'])
    expect(authorsOf('KHMER WORDING', 'ins')).toEqual(['Cambodia — CNP (Lok Sokha)'])
    expect(authorsOf('A paragraph Thailand added.', 'ins')).toEqual(['Thailand — DSI (Khun Somchai)'])
    expect(xml).toMatch(/<w:del [^>]*w:author="Cambodia — CNP \(Lok Sokha\)"/)
    expect(xml).toMatch(/<w:ins w:id="\d+" w:author="[^"]+" w:date="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"/)
    // Paragraph marks of added and removed paragraphs are tracked too, by whoever added or removed them.
    expect(parseParagraphs(xml).some((paragraph) => paragraph.mark === 'insert')).toBe(true)
    expect(xml).toMatch(/<w:pPr>(?:(?!<\/w:pPr>)[\s\S])*<w:ins w:id="\d+" w:author="Thailand — DSI \(Khun Somchai\)"/)
    expect(parseParagraphs(xml).some((paragraph) => paragraph.mark === 'delete')).toBe(true)
    // Changed runs keep the formatting of their neighbours.
    expect(xml).toMatch(/<w:ins [^>]*><w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:cs="[^"]+"[^>]*\/><w:sz w:val="24"\/>/)
    // Numbers hang on a real tab, not a tab character in the text.
    expect(xml).not.toMatch(/<w:t[^>]*>[^<]*\t/)

    const resolved = async (seq: number) => {
      const { body } = await server.request('GET', `/api/documents/${documentId}/revisions/${seq}`)
      const { content } = body
      return [
        content.title,
        ...content.preamble.split('\n'),
        ...(await expectedClauseLines(seq)),
        ...content.finalProvisions.split('\n'),
      ]
    }
    expect(resolveChanges(xml, 'accept')).toEqual(await resolved(2))
    expect(resolveChanges(xml, 'reject')).toEqual(await resolved(1))
  })
})

describe('in a real word processor', () => {
  it('the counterparts and the redline open and render every article, with Thai and Khmer glyphs and page numbers', async () => {
    const counterpart = (await download(exportPath(1, 'TH'))).bytes
    const redline = (await download(`/api/documents/${documentId}/compare.docx?from=1&to=live`)).bytes
    const rendered = await renderWithLibreOffice({ 'counterpart-TH.docx': counterpart, 'redline.docx': redline })
    const copy = rendered['counterpart-TH.docx']!
    for (let article = 1; article <= 19; article++) expect(copy.text).toContain(`Article ${article}`)
    for (const heading of ['Definitions', 'Requests for Assistance', 'Languages and Authentic Texts']) expect(copy.text).toContain(heading)
    // Justified lines spread Thai and Khmer clusters apart in pdftotext's layout: compare without spaces.
    const unspaced = copy.text.replace(/\s+/g, '')
    expect(unspaced).toContain(thaiText)
    expect(unspaced).toContain(khmerText)
    expect(copy.fonts).toMatch(/Laksaman|Garuda|Loma|Norasi|Kinnari|Sawasdee|TlwgTypo|Umpush|Waree|Purisa|TH ?Sarabun/)
    expect(copy.fonts).toMatch(/Khmer ?OS/)
    expect(copy.pages).toBeGreaterThan(5)
    expect(copy.text).toContain(`Page ${copy.pages}`)
    expect(rendered['redline.docx']!.text).toContain('THAI PROPOSAL')
  }, 240_000)
})

describe('reproducibility across processes and time zones', () => {
  const processes = useServerProcesses()

  it('gives the same bytes from a server in Bangkok time and one in Los Angeles time, whatever either has written before', async () => {
    const bangkok = await processes.spawn({ TZ: 'Asia/Bangkok' })
    const { body } = await bangkok.request('POST', '/api/documents', { body: { template: 'anti-trafficking-mou', parties: [thaiParty, cambodianParty] } })
    const member = await bangkok.addMember(body.id, 'secretariat')
    const [thaiDelegate, khmerDelegate] = [await bangkok.addMember(body.id, 'delegate', 'TH'), await bangkok.addMember(body.id, 'delegate', 'KH')]
    await agreeEveryClause(bangkok, body.id, thaiDelegate.token, khmerDelegate.token)
    await bangkok.request('POST', `/api/documents/${body.id}/revisions`, { token: member.token, body: { label: 'Final' } })
    const fetchCopy = async (url: string, counterpart = 'KH') => {
      const response = await fetch(`${url}/api/documents/${body.id}/revisions/1/export.docx?counterpart=${counterpart}`, { headers: { authorization: `Bearer ${member.token}` } })
      expect(response.status).toBe(200)
      return Buffer.from(await response.arrayBuffer())
    }
    // Bangkok writes the KH copy with nothing kept; Los Angeles after the TH copy, whose clauses without party names it keeps.
    const first = await fetchCopy(bangkok.url)
    await bangkok.close()
    await sleep(1100)
    const losAngeles = await processes.spawn({ TZ: 'America/Los_Angeles' })
    await fetchCopy(losAngeles.url, 'TH')
    const second = await fetchCopy(losAngeles.url)
    expect(second.equals(first)).toBe(true)
    await losAngeles.close()
  })
})
