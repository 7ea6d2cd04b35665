/**
 * Sealed signing counterparts, and the public side of the seal: the public
 * key and verification.
 */

import express, { Router } from 'express'
import type { SigningDesk } from '../services/signingDesk.js'
import { docxType, sendDocx } from './docxResponse.js'
import { revisionNumber } from './revisionReference.js'
import { invalid } from '../vocabulary/errors.js'
import { principalOf } from './authentication.js'

/** /api/documents/:documentId/… — for members (behind the token check). */
export function exportsRouter(desk: SigningDesk): Router {
  const router = Router({ mergeParams: true })

  router.get('/revisions/:seq/export.docx', async (request, response) => {
    const { documentId, seq } = request.params as { documentId: string; seq: string }
    const revision = revisionNumber(seq)
    const counterpart = request.query.counterpart
    if (typeof counterpart !== 'string') throw invalid('parameter "counterpart" is required: the code of the party whose copy this is')
    sendDocx(response, await desk.exportCounterpart(principalOf(response), documentId, revision, counterpart))
  })
  return router
}

/** /api/seal/public-key and /api/verify — open to anyone, no token. */
export function sealRouter(desk: SigningDesk, maxDocxBytes: number): Router {
  const router = Router()

  router.get('/seal/public-key', (_request, response) => {
    response.type('application/x-pem-file').send(desk.publicKeyPem)
  })

  router.post('/verify', express.raw({ type: () => true, limit: maxDocxBytes }), async (request, response) => {
    const body = request.body as unknown
    if (!(body instanceof Buffer) || body.length === 0) throw invalid(`send the DOCX file as the request body (Content-Type: ${docxType})`)
    response.json(await desk.verify(new Uint8Array(body.buffer, body.byteOffset, body.byteLength)))
  })

  return router
}
