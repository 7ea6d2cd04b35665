/**
 * A long text in Chromium (a trilingual MOU of 80 clauses): the editor lays
 * out only the clauses near the screen (`content-visibility`, editor/
 * longText.ts), and everything a drafter does still lands where it should —
 * a far clause brought fully into view by one click on the outline and
 * typed into, a click into a clause scrolled to, each word stored in its
 * clause and seen there by the other delegation.
 */

import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { openAsMember, useBrowser } from '../support/browser.js'
import { eventually } from '../support/eventually.js'
import { useServer } from '../support/fixtures.js'
import { growDocument } from '../support/longDocument.js'
import { trilingualDocument, type TestServer } from '../support/testServer.js'

const fixture = useServer({ unloadDelayMs: 600_000 })
let server: TestServer
const chromium = useBrowser()
let documentId: string
let clauseIds: string[]
let thai: { token: string }
let khmer: { token: string }

beforeAll(async () => {
  server = fixture.server
  const { body } = await server.request('POST', '/api/documents', { body: trilingualDocument })
  documentId = body.id
  thai = await server.addMember(documentId, 'delegate', 'TH', 'Khun Somchai')
  khmer = await server.addMember(documentId, 'delegate', 'KH', 'Lok Sokha')
  clauseIds = await growDocument(server, documentId, 80)
})

const clause = (page: Page, id: string) => page.locator(`.mou-document[role="textbox"]:not([data-lang]) section.clause[data-clause-id="${id}"]`)

/** The text of clause `id` as the server holds it. */
async function storedText(id: string): Promise<string> {
  const { body } = await server.request('GET', `/api/documents/${documentId}/content`)
  return (body.clauses as { id: string; text: string }[]).find((candidate) => candidate.id === id)!.text
}

describe('a long text', () => {
  it('lays out only what is near the screen, and a far clause reached from the outline or by a click takes the words typed there', async () => {
    const a = await openAsMember(chromium.browser, `${server.url}/d/${documentId}?token=${thai.token}`, { width: 1440, height: 900 })
    const b = await openAsMember(chromium.browser, `${server.url}/d/${documentId}?token=${khmer.token}`, { width: 1440, height: 900 })
    await a.page.waitForSelector('.mou-document[role="textbox"][data-long]:not([data-lang])')
    // A far clause's words are not laid out until it comes near the screen.
    const far = clause(a.page, clauseIds[69]!)
    const laidOut = () => far.locator('p').first().evaluate((element) => element.checkVisibility({ contentVisibilityAuto: true }))
    expect(await laidOut()).toBe(false)

    // One click on the outline brings it fully into view, with the caret in it.
    await a.page.locator(`.outline-entry[data-clause-id="${clauseIds[69]}"]`).click()
    const area = (await a.page.locator('.text-area').boundingBox())!
    expect(await laidOut()).toBe(true)
    const shown = (await far.boundingBox())!
    // Within a pixel: the boxes are fractional.
    expect(shown.y).toBeGreaterThanOrEqual(area.y - 1)
    expect(shown.y + shown.height).toBeLessThanOrEqual(area.y + area.height + 1)
    await a.page.keyboard.type('FROM THE OUTLINE ')
    await eventually(async () => expect(await storedText(clauseIds[69]!)).toContain('FROM THE OUTLINE'))
    await eventually(async () => expect(await clause(b.page, clauseIds[69]!).textContent()).toContain('FROM THE OUTLINE'))

    // A click into a clause scrolled to (its neighbours laid out as they come near) puts the caret in that clause.
    const paragraph = clause(a.page, clauseIds[74]!).locator('p').first()
    await paragraph.click()
    await a.page.keyboard.type(' BY A CLICK')
    await eventually(async () => expect(await storedText(clauseIds[74]!)).toContain('BY A CLICK'))
    expect(await paragraph.textContent()).toContain(' BY A CLICK')
    expect(await storedText(clauseIds[73]!)).not.toContain('BY A CLICK')
    expect(await storedText(clauseIds[75]!)).not.toContain('BY A CLICK')
    expect(a.errors).toEqual([])
    expect(b.errors).toEqual([])
    await a.context.close()
    await b.context.close()
  })
})
