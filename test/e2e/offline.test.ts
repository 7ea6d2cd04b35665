/**
 * Never losing a keystroke, in Chromium: the member's local copy of the
 * document (IndexedDB) keeps what was not sent across a reload and sends
 * it once the connection returns; the service worker's shell opens the
 * page with the last synced text while the server is down; leaving with
 * unsent changes asks first; signing out and revocation leave no copy
 * behind.
 */

import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { launchPersistentBrowser, openAsMember, useBrowser, watchProblems } from '../support/browser.js'
import { clauseParagraph, paragraphText } from '../support/editorPage.js'
import { eventually } from '../support/eventually.js'
import { useServer } from '../support/fixtures.js'
import { setStatus } from '../support/negotiation.js'
import { sessionCookieName, signInPerson } from '../support/people.js'
import { cambodianParty, startTestServer, thaiParty, type TestServer } from '../support/testServer.js'

const serverOptions = { unloadDelayMs: 2000 }
const fixture = useServer(serverOptions)
let server: TestServer
const chromium = useBrowser()

beforeAll(() => {
  server = fixture.server
})

async function negotiation() {
  const { body } = await server.request('POST', '/api/documents', { body: { template: 'anti-trafficking-mou', parties: [thaiParty, cambodianParty] } })
  return {
    documentId: body.id as string,
    link: (token: string) => `${server.url}/d/${body.id}?token=${token}`,
    thai: await server.addMember(body.id, 'delegate', 'TH', 'Khun Somchai'),
    khmer: await server.addMember(body.id, 'delegate', 'KH', 'Lok Sokha'),
  }
}

/** Puts the caret at the start of the n-th clause's first body paragraph. */
async function caretInClause(page: Page, clause: number): Promise<void> {
  await clauseParagraph(page, clause).click()
  await page.keyboard.press('Home')
}

const status = (page: Page) => page.locator('.connection')
const unsentCount = async (page: Page) => Number(await status(page).getAttribute('data-unsent'))

/** How many times `words` stand in clause `clause` of the document as the server holds it. */
async function storedOccurrences(documentId: string, clause: number, words: string): Promise<number> {
  const { body } = await server.request('GET', `/api/documents/${documentId}/content`)
  return (body.clauses[clause].text as string).split(words).length - 1
}

/** The names of the IndexedDB databases the page's origin holds that are Counterpart's local copies. */
const localCopies = (page: Page) =>
  page.evaluate<string[]>(`indexedDB.databases().then((databases) => databases.map((database) => database.name).filter((name) => name.startsWith('counterpart-copy:')))`)

/** How many unsent changes the local copy of `documentId` kept for `memberId` records, as committed to IndexedDB. */
const keptUnsentChanges = (page: Page, documentId: string, memberId: string) =>
  page.evaluate<number>(
    `new Promise((resolve, reject) => {
      const request = indexedDB.open(${JSON.stringify(`counterpart-copy:${encodeURIComponent(documentId)}:${encodeURIComponent(memberId)}`)})
      request.onerror = () => reject(request.error)
      request.onsuccess = () => {
        const db = request.result
        const read = db.transaction(['updates', 'custom'], 'readonly').objectStore('custom').get('unsent')
        read.onsuccess = () => {
          db.close()
          resolve(typeof read.result === 'string' ? JSON.parse(read.result).changes : 0)
        }
      }
    })`,
  )

/** Waits until the page's service worker is active: its install kept the shell and the assets it names. */
const shellKept = (page: Page) =>
  eventually(async () => expect(await page.evaluate<string | null>('navigator.serviceWorker.getRegistration().then((registration) => registration?.active?.state ?? null)')).toBe('activated'))

/** The page the service worker keeps as the editor's shell. */
const keptShell = (page: Page) => page.evaluate<string>(`caches.open('counterpart-shell-v1').then((cache) => cache.match('/d/offline')).then((kept) => kept.text())`)

/** The names of the page's origin's caches. */
const cacheNames = (page: Page) => page.evaluate<string[]>('caches.keys()')

