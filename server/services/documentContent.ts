/**
 * The content of a negotiation document as the API serves it: the current
 * ProseMirror document with its derived numbering and plain text, the
 * wording check, and clauses inserted from templates into the live
 * document so that every connected client sees them at once.
 */

import type { Node } from 'prosemirror-model'
import { requireEditing, type Principal } from '../access/principal.js'
import type { DocumentCatalog } from './documentCatalog.js'
import { invalid } from '../vocabulary/errors.js'
import { insertClause, readContent } from '../mou/contentCodec.js'
import { documentParts, type TextPart } from '../vocabulary/documentText.js'
import { numberDocument } from '../vocabulary/numbering.js'
import { checkWording, hasWordingRules, type WordingFinding } from '../vocabulary/wordingCheck.js'
import type { TemplateLibrary } from '../templates/templateLibrary.js'
import { renderClauseTemplate, type PartyNames } from '../templates/templateRenderer.js'
import type { DocumentEditor } from './documentEditor.js'
import type { DocumentRecord } from '../vocabulary/document.js'
import { type ResolutionRequest, isCurrent, readResolutionRequests } from '../vocabulary/bracketRequest.js'
import { bracketsOf } from '../vocabulary/brackets.js'
import { clauseStateOf } from '../vocabulary/clauseState.js'
import type { ContentView } from '../vocabulary/views.js'
import { clauseIdentity } from '../mou/alignedTexts.js'
import { languageFragmentName, languageText } from '../vocabulary/documentRoots.js'

export interface ClauseRequest {
  templateId: string
  /** Insert after this clause; null inserts before every clause. */
  after: string | null
  variables: Record<string, unknown>
}

export class DocumentContent {
  constructor(
    private readonly catalog: DocumentCatalog,
    private readonly editor: DocumentEditor,
    private readonly templates: TemplateLibrary,
  ) {}

  /** The current content, numbered, with plain text per part. */
  async view(principal: Principal, documentId: string): Promise<ContentView> {
    const record = await this.catalog.get(principal, documentId)
    const { content, requests } = await this.editor.read(documentId, (doc) => ({ content: readContent(doc), requests: readResolutionRequests(doc) }))
    return contentView(documentId, record.style, content, requests)
  }

  /** Wording that does not fit the document's style. */
  /**
   * The wording check of the working text, or of the text in `lang` (with
   * that language's rules and numbers); NotFound for a language the
   * document does not have. `rules` says whether the language has any.
   */
  async wordingCheck(
    principal: Principal,
    documentId: string,
    lang: string | null = null,
  ): Promise<{ style: DocumentRecord['style']; lang: string; rules: boolean; findings: WordingFinding[] }> {
    const record = await this.catalog.get(principal, documentId)
    const { lang: language, fragment } = languageText(record, lang)
    const content = await this.editor.read(documentId, (doc) => readContent(doc, fragment))
    const findings = checkWording(documentParts(content, numberDocument(content, record.style, language)), record.style, language)
    return { style: record.style, lang: language, rules: hasWordingRules(language), findings }
  }

  /**
   * Drafts a clause from a template and inserts it into the live document
   * on behalf of `principal`. Throws Forbidden for observers and members of
   * other documents, Invalid for an unknown template, clause or variable.
   */
  async insertClause(principal: Principal, documentId: string, request: ClauseRequest): Promise<{ id: string; templateId: string; label: string }> {
    requireEditing(principal, documentId)
    const record = await this.catalog.get(principal, documentId)
    if (this.templates.find(request.templateId)?.kind !== 'clause') {
      throw invalid(`field "templateId" must name a clause template (got "${request.templateId}")`)
    }
    const parties = record.parties.map((party) => ({ name: party.name, shortName: party.shortName })) as [PartyNames, PartyNames]
    const memberId = principal.kind === 'member' ? principal.member.id : null
    return this.editor.change(documentId, memberId, (doc) => {
      const before = readContent(doc)
      const clause = renderClauseTemplate(this.templates, request.templateId, record.style, parties, request.variables, (templateId) =>
        clauseIdFromTemplate(before, templateId),
      )
      try {
        insertClause(doc, clause, request.after)
        // Each language text gets the clause in its language where the template has it (untranslated otherwise), with the same id.
        for (const lang of record.languages.others) {
          const translated = renderClauseTemplate(this.templates, request.templateId, record.style, parties, request.variables, (templateId) => clauseIdFromTemplate(before, templateId), lang)
          insertClause(doc, translated.type.create(clauseIdentity(clause), translated.content), request.after, languageFragmentName(lang))
        }
      } catch (error) {
        if (error instanceof RangeError) throw invalid(`field "after": document ${documentId} has no clause with id "${request.after}"`)
        throw error
      }
      const label = numberDocument(readContent(doc), record.style).clauseLabel(clause.attrs.id)
      return { id: clause.attrs.id as string, templateId: request.templateId, label: label ?? '' }
    })
  }
}

/**
 * `content` as the API serves it: JSON, numbering, and plain text per
 * part; `requests` are the pending requests to resolve its brackets (void
 * ones are left out).
 */
export function contentView(documentId: string, style: DocumentRecord['style'], content: Node, requests: ReadonlyMap<string, ResolutionRequest> = new Map()): ContentView {
  const numbering = numberDocument(content, style)
  const parts = documentParts(content, numbering)
  const textOf = (kind: TextPart['part']) => parts.find((part) => part.part === kind)?.text ?? null
  return {
    documentId,
    style,
    doc: content.toJSON(),
    numbering: Object.fromEntries(numbering.clauses.filter((clause) => clause.id !== null).map((clause) => [clause.id, clause.label])),
    title: textOf('title') ?? '',
    preamble: textOf('preamble') ?? '',
    // documentParts gives one part per child of the document, in order.
    clauses: parts.flatMap((part, index) => {
      if (part.part !== 'clause') return []
      const clause = content.child(index)
      const { status, agreements, reopenRequest } = clauseStateOf(clause.attrs)
      return [
        {
          id: part.clauseId,
          templateId: clause.attrs.templateId ?? null,
          status,
          agreements,
          reopenRequest,
          brackets: bracketsOf(clause).map((bracket) => {
            const request = requests.get(bracket.id)
            return { ...bracket, request: request && isCurrent(request, bracket) ? request : null }
          }),
          label: part.label,
          heading: part.heading,
          text: part.text,
        },
      ]
    }),
    finalProvisions: textOf('final_provisions'),
  }
}

/** The id of the first clause in `content` drafted from `templateId`, or null. */
function clauseIdFromTemplate(content: Node, templateId: string): string | null {
  let id: string | null = null
  content.forEach((child) => {
    if (id === null && child.type.name === 'clause' && child.attrs.templateId === templateId) id = child.attrs.id
  })
  return id
}
