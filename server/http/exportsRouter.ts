/**
 * Sealed signing originals, what is set for signature and the road to it,
 * and the public side of the seal: the public key and verification; the
 * text as Akoma Ntoso.
 */

import express, { Router, type Response } from 'express'
import type { SigningDesk } from '../services/signingDesk.js'
import type { LegalXml, LegalXmlFile } from '../services/legalXml.js'
import type { SealedExports } from '../services/sealedExports.js'
import { docxType, sendDocx } from './docxResponse.js'
import { revisionNumber, revisionOrLive } from './revisionReference.js'
import { invalid } from '../vocabulary/errors.js'
import { principalOf } from './authentication.js'
import { languageParameter } from './languageParameter.js'
import { flagParameter } from './queryFlag.js'
import { integerField, mapField, nullableStringField, objectBody, stringField, stringMapField } from './bodyFields.js'
import { languageTagPattern, maxOtherLanguages, partyCodePattern } from '../vocabulary/document.js'
import { maxOriginals, signingDatePattern, unsetSigning, type SigningRequest } from '../vocabulary/signing.js'

/** /api/documents/:documentId/… — for members (behind the token check). */
export function exportsRouter(desk: SigningDesk, legalXml: LegalXml): Router {
  const router = Router({ mergeParams: true })

  // Akoma Ntoso: one language's expression with `lang`, every language's in a zip without.
  router.get('/revisions/:seq/export.akn', async (request, response) => {
    const { documentId, seq } = request.params as { documentId: string; seq: string }
    sendFile(response, await legalXml.akomaNtoso(principalOf(response), documentId, revisionOrLive(seq), languageParameter(request.query.lang)))
  })

  router.get('/revisions/:seq/export.docx', async (request, response) => {
    const { documentId, seq } = request.params as { documentId: string; seq: string }
    const revision = revisionNumber(seq)
    const counterpart = request.query.counterpart
    if (typeof counterpart !== 'string') throw invalid('parameter "counterpart" is required: the code of the party whose original this is')
    const options = { lang: languageParameter(request.query.lang), fingerprint: flagParameter(request.query, 'fingerprint'), initials: flagParameter(request.query, 'initials') }
    sendDocx(response, await desk.exportCounterpart(principalOf(response), documentId, revision, counterpart, options))
  })

  router.get('/signing/readiness', async (request, response) => {
    const { documentId } = request.params as { documentId: string }
    response.json(await desk.readiness(principalOf(response), documentId))
  })

  router.get('/signing', async (request, response) => {
    const { documentId } = request.params as { documentId: string }
    response.json(await desk.settings(principalOf(response), documentId))
  })

  router.put('/signing', async (request, response) => {
    const { documentId } = request.params as { documentId: string }
    response.json(await desk.setSettings(principalOf(response), documentId, signingRequestBody(request.body)))
  })
  return router
}

/** A file to save: its type, its name, its SHA-256 for the caller to check, and never a cached copy (the live text changes). */
function sendFile(response: Response, file: LegalXmlFile): void {
  response.setHeader('Content-Type', file.type)
  response.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`)
  response.setHeader('X-Content-SHA256', file.sha256)
  response.setHeader('Cache-Control', 'no-store')
  response.send(Buffer.from(file.bytes))
}

/** The body of PUT …/signing: `{place, date, originals, prevailingLanguage, signatories: {<party>: {<lang>: {name, title}}}}`. */
function signingRequestBody(raw: unknown): SigningRequest {
  const body = objectBody(raw)
  const language = { pattern: languageTagPattern, hint: 'is not a BCP 47 language tag such as "en", "th" or "km"', maxKeys: 1 + maxOtherLanguages }
  const place = { maxLength: 200 }
  return {
    place: typeof body.place === 'string' ? stringField(body, 'place', place) : stringMapField(body, 'place', language, place),
    date: nullableStringField(body, 'date', { maxLength: 40, pattern: signingDatePattern, hint: 'must be a date written YYYY-MM-DD' }),
    originals: body.originals === undefined ? unsetSigning.originals : integerField(body, 'originals', { min: 1, max: maxOriginals }),
    prevailingLanguage: nullableStringField(body, 'prevailingLanguage', { maxLength: 35, pattern: languageTagPattern, hint: 'must be a BCP 47 language tag such as "en"' }),
    signatories: mapField(body, 'signatories', { pattern: partyCodePattern, hint: 'is not a party code', maxKeys: 2 }, (byLanguage, path) =>
      mapField({ [path]: byLanguage }, path, language, (signatory, signatoryPath) => ({
        name: stringField(signatory, 'name', { maxLength: 200, path: signatoryPath }),
        title: stringField(signatory, 'title', { maxLength: 300, path: signatoryPath }),
      })),
    ),
  }
}

/** /api/seal/public-key and /api/verify — open to anyone, no token. */
export function sealRouter(sealed: SealedExports, maxDocxBytes: number): Router {
  const router = Router()

  router.get('/seal/public-key', (_request, response) => {
    response.type('application/x-pem-file').send(sealed.publicKeyPem)
  })

  router.post('/verify', express.raw({ type: () => true, limit: maxDocxBytes }), async (request, response) => {
    const body = request.body as unknown
    if (!(body instanceof Buffer) || body.length === 0) throw invalid(`send the DOCX file as the request body (Content-Type: ${docxType})`)
    response.json(await sealed.verify(new Uint8Array(body.buffer, body.byteOffset, body.byteLength)))
  })

  return router
}
