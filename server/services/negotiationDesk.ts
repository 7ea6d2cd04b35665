/**
 * The negotiation's moves on live documents: clause status changes,
 * reopening agreed clauses, and resolving brackets by consent (asking,
 * accepting, declining, cancelling, withdrawing one's own alternative).
 * Each is a server change in the shared document (every client sees it at
 * once, attributed to the member) and an entry in the audit trail.
 */

import * as Y from 'yjs'
import { isNegotiatedNode, negotiatedParts } from '../vocabulary/schema.js'
import { requireDocumentAccess, requireEditing, type Principal } from '../access/principal.js'
import type { DocumentCatalog } from './documentCatalog.js'
import { conflict, CounterpartError, forbidden, notFound, type ErrorCode } from '../vocabulary/errors.js'
import { readContent, readElement } from '../mou/contentCodec.js'
import type { AuditTrail } from './auditTrail.js'
import { askResolution, answerResolution, checkWithdrawal, writeResolutionRequest, type ResolutionActor } from '../negotiation/bracketResolution.js'
import { resolveBracket, withdrawAlternative } from '../negotiation/brackets.js'
import { nextState, type StatusAction } from '../negotiation/clauseStatus.js'
import type { DocumentEditor } from './documentEditor.js'
import { type Acceptance, type Answer, type BracketOutcome, type ResolutionRequest, askerOf, isCurrent, readResolutionRequests } from '../vocabulary/bracketRequest.js'
import { bracketsOf, describeBracket, type Bracket } from '../vocabulary/brackets.js'
import { attributesOf, clauseStateOf, isLocked, type AgreementSelection, type ClauseState } from '../vocabulary/clauseState.js'
import type { BulkAgreementView } from '../vocabulary/views.js'
import { contentFragmentName } from '../vocabulary/documentRoots.js'
import { unconfirmedLanguages, type TranslationDesk } from './translationDesk.js'
import { partyActedFor } from '../vocabulary/member.js'
import { refusal } from '../vocabulary/refusal.js'

export class NegotiationDesk {
  constructor(
    private readonly catalog: DocumentCatalog,
    private readonly editor: DocumentEditor,
    private readonly audit: AuditTrail,
    private readonly translations: Pick<TranslationDesk, 'confirmations'>,
  ) {}

  /**
   * Applies a status action to clause `clauseId`; resolves to the clause's
   * new state. Agreeing (ad referendum or fully) needs the clause's text in
   * every other language confirmed and not stale: Conflict otherwise.
   */
  async act(principal: Principal, documentId: string, clauseId: string, action: StatusAction): Promise<ClauseState & { clauseId: string }> {
    requireDocumentAccess(principal, documentId)
    if (principal.kind !== 'member') throw forbidden(refusal('refusal.status.administrator'))
    const { member } = principal
    const document = await this.catalog.get(principal, documentId)
    const parties = document.parties.map((party) => party.code)
    const locking = action.kind === 'set' && isLocked(action.target)
    const before = { status: '' }
    const confirmations = locking && document.languages.others.length > 0 ? await this.translations.confirmations(documentId) : []
    const transition = await this.editor.change(
      documentId,
      member.id,
      (doc) => {
        const element = clauseElement(doc, clauseId)
        const state = elementState(element)
        before.status = state.status
        const brackets = bracketsOf(readElement(element)).length
        const result = nextState(state, action, { memberId: member.id, name: member.name, role: member.role, party: member.party }, parties, brackets, new Date().toISOString(), document.fullAgreementBy)
        if (locking) {
          const open = unconfirmedLanguages(doc, document.languages.others, confirmations, clauseId)
          if (open.length > 0) throw conflict(refusal('refusal.status.translationsOpen', { clause: clauseId, languages: open }))
        }
        doc.transact(() => {
          for (const [key, value] of Object.entries(attributesOf(result.state))) {
            if (value === null) element.removeAttribute(key)
            else element.setAttribute(key, value)
          }
        })
        return result
      },
      { locks: locking ? [clauseId] : [] },
    )
    await this.audit.record(documentId, principal, {
      event: `clause-${transition.event}`,
      clauseId,
      details: {
        from: before.status,
        to: transition.state.status,
        ...(action.kind === 'set' && action.initials ? { initials: action.initials } : {}),
      },
    })
    return { clauseId, ...transition.state }
  }

