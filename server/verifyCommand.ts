/**
 * `npm run verify -- <file.docx> --key <public.pem>`: checks a signing copy
 * offline against the server's public key (GET /api/seal/public-key).
 * Prints the result as JSON; exits 0 for a valid seal, 1 for an invalid
 * one (a file the checker refuses to read, such as a zip bomb, included),
 * 2 for a usage error.
 */

import fs from 'node:fs'
import { CounterpartError } from './vocabulary/errors.js'
import { checkSeal, type SealCheck } from './export/seal.js'

const args = process.argv.slice(2)
const keyAt = args.indexOf('--key')
const keyFile = keyAt === -1 ? undefined : args[keyAt + 1]
const file = args.find((arg, index) => !arg.startsWith('--') && index !== keyAt + 1)
if (!file || !keyFile) {
  process.stderr.write('usage: npm run verify -- <file.docx> --key <public.pem>\n')
  process.exit(2)
}

let bytes: Uint8Array
let key: string
try {
  bytes = new Uint8Array(fs.readFileSync(file))
  key = fs.readFileSync(keyFile, 'utf8')
} catch (error) {
  process.stderr.write(`counterpart verify: ${(error as Error).message}\n`)
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
const report = result.valid
  ? {
      valid: true,
      documentId: result.statement.documentId,
      revision: result.statement.revision,
      contentHash: result.statement.contentHash,
      counterpart: result.statement.counterpart,
      docxSha256: result.statement.docxSha256,
    }
  : result
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
process.exit(result.valid ? 0 : 1)
