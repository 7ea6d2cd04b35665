/**
 * A long instrument for tests and benchmarks: a trilingual document (the
 * starter MOU in English, Thai and Khmer) grown by the starter library's
 * clause templates in turn, in the three languages where the template has
 * them. The clauses are added as POST …/clauses adds one
 * (`DocumentContent.insertClause`), but all in one change: one request per
 * clause costs the whole document each time, and took ten minutes on a
 * loaded machine.
 */

import { clauseIdentity } from '../../server/mou/alignedTexts.js'
import { insertClause, readContent } from '../../server/mou/contentCodec.js'
import { renderClauseTemplate, type TemplateParties } from '../../server/templates/templateRenderer.js'
import { languageFragmentName } from '../../server/vocabulary/documentRoots.js'
import { starterLibrary, trilingualDocument, type TestServer } from './testServer.js'

/** Grows document `documentId` (made from `trilingualDocument`) to `clauses` clauses; resolves to their ids in order. */
export async function growDocument(server: TestServer, documentId: string, clauses: number): Promise<string[]> {
  const clauseTemplates = (await server.request('GET', `/api/documents/${documentId}/templates`)).body.clauses.map((template: { id: string }) => template.id) as string[]
  const parties = trilingualDocument.parties.map((party) => party.code) as unknown as TemplateParties
  // Read from the document itself afterwards: the change holds the event loop for seconds, past the HTTP keep-alive.
  const ids = await server.server.editor.change(documentId, null, (doc) => {
    const drafted = readContent(doc)
    // A reference to another template's clause names the one the starter MOU drafted from it.
    const clauseOf = (templateId: string) => {
      let id: string | null = null
      drafted.forEach((child) => (id ??= child.attrs.templateId === templateId ? (child.attrs.id as string) : null))
      return id
    }
    const idsOf = (content: typeof drafted) => {
      const found: string[] = []
      content.forEach((child) => child.type.name === 'clause' && found.push(child.attrs.id as string))
      return found
    }
    const starter = idsOf(drafted)
    let after = starter.at(-1)!
    for (let added = 0; starter.length + added < clauses; added++) {
      const render = (lang?: string) => renderClauseTemplate(starterLibrary(), clauseTemplates[added % clauseTemplates.length]!, 'mou', parties, {}, clauseOf, lang)
      const clause = render()
      insertClause(doc, clause, after)
      for (const lang of trilingualDocument.languages.others) {
        const translated = render(lang)
        insertClause(doc, translated.type.create(clauseIdentity(clause), translated.content), after, languageFragmentName(lang))
      }
      after = clause.attrs.id as string
    }
    return idsOf(readContent(doc))
  })
  if (ids.length !== clauses) throw new Error(`the document holds ${ids.length} clauses, not ${clauses}`)
  return ids
}
