/**
 * The secretariat's desk: sealed signing counterparts of exact revisions
 * (sealed and recorded by `SealedExports`, which verifies copies handed back).
 */

import { requireDocumentAccess, type Principal } from '../access/principal.js'
import type { DocumentCatalog } from './documentCatalog.js'
import { conflict, forbidden, invalid } from '../vocabulary/errors.js'
import { refusal } from '../vocabulary/refusal.js'
import { packDocx, type ExportedFile } from '../export/docxPackage.js'
import { buildSigningCopy, originalLanguages } from '../export/signingCopy.js'
import { PieceCache, PiecedBody } from '../export/bodyPieces.js'
import type { AuditTrail } from './auditTrail.js'
import { notReadyRefusal, openItems } from '../negotiation/signingReadiness.js'
import type { SealedExports } from './sealedExports.js'
import type { VersionHistory } from './versionHistory.js'
import { statusesOfTexts, unsettled, type TranslationDesk } from './translationDesk.js'
import { readContents } from '../mou/contentCodec.js'
import type { DocumentEditor } from './documentEditor.js'
import { wordingFindings } from './documentContent.js'
import { numberDocument } from '../vocabulary/numbering.js'
import type { SigningReadinessView } from '../vocabulary/views.js'
import type { DocumentStore } from '../storage/documentStore.js'
import { missingSigningSettings, unsetSigning, type SigningRequest, type SigningSettings } from '../vocabulary/signing.js'
import { languageText } from '../vocabulary/documentRoots.js'
import { requireCounterpart } from '../vocabulary/document.js'

/** How an original is asked for: one language text or all, the fingerprint line and the initials boxes in its footers. */
export interface OriginalOptions {
  lang: string | null
  fingerprint: boolean
  initials: boolean
}

const plainOriginal: OriginalOptions = { lang: null, fingerprint: false, initials: false }

/** Throws Forbidden unless `principal` is the administrator or the document's secretariat. */
function requireSecretariat(principal: Principal, documentId: string, action: 'settings' | 'originals'): void {
  requireDocumentAccess(principal, documentId)
  if (principal.kind === 'member' && principal.member.role !== 'secretariat') throw forbidden(refusal('refusal.signing.secretariatOnly', { action }))
}

/** What the signing desk works with. */
export interface SigningDeskParts {
  catalog: DocumentCatalog
  history: VersionHistory
  editor: Pick<DocumentEditor, 'read'>
  sealed: SealedExports
  audit: Pick<AuditTrail, 'record'>
  translations: Pick<TranslationDesk, 'confirmations'>
  documents: Pick<DocumentStore, 'signing' | 'setSigning'>
}

export class SigningDesk {
  private readonly catalog: DocumentCatalog
  private readonly history: VersionHistory
  private readonly editor: Pick<DocumentEditor, 'read'>
  private readonly sealed: SealedExports
  private readonly audit: Pick<AuditTrail, 'record'>
  private readonly translations: Pick<TranslationDesk, 'confirmations'>
  private readonly documents: Pick<DocumentStore, 'signing' | 'setSigning'>
  /** The originals' clauses as written, kept by what they render: an original costs what changed since the last. */
  private readonly pieces = new PieceCache()

  constructor(parts: SigningDeskParts) {
    ;({
      catalog: this.catalog,
      history: this.history,
      editor: this.editor,
      sealed: this.sealed,
      audit: this.audit,
      translations: this.translations,
      documents: this.documents,
    } = parts)
  }

  /**
   * What stands between the live text and signature, for the signing desk:
   * parts not agreed (and which parties have agreed them ad referendum),
   * clause texts in other languages not confirmed, brackets, wording
   * findings per language, and what is not set for signature yet.
   */
  async readiness(principal: Principal, documentId: string): Promise<SigningReadinessView> {
    const document = await this.catalog.get(principal, documentId)
    const others = document.languages.others
    const confirmations = others.length > 0 ? await this.translations.confirmations(documentId) : []
    const languages = [document.languages.working, ...others]
    // Every text read once, from one copy of the live document.
    const [working, ...texts] = await this.editor.read(documentId, (doc) => readContents(doc, languages.map((lang) => languageText(document, lang).fragment)))
    const numbering = numberDocument(working!, document.style)
    const open = openItems(working!, document)
    const translations = statusesOfTexts(working!, texts, others, confirmations)
      .filter((entry) => entry.status !== 'confirmed')
      .map(({ clauseId, lang, status }) => ({ clauseId, label: numbering.clauseLabel(clauseId) ?? clauseId, lang, status }))
    const wording = languages.map((lang, index) => ({ lang, findings: wordingFindings(document, index === 0 ? working! : texts[index - 1]!, lang).length }))
    const settings = (await this.documents.signing(documentId)) ?? unsetSigning
    const missing = missingSigningSettings(settings, document.parties, document.languages.working)
    return {
      documentId,
      ready: open.unagreedClauses.length === 0 && open.brackets.length === 0 && translations.length === 0,
      unagreed: open.unagreedClauses,
      brackets: open.brackets,
      translations,
      wording,
      signing: { settings, missing },
    }
  }

