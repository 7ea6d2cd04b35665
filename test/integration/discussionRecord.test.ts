/**
 * The Record of Discussion against a real server, database and word
 * processor: a round opened and closed around a negotiation scripted with
 * two stock clients and the API; the record of it for each party — what
 * was agreed (with the text), what remains open with each party's
 * bracketed position, the decisions in order, sixty people a delegation
 * in tables that break across pages, the next meeting, the heads'
 * blocks in the alternat's order — sealed, verified, reproducible, clean
 * for Word and read by LibreOffice. In Thai once the quoted texts are
 * confirmed in Thai.
 */

import { beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { clauseById, clauseTexts } from '../support/clauseEditing.js'
import { connectClient, type TestClient } from '../support/collabClient.js'
import { docxPart, paragraphTexts } from '../support/docxText.js'
import { docxProblems } from '../support/checkDocx.js'
import { eventually } from '../support/eventually.js'
import { renderWithLibreOffice } from '../support/libreOffice.js'
import { fullDelegations, setStatus } from '../support/negotiation.js'
import { fileSha256, verdictOn } from '../support/signingOriginals.js'
import { useServer } from '../support/fixtures.js'
import { testSealKey, trilingualDocument, type TestServer } from '../support/testServer.js'
import { checkSeal } from '../../server/export/seal.js'

const fixture = useServer()
let server: TestServer
beforeAll(() => {
  server = fixture.server
})

const delegation = (party: string, size: number) =>
  Array.from({ length: size }, (_, index) => ({
    party,
    name: `${party} participant ${index + 1}`,
    title: index === 0 ? 'Police General' : 'Police Colonel',
    organisation: party === 'TH' ? 'Department of Special Investigation' : 'Cambodian National Police',
    role: index === 0 ? 'Head of delegation' : 'Member',
  }))

async function download(path: string, token: string): Promise<{ status: number; bytes: Uint8Array; text: string }> {
  const response = await fetch(server.url + path, { headers: { authorization: `Bearer ${token}` } })
  const bytes = new Uint8Array(await response.arrayBuffer())
  return { status: response.status, bytes, text: response.status === 200 ? '' : new TextDecoder().decode(bytes) }
}

/** Waits until the server's live document holds everything `client` wrote. */
async function flushed(documentId: string, client: TestClient): Promise<void> {
  await eventually(async () => expect(Y.encodeStateVector((await server.server.registry.peek(documentId))!.doc)).toEqual(Y.encodeStateVector(client.doc)))
}

/** The paragraphs of the document's body that follow the one reading `heading`, up to the next of `headings`. */
function section(paragraphs: string[], heading: string, headings: string[]): string[] {
  const start = paragraphs.indexOf(heading)
  expect(start, `no paragraph reads "${heading}"`).toBeGreaterThanOrEqual(0)
  const end = paragraphs.findIndex((text, index) => index > start && headings.includes(text))
  return paragraphs.slice(start + 1, end < 0 ? undefined : end)
}

const headings = ['Attendance', 'Agenda', 'The text discussed', 'Decisions taken', 'Next meeting']

describe('the Record of Discussion of a round', () => {
  it('records what the round agreed, what it left open with each party’s position, and the decisions in order, for each party with its own name first, sealed, verifiable and reproducible', { timeout: 240_000 }, async () => {
    const { documentId, members, clauseIds } = await fullDelegations(server)
    const { body: document } = await server.request('GET', `/api/documents/${documentId}`)
    const nameOf = (code: string) => document.parties.find((party: { code: string }) => party.code === code).name as string
    const shortOf = (code: string) => document.parties.find((party: { code: string }) => party.code === code).shortName as string
    const rounds = `/api/documents/${documentId}/rounds`
    const token = members.secretariat.token

    // Before the round: two proposals in brackets, each with both parties' alternatives.
    const thai = connectClient(server.collabUrl, documentId, members.thDelegate.token)
    const khmer = connectClient(server.collabUrl, documentId, members.khDelegate.token)
    await Promise.all([thai.synced(), khmer.synced()])
    const daysText = clauseTexts(clauseById(thai.fragment, clauseIds[6]!))[0]!
    daysText.insert(0, 'within thirty days', { bracket: { id: 'br-days', owner: 'TH', alt: 0 } })
    const termText = clauseTexts(clauseById(thai.fragment, clauseIds[7]!))[0]!
    termText.insert(0, 'five years', { bracket: { id: 'br-term', owner: 'TH', alt: 0 } })
    await flushed(documentId, thai)
    await eventually(() => expect(Y.encodeStateVector(khmer.doc)).toEqual(Y.encodeStateVector(thai.doc)))
    clauseTexts(clauseById(khmer.fragment, clauseIds[6]!))[0]!.insert('within thirty days'.length, 'within sixty days', { bracket: { id: 'br-days', owner: 'KH', alt: 1 } })
    clauseTexts(clauseById(khmer.fragment, clauseIds[7]!))[0]!.insert('five years'.length, 'ten years', { bracket: { id: 'br-term', owner: 'KH', alt: 1 } })
    await flushed(documentId, khmer)

    const attendance = [...delegation('TH', 60), ...delegation('KH', 60)]
    const agenda = [
      { clauseId: clauseIds[6], topic: 'Time limits for requests' },
      { clauseId: clauseIds[7], topic: 'Duration' },
      { clauseId: null, topic: 'Date of the next meeting' },
    ]
    const planned = await server.request('POST', rounds, { token, body: { title: '11th Meeting', place: 'Phnom Penh', startDate: '2027-03-01', endDate: '2027-03-03', attendance, agenda } })
    expect(planned.status).toBe(201)
    expect((await server.request('POST', rounds, { token, body: { title: '12th Meeting', place: 'Bangkok', startDate: '2028-02-14', endDate: '2028-02-16' } })).status).toBe(201)
    expect((await server.request('POST', `${rounds}/1/open`, { token })).status).toBe(200)
    const whileOpen = await download(`${rounds}/1/record.docx?counterpart=TH`, token)
    expect([whileOpen.status, JSON.parse(whileOpen.text).error.message]).toEqual([409, 'round 1 is open: its Record of Discussion is written once it is closed'])

    // The round: TH changes a clause; TH gives up its thirty days for KH's sixty; a clause agreed by both; one agreed ad referendum by KH.
    clauseTexts(clauseById(thai.fragment, clauseIds[3]!))[0]!.insert(0, 'Agreed in Phnom Penh: ')
    await flushed(documentId, thai)
    const resolved = await server.request('POST', `/api/documents/${documentId}/brackets/br-days/resolve`, { token: members.thDelegate.token, body: { keep: 1 } })
    expect([resolved.status, resolved.body.resolved]).toEqual([200, true])
    await setStatus(server, documentId, clauseIds[5]!, members.thDelegate.token, 'under-negotiation')
    await setStatus(server, documentId, clauseIds[5]!, members.khDelegate.token, 'agreed-ad-referendum')
    await setStatus(server, documentId, clauseIds[5]!, members.thDelegate.token, 'agreed')
    await setStatus(server, documentId, clauseIds[8]!, members.thDelegate.token, 'under-negotiation')
    await setStatus(server, documentId, clauseIds[8]!, members.khDelegate.token, 'agreed-ad-referendum')
    await flushed(documentId, thai)
    const closed = await server.request('POST', `${rounds}/1/close`, { token })
    expect(closed.status).toBe(200)
    // After the round: nothing done now is the round's.
    clauseTexts(clauseById(khmer.fragment, clauseIds[9]!))[0]!.insert(0, 'LATER WORDING ')
    await flushed(documentId, khmer)
    thai.destroy()
    khmer.destroy()

    const { body: round } = await server.request('GET', `${rounds}/1`, { token })
    const { body: content } = await server.request('GET', `/api/documents/${documentId}/content`, { token })
    const labelOf = (clauseId: string) => content.clauses.find((entry: { id: string }) => entry.id === clauseId).label as string
    const thCopy = await download(`${rounds}/1/record.docx?counterpart=TH`, token)
    const khCopy = await download(`${rounds}/1/record.docx?counterpart=KH`, members.khHead.token)
    expect([thCopy.status, khCopy.status]).toEqual([200, 200])
    expect(await docxProblems(thCopy.bytes, 'record-TH.docx')).toEqual([])

    const paragraphs = paragraphTexts(docxPart(thCopy.bytes, 'word/document.xml'))
    expect(paragraphs.slice(0, 3)).toEqual(['RECORD OF DISCUSSION', `11th Meeting between the ${nameOf('TH')} and the ${nameOf('KH')}`, 'Phnom Penh, 1 March 2027 – 3 March 2027'])
    const attending = section(paragraphs, 'Attendance', headings)
    expect(attending.filter((text) => text.startsWith('Delegation of'))).toEqual([`Delegation of the ${nameOf('TH')}`, `Delegation of the ${nameOf('KH')}`])
    for (const person of attendance) expect(attending).toContain(person.name)
    expect(section(paragraphs, 'Agenda', headings)).toEqual([
      `1.\t${labelOf(clauseIds[6]!)}: Time limits for requests`,
      `2.\t${labelOf(clauseIds[7]!)}: Duration`,
      '3.\tDate of the next meeting',
    ])

    const discussed = section(paragraphs, 'The text discussed', headings)
    const clause = (clauseId: string) => {
      const at = discussed.findIndex((text) => text.startsWith(`${labelOf(clauseId)} `))
      expect(at, `the record names ${labelOf(clauseId)}`).toBeGreaterThanOrEqual(0)
      const next = discussed.findIndex((text, index) => index > at && content.clauses.some((entry: { label: string }) => text.startsWith(`${entry.label} `)))
      return discussed.slice(at + 1, next < 0 ? undefined : next)
    }
    expect(round.changes.map((change: { clauseId: string }) => change.clauseId)).toEqual([clauseIds[3], clauseIds[5], clauseIds[6], clauseIds[8]])
    expect(clause(clauseIds[3]!).slice(0, 2)).toEqual(['Remains open.', 'Text as it stands:'])
    expect(clause(clauseIds[3]!)[2]).toMatch(/^(\d+\. )?Agreed in Phnom Penh: /)
    expect(clause(clauseIds[5]!).slice(0, 2)).toEqual(['Agreed by both delegations.', 'Agreed text:'])
    expect(clause(clauseIds[6]!)[2]).toMatch(/^(\d+\. )?within sixty days/)
    expect(clause(clauseIds[6]!).join('\n')).not.toContain('thirty')
    // The agenda's open proposal: each party's alternative, named.
    expect(clause(clauseIds[7]!)).toEqual(expect.arrayContaining(['Remains open.', 'Bracketed positions:', `•\t[five years] (${shortOf('TH')}) / [ten years] (${shortOf('KH')})`]))
    expect(clause(clauseIds[7]!)[2]).toMatch(/^(\d+\. )?\[five years\] \/ \[ten years\]/)
    expect(clause(clauseIds[8]!)[0]).toBe(`Agreed ad referendum by ${shortOf('KH')}.`)
    expect(discussed.join('\n')).not.toContain('LATER WORDING')

    expect(section(paragraphs, 'Decisions taken', headings)).toEqual([
      `1.\t${labelOf(clauseIds[6]!)}: [within thirty days] / [within sixty days] resolved to “within sixty days” by ${shortOf('TH')}`,
      `2.\t${labelOf(clauseIds[5]!)}: put under negotiation by ${shortOf('TH')}`,
      `3.\t${labelOf(clauseIds[5]!)}: agreed ad referendum by ${shortOf('KH')}`,
      `4.\t${labelOf(clauseIds[5]!)}: agreed by ${shortOf('TH')}`,
      `5.\t${labelOf(clauseIds[8]!)}: put under negotiation by ${shortOf('TH')}`,
      `6.\t${labelOf(clauseIds[8]!)}: agreed ad referendum by ${shortOf('KH')}`,
    ])
    expect(section(paragraphs, 'Next meeting', headings).slice(0, 2)).toEqual(['The 12th Meeting will be held at Bangkok from 14 February 2028 to 16 February 2028.', 'Done at Phnom Penh on 3 March 2027.'])
    // The heads' blocks, TH's first in TH's copy and second in KH's.
    const blocks = (bytes: Uint8Array) => {
      const all = paragraphTexts(docxPart(bytes, 'word/document.xml'))
      return all.slice(all.indexOf('Done at Phnom Penh on 3 March 2027.') + 1).filter((text) => text.startsWith('For the delegation of') || /^(TH|KH) participant 1$/.test(text))
    }
    expect(blocks(thCopy.bytes)).toEqual([`For the delegation of the ${nameOf('TH')}`, `For the delegation of the ${nameOf('KH')}`, 'TH participant 1', 'KH participant 1'])
    expect(blocks(khCopy.bytes)).toEqual([`For the delegation of the ${nameOf('KH')}`, `For the delegation of the ${nameOf('TH')}`, 'KH participant 1', 'TH participant 1'])
    expect(paragraphTexts(docxPart(khCopy.bytes, 'word/document.xml'))[1]).toBe(`11th Meeting between the ${nameOf('KH')} and the ${nameOf('TH')}`)

    // Attendance tables: a header row repeated on every page, rows that never split.
    const xml = docxPart(thCopy.bytes, 'word/document.xml')
    const tables = [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((match) => match[0])
    expect(tables).toHaveLength(3)
    const rows = tables.slice(0, 2).flatMap((table) => [...table.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((match) => match[0]))
    expect(rows).toHaveLength(122)
    expect(rows.filter((row) => row.includes('<w:tblHeader/>')).length).toBe(2)
    expect(rows.every((row) => row.includes('<w:cantSplit/>'))).toBe(true)

    // Sealed and recorded: the server vouches for it as the record of round 1, and the same round and party give the same bytes.
    expect(await verdictOn(server, thCopy.bytes)).toMatchObject({ valid: true, revision: closed.body.closedRevision, counterpart: 'TH', languages: ['en'], round: 1, exportedBy: { name: 'Joint Secretariat' } })
    expect(await verdictOn(server, khCopy.bytes)).toMatchObject({ valid: true, counterpart: 'KH', round: 1, exportedBy: { name: 'Gen. Dara', party: 'KH' } })
    // Offline, the seal states it: the format of a record, its round, the revision that closed it.
    const offline = checkSeal(thCopy.bytes, testSealKey.publicKey)
    expect(offline).toMatchObject({ valid: true, statement: { format: 'counterpart-seal/3', round: 1, revision: closed.body.closedRevision, counterpart: 'TH', languages: 'en' } })
    const again = await download(`${rounds}/1/record.docx?counterpart=TH`, members.thHead.token)
    expect(fileSha256(again.bytes)).toBe(fileSha256(thCopy.bytes))
    const { body: audit } = await server.request('GET', `/api/documents/${documentId}/audit`)
    expect(audit.entries.filter((entry: { event: string }) => entry.event === 'record-exported').map((entry: { details: { counterpart: string; sha256: string } }) => [entry.details.counterpart, entry.details.sha256])).toEqual(
      expect.arrayContaining([['TH', fileSha256(thCopy.bytes)], ['KH', fileSha256(khCopy.bytes)]]),
    )
    // Closed, the round's attendance is the record's and stays as it was.
    const late = await server.request('PUT', `${rounds}/1/attendance/TH`, { token: members.thHead.token, body: { attendance: [] } })
    expect([late.status, late.body.error.message]).toEqual([409, 'round 1 is closed: its attendance is part of its Record of Discussion and stays as it was'])

    // LibreOffice lays it out: sixty names a delegation run over pages, and every page of a table starts with its header.
    const { 'record.docx': record } = await renderWithLibreOffice({ 'record.docx': thCopy.bytes })
    const pages = record!.text.split('\f').filter((page) => page.trim() !== '')
    expect(pages.length).toBeGreaterThan(3)
    const tablePages = pages.filter((page) => /(TH|KH) participant \d+ +Police/.test(page))
    expect(tablePages.length).toBeGreaterThan(2)
    for (const page of tablePages) expect(page).toMatch(/No\.\s+Name\s+Title\s+Organisation\s+Role/)
    for (const person of attendance) expect(record!.text).toMatch(new RegExp(`${person.name}\\s`))
  })

  it('is refused, in words, to whoever may not export it, for a party not in the negotiation, a language the document has not, and a round not closed — storing nothing', async () => {
    const { documentId, members } = await fullDelegations(server)
    const rounds = `/api/documents/${documentId}/rounds`
    const token = members.secretariat.token
    await server.request('POST', rounds, { token, body: { title: '11th Meeting', place: 'Phnom Penh', startDate: '2027-03-01', endDate: '2027-03-01' } })
    const planned = await download(`${rounds}/1/record.docx?counterpart=TH`, token)
    expect([planned.status, JSON.parse(planned.text).error.message]).toEqual([409, 'round 1 is planned: its Record of Discussion is written once it is closed'])
    await server.request('POST', `${rounds}/1/open`, { token })
    await server.request('POST', `${rounds}/1/close`, { token })
    const refusals = [
      [await download(`${rounds}/1/record.docx?counterpart=TH`, members.thDelegate.token), 403, /secretariat or a head of delegation \(this member is delegate\)/],
      [await download(`${rounds}/1/record.docx?counterpart=TH`, members.observer.token), 403, /this member is observer/],
      [await download(`${rounds}/1/record.docx?counterpart=XX`, token), 400, /parameter "counterpart" must be "TH" or "KH" \(got "XX"\)/],
      [await download(`${rounds}/1/record.docx`, token), 400, /parameter "counterpart" is required/],
      [await download(`${rounds}/1/record.docx?counterpart=TH&lang=th`, token), 404, /has no text in "th"/],
      [await download(`${rounds}/2/record.docx?counterpart=TH`, token), 404, /has no round 2/],
    ] as const
    for (const [response, status, words] of refusals) expect([response.status, JSON.parse(response.text).error.message]).toEqual([status, expect.stringMatching(words)])
    const { body: audit } = await server.request('GET', `/api/documents/${documentId}/audit`)
    expect(audit.entries.filter((entry: { event: string }) => entry.event === 'record-exported')).toEqual([])
    // The one day of a one-day meeting is written once.
    const made = await download(`${rounds}/1/record.docx?counterpart=TH`, token)
    expect(paragraphTexts(docxPart(made.bytes, 'word/document.xml')).slice(2, 4)).toEqual([
      'Phnom Penh, 1 March 2027',
      expect.stringMatching(/was held at Phnom Penh on 1 March 2027\. /),
    ])
  })

  it('is written in Thai — its words, the clauses’ Thai text and Thai dates — once the Thai texts it quotes are confirmed', { timeout: 120_000 }, async () => {
    const created = await server.request('POST', '/api/documents', { body: trilingualDocument })
    const documentId = created.body.id as string
    const secretariat = await server.addMember(documentId, 'secretariat', null, 'Joint Secretariat')
    const thai = await server.addMember(documentId, 'delegate', 'TH')
    const { body: content } = await server.request('GET', `/api/documents/${documentId}/content`, { token: thai.token })
    const clauseId = content.clauses[2].id as string
    const rounds = `/api/documents/${documentId}/rounds`
    const token = secretariat.token
    await server.request('POST', rounds, { token, body: { title: 'การประชุมครั้งที่ 11', place: 'พนมเปญ', startDate: '2027-03-01', endDate: '2027-03-03', agenda: [{ clauseId, topic: 'ระยะเวลา' }] } })
    await server.request('POST', `${rounds}/1/open`, { token })
    await server.request('POST', `${rounds}/1/close`, { token })
    const unconfirmed = await download(`${rounds}/1/record.docx?counterpart=TH&lang=th`, token)
    expect([unconfirmed.status, JSON.parse(unconfirmed.text).error.message]).toEqual([409, expect.stringContaining(`quotes clauses whose th text is not confirmed at revision`)])
    expect(JSON.parse(unconfirmed.text).error.message).toContain(clauseId)
    const confirmed = await server.request('POST', `/api/documents/${documentId}/clauses/${clauseId}/translations/th/confirm`, { token: thai.token })
    expect(confirmed.status).toBe(201)
    const record = await download(`${rounds}/1/record.docx?counterpart=TH&lang=th`, token)
    expect(record.status).toBe(200)
    expect(await docxProblems(record.bytes, 'record-th.docx')).toEqual([])
    const xml = docxPart(record.bytes, 'word/document.xml')
    const paragraphs = paragraphTexts(xml)
    expect(paragraphs[0]).toBe('บันทึกการหารือ')
    expect(paragraphs[2]).toBe('พนมเปญ, ๑ มีนาคม ๒๕๗๐ – ๓ มีนาคม ๒๕๗๐')
    expect(paragraphs).toContain('ระเบียบวาระการประชุม')
    // The clause quoted in its Thai text.
    const quoted = section(paragraphs, 'ตัวบทที่ได้หารือ', ['มติที่ประชุม'])
    expect(quoted.slice(0, 3)).toEqual([expect.stringMatching(/^ข้อ ๓ \p{Script=Thai}/u), 'ยังไม่ได้ข้อยุติ', 'ตัวบท ณ ปัจจุบัน:'])
    expect(quoted[3]).toMatch(/^๑\. \p{Script=Thai}/u)
    expect(quoted.join('\n')).not.toContain(content.clauses[2].heading)
    expect(xml).toContain('w:fmt="thaiNumbers"')
    expect(await verdictOn(server, record.bytes)).toMatchObject({ valid: true, languages: ['th'], round: 1 })
  })
})
