/**
 * The public verify page, `/verify`, in Chromium: no token, a file dropped
 * or picked, the verdict announced in the status line and set out below it
 * (document, revision, party, language texts, who exported it and when),
 * the file's SHA-256 as `sha256sum` prints it — and a copy with one byte
 * changed shown invalid, with the reason. Nothing the page does is refused
 * by its Content-Security-Policy.
 */

import type { BrowserContext, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { artifactPath, useBrowser } from '../support/browser.js'
import { useServer } from '../support/fixtures.js'
import { exportOriginals, fileSha256, verdictOn, withOneByteChanged, type ExportedOriginals } from '../support/signingOriginals.js'
import type { TestServer } from '../support/testServer.js'

const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

const fixture = useServer({ unloadDelayMs: 600_000 })
let server: TestServer
const chromium = useBrowser()
let originals: ExportedOriginals

beforeAll(async () => {
  server = fixture.server
  originals = await exportOriginals(server, { trilingual: true })
})

interface VerifyPage {
  context: BrowserContext
  page: Page
  /** Page errors and what the Content-Security-Policy refused. */
  problems: string[]
}

/** `/verify` in a context of its own: no token, no session. */
async function openVerifyPage(): Promise<VerifyPage> {
  const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 800 } })
  const page = await context.newPage()
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
  page.on('console', (message) => {
    if (/Content Security Policy|Refused/i.test(message.text())) problems.push(message.text())
  })
  const response = await page.goto(`${server.url}/verify`)
  expect(response?.status()).toBe(200)
  return { context, page, problems }
}

/** Drops `bytes` onto the page's drop zone as a file called `name`, as a file manager does. */
async function dropFile(page: Page, name: string, bytes: Uint8Array): Promise<void> {
  // Written as the page's own script: the tests are type-checked without the DOM's types.
  const transfer = await page.evaluateHandle(`(() => {
    const bytes = Uint8Array.from(atob(${JSON.stringify(Buffer.from(bytes).toString('base64'))}), (char) => char.charCodeAt(0))
    const transfer = new DataTransfer()
    transfer.items.add(new File([bytes], ${JSON.stringify(name)}, { type: ${JSON.stringify(docxType)} }))
    return transfer
  })()`)
  await page.dispatchEvent('#drop-zone', 'dragover', { dataTransfer: transfer })
  await page.dispatchEvent('#drop-zone', 'drop', { dataTransfer: transfer })
}

/** The status line once the check is over: its verdict and its words. */
async function settledStatus(page: Page): Promise<{ verdict: string; text: string }> {
  const status = page.getByRole('status')
  await page.locator('#status:is([data-verdict="valid"], [data-verdict="invalid"], [data-verdict="unchecked"])').waitFor({ timeout: 20_000 })
  return { verdict: (await status.getAttribute('data-verdict'))!, text: (await status.textContent())! }
}

/** The verdict's facts as the page sets them out: term → value. */
async function factsOn(page: Page): Promise<Record<string, string>> {
  const rows = await page.locator('#verdict .fact').evaluateAll((facts) => facts.map((fact) => [fact.querySelector('dt')!.textContent!, fact.querySelector('dd')!.textContent!]))
  return Object.fromEntries(rows)
}

describe('the verify page', () => {
  it('shows an untouched original, dropped on it, valid: its document, revision, party, language texts, exporter, and the file’s SHA-256 as sha256sum prints it', async () => {
    const verdict = await verdictOn(server, originals.KH)
    if (!verdict.valid) throw new Error(`the original is not valid: ${verdict.reason}`)
    const { context, page, problems } = await openVerifyPage()
    try {
      await dropFile(page, 'original-KH.docx', originals.KH)
      const status = await settledStatus(page)
      expect(status).toEqual({
        verdict: 'valid',
        text: `Valid: original-KH.docx is an untouched original exported by this server: revision ${originals.revision} of “${originals.title}”, the KH original.`,
      })
      const facts = await factsOn(page)
      expect(facts).toMatchObject({
        Document: originals.title,
        'Document id': originals.documentId,
        Revision: String(originals.revision),
        'Party (counterpart)': 'KH: the original for this party',
        'Exported by': 'Joint Secretariat',
        'Content hash of the revision': verdict.contentHash,
        File: `original-KH.docx, ${originals.KH.length.toLocaleString('en-GB')} bytes`,
        'The file’s SHA-256, as sha256sum prints it': `${fileSha256(originals.KH)}  original-KH.docx`,
      })
      // The language texts in the file's order: the Cambodian original's own language first, then the other party's, then the working one.
      expect(verdict.languages).toEqual(['km', 'th', 'en'])
      expect(facts['Language texts']).toBe('Khmer (km), Thai (th), English (en)')
      expect(facts['Exported at']).toMatch(/^\d{1,2} \w+ \d{4}(,| at) \d{2}:\d{2}:\d{2} UTC$/)
      expect(problems).toEqual([])
      await page.screenshot({ path: artifactPath('verify-page-valid.png'), fullPage: true })
    } finally {
      await context.close()
    }
  })

  it('shows the same file with one byte changed, picked with the keyboard, invalid, with the reason in words', async () => {
    const changed = withOneByteChanged(originals.TH)
    const verdict = await verdictOn(server, changed)
    if (verdict.valid) throw new Error('a copy with one byte changed is valid')
    const { context, page, problems } = await openVerifyPage()
    try {
      // The picker is the page's first control after the link home, and has its label.
      await page.keyboard.press('Tab')
      await page.keyboard.press('Tab')
      const picker = page.getByLabel('Signing original (DOCX)')
      expect(await picker.getAttribute('id')).toBe('file')
      expect(await page.evaluate(`document.activeElement === document.getElementById('file')`)).toBe(true)
      // Reached by the keyboard, the focused picker takes the file. (Opening Chromium's chooser with a key press
      // depends on its user-activation timing under load, not on the page: it once did not open within 30 s.)
      await picker.setInputFiles({ name: 'changed.docx', mimeType: docxType, buffer: Buffer.from(changed) })
      const status = await settledStatus(page)
      expect(status.verdict).toBe('invalid')
      const reason = verdict.reason[0]!.toUpperCase() + verdict.reason.slice(1)
      expect(status.text).toBe(`Not valid: changed.docx is not an untouched original exported by this server. ${reason}${/[.!?]$/.test(reason) ? '' : '.'}`)
      const facts = await factsOn(page)
      expect(facts).toEqual({
        Reason: `${reason}${/[.!?]$/.test(reason) ? '' : '.'}`,
        File: `changed.docx, ${changed.length.toLocaleString('en-GB')} bytes`,
        'The file’s SHA-256, as sha256sum prints it': `${fileSha256(changed)}  changed.docx`,
      })
      expect(problems).toEqual([])
      await page.screenshot({ path: artifactPath('verify-page-invalid.png'), fullPage: true })
    } finally {
      await context.close()
    }
  })

  it('is linked from the home page, and says which hash is which', async () => {
    const { context, page } = await openVerifyPage()
    try {
      await page.goto(`${server.url}/`)
      const forPrograms = page.locator('footer.for-programs')
      await expect.poll(() => forPrograms.textContent()).toContain('Check a signing original')
      await forPrograms.getByRole('link', { name: '/verify' }).click()
      await page.waitForURL(`${server.url}/verify`)
      const notes = await page.getByRole('region', { name: 'Which hash is which' }).textContent()
      expect(notes).toContain('sha256sum')
      expect(notes).toContain('docxSha256')
      expect(notes).toContain('content hash')
    } finally {
      await context.close()
    }
  })
})
