/**
 * Drafters' clause tools in Chromium, with two delegations at once: a
 * cross-reference inserted from the picker, which reads as the clause's
 * number on both pages and follows it when it moves (and is stopped, in
 * words, in agreed text); a template's variables set in a form before it
 * is inserted, and a warning when its clause is in the text already;
 * comments on the words selected — highlighted while written, refused with
 * none selected — and drafts that survive the other delegation's comments
 * arriving.
 */

import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { artifactPath, openAsMember, useBrowser } from '../support/browser.js'
import { clauseParagraph } from '../support/editorPage.js'
import { eventually } from '../support/eventually.js'
import { useServer } from '../support/fixtures.js'
import { setStatus } from '../support/negotiation.js'
import type { TestServer } from '../support/testServer.js'

const fixture = useServer({ unloadDelayMs: 2000 })
let server: TestServer
const chromium = useBrowser()

beforeAll(() => {
  server = fixture.server
})

interface ClauseView {
  id: string
  label: string
  heading: string | null
  text: string
}

/** A drafted memorandum between a Thai and a Cambodian delegate, and each one's link. */
async function negotiation() {
  const documentId = await server.draftDocument('anti-trafficking-mou', { style: 'mou' })
  return {
    documentId,
    link: (token: string) => `${server.url}/d/${documentId}?token=${token}`,
    thai: await server.addMember(documentId, 'delegate', 'TH', 'Khun Somchai'),
    khmer: await server.addMember(documentId, 'delegate', 'KH', 'Lok Sokha'),
  }
}

const clausesOf = async (documentId: string): Promise<ClauseView[]> => (await server.request('GET', `/api/documents/${documentId}/content`)).body.clauses

/** Puts the caret at the start of the n-th clause's first body paragraph. */
async function caretInClause(page: Page, clause: number): Promise<void> {
  await clauseParagraph(page, clause).click()
  await page.keyboard.press('Home')
}

/** Selects the first `length` characters of the n-th clause's first body paragraph; resolves to them. */
async function selectInClause(page: Page, clause: number, length: number): Promise<string> {
  await caretInClause(page, clause)
  for (let i = 0; i < length; i++) await page.keyboard.press('Shift+ArrowRight')
  return page.evaluate('window.getSelection().toString()') as Promise<string>
}

const notices = (page: Page) => page.locator('.notices').textContent()

describe('a cross-reference from the picker', () => {
  it('reads as the clause’s number on both delegations’ pages and follows the clause when it moves', async () => {
    const { documentId, link, thai, khmer } = await negotiation()
    const clauses = await clausesOf(documentId)
    const amendment = clauses.findIndex((clause) => clause.heading === 'Amendment')
    const a = await openAsMember(chromium.browser, link(thai.token))
    const b = await openAsMember(chromium.browser, link(khmer.token))

    await caretInClause(a.page, 1)
    await a.page.keyboard.type('As provided in ')
    await a.page.getByRole('button', { name: 'Insert reference…' }).click()
    const picker = a.page.getByRole('group', { name: 'Insert a reference to a clause' })
    expect(await picker.getByRole('option').count()).toBe(clauses.length)
    await picker.getByRole('combobox', { name: 'Find a clause' }).fill('amendment')
    expect(await picker.getByRole('option').allTextContents()).toEqual([`${clauses[amendment]!.label} — Amendment`])
    await a.page.screenshot({ path: artifactPath('clause-reference-picker.png') })
    await a.page.keyboard.press('Enter')
    expect(await picker.isHidden()).toBe(true)
    // The caret is back in the text, after the reference.
    await a.page.keyboard.type(', the Participants')

    const reference = (page: Page) => clauseParagraph(page, 1).locator('.clause-ref')
    for (const page of [a.page, b.page]) await eventually(async () => expect(await reference(page).getAttribute('data-label')).toBe(clauses[amendment]!.label))

    // The other delegation moves Amendment up one place: both pages read its new number.
    await b.page.locator('.outline-entry').nth(amendment).focus()
    await b.page.keyboard.press('Alt+ArrowUp')
    for (const page of [a.page, b.page]) await eventually(async () => expect(await reference(page).getAttribute('data-label')).toBe(clauses[amendment - 1]!.label))
    await eventually(async () => expect((await clausesOf(documentId))[1]!.text).toContain(`As provided in ${clauses[amendment - 1]!.label}, the Participants`))
    expect(a.errors.concat(b.errors)).toEqual([])
    await a.context.close()
    await b.context.close()
  })

  it('is stopped in agreed text with the reason, and not offered to an observer', async () => {
    const { documentId, link, thai, khmer } = await negotiation()
    const [agreed] = await clausesOf(documentId)
    await setStatus(server, documentId, agreed!.id, thai.token, 'under-negotiation')
    await setStatus(server, documentId, agreed!.id, khmer.token, 'agreed-ad-referendum')
    await setStatus(server, documentId, agreed!.id, thai.token, 'agreed')
    const a = await openAsMember(chromium.browser, link(thai.token))
    await eventually(async () => expect(await a.page.locator('.mou-document section.clause').first().getAttribute('class')).toContain('clause-locked'))

    const references = a.page.locator('.mou-document section.clause').first().locator('.clause-ref')
    const referencesBefore = await references.count()
    await caretInClause(a.page, 0)
    await a.page.keyboard.press('Control+Shift+L')
    expect(await a.page.evaluate('document.activeElement.getAttribute("aria-label")')).toBe('Find a clause')
    await a.page.keyboard.type('costs')
    await a.page.keyboard.press('Enter')
    await eventually(async () => expect(await notices(a.page)).toContain('Paragraph 1 is agreed by both parties: its text is locked'))
    expect(await references.count()).toBe(referencesBefore)
    expect((await clausesOf(documentId))[0]!.text).toBe(agreed!.text)
    expect(await a.page.locator('.connection').getAttribute('data-state')).toBe('connected')

    const observer = await server.addMember(documentId, 'observer', null, 'UNODC observer')
    const o = await openAsMember(chromium.browser, link(observer.token))
    expect(await o.page.locator('.mou-document section.clause').count()).toBeGreaterThan(0)
    expect(await o.page.getByRole('button', { name: 'Insert reference…' }).count()).toBe(0)
    expect(a.errors.concat(o.errors)).toEqual([])
    await a.context.close()
    await o.context.close()
  })
})

