import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { artifactPath, openAsMember, useBrowser } from '../support/browser.js'
import { clauseParagraph, paragraphText } from '../support/editorPage.js'
import { eventually, sleep } from '../support/eventually.js'
import { useServer } from '../support/fixtures.js'
import { cambodianParty, thaiParty, type TestServer } from '../support/testServer.js'

const fixture = useServer({ unloadDelayMs: 2000 })
let server: TestServer
const chromium = useBrowser()

beforeAll(async () => {
  server = fixture.server
})

interface Negotiation {
  documentId: string
  link: (token: string) => string
  thai: { id: string; token: string }
  khmer: { id: string; token: string }
}

async function negotiation(): Promise<Negotiation> {
  const { body } = await server.request('POST', '/api/documents', { body: { template: 'anti-trafficking-mou', parties: [thaiParty, cambodianParty] } })
  return {
    documentId: body.id,
    link: (token) => `${server.url}/d/${body.id}?token=${token}`,
    thai: await server.addMember(body.id, 'delegate', 'TH', 'Khun Somchai'),
    khmer: await server.addMember(body.id, 'delegate', 'KH', 'Lok Sokha'),
  }
}

/** Puts the caret at the start of the n-th clause's first body paragraph. */
async function caretInClause(page: Page, clause: number): Promise<void> {
  await clauseParagraph(page, clause).click()
  await page.keyboard.press('Home')
}

