/**
 * /api/me — the signed-in person and their memberships, each with where
 * its negotiation stands; adding a membership whose token they hold.
 */

import { Router } from 'express'
import type { BrowserSessions } from '../services/browserSessions.js'
import { overviewsOf, type OverviewSources } from '../services/membershipOverview.js'
import { personOf } from './authentication.js'
import { objectBody, stringField } from './bodyFields.js'
import { meView } from './personViews.js'
import { memberView } from './views.js'

export function meRouter(sessions: BrowserSessions, sources: OverviewSources): Router {
  const router = Router()

  router.get('/', async (_request, response) => {
    const { person } = personOf(response)
    const memberships = await sessions.memberships(person)
    const overviews = await overviewsOf(memberships.map(({ member }) => member), sources)
    response.json(meView(person, memberships.map((membership, index) => ({ ...membership, ...overviews[index]! }))))
  })

  router.post('/memberships', async (request, response) => {
    const { person } = personOf(response)
    const member = await sessions.claimMembership(person, stringField(objectBody(request.body), 'token', { maxLength: 200 }))
    response.status(201).json({ member: memberView(member) })
  })

  return router
}
