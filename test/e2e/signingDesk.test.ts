/**
 * The road to signature in Chromium: the secretariat's signing desk (the
 * checklist from GET …/signing/readiness, each item a link into the text;
 * the signature page; "Record the text for signature"; each party's
 * original as a download, sealed, naming its counterpart), which nobody
 * else sees; and the delegates' "agree all that the other side agreed ad
 * referendum".
 */

import fs from 'node:fs'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { readZip } from '../../server/export/zipArchive.js'
import { artifactPath, openAsMember, useBrowser } from '../support/browser.js'
import { docxPart } from '../support/docxText.js'
import { eventually } from '../support/eventually.js'
import { useServer } from '../support/fixtures.js'
import { setStatus } from '../support/negotiation.js'
import type { TestServer } from '../support/testServer.js'

const fixture = useServer({ unloadDelayMs: 600_000 })
let server: TestServer
const chromium = useBrowser()

beforeAll(async () => {
  server = fixture.server
})

type Member = { id: string; token: string }

interface Negotiation {
  documentId: string
  link: (token: string) => string
  thai: Member
  khmer: Member
  secretariat: Member
}

/** The English starter MOU between the DSI and the CNP, with a delegate of each and the secretariat. */
async function negotiation(): Promise<Negotiation> {
  const documentId = await server.draftDocument('anti-trafficking-mou', { style: 'mou' })
  return {
    documentId,
    link: (token) => `${server.url}/d/${documentId}?token=${token}`,
    thai: await server.addMember(documentId, 'delegate', 'TH', 'Khun Somchai'),
    khmer: await server.addMember(documentId, 'delegate', 'KH', 'Lok Sokha'),
    secretariat: await server.addMember(documentId, 'secretariat', null, 'Joint Secretariat'),
  }
}

async function content(documentId: string) {
  return (await server.request('GET', `/api/documents/${documentId}/content`)).body as {
    clauses: { id: string; status: string; label: string }[]
    parts: { id: string; status: string }[]
  }
}

const desk = (page: Page) => page.locator('section.signing-desk')
const group = (page: Page, kind: string) => desk(page).locator(`.checklist-group[data-kind="${kind}"]`)
/** The id of the clause or part holding the caret in the working editor. */
const caretIn = (page: Page) => page.evaluate('window.counterpart.view().state.selection.$from.node(1).attrs.id') as Promise<string>

