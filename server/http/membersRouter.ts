/**
 * /api/documents/:documentId/members — add, list and revoke members.
 */

import { Router } from 'express'
import type { Membership } from '../services/membership.js'
import type { DocumentRegistry } from '../engine/documentRegistry.js'
import { unauthorized } from '../vocabulary/errors.js'
import { principalOf } from './authentication.js'
import { choiceField, nullableStringField, objectBody, stringField } from './bodyFields.js'
import { roles } from '../vocabulary/member.js'
import { memberView } from './views.js'

export function membersRouter(membership: Membership, registry: DocumentRegistry): Router {
  const router = Router({ mergeParams: true })

  router.post('/', async (request, response) => {
    const { documentId } = request.params as { documentId: string }
    const body = objectBody(request.body)
    const { member, token } = await membership.add(principalOf(response), documentId, {
      name: stringField(body, 'name', { maxLength: 200 }),
      party: nullableStringField(body, 'party', { maxLength: 8 }),
      role: choiceField(body, 'role', roles),
    })
    response.status(201).json({ member: memberView(member), token })
  })

  router.get('/', async (request, response) => {
    const { documentId } = request.params as { documentId: string }
    const members = await membership.list(principalOf(response), documentId)
    response.json({ members: members.map(memberView) })
  })

  router.delete('/:memberId', async (request, response) => {
    const { documentId, memberId } = request.params as { documentId: string; memberId: string }
    const member = await membership.revoke(principalOf(response), documentId, memberId)
    registry.disconnectMember(documentId, memberId, unauthorized('your membership of this document was revoked'))
    response.json({ member: memberView(member) })
  })

  return router
}
