/**
 * GET /api/session — who the token belongs to and what they may do: what
 * the browser client needs to set itself up.
 */

import { Router } from 'express'
import { canEdit } from '../access/principal.js'
import type { DocumentCatalog } from '../services/documentCatalog.js'
import { principalOf } from './authentication.js'
import { documentView } from './documentsRouter.js'
import { memberView } from './membersRouter.js'

export function sessionRouter(catalog: DocumentCatalog): Router {
  const router = Router()
  router.get('/', async (_request, response) => {
    const principal = principalOf(response)
    if (principal.kind === 'admin') {
      response.json({ kind: 'admin', member: null, document: null, may: { edit: true, manageMembers: true, export: true } })
      return
    }
    const { member } = principal
    const document = await catalog.get(principal, member.documentId)
    response.json({
      kind: 'member',
      member: memberView(member),
      document: documentView(document),
      may: { edit: canEdit(member.role), manageMembers: member.role === 'secretariat', export: member.role === 'secretariat' },
    })
  })
  return router
}
