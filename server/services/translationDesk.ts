/**
 * Translations: each clause's text in each of the document's other
 * languages, its status against the working text, and confirmations — by a
 * delegate of the party whose language it is (of either party for a
 * language no party names), recorded with both texts' hashes in an
 * append-only log and in the audit trail.
 */

import type { Node } from 'prosemirror-model'
import type * as Y from 'yjs'
import { requireDocumentAccess, type Principal } from '../access/principal.js'
import { readClause, readContents } from '../mou/contentCodec.js'
import { clauseHash, clauseWords, translationStatus, workingChange } from '../negotiation/translationStatus.js'
import type { MemberStore } from '../storage/memberStore.js'
import type { TranslationStore } from '../storage/translationStore.js'
import { contentFragmentName, languageFragmentName } from '../vocabulary/documentRoots.js'
import { conflict, forbidden, notFound } from '../vocabulary/errors.js'
import { confirmingParties, mayConfirm, type TranslationConfirmation, type TranslationStatus } from '../vocabulary/translation.js'
import type { TranslationView } from '../vocabulary/views.js'
import type { AuditTrail } from './auditTrail.js'
import type { DocumentCatalog } from './documentCatalog.js'
import type { DocumentEditor } from './documentEditor.js'
import { refusal } from '../vocabulary/refusal.js'
import { clausesById } from '../vocabulary/documentText.js'


/** A clause's text in another language, with its status against the working text. */
export interface ClauseTextStatus {
  clauseId: string
  lang: string
  status: TranslationStatus
  working: Node
  confirmation: TranslationConfirmation | undefined
}

/** Every clause of the working text in every other language, with its status. */
export function statusesOf(doc: Y.Doc, languages: readonly string[], confirmations: readonly TranslationConfirmation[]): ClauseTextStatus[] {
  if (languages.length === 0) return []
  const [workingText, ...texts] = readContents(doc, [contentFragmentName, ...languages.map(languageFragmentName)])
  return statusesOfTexts(workingText!, texts, languages, confirmations)
}

/** The same, from texts already read: `texts[i]` is the text in `languages[i]`. */
export function statusesOfTexts(workingText: Node, texts: readonly Node[], languages: readonly string[], confirmations: readonly TranslationConfirmation[]): ClauseTextStatus[] {
  const working = clausesById(workingText)
  const latest = new Map(confirmations.map((confirmation) => [`${confirmation.clauseId}\u0000${confirmation.lang}`, confirmation]))
  const entries = []
  for (const [index, lang] of languages.entries()) {
    const translated = clausesById(texts[index]!)
    for (const [clauseId, clause] of working) {
      const confirmation = latest.get(`${clauseId}\u0000${lang}`)
      entries.push({ clauseId, lang, status: translationStatus(clause, translated.get(clauseId), confirmation), working: clause, confirmation })
    }
  }
  return entries
}

/** Every text of a clause not confirmed, as "clause c1 in th (stale)", of texts already read (see `statusesOfTexts`). */
export function unsettled(workingText: Node, texts: readonly Node[], languages: readonly string[], confirmations: readonly TranslationConfirmation[]): string[] {
  return statusesOfTexts(workingText, texts, languages, confirmations)
    .filter((entry) => entry.status !== 'confirmed')
    .map((entry) => `clause ${entry.clauseId} in ${entry.lang} (${entry.status})`)
}

/** The languages in which clause `clauseId`'s text is not confirmed (none for a part that is not a clause): reads that clause alone. */
export function unconfirmedLanguages(doc: Y.Doc, languages: readonly string[], confirmations: readonly TranslationConfirmation[], clauseId: string): string[] {
  const working = readClause(doc, clauseId)
  if (working === null) return []
  return languages.filter((lang) => {
    const confirmation = confirmations.find((candidate) => candidate.clauseId === clauseId && candidate.lang === lang)
    return translationStatus(working, readClause(doc, clauseId, languageFragmentName(lang)) ?? undefined, confirmation) !== 'confirmed'
  })
}

export class TranslationDesk {
  constructor(
    private readonly catalog: DocumentCatalog,
    private readonly editor: DocumentEditor,
    private readonly store: TranslationStore,
    private readonly members: Pick<MemberStore, 'list'>,
    private readonly audit: Pick<AuditTrail, 'record'>,
  ) {}

  /** The latest confirmations of a document (for the agreement and export checks). */
  confirmations(documentId: string): Promise<TranslationConfirmation[]> {
    return this.store.latest(documentId)
  }

  /** One entry per clause and other language. */
  async list(principal: Principal, documentId: string): Promise<TranslationView[]> {
    const document = await this.catalog.get(principal, documentId)
    const confirmations = await this.store.latest(documentId)
    const members = new Map((await this.members.list(documentId)).map((member) => [member.id, member]))
    const entries = await this.editor.read(documentId, (doc) => statusesOf(doc, document.languages.others, confirmations))
    return entries.map(({ clauseId, lang, status, working, confirmation }) => {
      const member = confirmation ? members.get(confirmation.confirmedBy) : undefined
      return {
        clauseId,
        lang,
        status,
        confirmedBy: confirmation ? { memberId: confirmation.confirmedBy, name: member?.name ?? null, party: member?.party ?? null } : null,
        confirmedAt: confirmation?.confirmedAt.toISOString() ?? null,
        workingChange: status === 'stale' && confirmation ? workingChange(confirmation.workingText, working) : null,
      }
    })
  }

  /**
   * Confirms that clause `clauseId` in `lang` renders the working text as
   * it stands. Throws Forbidden for anyone but a delegate of the party whose
   * language it is, NotFound for an unknown clause or language, Conflict
   * for a clause with no words in that language.
   */
  async confirm(principal: Principal, documentId: string, clauseId: string, lang: string): Promise<TranslationView> {
    requireDocumentAccess(principal, documentId)
    const document = await this.catalog.get(principal, documentId)
    if (!document.languages.others.includes(lang)) {
      throw notFound(`document ${documentId} has no text in "${lang}"; its other languages are ${document.languages.others.join(', ') || 'none'}`)
    }
    const member = principal.kind === 'member' ? principal.member : null
    if (member === null || !mayConfirm(member, document.parties, lang)) {
      throw forbidden(refusal('refusal.translation.confirmingParty', { lang, parties: confirmingParties(document.parties, lang) }))
    }
    const texts = await this.editor.read(documentId, (doc) => ({
      working: readClause(doc, clauseId) ?? undefined,
      translation: readClause(doc, clauseId, languageFragmentName(lang)) ?? undefined,
    }))
    if (!texts.working) throw notFound(`document ${documentId} has no clause with id "${clauseId}"`)
    if (!texts.translation || texts.translation.textContent.trim() === '') throw conflict(refusal('refusal.translation.nothingToConfirm', { clause: clauseId, lang }))
    const confirmation = await this.store.append({
      documentId,
      clauseId,
      lang,
      workingHash: clauseHash(texts.working),
      translationHash: clauseHash(texts.translation),
      workingText: clauseWords(texts.working),
      confirmedBy: member.id,
    })
    await this.audit.record(documentId, principal, { event: 'translation-confirmed', clauseId, details: { lang } })
    return {
      clauseId,
      lang,
      status: 'confirmed',
      confirmedBy: { memberId: member.id, name: member.name, party: member.party },
      confirmedAt: confirmation.confirmedAt.toISOString(),
      workingChange: null,
    }
  }
}