  /**
   * Agrees several clauses (or the title, preamble, final provisions) for
   * the member's party at once: each as `act` with the status
   * `agreed-ad-referendum` would, one after the other, so each is locked,
   * checked (brackets, translations) and recorded in the audit trail on its
   * own; a clause the other party has agreed already becomes agreed. The
   * clauses refused are listed with the reason, the others stay agreed.
   * Throws Forbidden before agreeing anything unless the principal is a
   * delegate or legal member of a party.
   */
  async agreeMany(principal: Principal, documentId: string, selection: AgreementSelection, initials: string | null): Promise<BulkAgreementView> {
    requireDocumentAccess(principal, documentId)
    const party = principal.kind === 'member' ? partyActedFor(principal.member) : null
    if (party === null) throw forbidden(refusal('refusal.status.agreeByPartyMember'))
    await this.catalog.get(principal, documentId)
    const clauseIds = 'clauseIds' in selection ? selection.clauseIds : await this.editor.read(documentId, (doc) => agreedByOthersOnly(doc, party))
    const outcome: BulkAgreementView = { agreed: [], refused: [] }
    for (const clauseId of clauseIds) {
      try {
        const { status } = await this.act(principal, documentId, clauseId, { kind: 'set', target: 'agreed-ad-referendum', initials })
        outcome.agreed.push({ clauseId, status })
      } catch (error) {
        // A refusal of this clause's move; anything else (storage) is not the clause's, and stops the rest.
        if (!(error instanceof CounterpartError) || !refusals.has(error.code)) throw error
        outcome.refused.push({ clauseId, code: error.code, reason: error.message, ...(error.words ? { words: error.words } : {}) })
      }
    }
    return outcome
  }

  /**
   * Asks to resolve bracket `bracketId`: keep alternative `keep`, or drop
   * every alternative (null). Applied at once when it drops no other
   * party's alternative; otherwise stored as a request in the shared
   * document for the parties it drops to accept (`answerResolution`).
   * Throws Forbidden for observers and members of other documents,
   * NotFound for an unknown bracket, Invalid for an alternative it does
   * not have, Conflict while another request on the bracket is pending.
   */
  async resolveBracket(principal: Principal, documentId: string, bracketId: string, keep: number | null): Promise<BracketOutcome> {
    const actor = await this.resolutionActor(principal, documentId)
    const now = new Date().toISOString()
    const asked = await this.editor.change(documentId, actor.memberId, (doc) => {
      const state = bracketState(doc)
      const found = state.brackets.get(bracketId)
      if (!found) throw notFound(refusal('refusal.bracket.notFound', { bracket: bracketId }))
      const request = askResolution(found.bracket, keep, actor, state.requests.get(bracketId) ?? null, now)
      if (request) writeResolutionRequest(doc, bracketId, request)
      else resolveBracket(doc, bracketId, keep)
      return { ...found, request }
    })
    const kept = keep === null ? null : (asked.bracket.alternatives[keep] ?? null)
    if (asked.request) {
      const { proposal, owners, awaiting } = asked.request
      await this.audit.record(documentId, principal, {
        event: 'bracket-resolution-requested',
        clauseId: asked.clauseId,
        details: { bracketId, proposal, owners, keep, kept, awaiting },
      })
      return { bracketId, resolved: false, request: asked.request }
    }
    await this.recordResolved(documentId, principal, asked.clauseId, asked.bracket, keep, { party: actor.party, memberId: actor.memberId, name: actor.name }, [])
    return { bracketId, kept, resolved: true }
  }

