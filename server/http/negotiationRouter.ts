/**
 * /api/documents/:documentId/{clauses/:clauseId/status, clauses/:clauseId/reopen,
 * brackets/:bracketId/resolve, audit} — the negotiation's moves and its record.
 */

import { Router } from 'express'
import type { NegotiationDesk } from '../collab/negotiationDesk.js'
import { invalid } from '../errors.js'
import type { AuditEntry } from '../storage/auditStore.js'
import type { AuditTrail } from '../negotiation/auditTrail.js'
import { clauseStatuses } from '../negotiation/clauseStatus.js'
import { principalOf } from './authentication.js'
import { choiceField, nullableStringField, objectBody } from './bodyFields.js'

export function negotiationRouter(desk: NegotiationDesk, audit: AuditTrail): Router {
  const router = Router({ mergeParams: true })

  router.post('/clauses/:clauseId/status', async (request, response) => {
    const { documentId, clauseId } = request.params as { documentId: string; clauseId: string }
    const body = objectBody(request.body)
    const clause = await desk.act(principalOf(response), documentId, clauseId, {
      kind: 'set',
      target: choiceField(body, 'status', clauseStatuses),
      initials: nullableStringField(body, 'initials', { maxLength: 10 }),
    })
    response.json({ clause })
  })

  router.post('/clauses/:clauseId/reopen', async (request, response) => {
    const { documentId, clauseId } = request.params as { documentId: string; clauseId: string }
    const action = choiceField(objectBody(request.body), 'action', ['request', 'accept'] as const)
    const clause = await desk.act(principalOf(response), documentId, clauseId, { kind: action === 'request' ? 'request-reopen' : 'accept-reopen' })
    response.json({ clause })
  })

  router.post('/brackets/:bracketId/resolve', async (request, response) => {
    const { documentId, bracketId } = request.params as { documentId: string; bracketId: string }
    const keep = objectBody(request.body).keep
    if (keep !== null && !(Number.isSafeInteger(keep) && (keep as number) >= 0)) {
      throw invalid(`field "keep" must be the number of the alternative to keep (0 for the first) or null to remove the proposal (got ${JSON.stringify(keep)})`)
    }
    response.json(await desk.resolveBracket(principalOf(response), documentId, bracketId, keep as number | null))
  })

  router.get('/audit', async (request, response) => {
    const { documentId } = request.params as { documentId: string }
    const entries = await audit.read(principalOf(response), documentId)
    response.json({ entries: entries.map(auditView) })
  })

  return router
}

function auditView(entry: AuditEntry) {
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
