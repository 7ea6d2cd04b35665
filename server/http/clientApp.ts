/**
 * The browser client's pages: `/` the home page (a signed-in person's
 * negotiations, or the way to sign in), `/new` the page that starts a
 * negotiation and invites its heads of delegation, `/d/<documentId>` the app (it reads
 * the token from the address, keeps it in session storage and removes it
 * from the address bar; sent with the text it opens already in it, for a
 * member who may read it), `/verify` the public page that checks a signing
 * original (no token), `/signin` the passkey sign-in page (403 or 404 when
 * opened with an invitation that opens nothing), `/sw.js` the service worker
 * that keeps the editor's shell for offline use, `/assets/*` their built files. Built by
 * `npm run build` into `dist/client`. Each page carries its
 * Content-Security-Policy (`securityHeaders.ts`).
 */

import fs from 'node:fs'
import path from 'node:path'
import express, { Router, type Request, type Response } from 'express'
import type { Invitations } from '../services/invitations.js'
import type { FirstTextView } from '../services/firstText.js'
import { escapeHtml } from '../vocabulary/redlineHtml.js'
import { CounterpartError } from '../vocabulary/errors.js'
import { httpStatuses } from './errorResponse.js'
import { precompressedAssets } from './precompressedAssets.js'
import { clientPagePolicy, serviceWorkerPolicy, verifyPagePolicy } from './securityHeaders.js'

export interface ClientAppOptions {
  /** The built client (`dist/client`). */
  directory: string
  invitations: Pick<Invitations, 'describe'>
  /** The working text the page of `documentId` may show before its script runs, for whoever `request` comes from; null: none (the page's script says why). */
  firstText: (request: Request, documentId: string) => Promise<FirstTextView | null>
}

export function clientApp({ directory, invitations, firstText }: ClientAppOptions): Router {
  const router = Router()
  router.use('/assets', precompressedAssets(path.join(directory, 'assets')))
  router.use('/assets', express.static(path.join(directory, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }))
  // The home and new-negotiation pages, like the sign-in page, talk only to the API with the session cookie and set no style at run time.
  router.get('/', (_request, response) => sendPage(response, path.join(directory, 'home.html'), verifyPagePolicy))
  router.get('/new', (_request, response) => sendPage(response, path.join(directory, 'new.html'), verifyPagePolicy))
  // The editor's page, with the text it opens already in it for a member who may read it (its script then needs only to take over).
  router.get('/d/:documentId', async (request, response) => {
    const file = path.join(directory, 'index.html')
    const text = fs.existsSync(file) ? await firstText(request, (request.params as { documentId: string }).documentId) : null
    if (text === null) {
      // Only a page without a member's text may be kept by the service worker (`client/src/serviceWorker.ts`).
      response.setHeader(shellHeader, 'blank')
      sendPage(response, file, clientPagePolicy)
      return
    }
    response.setHeader('Cache-Control', 'no-store')
    response.setHeader('Content-Security-Policy', clientPagePolicy)
    response.type('html').send(withFirstText(await fs.promises.readFile(file, 'utf8'), text))
  })
  // The service worker that keeps the editor's shell, at the root so that its scope is the whole origin; checked for a new version at each visit.
  router.get('/sw.js', (_request, response) => {
    response.setHeader('Cache-Control', 'no-cache')
    response.setHeader('Content-Security-Policy', serviceWorkerPolicy)
    response.type('text/javascript').sendFile(path.join(directory, 'sw.js'), (error) => {
      if (error && !response.headersSent) response.status(404).type('text/plain').send('The browser client is not built: run "npm run build".\n')
    })
  })
  router.get('/verify', (_request, response) => sendPage(response, path.join(directory, 'verify.html'), verifyPagePolicy))
  // The sign-in page needs what the verify page does: its own scripts and styles, and its own server.
  // Opened with an invitation that opens nothing (used, withdrawn, expired, unknown), the page comes with that status and says why.
  router.get('/signin', async (request, response) => {
    const { invitation } = request.query
    sendPage(response, path.join(directory, 'signin.html'), verifyPagePolicy, typeof invitation === 'string' ? await invitationStatus(invitations, invitation) : 200)
  })
  return router
}

/** The header that marks the editor's page as the shell, carrying no document's text. */
export const shellHeader = 'Counterpart-Shell'

/** `page` (the built editor's page) with `text` in its app element, where the script finds it (`client/src/firstText.ts`). */
export function withFirstText(page: string, text: FirstTextView): string {
  const app = /(<div id="app"[^>]*>)[^<]*(<\/div>)/
  if (!app.test(page)) throw new Error('the built editor page has no <div id="app">')
  const drawn = `<div class="first-text style-${escapeHtml(text.style)}" lang="${escapeHtml(text.lang)}" aria-busy="true">${text.html}</div>`
  return page.replace(app, (_, open: string, close: string) => `${open}${drawn}${close}`)
}

/** 200 for an invitation token that opens something, else the status of the reason it does not. */
async function invitationStatus(invitations: Pick<Invitations, 'describe'>, token: string): Promise<number> {
  try {
    await invitations.describe(token.slice(0, 200))
    return 200
  } catch (error) {
    if (error instanceof CounterpartError) return httpStatuses[error.code]
    throw error
  }
}

/** Sends the built page at `file` under `policy` with `status`, never cached (its asset names change with each build); 503 when the client is not built. */
function sendPage(response: Response, file: string, policy: string, status = 200): void {
  response.setHeader('Cache-Control', 'no-store')
  response.setHeader('Content-Security-Policy', policy)
  if (!fs.existsSync(file)) {
    response.status(503).type('text/plain').send('The browser client is not built: run "npm run build".\n')
    return
  }
  response.status(status).sendFile(file)
}
