/**
 * /api/documents — create, list and read negotiation documents; their settings.
 * A signed-in person who is not the administrator starts a negotiation as
 * its secretariat (`Workspace`).
 */

import { Router } from 'express'
import type { DocumentCatalog, NewDocument } from '../services/documentCatalog.js'
import { principalOf, signedInPerson } from './authentication.js'
import type { Workspace } from '../services/workspace.js'
import { fullAgreementChoices, languageTagPattern, maxOtherLanguages, partyCodePattern, type DocumentLanguages } from '../vocabulary/document.js'
import { arrayField, choiceField, mapField, nullableStringField, objectBody, optionalObjectField, optionalStringField, stringArrayField, stringField, type JsonObject } from './bodyFields.js'
import { documentView } from './views.js'

export const languageTag = { maxLength: 35, pattern: languageTagPattern, hint: 'must be a BCP 47 language tag such as "en", "th" or "km"' }

/** `languages: {working, others}`, or null when absent. */
function languagesField(body: JsonObject): DocumentLanguages | null {
  if (body.languages === undefined || body.languages === null) return null
  const languages = optionalObjectField(body, 'languages')
  const others = stringArrayField(languages, 'others', { ...languageTag, path: 'languages' }, maxOtherLanguages)
  return { working: stringField(languages, 'working', { ...languageTag, path: 'languages' }), others }
}

const partyCode = { maxLength: 8, pattern: partyCodePattern, hint: 'must be 2 to 8 capital letters or digits, starting with a letter' }

export function documentsRouter(catalog: DocumentCatalog, workspace: Workspace): Router {
  const router = Router()

  router.post('/', async (request, response) => {
    const body = objectBody(request.body)
    const template = nullableStringField(body, 'template', { maxLength: 100 })
    const spec: NewDocument = {
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
          state: optionalStringField(party, 'state', '', { maxLength: 300, path }),
          language: nullableStringField(party, 'language', { ...languageTag, path }),
          names: mapField(party, 'names', { ...languageTag, maxKeys: maxOtherLanguages, path }, (naming, namingPath) => ({
            name: stringField(naming, 'name', { maxLength: 300, path: namingPath }),
            shortName: optionalStringField(naming, 'shortName', '', { maxLength: 40, path: namingPath }),
            state: optionalStringField(naming, 'state', '', { maxLength: 300, path: namingPath }),
          })),
        }
      }),
      languages: languagesField(body),
    }
    // A signed-in person starts it as its secretariat; a bearer token (the administrator's) as before.
    const person = signedInPerson(response)
    const document = person ? await workspace.startNegotiation(person, spec) : await catalog.create(principalOf(response), spec)
    response.status(201).location(`/api/documents/${document.id}`).json(documentView(document))
  })

  router.get('/', async (_request, response) => {
    const documents = await catalog.list(principalOf(response))
    response.json({ documents: documents.map(documentView) })
  })

  router.get('/:documentId', async (request, response) => {
    response.json(documentView(await catalog.get(principalOf(response), request.params.documentId)))
  })

  router.put('/:documentId/settings', async (request, response) => {
    const body = objectBody(request.body)
    const fullAgreementBy = choiceField(body, 'fullAgreementBy', fullAgreementChoices)
    response.json(documentView(await catalog.setFullAgreementBy(principalOf(response), request.params.documentId, fullAgreementBy)))
  })

  return router
}
