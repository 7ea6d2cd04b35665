/**
 * The errors the domain raises on purpose. Each carries a `code`; the HTTP
 * layer maps codes to statuses (`http/errorResponse.ts`) and the WebSocket
 * layer to close codes (`closeCodes.ts`), each in one table.
 */

import { inEnglish, type RefusalWords } from './refusal.js'

export type ErrorCode =
  | 'invalid'
  | 'unauthorized'
  | 'expired'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'too-large'
  | 'too-many'
  | 'unavailable'
  | 'going-away'

/**
 * An error meant for the client: its message is safe to show and names the
 * bad value. Made from a refusal's words, it carries them too, for a reader
 * in another language; its message is their English.
 */
export class CounterpartError extends Error {
  override name = 'CounterpartError'
  /** The refusal in words, when it was made from them. */
  readonly words?: RefusalWords
  constructor(
    readonly code: ErrorCode,
    message: string | RefusalWords,
    /** Structured facts behind the message (e.g. what blocks an export), sent to the client as they are. */
    readonly details?: Record<string, unknown>,
  ) {
    super(typeof message === 'string' ? message : inEnglish(message))
    if (typeof message !== 'string') this.words = message
  }
}

/** What an error says: a sentence in English, or a refusal's words (`refusal.ts`). */
type Message = string | RefusalWords

export const invalid = (message: Message) => new CounterpartError('invalid', message)
export const unauthorized = (message: Message) => new CounterpartError('unauthorized', message)
/**
 * The caller's session ended by time (idle too long, or at its maximum
 * age), not by anyone's decision: signing in again gives the same access,
 * and whatever the page kept and did not send can go then.
 */
export const expired = (message: Message) => new CounterpartError('expired', message)
export const forbidden = (message: Message) => new CounterpartError('forbidden', message)
export const notFound = (message: Message) => new CounterpartError('not-found', message)
export const conflict = (message: Message, details?: Record<string, unknown>) => new CounterpartError('conflict', message, details)
export const tooLarge = (message: string) => new CounterpartError('too-large', message)
/**
 * The caller holds too much of something already (connections), or asked
 * too often (sign-in attempts from one address): it must let go of some, or
 * wait. `retryAfterSeconds`, when given, becomes the `Retry-After` header.
 */
export const tooMany = (message: Message, retryAfterSeconds?: number) =>
  new CounterpartError('too-many', message, retryAfterSeconds === undefined ? undefined : { retryAfterSeconds })
export const unavailable = (message: string) => new CounterpartError('unavailable', message)
/** The server is shutting down; the client should come back later. */
export const goingAway = (message: string) => new CounterpartError('going-away', message)
