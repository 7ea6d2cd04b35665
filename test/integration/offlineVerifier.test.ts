/**
 * The offline verifier as it ships: compiled into dist by the build, run
 * with plain `node` (no tsx, no TypeScript) from a copy of the package that
 * holds only its runtime dependencies, and as the package's
 * `counterpart-verify` bin. On real originals of the trilingual starter MOU
 * it gives the server's verdict, languages included, and names its hashes:
 * the file's SHA-256 as `sha256sum` prints it, and the one the seal signs.
 */

import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { projectRoot } from '../../server/projectRoot.js'
import { builtGraph, builtVerifier, builtVerifierPath } from '../support/builtVerifier.js'
import { useServer } from '../support/fixtures.js'
import { exportOriginals, fileSha256, unsealedSha256, verdictOn, withOneByteChanged, type ExportedOriginals } from '../support/signingOriginals.js'
import type { GenuineVerdict } from '../../server/vocabulary/verdictView.js'

const packageJson = JSON.parse(fs.readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as {
  bin: Record<string, string>
  dependencies: Record<string, string>
  devDependencies: Record<string, string>
}

const fixture = useServer({ unloadDelayMs: 600_000 })
let originals: ExportedOriginals
/** The server's verdict on the Thai original (POST /api/verify). */
let online: GenuineVerdict
/** Where the test's files go: the copies, the public key, and the package copied without its dev dependencies. */
let directory: string
const keyFile = () => path.join(directory, 'public.pem')
const bare = () => path.join(directory, 'package')

beforeAll(async () => {
  const { server } = fixture
  originals = await exportOriginals(server, { trilingual: true })
  const verdict = await verdictOn(server, originals.TH)
  if (!verdict.valid) throw new Error(`the Thai original is not valid: ${verdict.reason}`)
  online = verdict
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'counterpart-offline-'))
  fs.writeFileSync(keyFile(), await (await fetch(`${server.url}/api/seal/public-key`)).text())
  builtVerifier()
  copyWithoutDevDependencies(bare())
})

afterAll(() => {
  if (directory) fs.rmSync(directory, { recursive: true, force: true })
})

/**
 * The verifier's built files into `target`/dist, with the package.json (its
 * `"type": "module"`) and a node_modules holding only the packages of
 * `dependencies`: what `npm install --omit=dev` leaves.
 */
function copyWithoutDevDependencies(target: string): void {
  const dist = path.join(projectRoot(), 'dist')
  for (const file of builtGraph().files) {
    const copy = path.join(target, 'dist', path.relative(dist, file))
    fs.mkdirSync(path.dirname(copy), { recursive: true })
    fs.copyFileSync(file, copy)
  }
  fs.copyFileSync(path.join(projectRoot(), 'package.json'), path.join(target, 'package.json'))
  for (const name of Object.keys(packageJson.dependencies)) {
    const link = path.join(target, 'node_modules', name)
    fs.mkdirSync(path.dirname(link), { recursive: true })
    fs.symlinkSync(path.join(projectRoot(), 'node_modules', name), link, 'dir')
  }
}

let written = 0
/** Writes `bytes` to a file of its own; resolves to its path. */
function fileOf(bytes: Uint8Array, name = `copy-${written}.docx`): string {
  const file = path.join(directory, `${written++}-${name}`)
  fs.writeFileSync(file, bytes)
  return file
}

interface Run {
  code: number
  report: any
  stderr: string
}

/** Runs `command` with `args`; resolves to its exit code, its report (stdout as JSON) and stderr. */
function run(command: string, args: string[], cwd: string): Promise<Run> {
  return promisify(execFile)(command, args, { cwd }).then(
    ({ stdout, stderr }) => ({ code: 0, report: JSON.parse(stdout), stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, report: error.stdout === '' ? null : JSON.parse(error.stdout), stderr: error.stderr }),
  )
}

/** The built verifier on `file`, with plain node, in the copy of the package that has no dev dependencies. */
const verifiedBare = (file: string, key = keyFile()) => run(process.execPath, [path.join('dist', 'server', 'verifyCommand.js'), file, '--key', key], bare())

