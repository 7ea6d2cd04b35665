/**
 * Each delegation's private notes, drafts and threads, in Chromium
 * against a real server. A Thai delegate's private note on a clause is
 * read by a Thai legal officer after a reload, and never reaches a
 * Cambodian delegate's page nor the secretariat's. A Thai delegate writes
 * draft wording for a clause in the clause's panel; a Thai legal
 * officer's page shows it as it is typed, and a Cambodian delegate's page
 * holds none of it — not on the page, not in any frame its sockets
 * received — but a draft of its own, empty. Proposed, the draft is a
 * bracket of the Thai party's in the shared text on both delegations'
 * pages; the Cambodian delegate then proposes a draft of its own as its
 * alternative to the Thai wording. A thread the Thai delegate opens "Only
 * my delegation" is the Thai legal officer's to read after a reload,
 * marked as the delegation's, and never reaches the Cambodian delegate.
 */

import type { BrowserContext, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { artifactPath, useBrowser } from '../support/browser.js'
import { clauseParagraph } from '../support/editorPage.js'
import { eventually } from '../support/eventually.js'
import { useServer } from '../support/fixtures.js'
import { fullDelegations } from '../support/negotiation.js'
import type { TestServer } from '../support/testServer.js'

const fixture = useServer({ unloadDelayMs: 600_000 })
let server: TestServer
const chromium = useBrowser()

beforeAll(() => {
  server = fixture.server
})

/** A member's page, with every WebSocket frame it receives kept (as text, binary frames decoded as UTF-8, as Yjs writes strings). */
interface Watched {
  context: BrowserContext
  page: Page
  errors: string[]
  received: string[]
}

/** Opens member `token`'s page of `documentId`, watching its sockets from before the first one opens, and waits for it to be connected. */
async function open(documentId: string, token: string): Promise<Watched> {
  const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 800 } })
  const page = await context.newPage()
  const errors: string[] = []
  const received: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  page.on('websocket', (socket) => socket.on('framereceived', ({ payload }) => received.push(typeof payload === 'string' ? payload : payload.toString('utf8'))))
  await page.goto(`${server.url}/d/${documentId}?token=${token}`)
  await page.waitForSelector('.connection[data-state="connected"]', { timeout: 20_000 })
  return { context, page, errors, received }
}

/** Puts the caret at the start of the `clause`-th clause's (from 0) first paragraph. */
async function caretIn(page: Page, clause: number): Promise<void> {
  await clauseParagraph(page, clause).click({ position: { x: 2, y: 4 } })
  await page.keyboard.press('Home')
}

/** The draft wording section of the Negotiation tab. */
const drafting = (page: Page) => page.locator('section.negotiation .draft-wording')

/** The draft editor of `party` for `label`, once it may be written in (the party's drafts are here). */
async function draftField(page: Page, party: string, label: string) {
  const field = page.getByRole('textbox', { name: `Draft wording of ${party} for ${label}` })
  await eventually(async () => expect(await field.getAttribute('contenteditable')).toBe('true'))
  return field
}

const notices = (page: Page) => page.locator('.notices').textContent()

/** Checks that no page logged an error, then closes them. */
async function closeWithoutErrors(...opened: Watched[]): Promise<void> {
  expect(opened.flatMap(({ errors }) => errors)).toEqual([])
  for (const { context } of opened) await context.close()
}

