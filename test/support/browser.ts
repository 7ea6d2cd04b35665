/**
 * Debian's Chromium driven by playwright-core, as the brief prescribes:
 * `npx playwright install` cannot work here. Beside the launch: a member's
 * page, a watch on a page's errors, and a passkey authenticator.
 */

import fs from 'node:fs'
import path from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { projectRoot } from '../../server/projectRoot.js'
import { requireBuiltClient } from './builtClient.js'

export const chromiumPath = '/usr/bin/chromium'
const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run']

export async function launchBrowser(): Promise<Browser> {
  requireBuiltClient()
  return chromium.launch({ executablePath: chromiumPath, args: flags })
}

/** Chromium with a profile kept in `userDataDir`, as a person's browser keeps it across restarts (cookies, IndexedDB, service workers). */
export async function launchPersistentBrowser(userDataDir: string): Promise<BrowserContext> {
  requireBuiltClient()
  return chromium.launchPersistentContext(userDataDir, { executablePath: chromiumPath, args: flags, viewport: { width: 1280, height: 800 } })
}

/** A member's page: a context of its own (its own session storage), opened on the member's link, connected. */
export async function openAsMember(
  browser: Browser,
  url: string,
  viewport = { width: 1280, height: 800 },
  locale = 'en-US',
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport, acceptDownloads: true, locale })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  await page.goto(url)
  await page.waitForSelector('.connection[data-state="connected"]', { timeout: 20_000 })
  return { context, page, errors }
}

/** Keeps `page`'s uncaught errors and the Content-Security-Policy refusals it logs in `problems`; returns `page`. */
export function watchProblems(page: Page, problems: string[]): Page {
  page.on('pageerror', (error) => problems.push(error.message))
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/.test(message.text())) problems.push(message.text())
  })
  return page
}

/**
 * Gives `page`'s browser context a passkey authenticator of its own, as a
 * person's device would have: a virtual, user-verifying platform
 * authenticator (CTAP2, resident keys) through CDP WebAuthn.
 */
export async function addPasskeyAuthenticator(context: BrowserContext, page: Page): Promise<void> {
  const cdp = await context.newCDPSession(page)
  await cdp.send('WebAuthn.enable')
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
  })
}

/** Chromium for a test file: launched before its tests, closed after; `browser` once they run. */
export function useBrowser(): { readonly browser: Browser } {
  const fixture = {} as { browser: Browser }
  beforeAll(async () => {
    fixture.browser = await launchBrowser()
  })
  afterAll(async () => {
    await fixture.browser?.close()
  })
  return fixture
}

/** Where tests leave files for people to look at (screenshots). */
export function artifactPath(name: string): string {
  const directory = path.join(projectRoot(), 'test', 'artifacts')
  fs.mkdirSync(directory, { recursive: true })
  return path.join(directory, name)
}
