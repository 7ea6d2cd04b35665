/**
 * Refusals in the reader's language: a server error by its code, then its
 * reason — the refusal's words (`vocabulary/refusal.ts`) said in the
 * reader's language when the server sent them, or else the server's own
 * message as it sent it (it names the bad value) — a browser that cannot
 * reach the server, and why the collaboration connection was closed, by
 * close code.
 */

import { ApiError } from '../api.js'
import type { ErrorCode } from '../../../server/vocabulary/errors.js'
import { isMessageKey, t, type MessageKey } from './translator.js'
import { sayWords } from './serverWords.js'

const summaries: Readonly<Record<ErrorCode | 'internal', MessageKey>> = {
  invalid: 'error.invalid',
  unauthorized: 'error.unauthorized',
  expired: 'error.expired',
  forbidden: 'error.forbidden',
  'not-found': 'error.not-found',
  conflict: 'error.conflict',
  'too-large': 'error.too-large',
  'too-many': 'error.too-many',
  unavailable: 'error.unavailable',
  'going-away': 'error.going-away',
  internal: 'error.internal',
}

/** What an error code means, in a few words ("Not allowed"). */
export function errorSummary(code: string): string {
  return t(Object.hasOwn(summaries, code) ? summaries[code as keyof typeof summaries] : 'error.other')
}

/**
 * An error in words, on its own (a notice): a server refusal as "Not
 * allowed: <the server's message>", a request that never reached the
 * server as such, anything else as its message.
 */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) return t('error.withReason', { summary: errorSummary(error.code), reason: reasonOf(error) })
  return reasonOf(error)
}

/**
 * Why something failed, for a sentence that already says what failed ("The
 * original was not exported: {reason}"): the server's message as it sent
 * it, or that the server could not be reached.
 */
export function reasonOf(error: unknown): string {
  // fetch rejects with a TypeError when there is no answer at all (offline, the server down).
  if (error instanceof TypeError) return t('error.network')
  // A request given up on (`Api`'s patience): the server took the request and did not answer.
  if (error instanceof DOMException && error.name === 'TimeoutError') return t('error.timeout')
  if (error instanceof ApiError && error.words) return sayWords(error.words)
  return error instanceof Error ? error.message : String(error)
}

/** What the close code `code` means for the member whose connection it closed (the server's `closeMeanings`, translated by code). */
export function closeMeaning(code: number): string {
  const key = `close.${code}`
  return t(isMessageKey(key) ? key : 'close.other')
}
