/**
 * The one table from error codes to WebSocket close codes. Application
 * codes are named after HTTP statuses (4400 Bad Request, 4401
 * Unauthorized…). The stock y-websocket provider stops reconnecting on
 * 4400–4499 (reconnecting cannot help) and retries on everything else.
 */

import type { CounterpartError, ErrorCode } from './errors.js'

export const closeCodes: Record<ErrorCode, number> = {
  invalid: 4400,
  unauthorized: 4401,
  forbidden: 4403,
  'not-found': 4404,
  conflict: 4409,
  'too-large': 4413,
  'too-many': 4429,
  unavailable: 4503,
  'going-away': 1001,
}

/** Close reasons are limited to 123 bytes of UTF-8 by the protocol. */
const maxReasonBytes = 123

/** The close code and reason text for `error`. */
export function closeFrameFor(error: CounterpartError): { code: number; reason: string } {
  return { code: closeCodes[error.code], reason: truncateUtf8(error.message, maxReasonBytes) }
}

function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text
  let end = text.length
  while (Buffer.byteLength(text.slice(0, end) + '…') > maxBytes) end--
  return text.slice(0, end) + '…'
}
