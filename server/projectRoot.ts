/**
 * Locates files shipped beside the code (migrations, templates) the same way
 * whether the server runs from `server/*.ts` or from compiled `dist/server/*.js`.
 */

import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** The nearest directory above this module that holds Counterpart's package.json. */
export function projectRoot(): string {
  let directory = path.dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const manifest = path.join(directory, 'package.json')
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'counterpart') return directory
    const parent = path.dirname(directory)
    if (parent === directory) throw new Error(`no Counterpart package.json above ${fileURLToPath(import.meta.url)}`)
    directory = parent
  }
}
