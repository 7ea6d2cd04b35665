/**
 * Signing originals of the trilingual starter MOU, as a treaty section
 * receives them: each party's original holds the Thai, Khmer and English
 * texts, its own language first; wherever both parties are named, it names
 * its own party first, in every language; the signatories, place and date
 * set through PUT …/signing stand in each text's testimonium and signature
 * blocks. Read back by a real word processor (LibreOffice, poppler) and
 * checked line by line against the content API's rendering for the same
 * counterpart and language; every file passes check-docx.
 */

import { beforeAll, describe, expect, it } from 'vitest'
import { clauseTexts } from '../support/clauseEditing.js'
import { connectClient } from '../support/collabClient.js'
import { docxProblems } from '../support/checkDocx.js'
import { docxPart, paragraphTexts } from '../support/docxText.js'
import { useServer } from '../support/fixtures.js'
import { renderWithLibreOffice, textWithLibreOffice } from '../support/libreOffice.js'
import { agreeEveryClause, setStatus } from '../support/negotiation.js'
import { cnp, dsi } from '../support/parties.js'
import { trilingualDocument, type TestServer } from '../support/testServer.js'

const fixture = useServer({ unloadDelayMs: 600_000 })
let server: TestServer

interface Negotiation {
  documentId: string
  secretariat: { id: string; token: string }
  thai: { id: string; token: string }
  khmer: { id: string; token: string }
}

/** A new treaty-style trilingual starter MOU with its secretariat and a delegate of each party. */
async function negotiation(): Promise<Negotiation> {
  const created = await server.request('POST', '/api/documents', { body: { ...trilingualDocument, style: 'treaty' } })
  expect(created.status, JSON.stringify(created.body)).toBe(201)
  const documentId = created.body.id as string
  return {
    documentId,
    secretariat: await server.addMember(documentId, 'secretariat', null, 'Joint Secretariat'),
    thai: await server.addMember(documentId, 'delegate', 'TH', 'Khun Somchai'),
    khmer: await server.addMember(documentId, 'delegate', 'KH', 'Lok Sokha'),
  }
}

/** Confirms every clause's Thai text (by the Thai delegate) and Khmer text (by the Cambodian one). */
async function confirmTranslations({ documentId, thai, khmer }: Negotiation): Promise<void> {
  const { body } = await server.request('GET', `/api/documents/${documentId}/content`, { token: thai.token })
  for (const clause of body.clauses as { id: string }[]) {
    for (const [lang, member] of [['th', thai], ['km', khmer]] as const) {
      const confirmed = await server.request('POST', `/api/documents/${documentId}/clauses/${clause.id}/translations/${lang}/confirm`, { token: member.token })
      expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(201)
    }
  }
}

const signing = {
  place: { en: 'Phnom Penh', th: 'พนมเปญ', km: 'ភ្នំពេញ' },
  date: '2027-03-15',
  originals: 2,
  prevailingLanguage: 'en',
  signatories: {
    TH: {
      en: { name: 'Pol. Col. Somchai Jaidee', title: 'Director-General, Department of Special Investigation' },
      th: { name: 'พันตำรวจเอก สมชาย ใจดี', title: 'อธิบดีกรมสอบสวนคดีพิเศษ' },
      km: { name: 'ប៉ូលីសវរសេនីយ៍ឯក សុមឆាយ ចៃឌី', title: 'អគ្គនាយក នាយកដ្ឋានស៊ើបអង្កេតករណីពិសេស' },
    },
    KH: {
      en: { name: 'Police Lieutenant General Sok Dara', title: 'Deputy Commissioner General, Cambodian National Police' },
      th: { name: 'พลตำรวจโท ซก ดารา', title: 'รองผู้บัญชาการตำรวจแห่งชาติกัมพูชา' },
      km: { name: 'ឧត្តមសេនីយ៍ទោ សុខ ដារា', title: 'អគ្គស្នងការរង នគរបាលជាតិកម្ពុជា' },
    },
  },
}

