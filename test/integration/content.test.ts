import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readContent } from '../../server/mou/contentCodec.js'
import { numberDocument } from '../../server/vocabulary/numbering.js'
import { requireBuiltClient } from '../support/builtClient.js'
import { connectClient } from '../support/collabClient.js'
import { eventually } from '../support/eventually.js'
import { useServer } from '../support/fixtures.js'
import { storedReplica } from '../support/replicas.js'
import { setStatus } from '../support/negotiation.js'
import { cambodianParty, runServerToExit, startTestServer, thaiParty, trilingualDocument, type TestServer } from '../support/testServer.js'

const fixture = useServer()
let server: TestServer
beforeAll(() => {
  server = fixture.server
})

async function draft(style: 'mou' | 'treaty', variables: Record<string, unknown> = {}): Promise<string> {
  const { status, body } = await server.request('POST', '/api/documents', {
    body: { template: 'anti-trafficking-mou', style, variables, parties: [thaiParty, cambodianParty] },
  })
  expect(status).toBe(201)
  return body.id
}

/** The clause elements of a client's shared fragment. */
const clauseElements = (fragment: Y.XmlFragment) =>
  fragment.toArray().filter((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'clause')

describe('the template library over HTTP', () => {
  it('lists instruments and clauses with their 5P tags and variables, and serves each text in both styles', async () => {
    const { status, body } = await server.request('GET', '/api/templates')
    expect(status).toBe(200)
    expect(body.instruments.map((instrument: { id: string }) => instrument.id)).toContain('anti-trafficking-mou')
    expect(body.clauses.length).toBeGreaterThanOrEqual(18)
    const requests = body.clauses.find((clause: { id: string }) => clause.id === 'requests-for-assistance')
    expect(requests).toMatchObject({ kind: 'clause', tag: 'Prosecution', variables: [{ name: 'responseDays', type: 'integer', default: 30 }] })

    const one = await server.request('GET', '/api/templates/requests-for-assistance')
    expect(one.body.text.treaty[0]).toEqual({ kind: 'heading', text: 'Requests for Assistance', line: expect.any(Number) })
    expect(one.body.text.mou.map((block: { text: string }) => block.text).join(' ')).toContain('{{responseDays}} days')
    expect(await server.request('GET', '/api/templates/nothing')).toEqual({
      status: 404,
      body: { error: { code: 'not-found', message: 'there is no template "nothing"' } },
    })
  })
})

describe('drafting a document from a template', () => {
  it('creates the whole instrument in the chosen style, numbered, with the variables filled in', async () => {
    const documentId = await draft('treaty', { responseDays: 21 })
    const { body: document } = await server.request('GET', `/api/documents/${documentId}`)
    expect(document.title).toBe(
      `Agreement between the ${thaiParty.name} and the ${cambodianParty.name} on Police Cooperation in Combating Trafficking in Persons`,
    )
    const { status, body } = await server.request('GET', `/api/documents/${documentId}/content`)
    expect(status).toBe(200)
    expect(body.style).toBe('treaty')
    expect(body.clauses).toHaveLength(19)
    expect(body.clauses.map((clause: { label: string }) => clause.label)).toEqual(Array.from({ length: 19 }, (_, i) => `Article ${i + 1}`))
    expect(body.clauses[5]).toMatchObject({ templateId: 'requests-for-assistance', status: 'draft', heading: 'Requests for Assistance' })
    expect(body.clauses[5].text).toContain('within 21 days')
    expect(body.numbering[body.clauses[0].id]).toBe('Article 1')
    expect(body.preamble).toMatch(/^The Department of Special Investigation/)
    expect(body.preamble).toMatch(/HAVE AGREED as follows:$/)
    expect(body.finalProvisions).toMatch(/^IN WITNESS WHEREOF, the undersigned/)
    expect(body.doc.type).toBe('doc')
    expect((await server.request('GET', `/api/documents/${documentId}/wording-check`)).body).toEqual({ style: 'treaty', lang: 'en', rules: true, findings: [] })
  })

  it.each([
    [{ template: 'nothing' }, 'field "template" must name an instrument template ("anti-trafficking-mou") (got "nothing")'],
    [{ template: 'costs' }, 'field "template" must name an instrument template ("anti-trafficking-mou") (got "costs")'],
    [{ template: 'anti-trafficking-mou', variables: { noticeDays: 'ninety' } }, 'variable "noticeDays" must be a whole number (got "ninety")'],
    [{ title: 'x', variables: { responseDays: 21 } }, 'field "variables" needs a "template"'],
  ])('refuses %j with 400', async (extra, message) => {
    const { status, body } = await server.request('POST', '/api/documents', { body: { parties: [thaiParty, cambodianParty], ...extra } })
    expect({ status, body }).toEqual({ status: 400, body: { error: { code: 'invalid', message } } })
  })
})

describe('inserting a clause from a template', () => {
  it('reaches every connected client at once, renumbers, and is stored', async () => {
    const documentId = await draft('mou')
    const delegate = await server.addMember(documentId, 'delegate', 'TH')
    const a = connectClient(server.collabUrl, documentId, delegate.token)
    const b = connectClient(server.collabUrl, documentId, (await server.addMember(documentId, 'delegate', 'KH')).token)
    await Promise.all([a.synced(), b.synced()])
    const [first, second] = clauseElements(a.fragment)

    const { status, body } = await server.request('POST', `/api/documents/${documentId}/clauses`, {
      token: delegate.token,
      body: { templateId: 'costs', after: first!.getAttribute('id') },
    })
    expect(status).toBe(201)
    expect(body.clause).toEqual({ id: expect.stringMatching(/^cl_/), templateId: 'costs', label: 'Paragraph 2' })

    for (const client of [a, b]) {
      await eventually(() => {
        const ids = clauseElements(client.fragment).map((clause) => clause.getAttribute('id'))
        expect(ids.slice(0, 3)).toEqual([first!.getAttribute('id'), body.clause.id, second!.getAttribute('id')])
      })
    }
    const content = await server.request('GET', `/api/documents/${documentId}/content`)
    expect(content.body.clauses).toHaveLength(20)
    expect(content.body.numbering[second!.getAttribute('id') as string]).toBe('Paragraph 3')
    const stored = readContent(await storedReplica(fixture.database, documentId))
    expect(numberDocument(stored, 'mou').clauseLabel(body.clause.id)).toBe('Paragraph 2')
    a.destroy()
    b.destroy()
  })

  it('works on a document nobody has open, and resolves references to clauses already there', async () => {
    const documentId = await draft('treaty')
    const { body } = await server.request('POST', `/api/documents/${documentId}/clauses`, { body: { templateId: 'requests-for-assistance', after: null } })
    expect(body.clause.label).toBe('Article 1')
    const { body: content } = await server.request('GET', `/api/documents/${documentId}/content`)
    // Its reference to the focal points clause shows that clause's current number.
    const focalPoints = content.clauses.find((clause: { templateId: string }) => clause.templateId === 'focal-points')
    expect(content.clauses[0].text).toContain(`designated under ${focalPoints.label}`)
  })

  it('refuses observers, unknown clauses, templates and variables', async () => {
    const documentId = await draft('mou')
    const observer = await server.addMember(documentId, 'observer')
    const post = (body: unknown, token?: string) => server.request('POST', `/api/documents/${documentId}/clauses`, { body, token })
    expect(await post({ templateId: 'costs', after: null }, observer.token)).toEqual({
      status: 403,
      body: {
        error: { code: 'forbidden', message: 'members with the observer role may not change the document', words: { key: 'refusal.text.roleMayNotEdit', values: { role: 'observer' } } },
      },
    })
    expect((await post({ templateId: 'costs', after: 'cl_nope' })).body.error.message).toBe(
      `field "after": document ${documentId} has no clause with id "cl_nope"`,
    )
    expect((await post({ templateId: 'anti-trafficking-mou', after: null })).body.error.message).toBe(
      'field "templateId" must name a clause template (got "anti-trafficking-mou")',
    )
    expect((await post({ templateId: 'requests-for-assistance', after: null, variables: { responseDays: 'soon' } })).body.error.message).toBe(
      'variable "responseDays" must be a whole number (got "soon")',
    )
    const { body } = await server.request('GET', `/api/documents/${documentId}/content`)
    expect(body.clauses).toHaveLength(19)
  })
})

describe('the wording check over HTTP', () => {
  it('finds a binding word a delegate types into a memorandum, where it is', async () => {
    const documentId = await draft('mou')
    const delegate = connectClient(server.collabUrl, documentId, (await server.addMember(documentId, 'delegate', 'KH')).token)
    await delegate.synced()
    const costs = clauseElements(delegate.fragment).find((clause) => clause.getAttribute('templateId') === 'costs')!
    const text = ((costs.get(1) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlText
    text.insert(0, 'Each Participant shall pay. ')
    await eventually(async () => {
      const { body } = await server.request('GET', `/api/documents/${documentId}/wording-check`)
      expect(body.findings).toEqual([
        {
          part: 'clause',
          clauseId: costs.getAttribute('id'),
          label: expect.stringMatching(/^Paragraph \d+$/),
          offset: 'Costs\n1. Each Participant '.length,
          length: 5,
          text: 'shall',
          suggestion: 'will',
          reason: 'binding treaty wording in a non-binding memorandum',
        },
      ])
    })
    delegate.destroy()
  })
})

describe('the member link', () => {
  it('serves the browser client, which takes the token from the address; the session endpoint says who it is', async () => {
    const documentId = await draft('mou')
    const { id, token } = await server.addMember(documentId, 'observer', null, 'Observer')
    requireBuiltClient()
    const page = await fetch(`${server.url}/d/${documentId}?token=${token}`)
    expect(page.status).toBe(200)
    expect(page.headers.get('referrer-policy')).toBe('no-referrer')
    const html = await page.text()
    expect(html).toMatch(/<script type="module"[^>]*src="\/assets\/[^"]+\.js"/)
    expect(html).not.toContain(token)
    const { body } = await server.request('GET', '/api/session', { token })
    expect(body).toMatchObject({ kind: 'member', member: { id, role: 'observer' }, document: { id: documentId, style: 'mou' }, may: { edit: false, export: false } })
  })
})

describe('a broken template library', () => {
  it('stops the server at start, naming the file and line', async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'counterpart-templates-'))
    try {
      fs.cpSync(path.join(process.cwd(), 'templates'), directory, { recursive: true })
      const file = path.join(directory, 'clauses', 'costs.md')
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('shall bear', 'shall bear {{costShare}}'))
      const result = await runServerToExit({ PORT: '0', COUNTERPART_TEMPLATES_DIR: directory })
      expect(result.code).toBe(2)
      expect(result.stderr).toMatch(/clauses\/costs\.md:\d+: variable \{\{costShare\}\} is not declared/)
    } finally {
      fs.rmSync(directory, { recursive: true, force: true })
    }
  })

  it('is the starter library loaded by a real server start', async () => {
    const other = await startTestServer(fixture.database)
    expect((await other.request('GET', '/api/templates')).status).toBe(200)
    await other.close()
  })
})

