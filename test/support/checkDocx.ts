/**
 * What Word is strict about in a DOCX (element order in paragraph and run
 * properties, tracked-change attributes, content types, relationships), as
 * `check-docx.py` checks it — a copy of the workplace's `shared/ooxml/check-docx`,
 * kept here so that a fresh clone can run it. Answers the problems, one per
 * line; none for a file Word accepts as far as the script can tell.
 */

import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { projectRoot } from '../../server/projectRoot.js'

const run = promisify(execFile)

export async function docxProblems(bytes: Uint8Array, name = 'file.docx'): Promise<string[]> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'counterpart-check-docx-'))
  try {
    const file = path.join(directory, name)
    fs.writeFileSync(file, bytes)
    try {
      await run('python3', [path.join(projectRoot(), 'test', 'support', 'check-docx.py'), file])
      return []
    } catch (error) {
      const { stdout, code } = error as { stdout?: string; code?: number }
      if (code !== 1) throw error
      return (stdout ?? '').trim().split('\n').map((line) => line.replace(`${file}: `, ''))
    }
  } finally {
    fs.rmSync(directory, { recursive: true, force: true })
  }
}