describe('a template with variables', () => {
  it('asks for their values in a form, checked before it goes, and drafts the clause with them', async () => {
    const { documentId, link, thai, khmer } = await negotiation()
    const entry = (await clausesOf(documentId)).find((clause) => clause.heading?.startsWith('Coming into Effect'))!
    expect((await server.request('DELETE', `/api/documents/${documentId}/clauses/${entry.id}`, { token: thai.token })).status).toBe(200)
    const a = await openAsMember(chromium.browser, link(thai.token))
    const b = await openAsMember(chromium.browser, link(khmer.token))

    await caretInClause(a.page, 0)
    await a.page.getByRole('tab', { name: 'Templates' }).click()
    await a.page.locator('button.insert-template[data-template-id="entry-into-effect"]').click()
    const dialog = a.page.getByRole('dialog', { name: 'Insert “Commencement, Duration and Termination”' })
    await dialog.waitFor()
    expect(await dialog.locator('.template-duplicate').count()).toBe(0)
    const years = dialog.getByRole('spinbutton', { name: /Length in years of the initial term/ })
    const notice = dialog.getByRole('spinbutton', { name: /Days of prior written notice/ })
    expect([await years.inputValue(), await notice.inputValue()]).toEqual(['5', '90'])

    // Ten digits: refused in the dialog, in the server's words, before anything is sent.
    await years.fill('1234567890')
    await dialog.getByRole('button', { name: 'Insert', exact: true }).click()
    expect(await dialog.locator('.field-problem').first().textContent()).toBe('must be a whole number of at most 9 digits (got "1234567890")')
    await a.page.screenshot({ path: artifactPath('template-variables.png') })
    await years.fill('3')
    await notice.fill('60')
    await dialog.getByRole('button', { name: 'Insert', exact: true }).click()
    await dialog.waitFor({ state: 'detached' })

    await eventually(async () => expect(await b.page.locator('.outline-entry').nth(1).textContent()).toMatch(/^Paragraph 2Coming into Effect/))
    const text = (await clausesOf(documentId))[1]!.text
    expect(text).toContain('for a period of 3 years')
    expect(text).toContain('at least 60 days')
    expect(a.errors.concat(b.errors)).toEqual([])
    await a.context.close()
    await b.context.close()
  })

  it('warns when its clause is already in the text, and inserts another only if asked', async () => {
    const { documentId, link, thai } = await negotiation()
    const clauses = await clausesOf(documentId)
    const costs = clauses.find((clause) => clause.heading === 'Costs')!
    const a = await openAsMember(chromium.browser, link(thai.token))
    await caretInClause(a.page, 0)
    await a.page.getByRole('tab', { name: 'Templates' }).click()
    const insertCosts = a.page.locator('button.insert-template[data-template-id="costs"]')
    const dialog = a.page.getByRole('dialog', { name: 'Insert “Costs”' })

    await insertCosts.click()
    expect(await dialog.locator('.template-duplicate').textContent()).toBe(`“Costs” is already ${costs.label} — insert another?`)
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await dialog.waitFor({ state: 'detached' })
    expect(await clausesOf(documentId)).toHaveLength(clauses.length)

    await insertCosts.click()
    await dialog.getByRole('button', { name: 'Insert another' }).click()
    await dialog.waitFor({ state: 'detached' })
    await eventually(async () => expect(await notices(a.page)).toContain('Inserted “Costs” as Paragraph 2.'))
    expect((await clausesOf(documentId)).filter((clause) => clause.heading === 'Costs')).toHaveLength(2)
    expect(a.errors).toEqual([])
    await a.context.close()
  })
})

