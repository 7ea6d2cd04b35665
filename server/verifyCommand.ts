#!/usr/bin/env node
/**
 * The offline verifier: checks a signing original against the server's
 * public key (GET /api/seal/public-key), with no server and no database.
 *
 *     npx counterpart-verify <file.docx> --key <public.pem>
 *     node dist/server/verifyCommand.js <file.docx> --key <public.pem>
 *     npm run verify -- <file.docx> --key <public.pem>      (from the sources, through tsx)
 *
 * Built by `npm run build` into `dist/server/verifyCommand.js` (the
 * package's `counterpart-verify` bin), it needs only Node and the
 * package's runtime dependencies. Prints the result as JSON, naming each
 * hash (`fileSha256`: the file as it is, what `sha256sum` prints;
 * `docxSha256`: what the seal signs); exits 0 for a valid seal, 1 for an
 * invalid one (a file the checker refuses to read, such as a zip bomb,
 * included), 2 for a usage error.
 */

import { createHash, createPublicKey, type KeyObject } from 'node:crypto'
import fs from 'node:fs'
import { CounterpartError } from './vocabulary/errors.js'
import { checkSeal, type SealCheck } from './export/seal.js'

/** What each hash in the report is. */
const hashes = {
  fileSha256: 'SHA-256 of the file as it is: what sha256sum prints, and what the server recorded at export',
  docxSha256: 'SHA-256 of the file with its seal set to the placeholder "unsealed": the hash the seal signs',
  contentHash: "the revision's content hash in the document's version log: the hash of the text, not of a file",
}

const args = process.argv.slice(2)
const keyAt = args.indexOf('--key')
const keyFile = keyAt === -1 ? undefined : args[keyAt + 1]
const file = args.find((arg, index) => !arg.startsWith('--') && index !== keyAt + 1)
if (!file || !keyFile) {
  process.stderr.write('usage: counterpart-verify <file.docx> --key <public.pem>\n')
  process.exit(2)
}

let bytes: Uint8Array
let key: KeyObject
try {
  bytes = new Uint8Array(fs.readFileSync(file))
  key = publicKeyIn(keyFile)
} catch (error) {
  process.stderr.write(`counterpart-verify: ${(error as Error).message}\n`)
  process.exit(2)
}

let result: SealCheck
try {
  result = checkSeal(bytes, key)
} catch (error) {
  // Refused unread (beyond a signing copy's limits, or not a sound archive): not a valid copy either.
  if (!(error instanceof CounterpartError)) throw error
  result = { valid: false, reason: error.message }
}
const fileSha256 = createHash('sha256').update(bytes).digest('hex')
const report = result.valid
  ? {
      valid: true,
      documentId: result.statement.documentId,
      revision: result.statement.revision,
      counterpart: result.statement.counterpart,
      languages: result.statement.languages === undefined ? null : result.statement.languages.split(','),
      round: result.statement.round ?? null,
      contentHash: result.statement.contentHash,
      fileSha256,
      docxSha256: result.statement.docxSha256,
      hashes,
    }
  : { ...result, fileSha256, hashes: { fileSha256: hashes.fileSha256 } }
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
process.exit(result.valid ? 0 : 1)

/** The public key in the PEM file `keyFile`; throws, naming the file, when it holds none. */
function publicKeyIn(keyFile: string): KeyObject {
  const pem = fs.readFileSync(keyFile, 'utf8')
  try {
    return createPublicKey(pem)
  } catch {
    throw new Error(`${keyFile} holds no public key in PEM (the server's is at GET /api/seal/public-key)`)
  }
}