  /** What is set for signing document `documentId` (any member may read it). */
  async settings(principal: Principal, documentId: string): Promise<SigningSettings> {
    await this.catalog.get(principal, documentId)
    return (await this.documents.signing(documentId)) ?? unsetSigning
  }

  /**
   * Sets what the originals print for signature (the secretariat and the
   * administrator only): signatories of the document's parties in its
   * languages, the place in its languages, a prevailing language among its.
   */
  async setSettings(principal: Principal, documentId: string, request: SigningRequest): Promise<SigningSettings> {
    requireSecretariat(principal, documentId, 'settings')
    const document = await this.catalog.get(principal, documentId)
    const settings: SigningSettings = { ...request, place: typeof request.place === 'string' ? { [document.languages.working]: request.place } : request.place }
    if (settings.date !== null && !new Date(`${settings.date}T00:00:00Z`).toISOString().startsWith(settings.date)) {
      throw invalid(`field "date" must be a day of the calendar (got "${settings.date}")`)
    }
    const languages = [document.languages.working, ...document.languages.others]
    const foreignLanguage = (lang: string, field: string) => {
      if (!languages.includes(lang)) throw invalid(`field "${field}" names the language "${lang}", which is not one of the document's (${languages.join(', ')})`)
    }
    for (const lang of Object.keys(settings.place)) foreignLanguage(lang, `place.${lang}`)
    if (settings.prevailingLanguage !== null) foreignLanguage(settings.prevailingLanguage, 'prevailingLanguage')
    for (const [party, byLanguage] of Object.entries(settings.signatories)) {
      if (!document.parties.some((candidate) => candidate.code === party)) {
        throw invalid(`field "signatories.${party}" names no party of the document (${document.parties.map((candidate) => candidate.code).join(', ')})`)
      }
      for (const lang of Object.keys(byLanguage)) foreignLanguage(lang, `signatories.${party}.${lang}`)
    }
    await this.documents.setSigning(documentId, settings)
    await this.audit.record(documentId, principal, { event: 'signing-set', details: { ...settings } })
    return settings
  }

  /**
   * The sealed original of revision `seq` for party `counterpart` (the
   * secretariat and the administrator only): every language text in the
   * alternat's order, or the text in `options.lang` alone. Refused unless
   * every clause is agreed, no bracket remains and every clause of every
   * language is confirmed and not stale. The same revision, party, texts,
   * settings and options always give the same bytes.
   */
  async exportCounterpart(principal: Principal, documentId: string, seq: number, counterpart: string, options: OriginalOptions = plainOriginal): Promise<ExportedFile> {
    requireSecretariat(principal, documentId, 'originals')
    const document = await this.catalog.get(principal, documentId)
    requireCounterpart(document, counterpart)
    const languages = options.lang === null ? originalLanguages(document, counterpart) : [languageText(document, options.lang).lang]
    const revision = await this.history.revisionSummary(documentId, seq)
    const { others, working } = document.languages
    const confirmations = others.length > 0 ? await this.translations.confirmations(documentId) : []
    // The working text and every other language's, for the checks and the texts (decoded once per revision).
    const read = await this.history.revisionContents(documentId, seq, [working, ...others].map((lang) => languageText(document, lang).fragment))
    const textIn = (lang: string) => read[lang === working ? 0 : 1 + others.indexOf(lang)]!
    const workingText = read[0]!
    const unconfirmed = unsettled(workingText, others.map(textIn), others, confirmations)
    const contents = languages.map(textIn)
    if (unconfirmed.length > 0) throw conflict(refusal('refusal.signing.textsUnconfirmed', { revision: seq, texts: unconfirmed.join(', ') }))
    const open = openItems(workingText, document)
    if (open.brackets.length > 0 || open.unagreedClauses.length > 0) {
      throw conflict(notReadyRefusal(seq, open), { ...open })
    }
    const settings = (await this.documents.signing(documentId)) ?? unsetSigning
    const fingerprint = options.fingerprint ? `${seq} · ${revision.contentHash.slice(0, 16)} · ${this.sealed.fingerprint.slice(0, 16)}` : null
    const texts = languages.map((lang, index) => ({ lang, content: contents[index]! }))
    const pieces = new PiecedBody(this.pieces)
    const original = buildSigningCopy({ document, revision, texts, counterpart, settings, fingerprint, initials: options.initials }, pieces)
    const packed = packDocx(original, revision.createdAt, pieces)
    const facts = { documentId, revision: seq, contentHash: revision.contentHash, counterpart, languages: languages.join(',') }
    const { bytes, sha256 } = await this.sealed.issue(principal, packed, facts, { event: 'signing-copy-exported', details: { revision: seq, counterpart, languages } })
    const suffix = options.lang === null ? '' : `-${options.lang}`
    return { bytes, sha256, filename: `original-${documentId.slice(0, 8)}-r${seq}-${counterpart}${suffix}.docx` }
  }
}
