/**
 * /api/me — the signed-in person and their memberships, each with where
 * its negotiation stands; the language of their interface; adding a
 * membership whose token they hold.
 */

import { Router } from 'express'
import type { BrowserSessions } from '../services/browserSessions.js'
import { overviewsOf, type OverviewSources } from '../services/membershipOverview.js'
import { personOf } from './authentication.js'
import { choiceField, objectBody, stringField } from './bodyFields.js'
import { meView, personView } from './personViews.js'
import { interfaceLanguages } from '../vocabulary/person.js'
import { memberView } from './views.js'

export function meRouter(sessions: BrowserSessions, sources: OverviewSources): Router {
  const router = Router()

  router.get('/', async (_request, response) => {
    const { person } = personOf(response)
    const memberships = await sessions.memberships(person)
    const overviews = await overviewsOf(memberships.map(({ member }) => member), sources)
    response.json(meView(person, memberships.map((membership, index) => ({ ...membership, ...overviews[index]! }))))
  })

  // The one setting a person changes on their account: anything but a known language is refused, and nothing is stored.
  router.patch('/', async (request, response) => {
    const { person } = personOf(response)
    const language = choiceField(objectBody(request.body), 'interfaceLanguage', interfaceLanguages)
    response.json({ person: personView(await sessions.chooseInterfaceLanguage(person, language)) })
  })

  router.post('/memberships', async (request, response) => {
    const { person } = personOf(response)
    const member = await sessions.claimMembership(person, stringField(objectBody(request.body), 'token', { maxLength: 200 }))
    response.status(201).json({ member: memberView(member) })
  })

  return router
}
