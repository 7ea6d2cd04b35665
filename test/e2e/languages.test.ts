/**
 * Equally authentic texts in the browser: a memorandum in English, Thai and
 * Khmer, read and written side by side by the two delegations — each text
 * numbered in its own language, structure left to the English, every
 * clause marked with its translation status, a stale clause showing what
 * changed in the English, and one click to confirm.
 */

import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { artifactPath, openAsMember, useBrowser } from '../support/browser.js'
import { eventually } from '../support/eventually.js'
import { useServer } from '../support/fixtures.js'
import { setStatus } from '../support/negotiation.js'
import { storedReplica } from '../support/replicas.js'
import { cambodianParty, thaiParty, type TestServer } from '../support/testServer.js'
import { contentFragmentName, languageFragmentName } from '../../server/vocabulary/documentRoots.js'

const fixture = useServer({ unloadDelayMs: 2000 })
let server: TestServer
const chromium = useBrowser()

beforeAll(async () => {
  server = fixture.server
})

type Member = { id: string; token: string }

interface Trilingual {
  documentId: string
  link: (token: string) => string
  thai: Member
  khmer: Member
  clauseIds: string[]
}

async function trilingual(): Promise<Trilingual> {
  const { status, body } = await server.request('POST', '/api/documents', {
    body: {
      template: 'anti-trafficking-mou',
      languages: { working: 'en', others: ['th', 'km'] },
      parties: [
        { ...thaiParty, language: 'th' },
        { ...cambodianParty, language: 'km' },
      ],
    },
  })
  expect(status, JSON.stringify(body)).toBe(201)
  const thai = await server.addMember(body.id, 'delegate', 'TH', 'Khun Somchai')
  const khmer = await server.addMember(body.id, 'delegate', 'KH', 'Lok Sokha')
  const content = await server.request('GET', `/api/documents/${body.id}/content`, { token: thai.token })
  return {
    documentId: body.id,
    link: (token) => `${server.url}/d/${body.id}?token=${token}`,
    thai,
    khmer,
    clauseIds: content.body.clauses.map((clause: { id: string }) => clause.id),
  }
}

/** Wide enough for three columns beside the outline and the tools. */
const wide = { width: 1680, height: 1000 }

/** Shows the texts `langs` ("en,th,km") and waits for each column's editor. */
async function showTexts(page: Page, langs: string): Promise<void> {
  await page.selectOption('select.language-switch', langs)
  for (const lang of langs.split(',')) await page.locator(`.text-column[data-lang="${lang}"] .ProseMirror`).waitFor()
}

const column = (page: Page, lang: string) => page.locator(`.text-column[data-lang="${lang}"]`)
const clauseIn = (page: Page, lang: string, clauseId: string) => column(page, lang).locator(`section.clause[data-clause-id="${clauseId}"]`)
/** The clause's first body paragraph in `lang`. */
const paragraphIn = (page: Page, lang: string, clauseId: string) => clauseIn(page, lang, clauseId).locator('p').first()
const markOf = (page: Page, lang: string, clauseId: string) => column(page, lang).locator(`.translation-mark[data-clause-id="${clauseId}"]`)

/** Puts the caret at the end of the clause's first body paragraph in `lang`. */
async function caretAtEnd(page: Page, lang: string, clauseId: string): Promise<void> {
  await paragraphIn(page, lang, clauseId).click()
  await page.keyboard.press('End')
}

/** The clause's words in `lang` as the server stores them (the Y.Doc rebuilt from the database). */
async function storedWords(documentId: string, lang: string, clauseId: string): Promise<string> {
  const doc = await storedReplica(fixture.database, documentId)
  const fragment = doc.getXmlFragment(lang === 'en' ? contentFragmentName : languageFragmentName(lang))
  const clause = fragment.toArray().find((node) => node instanceof Y.XmlElement && node.getAttribute('id') === clauseId)
  return clause?.toString() ?? ''
}

/** Checks that no page logged an error, then closes them. */
async function closeWithoutErrors(...opened: Awaited<ReturnType<typeof openAsMember>>[]): Promise<void> {
  expect(opened.flatMap(({ errors }) => errors)).toEqual([])
  for (const { context } of opened) await context.close()
}

