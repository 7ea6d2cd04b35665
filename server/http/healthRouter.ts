/**
 * GET /healthz — 200 `{"ok":true, "instance", "owned"}` when the database
 * answers: this instance's name and the documents it owns now (several
 * instances: whose gate each document passes through); 503 with the reason
 * when it does not or when the server is shutting down (a load balancer
 * then sends no new client here).
 */

import { Router } from 'express'
import type { Database } from '../storage/database.js'
import type { DocumentOwnership } from '../engine/documentOwnership.js'

const probeTimeoutMs = 2_000

export function healthRouter(database: Pick<Database, 'query'>, isDraining: () => boolean, ownership: Pick<DocumentOwnership, 'instanceId' | 'owned'>): Router {
  const router = Router()
  router.get('/healthz', async (_request, response) => {
    response.setHeader('Cache-Control', 'no-store')
    if (isDraining()) {
      response.status(503).json({ ok: false, instance: ownership.instanceId, error: 'the server is shutting down' })
      return
    }
    try {
      await withTimeout(database.query('SELECT 1'), probeTimeoutMs)
      response.json({ ok: true, instance: ownership.instanceId, owned: ownership.owned() })
    } catch (error) {
      response.status(503).json({ ok: false, instance: ownership.instanceId, error: `database: ${(error as Error).message}` })
    }
  })
  return router
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