let ready: Negotiation
let revision: number

async function download(url: string, token: string): Promise<{ status: number; bytes: Uint8Array; text: string }> {
  const response = await fetch(`${server.url}${url}`, { headers: { authorization: `Bearer ${token}` } })
  const bytes = new Uint8Array(await response.arrayBuffer())
  return { status: response.status, bytes, text: new TextDecoder().decode(bytes) }
}

const originalPath = (party: string, extra = '') => `/api/documents/${ready.documentId}/revisions/${revision}/export.docx?counterpart=${party}${extra}`

beforeAll(async () => {
  server = fixture.server
  ready = await negotiation()
  await confirmTranslations(ready)
  await agreeEveryClause(server, ready.documentId, ready.thai.token, ready.khmer.token)
  const recorded = await server.request('POST', `/api/documents/${ready.documentId}/revisions`, { token: ready.thai.token, body: { label: 'For signature' } })
  revision = recorded.body.seq
  const set = await server.request('PUT', `/api/documents/${ready.documentId}/signing`, { token: ready.secretariat.token, body: signing })
  expect(set.status, JSON.stringify(set.body)).toBe(200)
}, 120_000)

describe('the title, the preamble and the final provisions', () => {
  it('have ids in the content and move through the status route; agreed, their text is locked in every language', async () => {
    const fresh = await negotiation()
    const { body } = await server.request('GET', `/api/documents/${fresh.documentId}/content`, { token: fresh.thai.token })
    expect(body.parts.map((part: { id: string; part: string; status: string }) => [part.id, part.part, part.status])).toEqual([
      ['title', 'title', 'draft'],
      ['preamble', 'preamble', 'draft'],
      ['final-provisions', 'final_provisions', 'draft'],
    ])
    await setStatus(server, fresh.documentId, 'title', fresh.thai.token, 'under-negotiation')
    await setStatus(server, fresh.documentId, 'title', fresh.khmer.token, 'agreed-ad-referendum')
    const { body: after } = await server.request('GET', `/api/documents/${fresh.documentId}/content`, { token: fresh.thai.token })
    expect(after.parts[0]).toMatchObject({ id: 'title', status: 'agreed-ad-referendum', agreements: [expect.objectContaining({ party: 'KH' })] })

    for (const fragment of ['prosemirror', 'prosemirror:th']) {
      const writer = connectClient(server.collabUrl, fresh.documentId, fresh.thai.token)
      await writer.synced()
      const title = writer.doc.getXmlFragment(fragment).toArray()[0] as import('yjs').XmlElement
      clauseTexts(title)[0]!.insert(0, 'DRAFT ')
      expect([fragment, await writer.closed()]).toEqual([fragment, { code: 4409, reason: 'the title is agreed-ad-referendum: its text is locked and the change was not applied' }])
      writer.destroy()
    }
    const { body: unchanged } = await server.request('GET', `/api/documents/${fresh.documentId}/content`, { token: fresh.thai.token })
    expect(unchanged.title).toBe(after.title)
  })

  it('keep an original from being exported until they are agreed, and the refusal says what is missing', async () => {
    const fresh = await negotiation()
    const recorded = await server.request('POST', `/api/documents/${fresh.documentId}/revisions`, { token: fresh.thai.token, body: { label: 'Too early' } })
    const refused = await server.request('GET', `/api/documents/${fresh.documentId}/revisions/${recorded.body.seq}/export.docx?counterpart=TH`, { token: fresh.secretariat.token })
    expect(refused.status).toBe(409)
    expect(refused.body.error.message).toMatch(/^revision \d+ is not ready for signature: not every text is confirmed: clause [\w-]+ in th \(draft\)/)

    await confirmTranslations(fresh)
    const { body } = await server.request('GET', `/api/documents/${fresh.documentId}/content`, { token: fresh.thai.token })
    for (const clause of body.clauses as { id: string }[]) {
      await setStatus(server, fresh.documentId, clause.id, fresh.thai.token, 'under-negotiation')
      await setStatus(server, fresh.documentId, clause.id, fresh.khmer.token, 'agreed-ad-referendum')
      await setStatus(server, fresh.documentId, clause.id, fresh.thai.token, 'agreed')
    }
    const again = await server.request('POST', `/api/documents/${fresh.documentId}/revisions`, { token: fresh.thai.token, body: { label: 'Clauses agreed' } })
    const stillRefused = await server.request('GET', `/api/documents/${fresh.documentId}/revisions/${again.body.seq}/export.docx?counterpart=TH`, { token: fresh.secretariat.token })
    expect([stillRefused.status, stillRefused.body.error.message]).toEqual([
      409,
      `revision ${again.body.seq} is not ready for signature: 3 parts not agreed: The title (draft); The preamble (draft); The final provisions (draft)`,
    ])
  })
})

