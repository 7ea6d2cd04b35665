/**
 * Invitations: /api/documents/:documentId/invitations (make, list,
 * withdraw, send again — for whoever may add such a member), and the
 * link's side: /api/invitations?token= (what it invites to, no sign-in
 * needed; the token in the query, which the request log leaves out) and POST /api/me/invitations (accept it, signed in).
 */

import { Router } from 'express'
import type { Invitations } from '../services/invitations.js'
import { personOf, principalOf } from './authentication.js'
import { invalid } from '../vocabulary/errors.js'
import { choiceField, nullableStringField, objectBody, stringField } from './bodyFields.js'
import { roles } from '../vocabulary/member.js'
import { invitationView } from '../vocabulary/invitation.js'
import { memberView } from './views.js'

/** /api/documents/:documentId/invitations */
export function invitationsRouter(invitations: Invitations): Router {
  const router = Router({ mergeParams: true })

  router.post('/', async (request, response) => {
    const { documentId } = request.params as { documentId: string }
    const body = objectBody(request.body)
    const { invitation, url } = await invitations.invite(principalOf(response), documentId, {
      name: stringField(body, 'name', { maxLength: 200 }),
      party: nullableStringField(body, 'party', { maxLength: 8 }),
      role: choiceField(body, 'role', roles),
    })
    response.status(201).json({ ...invitationView(invitation, new Date()), url })
  })

  router.get('/', async (request, response) => {
    const { documentId } = request.params as { documentId: string }
    const now = new Date()
    response.json({ invitations: (await invitations.list(principalOf(response), documentId)).map((invitation) => invitationView(invitation, now)) })
  })

  router.delete('/:invitationId', async (request, response) => {
    const { documentId, invitationId } = request.params as { documentId: string; invitationId: string }
    response.json(invitationView(await invitations.withdraw(principalOf(response), documentId, invitationId), new Date()))
  })

  router.post('/:invitationId/resend', async (request, response) => {
    const { documentId, invitationId } = request.params as { documentId: string; invitationId: string }
    const { invitation, url } = await invitations.resend(principalOf(response), documentId, invitationId)
    response.status(201).json({ ...invitationView(invitation, new Date()), url })
  })

  return router
}

/** /api/invitations?token=<token> — what a link invites to; open to anyone holding it. */
export function invitationLinkRouter(invitations: Invitations): Router {
  const router = Router()
  router.get('/', async (request, response) => {
    const { invitation, title } = await invitations.describe(queryToken(request.query.token))
    const { name, party, role, expiresAt } = invitationView(invitation, new Date())
    response.json({ title, name, party, role, expiresAt })
  })
  return router
}

/** POST /api/me/invitations {token}: the signed-in person accepts an invitation. */
export function acceptInvitationRouter(invitations: Invitations): Router {
  const router = Router()
  router.post('/', async (request, response) => {
    const { person } = personOf(response)
    const member = await invitations.accept(person, stringField(objectBody(request.body), 'token', { maxLength: 200 }))
    response.status(201).json({ member: memberView(member) })
  })
  return router
}

/** The `token` query parameter: one string of at most 200 characters. */
function queryToken(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 200) throw invalid('send the invitation\'s token as ?token= (one string of at most 200 characters)')
  return value
}
