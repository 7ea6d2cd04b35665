/**
 * /api/documents/:documentId/translations — each clause's text in each
 * other language, with its status — and
 * …/clauses/:clauseId/translations/:lang/confirm.
 */

import { Router } from 'express'
import type { TranslationDesk } from '../services/translationDesk.js'
import { principalOf } from './authentication.js'

export function translationsRouter(desk: TranslationDesk): Router {
  const router = Router({ mergeParams: true })

  router.get('/translations', async (request, response) => {
    const { documentId } = request.params as { documentId: string }
    response.json({ translations: await desk.list(principalOf(response), documentId) })
  })

  router.post('/clauses/:clauseId/translations/:lang/confirm', async (request, response) => {
    const { documentId, clauseId, lang } = request.params as { documentId: string; clauseId: string; lang: string }
    response.status(201).json({ translation: await desk.confirm(principalOf(response), documentId, clauseId, lang) })
  })

  return router
}
