/**
 * What waits on me, in Chromium: the other side's agreement ad referendum
 * appears in the Thai delegate's Waiting tab as soon as it reaches the
 * page over its connection, leads to the clause, goes once the Thai party
 * agrees; a dismissed item stays gone. The secretariat has no such tab.
 * What does not travel in the text — a reply in a comment thread, a new
 * member — reaches the Waiting, Comments and People tabs over the
 * document's event stream as it happens.
 */

import { beforeAll, describe, expect, it } from 'vitest'
import { artifactPath, openAsMember, useBrowser } from '../support/browser.js'
import { eventually } from '../support/eventually.js'
import { useServer } from '../support/fixtures.js'
import { setStatus } from '../support/negotiation.js'
import { clauseById, clauseTexts } from '../support/clauseEditing.js'
import { connectClient } from '../support/collabClient.js'
import * as Y from 'yjs'
import type { TestServer } from '../support/testServer.js'

const fixture = useServer({ unloadDelayMs: 600_000 })
let server: TestServer
const chromium = useBrowser()

beforeAll(async () => {
  server = fixture.server
})

describe('the Waiting tab', () => {
  it('shows what the other side did that needs me, live, leads to it, and clears once handled or dismissed', async () => {
    const documentId = await server.draftDocument('anti-trafficking-mou', { style: 'mou' })
    const [thai, khmer, secretariat] = [
      await server.addMember(documentId, 'delegate', 'TH', 'Khun Somchai'),
      await server.addMember(documentId, 'delegate', 'KH', 'Lok Sokha'),
      await server.addMember(documentId, 'secretariat', null, 'Joint Secretariat'),
    ]
    const { body } = await server.request('GET', `/api/documents/${documentId}/content`)
    const [first, second] = body.clauses as { id: string }[]
    const a = await openAsMember(chromium.browser, `${server.url}/d/${documentId}?token=${thai.token}`)
    await a.page.getByRole('tab', { name: 'Waiting' }).click()
    const panel = a.page.locator('section.waiting')
    await eventually(async () => expect(await panel.locator('[role="status"]').textContent()).toBe('Nothing waits on you.'))

    for (const clause of [first!, second!]) {
      await setStatus(server, documentId, clause.id, thai.token, 'under-negotiation')
      await setStatus(server, documentId, clause.id, khmer.token, 'agreed-ad-referendum')
    }
    // The agreements reach the page in the shared text: the list follows without a reload.
    await eventually(async () => expect(await panel.locator('.waiting-item p').allTextContents()).toEqual([
      "KH agreed Paragraph 1 ad referendum (Lok Sokha): your party's agreement makes it agreed",
      "KH agreed Paragraph 2 ad referendum (Lok Sokha): your party's agreement makes it agreed",
    ]), { timeoutMs: 15_000 })
    await a.page.screenshot({ path: artifactPath('waiting-tab.png') })
    // The same items for the same delegate reading in Thai: the server's words said in Thai, the clause numbered in Thai.
    const inThai = await openAsMember(chromium.browser, `${server.url}/d/${documentId}?token=${thai.token}`, undefined, 'th-TH')
    await eventually(async () =>
      expect(await inThai.page.locator('section.waiting .waiting-item p').allTextContents()).toEqual([
        'KH ตกลงในข้อ 1 แบบ ad referendum แล้ว (Lok Sokha) ความตกลงของภาคีท่านจะทำให้ข้อนี้ได้รับการตกลง',
        'KH ตกลงในข้อ 2 แบบ ad referendum แล้ว (Lok Sokha) ความตกลงของภาคีท่านจะทำให้ข้อนี้ได้รับการตกลง',
      ]),
    )
    expect(inThai.errors).toEqual([])
    await inThai.context.close()
    await panel.getByRole('link', { name: 'Paragraph 2' }).click()
    // The link puts the caret in the clause.
    const caretClause = () =>
      a.page.evaluate(() => {
        const { $from } = (globalThis as unknown as { counterpart: { view: () => { state: { selection: { $from: { depth: number; node: (depth: number) => { type: { name: string }; attrs: { id: string } } } } } } } }).counterpart.view().state.selection
        for (let depth = $from.depth; depth > 0; depth--) if ($from.node(depth).type.name === 'clause') return $from.node(depth).attrs.id
        return null
      })
    await eventually(async () => expect(await caretClause()).toBe(second!.id))

    await setStatus(server, documentId, first!.id, thai.token, 'agreed')
    await eventually(async () => expect(await panel.locator('.waiting-item').count()).toBe(1), { timeoutMs: 15_000 })
    await panel.getByRole('button', { name: /^Dismiss: KH agreed Paragraph 2/ }).click()
    await eventually(async () => expect(await panel.locator('[role="status"]').textContent()).toBe('Nothing waits on you.'))
    expect((await server.request('GET', `/api/documents/${documentId}/waiting`, { token: thai.token })).body.items).toEqual([])
    expect(a.errors).toEqual([])

    const s = await openAsMember(chromium.browser, `${server.url}/d/${documentId}?token=${secretariat.token}`)
    expect(await s.page.getByRole('tab', { name: 'Waiting' }).count()).toBe(0)
    await s.context.close()
    await a.context.close()
  }, 90_000)

  it('hears a reply to my party’s thread and a new member as they happen, without a reload', async () => {
    const documentId = await server.draftDocument('anti-trafficking-mou', { style: 'mou' })
    const thai = await server.addMember(documentId, 'delegate', 'TH', 'Khun Somchai')
    const khmer = await server.addMember(documentId, 'delegate', 'KH', 'Lok Sokha')
    const { body } = await server.request('GET', `/api/documents/${documentId}/content`)
    const clauseId = (body.clauses as { id: string }[])[3]!.id
    const client = connectClient(server.collabUrl, documentId, thai.token)
    await client.synced()
    const target = clauseTexts(clauseById(client.fragment, clauseId))[0]!
    const from = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(target, 0))
    const to = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(target, 10, -1))
    client.destroy()
    const comments = `/api/documents/${documentId}/comments`
    const opened = await server.request('POST', comments, { token: thai.token, body: { from, to, body: 'Is "shall" right here?' } })

    const a = await openAsMember(chromium.browser, `${server.url}/d/${documentId}?token=${thai.token}`)
    await a.page.getByRole('tab', { name: 'Waiting' }).click()
    const waiting = a.page.locator('section.waiting')
    await eventually(async () => expect(await waiting.locator('[role="status"]').textContent()).toBe('Nothing waits on you.'))

    await server.request('POST', `${comments}/${opened.body.thread.id}/replies`, { token: khmer.token, body: { body: 'We would prefer "will".' } })
    await eventually(async () => expect(await waiting.locator('.waiting-item p').allTextContents()).toEqual([expect.stringMatching(/^Lok Sokha \(KH\) wrote on “.+”: We would prefer "will"\.$/)]))
    await a.page.getByRole('tab', { name: 'Comments' }).click()
    await eventually(async () => expect(await a.page.locator('section.comments').textContent()).toContain('We would prefer "will".'))

    await a.page.getByRole('tab', { name: 'People' }).click()
    const people = a.page.locator('section.people')
    await eventually(async () => expect(await people.textContent()).toContain('Lok Sokha'))
    await server.addMember(documentId, 'legal', 'KH', 'Legal adviser')
    await eventually(async () => expect(await people.textContent()).toContain('Legal adviser'))
    expect(a.errors).toEqual([])
    await a.context.close()
  }, 90_000)
})
