/**
 * The browser client as the server serves it: built by vite into
 * `dist/client`, which `npm test` does before vitest runs. Tests that need
 * the page call `requireBuiltClient()` first, so that a run without a
 * built client fails saying so, rather than on a 503 from `/d/:id` (or not
 * at all).
 */

import fs from 'node:fs'
import path from 'node:path'
import { projectRoot } from '../../server/projectRoot.js'

/** Where the server finds the built client (`counterpartServer.ts` serves it from here). */
export const builtClientDirectory = path.join(projectRoot(), 'dist', 'client')

/** The built client's page, `dist/client/index.html`. Throws when the client is not built. */
export function requireBuiltClient(): string {
  const index = path.join(builtClientDirectory, 'index.html')
  if (!fs.existsSync(index)) throw new Error(`the browser client is not built (no ${path.relative(projectRoot(), index)}): npm test builds it, or run "npm run build"`)
  return index
}
