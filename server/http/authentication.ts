/**
 * Bearer-token authentication for the HTTP API: `Authorization: Bearer <token>`.
 */

import type { NextFunction, Request, RequestHandler, Response } from 'express'
import type { Authenticator } from '../services/authenticator.js'
import type { Principal } from '../access/principal.js'
import { unauthorized } from '../vocabulary/errors.js'

/** Resolves the request's principal into `response.locals.principal`; 401 without a valid token. */
export function requireToken(authenticator: Authenticator): RequestHandler {
  return async (request: Request, response: Response, next: NextFunction) => {
    const header = request.get('authorization')
    if (header === undefined) throw unauthorized('send "Authorization: Bearer <token>"')
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
    if (!match) throw unauthorized('the Authorization header must read "Bearer <token>"')
    response.locals.principal = await authenticator.authenticate(match[1])
    next()
  }
}

/** The principal that `requireToken` established. */
export function principalOf(response: Response): Principal {
  const principal = response.locals.principal as Principal | undefined
  if (!principal) throw new Error('principalOf() called on a route without requireToken')
  return principal
}
