/**
 * Drafting what is signed, in Chromium: the title, the preamble and the
 * final provisions negotiated in the Negotiation tab as clauses are (and
 * locked in the editor once agreed), and parties named by reference from
 * the toolbar or the keyboard, stored by the server as a stock client
 * sends them.
 */

import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { artifactPath, openAsMember, useBrowser } from '../support/browser.js'
import { eventually, sleep } from '../support/eventually.js'
import { useServer } from '../support/fixtures.js'
import { setStatus } from '../support/negotiation.js'
import type { TestServer } from '../support/testServer.js'

const fixture = useServer({ unloadDelayMs: 600_000 })
let server: TestServer
const chromium = useBrowser()

beforeAll(async () => {
  server = fixture.server
})

type Member = { id: string; token: string }

async function negotiation(): Promise<{ documentId: string; link: (token: string) => string; thai: Member; khmer: Member }> {
  const documentId = await server.draftDocument('anti-trafficking-mou', { style: 'mou' })
  return {
    documentId,
    link: (token) => `${server.url}/d/${documentId}?token=${token}`,
    thai: await server.addMember(documentId, 'delegate', 'TH', 'Khun Somchai'),
    khmer: await server.addMember(documentId, 'delegate', 'KH', 'Lok Sokha'),
  }
}

interface JsonNode {
  type: string
  attrs?: Record<string, unknown>
  content?: JsonNode[]
  text?: string
}

/** The live document as the server holds it (ProseMirror JSON). */
async function storedDoc(documentId: string): Promise<JsonNode> {
  return (await server.request('GET', `/api/documents/${documentId}/content`)).body.doc
}

/** Every party_ref in `node`, with the id of the top-level node holding it. */
function partyRefs(doc: JsonNode): { in: string; party: unknown; form: unknown }[] {
  const found: { in: string; party: unknown; form: unknown }[] = []
  for (const top of doc.content ?? []) {
    const visit = (node: JsonNode) => {
      if (node.type === 'party_ref') found.push({ in: String(top.attrs?.id), party: node.attrs?.party, form: node.attrs?.form })
      node.content?.forEach(visit)
    }
    visit(top)
  }
  return found
}

const panel = (page: Page) => page.locator('section.negotiation')
const title = (page: Page) => page.locator('.mou-document h1')

describe('the title, the preamble and the final provisions in the browser', () => {
  it('are negotiated in the Negotiation tab as clauses are, and once agreed their text is locked in the editor', async () => {
    const n = await negotiation()
    const a = await openAsMember(chromium.browser, n.link(n.thai.token))
    expect(await panel(a.page).locator('.part-statuses li').evaluateAll((items) => items.map((item) => [item.getAttribute('data-part'), item.getAttribute('data-status')]))).toEqual([
      ['title', 'draft'],
      ['preamble', 'draft'],
      ['final_provisions', 'draft'],
    ])

    // The title's entry puts the cursor in the title: the panel shows its status and moves.
    await panel(a.page).getByRole('button', { name: 'Title', exact: true }).click()
    await eventually(async () => expect(await panel(a.page).locator('.clause-title').textContent()).toBe('Title'))
    expect(await panel(a.page).locator('.clause-status').getAttribute('data-status')).toBe('draft')
    await panel(a.page).getByRole('button', { name: 'Start negotiation' }).click()
    await eventually(async () => expect(await panel(a.page).locator('.clause-status').getAttribute('data-status')).toBe('under-negotiation'))
    await setStatus(server, n.documentId, 'title', n.khmer.token, 'agreed-ad-referendum', 'SK')
    await eventually(async () => expect(await panel(a.page).locator('.agreements').textContent()).toContain('CNP agreed — Lok Sokha (SK)'))
    expect(await title(a.page).getAttribute('class')).toContain('clause-locked')
    await panel(a.page).getByRole('button', { name: 'Agree for DSI (completes agreement)' }).click()
    await eventually(async () => expect(await panel(a.page).locator('.part-statuses li[data-part="title"]').getAttribute('data-status')).toBe('agreed'))

    // Typing in the agreed title is stopped, and said why.
    const agreedTitle = await title(a.page).textContent()
    await title(a.page).click()
    await a.page.keyboard.press('End')
    await a.page.keyboard.type(' AMENDED')
    await eventually(async () => expect(await a.page.locator('.notices').textContent()).toContain('The title is agreed by both parties: its text is locked. Ask to reopen it in the Negotiation tab.'))
    await sleep(300)
    expect(await title(a.page).textContent()).toBe(agreedTitle)
    expect(await panel(a.page).getByRole('button', { name: 'Ask to reopen' }).count()).toBe(1)

    // The preamble, reached from the text, is negotiated in the same panel.
    await a.page.locator('.mou-document section.preamble p').first().click()
    await eventually(async () => expect(await panel(a.page).locator('.clause-title').textContent()).toBe('Preamble'))
    expect(await panel(a.page).getByRole('button', { name: 'Start negotiation' }).count()).toBe(1)
    await a.page.screenshot({ path: artifactPath('negotiated-title.png') })
    const { body } = await server.request('GET', `/api/documents/${n.documentId}/content`)
    expect(body.parts[0]).toMatchObject({ id: 'title', status: 'agreed' })
    expect(a.errors).toEqual([])
    expect(await a.page.locator('.connection').getAttribute('data-state')).toBe('connected')
    await a.context.close()
  })
})

