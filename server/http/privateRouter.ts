/**
 * A delegation's private layer: GET /api/documents/:documentId/private
 * (the asker's party's notes, threads and drafts), PUT
 * …/clauses/:clauseId/private-note (`{"text"}`; empty removes it) and POST
 * …/clauses/:clauseId/private-draft/propose (`{"bracketId"?}`: the party's
 * draft of the clause into the shared text, bracketed). The party is
 * always the asker's own.
 */

import { Router } from 'express'
import type { PrivateLayer } from '../services/privateLayer.js'
import type { PrivateDrafts } from '../services/privateDrafts.js'
import { principalOf } from './authentication.js'
import { invalid } from '../vocabulary/errors.js'
import { nullableStringField, objectBody } from './bodyFields.js'

export function privateRouter(layer: PrivateLayer, drafts: PrivateDrafts): Router {
  const router = Router({ mergeParams: true })

  router.get('/private', async (request, response) => {
    const { documentId } = request.params as { documentId: string }
    response.json(await layer.read(principalOf(response), documentId))
  })

  router.put('/clauses/:clauseId/private-note', async (request, response) => {
    const { documentId, clauseId } = request.params as { documentId: string; clauseId: string }
    const body = objectBody(request.body)
    if (typeof body.text !== 'string') throw invalid(`field "text" must be a string (got ${body.text === undefined ? 'nothing' : typeof body.text})`)
    const note = await layer.setNote(principalOf(response), documentId, clauseId, body.text)
    if (note === null) response.status(204).end()
    else response.json(note)
  })

  router.post('/clauses/:clauseId/private-draft/propose', async (request, response) => {
    const { documentId, clauseId } = request.params as { documentId: string; clauseId: string }
    const body = objectBody(request.body ?? {})
    const bracketId = body.bracketId === undefined ? null : nullableStringField(body, 'bracketId', { maxLength: 100 })
    response.status(201).json(await drafts.propose(principalOf(response), documentId, clauseId, bracketId))
  })

  return router
}
