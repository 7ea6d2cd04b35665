/**
 * Compare: /api/documents/:documentId/compare (JSON, or an HTML page with
 * `format=html`) and /compare.docx (a redline with tracked changes), from
 * a revision to a revision or the live text, of the working text or of the
 * text in `lang`.
 */

import { Router } from 'express'
import type { ComparisonDesk } from '../services/comparisonDesk.js'
import { invalid } from '../vocabulary/errors.js'
import { principalOf } from './authentication.js'
import { sendDocx } from './docxResponse.js'
import { languageParameter } from './languageParameter.js'
import { stateRef } from './revisionReference.js'

/** The page's own policy: its inline styles and nothing else. */
const pagePolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

export function compareRouter(desk: ComparisonDesk): Router {
  const router = Router({ mergeParams: true })
  const statesOf = (query: Record<string, unknown>) => [stateRef(query.from, 'from'), stateRef(query.to ?? 'live', 'to'), languageParameter(query.lang)] as const

  router.get('/compare', async (request, response) => {
    const [from, to, lang] = statesOf(request.query)
    const format = request.query.format ?? 'json'
    if (format !== 'json' && format !== 'html') throw invalid(`parameter "format" must be "json" or "html" (got ${JSON.stringify(format)})`)
    const { documentId } = request.params as { documentId: string }
    if (format === 'json') {
      response.json(await desk.compare(principalOf(response), documentId, from, to, lang))
      return
    }
    const page = await desk.page(principalOf(response), documentId, from, to, lang)
    response.setHeader('Content-Security-Policy', pagePolicy)
    response.type('html').send(page)
  })

  router.get('/compare.docx', async (request, response) => {
    const [from, to, lang] = statesOf(request.query)
    const { documentId } = request.params as { documentId: string }
    sendDocx(response, await desk.document(principalOf(response), documentId, from, to, lang))
  })

  return router
}
