/**
 * Security headers on every answer: a Content-Security-Policy, no MIME
 * sniffing, no referrer. Answers that are not pages (JSON, files, errors)
 * get a policy that allows nothing at all; the browser client's pages get
 * `clientPagePolicy` and `verifyPagePolicy`, set where they are served
 * (`clientApp.ts`).
 */

import type { RequestHandler } from 'express'

/** For everything that is not a page: nothing may load, nothing may frame it. */
export const answerPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

/**
 * The browser client's page (`/d/<id>`): scripts and styles only from the
 * server's own files, no inline script. Styles also inline, because the
 * client adds a `<style>` of party colours at run time and the presence
 * list and y-prosemirror's cursors set `style` attributes. `data:` images
 * for the empty favicon (`<link rel="icon" href="data:,">`), which spares
 * the browser a request. `connect-src 'self'` covers the API and the
 * same-origin `ws:`/`wss:` WebSocket (CSP 3; Chromium honours it).
 */
/** A page's policy, with `styles` as its style sources, and `extra` directives after them. */
const pagePolicy = (styles: string, extra: string[] = []) =>
  [
    "default-src 'none'",
    "script-src 'self'",
    `style-src ${styles}`,
    'img-src data:',
    "connect-src 'self'",
    ...extra,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ')

/** The editor also registers the service worker that keeps its shell for offline use (`/sw.js`, `worker-src 'self'`). */
export const clientPagePolicy = pagePolicy("'self' 'unsafe-inline'", ["worker-src 'self'"])

/**
 * The public verify page (`/verify`), which anyone may open with a file
 * they were handed: the client's policy without `'unsafe-inline'` styles,
 * since this page sets no style at run time. It talks only to
 * `POST /api/verify`.
 */
export const verifyPagePolicy = pagePolicy("'self'")

/**
 * The service worker's own script (`/sw.js`): a worker runs under the
 * policy its script came with, and this one only fetches from its own
 * server (the editor's shell and assets).
 */
export const serviceWorkerPolicy = "default-src 'none'; connect-src 'self'"

/** Sets the headers every answer carries; routes that serve pages replace the policy with their own. */
export function securityHeaders(): RequestHandler {
  return (_request, response, next) => {
    response.setHeader('Content-Security-Policy', answerPolicy)
    response.setHeader('X-Content-Type-Options', 'nosniff')
    response.setHeader('Referrer-Policy', 'no-referrer')
    next()
  }
}