describe('what is set for signature', () => {
  it('is the secretariat’s to set, checked against the document’s parties and languages, and anyone’s to read', async () => {
    const url = `/api/documents/${ready.documentId}/signing`
    expect((await server.request('PUT', url, { token: ready.thai.token, body: signing })).status).toBe(403)
    const refusals: [unknown, string][] = [
      [{ ...signing, date: '15 March 2027' }, 'field "date" must be a date written YYYY-MM-DD (got "15 March 2027")'],
      [{ ...signing, date: '2027-02-30' }, 'field "date" must be a day of the calendar (got "2027-02-30")'],
      [{ ...signing, originals: 0 }, 'field "originals" must be a whole number from 1 to 10 (got number 0)'],
      [{ ...signing, prevailingLanguage: 'fr' }, 'field "prevailingLanguage" names the language "fr", which is not one of the document\'s (en, th, km)'],
      [{ ...signing, signatories: { LA: {} } }, 'field "signatories.LA" names no party of the document (TH, KH)'],
      [{ ...signing, signatories: { TH: { en: { name: 'X' } } } }, 'field "signatories.TH.en.title" must be a string (got nothing)'],
    ]
    for (const [body, message] of refusals) {
      const response = await server.request('PUT', url, { token: ready.secretariat.token, body })
      expect([response.status, response.body.error?.message]).toEqual([400, message])
    }
    expect((await server.request('GET', url, { token: ready.khmer.token })).body).toEqual(signing)
  })
})

describe('the road to signature', () => {
  it('is listed for the signing desk: parts not agreed, texts not confirmed, brackets, wording findings, what is not set', async () => {
    const fresh = await negotiation()
    const { body: open } = await server.request('GET', `/api/documents/${fresh.documentId}/signing/readiness`, { token: fresh.secretariat.token })
    expect(open.ready).toBe(false)
    // In document order: the title, the preamble, the clauses, the final provisions.
    const ids = open.unagreed.map((item: { clauseId: string }) => item.clauseId)
    expect([ids[0], ids[1], ids.at(-1)]).toEqual(['title', 'preamble', 'final-provisions'])
    expect(open.unagreed).toHaveLength(3 + 19)
    expect(open.translations).toContainEqual({ clauseId: expect.any(String), label: 'Article 1', lang: 'km', status: 'draft' })
    expect(open.wording.map((entry: { lang: string }) => entry.lang)).toEqual(['en', 'th', 'km'])
    expect(open.signing.missing).toEqual(['the signatory of TH', 'the signatory of KH', 'the place of signature'])

    const { body: done } = await server.request('GET', `/api/documents/${ready.documentId}/signing/readiness`, { token: ready.thai.token })
    expect(done).toMatchObject({ ready: true, unagreed: [], brackets: [], translations: [], signing: { settings: signing, missing: [] } })
  })
})