describe('the signing desk', () => {
  it('lists what stands between the text and signature, each item a link into the text; sets the signature page; records the text and exports each party’s original once everything is agreed', async () => {
    const n = await negotiation()
    const { clauses, parts } = await content(n.documentId)
    // A revision of the text before anything is agreed: no original comes from it.
    const early = await server.request('POST', `/api/documents/${n.documentId}/revisions`, { token: n.thai.token, body: { label: 'First reading' } })
    await setStatus(server, n.documentId, clauses[1]!.id, n.secretariat.token, 'under-negotiation')
    await setStatus(server, n.documentId, clauses[1]!.id, n.khmer.token, 'agreed-ad-referendum')

    const { page, context, errors } = await openAsMember(chromium.browser, n.link(n.secretariat.token))
    await page.getByRole('tab', { name: 'Signing' }).click()
    await eventually(async () => expect(await desk(page).locator('.readiness-summary').getAttribute('data-ready')).toBe('false'))
    expect(await desk(page).locator('.readiness-summary').textContent()).toBe(`Not ready for signature: ${parts.length + clauses.length} open items below must be settled first.`)

    // Every part and clause is listed as not agreed, in order, with who has agreed it.
    const unagreed = group(page, 'unagreed').locator('.check-item')
    expect(await unagreed.evaluateAll((items) => items.map((item) => item.getAttribute('data-clause-id')))).toEqual(['title', 'preamble', ...clauses.map((clause) => clause.id), 'final-provisions'])
    expect(await unagreed.nth(0).textContent()).toBe('The title — Draft: not agreed by DSI or CNP')
    expect(await group(page, 'unagreed').locator(`.check-item[data-clause-id="${clauses[1]!.id}"]`).textContent()).toMatch(
      new RegExp(`^${clauses[1]!.label} — .+ — Agreed ad referendum: agreed by CNP, not agreed by DSI$`),
    )
    expect(await group(page, 'brackets').locator('.checklist-done').textContent()).toBe('✓ No bracketed text is left.')
    expect(await group(page, 'signing').locator('.check-item').allTextContents()).toEqual([
      'The signatory of TH — not set: the originals leave a blank for it',
      'The signatory of KH — not set: the originals leave a blank for it',
      'The place of signature — not set: the originals leave a blank for it',
    ])
    expect(await desk(page).getByRole('button', { name: 'Record the text for signature' }).isDisabled()).toBe(true)
    await page.screenshot({ path: artifactPath('signing-desk-checklist.png') })
    for (const party of ['TH', 'KH']) expect(await desk(page).locator(`button.export-original[data-party="${party}"]`).isDisabled()).toBe(true)

    // A link scrolls the text to its clause and puts the caret there.
    const last = clauses.at(-1)!
    await group(page, 'unagreed').locator(`.check-item[data-clause-id="${last.id}"] .check-link`).click()
    await eventually(async () => expect(await caretIn(page)).toBe(last.id))
    const [text, clauseBox] = [await page.locator('main.center').boundingBox(), await page.locator('.mou-document section.clause').last().boundingBox()]
    expect(clauseBox!.y).toBeGreaterThanOrEqual(text!.y - clauseBox!.height)
    expect(clauseBox!.y).toBeLessThan(text!.y + text!.height)
    await group(page, 'unagreed').locator('.check-item[data-clause-id="preamble"] .check-link').click()
    await eventually(async () => expect(await caretIn(page)).toBe('preamble'))

    // The signature page: a half-filled signatory is refused in words, before anything is sent.
    await desk(page).getByRole('textbox', { name: 'Name of the CNP signatory in English' }).fill('Police Lieutenant General Sok Dara')
    await desk(page).getByRole('button', { name: 'Save the signature page' }).click()
    expect(await desk(page).locator('.signing-problem').textContent()).toBe('Give both the name and the title of the CNP signatory in English (or clear both).')
    await desk(page).getByRole('textbox', { name: 'Name of the CNP signatory in English' }).fill('')
    await desk(page).getByRole('textbox', { name: 'Name of the DSI signatory in English' }).fill('Pol. Col. Somchai Jaidee')
    await desk(page).getByRole('textbox', { name: 'Title of the DSI signatory in English' }).fill('Director-General, Department of Special Investigation')
    await desk(page).getByRole('textbox', { name: 'Place of signature in English' }).fill('Phnom Penh')
    await desk(page).getByLabel('Date of signature').fill('2027-03-15')
    await desk(page).getByRole('button', { name: 'Save the signature page' }).click()
    await eventually(async () => expect(await group(page, 'signing').locator('.check-item').allTextContents()).toEqual(['The signatory of KH — not set: the originals leave a blank for it']))
    expect(await desk(page).locator('.signing-problem').isHidden()).toBe(true)
    const { body: settings } = await server.request('GET', `/api/documents/${n.documentId}/signing`, { token: n.thai.token })
    expect(settings).toEqual({
      place: { en: 'Phnom Penh' },
      date: '2027-03-15',
      originals: 2,
      prevailingLanguage: null,
      signatories: { TH: { en: { name: 'Pol. Col. Somchai Jaidee', title: 'Director-General, Department of Special Investigation' } } },
    })

    // Everything agreed (through the API): the desk sees it while it is shown, and offers to record the text.
    await setStatus(server, n.documentId, clauses[1]!.id, n.thai.token, 'agreed')
    for (const { id } of [...parts, ...clauses.filter((clause) => clause.id !== clauses[1]!.id)]) {
      await setStatus(server, n.documentId, id, n.thai.token, 'under-negotiation')
      await setStatus(server, n.documentId, id, n.khmer.token, 'agreed-ad-referendum')
      await setStatus(server, n.documentId, id, n.thai.token, 'agreed')
    }
    await eventually(async () => expect(await desk(page).locator('.readiness-summary').getAttribute('data-ready')).toBe('true'))
    expect(await group(page, 'unagreed').locator('.checklist-done').textContent()).toBe('✓ Every clause, the title, the preamble and the final provisions are agreed by both parties.')
    await desk(page).getByRole('textbox', { name: 'Name of the revision for signature' }).fill('Text for signature, Phnom Penh')
    await desk(page).getByRole('button', { name: 'Record the text for signature' }).click()
    await eventually(async () => expect(await page.locator('.notices').textContent()).toContain('The text is recorded for signature as revision 2 (“Text for signature, Phnom Penh”).'))
    const { body: revisions } = await server.request('GET', `/api/documents/${n.documentId}/revisions`)
    expect(revisions.revisions.map((revision: { seq: number; label: string }) => [revision.seq, revision.label])).toEqual([
      [early.body.seq, 'First reading'],
      [2, 'Text for signature, Phnom Penh'],
    ])
    // The desk reads its revisions again after recording: the new one is chosen once that read is in.
    await eventually(async () => expect(await desk(page).getByLabel('Revision the originals are exported from').inputValue()).toBe('2'))

    // The Cambodian original, with the fingerprint line and the initials box: a sealed DOCX naming its counterpart.
    await desk(page).getByText('Fingerprint line').click()
    await desk(page).getByText('Box for initials in every footer').click()
    await desk(page).getByRole('button', { name: 'Original for CNP' }).scrollIntoViewIfNeeded()
    await page.screenshot({ path: artifactPath('signing-desk-originals.png') })
    const [download] = await Promise.all([page.waitForEvent('download'), desk(page).getByRole('button', { name: 'Original for CNP' }).click()])
    expect(download.suggestedFilename()).toBe(`original-${n.documentId.slice(0, 8)}-r2-KH.docx`)
    const bytes = new Uint8Array(fs.readFileSync(await download.path()))
    expect(Object.keys(readZip(bytes))).toEqual(expect.arrayContaining(['word/document.xml', 'docProps/custom.xml']))
    const custom = docxPart(bytes, 'docProps/custom.xml')
    expect(custom).toContain('name="CounterpartParty"><vt:lpwstr>KH</vt:lpwstr>')
    expect(custom).toContain('name="CounterpartRevision"><vt:lpwstr>2</vt:lpwstr>')
    expect(custom).toContain(`name="CounterpartDocumentId"><vt:lpwstr>${n.documentId}</vt:lpwstr>`)
    expect(docxPart(bytes, 'word/document.xml')).toContain('Pol. Col. Somchai Jaidee')
    const verdict = await fetch(`${server.url}/api/verify`, { method: 'POST', body: Buffer.from(bytes) }).then((response) => response.json())
    expect(verdict).toMatchObject({ valid: true, counterpart: 'KH', revision: 2 })

    // From the first reading, the server refuses, and the desk says why in its words.
    await desk(page).getByLabel('Revision the originals are exported from').selectOption(String(early.body.seq))
    await desk(page).getByRole('button', { name: 'Original for DSI' }).click()
    await eventually(async () =>
      expect(await desk(page).locator('.signing-problem').textContent()).toMatch(new RegExp(`^The original was not exported: revision ${early.body.seq} is not ready for signature: \\d+ parts not agreed: The title \\(draft\\)`)),
    )
    expect(errors).toEqual([])
    await context.close()
  })

  it('is not there for a delegate, nor are the originals anywhere else', async () => {
    const n = await negotiation()
    const { page, context, errors } = await openAsMember(chromium.browser, n.link(n.thai.token))
    expect(await page.getByRole('tab').allTextContents()).not.toContain('Signing')
    expect(await page.locator('section.signing-desk').count()).toBe(0)
    await page.getByRole('tab', { name: 'Revisions' }).click()
    await server.request('POST', `/api/documents/${n.documentId}/revisions`, { token: n.thai.token, body: { label: 'First reading' } })
    await page.getByRole('button', { name: 'Refresh list' }).click()
    await eventually(async () => expect(await page.locator('.revision-list li[data-seq]').count()).toBe(1))
    expect(await page.locator('button.export-original, button.export-counterpart').count()).toBe(0)
    // Nor is the readiness hidden from members: only the desk's actions are the secretariat's.
    expect((await server.request('GET', `/api/documents/${n.documentId}/signing/readiness`, { token: n.thai.token })).status).toBe(200)
    expect(errors).toEqual([])
    await context.close()
  })
})

