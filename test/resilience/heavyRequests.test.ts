/**
 * The heaviest reads a member can ask for — a wording check of a paragraph
 * full of treaty words, a compare of a clause re-created with thousands of
 * different words — answer correctly while the server keeps answering
 * /healthz: no one request stalls everyone. The server runs in a child
 * process, so that this process's own work does not count.
 */

import { Fragment } from 'prosemirror-model'
import { beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readContent, toYElement } from '../../server/mou/contentCodec.js'
import { mouSchema } from '../../server/vocabulary/schema.js'
import { clauseById, clauseElements } from '../support/clauseEditing.js'
import { connectClient, type TestClient } from '../support/collabClient.js'
import { resolveChanges, docxPart } from '../support/docxText.js'
import { eventually } from '../support/eventually.js'
import { useServerProcesses } from '../support/fixtures.js'
import { expectResponsive, whileProbingHealth } from '../support/healthProbe.js'
import { cambodianParty, thaiParty, type ServerProcess } from '../support/testServer.js'

const processes = useServerProcesses()
let server: ServerProcess
beforeAll(async () => {
  server = await processes.spawn()
  // One ordinary request of each kind first: what is measured is the heavy input, not the first compile of the code that serves it.
  const { documentId, observer, client } = await negotiation()
  const revision = await server.request('POST', `/api/documents/${documentId}/revisions`, { body: { label: 'Ordinary' } })
  for (const path of ['wording-check', `compare?from=${revision.body.seq}`, `compare?from=${revision.body.seq}&format=html`, `compare.docx?from=${revision.body.seq}`]) {
    expect((await fetchBytes(`/api/documents/${documentId}/${path}`, observer.token)).status).toBe(200)
  }
  client.destroy()
})

interface Negotiation {
  documentId: string
  delegate: { id: string; token: string }
  observer: { id: string; token: string }
  client: TestClient
}

async function negotiation(): Promise<Negotiation> {
  const { body } = await server.request('POST', '/api/documents', { body: { template: 'anti-trafficking-mou', style: 'mou', parties: [thaiParty, cambodianParty] } })
  const delegate = await server.addMember(body.id, 'delegate', 'TH', 'Khun Somchai')
  const observer = await server.addMember(body.id, 'observer', null, 'Observer')
  const client = connectClient(server.collabUrl, body.id, delegate.token)
  await client.synced()
  return { documentId: body.id, delegate, observer, client }
}

/**
 * GETs `path` as `token`, reading the answer's bytes only: decoding and
 * parsing a big answer is this process's work, done after the probe so that
 * it does not count as the server's.
 */
async function fetchBytes(path: string, token: string): Promise<{ status: number; bytes: Uint8Array }> {
  const response = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } })
  return { status: response.status, bytes: new Uint8Array(await response.arrayBuffer()) }
}

/** An answer's bytes as JSON, failing with its status and start when it is not a 200. */
function json(answer: { status: number; bytes: Uint8Array }): any {
  const text = new TextDecoder().decode(answer.bytes)
  if (answer.status !== 200) throw new Error(`answered ${answer.status}: ${text.slice(0, 300)}`)
  return JSON.parse(text)
}

/**
 * Re-creates the clause `id` as y-prosemirror does for a move, in one
 * transaction: the element deleted and a copy with the same attributes and
 * heading inserted in its place — here with one paragraph of `text`.
 */
function recreateClause(doc: Y.Doc, id: string, text: string): void {
  const fragment = doc.getXmlFragment('prosemirror')
  let node = null as ReturnType<ReturnType<typeof readContent>['child']> | null
  readContent(doc).forEach((child) => {
    if (child.type.name === 'clause' && child.attrs.id === id) node = child
  })
  if (!node) throw new RangeError(`no clause ${id}`)
  const copy = node.copy(Fragment.fromArray([node.child(0), mouSchema.node('paragraph', null, [mouSchema.text(text)])]))
  doc.transact(() => {
    const index = fragment.toArray().indexOf(clauseById(fragment, id))
    fragment.delete(index, 1)
    fragment.insert(index, [toYElement(copy)])
  })
}

/** Waits until the server's text of clause `id` passes `expected`. */
async function stored(documentId: string, id: string, expected: (text: string) => boolean): Promise<void> {
  await eventually(async () => {
    const content = json(await fetchBytes(`/api/documents/${documentId}/content`, server.adminToken))
    expect(expected(content.clauses.find((clause: { id: string }) => clause.id === id).text)).toBe(true)
  })
}

