/**
 * The seal's signature check, on its own. Every copy here is laid out
 * exactly as Counterpart lays out an archive, so the checks before the
 * signature (a re-packed or altered file, a seal part deflated another way)
 * all pass; the one fault is the signature: a genuine seal of this server
 * lifted from the other party's copy, a seal made by another Ed25519 key,
 * a signature with one bit flipped, one that is no signature at all. Each
 * must be refused for its seal, through POST /api/verify, through
 * `npm run verify` (server/verifyCommand.ts, run as a child process), through
 * the built offline verifier (dist/server/verifyCommand.js, plain node), and
 * on the public `/verify` page in Chromium.
 */

import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SealKey, sealPackage, sealPlaceholder } from '../../server/export/seal.js'
import { readPackedZip, readZip, unpackEntry, withEntry, zipBytes } from '../../server/export/zipArchive.js'
import { projectRoot } from '../../server/projectRoot.js'
import { launchBrowser } from '../support/browser.js'
import { builtVerifier } from '../support/builtVerifier.js'
import { useServer } from '../support/fixtures.js'
import { agreeEveryClause } from '../support/negotiation.js'
import { fileSha256 } from '../support/signingOriginals.js'
import { testSealKey, type TestServer } from '../support/testServer.js'

const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
const customPart = 'docProps/custom.xml'
const sealProperty = /(name="CounterpartSeal"><vt:lpwstr>)([^<]*)(<\/vt:lpwstr>)/
const wrongSeal = { valid: false, reason: "the seal's signature does not verify: the signed statement does not match the file (changed after sealing), or the signature was made by another key" }
/** The offline verifiers' report on a refused `copy`: the reason, and the file's own SHA-256, named. */
const refusedOffline = (copy: Uint8Array) => ({ ...wrongSeal, fileSha256: fileSha256(copy), hashes: { fileSha256: expect.stringContaining('sha256sum') } })

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** The text of `copy`'s custom properties part. */
const customOf = (copy: Uint8Array) => decoder.decode(readZip(copy)[customPart]!)

/** The signature `copy` carries. */
const signatureOf = (copy: Uint8Array) => sealProperty.exec(customOf(copy))![2]!

/** `copy` carrying `signature` instead of its own, packed as Counterpart packs: only the custom properties part is deflated again. */
function withSignature(copy: Uint8Array, signature: string): Uint8Array {
  const packed = readPackedZip(copy)
  const custom = decoder.decode(unpackEntry(packed.entries.find((entry) => entry.name === customPart)!))
  return zipBytes(withEntry(packed, customPart, encoder.encode(custom.replace(sealProperty, `$1${signature}$3`))))
}

/** `copy` sealed again by `key`, over the same statement, the way the server seals (`sealPackage`). */
function resealed(copy: Uint8Array, key: SealKey): Uint8Array {
  const custom = customOf(copy)
  const read = (name: string) => new RegExp(`name="${name}"><vt:lpwstr>([^<]*)</vt:lpwstr>`).exec(custom)?.[1]
  const unsealed = withEntry(readPackedZip(copy), customPart, encoder.encode(custom.replace(sealProperty, `$1${sealPlaceholder}$3`)))
  const facts = {
    documentId: read('CounterpartDocumentId')!,
    revision: Number(read('CounterpartRevision')),
    contentHash: read('CounterpartContentHash')!,
    counterpart: read('CounterpartParty')!,
    languages: read('CounterpartLanguages'),
  }
  return sealPackage(unsealed, facts, key).bytes
}

/** `signature` with one bit of its decoded bytes flipped. */
function flippedBit(signature: string): string {
  const bytes = Buffer.from(signature, 'base64')
  bytes[17]! ^= 0x04
  return bytes.toString('base64')
}

