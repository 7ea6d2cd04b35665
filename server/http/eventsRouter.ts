/**
 * GET /api/documents/:documentId/events — what changed in the negotiation
 * outside its shared text (comments, translations' confirmations, members
 * and invitations), as server-sent events: `event: change` with
 * `{"kind": …}` for each, `event: end` with the reason when the member's
 * access ends. A page opens it with its session cookie (EventSource), a
 * program with its bearer token. Each carries the kind only: what changed
 * is read through the API, where access is checked. Bounded per member
 * like the collaboration sockets; kept alive by a comment line.
 */

import { Router } from 'express'
import type { DocumentCatalog } from '../services/documentCatalog.js'
import type { DocumentEvents } from '../services/documentEvents.js'
import { goingAway, tooMany } from '../vocabulary/errors.js'
import { principalOf } from './authentication.js'

export interface EventsRouterOptions {
  /** How many streams one member may hold on one document at once. */
  maxStreamsPerMember: number
  /** How often a quiet stream says it is still there (proxies close silent connections). */
  heartbeatMs: number
  /** Whether the server is draining: a stream opened now would hold its shutdown up. */
  isDraining: () => boolean
}

export function eventsRouter(catalog: DocumentCatalog, events: DocumentEvents, { maxStreamsPerMember, heartbeatMs, isDraining }: EventsRouterOptions): Router {
  const router = Router({ mergeParams: true })
  router.get('/', async (request, response) => {
    if (isDraining()) throw goingAway('the server is shutting down')
    const { documentId } = request.params as { documentId: string }
    const principal = principalOf(response)
    // Whoever may read the document may hear that it changed.
    await catalog.get(principal, documentId)
    const memberId = principal.kind === 'member' ? principal.member.id : null
    if (memberId !== null && events.listenersOf(documentId, memberId) >= maxStreamsPerMember) {
      throw tooMany(`this member already holds ${maxStreamsPerMember} event streams on document ${documentId}; close one first`)
    }
    response.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' })
    response.write('retry: 5000\n\n')
    const heartbeat = setInterval(() => response.write(': still here\n\n'), heartbeatMs)
    const unsubscribe = events.subscribe(documentId, {
      memberId,
      changed: (change) => response.write(`event: change\ndata: ${JSON.stringify({ kind: change })}\n\n`),
      end: (reason) => {
        response.write(`event: end\ndata: ${JSON.stringify({ reason })}\n\n`)
        response.end()
      },
    })
    response.on('close', () => {
      clearInterval(heartbeat)
      unsubscribe()
    })
  })
  return router
}
