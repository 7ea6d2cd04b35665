/**
 * What every server instance must hear at once, whichever instance it
 * happened on: a negotiation's changes outside its text (for the pages'
 * event streams), and the sockets to close — a member revoked or given
 * another role, a person signed out, a token revoked. Each instance acts
 * on its own at once, and tells the others through the database's
 * notification channel; what it hears from them it acts on as its own.
 * The messages name what happened, never what a document holds. Alone
 * (one instance, or PGlite) there is no one to tell.
 */

import type { Logger } from '../logger.js'
import type { NotificationChannel } from '../storage/notificationChannel.js'
import type { DocumentChange } from '../vocabulary/documentChange.js'
import { CounterpartError, type ErrorCode } from '../vocabulary/errors.js'
import type { RefusalWords } from '../vocabulary/refusal.js'

/** A refusal as it travels: its code, its English, and its words when it was made from them. */
export interface SentReason {
  code: ErrorCode
  message: string
  words?: RefusalWords
}

export type ClusterMessage =
  | { kind: 'change'; documentId: string; change: DocumentChange }
  | { kind: 'close-member'; documentId: string; memberId: string; reason: SentReason }
  | { kind: 'end-member-streams'; documentId: string; memberId: string; reason: string }
  | { kind: 'close-signed-in'; ended: { personId: string } | { sessionHash: string }; reason: SentReason }
  | { kind: 'close-opened-with'; tokenHash: string; reason: SentReason }

const kinds = new Set<ClusterMessage['kind']>(['change', 'close-member', 'end-member-streams', 'close-signed-in', 'close-opened-with'])

export class ClusterBus {
  private stop: (() => Promise<void>) | null = null
  /** Messages on their way out, awaited by `close`. */
  private readonly sending = new Set<Promise<void>>()

  constructor(
    /** Null: alone, nothing to tell. */
    private readonly channel: Pick<NotificationChannel, 'publish' | 'listen'> | null,
    private readonly instanceId: string,
    private readonly logger: Logger,
  ) {}

  /** What this instance does on a message, its own or another's. */
  private act: ((message: ClusterMessage) => void) | null = null

  /** Starts acting on messages with `act`: this instance's own (`everywhere`), and the other instances'. */
  async start(act: (message: ClusterMessage) => void): Promise<void> {
    this.act = act
    if (!this.channel) return
    this.stop = await this.channel.listen((payload) => {
      let parsed: { from?: unknown; message?: ClusterMessage }
      try {
        parsed = JSON.parse(payload)
      } catch {
        return this.logger.warn('cluster.unreadable-message', { bytes: payload.length })
      }
      if (parsed.from === this.instanceId || !parsed.message || !kinds.has(parsed.message.kind)) return
      try {
        act(parsed.message)
      } catch (error) {
        this.logger.error('cluster.message-failed', { kind: parsed.message.kind, error })
      }
    })
  }

  /** Acts on `message` here at once, and tells the other instances. */
  everywhere(message: ClusterMessage): void {
    this.act?.(message)
    this.tell(message)
  }

  /** Tells the other instances (this one has acted already). */
  tell(message: ClusterMessage): void {
    if (!this.channel) return
    const sent = this.channel.publish(JSON.stringify({ from: this.instanceId, message })).catch((error: unknown) => this.logger.error('cluster.tell-failed', { kind: message.kind, error }))
    this.sending.add(sent)
    void sent.finally(() => this.sending.delete(sent))
  }

  /** Stops hearing, once what was being told has left. */
  async close(): Promise<void> {
    await Promise.all(this.sending)
    await this.stop?.()
    this.stop = null
  }
}

/** `reason` as it travels. */
export function sentReason(reason: CounterpartError): SentReason {
  return { code: reason.code, message: reason.message, ...(reason.words ? { words: reason.words } : {}) }
}

/** A reason that travelled, as a refusal again. */
export function heardReason(reason: SentReason): CounterpartError {
  return new CounterpartError(reason.code, reason.words ?? reason.message)
}