const fixture = useServer({ unloadDelayMs: 600_000 })
let server: TestServer
/** The Thai and the Cambodian signing copies of the revision for signature. */
let copies: { TH: Uint8Array; KH: Uint8Array }
const otherKey = SealKey.generate()
/** Where the CLI's files go: the copies and both public keys. */
let directory: string
const serverKeyFile = () => path.join(directory, 'server.pem')
const otherKeyFile = () => path.join(directory, 'other.pem')

beforeAll(async () => {
  server = fixture.server
  const documentId = await server.draftDocument('anti-trafficking-mou', { style: 'treaty' })
  const secretariat = await server.addMember(documentId, 'secretariat', null, 'Joint Secretariat')
  const thai = await server.addMember(documentId, 'delegate', 'TH')
  const khmer = await server.addMember(documentId, 'delegate', 'KH')
  await agreeEveryClause(server, documentId, thai.token, khmer.token)
  const revision = await server.request('POST', `/api/documents/${documentId}/revisions`, { token: thai.token, body: { label: 'For signature' } })
  expect(revision.status).toBe(201)
  const download = async (party: 'TH' | 'KH') => {
    const response = await fetch(`${server.url}/api/documents/${documentId}/revisions/${revision.body.seq}/export.docx?counterpart=${party}`, {
      headers: { authorization: `Bearer ${secretariat.token}` },
    })
    expect(response.status).toBe(200)
    return new Uint8Array(await response.arrayBuffer())
  }
  copies = { TH: await download('TH'), KH: await download('KH') }
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'counterpart-verify-'))
  fs.writeFileSync(serverKeyFile(), await (await fetch(`${server.url}/api/seal/public-key`)).text())
  fs.writeFileSync(otherKeyFile(), otherKey.publicKeyPem)
})

afterAll(async () => {
  await browser?.close()
  if (directory) fs.rmSync(directory, { recursive: true, force: true })
})

/** The server's verdict on `bytes` (POST /api/verify). */
async function verifiedOnline(bytes: Uint8Array): Promise<unknown> {
  const response = await fetch(`${server.url}/api/verify`, { method: 'POST', headers: { 'content-type': docxType }, body: Buffer.from(bytes) })
  expect(response.status).toBe(200)
  return response.json()
}

let written = 0
/**
 * The CLI's exit code and report on `bytes`, checked against the public key
 * in `keyFile`: from the sources through tsx (`npm run verify`), or `built`
 * (dist/server/verifyCommand.js, with plain node).
 */
async function verifiedOffline(bytes: Uint8Array, keyFile = serverKeyFile(), { built = false } = {}): Promise<{ code: number; report: unknown }> {
  const file = path.join(directory, `copy-${written++}.docx`)
  fs.writeFileSync(file, bytes)
  const args = built ? [builtVerifier(), file, '--key', keyFile] : ['--import', 'tsx', 'server/verifyCommand.ts', file, '--key', keyFile]
  return promisify(execFile)(process.execPath, args, { cwd: projectRoot() }).then(
    ({ stdout }) => ({ code: 0, report: JSON.parse(stdout) }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, report: error.stdout === '' ? error.stderr : JSON.parse(error.stdout) }),
  )
}

let browser: Browser | undefined
let verifyPage: Page | undefined
/** The `/verify` page's verdict and status line on `bytes`, picked as a file called `name`; one page for every check. */
async function verifiedOnPage(bytes: Uint8Array, name: string): Promise<{ verdict: string; text: string }> {
  browser ??= await launchBrowser()
  if (!verifyPage) {
    verifyPage = await browser.newPage()
    await verifyPage.goto(`${server.url}/verify`)
  }
  await verifyPage.setInputFiles('#file', { name, mimeType: docxType, buffer: Buffer.from(bytes) })
  const status = verifyPage.getByRole('status')
  await verifyPage.locator('#status:not([data-verdict="checking"])', { hasText: name }).waitFor({ timeout: 20_000 })
  return { verdict: (await status.getAttribute('data-verdict'))!, text: (await status.textContent())! }
}

