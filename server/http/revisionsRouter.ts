/**
 * The version log: /api/documents/:documentId/{revisions, attribution}.
 */

import { Router } from 'express'
import type { VersionHistory } from '../services/versionHistory.js'
import { languageParameter } from './languageParameter.js'
import { invalid } from '../vocabulary/errors.js'
import { revisionNumber, stateRef } from './revisionReference.js'
import { principalOf } from './authentication.js'
import { objectBody, optionalStringField, stringField } from './bodyFields.js'

export function revisionsRouter(history: VersionHistory): Router {
  const router = Router({ mergeParams: true })
  const documentIdOf = (params: Record<string, string>) => params.documentId!

  router.post('/revisions', async (request, response) => {
    const body = objectBody(request.body)
    const revision = await history.create(principalOf(response), documentIdOf(request.params), {
      label: stringField(body, 'label', { maxLength: 200 }),
      // An empty note is no note.
      note: body.note === '' ? '' : optionalStringField(body, 'note', '', { maxLength: 4000 }),
    })
    response.status(201).json(revision)
  })

  router.get('/revisions', async (request, response) => {
    response.json({ revisions: await history.list(principalOf(response), documentIdOf(request.params)) })
  })

  router.get('/revisions/verify', async (request, response) => {
    response.json(await history.verify(principalOf(response), documentIdOf(request.params)))
  })

  router.get('/revisions/:seq', async (request, response) => {
    const counterpart = request.query.counterpart
    if (counterpart !== undefined && typeof counterpart !== 'string') throw invalid('parameter "counterpart" must be a party code')
    response.json(await history.get(principalOf(response), documentIdOf(request.params), revisionNumber(request.params.seq), languageParameter(request.query.lang), counterpart ?? null))
  })

  router.post('/revisions/:seq/restore', async (request, response) => {
    const revision = await history.restore(principalOf(response), documentIdOf(request.params), revisionNumber(request.params.seq))
    response.status(201).json(revision)
  })

  router.get('/attribution', async (request, response) => {
    const at = stateRef(request.query.revision ?? 'live', 'revision')
    const lang = languageParameter(request.query.lang)
    response.json({ revision: at, ...(await history.attribution(principalOf(response), documentIdOf(request.params), at, lang)) })
  })

  return router
}
