/**
 * GET /api/session — who the token belongs to and what they may do: what
 * the browser client needs to set itself up.
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
