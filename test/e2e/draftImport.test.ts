/**
 * Importing a Word draft in Chromium against a real server: a delegate
 * picks a Word file (made here with the `docx` library) in the Revisions
 * tab, sees the preview list its clauses and a table it could not map,
 * applies it, is told the two revisions and sees them listed, and the
 * page's text shows the imported wording.
 */

import { Paragraph, Table, TableCell, TableRow } from 'docx'
import { beforeAll, describe, expect, it } from 'vitest'
import { openAsMember, useBrowser } from '../support/browser.js'
import { eventually } from '../support/eventually.js'
import { useServer } from '../support/fixtures.js'
import type { TestServer } from '../support/testServer.js'
import { para, wordFile } from '../support/wordDrafts.js'

const fixture = useServer({ unloadDelayMs: 600_000 })
let server: TestServer
const chromium = useBrowser()

beforeAll(() => {
  server = fixture.server
})

const cell = (text: string) => new TableCell({ children: [new Paragraph(text)] })

describe('importing a Word draft in the page', () => {
  it('previews a delegate’s file — its clauses, a table not mapped — and applies it, the page showing the imported words', async () => {
    const documentId = await server.draftDocument('anti-trafficking-mou', { style: 'mou' })
    const delegate = await server.addMember(documentId, 'delegate', 'TH', 'Khun Somchai')
    const file = await wordFile([
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

    const { page, errors, context } = await openAsMember(chromium.browser, `${server.url}/d/${documentId}?token=${delegate.token}`)
    await page.getByRole('tab', { name: 'Revisions' }).click()
    const panel = page.locator('.draft-import')
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
})