const words = (count: number, prefix: string) => Array.from({ length: count }, (_, index) => `${prefix}${index}`).join(' ')

describe('a heavy request', () => {
  it("an observer's wording check of a paragraph with 40,000 treaty words finds them all while /healthz keeps answering", async () => {
    const { documentId, observer, client } = await negotiation()
    const clause = clauseElements(client.fragment)[2]!
    const clauseId = clause.getAttribute('id') as string
    client.doc.transact(() => {
      const paragraph = new Y.XmlElement('paragraph')
      paragraph.insert(0, [new Y.XmlText('shall '.repeat(40_000))])
      clause.push([paragraph])
    })
    await stored(documentId, clauseId, (text) => text.split('shall').length - 1 === 40_000)

    const probe = await whileProbingHealth(server.url, () => fetchBytes(`/api/documents/${documentId}/wording-check`, observer.token))
    expectResponsive(probe)
    const findings: { clauseId: string; offset: number; text: string; suggestion: string }[] = json(probe.result).findings
    expect(findings).toHaveLength(40_000)
    const first = findings[0]!.offset
    const wrong = findings.filter((finding, index) => finding.clauseId !== clauseId || finding.text !== 'shall' || finding.suggestion !== 'will' || finding.offset !== first + 6 * index)
    expect(wrong).toEqual([])
    client.destroy()
  })

  it('a compare of a clause re-created with 6,000 different words shows it replaced, as JSON and HTML while /healthz keeps answering, and as DOCX', async () => {
    const { documentId, delegate, observer, client } = await negotiation()
    const clauseId = clauseElements(client.fragment)[3]!.getAttribute('id') as string
    const [before, after] = [words(6_000, 'a'), words(6_000, 'b')]
    recreateClause(client.doc, clauseId, before)
    await stored(documentId, clauseId, (text) => text.endsWith(before))
    const revision = await server.request('POST', `/api/documents/${documentId}/revisions`, { token: delegate.token, body: { label: 'Before' } })
    expect(revision.status).toBe(201)
    recreateClause(client.doc, clauseId, after)
    await stored(documentId, clauseId, (text) => text.endsWith(after))
    expect(client.closes).toEqual([])

    const compare = `/api/documents/${documentId}/compare?from=${revision.body.seq}&to=live`
    const asJson = await whileProbingHealth(server.url, () => fetchBytes(compare, observer.token))
    expectResponsive(asJson)
    const comparison = json(asJson.result)
    const entry = comparison.clauses.find((candidate: { id: string }) => candidate.id === clauseId)
    const heading = entry.to.heading
    const brief = (text: string) => (text.length > 60 ? `${text.slice(0, 20)}…${text.slice(-20)} (${text.length})` : text)
    expect(entry.diff.map((run: { op: string; text: string; author?: { party: string } }) => [run.op, brief(run.text), run.author?.party])).toEqual([
      ['equal', `${heading}\n`, undefined],
      ['delete', brief(before), 'TH'],
      ['insert', brief(after), 'TH'],
    ])
    expect(comparison.summary).toMatchObject({ modified: 1, moved: 0, added: 0, removed: 0 })

    const asHtml = await whileProbingHealth(server.url, () => fetchBytes(`${compare}&format=html`, observer.token))
    expectResponsive(asHtml)
    expect(asHtml.result.status).toBe(200)
    const html = new TextDecoder().decode(asHtml.result.bytes)
    const change = (verb: string, text: string) =>
      new RegExp(`title="${verb} by Khun Somchai \\(TH\\) on [^"]+ UTC" data-at="[^"]+"><span class="change-said">${verb} by Khun Somchai \\(TH\\): </span>${text}`)
    expect([change('Deleted', 'a0 a1 ').test(html), html.includes(`${before}</del>`)]).toEqual([true, true])
    expect([change('Inserted', 'b0 b1 ').test(html), html.includes(`${after}</ins>`)]).toEqual([true, true])

    // The DOCX redline shows the same replacement as tracked changes. (Its packing, outside the compare, is not held to the health bound here.)
    const asDocx = await fetchBytes(`/api/documents/${documentId}/compare.docx?from=${revision.body.seq}&to=live`, observer.token)
    expect(asDocx.status).toBe(200)
    const xml = docxPart(asDocx.bytes, 'word/document.xml')
    expect(resolveChanges(xml, 'accept')).toContain(after)
    expect(resolveChanges(xml, 'accept')).not.toContain(before)
    expect(resolveChanges(xml, 'reject')).toContain(before)
    client.destroy()
  })
})
