/**
 * /api/documents/:documentId/comments — threads anchored to the text:
 * list (the shared ones), open (`visibility` "shared", the default, or
 * "party": a private thread of the asker's party), reply, resolve, reopen
 * (a shared thread, or one of the asker's party's private threads).
 */

import { Router } from 'express'
import type { Discussion } from '../services/discussion.js'
import { readRelativePosition } from '../negotiation/commentAnchor.js'
import { principalOf } from './authentication.js'
import { choiceField, objectBody, stringField } from './bodyFields.js'
import { commentVisibilities } from '../vocabulary/comment.js'

const bodyRules = { maxLength: 10_000 }

export function commentsRouter(discussion: Discussion): Router {
  const router = Router({ mergeParams: true })

  router.get('/', async (request, response) => {
    const { documentId } = request.params as { documentId: string }
    response.json({ threads: await discussion.list(principalOf(response), documentId) })
  })

  router.post('/', async (request, response) => {
    const { documentId } = request.params as { documentId: string }
    const body = objectBody(request.body)
    const thread = await discussion.open(principalOf(response), documentId, {
      from: readRelativePosition(body.from, 'from'),
      to: readRelativePosition(body.to, 'to'),
      body: stringField(body, 'body', bodyRules),
      visibility: body.visibility === undefined ? 'shared' : choiceField(body, 'visibility', commentVisibilities),
    })
    response.status(201).json({ thread })
  })

  router.post('/:threadId/replies', async (request, response) => {
    const { documentId, threadId } = request.params as { documentId: string; threadId: string }
    const body = stringField(objectBody(request.body), 'body', bodyRules)
    response.status(201).json({ thread: await discussion.reply(principalOf(response), documentId, threadId, body) })
  })

  router.post('/:threadId/resolve', async (request, response) => {
    const { documentId, threadId } = request.params as { documentId: string; threadId: string }
    response.json({ thread: await discussion.setResolved(principalOf(response), documentId, threadId, true) })
  })

  router.post('/:threadId/reopen', async (request, response) => {
    const { documentId, threadId } = request.params as { documentId: string; threadId: string }
    response.json({ thread: await discussion.setResolved(principalOf(response), documentId, threadId, false) })
  })

  return router
}