  /**
   * Answers the pending request to resolve bracket `bracketId`: `accept`
   * (by a delegate or legal member of an awaited party; applied once every
   * awaited party has accepted), `decline` (by one of them) or `cancel` (by
   * the asker's party). A request whose bracket is gone or has changed
   * since it was asked is void: it is removed and the answer refused.
   * Throws Forbidden for whoever may not answer, Conflict when there is no
   * request (or it is void), NotFound when the bracket is gone.
   */
  async answerResolution(principal: Principal, documentId: string, bracketId: string, answer: Answer): Promise<BracketOutcome> {
    const actor = await this.resolutionActor(principal, documentId)
    const now = new Date().toISOString()
    const answered = await this.editor.change(documentId, actor.memberId, (doc) => {
      const state = bracketState(doc)
      const found = state.brackets.get(bracketId)
      const voided = state.voided.get(bracketId)
      if (voided) return { kind: 'void' as const, request: voided, bracket: found?.bracket ?? null }
      if (!found) throw notFound(refusal('refusal.bracket.notFound', { bracket: bracketId }))
      const request = state.requests.get(bracketId)
      if (!request) throw conflict(refusal('refusal.bracket.nobodyAsked', { bracket: bracketId }))
      const outcome = answerResolution(request, answer, actor, now)
      writeResolutionRequest(doc, bracketId, outcome.kind === 'pending' ? outcome.request : null)
      if (outcome.kind === 'apply') resolveBracket(doc, bracketId, request.keep)
      return { ...found, ...outcome, asked: request }
    })
    if (answered.kind === 'void') {
      const { request, bracket } = answered
      if (!bracket) throw notFound(`there is no bracket ${bracketId} in the document any more; ${askerOf(request)}'s request to resolve it was void and is removed`)
      throw conflict(
        `bracket ${bracketId} has changed since ${askerOf(request)} asked to resolve it (${request.proposal}, now ${describeBracket(bracket)}); the request was void and is removed: ask again`,
      )
    }
    const { asked, bracket, clauseId } = answered
    const kept = asked.keep === null ? null : (bracket.alternatives[asked.keep] ?? null)
    const askedBy = { party: asked.party, memberId: asked.memberId, name: asked.name }
    const event = { accept: 'bracket-resolution-accepted', decline: 'bracket-resolution-declined', cancel: 'bracket-resolution-cancelled' }[answer]
    const awaiting = answered.kind === 'closed' ? [] : answered.request.awaiting
    await this.audit.record(documentId, principal, { event, clauseId, details: { bracketId, keep: asked.keep, kept, askedBy, awaiting } })
    if (answered.kind === 'apply') {
      await this.recordResolved(documentId, principal, clauseId, bracket, asked.keep, askedBy, answered.request.accepted)
      return { bracketId, kept, resolved: true }
    }
    return { bracketId, resolved: false, request: answered.kind === 'pending' ? answered.request : null }
  }

  /**
   * Withdraws alternative `alt` of bracket `bracketId`, which must be the
   * asking party's own: its text is deleted at once, the other
   * alternatives stay (renumbered). Resolves to what is left of the
   * bracket (null: nothing). Throws Forbidden for another party's
   * alternative, Conflict while a request to resolve the bracket is
   * pending, NotFound and Invalid for an unknown bracket or alternative.
   */
  async withdrawAlternative(principal: Principal, documentId: string, bracketId: string, alt: number): Promise<{ bracketId: string; withdrawn: string; bracket: Bracket | null }> {
    const actor = await this.resolutionActor(principal, documentId)
    const { bracket, clauseId } = await this.editor.change(documentId, actor.memberId, (doc) => {
      const state = bracketState(doc)
      const found = state.brackets.get(bracketId)
      if (!found) throw notFound(refusal('refusal.bracket.notFound', { bracket: bracketId }))
      checkWithdrawal(found.bracket, alt, actor, state.requests.get(bracketId) ?? null)
      withdrawAlternative(doc, bracketId, alt)
      return found
    })
    const owners = bracket.owners.filter((_, index) => index !== alt)
    const alternatives = bracket.alternatives.filter((_, index) => index !== alt)
    const left = alternatives.length === 0 ? null : { id: bracketId, owner: owners[0]!, owners, alternatives }
    const withdrawn = bracket.alternatives[alt]!
    await this.audit.record(documentId, principal, {
      event: 'bracket-alternative-withdrawn',
      clauseId,
      details: { bracketId, alt, owner: bracket.owners[alt], withdrawn, proposal: describeBracket(bracket), remaining: left && describeBracket(left) },
    })
    return { bracketId, withdrawn, bracket: left }
  }

