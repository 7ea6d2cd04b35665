/**
 * The browser client: `/d/<documentId>` serves the app (it reads the token
 * from the address, keeps it in session storage and removes it from the
 * address bar), `/assets/*` its built files. Built by `npm run build` into
 * `dist/client`. The page carries the client's Content-Security-Policy
 * (`securityHeaders.ts`).
 */

import fs from 'node:fs'
import path from 'node:path'
import express, { Router } from 'express'
import { clientPagePolicy } from './securityHeaders.js'

export function clientApp(directory: string): Router {
  const router = Router()
  const index = path.join(directory, 'index.html')
  router.use('/assets', express.static(path.join(directory, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }))
  router.get('/d/:documentId', (_request, response) => {
    response.setHeader('Cache-Control', 'no-store')
    response.setHeader('Content-Security-Policy', clientPagePolicy)
    if (!fs.existsSync(index)) {
      response.status(503).type('text/plain').send('The browser client is not built: run "npm run build".\n')
      return
    }
    response.sendFile(index)
  })
  return router
}
