/**
 * Importing a draft in Chromium against a real server: a delegate picks a
 * Word file (made here with the `docx` library) in the Revisions tab, sees
 * the preview list its clauses and a table it could not map, applies it,
 * is told the two revisions and sees them listed, and the page's text
 * shows the imported wording. The secretariat, of no party, imports a
 * Word file with tracked changes: it is asked whose proposals they become,
 * chooses a party, and the text shows that party's brackets. And Akoma
 * Ntoso exported by Counterpart itself — one expression (.xml), and a zip
 * of every language's — is picked, previewed and applied the same way.
 * And a negotiation started from a Word draft on the new-negotiation page:
 * created as the form says, the file previewed there by the same panel
 * with nothing of it in the text, then applied, the negotiation's clauses
 * the file's, as the editor opened from that page shows them.
 */

import { Paragraph, Table, TableCell, TableRow } from 'docx'
import type { Locator } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { artifactPath, openAsMember, useBrowser, watchProblems } from '../support/browser.js'
import { eventually } from '../support/eventually.js'
import { useServer } from '../support/fixtures.js'
import { trilingualDocument, type TestServer } from '../support/testServer.js'
import { para, trackedRequest, wordFile } from '../support/wordDrafts.js'
import { sessionCookieName, signInPerson } from '../support/people.js'

const fixture = useServer({ unloadDelayMs: 600_000 })
let server: TestServer
const chromium = useBrowser()

beforeAll(() => {
  server = fixture.server
})

const cell = (text: string) => new TableCell({ children: [new Paragraph(text)] })

/** The document's page opened with `token`, its Revisions tab chosen, and the import panel in it. */
async function openImportPanel(documentId: string, token: string) {
  const opened = await openAsMember(chromium.browser, `${server.url}/d/${documentId}?token=${token}`)
  await opened.page.getByRole('tab', { name: 'Revisions' }).click()
  return { ...opened, panel: opened.page.locator('.draft-import') }
}

/** A Word memorandum of two clauses, the first holding a table (which the import does not map). */
function wildlifeFile(): Promise<Uint8Array> {
  return wordFile([
    {
      children: [
        para('Memorandum on Wildlife Protection'),
        para('Recognizing the value of wildlife;'),
        para('Have reached the following understanding:'),
        para('Paragraph 1 – Objectives'),
        para('The Participants will cooperate against the smuggling of pangolins.'),
        new Table({ rows: [new TableRow({ children: [cell('Budget line'), cell('100 000 baht')] })] }),
        para('Paragraph 2 – Costs'),
        para('Each Participant bears its own costs of patrols.'),
      ],
    },
  ])
}

/** A negotiation with the secretariat as its member, and a Word memorandum of one clause whose request carries a tracked change. */
async function secretariatWithRequests() {
  const documentId = await server.draftDocument('anti-trafficking-mou', { style: 'mou' })
  const secretariat = await server.addMember(documentId, 'secretariat', null, 'Joint Secretariat')
  const file = await wordFile([
    {
      children: [
        para('Memorandum on Mutual Requests'),
        para('Recognizing the need for prompt answers;'),
        para('Have reached the following understanding:'),
        para('Paragraph 1 – Requests'),
        trackedRequest(),
      ],
    },
  ])
  return { documentId, secretariat, file }
}