describe('two delegations in the browser', () => {
  it('type into the same clause at once, end with the same text, and see each other’s labelled cursors', async () => {
    const { link, thai, khmer } = await negotiation()
    const a = await openAsMember(chromium.browser, link(thai.token))
    const b = await openAsMember(chromium.browser, link(khmer.token))
    expect(a.page.url()).not.toContain('token=')

    // The same paragraph: one at its start, the other at its end.
    await caretInClause(a.page, 2)
    await clauseParagraph(b.page, 2).click()
    await b.page.keyboard.press('End')
    await Promise.all([a.page.keyboard.type('THAI WORDING ', { delay: 15 }), b.page.keyboard.type(' KHMER WORDING', { delay: 15 })])

    await eventually(async () => {
      const [textA, textB] = await Promise.all([paragraphText(a.page, 2), paragraphText(b.page, 2)])
      expect(textA).toBe(textB)
      expect(textA).toContain('THAI WORDING')
      expect(textA).toContain('KHMER WORDING')
    })
    await eventually(async () => {
      expect(await a.page.locator('.remote-cursor-label').allTextContents()).toContain('Lok Sokha · KH')
      expect(await b.page.locator('.remote-cursor-label').allTextContents()).toContain('Khun Somchai · TH')
    })
    expect(await a.page.locator('.presence-list').textContent()).toContain('Lok Sokha')
    await a.page.screenshot({ path: artifactPath('editor-two-cursors.png') })
    expect(a.errors.concat(b.errors)).toEqual([])
    await a.context.close()
    await b.context.close()
  })

  it('sees a clause inserted from the library by the other, numbered, with the later numbers shifted', async () => {
    const { link, thai, khmer } = await negotiation()
    const a = await openAsMember(chromium.browser, link(thai.token))
    const b = await openAsMember(chromium.browser, link(khmer.token))
    const before = await b.page.locator('.outline-entry .outline-label').allTextContents()
    expect(before).toHaveLength(19)
    const secondHeading = await b.page.locator('.outline-entry .outline-heading').nth(1).textContent()

    await caretInClause(a.page, 0)
    await a.page.getByRole('tab', { name: 'Templates' }).click()
    await a.page.getByRole('searchbox', { name: 'Search clause templates' }).fill('Costs')
    await a.page.locator('button.insert-template[data-template-id="costs"]').click()
    // The document has a Costs clause already: the dialog says so, and this delegate inserts another.
    await a.page.getByRole('dialog', { name: 'Insert “Costs”' }).getByRole('button', { name: 'Insert another' }).click()

    await eventually(async () => expect(await b.page.locator('.outline-entry').count()).toBe(20))
    expect(await b.page.locator('.outline-entry').nth(1).textContent()).toMatch(/^Paragraph 2Costs/)
    expect(await b.page.locator('.outline-entry .outline-heading').nth(2).textContent()).toBe(secondHeading)
    expect(await b.page.locator('.mou-document section.clause').nth(2).getAttribute('data-label')).toBe('Paragraph 3')
    await a.context.close()
    await b.context.close()
  })

  it('gives an observer the same view, read-only', async () => {
    const { documentId, link } = await negotiation()
    const observer = await server.addMember(documentId, 'observer', null, 'UNODC observer')
    const { page, context } = await openAsMember(chromium.browser, link(observer.token))
    await expect(page.locator('.read-only-banner').textContent()).resolves.toContain('observer')
    const before = await paragraphText(page, 1)
    await clauseParagraph(page, 1).click()
    await page.keyboard.type('OBSERVER TEXT')
    expect(await paragraphText(page, 1)).toBe(before)
    expect(await page.locator('.ProseMirror').getAttribute('contenteditable')).toBe('false')
    const { body } = await server.request('GET', `/api/documents/${documentId}/content`)
    expect(JSON.stringify(body.clauses)).not.toContain('OBSERVER TEXT')
    await context.close()
  })

  it('keeps editing offline and merges without loss when back online', async () => {
    const { documentId, link, thai, khmer } = await negotiation()
    const a = await openAsMember(chromium.browser, link(thai.token))
    const b = await openAsMember(chromium.browser, link(khmer.token))
    // As if the network dropped: the provider closes its socket and keeps the document.
    await a.page.evaluate('window.counterpart.provider.disconnect()')
    await eventually(async () => expect(await a.page.locator('.connection').getAttribute('data-state')).not.toBe('connected'))
    await caretInClause(a.page, 4)
    await a.page.keyboard.type('WRITTEN OFFLINE ')
    await eventually(async () => expect(Number(await a.page.locator('.connection').getAttribute('data-unsent'))).toBeGreaterThan(0))
    expect(await a.page.locator('.connection').textContent()).toMatch(/not yet sent/)
    await caretInClause(b.page, 4)
    await b.page.keyboard.type('WRITTEN ONLINE ')

    await a.page.evaluate('window.counterpart.provider.connect()')
    await eventually(async () => {
      const [textA, textB] = await Promise.all([paragraphText(a.page, 4), paragraphText(b.page, 4)])
      expect(textA).toBe(textB)
      expect(textA).toContain('WRITTEN OFFLINE')
      expect(textA).toContain('WRITTEN ONLINE')
    })
    await eventually(async () => expect(await a.page.locator('.connection').getAttribute('data-state')).toBe('connected'))
    const { body } = await server.request('GET', `/api/documents/${documentId}/content`)
    expect(body.clauses[4].text).toContain('WRITTEN OFFLINE')
    await a.context.close()
    await b.context.close()
  })

  it('compares two revisions in the page, showing each insertion and deletion with its party', async () => {
    const { link, thai, khmer } = await negotiation()
    const a = await openAsMember(chromium.browser, link(thai.token))
    const b = await openAsMember(chromium.browser, link(khmer.token))
    for (const page of [a.page, b.page]) await page.getByRole('tab', { name: 'Revisions' }).click()
    const createRevision = async (page: Page, name: string) => {
      await page.getByRole('textbox', { name: 'Revision name' }).fill(name)
      await page.getByRole('button', { name: 'Create revision' }).click()
      await eventually(async () => expect(await page.locator('.notices').textContent()).toContain('Recorded revision'), { timeoutMs: 5000 })
    }
    await createRevision(a.page, 'Before the round')
    await caretInClause(a.page, 6)
    await a.page.keyboard.type('INSERTED BY THAILAND ')
    await caretInClause(b.page, 7)
    for (let i = 0; i < 4; i++) await b.page.keyboard.press('Delete')
    await eventually(async () => expect(await paragraphText(b.page, 6)).toContain('INSERTED BY THAILAND'))
    await createRevision(b.page, 'After the round')

    await a.page.getByRole('button', { name: 'Refresh list' }).click()
    await eventually(async () => expect(await a.page.locator('.revision-list li').count()).toBe(2))
    await a.page.getByRole('combobox', { name: 'Compare from' }).selectOption('1')
    await a.page.getByRole('combobox', { name: 'Compare to' }).selectOption('2')
    await a.page.getByRole('button', { name: 'Compare', exact: true }).click()
    const dialog = a.page.locator('dialog.modal')
    await dialog.waitFor()
    const inserted = dialog.locator('ins.change', { hasText: 'INSERTED BY THAILAND' })
    expect(await inserted.getAttribute('data-party')).toBe('TH')
    // Who made each change and when: the update that made it, to the minute.
    expect(await inserted.getAttribute('title')).toMatch(/^Inserted by Khun Somchai \(TH\) on \d{4}-\d\d-\d\d \d\d:\d\d UTC$/)
    const deleted = dialog.locator('del.change').first()
    expect(await deleted.getAttribute('data-party')).toBe('KH')
    expect(await deleted.getAttribute('title')).toMatch(/^Deleted by Lok Sokha \(KH\) on \d{4}-\d\d-\d\d \d\d:\d\d UTC$/)
    await a.context.close()
    await b.context.close()
  })

  it('flags treaty wording typed into a memorandum and replaces it in one click', async () => {
    const { documentId, link, thai } = await negotiation()
    const { page, context } = await openAsMember(chromium.browser, link(thai.token))
    await caretInClause(page, 3)
    await page.keyboard.type('Each Participant shall report. ')
    await page.locator('.wording-finding', { hasText: 'shall' }).first().waitFor()
    await page.getByRole('tab', { name: 'Wording' }).click()
    await page.getByRole('button', { name: 'Replace “shall” with “will”' }).click()
    await eventually(async () => expect(await paragraphText(page, 3)).toContain('Each Participant will report.'))
    await eventually(async () => {
      const { body } = await server.request('GET', `/api/documents/${documentId}/wording-check`)
      expect(body.findings).toEqual([])
    })
    await context.close()
  })

  it('moves a clause from the outline with the keyboard; the other delegation sees it moved, same id', async () => {
    const { link, thai, khmer } = await negotiation()
    const a = await openAsMember(chromium.browser, link(thai.token))
    const b = await openAsMember(chromium.browser, link(khmer.token))
    const ids = await b.page.locator('.outline-entry').evaluateAll((entries) => entries.map((entry) => entry.getAttribute('data-clause-id')))
    await a.page.locator('.outline-entry').nth(1).focus()
    await a.page.keyboard.press('Alt+ArrowDown')
    await eventually(async () => {
      const moved = await b.page.locator('.outline-entry').evaluateAll((entries) => entries.map((entry) => entry.getAttribute('data-clause-id')))
      expect(moved.slice(0, 4)).toEqual([ids[0], ids[2], ids[1], ids[3]])
    })
    expect(await b.page.locator('.outline-entry').nth(2).textContent()).toMatch(/^Paragraph 3Objectives/)
    await a.context.close()
    await b.context.close()
  })

  it('tells a member whose access was revoked why the editing stopped', async () => {
    const { documentId, link } = await negotiation()
    const legal = await server.addMember(documentId, 'legal', 'KH', 'Legal adviser')
    const { page, context } = await openAsMember(chromium.browser, link(legal.token))
    await server.request('DELETE', `/api/documents/${documentId}/members/${legal.id}`)
    await eventually(async () => expect(await page.locator('.connection').getAttribute('data-state')).toBe('closed'))
    expect(await page.locator('.notices').textContent()).toContain('your access has ended')
    await context.close()
  })

  it('works at 1920 wide, and every control has a name', async () => {
    const { link, thai } = await negotiation()
    const { page, context } = await openAsMember(chromium.browser, link(thai.token), { width: 1920, height: 1080 })
    const unnamed = await page.evaluate(
      `[...document.querySelectorAll('button, input, select')].filter((e) => !(e.getAttribute('aria-label') || e.textContent.trim() || e.getAttribute('placeholder'))).length`,
    )
    expect(unnamed).toBe(0)
    const editorBox = await page.locator('.editor').boundingBox()
    expect(editorBox!.width).toBeGreaterThan(600)
    await context.close()
  })
})

