/**
 * Who is here, in Chromium: everyone with the document open is listed at
 * once — observers, and delegates who have not clicked into the text —
 * with their party, their role and where they are: reading, or in which
 * clause of which language text, following the caret.
 */

import type { Locator, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { openAsMember, useBrowser } from '../support/browser.js'
import { clauseParagraph } from '../support/editorPage.js'
import { eventually } from '../support/eventually.js'
import { useServer } from '../support/fixtures.js'
import { cambodianParty, thaiParty, trilingualDocument, type TestServer } from '../support/testServer.js'

const fixture = useServer({ unloadDelayMs: 2000 })
let server: TestServer
const chromium = useBrowser()

beforeAll(async () => {
  server = fixture.server
})

type Opened = Awaited<ReturnType<typeof openAsMember>>

/** The entry of member `memberId` in `page`'s "Who is here". */
const entryOf = (page: Page, memberId: string): Locator => page.locator(`.presence-list li[data-member="${memberId}"]`)
/** Where the entry says its member is ("reading", "in Paragraph 6"). */
const placeOf = (page: Page, memberId: string): Promise<string | null> => entryOf(page, memberId).locator('.where').textContent()

/** Checks that no page logged an error, then closes them. */
async function closeWithoutErrors(...opened: Opened[]): Promise<void> {
  expect(opened.flatMap(({ errors }) => errors)).toEqual([])
  for (const { context } of opened) await context.close()
}

describe('who is here', () => {
  it('lists an observer and a delegate who has not clicked into the text at once, and follows a delegate’s caret from clause to clause', async () => {
    const { body } = await server.request('POST', '/api/documents', { body: { template: 'anti-trafficking-mou', parties: [thaiParty, cambodianParty] } })
    const link = (token: string) => `${server.url}/d/${body.id}?token=${token}`
    const thai = await server.addMember(body.id, 'delegate', 'TH', 'Khun Somchai')
    const khmer = await server.addMember(body.id, 'delegate', 'KH', 'Lok Sokha')
    const observer = await server.addMember(body.id, 'observer', null, 'UNODC observer')

    const k = await openAsMember(chromium.browser, link(khmer.token))
    const t = await openAsMember(chromium.browser, link(thai.token))
    const o = await openAsMember(chromium.browser, link(observer.token))

    // Nobody has touched the text: the Cambodian delegation sees both at once, reading.
    await eventually(async () => {
      expect(await entryOf(k.page, thai.id).textContent()).toContain('Khun Somchai · TH')
      expect(await entryOf(k.page, observer.id).textContent()).toContain('UNODC observer')
    })
    expect(await placeOf(k.page, thai.id)).toBe('reading')
    expect(await placeOf(k.page, observer.id)).toBe('reading')
    expect(await entryOf(k.page, thai.id).locator('.role').textContent()).toBe('Delegate')
    expect(await entryOf(k.page, observer.id).locator('.role').textContent()).toBe('Observer')
    // The observer, who can never place a caret, sees both delegations too.
    await eventually(async () => expect(await o.page.locator('.presence-list li[data-member]').evaluateAll((items) => items.map((item) => item.getAttribute('data-member')).sort())).toEqual([khmer.id, thai.id].sort()))

    // The Thai delegate clicks into Paragraph 6, then moves to Paragraph 7.
    await clauseParagraph(t.page, 5).click()
    await eventually(async () => expect(await placeOf(k.page, thai.id)).toBe('in Paragraph 6'))
    await clauseParagraph(t.page, 6).click()
    await eventually(async () => expect(await placeOf(k.page, thai.id)).toBe('in Paragraph 7'))
    expect(await placeOf(o.page, thai.id)).toBe('in Paragraph 7')

    // Closing the page takes them off the list.
    await closeWithoutErrors(t)
    await eventually(async () => expect(await entryOf(k.page, thai.id).count()).toBe(0))
    await closeWithoutErrors(k, o)
  })

  it('says which language text a delegate is in', async () => {
    const { status, body } = await server.request('POST', '/api/documents', { body: trilingualDocument })
    expect(status, JSON.stringify(body)).toBe(201)
    const thai = await server.addMember(body.id, 'delegate', 'TH', 'Khun Somchai')
    const khmer = await server.addMember(body.id, 'delegate', 'KH', 'Lok Sokha')
    const link = (token: string) => `${server.url}/d/${body.id}?token=${token}`
    const wide = { width: 1680, height: 1000 }
    const t = await openAsMember(chromium.browser, link(thai.token), wide)
    const k = await openAsMember(chromium.browser, link(khmer.token), wide)
    await eventually(async () => expect(await placeOf(t.page, khmer.id)).toBe('reading'))

    await k.page.selectOption('select.language-switch', 'en,km')
    await k.page.locator('.text-column[data-lang="km"] section.clause').nth(1).locator('p').first().click()
    await eventually(async () => expect(await placeOf(t.page, khmer.id)).toBe('in Paragraph 2 (Khmer text)'))
    await k.page.locator('.text-column[data-lang="en"] section.clause').nth(2).locator('p').first().click()
    await eventually(async () => expect(await placeOf(t.page, khmer.id)).toBe('in Paragraph 3 (English text)'))
    await closeWithoutErrors(t, k)
  })
})
