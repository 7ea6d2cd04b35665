/**
 * The Revisions tab in Chromium: compare in the page numbers each compared
 * paragraph as it is cited ("9.2") and tells insertions from deletions
 * without colour (underline and strike-through, a marker, and words for
 * screen readers); automatic checkpoints fold into one row that opens, and
 * hide, so that named revisions stand out.
 */

import type { Locator, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { artifactPath, openAsMember, useBrowser } from '../support/browser.js'
import { clauseElements, clauseTexts } from '../support/clauseEditing.js'
import { connectClient } from '../support/collabClient.js'
import { eventually } from '../support/eventually.js'
import { useServer } from '../support/fixtures.js'
import { cambodianParty, thaiParty, type TestServer } from '../support/testServer.js'

const fixture = useServer({ unloadDelayMs: 200 })
let server: TestServer
const chromium = useBrowser()

beforeAll(async () => {
  server = fixture.server
})

type Opened = Awaited<ReturnType<typeof openAsMember>>

async function negotiation(): Promise<{ documentId: string; link: (token: string) => string; thai: { id: string; token: string }; khmer: { id: string; token: string } }> {
  const { body } = await server.request('POST', '/api/documents', { body: { template: 'anti-trafficking-mou', parties: [thaiParty, cambodianParty] } })
  return {
    documentId: body.id,
    link: (token) => `${server.url}/d/${body.id}?token=${token}`,
    thai: await server.addMember(body.id, 'delegate', 'TH', 'Khun Somchai'),
    khmer: await server.addMember(body.id, 'delegate', 'KH', 'Lok Sokha'),
  }
}

/** The lead-in paragraph of numbered paragraph `paragraph` (from 1) of clause `clause` (from 1). */
const numberedParagraph = (page: Page, clause: number, paragraph: number): Locator =>
  page.locator('.mou-document section.clause').nth(clause - 1).locator('.numbered-paragraph').nth(paragraph - 1).locator('p').first()

/** The text of `paragraph` as typed, without the other members' cursor labels. */
const typed = (paragraph: Locator): Promise<string> =>
  paragraph.evaluate((element) => {
    const copy = element.cloneNode(true) as typeof element
    copy.querySelectorAll('.remote-cursor').forEach((cursor: { remove(): void }) => cursor.remove())
    return copy.textContent ?? ''
  })

/** Puts the caret at the start of `paragraph` (its first line: Home goes to the start of the line the caret is on). */
async function caretAtStart(paragraph: Locator): Promise<void> {
  await paragraph.click({ position: { x: 2, y: 4 } })
  await paragraph.page().keyboard.press('Home')
}

/** Records a named revision from the Revisions tab. */
async function createRevision(page: Page, name: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Revision name' }).fill(name)
  await page.getByRole('button', { name: 'Create revision' }).click()
  await eventually(async () => expect(await page.locator('.notices').textContent()).toContain('Recorded revision'))
}

/** A computed style property of `element` (or of its pseudo-element). */
const computed = (element: Locator, property: string, pseudo: string | null = null): Promise<string> =>
  element.evaluate((node, [name, after]) => (globalThis as unknown as { getComputedStyle(of: unknown, pseudo: string | null): Record<string, string> }).getComputedStyle(node, after)[name!]!, [property, pseudo] as const)

/** Checks that no page logged an error, then closes them. */
async function closeWithoutErrors(...opened: Opened[]): Promise<void> {
  expect(opened.flatMap(({ errors }) => errors)).toEqual([])
  for (const { context } of opened) await context.close()
}

describe('compare in the page', () => {
  it('numbers each compared paragraph as it is cited, and tells an insertion from a deletion without colour', async () => {
    const { link, thai, khmer } = await negotiation()
    const t = await openAsMember(chromium.browser, link(thai.token))
    const k = await openAsMember(chromium.browser, link(khmer.token))
    for (const page of [t.page, k.page]) await page.getByRole('tab', { name: 'Revisions' }).click()
    await createRevision(t.page, 'Before the round')

    // Thailand writes into 9.2; Cambodia deletes the first word of 9.3.
    await caretAtStart(numberedParagraph(t.page, 9, 2))
    await t.page.keyboard.type('EXPRESSLY ')
    await eventually(async () => expect(await typed(numberedParagraph(k.page, 9, 2))).toMatch(/^EXPRESSLY /))
    await caretAtStart(numberedParagraph(k.page, 9, 3))
    for (let i = 0; i < 'Personal '.length; i++) await k.page.keyboard.press('Delete')
    await eventually(async () => expect(await typed(numberedParagraph(t.page, 9, 3))).toMatch(/^data concerning victims/))
    await createRevision(k.page, 'After the round')

    await t.page.getByRole('button', { name: 'Refresh list' }).click()
    await t.page.getByRole('combobox', { name: 'Compare from' }).selectOption('1')
    await t.page.getByRole('combobox', { name: 'Compare to' }).selectOption('2')
    await t.page.getByRole('button', { name: 'Compare', exact: true }).click()
    const dialog = t.page.locator('dialog.modal')
    await dialog.waitFor()
    const paragraph = (number: string) => dialog.locator('.redline-paragraph', { has: t.page.locator('.paragraph-number', { hasText: new RegExp(`^${number.replace('.', '\\.')}$`) }) })
    expect(await dialog.locator('.paragraph-number').allTextContents()).toEqual(expect.arrayContaining(['9.1', '9.2', '9.2(a)', '9.2(e)', '9.3']))

    // Each character keeps when it was typed or deleted, to the minute: keys pressed across a minute's turn are two dated changes.
    const insertions = paragraph('9.2').locator('ins.change')
    const inserted = insertions.first()
    const deletions = paragraph('9.3').locator('del.change')
    const deleted = deletions.first()
    const saidInserted = await insertions.allTextContents()
    expect(saidInserted.every((text) => text.startsWith('Inserted by Khun Somchai (TH): '))).toBe(true)
    expect(saidInserted.map((text) => text.slice('Inserted by Khun Somchai (TH): '.length)).join('')).toBe('EXPRESSLY ')
    const saidDeleted = await deletions.allTextContents()
    expect(saidDeleted.every((text) => text.startsWith('Deleted by Lok Sokha (KH): '))).toBe(true)
    expect(saidDeleted.map((text) => text.slice('Deleted by Lok Sokha (KH): '.length)).join('')).toBe('Personal ')
    // Underlined or struck through, and marked + or −: none of it colour.
    expect(await computed(inserted, 'textDecorationLine')).toBe('underline')
    expect(await computed(deleted, 'textDecorationLine')).toBe('line-through')
    expect(await computed(inserted, 'content', '::before')).toMatch(/^"\+"/)
    expect(await computed(deleted, 'content', '::before')).toMatch(/^"−"/)
    // The words are read out, not shown: in the accessibility tree, one pixel on the screen.
    expect(await inserted.ariaSnapshot()).toContain(`Inserted by Khun Somchai (TH): ${saidInserted[0]!.slice('Inserted by Khun Somchai (TH): '.length).trim()}`)
    expect(await deleted.ariaSnapshot()).toContain(`Deleted by Lok Sokha (KH): ${saidDeleted[0]!.slice('Deleted by Lok Sokha (KH): '.length).trim()}`)
    expect(await inserted.locator('.change-said').evaluate((node) => (node as unknown as { getBoundingClientRect(): { width: number } }).getBoundingClientRect().width)).toBeLessThanOrEqual(1)
    await dialog.screenshot({ path: artifactPath('compare-numbered-paragraphs.png') })
    await closeWithoutErrors(t, k)
  })
})

/** Types into the first clause through a stock client and leaves: the server records an automatic checkpoint as the document leaves memory. */
async function checkpoint(documentId: string, token: string, words: string): Promise<void> {
  const before = (await server.request('GET', `/api/documents/${documentId}/revisions`, { token })).body.revisions.length as number
  const client = connectClient(server.collabUrl, documentId, token)
  await client.synced()
  clauseTexts(clauseElements(client.fragment)[0]!)[0]!.insert(0, words)
  await eventually(async () => expect(Y.encodeStateVector((await server.server.registry.peek(documentId))!.doc)).toEqual(Y.encodeStateVector(client.doc)))
  client.destroy()
  await eventually(async () => expect((await server.request('GET', `/api/documents/${documentId}/revisions`, { token })).body.revisions).toHaveLength(before + 1))
}

describe('the revisions list', () => {
  it('folds each run of automatic checkpoints into one row that opens, keeps named revisions in sight, and shows them all when asked, remembered', async () => {
    const { documentId, link, thai } = await negotiation()
    await checkpoint(documentId, thai.token, 'One. ')
    await checkpoint(documentId, thai.token, 'Two. ')
    expect((await server.request('POST', `/api/documents/${documentId}/revisions`, { token: thai.token, body: { label: 'After the first round' } })).status).toBe(201)
    for (const words of ['Three. ', 'Four. ', 'Five. ']) await checkpoint(documentId, thai.token, words)
    const { body } = await server.request('GET', `/api/documents/${documentId}/revisions`, { token: thai.token })
    expect(body.revisions.map((revision: { auto: boolean }) => revision.auto)).toEqual([true, true, false, true, true, true])

    const t = await openAsMember(chromium.browser, link(thai.token))
    await t.page.getByRole('tab', { name: 'Revisions' }).click()
    const list = t.page.getByRole('list', { name: 'Revisions' })
    const toggle = t.page.getByRole('checkbox', { name: 'Show automatic checkpoints' })
    const folds = list.locator('li.checkpoint-group')
    const row = (seq: number) => list.locator(`li[data-seq="${seq}"]`)

    // Newest first: three checkpoints in one row, the named revision, two checkpoints in one row.
    await eventually(async () => expect(await folds.locator('summary').allTextContents()).toEqual([expect.stringMatching(/^3 automatic checkpoints, /), expect.stringMatching(/^2 automatic checkpoints, /)]))
    expect(await toggle.isChecked()).toBe(false)
    expect(await list.locator(':scope > li').evaluateAll((items) => items.map((item) => item.getAttribute('data-seq') ?? 'folded'))).toEqual(['folded', '3', 'folded'])
    expect(await row(3).isVisible()).toBe(true)
    expect(await row(5).isVisible()).toBe(false)
    // Among the revisions to compare, too, the named one comes first, the checkpoints after it.
    const compareFrom = t.page.getByRole('combobox', { name: 'Compare from' })
    expect(await compareFrom.locator('option').allTextContents()).toEqual(['3. After the first round', ...[6, 5, 4, 2, 1].map((seq) => expect.stringMatching(new RegExp(`^${seq}\\. Automatic checkpoint`)))])
    expect(await compareFrom.locator('optgroup').getAttribute('label')).toBe('Automatic checkpoints')

    // A row opens to show its checkpoints.
    await folds.first().locator('summary').click()
    await eventually(async () => expect(await row(5).isVisible()).toBe(true))
    expect(await folds.first().locator('li[data-seq]').evaluateAll((items) => items.map((item) => item.getAttribute('data-seq')))).toEqual(['6', '5', '4'])
    expect(await row(1).isVisible()).toBe(false)
    await t.page.screenshot({ path: artifactPath('revisions-checkpoints-folded.png') })

    // Shown one by one, and still so after a reload.
    await toggle.check()
    expect(await folds.count()).toBe(0)
    expect(await list.locator(':scope > li').evaluateAll((items) => items.map((item) => item.getAttribute('data-seq')))).toEqual(['6', '5', '4', '3', '2', '1'])
    expect(await compareFrom.locator('option').evaluateAll((options) => options.map((option) => option.getAttribute('value')))).toEqual(['6', '5', '4', '3', '2', '1'])
    await t.page.reload()
    await t.page.getByRole('tab', { name: 'Revisions' }).click()
    await eventually(async () => expect(await list.locator(':scope > li[data-seq]').count()).toBe(6))
    expect(await toggle.isChecked()).toBe(true)
    await toggle.uncheck()
    expect(await folds.count()).toBe(2)
    await closeWithoutErrors(t)
  })
})
