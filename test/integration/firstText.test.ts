/**
 * The editor's page carries the text it opens: for a member who may read
 * the document (by the token in the address, or the session the page
 * traded it for), the working text as the editor draws it, numbered,
 * escaped, as it stands now; for anyone else, the blank shell the service
 * worker may keep. Never cached by the browser.
 */

import { beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { requireBuiltClient } from '../support/builtClient.js'
import { connectClient } from '../support/collabClient.js'
import { clauseElements } from '../support/clauseEditing.js'
import { cookieRequest } from '../support/cookieClient.js'
import { eventually } from '../support/eventually.js'
import { useServer } from '../support/fixtures.js'
import { cambodianParty, thaiParty, type TestServer } from '../support/testServer.js'

const fixture = useServer()
let server: TestServer
let documentId: string

beforeAll(async () => {
  requireBuiltClient()
  server = fixture.server
  const { status, body } = await server.request('POST', '/api/documents', { body: { template: 'anti-trafficking-mou', style: 'mou', parties: [thaiParty, cambodianParty] } })
  expect(status).toBe(201)
  documentId = body.id
})

/** The editor's page of `documentId`, as `path` (with any query) and `cookie` open it. */
async function page(path: string, cookie = ''): Promise<{ status: number; html: string; headers: Headers }> {
  const response = await fetch(`${server.url}${path}`, { headers: cookie === '' ? {} : { cookie } })
  return { status: response.status, html: await response.text(), headers: response.headers }
}

/** The text drawn into `html`, or null. */
const drawnText = (html: string) => /<div class="first-text[^"]*"[^>]*>([\s\S]*)<\/div><\/div>/.exec(html)?.[1] ?? null

describe("the editor's page", () => {
  it('carries the working text, numbered as the editor numbers it, for a member opening it with their token', async () => {
    const { token } = await server.addMember(documentId, 'delegate', 'TH')
    const answer = await page(`/d/${documentId}?token=${token}`)
    expect(answer.status).toBe(200)
    expect(answer.headers.get('cache-control')).toBe('no-store')
    expect(answer.headers.get('counterpart-shell')).toBeNull()
    const text = drawnText(answer.html)
    expect(text).not.toBeNull()
    const { body } = await server.request('GET', `/api/documents/${documentId}/content`)
    const clauses = body.clauses as { id: string; label: string; heading: string }[]
    expect(clauses.length).toBeGreaterThan(5)
    // Every clause, in order, with its number as the style sheet prints it and its heading.
    const drawnIds = [...text!.matchAll(/<section class="clause" data-clause-id="([^"]+)"/g)].map((match) => match[1])
    expect(drawnIds).toEqual(clauses.map((clause) => clause.id))
    for (const clause of clauses) {
      expect(text).toContain(`data-label="${clause.label}"`)
      expect(text).toContain(`<h2>${clause.heading}</h2>`)
    }
    expect(answer.html).toContain('lang="en"')
    // The token stays out of the page.
    expect(answer.html).not.toContain(token)
  })

  it('carries it for an observer, and for the session a page traded its token for', async () => {
    const { token } = await server.addMember(documentId, 'observer', null, 'Observer')
    expect(drawnText((await page(`/d/${documentId}?token=${token}`)).html)).not.toBeNull()
    const traded = await cookieRequest(fixture, 'POST', '/api/auth/token-session', '', { body: { token } })
    expect(traded.status).toBe(201)
    const cookie = traded.setCookie!.split(';')[0]!
    expect(drawnText((await page(`/d/${documentId}`, cookie)).html)).not.toBeNull()
  })

  it('is the blank shell, marked so, for no one, a wrong token, a member of another document and a revoked member', async () => {
    const { body: other } = await server.request('POST', '/api/documents', { body: { template: 'anti-trafficking-mou', style: 'mou', parties: [thaiParty, cambodianParty] } })
    const outsider = await server.addMember(other.id, 'delegate', 'TH')
    const revoked = await server.addMember(documentId, 'delegate', 'KH')
    expect((await server.request('DELETE', `/api/documents/${documentId}/members/${revoked.id}`)).status).toBe(200)
    for (const path of [`/d/${documentId}`, `/d/${documentId}?token=not-a-token`, `/d/${documentId}?token=${outsider.token}`, `/d/${documentId}?token=${revoked.token}`, `/d/no-such-document?token=${outsider.token}`]) {
      const answer = await page(path)
      expect(answer.status, path).toBe(200)
      expect(answer.headers.get('counterpart-shell'), path).toBe('blank')
      expect(drawnText(answer.html), path).toBeNull()
      expect(answer.html, path).toContain('<div id="app" aria-live="polite">Loading…</div>')
    }
  })

  it('shows the text as it stands now, every word of it escaped', async () => {
    const { token } = await server.addMember(documentId, 'delegate', 'TH')
    const before = drawnText((await page(`/d/${documentId}?token=${token}`)).html)!
    const client = connectClient(server.collabUrl, documentId, token)
    try {
      await client.synced()
      const clause = clauseElements(client.fragment)[1]!
      const heading = clause.toArray().find((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'clause_heading')!
      ;(heading.get(0) as Y.XmlText).insert(0, '<script>alert("x")</script> & ')
      await eventually(async () => {
        const after = drawnText((await page(`/d/${documentId}?token=${token}`)).html)!
        expect(after).not.toBe(before)
        expect(after).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; ')
        expect(after).not.toContain('<script>')
      })
    } finally {
      client.destroy()
    }
  })
})