describe('importing a Word draft in the page', () => {
  it('previews a delegate’s file — its clauses, a table not mapped — and applies it, the page showing the imported words', async () => {
    const documentId = await server.draftDocument('anti-trafficking-mou', { style: 'mou' })
    const delegate = await server.addMember(documentId, 'delegate', 'TH', 'Khun Somchai')
    const file = await wildlifeFile()

    const { page, errors, context, panel } = await openImportPanel(documentId, delegate.token)
    await panel.locator('input[type="file"]').setInputFiles({ name: 'wildlife.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: Buffer.from(file) })

    // The preview: the working text's clauses, the table named as not mapped, every paragraph with where it went.
    const blocks = panel.locator('.import-text').first().locator('.import-blocks li')
    await blocks.first().waitFor()
    const previewed = await blocks.allTextContents()
    expect(previewed).toEqual(expect.arrayContaining([expect.stringContaining('Objectives'), expect.stringContaining('pangolins'), expect.stringContaining('Costs')]))
    expect(await panel.locator('.import-unmapped li').allTextContents()).toEqual([expect.stringMatching(/^A table, .*Budget line/)])
    expect(await panel.locator('.import-paragraphs li .went').allTextContents()).toEqual(expect.arrayContaining(['Title (English)', 'Heading of clause 1 (English)', 'Heading of clause 2 (English)', 'Not mapped']))
    // Nothing changed yet.
    expect(await page.locator('.mou-document').textContent()).not.toContain('pangolins')

    await panel.getByRole('button', { name: 'Apply the import' }).click()
    await eventually(async () => expect(await panel.locator('.import-status').textContent()).toMatch(/^Imported\. The text before is revision \d+, the text after revision \d+/))
    await eventually(async () => expect(await page.locator('.mou-document').textContent()).toContain('The Participants will cooperate against the smuggling of pangolins.'))
    expect(await page.locator('.mou-document').textContent()).toContain('Each Participant bears its own costs of patrols.')
    // The two revisions are listed above it.
    await eventually(async () => expect(await page.locator('.revision-list').textContent()).toContain('Imported a Word draft'))
    expect(errors).toEqual([])
    await context.close()
  })

  it('lets the secretariat, of no party, choose whose bracketed proposals a file’s tracked changes become, and the text shows that party’s brackets', async () => {
    const { documentId, secretariat, file } = await secretariatWithRequests()

    const { page, errors, context, panel } = await openImportPanel(documentId, secretariat.token)
    const party = panel.getByLabel('Whose proposals the tracked changes become')
    // The secretariat is offered every party of the negotiation, and no party to begin with.
    expect(await party.locator('option').evaluateAll((options) => options.map((option) => option.getAttribute('value')))).toEqual(['', 'TH', 'KH'])
    expect(await party.inputValue()).toBe('')

    await panel.locator('input[type="file"]').setInputFiles({ name: 'requests.docx', mimeType: wordType, buffer: Buffer.from(file) })
    // No party named: the page asks for one in its own words (the file's tracked changes must become someone's proposals), names their authors, and offers no "Apply".
    await eventually(async () => expect(await panel.locator('.import-status').textContent()).toBe('This file has tracked changes: choose whose bracketed proposals they become, or accept or reject them all, to see its preview.'))
    expect(await panel.locator('.import-authors li').allTextContents()).toEqual(['Somchai Jaidee: 0 insertions, 1 deletion', 'Sok Dara: 1 insertion, 0 deletions'])
    expect(await party.getAttribute('aria-invalid')).toBe('true')
    expect(await panel.getByRole('button', { name: 'Apply the import' }).isVisible()).toBe(false)

    await party.selectOption('KH')
    await eventually(async () => expect(await panel.locator('.import-changes-taken').textContent()).toBe('The tracked changes become bracketed proposals of KH.'))
    expect(await party.getAttribute('aria-invalid')).toBeNull()
    expect(await panel.locator('.import-authors li').allTextContents()).toEqual(['Somchai Jaidee: 0 insertions, 1 deletion', 'Sok Dara: 1 insertion, 0 deletions'])
    expect(await panel.locator('.import-counts').textContent()).toContain('1 bracketed proposal')
    expect(await previewedText(panel)).toContain('Requests are answered within')
    // Nothing changed yet.
    expect(await page.locator('.mou-document').textContent()).not.toContain('days of receipt')

    await panel.getByRole('button', { name: 'Apply the import' }).click()
    await eventually(async () => expect(await panel.locator('.import-status').textContent()).toMatch(/^Imported\. The text before is revision \d+, the text after revision \d+/))
    // The page's text: the two alternatives bracketed, both KH's.
    const brackets = page.locator('.mou-document span.bracket')
    await eventually(async () => expect(await brackets.allTextContents()).toEqual(['thirty', 'sixty']))
    expect(await brackets.evaluateAll((spans) => spans.map((span) => span.getAttribute('data-owner')))).toEqual(['KH', 'KH'])
    expect(await page.locator('.mou-document').textContent()).toContain('days of receipt.')
    // And as the server has it.
    const { body: content } = await server.request('GET', `/api/documents/${documentId}/content`, { token: secretariat.token })
    expect(content.clauses[0].brackets).toEqual([expect.objectContaining({ owner: 'KH', owners: ['KH', 'KH'], alternatives: ['thirty', 'sixty'] })])
    expect(errors).toEqual([])
    await context.close()
  })

  it('lets the secretariat accept a file’s tracked changes instead, without naming a party', async () => {
    const { documentId, secretariat, file } = await secretariatWithRequests()
    const { page, errors, context, panel } = await openImportPanel(documentId, secretariat.token)
    await panel.getByLabel('Tracked changes', { exact: true }).selectOption('accept')
    await panel.locator('input[type="file"]').setInputFiles({ name: 'requests.docx', mimeType: wordType, buffer: Buffer.from(file) })
    await eventually(async () => expect(await panel.locator('.import-changes-taken').textContent()).toBe('The tracked changes are accepted.'))
    await panel.getByRole('button', { name: 'Apply the import' }).click()
    await eventually(async () => expect(await page.locator('.mou-document').textContent()).toContain('Requests are answered within sixty days of receipt.'))
    expect(await page.locator('.mou-document span.bracket').count()).toBe(0)
    expect(errors).toEqual([])
    await context.close()
  })

  it('accepts Akoma Ntoso exported by Counterpart — one expression as .xml — previews and applies it', async () => {
    const documentId = await server.draftDocument('anti-trafficking-mou', { style: 'mou' })
    const delegate = await server.addMember(documentId, 'delegate', 'TH', 'Khun Somchai')
    const clauseIds = async () => (await server.request('GET', `/api/documents/${documentId}/content`, { token: delegate.token })).body.clauses.map((clause: { id: string }) => clause.id)
    const exported = await exportAkn(documentId, delegate.token, '?lang=en')
    expect(exported.filename).toMatch(/\.xml$/)
    const starter = await server.request('GET', `/api/documents/${documentId}/content`, { token: delegate.token })
    const ids = await clauseIds()
    // The live text rewritten since: a short Word draft in place of the starter's.
    await rewriteWith(documentId, delegate.token, 'pangolins')

    const { page, errors, context, panel } = await openImportPanel(documentId, delegate.token)
    // The picker offers Word and Akoma Ntoso alike.
    expect((await panel.locator('input[type="file"]').getAttribute('accept'))?.split(',')).toEqual(expect.arrayContaining(['.docx', '.xml', '.akn', '.zip']))
    await eventually(async () => expect(await page.locator('.mou-document').textContent()).toContain('pangolins'))

    await panel.locator('input[type="file"]').setInputFiles({ name: exported.filename, mimeType: 'text/xml', buffer: exported.bytes })
    await eventually(async () => expect(await panel.locator('.import-counts').textContent()).toMatch(/^Akoma Ntoso file: /))
    expect(await panel.locator('.import-text h5').allTextContents()).toEqual([expect.stringContaining('the working text')])
    const firstHeading = starter.body.clauses[0].text.split('\n')[0] as string
    expect(await previewedText(panel)).toContain(firstHeading)
    expect(await page.locator('.mou-document').textContent()).toContain('pangolins')

    await panel.getByRole('button', { name: 'Apply the import' }).click()
    await eventually(async () => expect(await panel.locator('.import-status').textContent()).toMatch(/^Imported\. The text before is revision \d+, the text after revision \d+/))
    await eventually(async () => expect(await page.locator('.mou-document').textContent()).not.toContain('pangolins'))
    expect(await page.locator('.mou-document').textContent()).toContain(firstHeading)
    await eventually(async () => expect(await page.locator('.revision-list').textContent()).toContain('Imported an Akoma Ntoso draft'))
    // The starter's text is back, its clauses under their ids.
    const { body: after } = await server.request('GET', `/api/documents/${documentId}/content`, { token: delegate.token })
    expect(after.clauses.map((clause: { text: string }) => clause.text)).toEqual(starter.body.clauses.map((clause: { text: string }) => clause.text))
    expect(await clauseIds()).toEqual(ids)
    expect(errors).toEqual([])
    await context.close()
  })

  it('accepts a zip of every language’s Akoma Ntoso expression, and an expression named .akn, each into its text', async () => {
    const created = await server.request('POST', '/api/documents', { body: trilingualDocument })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const documentId = created.body.id as string
    const delegate = await server.addMember(documentId, 'delegate', 'KH', 'Lok Sokha')
    const zip = await exportAkn(documentId, delegate.token, '')
    expect(zip.filename).toMatch(/\.zip$/)
    const khmer = await exportAkn(documentId, delegate.token, '?lang=km')
    const starter = (await server.request('GET', `/api/documents/${documentId}/content`, { token: delegate.token })).body
    await rewriteWith(documentId, delegate.token, 'pangolins')

    const { page, errors, context, panel } = await openImportPanel(documentId, delegate.token)
    const picker = panel.locator('input[type="file"]')

    // One expression under the .akn name, of no type the browser knows: told by its bytes.
    await picker.setInputFiles({ name: khmer.filename.replace(/\.xml$/, '.akn'), mimeType: 'application/octet-stream', buffer: khmer.bytes })
    await eventually(async () => expect(await panel.locator('.import-counts').textContent()).toMatch(/^Akoma Ntoso file: /))
    expect(await panel.locator('.import-text').evaluateAll((sections) => sections.map((section) => section.getAttribute('lang')))).toEqual(['km'])

    // The zip: every language previewed into its own text.
    await picker.setInputFiles({ name: zip.filename, mimeType: 'application/zip', buffer: zip.bytes })
    await eventually(async () => expect((await panel.locator('.import-text').evaluateAll((sections) => sections.map((section) => section.getAttribute('lang')))).sort()).toEqual(['en', 'km', 'th']))
    expect(await panel.locator('.import-counts').textContent()).toMatch(/^Akoma Ntoso file: /)
    expect(await panel.locator('.import-text[lang="en"] h5').textContent()).toContain('the working text')
    expect(await panel.locator('.import-text[lang="th"] h5').textContent()).toContain('the text in this language')

    await panel.getByRole('button', { name: 'Apply the import' }).click()
    await eventually(async () => expect(await panel.locator('.import-status').textContent()).toMatch(/^Imported\. The text before is revision \d+, the text after revision \d+/))
    await eventually(async () => expect(await page.locator('.mou-document').textContent()).not.toContain('pangolins'))
    await eventually(async () => expect(await page.locator('.revision-list').textContent()).toContain('Imported an Akoma Ntoso draft'))
    const { body: after } = await server.request('GET', `/api/documents/${documentId}/content`, { token: delegate.token })
    expect(after.clauses.map((clause: { text: string }) => clause.text)).toEqual(starter.clauses.map((clause: { text: string }) => clause.text))
    expect(errors).toEqual([])
    await context.close()
  })
})

describe('starting a negotiation from a Word draft', () => {
  it('creates it as the form says, previews the file on the new-negotiation page with nothing applied, and applying gives it the file’s clauses', async () => {
    const administrator = await signInPerson(fixture, 'Joint Secretariat', { administrator: true })
    const file = await wildlifeFile()
    const problems: string[] = []
    const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } })
    await context.addCookies([{ name: sessionCookieName, value: administrator.token, url: server.url }])
    const page = watchProblems(await context.newPage(), problems)
    await page.goto(`${server.url}/new`)
    await page.waitForSelector('#create', { state: 'visible' })

    // What the screen already asks: a blank text with its title, the languages, the parties.
    await page.selectOption('#template', '')
    await page.fill('#title', 'Memorandum on Wildlife Protection')
    for (const [index, [code, name, state]] of [['TH', 'Department of National Parks', 'Kingdom of Thailand'], ['KH', 'Forestry Administration', 'Kingdom of Cambodia']].entries()) {
      await page.fill(`#party${index}-code`, code!)
      await page.fill(`#party${index}-name`, name!)
      await page.fill(`#party${index}-state`, state!)
    }
    // The draft: the form says the negotiation is made first and the file previewed in it, nothing written until applied.
    expect(await page.textContent('#draft-start .hint')).toContain('Nothing of the file is written until you apply it')
    await page.setInputFiles('#draft-file', { name: 'wildlife.docx', mimeType: wordType, buffer: Buffer.from(file) })
    expect(await page.textContent('#create-button')).toBe('Create and preview the draft')
    await page.click('#create-button')

    // Created, and the file previewed by the import panel on the same page: its clauses, the table not mapped.
    const panel = page.locator('#draft .draft-import')
    const blocks = panel.locator('.import-text').first().locator('.import-blocks li')
    await blocks.first().waitFor({ timeout: 20_000 })
    expect(await page.textContent('#heading')).toBe('Preview the draft')
    expect(await page.textContent('#draft-note')).toContain('nothing of the file is in the text until you apply it')
    expect(await blocks.allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('Objectives'), expect.stringContaining('pangolins'), expect.stringContaining('Costs')]))
    expect(await panel.locator('.import-unmapped li').allTextContents()).toEqual([expect.stringMatching(/^A table, .*Budget line/)])
    expect(await panel.locator('.import-paragraphs li .went').allTextContents()).toEqual(expect.arrayContaining(['Heading of clause 1 (English)', 'Heading of clause 2 (English)', 'Not mapped']))
    // The panel's picker names the file handed over; the invitations are offered below.
    expect(await panel.locator('input[type="file"]').evaluate((input) => (input as unknown as { files: ArrayLike<{ name: string }> | null }).files?.[0]?.name ?? null)).toBe('wildlife.docx')
    expect(await page.isVisible('#invite')).toBe(true)
    const documentId = decodeURIComponent((await page.getAttribute('#open', 'href'))!.replace(/^\/d\//, ''))

    // The negotiation exists, as the form said, and nothing of the file is in it yet.
    const before = (await server.request('GET', `/api/documents/${documentId}/content`)).body
    expect(before.title).toBe('Memorandum on Wildlife Protection')
    expect(JSON.stringify(before.clauses)).not.toContain('pangolins')
    const made = (await server.request('GET', `/api/documents/${documentId}`)).body
    expect(made.parties.map((party: { code: string }) => party.code)).toEqual(['TH', 'KH'])
    await page.screenshot({ path: artifactPath('new-negotiation-draft-preview.png'), fullPage: true })

    // Applied: the negotiation's clauses are the file's.
    await panel.getByRole('button', { name: 'Apply the import' }).click()
    await eventually(async () => expect(await panel.locator('.import-status').textContent()).toMatch(/^Imported\. The text before is revision \d+, the text after revision \d+/))
    const after = (await server.request('GET', `/api/documents/${documentId}/content`)).body
    expect(after.clauses.map((clause: { heading: string | null; text: string }) => [clause.heading, clause.text])).toEqual([
      ['Objectives', expect.stringContaining('The Participants will cooperate against the smuggling of pangolins.')],
      ['Costs', expect.stringContaining('Each Participant bears its own costs of patrols.')],
    ])

    // The way into the negotiation: the editor shows the imported text.
    await page.click('#open')
    await page.waitForURL(/\/d\/[^/?]+$/)
    await eventually(async () => expect(await page.locator('.mou-document').textContent()).toContain('The Participants will cooperate against the smuggling of pangolins.'))
    await context.close()
    expect(problems).toEqual([])
  })
})