/** Stops the server (a real outage: nothing listens on its port) and resolves to what starts it again there, on the same database. */
async function stopServer(): Promise<() => Promise<void>> {
  const port = Number(new URL(server.url).port)
  await server.close()
  return async () => {
    server = fixture.server = await startTestServer(fixture.database, { ...serverOptions, port })
  }
}

describe('the local copy', () => {
  it('keeps words typed with the provider disconnected across a reload, and sends them, once, when the page connects', async () => {
    const { documentId, link, thai, khmer } = await negotiation()
    const a = await openAsMember(chromium.browser, link(thai.token))
    const b = await openAsMember(chromium.browser, link(khmer.token))
    await a.page.evaluate('window.counterpart.provider.disconnect()')
    await caretInClause(a.page, 4)
    await a.page.keyboard.type('KEPT ACROSS A RELOAD ')
    await eventually(async () => expect(await unsentCount(a.page)).toBeGreaterThan(0))
    expect(await storedOccurrences(documentId, 4, 'KEPT ACROSS A RELOAD')).toBe(0)

    await a.page.reload()
    await a.page.waitForSelector('.connection[data-state="connected"]', { timeout: 20_000 })
    expect(await paragraphText(a.page, 4)).toContain('KEPT ACROSS A RELOAD')
    await eventually(async () => expect(await paragraphText(b.page, 4)).toContain('KEPT ACROSS A RELOAD'))
    expect(await storedOccurrences(documentId, 4, 'KEPT ACROSS A RELOAD')).toBe(1)
    // The server's answer acknowledges them: nothing is left unsent.
    await eventually(async () => expect(await unsentCount(a.page)).toBe(0))
    expect(a.errors).toEqual([])
    await a.context.close()
    await b.context.close()
  })

  it('keeps them when the session runs out of time meanwhile, and sends them once the member opens their link again', async () => {
    const { documentId, link, thai } = await negotiation()
    const a = await openAsMember(chromium.browser, link(thai.token))
    await a.page.evaluate('window.counterpart.provider.disconnect()')
    await caretInClause(a.page, 3)
    await a.page.keyboard.type('TYPED AS THE SESSION RAN OUT ')
    await eventually(async () => expect(await keptUnsentChanges(a.page, documentId, thai.id)).toBeGreaterThan(0))
    // The page's session reaches its maximum age while it is away (time moved by hand in the database).
    await fixture.database.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE member_id = $1`, [thai.id])

    await a.page.evaluate('window.counterpart.provider.connect()')
    await eventually(async () => expect(await status(a.page).getAttribute('data-state')).toBe('closed'))
    expect(await a.page.locator('.notices').textContent()).toContain('your session has ended after a time')
    // Nobody ended the member's access: the copy stays, with what was not sent.
    expect(await localCopies(a.page)).toHaveLength(1)
    expect(await keptUnsentChanges(a.page, documentId, thai.id)).toBeGreaterThan(0)
    expect(await storedOccurrences(documentId, 3, 'TYPED AS THE SESSION RAN OUT')).toBe(0)

    await a.page.goto(link(thai.token))
    await a.page.waitForSelector('.connection[data-state="connected"]', { timeout: 20_000 })
    await eventually(async () => expect(await storedOccurrences(documentId, 3, 'TYPED AS THE SESSION RAN OUT')).toBe(1))
    expect(await paragraphText(a.page, 3)).toContain('TYPED AS THE SESSION RAN OUT')
    await eventually(async () => expect(await unsentCount(a.page)).toBe(0))
    expect(a.errors).toEqual([])
    await a.context.close()
  })

  it('keeps them through a crash of the tab and a restart of the browser, and sends them from the next visit', async () => {
    const { documentId, link, thai } = await negotiation()
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'counterpart-profile-'))
    try {
      let browser = await launchPersistentBrowser(profile)
      const page = await browser.newPage()
      await page.goto(link(thai.token))
      await page.waitForSelector('.connection[data-state="connected"]', { timeout: 20_000 })
      await page.evaluate('window.counterpart.provider.disconnect()')
      await caretInClause(page, 4)
      await page.keyboard.type('KEPT THROUGH A CRASH ')
      // Committed to IndexedDB (a transaction over both stores waits for the writes before it), then the tab crashes.
      await eventually(async () => expect(await keptUnsentChanges(page, documentId, thai.id)).toBeGreaterThan(0))
      const crashed = new Promise((resolve) => page.once('crash', resolve))
      void (await browser.newCDPSession(page)).send('Page.crash').catch(() => {})
      await crashed
      await browser.close()
      expect(await storedOccurrences(documentId, 4, 'KEPT THROUGH A CRASH')).toBe(0)

      // The browser again, its profile as it was: the member's session cookie, the local copy.
      browser = await launchPersistentBrowser(profile)
      const again = await browser.newPage()
      await again.goto(`${server.url}/d/${documentId}`)
      await again.waitForSelector('.connection[data-state="connected"]', { timeout: 20_000 })
      expect(await paragraphText(again, 4)).toContain('KEPT THROUGH A CRASH')
      await eventually(async () => expect(await storedOccurrences(documentId, 4, 'KEPT THROUGH A CRASH')).toBe(1))
      await eventually(async () => expect(await unsentCount(again)).toBe(0))
      await browser.close()
    } finally {
      fs.rmSync(profile, { recursive: true, force: true })
    }
  })

  it('does not keep a change the server refuses: the page says why in its reader’s language, reloads the server’s text once, never sends it again, and shows the words that went with it', async () => {
    const { documentId, link, thai, khmer } = await negotiation()
    // A browser that prefers Thai: the interface is in Thai.
    const a = await openAsMember(chromium.browser, link(thai.token), undefined, 'th-TH')
    await a.page.evaluate('window.counterpart.provider.disconnect()')
    await caretInClause(a.page, 4)
    await a.page.keyboard.type('INTO A CLAUSE AGREED MEANWHILE ')
    await caretInClause(a.page, 6)
    await a.page.keyboard.type('ALSO NOT SENT ')
    await eventually(async () => expect(await unsentCount(a.page)).toBeGreaterThan(0))
    // Meanwhile the clause is agreed ad referendum, and so locked: the change made offline will be refused.
    const { body } = await server.request('GET', `/api/documents/${documentId}/content`)
    const clauseId = body.clauses[4].id as string
    await setStatus(server, documentId, clauseId, thai.token, 'under-negotiation')
    await setStatus(server, documentId, clauseId, khmer.token, 'agreed-ad-referendum')

    const reloaded = a.page.waitForEvent('load', { timeout: 30_000 })
    await a.page.evaluate('window.counterpart.provider.connect()')
    // Why, from the words the server sent before closing, in Thai: the clause's heading (data) and its status named in Thai.
    await eventually(async () =>
      expect(await a.page.locator('.notices').textContent()).toMatch(/เซิร์ฟเวอร์ปฏิเสธการแก้ไข: ข้อ “[^”]+” มีสถานะตกลงแบบ ad referendum ข้อความจึงถูกล็อกและการแก้ไขนี้ไม่ได้รับการบันทึก/),
    )
    await reloaded
    await a.page.waitForSelector('.connection[data-state="connected"]', { timeout: 20_000 })
    expect(await paragraphText(a.page, 4)).not.toContain('INTO A CLAUSE AGREED MEANWHILE')
    // The server judged the message whole: the words typed elsewhere went with it, and the page shows them to type again.
    expect(await paragraphText(a.page, 6)).not.toContain('ALSO NOT SENT')
    const lost = (await a.page.locator('.notices .notice.error span').allTextContents()).join('\n')
    expect(lost).toMatch(/ไม่ได้รับการเก็บไว้/)
    // Each clause by its heading, each paragraph whole, as the page had it.
    expect(lost).toMatch(/“[^”]+”: “INTO A CLAUSE AGREED MEANWHILE [^”]+”, “[^”]+”: “[^”]*ALSO NOT SENT [^”]+”/)
    // Still connected past the sync: an edit elsewhere is stored, and the refused change was refused once.
    await caretInClause(a.page, 5)
    await a.page.keyboard.type('AFTER THE RELOAD ')
    await eventually(async () => expect(await storedOccurrences(documentId, 5, 'AFTER THE RELOAD')).toBe(1))
    const audit = await server.request('GET', `/api/documents/${documentId}/audit`)
    expect(audit.body.entries.filter((entry: { event: string }) => entry.event === 'update-refused')).toHaveLength(1)
    await eventually(async () => expect(await unsentCount(a.page)).toBe(0))
    await a.context.close()
  })

  it('is one per member: two delegates on one browser never share a copy', async () => {
    const { documentId, link, thai, khmer } = await negotiation()
    const thaiPage = await openAsMember(chromium.browser, link(thai.token))
    await thaiPage.page.evaluate('window.counterpart.provider.disconnect()')
    await caretInClause(thaiPage.page, 4)
    await thaiPage.page.keyboard.type('ONLY THAILAND HAS THIS ')
    await eventually(async () => expect(await unsentCount(thaiPage.page)).toBeGreaterThan(0))

    // The same browser, opened as the Cambodian delegate.
    const khmerPage = await thaiPage.context.newPage()
    await khmerPage.goto(link(khmer.token))
    await khmerPage.waitForSelector('.connection[data-state="connected"]', { timeout: 20_000 })
    expect(await paragraphText(khmerPage, 4)).not.toContain('ONLY THAILAND HAS THIS')
    expect((await localCopies(khmerPage)).sort()).toEqual(
      [thai.id, khmer.id].map((memberId) => `counterpart-copy:${encodeURIComponent(documentId)}:${encodeURIComponent(memberId)}`).sort(),
    )
    await thaiPage.context.close()
  })
})

describe('the page offline', () => {
  it('opens after one online visit with the last synced text while the server is down, editable, says so, and sends what was typed once the server is back', async () => {
    const { documentId, link, thai } = await negotiation()
    const a = await openAsMember(chromium.browser, link(thai.token))
    await shellKept(a.page)
    await caretInClause(a.page, 4)
    await a.page.keyboard.type('SYNCED BEFORE THE OUTAGE ')
    await eventually(async () => expect(await storedOccurrences(documentId, 4, 'SYNCED BEFORE THE OUTAGE')).toBe(1))
    await eventually(async () => expect(await unsentCount(a.page)).toBe(0))
    // The page the server sends with the member's text in it is never kept: the kept shell stays blank.
    await a.page.reload()
    await a.page.waitForSelector('.connection[data-state="connected"]', { timeout: 20_000 })
    const shell = await keptShell(a.page)
    expect(shell).toContain('<div id="app" aria-live="polite">Loading…</div>')
    expect(shell).not.toContain('first-text')

    const restart = await stopServer()
    try {
      await a.page.reload()
      await a.page.waitForSelector('.connection[data-state="offline"]', { timeout: 20_000 })
      expect(await status(a.page).textContent()).toBe('Offline: this is the copy kept in this browser; changes are sent when the connection returns')
      expect(await paragraphText(a.page, 4)).toContain('SYNCED BEFORE THE OUTAGE')
      // The tools that ask the server say, in words, that it cannot be reached.
      await eventually(async () => expect(await a.page.locator('.notices').textContent()).toContain('The server cannot be reached'))
      expect(await a.page.locator('body').textContent()).not.toContain('Failed to fetch')
      await caretInClause(a.page, 4)
      await a.page.keyboard.type('TYPED WHILE THE SERVER WAS DOWN ')
      expect(await paragraphText(a.page, 4)).toContain('TYPED WHILE THE SERVER WAS DOWN')
      await eventually(async () => expect(await status(a.page).textContent()).toMatch(/^Offline: this is the copy kept in this browser; .* \(\d+ changes? not yet sent\)$/))
    } finally {
      await restart()
    }
    await a.page.waitForSelector('.connection[data-state="connected"]', { timeout: 30_000 })
    await eventually(async () => expect(await storedOccurrences(documentId, 4, 'TYPED WHILE THE SERVER WAS DOWN')).toBe(1))
    await eventually(async () => expect(await unsentCount(a.page)).toBe(0))
    expect(await storedOccurrences(documentId, 4, 'SYNCED BEFORE THE OUTAGE')).toBe(1)
    expect(a.errors).toEqual([])
    await a.context.close()
  })

  it('asks before the page is left with changes not yet sent, and not once they are', async () => {
    const { link, thai } = await negotiation()
    const a = await openAsMember(chromium.browser, link(thai.token))
    await a.page.evaluate('window.counterpart.provider.disconnect()')
    await caretInClause(a.page, 4)
    await a.page.keyboard.type('NOT YET SENT ')
    await eventually(async () => expect(await unsentCount(a.page)).toBeGreaterThan(0))
    const dialogs: string[] = []
    a.page.on('dialog', (dialog) => {
      dialogs.push(dialog.type())
      void dialog.dismiss()
    })
    await a.page.close({ runBeforeUnload: true })
    await eventually(() => expect(dialogs).toEqual(['beforeunload']))
    expect(a.page.isClosed()).toBe(false)

    // Sent and acknowledged: the page closes without asking.
    await a.page.evaluate('window.counterpart.provider.connect()')
    await eventually(async () => expect(await unsentCount(a.page)).toBe(0))
    const closed = new Promise((resolve) => a.page.once('close', resolve))
    await a.page.close({ runBeforeUnload: true })
    await closed
    expect(dialogs).toEqual(['beforeunload'])
    await a.context.close()
  })
})

describe('nothing is left behind', () => {
  it('signing out removes every local copy and the cached shell', async () => {
    const { documentId, thai } = await negotiation()
    const person = await signInPerson(fixture, 'Khun Somchai', { memberTokens: [thai.token] })
    const origin = server.server.origin
    const context = await chromium.browser.newContext()
    await context.addCookies([{ name: sessionCookieName, value: person.token, url: origin }])
    const problems: string[] = []
    const editor = watchProblems(await context.newPage(), problems)
    await editor.goto(`${origin}/d/${documentId}`)
    await editor.waitForSelector('.connection[data-state="connected"]', { timeout: 20_000 })
    await shellKept(editor)
    expect(await localCopies(editor)).toEqual([`counterpart-copy:${encodeURIComponent(documentId)}:${encodeURIComponent(thai.id)}`])
    expect(await cacheNames(editor)).toEqual(['counterpart-shell-v1'])

    const signIn = watchProblems(await context.newPage(), problems)
    await signIn.goto(`${origin}/signin`)
    await signIn.waitForSelector('#signed-in:not([hidden])')
    await signIn.click('#sign-out')
    await signIn.waitForSelector('#signed-out:not([hidden])')
    await eventually(async () => expect(await status(editor).getAttribute('data-state')).toBe('closed'))
    expect(await localCopies(signIn)).toEqual([])
    expect(await cacheNames(signIn)).toEqual([])
    expect(problems).toEqual([])
    await context.close()
  })

  it('revocation removes the revoked member’s local copy', async () => {
    const { documentId, link, khmer } = await negotiation()
    const b = await openAsMember(chromium.browser, link(khmer.token))
    expect(await localCopies(b.page)).toHaveLength(1)
    const revoked = await server.request('DELETE', `/api/documents/${documentId}/members/${khmer.id}`)
    expect(revoked.status).toBe(200)
    await eventually(async () => expect(await status(b.page).getAttribute('data-state')).toBe('closed'))
    expect(await b.page.locator('.notices').textContent()).toContain('your access has ended')
    await eventually(async () => expect(await localCopies(b.page)).toEqual([]))
    await b.context.close()
  })
})
