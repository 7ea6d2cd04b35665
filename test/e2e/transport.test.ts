/**
 * The browser client under its Content-Security-Policy, in real Chromium:
 * the editor connects, its WebSocket URL carries no token, and nothing the
 * page does (scripts, the party colours it adds, remote cursors, presence)
 * is refused by the policy.
 */

import type { BrowserContext, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { useBrowser } from '../support/browser.js'
import { eventually } from '../support/eventually.js'
import { useServer } from '../support/fixtures.js'
import { cambodianParty, thaiParty } from '../support/testServer.js'

const fixture = useServer()
const chromium = useBrowser()

interface WatchedPage {
  context: BrowserContext
  page: Page
  /** URLs of the WebSockets the page opened. */
  sockets: string[]
  /** What the policy refused, from the page's `securitypolicyviolation` events and the console. */
  violations: string[]
  /** The Content-Security-Policy the page was served with. */
  policy: string | null
}

/** Opens `url` in a context of its own, watching its WebSockets and every policy violation from the first script on. */
async function openWatched(url: string): Promise<WatchedPage> {
  const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 800 } })
  const page = await context.newPage()
  const sockets: string[] = []
  const violations: string[] = []
  page.on('websocket', (socket) => sockets.push(socket.url()))
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text())
  })
  page.on('pageerror', (error) => violations.push(`page error: ${error.message}`))
  await page.exposeFunction('reportViolation', (text: string) => violations.push(text))
  await page.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (event) =>
      window.reportViolation(event.violatedDirective + ' refused ' + (event.blockedURI || 'inline') + ' (' + event.sample + ')'))`,
  })
  const response = await page.goto(url)
  await page.waitForSelector('.connection[data-state="connected"]', { timeout: 20_000 })
  return { context, page, sockets, violations, policy: (await response!.allHeaders())['content-security-policy'] ?? null }
}

describe('the browser client under its Content-Security-Policy', () => {
  it('connects with the token outside the WebSocket URL, and the policy refuses nothing it does', async () => {
    const { server } = fixture
    const { body } = await server.request('POST', '/api/documents', { body: { template: 'anti-trafficking-mou', parties: [thaiParty, cambodianParty] } })
    const thai = await server.addMember(body.id, 'delegate', 'TH', 'Khun Somchai')
    const khmer = await server.addMember(body.id, 'delegate', 'KH', 'Lok Sokha')
    const a = await openWatched(`${server.url}/d/${body.id}?token=${thai.token}`)
    const b = await openWatched(`${server.url}/d/${body.id}?token=${khmer.token}`)
    try {
      expect(a.policy).toMatch(/script-src 'self'/)
      expect(a.policy).toMatch(/frame-ancestors 'none'/)
      // The first script's socket for the text (the browser keeps no copy yet), then the editor's: the same address.
      expect(a.sockets).toEqual([`${server.url.replace(/^http/, 'ws')}/collab/${body.id}`, `${server.url.replace(/^http/, 'ws')}/collab/${body.id}`])
      for (const page of [a, b]) for (const socket of page.sockets) expect(socket).not.toContain('token')

      // A remote cursor and the presence list: style attributes set at run time.
      await b.page.locator('.mou-document section.clause').nth(1).locator('p').first().click()
      await b.page.keyboard.type('Typed under the policy ')
      await eventually(async () => expect(await a.page.locator('.remote-cursor-label').allTextContents()).toContain('Lok Sokha · KH'))
      expect(await a.page.locator('.presence-list').textContent()).toContain('Lok Sokha')
      // The party colours the page added as a <style> element apply.
      const colour = await a.page.evaluate(`(() => {
        const probe = document.createElement('span')
        probe.setAttribute('data-owner', 'KH')
        document.body.append(probe)
        return getComputedStyle(probe).getPropertyValue('--owner').trim()
      })()`)
      expect(colour).not.toBe('')

      expect(a.violations.concat(b.violations)).toEqual([])
    } finally {
      await a.context.close()
      await b.context.close()
    }
  })
})
