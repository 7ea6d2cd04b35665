/**
 * /api/documents — create, list and read negotiation documents.
 */

import { Router } from 'express'
import type { DocumentCatalog } from '../services/documentCatalog.js'
import { principalOf } from './authentication.js'
import { languageTagPattern, maxOtherLanguages, type DocumentLanguages } from '../vocabulary/document.js'
import { arrayField, choiceField, nullableStringField, objectBody, optionalObjectField, optionalStringField, stringArrayField, stringField, type JsonObject } from './bodyFields.js'
import { documentView } from './views.js'

const languageTag = { maxLength: 35, pattern: languageTagPattern, hint: 'must be a BCP 47 language tag such as "en", "th" or "km"' }

/** `languages: {working, others}`, or null when absent. */
function languagesField(body: JsonObject): DocumentLanguages | null {
  if (body.languages === undefined || body.languages === null) return null
  const languages = optionalObjectField(body, 'languages')
  const others = stringArrayField(languages, 'others', { ...languageTag, path: 'languages' }, maxOtherLanguages)
  return { working: stringField(languages, 'working', { ...languageTag, path: 'languages' }), others }
}

const partyCode = { maxLength: 8, pattern: /^[A-Z][A-Z0-9]{1,7}$/, hint: 'must be 2 to 8 capital letters or digits, starting with a letter' }

export function documentsRouter(catalog: DocumentCatalog): Router {
  const router = Router()

  router.post('/', async (request, response) => {
    const body = objectBody(request.body)
    const template = nullableStringField(body, 'template', { maxLength: 100 })
    const document = await catalog.create(principalOf(response), {
      title: template === null ? stringField(body, 'title', { maxLength: 500 }) : nullableStringField(body, 'title', { maxLength: 500 }),
      template,
      variables: optionalObjectField(body, 'variables'),
      style: choiceField(body, 'style', ['mou', 'treaty'] as const, { nullable: true }) ?? 'mou',
      parties: arrayField(body, 'parties', (party, path) => {
        const code = stringField(party, 'code', { ...partyCode, path })
        return {
          code,
          name: stringField(party, 'name', { maxLength: 300, path }),
          shortName: optionalStringField(party, 'shortName', code, { maxLength: 40, path }),
          language: nullableStringField(party, 'language', { ...languageTag, path }),
        }
      }),
      languages: languagesField(body),
    })
    response.status(201).location(`/api/documents/${document.id}`).json(documentView(document))
  })

  router.get('/', async (_request, response) => {
    const documents = await catalog.list(principalOf(response))
    response.json({ documents: documents.map(documentView) })
  })

  router.get('/:documentId', async (request, response) => {
    response.json(documentView(await catalog.get(principalOf(response), request.params.documentId)))
  })

  return router
}
