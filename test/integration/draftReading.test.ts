/**
 * An import read off the event loop, through a real server: while the
 * largest Word file the import admits is read, the server answers other
 * requests, before the import's own answer arrives.
 */

import { beforeAll, describe, expect, it } from 'vitest'
import type { ImportPreviewView } from '../../server/vocabulary/draftImport.js'
import { useServer } from '../support/fixtures.js'
import type { TestServer } from '../support/testServer.js'
import { longWordDraft } from '../support/wordDrafts.js'

const fixture = useServer()
let server: TestServer

beforeAll(() => {
  server = fixture.server
})

describe('a draft read in the reader’s thread', () => {
  it('leaves the server answering while the largest file admitted is read, and previews it', async () => {
    const documentId = await server.draftDocument('anti-trafficking-mou', { style: 'mou' })
    const member = await server.addMember(documentId, 'delegate', 'TH')
    const largest = longWordDraft(700, 14)
    const bytes = await largest.bytes

    let answered = false
    const importing = fetch(`${server.url}/api/documents/${documentId}/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${member.token}`, 'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
      body: Buffer.from(bytes),
    })
      .then(async (response) => ({ status: response.status, body: (await response.json()) as ImportPreviewView }))
      .finally(() => (answered = true))
    let healthBeforeImport = 0
    while (!answered) {
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
      if (!answered) healthBeforeImport++
    }
    const { status, body } = await importing
    expect(status, JSON.stringify(body).slice(0, 500)).toBe(200)
    expect([body.applied, body.report.counts.paragraphs, body.report.counts.clauses]).toEqual([false, largest.paragraphs, 700])
    expect(healthBeforeImport).toBeGreaterThan(0)
  })
})
