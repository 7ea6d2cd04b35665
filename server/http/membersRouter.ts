/**
 * /api/documents/:documentId/members — add, list, change the role of and revoke members.
 */

import { Router } from 'express'
import type { Membership } from '../services/membership.js'
import type { CounterpartError } from '../vocabulary/errors.js'
import type { DocumentEvents } from '../services/documentEvents.js'
import { unauthorized, unavailable } from '../vocabulary/errors.js'
import { principalOf } from './authentication.js'
import { choiceField, nullableStringField, objectBody, stringField } from './bodyFields.js'
import { roles } from '../vocabulary/member.js'
import { memberView } from './views.js'

/** Closes every socket of a member (see `CollabEndpoint.closeMember`). */
export type CloseMember = (documentId: string, memberId: string, reason: CounterpartError) => void

export function membersRouter(membership: Membership, closeMember: CloseMember, events: Pick<DocumentEvents, 'endMember'>): Router {
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
    const members = await membership.listWithLastSeen(principalOf(response), documentId)
    response.json({ members: members.map(({ member, lastSeenAt }) => ({ ...memberView(member), lastSeenAt: lastSeenAt?.toISOString() ?? null })) })
  })

  router.patch('/:memberId', async (request, response) => {
    const { documentId, memberId } = request.params as { documentId: string; memberId: string }
    const body = objectBody(request.body)
    const member = await membership.changeRole(principalOf(response), documentId, memberId, choiceField(body, 'role', roles))
    // Its open connections hold the old role: they reconnect (the provider retries 4503) and hold the new one.
    closeMember(documentId, memberId, unavailable('your role in this document changed; reconnecting with the new one'))
    response.json({ member: memberView(member) })
  })

  router.delete('/:memberId', async (request, response) => {
    const { documentId, memberId } = request.params as { documentId: string; memberId: string }
    const member = await membership.revoke(principalOf(response), documentId, memberId)
    const revoked = 'your membership of this document was revoked'
    closeMember(documentId, memberId, unauthorized(revoked))
    events.endMember(documentId, memberId, revoked)
    response.json({ member: memberView(member) })
  })

  return router
}