describe('a delegation’s private note on a clause', () => {
  it('is written in the clause’s panel, read by the same delegation after a reload, and never shown to the other delegation or the secretariat', async () => {
    const { documentId, members } = await fullDelegations(server)
    const note = 'Fallback: accept 45 days if CNP insists; instructions from Bangkok of 2 March.'

    const thDelegate = await open(documentId, members.thDelegate.token)
    await caretIn(thDelegate.page, 5)
    const section = (page: Page) => page.locator('section.negotiation .private-note')
    await section(thDelegate.page).waitFor()
    expect(await section(thDelegate.page).locator('.private-note-scope').textContent()).toBe('Private to DSI: the other delegation and the secretariat never see this.')
    const field = thDelegate.page.getByRole('textbox', { name: 'Private note of DSI on Paragraph 6' })
    await eventually(async () => expect(await field.isEnabled()).toBe(true))
    await field.fill(note)
    expect(await section(thDelegate.page).locator('.private-note-state').textContent()).toBe('Not saved yet')
    await section(thDelegate.page).getByRole('button', { name: 'Save the note' }).click()
    await eventually(async () => expect(await thDelegate.page.locator('.notices').textContent()).toContain('The private note on Paragraph 6 is saved: only DSI sees it.'))
    expect(await section(thDelegate.page).locator('.private-note-state').textContent()).toMatch(/^Saved by Pol\. Maj\. Somchai, /)
    // The caret elsewhere shows that clause's (empty) note; back in Paragraph 6, the note is there.
    await caretIn(thDelegate.page, 2)
    await eventually(async () => expect(await thDelegate.page.getByRole('textbox', { name: 'Private note of DSI on Paragraph 3' }).inputValue()).toBe(''))
    await caretIn(thDelegate.page, 5)
    expect(await field.inputValue()).toBe(note)
    await thDelegate.page.screenshot({ path: artifactPath('private-note.png') })

    // The Thai legal officer reads it in a page of their own, and after a reload.
    const thLegal = await open(documentId, members.thLegal.token)
    await thLegal.page.reload()
    await thLegal.page.waitForSelector('.connection[data-state="connected"]')
    await caretIn(thLegal.page, 5)
    const legalField = thLegal.page.getByRole('textbox', { name: 'Private note of DSI on Paragraph 6' })
    await eventually(async () => expect(await legalField.inputValue()).toBe(note))
    expect(await section(thLegal.page).locator('.private-note-state').textContent()).toMatch(/^Saved by Pol\. Maj\. Somchai, /)

    // The Cambodian delegate has a private note of their own on the clause — empty — and nothing of the Thai one anywhere on the page.
    const khDelegate = await open(documentId, members.khDelegate.token)
    await caretIn(khDelegate.page, 5)
    const khField = khDelegate.page.getByRole('textbox', { name: 'Private note of CNP on Paragraph 6' })
    await eventually(async () => expect(await khField.isEnabled()).toBe(true))
    expect(await khField.inputValue()).toBe('')
    expect(await section(khDelegate.page).locator('.private-note-state').textContent()).toBe('No note on this clause yet.')
    expect(await khDelegate.page.locator('body').textContent()).not.toContain('Fallback: accept 45 days')
    // The secretariat has no private note at all.
    const secretariat = await open(documentId, members.secretariat.token)
    await caretIn(secretariat.page, 5)
    await secretariat.page.locator('section.negotiation .clause-title').waitFor()
    expect(await section(secretariat.page).count()).toBe(0)
    expect(await secretariat.page.locator('body').textContent()).not.toContain('Fallback: accept 45 days')
    await closeWithoutErrors(thDelegate, thLegal, khDelegate, secretariat)
  }, 120_000)
})

describe('a delegation’s private drafts', () => {
  it('are written together by the delegation live, reach nobody else, and go into the shared text as its bracket, or as the other delegation’s alternative to it, when proposed', async () => {
    const { documentId, members, clauseIds } = await fullDelegations(server)
    const wording = 'Requests are answered within forty-five days.'
    const thDelegate = await open(documentId, members.thDelegate.token)
    const thLegal = await open(documentId, members.thLegal.token)
    const khDelegate = await open(documentId, members.khDelegate.token)
    for (const { page } of [thDelegate, thLegal, khDelegate]) await caretIn(page, 5)

    // The Thai delegate writes the delegation's wording for Paragraph 6, under the private note, marked as DSI's alone.
    const section = drafting(thDelegate.page)
    expect(await section.locator('h4').textContent()).toBe('Draft wording (private to DSI)')
    expect(await section.locator('.draft-scope').textContent()).toBe('Written together by the members of DSI, live. The other delegation and the secretariat see nothing of it until it is proposed.')
    const field = await draftField(thDelegate.page, 'DSI', 'Paragraph 6')
    await field.click()
    await thDelegate.page.keyboard.type('Requests are answered within ')
    await thDelegate.page.keyboard.press('ControlOrMeta+b')
    // In one input, so that one update carries the whole word (the sockets' frames are searched for it below).
    await thDelegate.page.keyboard.insertText('forty-five')
    await thDelegate.page.keyboard.press('ControlOrMeta+b')
    await thDelegate.page.keyboard.type(' days.')
    expect(await field.locator('strong').textContent()).toBe('forty-five')

    // The Thai legal officer's page shows it as it is typed, formatting and all.
    const legalField = await draftField(thLegal.page, 'DSI', 'Paragraph 6')
    await eventually(async () => expect(await legalField.textContent()).toBe(wording))
    expect(await legalField.locator('strong').textContent()).toBe('forty-five')
    await thDelegate.page.screenshot({ path: artifactPath('private-draft.png') })

    // The Cambodian delegate has a draft of CNP's own there, empty, and nothing of DSI's anywhere: not on the page, not in what its sockets received.
    const khField = await draftField(khDelegate.page, 'CNP', 'Paragraph 6')
    expect(await khField.textContent()).toBe('')
    expect(await drafting(khDelegate.page).locator('h4').textContent()).toBe('Draft wording (private to CNP)')
    expect(await khDelegate.page.locator('body').textContent()).not.toContain('forty-five')
    expect(khDelegate.received.filter((frame) => frame.includes('forty-five'))).toEqual([])
    // The control: the legal officer's page received the words through its drafts' socket.
    expect(thLegal.received.some((frame) => frame.includes('forty-five'))).toBe(true)
    // Nor did the words enter the shared text.
    const { body: content } = await server.request('GET', `/api/documents/${documentId}/content`, { token: members.khDelegate.token })
    expect(JSON.stringify(content)).not.toContain('forty-five')

    // Proposed, the draft is DSI's bracket at the end of Paragraph 6, on both delegations' pages.
    await section.getByRole('button', { name: 'Propose as our bracket' }).click()
    await eventually(async () => expect(await notices(thDelegate.page)).toContain(`The draft is in Paragraph 6 as the bracketed proposal of DSI: “${wording}”.`))
    const bracketed = (page: Page, owner: string) => page.locator('.mou-document section.clause').nth(5).locator(`span.bracket[data-owner="${owner}"]`)
    for (const { page } of [thDelegate, khDelegate]) await eventually(async () => expect(await bracketed(page, 'TH').allTextContents()).toEqual([wording]))
    expect(await thDelegate.page.locator('section.negotiation .bracket-list .bracket-alternative[data-owner="TH"]').textContent()).toContain(`[${wording}]`)
    const { body: after } = await server.request('GET', `/api/documents/${documentId}/content`, { token: members.khDelegate.token })
    expect((after.clauses as { id: string; text: string }[]).find((clause) => clause.id === clauseIds[5])!.text).toContain(wording)
    // The draft stays the delegation's.
    expect(await field.textContent()).toBe(wording)

    // The Cambodian delegate proposes CNP's own wording as its alternative to DSI's.
    const alternative = drafting(khDelegate.page).getByRole('button', { name: `Propose as our alternative to [${wording}]` })
    await alternative.waitFor()
    await khField.click()
    await khDelegate.page.keyboard.type('Requests are answered within sixty days.')
    await drafting(khDelegate.page).screenshot({ path: artifactPath('private-draft-alternative.png') })
    await alternative.click()
    await eventually(async () =>
      expect(await notices(khDelegate.page)).toContain(`The draft is in Paragraph 6 as the alternative of CNP to [${wording}]: “Requests are answered within sixty days.”.`),
    )
    await eventually(async () => expect(await bracketed(thDelegate.page, 'KH').allTextContents()).toEqual(['Requests are answered within sixty days.']))
    // DSI has wording in that bracket already: it is offered no alternative there.
    expect(await drafting(thDelegate.page).locator('.propose-alternative').count()).toBe(0)
    await closeWithoutErrors(thDelegate, thLegal, khDelegate)
  }, 120_000)
})