describe('comments being written', () => {
  it('keep the selected words highlighted while the comment is typed; with none selected, a comment is refused in words', async () => {
    const { documentId, link, thai } = await negotiation()
    const a = await openAsMember(chromium.browser, link(thai.token))
    const selected = await selectInClause(a.page, 4, 8)
    await a.page.getByRole('tab', { name: 'Comments' }).click()
    const draft = a.page.getByRole('textbox', { name: 'New comment' })
    await draft.click()
    await a.page.keyboard.type('Which authority is meant here?')
    const pending = a.page.locator('.mou-document .comment-pending')
    expect(await pending.allTextContents()).toEqual([selected])
    await a.page.screenshot({ path: artifactPath('comment-pending-selection.png') })
    await a.page.getByRole('button', { name: 'Comment on the selection' }).click()
    await eventually(async () => expect(await a.page.locator('.thread').count()).toBe(1))
    expect(await pending.count()).toBe(0)

    // The same words are not taken again: the next comment needs words selected anew.
    await draft.fill('And this one?')
    await a.page.getByRole('button', { name: 'Comment on the selection' }).click()
    await eventually(async () => expect(await notices(a.page)).toContain('Select the words the comment is about first.'))
    // Nor is a caret a selection.
    const refusal = a.page.locator('.notice', { hasText: 'Select the words the comment is about first.' })
    await refusal.getByRole('button', { name: 'Dismiss' }).click()
    await caretInClause(a.page, 5)
    await draft.click()
    expect(await pending.count()).toBe(0)
    await a.page.getByRole('button', { name: 'Comment on the selection' }).click()
    await eventually(async () => expect(await refusal.count()).toBe(1))
    expect(await draft.inputValue()).toBe('And this one?')
    expect((await server.request('GET', `/api/documents/${documentId}/comments`)).body.threads).toHaveLength(1)
    expect(a.errors).toEqual([])
    await a.context.close()
  })

  it('keep a draft reply, its focus and caret, and a draft comment when another delegation’s comment arrives', async () => {
    const { link, thai, khmer } = await negotiation()
    const a = await openAsMember(chromium.browser, link(thai.token))
    const b = await openAsMember(chromium.browser, link(khmer.token))
    const comment = async (page: Page, clause: number, body: string) => {
      await selectInClause(page, clause, 6)
      await page.getByRole('tab', { name: 'Comments' }).click()
      await page.getByRole('textbox', { name: 'New comment' }).fill(body)
      await page.getByRole('button', { name: 'Comment on the selection' }).click()
    }
    await comment(b.page, 3, 'Is thirty days enough?')
    await a.page.getByRole('tab', { name: 'Comments' }).click()
    await eventually(async () => expect(await a.page.locator('.thread').count()).toBe(1))
    const threadId = await a.page.locator('.thread').first().getAttribute('data-thread')

    await a.page.getByRole('textbox', { name: 'New comment' }).fill('A comment not yet sent')
    const reply = a.page.locator(`.thread[data-thread="${threadId}"] textarea.reply`)
    await reply.click()
    await a.page.keyboard.type('Thirty days, ')
    await comment(b.page, 6, 'Which ministry?')
    await eventually(async () => expect(await a.page.locator('.thread').count()).toBe(2))
    // Still typing into the same reply, where the caret was.
    await a.page.keyboard.type('as agreed in Bangkok.')
    expect(await reply.inputValue()).toBe('Thirty days, as agreed in Bangkok.')
    expect(await a.page.getByRole('textbox', { name: 'New comment' }).inputValue()).toBe('A comment not yet sent')
    await a.page.locator(`.thread[data-thread="${threadId}"] button.send-reply`).click()
    await eventually(async () => expect(await b.page.locator(`.thread[data-thread="${threadId}"] .messages li`).count()).toBe(2))
    expect(await b.page.locator(`.thread[data-thread="${threadId}"] .messages p`).last().textContent()).toBe('Thirty days, as agreed in Bangkok.')
    expect(a.errors.concat(b.errors)).toEqual([])
    await a.context.close()
    await b.context.close()
  })
})
