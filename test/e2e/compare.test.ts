/**
 * The Revisions tab in Chromium: compare in the page numbers each compared
 * paragraph as it is cited ("9.2") and tells insertions from deletions
 * without colour (underline and strike-through, a marker, and words for
 * screen readers); automatic checkpoints fold into one row that opens, and
 * hide, so that named revisions stand out.
 */

import type { Locator, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { artifactPath, openAsMember, useBrowser } from '../support/browser.js'
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

    const inserted = paragraph('9.2').locator('ins.change')
    const deleted = paragraph('9.3').locator('del.change')
    expect(await inserted.textContent()).toBe('Inserted by Khun Somchai (TH): EXPRESSLY ')
    expect(await deleted.textContent()).toBe('Deleted by Lok Sokha (KH): Personal ')
    // Underlined or struck through, and marked + or −: none of it colour.
    expect(await computed(inserted, 'textDecorationLine')).toBe('underline')
    expect(await computed(deleted, 'textDecorationLine')).toBe('line-through')
    expect(await computed(inserted, 'content', '::before')).toMatch(/^"\+"/)
    expect(await computed(deleted, 'content', '::before')).toMatch(/^"−"/)
    // The words are read out, not shown: in the accessibility tree, one pixel on the screen.
    expect(await inserted.ariaSnapshot()).toContain('Inserted by Khun Somchai (TH): EXPRESSLY')
    expect(await deleted.ariaSnapshot()).toContain('Deleted by Lok Sokha (KH): Personal')
    expect(await inserted.locator('.change-said').evaluate((node) => (node as unknown as { getBoundingClientRect(): { width: number } }).getBoundingClientRect().width)).toBeLessThanOrEqual(1)
    await dialog.screenshot({ path: artifactPath('compare-numbered-paragraphs.png') })
    await closeWithoutErrors(t, k)
  })
})
