/**
 * A notification channel between the server instances sharing the database
 * (PostgreSQL's NOTIFY and LISTEN): short messages, delivered to every
 * instance listening then, in the order sent, never stored. A payload is
 * at most 8,000 bytes (PostgreSQL's limit): it names what happened, never
 * what a document holds.
 */

import type { Database } from './database.js'

/** PostgreSQL refuses a longer payload. */
export const maxNotificationBytes = 7_999

export class NotificationChannel {
  constructor(
    private readonly db: Pick<Database, 'query' | 'listen'>,
    private readonly channel: string,
  ) {}

  /** Sends `payload` to every instance listening (this one too). */
  async publish(payload: string): Promise<void> {
    if (Buffer.byteLength(payload) > maxNotificationBytes) throw new RangeError(`a notification holds at most ${maxNotificationBytes} bytes (got ${Buffer.byteLength(payload)})`)
    await this.db.query('SELECT pg_notify($1, $2)', [this.channel, payload])
  }

  /** Calls `handler` with each payload; resolves once listening, to what stops it. */
  async listen(handler: (payload: string) => void): Promise<() => Promise<void>> {
    if (!this.db.listen) throw new Error('this database has no notification channel (PGlite serves one process)')
    return this.db.listen(this.channel, handler)
  }
}
