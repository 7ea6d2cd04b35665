/**
 * Debian's Chromium driven by playwright-core, as the brief prescribes:
 * `npx playwright install` cannot work here.
 */

import fs from 'node:fs'
import path from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { projectRoot } from '../../server/projectRoot.js'
import { requireBuiltClient } from './builtClient.js'

export const chromiumPath = '/usr/bin/chromium'
const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run']

export async function launchBrowser(): Promise<Browser> {
  requireBuiltClient()
  return chromium.launch({ executablePath: chromiumPath, args: flags })
}

/** A member's page: a context of its own (its own session storage), opened on the member's link, connected. */
export async function openAsMember(browser: Browser, url: string, viewport = { width: 1280, height: 800 }): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport, acceptDownloads: true })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  await page.goto(url)
  await page.waitForSelector('.connection[data-state="connected"]', { timeout: 20_000 })
  return { context, page, errors }
}

/** Where tests leave files for people to look at (screenshots). */
export function artifactPath(name: string): string {
  const directory = path.join(projectRoot(), 'test', 'artifacts')
  fs.mkdirSync(directory, { recursive: true })
  return path.join(directory, name)
}
