/**
 * The one place errors become HTTP responses: `{"error": {"code", "message"}}`
 * with the status of the error's code, and `words` when the refusal has them
 * (`vocabulary/refusal.ts`: the page says it in its reader's language). Unexpected errors are logged and
 * answered with a generic 500; stack traces never leave the server.
 */

import type { ErrorRequestHandler } from 'express'
import { CounterpartError, type ErrorCode } from '../vocabulary/errors.js'
import type { Logger } from '../logger.js'
import type { RefusalWords } from '../vocabulary/refusal.js'

export const httpStatuses: Record<ErrorCode, number> = {
  invalid: 400,
  unauthorized: 401,
  expired: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'too-large': 413,
  'too-many': 429,
  unavailable: 503,
  'going-away': 503,
}

/** Errors thrown by express's body parser carry a status and a type. */
interface BodyParserError {
  status?: number
  type?: string
  limit?: number
}

export function errorResponse(logger: Logger): ErrorRequestHandler {
  return (error: unknown, request, response, _next) => {
    const { status, code, message, details, words } = describe(error)
    if (status >= 500) logger.error('http.failed', { method: request.method, path: request.path, error })
    if (status === 401) response.setHeader('WWW-Authenticate', 'Bearer')
    if (status === 429 && typeof details?.retryAfterSeconds === 'number') response.setHeader('Retry-After', String(details.retryAfterSeconds))
    response.status(status).json({ error: { code, message, ...(details ? { details } : {}), ...(words ? { words } : {}) } })
  }
}

function describe(error: unknown): { status: number; code: string; message: string; details?: Record<string, unknown>; words?: RefusalWords } {
  if (error instanceof CounterpartError) return { status: httpStatuses[error.code], code: error.code, message: error.message, details: error.details, words: error.words }
  const parserError = error as BodyParserError
  switch (parserError.type) {
    case 'entity.parse.failed':
      return { status: 400, code: 'invalid', message: `the request body is not valid JSON: ${(error as Error).message}` }
    case 'entity.too.large':
      return { status: 413, code: 'too-large', message: `the request body exceeds the limit of ${parserError.limit} bytes` }
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return { status: 415, code: 'invalid', message: (error as Error).message }
  }
  // What express itself refuses with a 4xx: a path parameter that does not
  // decode ("%zz"), a body that does not inflate, a body shorter than its
  // length. The request is at fault, and the message names what.
  const { status } = error as { status?: unknown }
  if (error instanceof Error && typeof status === 'number' && status >= 400 && status < 500) {
    return { status, code: status === 404 ? 'not-found' : status === 413 ? 'too-large' : 'invalid', message: `the request could not be read: ${error.message}` }
  }
  return { status: 500, code: 'internal', message: 'internal server error' }
}
