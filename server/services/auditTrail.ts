/**
 * What happened in a negotiation, and who may read it: members added and
 * revoked, status changes, reopen requests and acceptances, bracket
 * resolutions, revisions, exports, refused updates. The secretariat (and
 * the administrator) see everything; a party's members see the shared
 * events and their own party's; observers the shared ones.
 */

import { forbidden } from '../vocabulary/errors.js'
import { requireDocumentAccess, type Principal } from '../access/principal.js'
import type { AuditStore } from '../storage/auditStore.js'
import type { AuditEntry } from '../vocabulary/audit.js'
import type { DocumentEvents } from './documentEvents.js'
import { changeOfAuditEvent } from '../vocabulary/documentChange.js'

export interface AuditEvent {
  event: string
  clauseId?: string | null
  details?: Record<string, unknown>
  /** Set to a party code for events only that party (and the secretariat) may read. */
  visibleTo?: string | null
}

export class AuditTrail {
  constructor(
    private readonly store: AuditStore,
    /** Told of what the pages show outside the text (members, invitations, confirmations), once recorded. */
    private readonly events: Pick<DocumentEvents, 'publish'>,
  ) {}

  /** Records `event` by `actor` (a principal, or null for the server), and tells the document's pages when they show what it changed. */
  async record(documentId: string, actor: Principal | null, event: AuditEvent): Promise<void> {
    await this.store.append({
      documentId,
      event: event.event,
      actorKind: actor === null ? 'server' : actor.kind === 'admin' ? 'admin' : 'member',
      actorId: actor?.kind === 'member' ? actor.member.id : null,
      actorParty: actor?.kind === 'member' ? actor.member.party : null,
      clauseId: event.clauseId ?? null,
      details: event.details ?? {},
      visibleTo: event.visibleTo ?? null,
    })
    const change = changeOfAuditEvent(event.event)
    if (change !== null) this.events.publish(documentId, change)
  }

  /** The entries `principal` may read, oldest first; with `during`, those made in that time alone. */
  async read(principal: Principal, documentId: string, during?: { from: Date; to: Date | null }): Promise<AuditEntry[]> {
    requireDocumentAccess(principal, documentId)
    if (principal.kind === 'admin' || principal.member.role === 'secretariat') return this.store.list(documentId, undefined, during)
    if (principal.member.revokedAt) throw forbidden('a revoked member reads nothing')
    return this.store.list(documentId, principal.member.party, during)
  }
}