const forgeries: [string, () => Uint8Array][] = [
  ["a genuine seal of this server, lifted from the other party's copy", () => withSignature(copies.TH, signatureOf(copies.KH))],
  ['a seal made by another Ed25519 key', () => resealed(copies.TH, otherKey)],
  ['a signature with one bit flipped', () => withSignature(copies.TH, flippedBit(signatureOf(copies.TH)))],
  ['a signature of the wrong length', () => withSignature(copies.TH, signatureOf(copies.TH).slice(0, 44))],
]

describe('the forgeries', () => {
  it("are Counterpart archives byte for byte but for the signature: rebuilt with the copy's own signature, or sealed again with the server's key, they are the copy", () => {
    expect(Buffer.from(withSignature(copies.TH, signatureOf(copies.TH))).equals(Buffer.from(copies.TH))).toBe(true)
    expect(Buffer.from(resealed(copies.TH, testSealKey)).equals(Buffer.from(copies.TH))).toBe(true)
    for (const [name, forge] of forgeries) {
      const forged = forge()
      expect(signatureOf(forged), name).not.toBe(signatureOf(copies.TH))
      expect(Buffer.from(withSignature(forged, signatureOf(copies.TH))).equals(Buffer.from(copies.TH)), name).toBe(true)
    }
  })

  it("include a copy sealed by another key that this key's public half finds genuine, offline, from the sources and built", async () => {
    const other = resealed(copies.TH, otherKey)
    expect(await verifiedOffline(other, otherKeyFile())).toEqual({ code: 0, report: expect.objectContaining({ valid: true, counterpart: 'TH' }) })
    expect(await verifiedOffline(other, otherKeyFile(), { built: true })).toEqual({ code: 0, report: expect.objectContaining({ valid: true, counterpart: 'TH' }) })
  })
})

describe('a copy whose only fault is its seal', () => {
  it('is genuine as exported, online, offline, built, and on the verify page (the same checks, passing)', async () => {
    expect(await verifiedOnline(copies.TH)).toMatchObject({ valid: true, counterpart: 'TH' })
    expect(await verifiedOffline(copies.TH)).toEqual({ code: 0, report: expect.objectContaining({ valid: true, counterpart: 'TH' }) })
    expect(await verifiedOffline(copies.TH, serverKeyFile(), { built: true })).toEqual({ code: 0, report: expect.objectContaining({ valid: true, counterpart: 'TH' }) })
    expect(await verifiedOnPage(copies.TH, 'genuine-TH.docx')).toMatchObject({ verdict: 'valid', text: expect.stringMatching(/^Valid: genuine-TH\.docx is an untouched original/) })
  })

  it.each(forgeries)('is refused for its seal through POST /api/verify: %s', async (_name, forge) => {
    expect(await verifiedOnline(forge())).toEqual(wrongSeal)
  })

  it.each(forgeries)('is refused for its seal by npm run verify, exiting 1: %s', async (_name, forge) => {
    const forged = forge()
    expect(await verifiedOffline(forged)).toEqual({ code: 1, report: refusedOffline(forged) })
  })

  it.each(forgeries)('is refused for its seal by the built offline verifier, with plain node, exiting 1: %s', async (_name, forge) => {
    const forged = forge()
    expect(await verifiedOffline(forged, serverKeyFile(), { built: true })).toEqual({ code: 1, report: refusedOffline(forged) })
  })

  it.each(forgeries)('is refused for its seal on the /verify page, the reason in words: %s', async (_name, forge) => {
    const name = `forged-${written++}.docx`
    expect(await verifiedOnPage(forge(), name)).toEqual({
      verdict: 'invalid',
      text: `Not valid: ${name} is not an untouched original exported by this server. ${wrongSeal.reason[0]!.toUpperCase()}${wrongSeal.reason.slice(1)}.`,
    })
  })
})
