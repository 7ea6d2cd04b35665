/**
 * The content of a negotiation document as the API serves it: the current
 * ProseMirror document with its derived numbering and plain text, the
 * wording check, and clauses inserted from templates into the live
 * document so that every connected client sees them at once.
 */

import type { Node } from 'prosemirror-model'
import { requireEditing, type Principal } from '../access/principal.js'
import type { DocumentCatalog } from './documentCatalog.js'
import { conflict, invalid, notFound } from '../vocabulary/errors.js'
import { refusal } from '../vocabulary/refusal.js'
import * as Y from 'yjs'
import type { AuditTrail } from './auditTrail.js'
import { clauseElements, insertClause, readContent } from '../mou/contentCodec.js'
import { maskedNamer, partyNamer, partyNamesIn } from '../vocabulary/partyReference.js'
import { documentParts, type TextPart } from '../vocabulary/documentText.js'
import { clauseLabelIn, numberDocument } from '../vocabulary/numbering.js'
import { checkPartyNames, checkWording, hasWordingRules, type WordingFinding } from '../vocabulary/wordingCheck.js'
import type { TemplateLibrary } from '../templates/templateLibrary.js'
import { renderClauseTemplate, type TemplateParties } from '../templates/templateRenderer.js'
import type { DocumentEditor } from './documentEditor.js'
import type { DocumentRecord } from '../vocabulary/document.js'
import { type ResolutionRequest, isCurrent, readResolutionRequests } from '../vocabulary/bracketRequest.js'
import { bracketsOf } from '../vocabulary/brackets.js'
import { clauseStateOf } from '../vocabulary/clauseState.js'
import { isNegotiatedNode } from '../vocabulary/schema.js'
import type { ContentView } from '../vocabulary/views.js'
import { clauseIdentity } from '../mou/alignedTexts.js'
import { contentFragmentName, languageFragmentName, languageText } from '../vocabulary/documentRoots.js'
import { clauseProgress, type ClauseProgress } from '../negotiation/negotiationProgress.js'

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
    private readonly audit: Pick<AuditTrail, 'record'>,
  ) {}

  /** The current content, numbered, with plain text per part. */
  async view(principal: Principal, documentId: string): Promise<ContentView> {
    const record = await this.catalog.get(principal, documentId)
    const { content, requests } = await this.editor.read(documentId, (doc) => ({ content: readContent(doc), requests: readResolutionRequests(doc) }))
    return contentView(documentId, record, content, requests)
  }

  /** How many clauses the working text holds, how many are agreed and how many under negotiation (`negotiation/negotiationProgress.ts`). */
  async progress(principal: Principal, documentId: string): Promise<ClauseProgress> {
    await this.catalog.get(principal, documentId)
    return this.editor.read(documentId, (doc) => clauseProgress(readContent(doc)))
  }

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
    const findings = wordingFindings(record, content, language)
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
    const parties = record.parties.map((party) => party.code) as unknown as TemplateParties
    const memberId = principal.kind === 'member' ? principal.member.id : null
    return this.editor.change(documentId, memberId, (doc) => {
      // Read from the shared text itself, not a copy of the whole document: the clause each template drafted, as it stood before.
      const drafted = clausesFromTemplates(doc)
      const fromTemplate = (templateId: string) => drafted.get(templateId) ?? null
      const clause = renderClauseTemplate(this.templates, request.templateId, record.style, parties, request.variables, fromTemplate)
      try {
        insertClause(doc, clause, request.after)
        // Each language text gets the clause in its language where the template has it (untranslated otherwise), with the same id.
        for (const lang of record.languages.others) {
          const translated = renderClauseTemplate(this.templates, request.templateId, record.style, parties, request.variables, fromTemplate, lang)
          insertClause(doc, translated.type.create(clauseIdentity(clause), translated.content), request.after, languageFragmentName(lang))
        }
      } catch (error) {
        if (error instanceof RangeError) throw invalid(`field "after": document ${documentId} has no clause with id "${request.after}"`)
        throw error
      }
      const place = clauseElements(doc.getXmlFragment(contentFragmentName)).findIndex((element) => element.getAttribute('id') === clause.attrs.id)
      const label = clauseLabelIn(place + 1, record.style)
      return { id: clause.attrs.id as string, templateId: request.templateId, label }
    })
  }

  /**
   * Deletes the clause `clauseId` from the live document (every language
   * text follows the working text) on behalf of `principal`, and records it
   * in the audit trail. Throws Forbidden for observers and members of other
   * documents, NotFound for no such clause, Conflict for a clause agreed or
   * agreed ad referendum (reopen or withdraw first) or one another clause
   * refers to. Resolves to the label the clause had.
   */
  async deleteClause(principal: Principal, documentId: string, clauseId: string): Promise<{ id: string; label: string }> {
    requireEditing(principal, documentId)
    const record = await this.catalog.get(principal, documentId)
    const memberId = principal.kind === 'member' ? principal.member.id : null
    const label = await this.editor.change(documentId, memberId, (doc) => {
      const content = readContent(doc)
      // Numbered as the text shows it, in its working language.
      const numbering = numberDocument(content, record.style, record.languages.working)
      const fragment = doc.getXmlFragment(contentFragmentName)
      const index = fragment.toArray().findIndex((child) => child instanceof Y.XmlElement && child.nodeName === 'clause' && child.getAttribute('id') === clauseId)
      if (index === -1) throw notFound(`document ${documentId} has no clause with id "${clauseId}"`)
      const label = numbering.clauseLabel(clauseId) ?? clauseId
      const { status } = clauseStateOf((fragment.get(index) as Y.XmlElement).getAttributes())
      if (status === 'agreed' || status === 'agreed-ad-referendum') {
        throw conflict(refusal('refusal.clause.deleteAgreed', { clause: label, agreement: status }))
      }
      const referring = referringClauses(content, clauseId).map((id) => numbering.clauseLabel(id) ?? id)
      if (referring.length > 0) throw conflict(refusal('refusal.clause.deleteReferred', { clause: label, referring, count: referring.length }))
      doc.transact(() => fragment.delete(index, 1))
      return label
    })
    await this.audit.record(documentId, principal, { event: 'clause-deleted', clauseId, details: { label } })
    return { id: clauseId, label }
  }
}