const wordType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

/** The words of the preview's first text, block by block. */
const previewedText = async (panel: Locator): Promise<string> => (await panel.locator('.import-text').first().locator('.import-blocks li').allTextContents()).join('\n')

/** The live text as Counterpart exports it in Akoma Ntoso (`query` "?lang=en" for one expression, "" for the zip of all), with the name it is saved under. */
async function exportAkn(documentId: string, token: string, query: string): Promise<{ filename: string; bytes: Buffer }> {
  const answer = await fetch(`${server.url}/api/documents/${documentId}/revisions/live/export.akn${query}`, { headers: { authorization: `Bearer ${token}` } })
  expect(answer.status).toBe(200)
  const filename = /filename="([^"]+)"/.exec(answer.headers.get('content-disposition') ?? '')?.[1]
  if (!filename) throw new Error('the export named no file')
  return { filename, bytes: Buffer.from(await answer.arrayBuffer()) }
}

/** The live text replaced through the API by a short Word draft mentioning `word`. */
async function rewriteWith(documentId: string, token: string, word: string): Promise<void> {
  const file = await wordFile([{ children: [para('Memorandum'), para('Recognizing the need;'), para('Have reached the following understanding:'), para('Paragraph 1 – Costs'), para(`Each Participant bears its own costs of ${word}.`)] }])
  const answer = await fetch(`${server.url}/api/documents/${documentId}/import?apply=1`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': wordType }, body: file })
  expect(answer.status, await answer.clone().text()).toBe(201)
}