describe('negotiating a clause in the browser', () => {
  const panel = (page: Page) => page.locator('section.negotiation')
  const statusShown = (page: Page) => panel(page).locator('.clause-status').getAttribute('data-status')

  it('the Cambodian delegate agrees ad referendum, the Thai delegate agrees, and then neither can type into the clause', async () => {
    const { documentId, link, thai, khmer } = await negotiation()
    const a = await openAsMember(chromium.browser, link(thai.token))
    const b = await openAsMember(chromium.browser, link(khmer.token))
    const clause = 2

    await caretInClause(a.page, clause)
    await panel(a.page).locator('button.status-action[data-action="under-negotiation"]').click()
    await caretInClause(b.page, clause)
    await eventually(async () => expect(await statusShown(b.page)).toBe('under-negotiation'))
    await panel(b.page).getByRole('textbox', { name: 'Your initials' }).fill('SK')
    await panel(b.page).getByRole('button', { name: 'Agree ad referendum for CNP' }).click()

    await eventually(async () => expect(await statusShown(a.page)).toBe('agreed-ad-referendum'))
    expect(await panel(a.page).locator('.agreements').textContent()).toContain('CNP agreed — Lok Sokha (SK)')
    await panel(a.page).getByRole('button', { name: 'Agree for DSI (completes agreement)' }).click()
    for (const { page } of [a, b]) {
      await eventually(async () => expect(await statusShown(page)).toBe('agreed'))
      expect(await page.locator('.mou-document section.clause').nth(clause).getAttribute('class')).toContain('clause-locked')
    }

    const agreedText = await paragraphText(a.page, clause)
    for (const { page } of [a, b]) {
      await caretInClause(page, clause)
      await page.keyboard.type('NOT AGREED ')
      await page.keyboard.press('Backspace')
      await page.keyboard.press('Enter')
      await eventually(async () => expect(await page.locator('.notices').textContent()).toContain('is agreed by both parties: its text is locked'))
    }
    await sleep(500)
    await b.page.screenshot({ path: artifactPath('negotiation-locked.png') })
    expect(await paragraphText(a.page, clause)).toBe(agreedText)
    expect(await paragraphText(b.page, clause)).toBe(agreedText)
    const { body } = await server.request('GET', `/api/documents/${documentId}/content`)
    expect(body.clauses[clause].status).toBe('agreed')
    expect(body.clauses[clause].agreements.map((agreement: { party: string; initials: string | null }) => [agreement.party, agreement.initials])).toEqual([
      ['KH', 'SK'],
      ['TH', null],
    ])
    expect(body.clauses[clause].text).not.toContain('NOT AGREED')
    // The editors stopped the edits themselves: nothing was refused by the server, nobody was disconnected.
    for (const { page } of [a, b]) expect(await page.locator('.connection').getAttribute('data-state')).toBe('connected')
    expect((await server.request('GET', `/api/documents/${documentId}/audit`)).body.entries.some((entry: { event: string }) => entry.event === 'update-refused')).toBe(false)
    await a.context.close()
    await b.context.close()
  })

  it('brackets words as a party proposal with an alternative; the other party’s choice of one waits until the proposing party accepts it', async () => {
    const { documentId, link, thai, khmer } = await negotiation()
    const a = await openAsMember(chromium.browser, link(thai.token))
    const b = await openAsMember(chromium.browser, link(khmer.token))
    await caretInClause(a.page, 3)
    await a.page.keyboard.type('within 30 days ')
    // Select "30" (after "within ").
    for (let i = 0; i < 'within '.length; i++) await a.page.keyboard.press('ArrowLeft')
    await a.page.keyboard.press('Home')
    for (let i = 0; i < 'within '.length; i++) await a.page.keyboard.press('ArrowRight')
    await a.page.keyboard.press('Shift+ArrowRight')
    await a.page.keyboard.press('Shift+ArrowRight')
    await panel(a.page).getByRole('button', { name: 'Bracket the selection' }).click()
    await a.page.keyboard.press('ArrowLeft')
    await panel(a.page).getByRole('textbox', { name: 'Alternative wording' }).fill('60')
    await panel(a.page).getByRole('button', { name: 'Add alternative' }).click()

    const clauseId = (await server.request('GET', `/api/documents/${documentId}/content`)).body.clauses[3].id
    await eventually(async () => {
      const { body } = await server.request('GET', `/api/documents/${documentId}/content`)
      expect(body.clauses[3].brackets).toEqual([{ id: expect.any(String), owner: 'TH', owners: ['TH', 'TH'], alternatives: ['30', '60'], request: null }])
      expect(body.clauses[3].text).toContain('within [30] / [60] days')
    })
    await eventually(async () => expect(await b.page.locator(`section.clause[data-clause-id="${clauseId}"] .bracket`).count()).toBe(2))
    await caretInClause(b.page, 3)
    await b.page.screenshot({ path: artifactPath('negotiation-brackets.png') })
    // Keeping "60" drops the Thai "30": the Cambodian delegate proposes it, the Thai panel shows it to accept.
    await panel(b.page).getByRole('button', { name: 'Keep “60”' }).click()
    await eventually(async () => expect(await panel(b.page).getByRole('button', { name: 'Cancel request' }).count()).toBe(1))
    await eventually(async () => expect(await panel(a.page).locator('.resolution-request').textContent()).toContain('asks to keep “60”; waiting for'))
    expect(await paragraphText(a.page, 3)).toMatch(/^within 3060 days /)
    await a.page.screenshot({ path: artifactPath('negotiation-bracket-request.png') })
    await panel(a.page).getByRole('button', { name: 'Accept' }).click()
    await eventually(async () => expect(await paragraphText(b.page, 3)).toMatch(/^within 60 days /))
    await eventually(async () => expect(await a.page.locator('.mou-document .bracket').count()).toBe(0))
    expect(await panel(b.page).locator('.resolution-request').count()).toBe(0)
    const { body } = await server.request('GET', `/api/documents/${documentId}/audit`)
    expect(body.entries.filter((entry: { event: string }) => entry.event.startsWith('bracket-')).map((entry: { event: string; actor: { memberId: string } }) => [entry.event, entry.actor.memberId])).toEqual([
      ['bracket-resolution-requested', khmer.id],
      ['bracket-resolution-accepted', thai.id],
      ['bracket-resolved', thai.id],
    ])
    await a.context.close()
    await b.context.close()
  })

  it('lets the secretariat bracket words as the proposal of the party it chooses, the choice kept while the clause changes under it', async () => {
    const { documentId, link, khmer } = await negotiation()
    const secretariat = await server.addMember(documentId, 'secretariat', null, 'Joint Secretariat')
    const a = await openAsMember(chromium.browser, link(secretariat.token))
    const b = await openAsMember(chromium.browser, link(khmer.token))
    await caretInClause(a.page, 3)
    await a.page.keyboard.type('within 30 days ')
    await a.page.keyboard.press('Home')
    for (let i = 0; i < 'within '.length; i++) await a.page.keyboard.press('ArrowRight')
    await a.page.keyboard.press('Shift+ArrowRight')
    await a.page.keyboard.press('Shift+ArrowRight')
    const whose = panel(a.page).getByRole('combobox', { name: 'Whose proposal' })
    await whose.selectOption('KH')
    // The Cambodian delegate retitles the clause meanwhile: the secretariat's panel is drawn again for it.
    const heading = b.page.locator('.mou-document section.clause').nth(3).locator('h2')
    await heading.click()
    await b.page.keyboard.press('End')
    await b.page.keyboard.type(' (revised)')
    await eventually(async () => expect(await panel(a.page).locator('.negotiation-current').textContent()).toContain('(revised)'))
    expect(await whose.inputValue()).toBe('KH')
    await panel(a.page).getByRole('button', { name: 'Bracket the selection' }).click()
    await eventually(async () => {
      const { body } = await server.request('GET', `/api/documents/${documentId}/content`)
      expect(body.clauses[3].brackets).toEqual([{ id: expect.any(String), owner: 'KH', owners: ['KH'], alternatives: ['30'], request: null }])
    })
    expect(a.errors).toEqual([])
    await a.context.close()
    await b.context.close()
  })

  it('puts a comment on selected words that the other delegation sees highlighted, and replies to it', async () => {
    const { link, thai, khmer } = await negotiation()
    const a = await openAsMember(chromium.browser, link(thai.token))
    const b = await openAsMember(chromium.browser, link(khmer.token))
    await caretInClause(a.page, 4)
    for (let i = 0; i < 8; i++) await a.page.keyboard.press('Shift+ArrowRight')
    await a.page.getByRole('tab', { name: 'Comments' }).click()
    await a.page.getByRole('textbox', { name: 'New comment' }).fill('Which authority is meant here?')
    await a.page.getByRole('button', { name: 'Comment on the selection' }).click()
    await a.page.locator('.thread').first().waitFor()
    const quote = (await a.page.locator('.thread-quote').first().textContent())!
    expect(quote).toMatch(/^“.{8}”$/)

    await b.page.getByRole('tab', { name: 'Comments' }).click()
    await eventually(async () => expect(await b.page.locator('.mou-document .comment-anchor').count()).toBeGreaterThan(0), { timeoutMs: 15_000 })
    expect(await b.page.locator('.mou-document .comment-anchor').first().textContent()).toBe(quote.slice(1, -1))
    await b.page.locator('.thread textarea.reply').fill('The Anti-Human Trafficking Department.')
    await b.page.locator('.thread button.send-reply').click()
    await eventually(async () => expect(await b.page.locator('.thread .messages li').count()).toBe(2))
    // Where, who, and when — a day no reader can misread.
    expect(await b.page.locator('.thread .thread-opened').textContent()).toMatch(/^Paragraph 5 · opened by Khun Somchai · TH, .*2\d{3}.*\d{2}:\d{2}/)
    expect(await b.page.locator('.thread .messages .author').allTextContents()).toEqual(['Khun Somchai · TH', 'Lok Sokha · KH'])
    expect(await b.page.locator('.thread .message-time').count()).toBe(2)
    // Resolved, the thread folds away under one line.
    await b.page.locator('.thread button.resolve-thread').click()
    const folded = b.page.locator('.thread details.resolved-thread')
    await eventually(async () => expect(await folded.locator('summary').textContent()).toMatch(/^Resolved by Lok Sokha · KH, .+: “.{8}”$/))
    expect(await folded.evaluate((details) => (details as { open: boolean }).open)).toBe(false)
    expect(await b.page.locator('.thread .messages').isVisible()).toBe(false)
    await a.context.close()
    await b.context.close()
  })
})

