/**
 * /api/me/tokens — a signed-in person's API tokens: make one for a
 * membership (the secret shown once), list them, revoke one.
 */

import { Router } from 'express'
import type { ApiTokens } from '../services/apiTokens.js'
import { apiTokenLabelMaxLength, apiTokenView, createdApiTokenView } from '../vocabulary/apiToken.js'
import { personOf } from './authentication.js'
import { objectBody, stringField } from './bodyFields.js'

export function apiTokensRouter(tokens: ApiTokens): Router {
  const router = Router()

  router.post('/', async (request, response) => {
    const { person } = personOf(response)
    const body = objectBody(request.body)
    const documentId = stringField(body, 'documentId', { maxLength: 200 })
    const label = stringField(body, 'label', { maxLength: apiTokenLabelMaxLength })
    const { record, token } = await tokens.create(person, documentId, label)
    response.status(201).json(createdApiTokenView(record, token))
  })

  router.get('/', async (_request, response) => {
    const { person } = personOf(response)
    response.json({ tokens: (await tokens.list(person)).map(apiTokenView) })
  })

  router.delete('/:tokenId', async (request, response) => {
    const { person } = personOf(response)
    const { tokenId } = request.params as { tokenId: string }
    response.json(apiTokenView(await tokens.revoke(person, tokenId)))
  })

  return router
}
