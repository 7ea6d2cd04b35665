/**
 * Zip bombs at the public `POST /api/verify`: each is refused with its
 * status and its reason in words, while `/healthz` keeps answering and the
 * server's memory stays where it was; genuine copies still verify.
 *
 * The server runs as a child process, so that its memory is its own (read
 * from /proc) and the bombs' cost is not this process's. The one timed
 * bound is the largest gap between health answers, shared with the other
 * heavy requests (`stallMs`): the point is "not seconds".
 */

import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { readZip } from '../../server/export/zipArchive.js'
import { craftZip, deflatedZeros, honestEntry, type CraftedEntry } from '../support/craftedZip.js'
import { useServerProcesses } from '../support/fixtures.js'
import { expectResponsive, whileProbingHealth } from '../support/healthProbe.js'
import { agreeEveryClause } from '../support/negotiation.js'
import type { ServerProcess } from '../support/testServer.js'

const fixture = useServerProcesses()
const MiB = 1024 * 1024
let server: ServerProcess
/** A signing copy the server exported, and the parts it is made of (to build bombs that look like it). */
let genuine: Uint8Array
let parts: CraftedEntry[]

beforeAll(async () => {
  server = await fixture.spawn()
  const documentId = await server.draftDocument('anti-trafficking-mou')
  const thai = await server.addMember(documentId, 'delegate', 'TH')
  const khmer = await server.addMember(documentId, 'delegate', 'KH')
  await agreeEveryClause(server, documentId, thai.token, khmer.token)
  expect((await server.request('POST', `/api/documents/${documentId}/revisions`, { body: { label: 'For signature' } })).status).toBe(201)
  const response = await fetch(`${server.url}/api/documents/${documentId}/revisions/1/export.docx?counterpart=TH`, { headers: { authorization: `Bearer ${server.adminToken}` } })
  expect(response.status).toBe(200)
  genuine = new Uint8Array(await response.arrayBuffer())
  parts = Object.entries(readZip(genuine)).map(([name, data]) => honestEntry(name, data))
})

async function verify(body: Uint8Array): Promise<{ status: number; body: any }> {
  const response = await fetch(`${server.url}/api/verify`, { method: 'POST', headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }, body: Buffer.from(body) })
  return { status: response.status, body: await response.json() }
}

/** The server process's memory, in bytes: resident now, and the most it has ever been resident. */
function memory(): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${server.child.pid}/status`, 'utf8')
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)![1]) * 1024
  return { rss: field('VmRSS'), peak: field('VmHWM') }
}

describe('zip bombs at /api/verify', () => {
  it('are refused with their status and reason, while /healthz keeps answering and memory stays put', async () => {
    const without = (name: string) => parts.filter((part) => part.name !== name)
    const zeros = await deflatedZeros(200 * MiB)
    const bombs: { what: string; bytes: Uint8Array; status: number; message: RegExp }[] = [
      {
        what: '200 MiB of zeros in one entry, declared',
        bytes: craftZip([...parts, { name: 'word/media/zeros.bin', ...zeros }]),
        status: 413,
        message: /^this is not a signing copy Counterpart can check: entry "word\/media\/zeros.bin" of the ZIP archive unpacks to 209715200 bytes, more than the \d+ accepted for one entry$/,
      },
      {
        what: '5,000 entries',
        bytes: craftZip([...parts, ...Array.from({ length: 5000 }, (_, index) => honestEntry(`word/p${index}.xml`, new Uint8Array(1024)))]),
        status: 413,
        message: new RegExp(`^this is not a signing copy Counterpart can check: the ZIP archive holds ${parts.length + 5000} entries, more than the 100 accepted$`),
      },
      {
        what: 'a seal part whose directory says 1 KiB over 200 MiB of zeros',
        bytes: craftZip([...without('docProps/custom.xml'), { name: 'docProps/custom.xml', ...zeros, size: 1024 }]),
        status: 400,
        message: /^this is not a signing copy Counterpart can check: entry "docProps\/custom.xml" of the ZIP archive inflates to more than the 1024 bytes its directory declares$/,
      },
      {
        what: 'a file of 3 MiB, bigger than a signing copy can be',
        bytes: craftZip([...parts, { ...honestEntry('word/media/noise.bin', randomBytes(3 * MiB)) }]),
        status: 413,
        message: /^the request body exceeds the limit of \d+ bytes$/,
      },
    ]
    // A first answer, so that what loading the verifier costs is not counted.
    expect((await verify(genuine)).body).toMatchObject({ valid: true })
    const before = memory()

    const probe = await whileProbingHealth(server.url, async () => {
      const answers: { what: string; status: number; message: string }[] = []
      for (const round of [1, 2]) {
        // One at a time, then all at once.
        const sent = round === 1 ? [] : bombs.map((bomb) => verify(bomb.bytes))
        for (const [index, bomb] of bombs.entries()) {
          const { status, body } = round === 1 ? await verify(bomb.bytes) : await sent[index]!
          answers.push({ what: bomb.what, status, message: body.error?.message ?? JSON.stringify(body) })
        }
      }
      return answers
    })

    for (const [index, answer] of probe.result.entries()) {
      const bomb = bombs[index % bombs.length]!
      expect(answer).toEqual({ what: bomb.what, status: bomb.status, message: expect.stringMatching(bomb.message) })
    }
    expectResponsive(probe)
    // Generous: the bombs would unpack to gigabytes; a few bodies held at once are a few MiB.
    expect(memory().peak - before.rss).toBeLessThan(100 * MiB)
    // And the genuine copy still verifies.
    expect((await verify(genuine)).body).toMatchObject({ valid: true, revision: 1, counterpart: 'TH' })
  })

  it('an entry that lies about its size, but is not the seal, is never inflated: the copy is simply not genuine', async () => {
    const zeros = await deflatedZeros(200 * MiB)
    const liar = craftZip([...parts.filter((part) => part.name !== 'word/document.xml'), { name: 'word/document.xml', ...zeros, size: 1024 }])
    const before = memory()
    const probe = await whileProbingHealth(server.url, () => verify(liar))
    expect(probe.result).toEqual({ status: 200, body: { valid: false, reason: 'the file has been altered or re-packed since it was sealed' } })
    expectResponsive(probe)
    expect(memory().peak - before.rss).toBeLessThan(100 * MiB)
  })
})
