/**
 * /api/documents/:documentId/{content, wording-check, clauses} — the text of
 * a document, its wording check, clauses inserted from templates and
 * clauses deleted.
 */

import { Router } from 'express'
import type { DocumentContent } from '../services/documentContent.js'
import { principalOf } from './authentication.js'
import { languageParameter } from './languageParameter.js'
import { nullableStringField, objectBody, optionalObjectField, stringField } from './bodyFields.js'

export function contentRouter(content: DocumentContent): Router {
  const router = Router({ mergeParams: true })

  router.get('/content', async (request, response) => {
    const { documentId } = request.params as { documentId: string }
    response.json(await content.view(principalOf(response), documentId))
  })

  router.get('/wording-check', async (request, response) => {
    const { documentId } = request.params as { documentId: string }
    response.json(await content.wordingCheck(principalOf(response), documentId, languageParameter(request.query.lang)))
  })

  router.post('/clauses', async (request, response) => {
    const { documentId } = request.params as { documentId: string }
    const body = objectBody(request.body)
    const clause = await content.insertClause(principalOf(response), documentId, {
      templateId: stringField(body, 'templateId', { maxLength: 100 }),
      after: nullableStringField(body, 'after', { maxLength: 100 }),
      variables: optionalObjectField(body, 'variables'),
    })
    response.status(201).json({ clause })
  })

  router.delete('/clauses/:clauseId', async (request, response) => {
    const { documentId, clauseId } = request.params as { documentId: string; clauseId: string }
    response.json({ deleted: await content.deleteClause(principalOf(response), documentId, clauseId) })
  })

  return router
}
