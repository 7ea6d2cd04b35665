/**
 * GET /d/:documentId?token=… — a read-only preview of a document's current
 * text, numbered, for the links handed to members until the browser
 * editor arrives. The token is taken from the address and then removed
 * from the address bar.
 */

import { Router } from 'express'
import type { Authenticator } from '../access/authenticator.js'
import type { DocumentContent } from '../collab/documentContent.js'
import { escapeHtml } from '../revisions/redline.js'

export function previewPage(authenticator: Authenticator, content: DocumentContent): Router {
  const router = Router()
  router.get('/d/:documentId', async (request, response) => {
    const token = typeof request.query.token === 'string' ? request.query.token : null
    const principal = await authenticator.authenticate(token)
    const view = await content.view(principal, request.params.documentId)
    const paragraphs = (text: string) => text.split('\n').map((line) => `<p>${escapeHtml(line)}</p>`).join('\n')
    const clauses = view.clauses
      .map((clause) => {
        const [, ...body] = clause.text.split('\n')
        return `<section><h2>${escapeHtml(clause.label ?? '')}<br>${escapeHtml(clause.heading ?? '')}</h2>\n${paragraphs(body.join('\n'))}</section>`
      })
      .join('\n')
    response.setHeader('Cache-Control', 'no-store')
    response.setHeader('Referrer-Policy', 'no-referrer')
    response.type('html').send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(view.title)}</title>
<style>
  body { font-family: "Noto Serif", "Noto Serif Thai", "Noto Serif Khmer", Georgia, serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #111; }
  .notice { font-family: system-ui, sans-serif; font-size: .9rem; background: #eef2ff; border: 1px solid #c7d2fe; padding: .5rem .75rem; border-radius: 4px; }
  h1 { text-align: center; font-size: 1.3rem; } h2 { text-align: center; font-size: 1.05rem; margin-top: 2rem; }
</style></head>
<body>
<p class="notice" role="note">Read-only preview of the current text (${view.style === 'mou' ? 'memorandum of understanding' : 'treaty'} style). The live editor comes with the browser client.</p>
<h1>${escapeHtml(view.title)}</h1>
<section>${paragraphs(view.preamble)}</section>
${clauses}
${view.finalProvisions ? `<section>${paragraphs(view.finalProvisions)}</section>` : ''}
<script>history.replaceState(null, '', location.pathname)</script>
</body></html>`)
  })
  return router
}
