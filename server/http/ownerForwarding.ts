/**
 * Several instances: a request about a document is served by its owner,
 * where the live document is. Nobody owning it, this instance claims it for
 * the request (two instances asked at once: one wins, the other forwards).
 * Another owning it, the request is forwarded whole
 * (method, path, headers, body as it streams in; the answer as it streams
 * out), before this instance reads anything of it. The owner checks the
 * credentials itself, as it would have from the client; the request is
 * marked as relayed, so the owner serves it and never forwards it again.
 * The event stream is not forwarded: every instance hears every
 * document's changes (`ChangeBus`).
 */

import http from 'node:http'
import https from 'node:https'
import type { NextFunction, Request, Response } from 'express'
import { relayedByHeader, type Claim, type DocumentOwnership } from '../engine/documentOwnership.js'
import type { Logger } from '../logger.js'
import { CounterpartError, unavailable } from '../vocabulary/errors.js'

/** Headers that belong to one hop, not to the request. */
const hopHeaders = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer'])

export interface OwnerForwardingOptions {
  ownership: Pick<DocumentOwnership, 'claim' | 'release' | 'instanceId'>
  logger: Logger
}

/** Mounted at `/api/documents/:documentId` and `/d/:documentId` (the document's page). */
export function ownerForwarding({ ownership, logger }: OwnerForwardingOptions) {
  const instanceId = ownership.instanceId
  let requests = 0
  return async (request: Request, response: Response, next: NextFunction): Promise<void> => {
    const documentId = request.params.documentId
    if (typeof documentId !== 'string' || request.headers[relayedByHeader] !== undefined || /^\/events\/?$/.test(request.path)) return next()
    const user = `request:${++requests}`
    let claim: Claim
    try {
      claim = await ownership.claim(documentId, user)
    } catch (error) {
      // No such document: the routers answer as they do for one (after checking who asks).
      return next(error instanceof CounterpartError && error.code === 'not-found' ? undefined : error)
    }
    if (claim.kind === 'owned') {
      response.on('close', () => ownership.release(documentId, user))
      return next()
    }
    const owner = claim.lease.url
    const target = new URL(request.originalUrl, owner)
    const headers: http.OutgoingHttpHeaders = { [relayedByHeader]: instanceId }
    for (const [name, value] of Object.entries(request.headers)) if (!hopHeaders.has(name) && value !== undefined) headers[name] = value
    headers['x-forwarded-for'] = [request.headers['x-forwarded-for'], request.socket.remoteAddress].filter(Boolean).join(', ')
    const forwarded = (target.protocol === 'https:' ? https : http).request(target, { method: request.method, headers })
    forwarded.on('response', (answer) => {
      const answerHeaders = Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !hopHeaders.has(name)))
      response.writeHead(answer.statusCode ?? 502, answerHeaders)
      answer.pipe(response)
    })
    forwarded.on('error', (error) => {
      logger.warn('http.forward-failed', { documentId, owner, error })
      if (!response.headersSent) next(unavailable('the server instance serving this negotiation does not answer; try again in a moment'))
      else response.destroy()
    })
    // A client that goes away ends the forwarded request (an event stream, a long export).
    response.on('close', () => {
      if (!response.writableFinished) forwarded.destroy()
    })
    request.pipe(forwarded)
  }
}
