/**
 * GET /api/session — who the token belongs to and what they may do — and
 * GET /api/documents/:documentId/session, the same in one document, for a
 * bearer token or a session cookie: what the browser client needs to set
 * itself up.
 */

import { Router } from 'express'
import type { DocumentCatalog } from '../services/documentCatalog.js'
import { principalOf } from './authentication.js'
import { sessionView } from './views.js'

export function sessionRouter(catalog: DocumentCatalog): Router {
  const router = Router()
  router.get('/', async (_request, response) => {
    const principal = principalOf(response)
    const document = principal.kind === 'member' ? await catalog.get(principal, principal.member.documentId) : null
    response.json(sessionView(principal, document))
  })
  return router
}

/** GET /api/documents/:documentId/session */
export function documentSessionRouter(catalog: DocumentCatalog): Router {
  const router = Router({ mergeParams: true })
  router.get('/', async (request, response) => {
    const principal = principalOf(response)
    const { documentId } = request.params as { documentId: string }
    response.json(sessionView(principal, await catalog.get(principal, documentId)))
  })
  return router
}