describe('each party’s original', () => {
  it('holds every text, its party’s language first, names its party first wherever both are named, in every language, as the content API reads it for that party (read by LibreOffice)', async () => {
    const originals: Record<string, Uint8Array> = {}
    for (const party of ['KH', 'TH']) {
      const { status, bytes } = await download(originalPath(party), ready.secretariat.token)
      expect(status).toBe(200)
      expect([party, await docxProblems(bytes, `${party}.docx`)]).toEqual([party, []])
      originals[`${party}.docx`] = bytes
    }
    const read = await textWithLibreOffice(originals)
    for (const [party, order] of [['KH', ['km', 'th', 'en']], ['TH', ['th', 'km', 'en']]] as const) {
      const paragraphs = read[`${party}.docx`]!.map((text) => text.replace(/\u200b/g, ''))
      // Each text in turn: its title, preamble and clauses as the content API reads them in that language for this party.
      let at = 0
      for (const lang of order) {
        const { body } = await server.request('GET', `/api/documents/${ready.documentId}/revisions/${revision}?lang=${lang}&counterpart=${party}`, { token: ready.secretariat.token })
        const { content } = body
        const expected = [
          content.title,
          ...content.preamble.split('\n'),
          ...content.clauses.flatMap((clause: { label: string; text: string }) => [clause.label, ...clause.text.split('\n').map((line: string) => line.replace(/^([^\s]+[.)]) /, '$1\t'))]),
          ...content.finalProvisions.split('\n'),
        ]
        const start = paragraphs.indexOf(content.title, at)
        expect([party, lang, start >= at]).toEqual([party, lang, true])
        expect(paragraphs.slice(start, start + expected.length)).toEqual(expected)
        at = start + expected.length
      }
      const own = party === 'KH' ? cnp : dsi
      const other = party === 'KH' ? dsi : cnp
      expect(paragraphs).toContain(`Agreement between the ${own.name} and the ${other.name} on Police Cooperation in Combating Trafficking in Persons`)
      expect(paragraphs.some((text) => text.includes(`between the ${own.state} and the ${other.state}`))).toBe(true)
      expect(paragraphs.some((text) => text.includes(`ระหว่าง${own.names.th!.state} และ ${other.names.th!.state}`))).toBe(true)
      expect(paragraphs.some((text) => text.includes(`រវាង${own.names.km!.state} និង ${other.names.km!.state}`))).toBe(true)
      expect(paragraphs.some((text) => text.startsWith(`1.\t${own.shortName} and ${other.shortName} shall each designate a focal point`))).toBe(true)
    }
  })

  it('lists the languages in its party’s order in every testimonium, and signs with the signatories set, on level lines', async () => {
    const { bytes } = await download(originalPath('KH'), ready.secretariat.token)
    const xml = docxPart(bytes, 'word/document.xml')
    const paragraphs = paragraphTexts(xml).map((text) => text.replace(/\u200b/g, ''))
    expect(paragraphs.find((text) => text.startsWith('Done at'))).toBe(
      'Done at Phnom Penh on 15 March 2027, in two originals, each in the Khmer, Thai and English languages, all texts being equally authentic. In case of any divergence of interpretation, the English text shall prevail.',
    )
    expect(paragraphs.find((text) => text.startsWith('ทำ ณ'))).toContain('เป็นภาษาเขมร ภาษาไทย และภาษาอังกฤษ')
    expect(paragraphs.find((text) => text.startsWith('ធ្វើនៅ'))).toContain('ជាភាសាខ្មែរ ភាសាថៃ និងភាសាអង់គ្លេស')
    // Three signature tables, one per text: a row per line, the Cambodian column first.
    const tables = [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map(([table]) => [...table.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map(([row]) => [...row.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map(([cell]) => paragraphTexts(cell).join('|').replace(/\u200b/g, ''))))
    expect(tables).toHaveLength(3)
    for (const [index, lang] of (['km', 'th', 'en'] as const).entries()) {
      const rows = tables[index]!
      expect(rows.map((row) => row.length)).toEqual([2, 2, 2, 2, 2])
      expect(rows[3]).toEqual([signing.signatories.KH[lang].name, signing.signatories.TH[lang].name])
      expect(rows[4]).toEqual([signing.signatories.KH[lang].title, signing.signatories.TH[lang].title])
      expect(rows[2]).toEqual(['______________________________', '______________________________'])
    }
  })

  it('gives one language text alone with &lang=, the fingerprint and initials boxes when asked, and all of them pass check-docx', async () => {
    for (const lang of ['th', 'km', 'en']) {
      const { status, bytes } = await download(originalPath('TH', `&lang=${lang}&initials=1&fingerprint=1`), ready.secretariat.token)
      expect([lang, status]).toEqual([lang, 200])
      expect([lang, await docxProblems(bytes, `TH-${lang}.docx`)]).toEqual([lang, []])
      expect(docxPart(bytes, 'docProps/custom.xml')).toContain(`name="CounterpartLanguages"><vt:lpwstr>${lang}</vt:lpwstr>`)
      expect(docxPart(bytes, 'word/footer1.xml')).toMatch(/<w:tbl>/)
    }
    const unknown = await server.request('GET', originalPath('TH', '&lang=fr'), { token: ready.secretariat.token })
    expect([unknown.status, unknown.body.error.message]).toEqual([404, `document ${ready.documentId} has no text in "fr"; its languages are en, th, km`])
  })

  it('sets the Thai text at 16 pt in a Thai font and the Khmer text in a Khmer font, as LibreOffice renders it', async () => {
    const { bytes } = await download(originalPath('TH'), ready.secretariat.token)
    const xml = docxPart(bytes, 'word/document.xml')
    // The body text's Thai runs (the title's are larger, as the title is) take the Thai character style, 16 pt.
    const bodyParagraphs = [...xml.matchAll(/<w:p>[\s\S]*?<\/w:p>/g)].map(([paragraph]) => paragraph).filter((paragraph) => /<w:pStyle w:val="(InstrumentBody|NumberedParagraph|SubParagraph)"\/>/.test(paragraph))
    const thaiRuns = bodyParagraphs.flatMap((paragraph) => [...paragraph.matchAll(/<w:r>[\s\S]*?<\/w:r>/g)].map(([run]) => run)).filter((run) => /<w:t[^>]*>[^<]*[\u0e00-\u0e7f]/.test(run))
    expect(thaiRuns.length).toBeGreaterThan(100)
    expect(new Set(thaiRuns.map((run) => /<w:rPr>([\s\S]*?)<\/w:rPr>/.exec(run)?.[1]))).toEqual(new Set(['<w:rStyle w:val="ThaiText"/>']))
    const thaiStyle = /w:styleId="ThaiText"[\s\S]*?<\/w:style>/.exec(docxPart(bytes, 'word/styles.xml'))![0]
    expect(thaiStyle).toMatch(/w:cs="TH Sarabun New"/)
    expect(thaiStyle).toMatch(/<w:szCs w:val="32"\/>/)
    const rendered = (await renderWithLibreOffice({ 'TH.docx': bytes }))['TH.docx']!
    expect(rendered.fonts).toMatch(/Laksaman|Garuda|Loma|Norasi|Kinnari|Sawasdee|TlwgTypo|Umpush|Waree|Purisa|TH ?Sarabun/)
    expect(rendered.fonts).toMatch(/Khmer ?OS/)
    // Every text numbers its own pages in its own words. (The Thai text asks for Thai digits, w:fmt="thaiNumbers",
    // which Word honours; LibreOffice writes Western ones.)
    expect(rendered.text).toMatch(/หน้า [1๑]\s/)
    expect(rendered.text).toMatch(/ទំព័រ 1\s/)
    expect(rendered.text).toMatch(/Page 1\b/)
    expect(rendered.pages).toBeGreaterThan(10)
  }, 240_000)
})