describe('deleting a clause in the browser', () => {
  it('asks first, then deletes it for both delegations at once; an agreed clause offers no deletion', async () => {
    const { documentId, link, thai, khmer } = await negotiation()
    const clauses = (await server.request('GET', `/api/documents/${documentId}/content`)).body.clauses as { id: string; label: string; heading: string | null }[]
    const index = clauses.findIndex((clause) => clause.heading === 'Amendment')
    const { label } = clauses[index]!
    for (const [token, status] of [[thai.token, 'under-negotiation'], [khmer.token, 'agreed-ad-referendum'], [thai.token, 'agreed']] as const) {
      expect((await server.request('POST', `/api/documents/${documentId}/clauses/${clauses[0]!.id}/status`, { token, body: { status } })).status).toBe(200)
    }
    const a = await openAsMember(chromium.browser, link(thai.token))
    const b = await openAsMember(chromium.browser, link(khmer.token))
    const panel = a.page.locator('section.negotiation')

    await caretInClause(a.page, 0)
    await eventually(async () => expect(await panel.locator('.clause-status').getAttribute('data-status')).toBe('agreed'))
    expect(await panel.locator('.delete-clause').count()).toBe(0)

    await caretInClause(a.page, index)
    await eventually(async () => expect(await panel.locator('.clause-title').textContent()).toBe(`${label} — Amendment`))
    // Kept: nothing changes.
    await panel.getByRole('button', { name: 'Delete this clause…' }).click()
    const dialog = a.page.getByRole('dialog', { name: `Delete ${label} — Amendment?` })
    await dialog.waitFor()
    await a.page.screenshot({ path: artifactPath('delete-clause-dialog.png') })
    await dialog.getByRole('button', { name: 'Keep it' }).click()
    await dialog.waitFor({ state: 'detached' })
    expect(await b.page.locator('.mou-document section.clause').count()).toBe(clauses.length)

    await panel.getByRole('button', { name: 'Delete this clause…' }).click()
    await dialog.getByRole('button', { name: 'Delete the clause' }).click()
    await eventually(async () => expect(await a.page.locator('.notices').textContent()).toContain(`${label} is deleted.`))
    for (const page of [a.page, b.page]) {
      await eventually(async () => expect(await page.locator('.mou-document section.clause').count()).toBe(clauses.length - 1))
    }
    expect(((await server.request('GET', `/api/documents/${documentId}/content`)).body.clauses as { heading: string | null }[]).map((clause) => clause.heading)).not.toContain('Amendment')
    expect(a.errors.concat(b.errors)).toEqual([])
    await a.context.close()
    await b.context.close()
  }, 90_000)
})
