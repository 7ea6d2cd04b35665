/**
 * The negotiation's moves on live documents: clause status changes,
 * reopening agreed clauses, and resolving brackets. Each is a server change
 * in the shared document (every client sees it at once, attributed to the
 * member) and an entry in the audit trail.
 */

import type { Node } from 'prosemirror-model'
import * as Y from 'yjs'
import { requireDocumentAccess, requireEditing, type Principal } from '../access/principal.js'
import type { DocumentCatalog } from '../documents/documentCatalog.js'
import { forbidden, notFound } from '../errors.js'
import { contentFragmentName, readContent } from '../mou/contentCodec.js'
import type { AuditTrail } from '../negotiation/auditTrail.js'
import { bracketsOf, describeBracket, resolveBracket } from '../negotiation/brackets.js'
import { attributesOf, clauseStateOf, lockedStatuses, nextState, type ClauseState, type StatusAction } from '../negotiation/clauseStatus.js'
import type { DocumentEditor } from './documentEditor.js'

export class NegotiationDesk {
  constructor(
    private readonly catalog: DocumentCatalog,
    private readonly editor: DocumentEditor,
    private readonly audit: AuditTrail,
  ) {}

  /** Applies a status action to clause `clauseId`; resolves to the clause's new state. */
  async act(principal: Principal, documentId: string, clauseId: string, action: StatusAction): Promise<ClauseState & { clauseId: string }> {
    requireDocumentAccess(principal, documentId)
    if (principal.kind !== 'member') throw forbidden('clause status is changed by members of the negotiation, not the administrator')
    const { member } = principal
    const document = await this.catalog.get(principal, documentId)
    const parties = document.parties.map((party) => party.code)
    const locking = action.kind === 'set' && (lockedStatuses as readonly string[]).includes(action.target)
    const before = { status: '' }
    const transition = await this.editor.change(
      documentId,
      member.id,
      (doc) => {
        const element = clauseElement(doc, clauseId)
        const state = clauseStateOf({ status: element.getAttribute('status'), agreedBy: element.getAttribute('agreedBy'), reopenRequest: element.getAttribute('reopenRequest') })
        before.status = state.status
        const brackets = bracketsOf(clauseNode(readContent(doc), clauseId)).length
        const result = nextState(state, action, { memberId: member.id, name: member.name, role: member.role, party: member.party }, parties, brackets, new Date().toISOString())
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

  /** Resolves a bracket: keeps alternative `keep` or, with null, removes the proposal. */
  async resolveBracket(principal: Principal, documentId: string, bracketId: string, keep: number | null): Promise<{ bracketId: string; kept: string | null }> {
    requireEditing(principal, documentId)
    await this.catalog.get(principal, documentId)
    const memberId = principal.kind === 'member' ? principal.member.id : null
    const resolved = await this.editor.change(documentId, memberId, (doc) => {
      const content = readContent(doc)
      const bracket = bracketsOf(content).find((candidate) => candidate.id === bracketId)
      if (!bracket) throw notFound(`there is no bracket ${bracketId} in the document`)
      let clauseId: string | null = null
      content.forEach((child) => {
        if (child.type.name === 'clause' && bracketsOf(child).some((candidate) => candidate.id === bracketId)) clauseId = child.attrs.id
      })
      resolveBracket(doc, bracketId, keep)
      return { bracket, clauseId: clauseId as string | null }
    })
    const kept = keep === null ? null : (resolved.bracket.alternatives[keep] ?? null)
    await this.audit.record(documentId, principal, {
      event: 'bracket-resolved',
      clauseId: resolved.clauseId,
      details: { bracketId, owner: resolved.bracket.owner, proposal: describeBracket(resolved.bracket), kept },
    })
    return { bracketId, kept }
  }
}

function clauseElement(doc: Y.Doc, clauseId: string): Y.XmlElement {
  for (const child of doc.getXmlFragment(contentFragmentName).toArray()) {
    if (child instanceof Y.XmlElement && child.nodeName === 'clause' && child.getAttribute('id') === clauseId) return child
  }
  throw notFound(`there is no clause ${clauseId} in the document`)
}

function clauseNode(content: Node, clauseId: string): Node {
  let found: Node | null = null
  content.forEach((child) => {
    if (child.type.name === 'clause' && child.attrs.id === clauseId) found = child
  })
  if (!found) throw notFound(`there is no clause ${clauseId} in the document`)
  return found
}
