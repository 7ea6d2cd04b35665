/**
 * The JSON views the API answers, shaped from the server's records in one
 * place (their types are the shared vocabulary's `views.ts`). A view never
 * carries a token or its hash.
 */

import type { Principal } from '../access/principal.js'
import type { TemplateFile } from '../templates/templateFile.js'
import type { AuditEntry } from '../vocabulary/audit.js'
import type { DocumentRecord } from '../vocabulary/document.js'
import { canEdit, type MemberRecord } from '../vocabulary/member.js'
import type { AuditEntryView, DocumentView, MemberView, SessionView, TemplateSummary } from '../vocabulary/views.js'

/** The JSON form of a document. */
export function documentView(document: DocumentRecord): DocumentView {
  return {
    id: document.id,
    title: document.title,
    style: document.style,
    parties: document.parties.map((party) => ({
      code: party.code,
      name: party.name,
      shortName: party.shortName,
      state: party.state,
      language: party.language,
      names: structuredClone(party.names),
      position: party.position,
    })),
    languages: { working: document.languages.working, others: [...document.languages.others] },
    fullAgreementBy: document.fullAgreementBy,
    createdAt: document.createdAt.toISOString(),
  }
}

/** The JSON form of a member; never includes the token or its hash. */
export function memberView(member: MemberRecord): MemberView {
  return {
    id: member.id,
    documentId: member.documentId,
    name: member.name,
    party: member.party,
    role: member.role,
    createdAt: member.createdAt.toISOString(),
    revokedAt: member.revokedAt?.toISOString() ?? null,
  }
}

/** GET /api/session and GET /api/documents/:id/session: who `principal` is and what they may do, with the document. */
export function sessionView(principal: Principal, document: DocumentRecord | null): SessionView {
  if (principal.kind === 'admin') return { kind: 'admin', member: null, document: document && documentView(document), may: { edit: true, manageMembers: true, export: true } }
  const { member } = principal
  return {
    kind: 'member',
    member: memberView(member),
    document: document && documentView(document),
    may: { edit: canEdit(member.role), manageMembers: member.role === 'secretariat' || member.role === 'head', export: member.role === 'secretariat' },
  }
}

/** The JSON form of an audit entry. */
export function auditView(entry: AuditEntry): AuditEntryView {
  return {
    id: entry.id,
    at: entry.at.toISOString(),
    event: entry.event,
    actor: { kind: entry.actorKind, memberId: entry.actorId, party: entry.actorParty },
    clauseId: entry.clauseId,
    details: entry.details,
    visibleTo: entry.visibleTo,
  }
}

/** The JSON form of a template, listed. */
export function templateSummary(template: TemplateFile): TemplateSummary {
  return {
    id: template.id,
    kind: template.kind,
    title: template.title,
    summary: template.summary,
    category: template.category,
    tag: template.tag,
    variables: template.variables.map(variableView),
  }
}

/** The JSON form of a template variable. */
export function variableView(variable: TemplateFile['variables'][number]) {
  return { name: variable.name, type: variable.type, default: variable.default, description: variable.description }
}
