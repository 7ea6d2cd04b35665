/**
 * The editor page on any screen, in Chromium: on a phone, a tablet, a
 * laptop and a desktop the text is readable and within the screen, the
 * page never scrolls sideways, and every tool's tab and its content, the
 * outline and who is here lie within the screen once shown (in a drawer
 * opened from the header where the screen is narrow). Beside that: the
 * skip link to the text, a drawer from the keyboard, the tools panel
 * widened by its handle, a far clause brought fully into view by one click
 * on the outline, and notices that go away. And the text first: the page
 * comes with the text drawn in it, readable before any script has run; it
 * opens the collaboration socket before any tool asks the server for what
 * it shows, marks the tools busy until they are built, then builds them all.
 */

import type { Locator, Page, Request } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { artifactPath, openAsMember, useBrowser } from '../support/browser.js'
import { eventually } from '../support/eventually.js'
import { useServer } from '../support/fixtures.js'
import { trilingualDocument, type TestServer } from '../support/testServer.js'

const fixture = useServer({ unloadDelayMs: 600_000 })
let server: TestServer
const chromium = useBrowser()

/** The negotiation the demo seeds (the starter MOU in English, Thai and Khmer), with a delegate of each party and the secretariat. */
let documentId: string
let secretariat: { id: string; token: string }

beforeAll(async () => {
  server = fixture.server
  const { status, body } = await server.request('POST', '/api/documents', { body: trilingualDocument })
  expect(status).toBe(201)
  documentId = body.id
  secretariat = await server.addMember(documentId, 'secretariat', null, 'Joint Secretariat')
  await server.addMember(documentId, 'delegate', 'TH', 'Khun Somchai')
  await server.addMember(documentId, 'delegate', 'KH', 'Lok Sokha')
  const revision = await server.request('POST', `/api/documents/${documentId}/revisions`, { token: secretariat.token, body: { label: 'Draft for the first round in Bangkok' } })
  expect(revision.status).toBe(201)
  // A round under way, with forty people a delegation: the header names it, the Rounds tab sets it out.
  const people = (party: string) => Array.from({ length: 40 }, (_, index) => ({ party, name: `${party} participant ${index + 1}`, title: 'Police Lieutenant Colonel', organisation: 'Department of Special Investigation', role: 'Member' }))
  const rounds = `/api/documents/${documentId}/rounds`
  const round = { title: '11th Meeting of the Joint Working Group', place: 'Phnom Penh', startDate: '2027-03-01', endDate: '2027-03-03', attendance: [...people('TH'), ...people('KH')] }
  expect((await server.request('POST', rounds, { token: secretariat.token, body: round })).status).toBe(201)
  expect((await server.request('POST', `${rounds}/1/open`, { token: secretariat.token })).status).toBe(200)
})

const open = (viewport: { width: number; height: number }) => openAsMember(chromium.browser, `${server.url}/d/${documentId}?token=${secretariat.token}`, viewport)

/** What a tool's panel shows once its content has arrived, and the button that fetches it if the page does not by itself. */
const loaded: Record<string, { shows: string; press?: string }> = {
  Negotiation: { shows: '.negotiation-overview' },
  Signing: { shows: '.readiness-summary[data-ready]' },
  People: { shows: '.person' },
  Rounds: { shows: '.round-view' },
  Revisions: { shows: '.revision-list li' },
  Templates: { shows: '.template-list li' },
  Wording: { shows: '.wording-list' },
  Audit: { shows: '.audit-list li', press: 'Load the audit trail' },
}

/**
 * Every element of `locator` (itself and all it holds) that is laid out
 * but reaches beyond the viewport sideways, by tag and class; the page
 * scrolled sideways counts too.
 */