describe('agreeing all that the other side agreed ad referendum', () => {
  it('agrees, for the delegate’s party, exactly the clauses and parts the other party agreed ad referendum, each recorded on its own', async () => {
    const n = await negotiation()
    const { clauses } = await content(n.documentId)
    const byKhmer = ['preamble', clauses[0]!.id, clauses[2]!.id]
    for (const id of [...byKhmer, clauses[1]!.id, clauses[3]!.id]) await setStatus(server, n.documentId, id, n.secretariat.token, 'under-negotiation')
    for (const id of byKhmer) await setStatus(server, n.documentId, id, n.khmer.token, 'agreed-ad-referendum', 'SK')
    await setStatus(server, n.documentId, clauses[1]!.id, n.thai.token, 'agreed-ad-referendum')

    const { page, context, errors } = await openAsMember(chromium.browser, n.link(n.thai.token))
    const button = page.locator('section.negotiation button.agree-all')
    await eventually(async () => expect(await button.textContent()).toBe('Agree all that CNP agreed ad referendum (3)'))
    expect(await button.getAttribute('title')).toBe(`Agrees the preamble, ${clauses[0]!.label} and ${clauses[2]!.label}`)
    expect(await page.locator('section.negotiation .part-statuses li[data-part="preamble"]').textContent()).toBe('Preamble Agreed ad referendum (CNP)')
    await page.locator('section.negotiation').getByRole('textbox', { name: 'Your initials' }).fill('SJ')
    await button.click()
    await eventually(async () => expect(await page.locator('.notices').textContent()).toContain(`Agreed for DSI: the preamble, ${clauses[0]!.label} and ${clauses[2]!.label}.`))
    await eventually(async () => expect(await button.textContent()).toBe('Agree all that CNP agreed ad referendum (0)'))
    expect(await button.isDisabled()).toBe(true)
    expect(await page.locator('section.negotiation .part-statuses li[data-part="preamble"]').getAttribute('data-status')).toBe('agreed')

    const after = await content(n.documentId)
    const statusOf = (id: string) => [...after.parts, ...after.clauses].find((entry) => entry.id === id)!.status
    expect(byKhmer.map(statusOf)).toEqual(['agreed', 'agreed', 'agreed'])
    // What only Thailand agreed, and what neither did, stay as they were.
    expect([statusOf(clauses[1]!.id), statusOf(clauses[3]!.id)]).toEqual(['agreed-ad-referendum', 'under-negotiation'])
    const { body: audit } = await server.request('GET', `/api/documents/${n.documentId}/audit`, { token: n.secretariat.token })
    const agreements = audit.entries.filter((entry: { event: string }) => entry.event === 'clause-agreed')
    expect(agreements.map((entry: { clauseId: string; actor: { memberId: string }; details: { initials?: string } }) => [entry.clauseId, entry.actor.memberId, entry.details.initials])).toEqual(
      byKhmer.map((id) => [id, n.thai.id, 'SJ']),
    )
    // The agreed preamble is locked in the editor as a clause is.
    expect(await page.locator('.mou-document section.preamble').getAttribute('class')).toContain('clause-locked')
    expect(errors).toEqual([])
    await context.close()
  })
})
