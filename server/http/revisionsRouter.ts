/**
 * The version log: /api/documents/:documentId/{revisions, compare, attribution}.
 */

import { Router } from 'express'
import type { VersionHistory } from '../services/versionHistory.js'
import { revisionNumber, stateRef } from './revisionReference.js'
import { invalid } from '../vocabulary/errors.js'
import { renderRedline } from '../revisions/redline.js'
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
    response.json(await history.get(principalOf(response), documentIdOf(request.params), revisionNumber(request.params.seq)))
  })

  router.post('/revisions/:seq/restore', async (request, response) => {
    const revision = await history.restore(principalOf(response), documentIdOf(request.params), revisionNumber(request.params.seq))
    response.status(201).json(revision)
  })

  router.get('/compare', async (request, response) => {
    const from = stateRef(request.query.from, 'from')
    const to = stateRef(request.query.to ?? 'live', 'to')
    const format = request.query.format ?? 'json'
    if (format !== 'json' && format !== 'html') throw invalid(`parameter "format" must be "json" or "html" (got ${JSON.stringify(format)})`)
    const { document, comparison } = await history.compare(principalOf(response), documentIdOf(request.params), from, to)
    if (format === 'json') {
      response.json({ documentId: document.id, style: document.style, from, to, ...comparison })
      return
    }
    const name = (ref: typeof from) => (ref === 'live' ? 'the live text' : `revision ${ref}`)
    response.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
    response.type('html').send(
      renderRedline(comparison, { title: document.title, fromLabel: name(from), toLabel: name(to), parties: document.parties }),
    )
  })

  router.get('/attribution', async (request, response) => {
    const at = stateRef(request.query.revision ?? 'live', 'revision')
    response.json({ revision: at, ...(await history.attribution(principalOf(response), documentIdOf(request.params), at)) })
  })

  return router
}