describe('party references in the browser', () => {
  it('a delegate inserts one from the toolbar and one from the keyboard; the server stores both, and the text reads the parties’ names', async () => {
    const n = await negotiation()
    const a = await openAsMember(chromium.browser, n.link(n.thai.token))
    const before = partyRefs(await storedDoc(n.documentId))
    const paragraph = a.page.locator('.mou-document section.clause').nth(1).locator('p').first()
    const clauseId = await a.page.locator('.mou-document section.clause').nth(1).getAttribute('data-clause-id')

    // From the toolbar: both parties, by their States.
    await paragraph.click({ position: { x: 2, y: 4 } })
    await a.page.keyboard.press('Home')
    await a.page.getByRole('button', { name: 'Insert party…' }).click()
    const menu = a.page.getByRole('group', { name: 'Insert a party reference' })
    await menu.getByLabel('Party').selectOption('*')
    await menu.getByLabel('Named by').selectOption('state')
    expect(await menu.locator('output').textContent()).toBe('Reads: Kingdom of Thailand and the Kingdom of Cambodia')
    await menu.getByRole('button', { name: 'Insert' }).click()
    expect(await menu.isHidden()).toBe(true)
    await eventually(async () => expect(await paragraph.locator('.party-ref').getAttribute('data-label')).toBe('Kingdom of Thailand and the Kingdom of Cambodia'))

    // From the keyboard: Ctrl+Shift+P, the Cambodian party, by its short name, Enter.
    await a.page.keyboard.type(' and ')
    await a.page.keyboard.press('Control+Shift+P')
    expect(await a.page.evaluate('document.activeElement.getAttribute("aria-label")')).toBe('Party')
    // The menu keeps the last choice; typing picks an option by its first letters.
    await a.page.keyboard.type('CNP')
    await a.page.keyboard.press('Tab')
    await a.page.keyboard.type('Sh')
    await a.page.keyboard.press('Enter')
    await eventually(async () => expect(await paragraph.locator('.party-ref').count()).toBe(2))
    expect(await paragraph.locator('.party-ref').nth(1).getAttribute('data-label')).toBe('CNP')
    // Focus is back in the text, after the reference.
    await a.page.keyboard.type(' agree')

    // Stored where they were put: at the start of the clause's first paragraph, before the references the template wrote.
    const inClause = (refs: { in: string }[]) => refs.filter((ref) => ref.in === clauseId)
    await eventually(async () =>
      expect(inClause(partyRefs(await storedDoc(n.documentId)))).toEqual([
        { in: clauseId, party: '*', form: 'state' },
        { in: clauseId, party: 'KH', form: 'shortName' },
        ...inClause(before),
      ]),
    )
    // The words typed after the references may still be on their way when the references are stored.
    await eventually(async () => {
      const { body } = await server.request('GET', `/api/documents/${n.documentId}/content`)
      const clause = body.clauses.find((entry: { id: string }) => entry.id === clauseId)
      expect(clause.text).toContain('Kingdom of Thailand and the Kingdom of Cambodia and CNP agree')
    })
    // The gate took them from the page as from any client: nothing refused, nobody disconnected.
    expect((await server.request('GET', `/api/documents/${n.documentId}/audit`)).body.entries.some((entry: { event: string }) => entry.event === 'update-refused')).toBe(false)
    expect(await a.page.locator('.connection').getAttribute('data-state')).toBe('connected')
    await a.page.screenshot({ path: artifactPath('party-reference.png') })
    expect(a.errors).toEqual([])
    await a.context.close()
  })
})
