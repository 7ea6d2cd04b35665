/**
 * The seal key on disk: read at start, or created (mode 0600) on the
 * first start. Losing it means new copies can no longer be sealed with the
 * old key; copies already handed out still verify against the old public
 * key. Back it up with the database.
 */

import fs from 'node:fs'
import path from 'node:path'
import { SealKey } from './seal.js'

/** The key in `file`, created there when the file does not exist yet. */
export function loadOrCreateSealKey(file: string): { key: SealKey; created: boolean } {
  if (fs.existsSync(file)) return { key: SealKey.fromPem(fs.readFileSync(file, 'utf8')), created: false }
  const key = SealKey.generate()
  fs.mkdirSync(path.dirname(file), { recursive: true })
  try {
    fs.writeFileSync(file, key.privateKeyPem, { mode: 0o600, flag: 'wx' })
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { key: SealKey.fromPem(fs.readFileSync(file, 'utf8')), created: false }
    throw error
  }
  return { key, created: true }
}
