/**
 * Private comment threads and their messages (migration 0020): a party's
 * own threads, kept apart from the shared ones. Every statement names the
 * document and the party, which the caller takes from the principal, never
 * from a request; a thread of another party is simply not there. Threads
 * are never deleted: resolving and reopening only set or clear
 * `resolved_at`.
 */

import type { Database, Queryable } from './database.js'
import type { PrivateThreadRecord } from '../vocabulary/privateLayer.js'
import { threadRecord, threadsWithMessages } from './threadRows.js'

type ThreadRow = Parameters<typeof threadRecord>[0] & { party: string }
type MessageRow = Parameters<typeof threadRecord>[1][number]

/** A private thread to open, with its first message. */
export type NewPrivateThread = Pick<PrivateThreadRecord, 'id' | 'documentId' | 'party' | 'anchorFrom' | 'anchorTo' | 'quote' | 'createdBy'> & { body: string }

export class PrivateThreadStore {
  constructor(private readonly db: Database) {}

  /** Opens `party`'s thread with its first message, in one transaction. */
  async create(thread: NewPrivateThread): Promise<PrivateThreadRecord> {
    return this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO private_threads (id, document_id, party, anchor_from, anchor_to, quote, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [thread.id, thread.documentId, thread.party, thread.anchorFrom, thread.anchorTo, thread.quote, thread.createdBy],
      )
      await tx.query('INSERT INTO private_thread_messages (document_id, party, thread_id, body, author_id) VALUES ($1, $2, $3, $4, $5)', [
        thread.documentId,
        thread.party,
        thread.id,
        thread.body,
        thread.createdBy,
      ])
      return (await read(tx, thread.documentId, thread.party, thread.id))!
    })
  }

  /** Adds a message to `party`'s thread; null when the party has no such thread. */
  async reply(documentId: string, party: string, threadId: string, body: string, authorId: string): Promise<PrivateThreadRecord | null> {
    const rows = await this.db.query<{ id: number }>(
      `INSERT INTO private_thread_messages (document_id, party, thread_id, body, author_id)
       SELECT document_id, party, id, $4, $5 FROM private_threads WHERE document_id = $1 AND party = $2 AND id = $3
       RETURNING id`,
      [documentId, party, threadId, body, authorId],
    )
    return rows.length === 0 ? null : this.get(documentId, party, threadId)
  }

  /**
   * Marks `party`'s thread resolved (`by` a member) or open again (`by`
   * null). Null when the party has no such thread.
   */
  async setResolved(documentId: string, party: string, threadId: string, by: string | null): Promise<PrivateThreadRecord | null> {
    const rows = await this.db.query<{ id: string }>(
      `UPDATE private_threads
          SET resolved_at = CASE WHEN $4::text IS NULL THEN NULL ELSE now() END, resolved_by = $4
        WHERE document_id = $1 AND party = $2 AND id = $3
        RETURNING id`,
      [documentId, party, threadId, by],
    )
    return rows.length === 0 ? null : this.get(documentId, party, threadId)
  }

  /** `party`'s thread `threadId`, with its messages; null when the party has no such thread. */
  async get(documentId: string, party: string, threadId: string): Promise<PrivateThreadRecord | null> {
    return read(this.db, documentId, party, threadId)
  }

  /** Every thread of `party` on the document, oldest first, with its messages. */
  async list(documentId: string, party: string): Promise<PrivateThreadRecord[]> {
    const [threads, messages] = await Promise.all([
      this.db.query<ThreadRow>('SELECT * FROM private_threads WHERE document_id = $1 AND party = $2 ORDER BY created_at, id', [documentId, party]),
      this.db.query<MessageRow>('SELECT * FROM private_thread_messages WHERE document_id = $1 AND party = $2 ORDER BY id', [documentId, party]),
    ])
    return threadsWithMessages(threads, messages, toRecord)
  }
}

async function read(db: Queryable, documentId: string, party: string, threadId: string): Promise<PrivateThreadRecord | null> {
  const threads = await db.query<ThreadRow>('SELECT * FROM private_threads WHERE document_id = $1 AND party = $2 AND id = $3', [documentId, party, threadId])
  if (threads.length === 0) return null
  const messages = await db.query<MessageRow>('SELECT * FROM private_thread_messages WHERE document_id = $1 AND party = $2 AND thread_id = $3 ORDER BY id', [
    documentId,
    party,
    threadId,
  ])
  return toRecord(threads[0]!, messages)
}

function toRecord(row: ThreadRow, messages: readonly MessageRow[]): PrivateThreadRecord {
  return { ...threadRecord(row, messages), party: row.party }
}