describe('a delegation’s private thread', () => {
  it('is opened “Only my delegation”, read by the delegation after a reload, marked as its own, and never reaches the other delegation', async () => {
    const { documentId, members } = await fullDelegations(server)
    const body = 'Hold firm: Bangkok insists on thirty days.'
    const thDelegate = await open(documentId, members.thDelegate.token)
    const khDelegate = await open(documentId, members.khDelegate.token)

    await caretIn(thDelegate.page, 3)
    for (let i = 0; i < 8; i++) await thDelegate.page.keyboard.press('Shift+ArrowRight')
    const selected = (await thDelegate.page.evaluate('window.getSelection().toString()')) as string
    await thDelegate.page.getByRole('tab', { name: 'Comments' }).click()
    await thDelegate.page.getByRole('textbox', { name: 'New comment' }).fill(body)
    await thDelegate.page.getByLabel('Only my delegation').check()
    await thDelegate.page.getByRole('button', { name: 'Comment on the selection' }).click()
    const thread = (page: Page) => page.locator('.thread', { hasText: body })
    await thread(thDelegate.page).waitFor()
    expect(await thread(thDelegate.page).getAttribute('data-visibility')).toBe('party')
    expect(await thread(thDelegate.page).locator('.badge.private').textContent()).toBe('Private to DSI')
    // Highlighted in the text as the delegation's.
    expect(await thDelegate.page.locator('.mou-document .comment-anchor.private').allTextContents()).toEqual([selected])
    await thDelegate.page.screenshot({ path: artifactPath('private-thread.png') })

    // The Thai legal officer reads it after a reload.
    const thLegal = await open(documentId, members.thLegal.token)
    await thLegal.page.reload()
    await thLegal.page.waitForSelector('.connection[data-state="connected"]')
    await thLegal.page.getByRole('tab', { name: 'Comments' }).click()
    await thread(thLegal.page).waitFor()
    expect(await thread(thLegal.page).locator('.badge.private').textContent()).toBe('Private to DSI')
    expect(await thread(thLegal.page).locator('.thread-opened').textContent()).toMatch(/^Paragraph 4 · opened by Pol\. Maj\. Somchai · TH, /)

    // The Cambodian delegate, after a reload too, has no such thread, nor the words anywhere.
    await khDelegate.page.reload()
    await khDelegate.page.waitForSelector('.connection[data-state="connected"]')
    await khDelegate.page.getByRole('tab', { name: 'Comments' }).click()
    await khDelegate.page.locator('.thread-list li.empty').waitFor()
    expect(await khDelegate.page.locator('body').textContent()).not.toContain('Bangkok insists')
    expect((await server.request('GET', `/api/documents/${documentId}/comments`, { token: members.khDelegate.token })).body.threads).toEqual([])
    await closeWithoutErrors(thDelegate, thLegal, khDelegate)
  }, 120_000)
})