describe('deleting a clause', () => {
  const clausesOf = async (documentId: string) => (await server.request('GET', `/api/documents/${documentId}/content`)).body.clauses as { id: string; label: string; heading: string | null; status: string; text: string }[]

  it('removes it from every language text for everyone at once, renumbers the rest, and records who did it', async () => {
    const { body } = await server.request('POST', '/api/documents', { body: trilingualDocument })
    const documentId = body.id as string
    const thai = await server.addMember(documentId, 'delegate', 'TH', 'Khun Somchai')
    const watcher = connectClient(server.collabUrl, documentId, thai.token)
    await watcher.synced()
    const before = await clausesOf(documentId)
    // No clause refers to this one.
    const position = before.findIndex((clause) => clause.heading === 'Amendment')
    const victim = before[position]!
    const deleted = await server.request('DELETE', `/api/documents/${documentId}/clauses/${victim.id}`, { token: thai.token })
    expect(deleted).toEqual({ status: 200, body: { deleted: { id: victim.id, label: victim.label } } })
    const after = await clausesOf(documentId)
    expect(after.map((clause) => clause.id)).toEqual(before.filter((clause) => clause.id !== victim.id).map((clause) => clause.id))
    // The next clause takes its number.
    expect(after[position]!).toMatchObject({ id: before[position + 1]!.id, label: victim.label })
    // The connected client has it already; so does each language text.
    for (const fragment of ['prosemirror', 'prosemirror:th', 'prosemirror:km']) {
      await eventually(() => expect(readContent(watcher.doc, fragment).childCount).toBe(readContent(watcher.doc, 'prosemirror').childCount))
      const ids: string[] = []
      readContent(watcher.doc, fragment).forEach((node) => ids.push(node.attrs.id))
      expect(ids).not.toContain(victim.id)
    }
    watcher.destroy()
    const { body: audit } = await server.request('GET', `/api/documents/${documentId}/audit`)
    expect(audit.entries.at(-1)).toMatchObject({ event: 'clause-deleted', clauseId: victim.id, actor: { memberId: thai.id }, details: { label: victim.label } })
  })

  it('refuses an agreed clause, one agreed ad referendum, one another clause refers to, an unknown one, and an observer — saying why, changing nothing', async () => {
    const documentId = await server.draftDocument('anti-trafficking-mou', { style: 'mou' })
    const thai = await server.addMember(documentId, 'delegate', 'TH', 'Khun Somchai')
    const khmer = await server.addMember(documentId, 'delegate', 'KH', 'Lok Sokha')
    const observer = await server.addMember(documentId, 'observer', null, 'Observer')
    const clauses = await clausesOf(documentId)
    const [agreed, adReferendum] = [clauses[0]!, clauses[1]!]
    for (const [clause, last] of [[agreed, 'agreed'], [adReferendum, 'agreed-ad-referendum']] as const) {
      await setStatus(server, documentId, clause.id, thai.token, 'under-negotiation')
      await setStatus(server, documentId, clause.id, khmer.token, 'agreed-ad-referendum')
      if (last === 'agreed') await setStatus(server, documentId, clause.id, thai.token, 'agreed')
    }
    const remove = (id: string, token: string) => server.request('DELETE', `/api/documents/${documentId}/clauses/${id}`, { token })
    expect(await remove(agreed.id, thai.token)).toEqual({
      status: 409,
      body: { error: { code: 'conflict', message: 'Paragraph 1 is agreed; reopen it before deleting it', words: { key: 'refusal.clause.deleteAgreed', values: { clause: 'Paragraph 1', agreement: 'agreed' } } } },
    })
    expect((await remove(adReferendum.id, thai.token)).body.error.message).toBe('Paragraph 2 is agreed ad referendum; withdraw the agreement before deleting it')
    const referred = clauses.find((clause) => clause.heading === 'Confidentiality and Use of Information')!
    const refused = await remove(referred.id, thai.token)
    expect([refused.status, refused.body.error.message]).toEqual([409, expect.stringMatching(new RegExp(`^${referred.label} is referred to from Paragraph \\d+(, Paragraph \\d+)*: remove th(at reference|ose references) before deleting it$`))])
    expect((await remove('no-such-clause', thai.token))).toEqual({ status: 404, body: { error: { code: 'not-found', message: `document ${documentId} has no clause with id "no-such-clause"` } } })
    expect((await remove(clauses[4]!.id, observer.token)).status).toBe(403)
    expect((await clausesOf(documentId)).map((clause) => clause.id)).toEqual(clauses.map((clause) => clause.id))
  })
})