function outsideSideways(locator: Locator): Promise<string[]> {
  return locator.evaluate((root) => {
    const page = root.ownerDocument
    const width = page.defaultView!.innerWidth
    const outside = [root, ...root.querySelectorAll('*')]
      .map((element) => ({ element, box: element.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0 && (box.left < -0.5 || box.right > width + 0.5))
      .map(({ element, box }) => `${element.tagName.toLowerCase()}.${[...element.classList].join('.')} [${Math.round(box.left)}, ${Math.round(box.right)}]`)
    if (page.documentElement.scrollWidth > width) outside.push(`the page, ${page.documentElement.scrollWidth} px wide`)
    return outside
  })
}

/** Whether the focus is in the element `selector` names. */
const focusIn = (page: Page, selector: string) => page.locator('body').evaluate((body, selector) => body.ownerDocument.activeElement?.closest(selector) != null, selector)
/** Whether `locator` has the focus itself. */
const focused = (locator: Locator) => locator.evaluate((element) => element === element.ownerDocument.activeElement)

/** The box of `locator`, which must be laid out. */
async function box(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const found = await locator.boundingBox()
  expect(found, 'laid out').not.toBeNull()
  return found!
}

/** Opens the drawer `name` when the screen makes it a drawer (its toggle is shown in the header); true if it did. */
async function openDrawerIfAny(page: Page, name: 'Clauses' | 'Tools'): Promise<boolean> {
  const toggle = page.getByRole('button', { name, exact: true })
  if (!(await toggle.isVisible())) return false
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click()
  return true
}

const screens = [
  { name: 'a phone', width: 390, height: 844, text: 300, drawers: ['Clauses', 'Tools'] },
  { name: 'a tablet', width: 768, height: 1024, text: 600, drawers: ['Clauses', 'Tools'] },
  { name: 'a laptop', width: 1440, height: 900, text: 640, drawers: [] },
  { name: 'a desktop', width: 1920, height: 1080, text: 680, drawers: [] },
]

describe('the editor page on any screen', () => {
  for (const screen of screens) {
    it(`on ${screen.name} (${screen.width}×${screen.height}): the text, every tool with its content, the outline and who is here lie within the screen`, async () => {
      const { page, context, errors } = await open(screen)
      await page.waitForSelector('.outline-entry', { state: 'attached' })
      await page.screenshot({ path: artifactPath(`layout-${screen.width}.png`) })

      // The text: within the screen, as wide as reading needs, starting above the fold.
      const text = await box(page.locator('.mou-document'))
      expect(text.x).toBeGreaterThanOrEqual(0)
      expect(text.x + text.width).toBeLessThanOrEqual(screen.width)
      expect(text.width).toBeGreaterThanOrEqual(screen.text)
      expect(text.y).toBeLessThan(screen.height / 2)
      expect(await outsideSideways(page.locator('.layout'))).toEqual([])
      // The drawers exist where the screen is narrow, and only there.
      for (const name of ['Clauses', 'Tools'] as const) expect(await page.getByRole('button', { name, exact: true }).isVisible()).toBe(screen.drawers.includes(name))

      // Who is here, and the outline scrolling in its own area: both within the screen without scrolling the page.
      await openDrawerIfAny(page, 'Clauses')
      const presence = await box(page.locator('.presence-list'))
      expect(presence.y + presence.height).toBeLessThanOrEqual(screen.height)
      expect(await page.locator('.presence-list').textContent()).toContain('Joint Secretariat')
      const me = await box(page.locator('.presence-list li').first())
      expect(me.y).toBeGreaterThanOrEqual(presence.y)
      expect(me.y + me.height).toBeLessThanOrEqual(presence.y + presence.height + 0.5)
      const outline = await box(page.locator('.outline-area'))
      expect(outline.y + outline.height).toBeLessThanOrEqual(screen.height)
      expect(await outsideSideways(page.locator('nav.left'))).toEqual([])

      // Every tab, once selected, and what its panel shows.
      await openDrawerIfAny(page, 'Tools')
      const names = await page.getByRole('tab').allTextContents()
      expect(names).toEqual(['Negotiation', 'Signing', 'People', 'Comments', 'Rounds', 'Revisions', 'Templates', 'Wording', 'Audit'])
      for (const name of names) {
        const tab = page.getByRole('tab', { name })
        await tab.click()
        expect(await tab.getAttribute('aria-selected')).toBe('true')
        const panel = page.locator('[role="tabpanel"]:not([hidden])')
        const content = loaded[name]
        if (content?.press) await panel.getByRole('button', { name: content.press }).click()
        if (content) await panel.locator(content.shows).first().waitFor({ state: 'attached' })
        const shown = await box(tab)
        expect(shown.y).toBeGreaterThanOrEqual(0)
        expect(shown.y + shown.height).toBeLessThanOrEqual(screen.height)
        expect(await outsideSideways(tab), name).toEqual([])
        expect(await outsideSideways(panel), name).toEqual([])
        // A delegation's attendance, opened: its table within the screen too.
        if (name === 'Rounds') {
          await panel.locator('.round-delegation summary').first().click()
          await panel.locator('.round-delegation table.attendance').first().waitFor()
          expect(await outsideSideways(panel), 'the attendance').toEqual([])
          // A delegation's forty people in the list editor: within the screen too, the table scrolling in the panel.
          await panel.locator('.edit-list').first().click()
          const editor = panel.locator('.attendance-editor')
          expect(await editor.locator('.attendance-edit tbody tr').count()).toBe(40)
          expect(await editor.locator('.attendance-scroll').evaluate((element) => element.scrollHeight > element.clientHeight)).toBe(true)
          expect(await outsideSideways(panel), 'the list editor').toEqual([])
          await editor.locator('.cancel-list').click()
        }
      }
      expect(await outsideSideways(page.locator('header.top')), 'the header').toEqual([])
      expect(await page.locator('header.top .round-line').textContent()).toBe('Round 1 · 11th Meeting of the Joint Working Group · Phnom Penh, 1–3 Mar 2027')
      expect(errors).toEqual([])
      await context.close()
    })
  }

  it('on a phone, shows texts side by side one column at a time, swiped sideways within the text, each clause level in every column', async () => {
    const { page, context, errors } = await open({ width: 390, height: 844 })
    await page.selectOption('select.language-switch', 'en,th,km')
    const columns = page.locator('.texts.parallel .text-column')
    await eventually(async () => expect(await columns.count()).toBe(3))
    await page.waitForSelector('.text-column[data-lang="km"] section.clause')
    await page.screenshot({ path: artifactPath('layout-390-side-by-side.png') })
    // The page itself never scrolls sideways; the first column fills the screen but for a glimpse of the next.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390)
    const first = await box(columns.nth(0))
    expect(first.x).toBeGreaterThanOrEqual(0)
    expect(first.width).toBeGreaterThanOrEqual(300)
    expect(first.x + first.width).toBeLessThanOrEqual(390)
    expect((await box(columns.nth(1))).x).toBeLessThan(390)

    // Swiped (scrolled) sideways, the next column comes to rest where the first was.
    await page.locator('.text-area').evaluate((area) => area.scrollBy({ left: area.clientWidth, behavior: 'instant' }))
    await eventually(async () => expect(Math.round((await box(columns.nth(1))).x)).toBe(Math.round(first.x)))
    const second = await box(columns.nth(1))
    expect(second.x + second.width).toBeLessThanOrEqual(390)
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390)
    // Clause 3 starts level in English and in Thai; scrolled down to it, the Thai column's heading stays in view.
    const clauseTop = async (lang: string) => (await box(page.locator(`.text-column[data-lang="${lang}"] section.clause`).nth(2))).y
    expect(Math.abs((await clauseTop('en')) - (await clauseTop('th')))).toBeLessThanOrEqual(1)
    await page.locator('.text-area').evaluate((area) => area.scrollBy({ top: 1500, behavior: 'instant' }))
    const heading = await box(page.locator('.text-column[data-lang="th"] .text-heading'))
    const area = await box(page.locator('.text-area'))
    expect(heading.y).toBeGreaterThanOrEqual(area.y - 0.5)
    expect(heading.y).toBeLessThan(area.y + 10)
    expect(errors).toEqual([])
    await context.close()
  })

  it('offers a skip link to the text first, which puts the focus in the text', async () => {
    const { page, context } = await open({ width: 1440, height: 900 })
    await page.keyboard.press('Tab')
    const skip = page.getByRole('link', { name: 'Skip to the text' })
    expect(await focused(skip)).toBe(true)
    const shown = await box(skip)
    expect(shown.y).toBeGreaterThanOrEqual(0)
    expect(shown.x).toBeGreaterThanOrEqual(0)
    await page.keyboard.press('Enter')
    expect(await focusIn(page, '.mou-document')).toBe(true)
    await page.keyboard.type('Read first. ')
    await eventually(async () => expect(await page.locator('.mou-document').textContent()).toContain('Read first.'))
    await context.close()
  })

  it('on a phone, opens a drawer from the header that takes the focus, closes on Escape giving it back, and shows one drawer at a time', async () => {
    const { page, context } = await open({ width: 390, height: 844 })
    const tools = page.getByRole('button', { name: 'Tools', exact: true })
    const clauses = page.getByRole('button', { name: 'Clauses', exact: true })
    // Measured once the header names the round under way (a line of its own on a phone, which comes with the tools).
    await page.locator('.round-line').waitFor({ state: 'visible' })
    const textBefore = await box(page.locator('.mou-document'))
    expect(await page.locator('aside.right').isVisible()).toBe(false)

    await tools.focus()
    await page.keyboard.press('Enter')
    expect(await tools.getAttribute('aria-expanded')).toBe('true')
    expect(await page.locator('aside.right').isVisible()).toBe(true)
    expect(await focusIn(page, 'aside.right')).toBe(true)
    // The selected tab has the focus; the arrow keys move between tabs as on a desktop.
    expect(await focusIn(page, '[role="tab"]')).toBe(true)
    await page.keyboard.press('ArrowRight')
    expect(await page.getByRole('tab', { name: 'Signing' }).getAttribute('aria-selected')).toBe('true')
    // The text behind is laid out as before.
    expect(await box(page.locator('.mou-document'))).toEqual(textBefore)

    await page.keyboard.press('Escape')
    expect(await tools.getAttribute('aria-expanded')).toBe('false')
    expect(await page.locator('aside.right').isVisible()).toBe(false)
    expect(await focused(tools)).toBe(true)

    await clauses.click()
    expect(await page.locator('nav.left').isVisible()).toBe(true)
    expect(await focusIn(page, 'nav.left')).toBe(true)
    await tools.click()
    expect(await page.locator('aside.right').isVisible()).toBe(true)
    expect(await page.locator('nav.left').isVisible()).toBe(false)
    expect(await clauses.getAttribute('aria-expanded')).toBe('false')
    await context.close()
  })

  it('widens the tools panel by its handle from the keyboard, and keeps the width after a reload', async () => {
    const { page, context } = await open({ width: 1440, height: 900 })
    const handle = page.getByRole('separator', { name: 'Resize the tools panel' })
    const before = (await box(page.locator('aside.right'))).width
    expect(Number(await handle.getAttribute('aria-valuenow'))).toBe(Math.round(before))
    await handle.focus()
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowLeft')
    const widened = (await box(page.locator('aside.right'))).width
    expect(widened).toBeGreaterThan(before + 50)
    expect(Number(await handle.getAttribute('aria-valuenow'))).toBe(Math.round(widened))
    await page.keyboard.press('ArrowRight')
    const kept = (await box(page.locator('aside.right'))).width
    expect(kept).toBeLessThan(widened)
    // The text gave the room, and stays within the screen.
    expect(await outsideSideways(page.locator('.layout'))).toEqual([])

    await page.reload()
    await page.waitForSelector('.connection[data-state="connected"]')
    expect((await box(page.locator('aside.right'))).width).toBe(kept)
    await context.close()
  })

  for (const viewport of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
    it(`brings a far clause fully into view with one click on the outline (${viewport.width} wide)`, async () => {
      const { page, context } = await open(viewport)
      const entries = page.locator('.outline-entry')
      await entries.first().waitFor({ state: 'attached' })
      const last = entries.last()
      const clauseId = await last.getAttribute('data-clause-id')
      const clause = page.locator(`.mou-document section.clause[data-clause-id="${clauseId}"]`)
      const area = await box(page.locator('.text-area'))
      expect((await box(clause)).y).toBeGreaterThan(area.y + area.height)

      await openDrawerIfAny(page, 'Clauses')
      await last.click()
      const shown = await box(clause)
      expect(shown.y).toBeGreaterThanOrEqual(area.y)
      expect(shown.y + shown.height).toBeLessThanOrEqual(area.y + area.height)
      // The caret is in it, and on a phone the drawer has made way for the text.
      expect(await focusIn(page, '.mou-document')).toBe(true)
      expect(await page.locator('nav.left').isVisible()).toBe(viewport.width >= 1200)
      await context.close()
    })
  }

  it('says the same notice once, lets it be dismissed, and lets a passing one go by itself', async () => {
    const { page, context } = await open({ width: 1440, height: 900 })
    await page.getByRole('tab', { name: 'Revisions' }).click()
    const create = page.getByRole('button', { name: 'Create revision' })
    const notice = page.locator('.notice', { hasText: 'Give the revision a name.' })
    await create.click()
    await create.click()
    expect(await notice.count()).toBe(1)
    await notice.getByRole('button', { name: 'Dismiss' }).click()
    expect(await notice.count()).toBe(0)

    await create.click()
    expect(await notice.count()).toBe(1)
    await eventually(async () => expect(await notice.count()).toBe(0))
    await context.close()
  })
})

/** The requests of the tools beside the text (the secretariat has them all): what they show is theirs, not the text's. */
const toolRequest = /\/api\/documents\/[^/]+\/(comments|revisions|templates|audit|members|signing|waiting|rounds|private)/

describe('opening the editor page: the text first', () => {
  it('shows the text the server drew into the page before any script has run, numbered, within a phone screen; the editor then takes its place', async () => {
    const { body } = await server.request('GET', `/api/documents/${documentId}/content`)
    const clauses = body.clauses as { label: string; heading: string }[]
    const link = `${server.url}/d/${documentId}?token=${secretariat.token}`
    const still = await chromium.browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false })
    const page = await still.newPage()
    await page.goto(link)
    const drawn = page.locator('.first-text section.clause')
    expect(await drawn.count()).toBe(clauses.length)
    expect(await drawn.locator('h2').allTextContents()).toEqual(clauses.map((clause) => clause.heading))
    // Numbered by the page's style sheet, as in the editor.
    expect(await drawn.first().evaluate((clause) => clause.ownerDocument.defaultView!.getComputedStyle(clause, '::before').content)).toBe(JSON.stringify(clauses[0]!.label))
    expect(await outsideSideways(page.locator('.first-text'))).toEqual([])
    // The text opens at its top: the title in sight.
    const title = await box(page.locator('.first-text h1'))
    expect(title.y + title.height).toBeLessThan(844)
    await still.close()

    const { page: live, context, errors } = await openAsMember(chromium.browser, link, { width: 1440, height: 900 })
    await live.waitForSelector('.connection[data-state="connected"]')
    expect(await live.locator('.first-text').count()).toBe(0)
    expect(await live.locator('.mou-document[role="textbox"]:not([data-lang]) section.clause').count()).toBe(clauses.length)
    expect(await live.locator('.editor').isVisible()).toBe(true)
    expect(errors).toEqual([])
    await context.close()
  })

  it('asks for the text from its first script when the browser keeps no copy — a socket of its own, closed once it holds the text — and connects the editor naming all of it; with a copy kept, it loads the copy instead', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1440, height: 900 } })
    const page = await context.newPage()
    const problems: string[] = []
    page.on('pageerror', (error) => problems.push(error.message))
    type Watched = { url: string; sent: Buffer[]; received: Buffer[]; receivedAt: number[]; closedAt: number | null; madeAt: number }
    let sockets: Watched[] = []
    page.on('websocket', (socket) => {
      const watched: Watched = { url: new URL(socket.url()).pathname, sent: [], received: [], receivedAt: [], closedAt: null, madeAt: performance.now() }
      sockets.push(watched)
      socket.on('framesent', ({ payload }) => watched.sent.push(Buffer.from(payload)))
      socket.on('framereceived', ({ payload }) => {
        watched.received.push(Buffer.from(payload))
        watched.receivedAt.push(performance.now())
      })
      socket.on('close', () => (watched.closedAt = performance.now()))
    })
    const { body } = await server.request('GET', `/api/documents/${documentId}/content`)
    const clauses = body.clauses as { id: string }[]
    await page.goto(`${server.url}/d/${documentId}?token=${secretariat.token}`)
    await page.waitForSelector('.connection[data-state="connected"]')
    expect(await page.locator('.mou-document[role="textbox"]:not([data-lang]) section.clause').count()).toBe(clauses.length)

    expect(sockets.map((socket) => socket.url)).toEqual([`/collab/${documentId}`, `/collab/${documentId}`])
    const [early, provider] = sockets as [Watched, Watched]
    // The first script's: the sync step 1 of a page holding nothing, answered with everything stored (its sync step 2 last), closed by the page.
    expect(early.sent.map((frame) => [...frame])).toEqual([[0, 0, 1, 0]])
    const step2 = early.received.findLastIndex((frame) => frame[0] === 0 && frame[1] !== 0)
    expect([...early.received[step2]!.subarray(0, 2)]).toEqual([0, 1])
    // The page closes it on that answer, then makes the editor's socket (the close handshake may end after: it is not awaited).
    expect(early.receivedAt[step2]!).toBeLessThan(provider.madeAt)
    await eventually(() => expect(early.closedAt).not.toBeNull())
    // The provider's sync step 1 names the text it already holds (a state vector of some clients, not of none).
    const providerStep1 = provider.sent.find((frame) => frame[0] === 0 && frame[1] === 0)!
    expect(providerStep1.length).toBeGreaterThan(4)
    expect(provider.closedAt).toBeNull()

    // A second visit: this browser now keeps a copy, which loads first; the page makes the editor's socket alone.
    sockets = []
    await page.reload()
    await page.waitForSelector('.connection[data-state="connected"]')
    expect(await page.locator('.mou-document[role="textbox"]:not([data-lang]) section.clause').count()).toBe(clauses.length)
    expect(sockets.map((socket) => socket.url)).toEqual([`/collab/${documentId}`])
    expect(problems).toEqual([])
    await context.close()
  })

  it('trades the token before the editor script is asked for, opens the socket for the text before any tool asks for its content, then builds every tool', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1440, height: 900 } })
    const page = await context.newPage()
    const problems: string[] = []
    page.on('pageerror', (error) => problems.push(error.message))
    // In the order the page made them.
    const made: string[] = []
    page.on('websocket', (socket) => made.push(`socket ${new URL(socket.url()).pathname}`))
    page.on('request', (request: Request) => {
      const path = new URL(request.url()).pathname
      if (toolRequest.test(path)) made.push(`tool ${path}`)
      else if (path === '/api/auth/token-session' || /^\/api\/documents\/[^/]+\/session$/.test(path)) made.push(`first ${request.method()} ${path}`)
      else if (/^\/assets\/main-[^/]+\.js$/.test(path)) made.push('the editor script')
    })
    await page.goto(`${server.url}/d/${documentId}?token=${secretariat.token}`)
    await page.waitForSelector('.connection[data-state="connected"]')
    await page.waitForSelector('#tools-drawer:not([aria-busy]) .revision-list li', { state: 'attached' })

    // The page's small first script trades the token before it even asks for the editor's script, then asks who the page is for.
    expect(made.filter((entry) => entry.startsWith('first ')).map((entry) => entry.replace(documentId, '<id>'))).toEqual(['first POST /api/auth/token-session', 'first GET /api/documents/<id>/session'])
    expect(made.indexOf('first POST /api/auth/token-session')).toBeLessThan(made.indexOf('the editor script'))
    const socket = made.findIndex((entry) => entry.startsWith('socket '))
    const firstTool = made.findIndex((entry) => entry.startsWith('tool '))
    expect(socket).toBeGreaterThanOrEqual(0)
    expect(firstTool).toBeGreaterThan(socket)
    expect(made[socket]).toBe(`socket /collab/${documentId}`)
    // Every tool is there once built.
    expect(await page.locator('#tools-drawer [role="tab"]').allTextContents()).toEqual(['Negotiation', 'Signing', 'People', 'Comments', 'Rounds', 'Revisions', 'Templates', 'Wording', 'Audit'])
    expect(problems).toEqual([])
    await context.close()
  })
})