async function translationStatus(documentId: string, token: string, clauseId: string, lang: string): Promise<string> {
  const { body } = await server.request('GET', `/api/documents/${documentId}/translations`, { token })
  return (body.translations as { clauseId: string; lang: string; status: string }[]).find((entry) => entry.clauseId === clauseId && entry.lang === lang)!.status
}

describe('a memorandum in English, Thai and Khmer in the browser', () => {
  it('is written side by side by both delegations, each text numbered in its language and set in its own face', async () => {
    const { documentId, link, thai, khmer, clauseIds } = await trilingual()
    const clause = clauseIds[1]!
    const a = await openAsMember(chromium.browser, link(thai.token), wide)
    await showTexts(a.page, 'en,th,km')

    // Each column is an editor in its language: lang for line breaking, numbers in its words and digits.
    expect(await column(a.page, 'th').locator('.ProseMirror').getAttribute('lang')).toBe('th')
    expect(await column(a.page, 'km').locator('.ProseMirror').getAttribute('lang')).toBe('km')
    expect(await clauseIn(a.page, 'en', clause).getAttribute('data-label')).toBe('Paragraph 2')
    expect(await clauseIn(a.page, 'th', clause).getAttribute('data-label')).toBe('ข้อ ๒')
    expect(await clauseIn(a.page, 'km', clause).getAttribute('data-label')).toBe('ប្រការ ២')
    const faces = await Promise.all(['th', 'km'].map((lang) => paragraphIn(a.page, lang, clause).evaluate((element) => (globalThis as unknown as { getComputedStyle(of: unknown): { fontFamily: string } }).getComputedStyle(element).fontFamily)))
    expect(faces[0]).toMatch(/Sarabun/)
    expect(faces[1]).toMatch(/Khmer OS Siemreap/)
    // Clause by clause, level across the columns.
    const tops = await Promise.all(['en', 'th', 'km'].map((lang) => clauseIn(a.page, lang, clauseIds[4]!).evaluate((element) => Math.round(element.getBoundingClientRect().top))))
    expect(new Set(tops).size).toBe(1)

    // The Thai delegate types Thai into the Thai text: stored, and a draft to confirm.
    await caretAtEnd(a.page, 'th', clause)
    await a.page.keyboard.type(' ทดสอบการแปล')
    await eventually(async () => expect(await storedWords(documentId, 'th', clause)).toContain('ทดสอบการแปล'))
    expect(await translationStatus(documentId, thai.token, clause, 'th')).toBe('draft')

    // The Cambodian delegate, in a browser of their own, types Khmer; the Thai delegate sees it arrive.
    const b = await openAsMember(chromium.browser, link(khmer.token), wide)
    await showTexts(b.page, 'en,km,th')
    await caretAtEnd(b.page, 'km', clause)
    await b.page.keyboard.type(' សាកល្បងការបកប្រែ')
    await eventually(async () => expect(await storedWords(documentId, 'km', clause)).toContain('សាកល្បងការបកប្រែ'))
    await eventually(async () => expect(await paragraphIn(a.page, 'km', clause).textContent()).toContain('សាកល្បងការបកប្រែ'))
    await eventually(async () => expect(await a.page.locator('.remote-cursor-label').allTextContents()).toContain('Lok Sokha · KH'))
    await eventually(async () => expect(await a.page.locator(`.presence-list li[data-member="${khmer.id}"]`).locator('.where').textContent()).toBe('in Paragraph 2 (Khmer text)'))

    // Structure is the English text's: Enter in the Thai text splits nothing, and says why.
    const blocks = await clauseIn(a.page, 'th', clause).locator('p').count()
    await caretAtEnd(a.page, 'th', clause)
    await a.page.keyboard.press('Enter')
    await eventually(async () => expect(await a.page.locator('.notice').allTextContents()).toContainEqual(expect.stringContaining('follows the structure of the English text')))
    expect(await clauseIn(a.page, 'th', clause).locator('p').count()).toBe(blocks)

    await a.page.screenshot({ path: artifactPath('languages-side-by-side.png') })
    await closeWithoutErrors(a, b)
  })

  it('marks a confirmed clause stale in Thai when the other delegation amends its English, shows the change, and confirms it again in one click', async () => {
    const { documentId, link, thai, khmer, clauseIds } = await trilingual()
    const clause = clauseIds[2]!
    const a = await openAsMember(chromium.browser, link(thai.token), wide)
    await showTexts(a.page, 'en,th,km')

    // The Thai delegate confirms the Thai text; the Khmer text is not theirs to confirm.
    await eventually(async () => expect(await markOf(a.page, 'th', clause).getAttribute('data-status')).toBe('draft'))
    expect(await markOf(a.page, 'km', clause).locator('button.confirm-translation').count()).toBe(0)
    await markOf(a.page, 'th', clause).getByRole('button', { name: 'Confirm' }).click()
    await eventually(async () => expect(await markOf(a.page, 'th', clause).getAttribute('data-status')).toBe('confirmed'))
    expect(await markOf(a.page, 'th', clause).textContent()).toContain('Khun Somchai')
    expect(await translationStatus(documentId, thai.token, clause, 'th')).toBe('confirmed')

    // The Cambodian delegate amends the English of that clause.
    const b = await openAsMember(chromium.browser, link(khmer.token))
    await caretAtEnd(b.page, 'en', clause)
    await b.page.keyboard.type(' AS AMENDED')

    // The Thai delegate's page marks it stale, with the English change as in the redline.
    await eventually(async () => expect(await markOf(a.page, 'th', clause).getAttribute('data-status')).toBe('stale'))
    expect(await markOf(a.page, 'th', clause).locator('.working-change ins').allTextContents()).toContainEqual(expect.stringContaining('AMENDED'))

    // The outline shows only what is stale in Thai.
    await a.page.selectOption('select.outline-filter', 'stale:th')
    await eventually(async () => expect(await a.page.locator('.outline-entry').evaluateAll((entries) => entries.map((entry) => entry.getAttribute('data-clause-id')))).toEqual([clause]))
    await a.page.screenshot({ path: artifactPath('languages-stale.png') })

    // One click confirms it again.
    await markOf(a.page, 'th', clause).getByRole('button', { name: 'Confirm' }).click()
    await eventually(async () => expect(await markOf(a.page, 'th', clause).getAttribute('data-status')).toBe('confirmed'))
    expect(await translationStatus(documentId, thai.token, clause, 'th')).toBe('confirmed')
    await eventually(async () => expect(await a.page.locator('.outline .empty').textContent()).toContain('No clause is stale in Thai'))
    await a.page.screenshot({ path: artifactPath('languages-confirmed.png') })
    await closeWithoutErrors(a, b)
  })

  it('locks a clause in Thai when its English is agreed, by the working clause’s status', async () => {
    const { documentId, link, thai, khmer, clauseIds } = await trilingual()
    const clause = clauseIds[0]!
    for (const [lang, member] of [['th', thai], ['km', khmer]] as const) {
      const confirmed = await server.request('POST', `/api/documents/${documentId}/clauses/${clause}/translations/${lang}/confirm`, { token: member.token })
      expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(201)
    }
    const a = await openAsMember(chromium.browser, link(thai.token), wide)
    await showTexts(a.page, 'th')
    await setStatus(server, documentId, clause, thai.token, 'under-negotiation')
    await setStatus(server, documentId, clause, khmer.token, 'agreed-ad-referendum')

    await eventually(async () => expect(await clauseIn(a.page, 'th', clause).getAttribute('class')).toContain('clause-locked'))
    const before = await storedWords(documentId, 'th', clause)
    await caretAtEnd(a.page, 'th', clause)
    await a.page.keyboard.type('ไม่ควรเข้า')
    await eventually(async () => expect(await a.page.locator('.notice').allTextContents()).toContainEqual(expect.stringContaining('agreed ad referendum')))
    expect(await paragraphIn(a.page, 'th', clause).textContent()).not.toContain('ไม่ควรเข้า')
    expect(await storedWords(documentId, 'th', clause)).toBe(before)
    await a.page.screenshot({ path: artifactPath('languages-thai-locked.png') })
    await closeWithoutErrors(a)
  })
})
