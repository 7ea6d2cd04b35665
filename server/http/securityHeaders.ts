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
/** A page's policy, with `styles` as its style sources. */
const pagePolicy = (styles: string) =>
  [
    "default-src 'none'",
    "script-src 'self'",
    `style-src ${styles}`,
    'img-src data:',
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ')

export const clientPagePolicy = pagePolicy("'self' 'unsafe-inline'")

/**
 * The public verify page (`/verify`), which anyone may open with a file
 * they were handed: the client's policy without `'unsafe-inline'` styles,
 * since this page sets no style at run time. It talks only to
 * `POST /api/verify`.
 */
export const verifyPagePolicy = pagePolicy("'self'")

/** Sets the headers every answer carries; routes that serve pages replace the policy with their own. */
export function securityHeaders(): RequestHandler {
  return (_request, response, next) => {
    response.setHeader('Content-Security-Policy', answerPolicy)
    response.setHeader('X-Content-Type-Options', 'nosniff')
    response.setHeader('Referrer-Policy', 'no-referrer')
    next()
  }
}
