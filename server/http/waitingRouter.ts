/**
 * /api/documents/:documentId/waiting — what waits on the member asking.
 */

import { Router } from 'express'
import type { WaitingList } from '../services/waitingList.js'
import { principalOf } from './authentication.js'

export function waitingRouter(waiting: WaitingList): Router {
  const router = Router({ mergeParams: true })

  router.get('/', async (request, response) => {
    const { documentId } = request.params as { documentId: string }
    response.json({ items: await waiting.list(principalOf(response), documentId) })
  })

  router.post('/:key/dismiss', async (request, response) => {
    const { documentId, key } = request.params as { documentId: string; key: string }
    await waiting.dismiss(principalOf(response), documentId, key)
    response.status(204).end()
  })

  return router
}
