/**
 * Importing a draft: `POST /api/documents/:documentId/import` with a Word
 * file (DOCX) or Akoma Ntoso (an XML expression, or a zip of them as
 * `export.akn` writes them; told by its Content-Type, else by its bytes)
 * as the request body answers the preview and the report, changing
 * nothing; with `?apply=1` it applies the same mapping and answers the
 * report. `?changes=brackets|accept|reject` says what becomes of tracked
 * changes (brackets by default), `?party=` whose brackets they become
 * when the secretariat imports.
 */

import express, { Router } from 'express'
import type { DraftImport } from '../services/draftImport.js'
import { principalOf } from './authentication.js'
import { flagParameter } from './queryFlag.js'
import { docxType } from './docxResponse.js'
import { draftFormatOf } from '../import/draftFile.js'
import { invalid } from '../vocabulary/errors.js'
import { trackedChangeHandlings, type TrackedChangeHandling } from '../vocabulary/draftImport.js'
import { partyCodePattern } from '../vocabulary/document.js'

/** /api/documents/:documentId/import — for members who may edit (behind the token check). */
export function importRouter(drafts: DraftImport, maxFileBytes: number): Router {
  const router = Router({ mergeParams: true })

  router.post('/import', express.raw({ type: () => true, limit: maxFileBytes }), async (request, response) => {
    const { documentId } = request.params as { documentId: string }
    const body = request.body as unknown
    if (!(body instanceof Buffer) || body.length === 0) throw invalid(`send the Word file (Content-Type: ${docxType}) or the Akoma Ntoso file (Content-Type: application/akn+xml, or application/zip for a zip of expressions) as the request body`)
    const query = request.query as Record<string, unknown>
    const file = new Uint8Array(body.buffer, body.byteOffset, body.byteLength)
    const importRequest = { file, format: draftFormatOf(file, request.headers['content-type']), changes: changesParameter(query.changes), party: partyParameter(query.party) }
    const principal = principalOf(response)
    if (flagParameter(query, 'apply')) response.status(201).json(await drafts.apply(principal, documentId, importRequest))
    else response.json(await drafts.preview(principal, documentId, importRequest))
  })

  return router
}

function changesParameter(value: unknown): TrackedChangeHandling {
  if (value === undefined) return 'brackets'
  if (typeof value === 'string' && (trackedChangeHandlings as readonly string[]).includes(value)) return value as TrackedChangeHandling
  throw invalid(`parameter "changes" must be ${trackedChangeHandlings.map((handling) => `"${handling}"`).join(', ')} (got ${JSON.stringify(value)})`)
}

function partyParameter(value: unknown): string | null {
  if (value === undefined) return null
  if (typeof value === 'string' && partyCodePattern.test(value)) return value
  throw invalid(`parameter "party" must be a party code such as "TH" (got ${JSON.stringify(value)?.slice(0, 40)})`)
}
