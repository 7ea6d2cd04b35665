/**
 * /api/templates — the clause template library: instruments and clauses,
 * with their variables and their text in both styles.
 */

import { Router } from 'express'
import type { TemplateLibrary } from '../templates/templateLibrary.js'
import { templateSummary, variableView } from './views.js'

export function templatesRouter(library: TemplateLibrary): Router {
  const router = Router()

  router.get('/', (_request, response) => {
    response.json({
      instruments: library.ofKind('instrument').map((template) => ({
        ...templateSummary(template),
        preamble: template.preamble,
        clauses: template.clauses,
        final: template.final,
        variables: [...library.variablesOf([template, ...library.partsOf(template)]).values()].map(variableView),
      })),
      clauses: library.ofKind('clause').map(templateSummary),
      parts: [...library.ofKind('preamble'), ...library.ofKind('final')].map(templateSummary),
    })
  })

  router.get('/:templateId', (request, response) => {
    const template = library.get(request.params.templateId)
    response.json({
      ...templateSummary(template),
      text: Object.fromEntries(
        Object.entries(template.styles).map(([style, blocks]) => [style, blocks.map(({ kind, text, line }) => ({ kind, text, line }))]),
      ),
      ...(template.kind === 'instrument' ? { preamble: template.preamble, clauses: template.clauses, final: template.final } : {}),
    })
  })

  return router
}