  /** Who is acting on a bracket, once they may change the document. */
  private async resolutionActor(principal: Principal, documentId: string): Promise<ResolutionActor> {
    requireEditing(principal, documentId)
    await this.catalog.get(principal, documentId)
    if (principal.kind === 'admin') return { memberId: null, name: 'Administrator', role: 'administrator', party: null }
    const { member } = principal
    return { memberId: member.id, name: member.name, role: member.role, party: member.party }
  }

  private recordResolved(
    documentId: string,
    principal: Principal,
    clauseId: string | null,
    bracket: Bracket,
    keep: number | null,
    askedBy: { party: string | null; memberId: string | null; name: string },
    accepted: readonly Acceptance[],
  ): Promise<void> {
    return this.audit.record(documentId, principal, {
      event: 'bracket-resolved',
      clauseId,
      details: {
        bracketId: bracket.id,
        owner: bracket.owner,
        owners: bracket.owners,
        proposal: describeBracket(bracket),
        kept: keep === null ? null : (bracket.alternatives[keep] ?? null),
        askedBy,
        acceptedBy: accepted.map(({ party, memberId, name }) => ({ party, memberId, name })),
      },
    })
  }
}

/** The errors that refuse one clause's move, and leave the others to be tried. */
const refusals: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['invalid', 'forbidden', 'not-found', 'conflict'])

/** The ids of the negotiated nodes of `doc`, in order, that another party has agreed ad referendum and `party` has not. */
function agreedByOthersOnly(doc: Y.Doc, party: string): string[] {
  const ids: string[] = []
  for (const child of doc.getXmlFragment(contentFragmentName).toArray()) {
    if (!(child instanceof Y.XmlElement) || !isNegotiatedNode(child.nodeName)) continue
    const state = elementState(child)
    const agreedBy = state.agreements.map((agreement) => agreement.party)
    const id = child.getAttribute('id') ?? negotiatedParts[child.nodeName as keyof typeof negotiatedParts]
    if (state.status === 'agreed-ad-referendum' && typeof id === 'string' && !agreedBy.includes(party) && agreedBy.some((other) => other !== party)) ids.push(id)
  }
  return ids
}

/**
 * The brackets of `doc`, each with its clause (null outside clauses), and
 * the pending requests to resolve them. Requests that are void (bracket
 * gone or changed) are removed from `doc` on the way and listed apart.
 */
function bracketState(doc: Y.Doc) {
  const brackets = new Map<string, { bracket: Bracket; clauseId: string | null }>()
  readContent(doc).forEach((child) => {
    const clauseId = child.type.name === 'clause' ? (child.attrs.id as string | null) : null
    for (const bracket of bracketsOf(child)) brackets.set(bracket.id, { bracket, clauseId })
  })
  const requests = new Map<string, ResolutionRequest>()
  const voided = new Map<string, ResolutionRequest>()
  for (const [bracketId, request] of readResolutionRequests(doc)) {
    if (isCurrent(request, brackets.get(bracketId)?.bracket)) requests.set(bracketId, request)
    else {
      voided.set(bracketId, request)
      writeResolutionRequest(doc, bracketId, null)
    }
  }
  return { brackets, requests, voided }
}

/** The negotiation state a clause's (or negotiated part's) shared element holds. */
const elementState = (element: Y.XmlElement): ClauseState =>
  clauseStateOf({ status: element.getAttribute('status'), agreedBy: element.getAttribute('agreedBy'), reopenRequest: element.getAttribute('reopenRequest') })

/** The clause with id `clauseId`, or the negotiated part (title, preamble, final provisions) with that fixed id. */
function clauseElement(doc: Y.Doc, clauseId: string): Y.XmlElement {
  for (const child of doc.getXmlFragment(contentFragmentName).toArray()) {
    if (!(child instanceof Y.XmlElement) || !isNegotiatedNode(child.nodeName)) continue
    const id = child.getAttribute('id') ?? negotiatedParts[child.nodeName as keyof typeof negotiatedParts]
    if (id === clauseId) return child
  }
  throw notFound(refusal('refusal.clause.notFound', { clause: clauseId }))
}

