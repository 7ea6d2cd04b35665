/**
 * Opening the editor page, in Chromium: the text comes first. The page
 * opens the collaboration socket before any of the tools beside the text
 * asks the server for what it shows (their requests would otherwise go
 * before the text's, on the page's main thread and on the server), marks
 * the tools busy until they are built, and then builds every one of them.
 */

import type { Request } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { useBrowser } from '../support/browser.js'
import { useServer } from '../support/fixtures.js'
import { trilingualDocument, type TestServer } from '../support/testServer.js'

const fixture = useServer({ unloadDelayMs: 600_000 })
let server: TestServer
const chromium = useBrowser()
let documentId: string
let secretariat: { id: string; token: string }

beforeAll(async () => {
  server = fixture.server
  const { body } = await server.request('POST', '/api/documents', { body: trilingualDocument })
  documentId = body.id
  secretariat = await server.addMember(documentId, 'secretariat', null, 'Joint Secretariat')
  await server.request('POST', `/api/documents/${documentId}/revisions`, { token: secretariat.token, body: { label: 'Draft for the first round' } })
})

/** The requests of the tools beside the text (the secretariat has them all): what they show is theirs, not the text's. */
const toolRequest = /\/api\/documents\/[^/]+\/(comments|revisions|templates|audit|members|signing|waiting)/

describe('opening the editor page', () => {
  it('opens the socket for the text before any tool asks for its content, then builds every tool', async () => {
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
    })
    await page.goto(`${server.url}/d/${documentId}?token=${secretariat.token}`)
    await page.waitForSelector('.connection[data-state="connected"]')
    await page.waitForSelector('#tools-drawer:not([aria-busy]) .revision-list li', { state: 'attached' })

    const socket = made.findIndex((entry) => entry.startsWith('socket '))
    const firstTool = made.findIndex((entry) => entry.startsWith('tool '))
    expect(socket).toBeGreaterThanOrEqual(0)
    expect(firstTool).toBeGreaterThan(socket)
    expect(made[socket]).toBe(`socket /collab/${documentId}`)
    // Every tool is there once built.
    expect(await page.locator('#tools-drawer [role="tab"]').allTextContents()).toEqual(['Negotiation', 'Signing', 'People', 'Comments', 'Revisions', 'Templates', 'Wording', 'Audit'])
    expect(problems).toEqual([])
    await context.close()
  })
})