/** The clauses (other than `clauseId` itself) holding a cross-reference to `clauseId`, in document order. */
function referringClauses(content: Node, clauseId: string): string[] {
  const referring: string[] = []
  content.forEach((child) => {
    if (child.type.name !== 'clause' || child.attrs.id === clauseId) return
    let refers = false
    child.descendants((node) => {
      if (node.type.name === 'clause_ref' && node.attrs.clauseId === clauseId) refers = true
      return !refers
    })
    if (refers) referring.push(child.attrs.id as string)
  })
  return referring
}

/** Which text a content view reads, and in whose order it names the parties (null: their own order). */
export interface ContentReading {
  lang: string
  counterpart: string | null
}

const workingReading: ContentReading = { lang: 'en', counterpart: null }

/**
 * The wording findings of `content`, a text of `document` in `lang`: words
 * that do not fit the style, and parties named as text, in document order
 * (by part, then by offset).
 */
export function wordingFindings(document: Pick<DocumentRecord, 'style' | 'parties'>, content: Node, lang: string): WordingFinding[] {
  const numbering = numberDocument(content, document.style, lang)
  const nameParty = partyNamer(document.parties, lang)
  const parts = documentParts(content, numbering, nameParty)
  const named = checkPartyNames(documentParts(content, numbering, maskedNamer(nameParty)), partyNamesIn(document.parties, lang))
  const order = new Map(parts.map((part, index) => [part.clauseId ?? part.part, index]))
  const place = (finding: WordingFinding) => order.get(finding.clauseId ?? finding.part) ?? 0
  return [...checkWording(parts, document.style, lang), ...named].sort((a, b) => place(a) - place(b) || a.offset - b.offset)
}

/**
 * `content` as the API serves it: JSON, numbering, and plain text per
 * part; `requests` are the pending requests to resolve its brackets (void
 * ones are left out).
 */
export function contentView(
  documentId: string,
  document: Pick<DocumentRecord, 'style' | 'parties'>,
  content: Node,
  requests: ReadonlyMap<string, ResolutionRequest> = new Map(),
  reading: ContentReading = workingReading,
): ContentView {
  const { style } = document
  const numbering = numberDocument(content, style, reading.lang)
  const parts = documentParts(content, numbering, partyNamer(document.parties, reading.lang, reading.counterpart))
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
    // The parts negotiated like clauses, by their fixed ids (POST …/clauses/<id>/status moves them).
    parts: parts.flatMap((part, index) => {
      const node = content.child(index)
      if (part.part === 'clause' || !isNegotiatedNode(node.type.name)) return []
      const { status, agreements, reopenRequest } = clauseStateOf(node.attrs)
      return [{ id: node.attrs.id as string, part: part.part, status, agreements, reopenRequest, brackets: bracketsOf(node) }]
    }),
  }
}

/** Each template's clause in the working text of `doc` (the first drafted from it): template id → clause id. */
function clausesFromTemplates(doc: Y.Doc): Map<string, string> {
  const drafted = new Map<string, string>()
  for (const element of clauseElements(doc.getXmlFragment(contentFragmentName))) {
    const templateId = element.getAttribute('templateId')
    const id = element.getAttribute('id')
    if (typeof templateId === 'string' && typeof id === 'string' && !drafted.has(templateId)) drafted.set(templateId, id)
  }
  return drafted
}
