/**
 * Creating, listing and reading negotiation documents, with the rules that
 * govern who may do which.
 */

import { randomUUID } from 'node:crypto'
import { conflict, forbidden, invalid, notFound } from '../vocabulary/errors.js'
import { refusal } from '../vocabulary/refusal.js'
import { requireAdmin, requireDocumentAccess, type Principal } from '../access/principal.js'
import type { Node } from 'prosemirror-model'
import * as Y from 'yjs'
import { encodeContent } from '../mou/contentCodec.js'
import type { DocumentStore } from '../storage/documentStore.js'
import type { TemplateLibrary } from '../templates/templateLibrary.js'
import { blankDocument, renderInstrument, type TemplateParties } from '../templates/templateRenderer.js'
import { untranslated, withIdsOf } from '../mou/alignedTexts.js'
import { inlineText } from '../vocabulary/documentText.js'
import { numberDocument } from '../vocabulary/numbering.js'
import { partyNamer } from '../vocabulary/partyReference.js'
import type { DocumentLanguages, DocumentRecord, FullAgreementBy, InstrumentStyle, PartyRecord } from '../vocabulary/document.js'
import type { AuditTrail } from './auditTrail.js'

export interface NewDocument {
  /** The title in the document list; defaults to the instrument's title when drafted from a template. */
  title: string | null
  style: InstrumentStyle
  parties: Omit<PartyRecord, 'position'>[]
  /** The working language and the other authentic languages; null: English alone. */
  languages: DocumentLanguages | null
  /** An instrument template to draft the content from; null gives a blank document. */
  template: string | null
  /** Values for the template's variables. */
  variables: Record<string, unknown>
}

export class DocumentCatalog {
  constructor(
    private readonly documents: DocumentStore,
    private readonly templates: TemplateLibrary,
    private readonly audit: Pick<AuditTrail, 'record'>,
  ) {}

  /**
   * Creates a document between exactly two parties (administrator only),
   * with its content drafted from an instrument template or blank. Throws
   * Invalid for a wrong number of parties, an unknown template or a bad
   * variable, and Conflict for two parties sharing a code.
   */
  async create(principal: Principal, spec: NewDocument): Promise<DocumentRecord> {
    requireAdmin(principal)
    if (spec.parties.length !== 2) {
      throw invalid(`field "parties" must list exactly two parties (got ${spec.parties.length})`)
    }
    const [first, second] = spec.parties as [NewDocument['parties'][0], NewDocument['parties'][0]]
    if (first.code === second.code) throw conflict(refusal('refusal.negotiation.sameCodes', { code: first.code }))
    const languages = checkLanguages(spec.languages ?? { working: 'en', others: [] }, spec.parties)
    const codes: TemplateParties = [first.code, second.code]
    const content = this.draft(spec, codes)
    const parties = spec.parties.map((party, position) => ({ ...party, position }))
    const title = spec.title ?? inlineText(content.firstChild!, numberDocument(content, spec.style), partyNamer(parties, languages.working))
    if (title.trim() === '') throw invalid(refusal('refusal.negotiation.titleRequired'))
    const translations = new Map(languages.others.map((lang) => [lang, withIdsOf(content, this.draftIn(spec, codes, content, lang))]))
    return this.documents.create(
      { id: randomUUID(), title, style: spec.style, parties, languages },
      encodedWithClients(encodeContent(content, translations)),
    )
  }

  /** The text in `lang`: the template's translation where it has one, otherwise untranslated. */
  private draftIn(spec: NewDocument, parties: TemplateParties, content: Node, lang: string): Node {
    if (spec.template === null) return untranslated(content)
    return renderInstrument(this.templates, spec.template, spec.style, parties, spec.variables, lang)
  }

  private draft(spec: NewDocument, parties: TemplateParties): Node {
    if (spec.template === null) {
      if (Object.keys(spec.variables).length > 0) throw invalid('field "variables" needs a "template"')
      return blankDocument(spec.title ?? '')
    }
    if (this.templates.find(spec.template)?.kind !== 'instrument') {
      const instruments = this.templates.ofKind('instrument').map((template) => `"${template.id}"`).join(', ')
      throw invalid(`field "template" must name an instrument template (${instruments}) (got "${spec.template}")`)
    }
    return renderInstrument(this.templates, spec.template, spec.style, parties, spec.variables)
  }

  /** The documents `principal` may see: all for the administrator, their own for a member. */
  async list(principal: Principal): Promise<DocumentRecord[]> {
    if (principal.kind === 'admin') return this.documents.list()
    const own = await this.documents.get(principal.member.documentId)
    return own ? [own] : []
  }

  /** One document. Throws Forbidden for another document's member, NotFound for an unknown id. */
  async get(principal: Principal, documentId: string): Promise<DocumentRecord> {
    requireDocumentAccess(principal, documentId)
    const document = await this.documents.get(documentId)
    if (!document) throw notFound(`document ${documentId} does not exist`)
    return document
  }

  /**
   * Sets who gives a party's full agreement and accepts a reopen request
   * in document `documentId` (the administrator or the secretariat);
   * resolves to the document as it now is. A change is in the audit
   * trail, shared with both parties. Throws Forbidden for anyone else.
   */
  async setFullAgreementBy(principal: Principal, documentId: string, fullAgreementBy: FullAgreementBy): Promise<DocumentRecord> {
    const document = await this.get(principal, documentId)
    if (principal.kind === 'member' && principal.member.role !== 'secretariat') {
      throw forbidden(refusal('refusal.negotiation.fullAgreementBySecretariat'))
    }
    if (document.fullAgreementBy === fullAgreementBy) return document
    await this.documents.setFullAgreementBy(documentId, fullAgreementBy)
    await this.audit.record(documentId, principal, {
      event: 'settings-changed',
      details: { fullAgreementBy: { from: document.fullAgreementBy, to: fullAgreementBy } },
    })
    return { ...document, fullAgreementBy }
  }
}

/** `languages`, checked: distinct tags, the working one not among the others, each party's own language one of them. */
function checkLanguages(languages: DocumentLanguages, parties: NewDocument['parties']): DocumentLanguages {
  const all = [languages.working, ...languages.others]
  const repeated = all.find((lang, index) => all.indexOf(lang) !== index)
  if (repeated !== undefined) throw invalid(`field "languages" names "${repeated}" twice; each language has one text`)
  for (const party of parties) {
    if (party.language !== null && !all.includes(party.language)) {
      throw invalid(`the language of party ${party.code} must be one of the document's (${all.join(', ')}) (got "${party.language}")`)
    }
    const stray = Object.keys(party.names).find((lang) => !languages.others.includes(lang))
    if (stray !== undefined) {
      throw invalid(`party ${party.code} is named in "${stray}", which is not one of the document's other languages (${languages.others.join(', ') || 'none'}); its names in the working language are "name", "shortName" and "state"`)
    }
  }
  return languages
}

function encodedWithClients(update: Uint8Array): { update: Uint8Array; clientIds: number[] } {
  return { update, clientIds: [...Y.decodeStateVector(Y.encodeStateVectorFromUpdate(update)).keys()] }
}
