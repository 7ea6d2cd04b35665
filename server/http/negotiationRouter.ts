/**
 * /api/documents/:documentId/{clauses/:clauseId/status, clauses/agree, clauses/:clauseId/reopen,
 * brackets/:bracketId/{resolve, resolution, withdraw}, audit} — the
 * negotiation's moves and its record.
 */

import { Router } from 'express'
import type { NegotiationDesk } from '../services/negotiationDesk.js'
import { invalid } from '../vocabulary/errors.js'
import type { AuditTrail } from '../services/auditTrail.js'
import { principalOf } from './authentication.js'
import { choiceField, nullableStringField, objectBody, stringArrayField, type JsonObject } from './bodyFields.js'
import { clauseStatuses, type AgreementSelection } from '../vocabulary/clauseState.js'
import { auditView } from './views.js'

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

  router.post('/clauses/agree', async (request, response) => {
    const { documentId } = request.params as { documentId: string }
    const body = objectBody(request.body)
    const initials = nullableStringField(body, 'initials', { maxLength: 10 })
    response.json(await desk.agreeMany(principalOf(response), documentId, agreementSelection(body), initials))
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
    const outcome = await desk.resolveBracket(principalOf(response), documentId, bracketId, keep as number | null)
    // 202: asked, waiting for the parties whose alternatives it drops.
    response.status(outcome.resolved ? 200 : 202).json(outcome)
  })

  router.post('/brackets/:bracketId/resolution', async (request, response) => {
    const { documentId, bracketId } = request.params as { documentId: string; bracketId: string }
    const action = choiceField(objectBody(request.body), 'action', ['accept', 'decline', 'cancel'] as const)
    response.json(await desk.answerResolution(principalOf(response), documentId, bracketId, action))
  })

  router.post('/brackets/:bracketId/withdraw', async (request, response) => {
    const { documentId, bracketId } = request.params as { documentId: string; bracketId: string }
    const alt = objectBody(request.body).alt
    if (!(Number.isSafeInteger(alt) && (alt as number) >= 0)) {
      throw invalid(`field "alt" must be the number of your alternative to withdraw (0 for the first) (got ${JSON.stringify(alt) ?? 'nothing'})`)
    }
    response.json(await desk.withdrawAlternative(principalOf(response), documentId, bracketId, alt as number))
  })

  router.get('/audit', async (request, response) => {
    const { documentId } = request.params as { documentId: string }
    const entries = await audit.read(principalOf(response), documentId)
    response.json({ entries: entries.map(auditView) })
  })

  return router
}

/** Most clauses one request agrees. */
const maxClausesAgreed = 500

/** Which clauses POST …/clauses/agree names: `{"clauseIds": [...]}` or `{"agreedAdReferendumByOtherParty": true}`, one of the two. */
function agreementSelection(body: JsonObject): AgreementSelection {
  const byId = body.clauseIds !== undefined
  const byOthers = body.agreedAdReferendumByOtherParty !== undefined
  if (byId === byOthers) {
    throw invalid('say which clauses to agree: either "clauseIds" (a list of clause ids) or "agreedAdReferendumByOtherParty": true (every clause the other party has agreed ad referendum), not both')
  }
  if (byOthers) {
    if (body.agreedAdReferendumByOtherParty !== true) {
      throw invalid(`field "agreedAdReferendumByOtherParty" must be true (got ${JSON.stringify(body.agreedAdReferendumByOtherParty)}); to name the clauses, send "clauseIds" instead`)
    }
    return { agreedAdReferendumByOtherParty: true }
  }
  const clauseIds = stringArrayField(body, 'clauseIds', { maxLength: 100 }, maxClausesAgreed)
  if (clauseIds.length === 0) throw invalid('field "clauseIds" must name at least one clause')
  const repeated = clauseIds.find((id, index) => clauseIds.indexOf(id) !== index)
  if (repeated !== undefined) throw invalid(`field "clauseIds" names clause ${JSON.stringify(repeated)} more than once`)
  return { clauseIds }
}