/** The report a valid Thai original gets: every fact of the statement, and each hash named. */
const genuineReport = () => ({
  valid: true,
  documentId: originals.documentId,
  revision: originals.revision,
  counterpart: 'TH',
  languages: online.languages,
  round: null,
  contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
  fileSha256: fileSha256(originals.TH),
  docxSha256: unsealedSha256(originals.TH),
  hashes: {
    fileSha256: expect.stringContaining('sha256sum'),
    docxSha256: expect.stringContaining('the seal signs'),
    contentHash: expect.stringContaining('version log'),
  },
})

describe('the offline verifier, built', () => {
  it('loads only Node built-ins and runtime dependencies: nothing from devDependencies', () => {
    const { packages } = builtGraph()
    expect(packages.length).toBeGreaterThan(0)
    expect(packages.filter((name) => !(name in packageJson.dependencies))).toEqual([])
    expect(packages.filter((name) => name in packageJson.devDependencies)).toEqual([])
  })

  it('runs with plain node from the package without dev dependencies, and finds an untouched original valid, naming each hash', async () => {
    expect(fs.existsSync(path.join(bare(), 'node_modules', 'tsx'))).toBe(false)
    const result = await verifiedBare(fileOf(originals.TH, 'TH.docx'))
    expect(result).toEqual({ code: 0, report: genuineReport(), stderr: '' })
    // The Thai original's texts: Thai first, then Khmer, then the working English.
    expect(result.report.languages).toEqual(['th', 'km', 'en'])
    // The two hashes of one file differ: the seal cannot sign a hash of the file that holds it.
    expect(result.report.fileSha256).not.toBe(result.report.docxSha256)
  })

  it('gives the same facts as POST /api/verify, languages included', async () => {
    const { report } = await verifiedBare(fileOf(originals.KH, 'KH.docx'))
    const verdict = await verdictOn(fixture.server, originals.KH)
    if (!verdict.valid) throw new Error(`the Cambodian original is not valid: ${verdict.reason}`)
    expect({ documentId: report.documentId, revision: report.revision, counterpart: report.counterpart, languages: report.languages, contentHash: report.contentHash }).toEqual({
      documentId: verdict.document.id,
      revision: verdict.revision,
      counterpart: verdict.counterpart,
      languages: verdict.languages,
      contentHash: verdict.contentHash,
    })
  })

  it('refuses a copy with one byte changed, exiting 1 with a reason and the changed file’s own SHA-256', async () => {
    const changed = withOneByteChanged(originals.TH)
    const { code, report } = await verifiedBare(fileOf(changed))
    expect(code).toBe(1)
    expect(report).toEqual({ valid: false, reason: expect.any(String), fileSha256: fileSha256(changed), hashes: { fileSha256: expect.stringContaining('sha256sum') } })
    expect(report.reason.length).toBeGreaterThan(10)
  })

  it('exits 2 with its usage when the key is missing, and naming the key file when it holds no public key', async () => {
    const file = fileOf(originals.TH)
    expect(await run(process.execPath, [builtVerifierPath, file], projectRoot())).toEqual({
      code: 2,
      report: null,
      stderr: 'usage: counterpart-verify <file.docx> --key <public.pem>\n',
    })
    expect(await run(process.execPath, [builtVerifierPath, file, '--key', file], projectRoot())).toEqual({
      code: 2,
      report: null,
      stderr: `counterpart-verify: ${file} holds no public key in PEM (the server's is at GET /api/seal/public-key)\n`,
    })
  })

  it('is the package’s counterpart-verify bin: node dist/server/verifyCommand.js and npx counterpart-verify give the same report', async () => {
    expect(packageJson.bin['counterpart-verify']).toBe('dist/server/verifyCommand.js')
    expect(fs.readFileSync(builtVerifierPath, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node')
    const file = fileOf(originals.TH, 'TH.docx')
    const direct = await run(process.execPath, [path.join('dist', 'server', 'verifyCommand.js'), file, '--key', keyFile()], projectRoot())
    const npx = await run('npm', ['exec', '--no', '--offline', '--', 'counterpart-verify', file, '--key', keyFile()], projectRoot())
    expect(direct).toEqual({ code: 0, report: genuineReport(), stderr: '' })
    expect(npx.code).toBe(0)
    expect(npx.report).toEqual(genuineReport())
  })
})
