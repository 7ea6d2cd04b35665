/**
 * Comment threads and their messages. Threads are never deleted: resolving
 * and reopening only set or clear `resolved_at`.
 */

import type { Database } from './database.js'
import type { CommentThreadRecord } from '../vocabulary/comment.js'
import { threadRecord, threadsWithMessages } from './threadRows.js'

type ThreadRow = Parameters<typeof threadRecord>[0]
type MessageRow = Parameters<typeof threadRecord>[1][number]

/** A thread to open, with its first message. */
export type NewThread = Pick<CommentThreadRecord, 'id' | 'documentId' | 'anchorFrom' | 'anchorTo' | 'quote' | 'createdBy'> & { body: string }

export class CommentStore {
  constructor(private readonly db: Database) {}

  /** Opens a thread with its first message, in one transaction. */
  async create(thread: NewThread): Promise<CommentThreadRecord> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO comment_threads (id, document_id, anchor_from, anchor_to, quote, created_by)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [thread.id, thread.documentId, thread.anchorFrom, thread.anchorTo, thread.quote, thread.createdBy],
      )
      await tx.query('INSERT INTO comment_messages (thread_id, body, author_id) VALUES ($1, $2, $3)', [thread.id, thread.body, thread.createdBy])
    })
    return (await this.get(thread.documentId, thread.id))!
  }

  /** Adds a message to a thread; null when the thread does not exist. */
  async reply(documentId: string, threadId: string, body: string, authorId: string): Promise<CommentThreadRecord | null> {
    const rows = await this.db.query<{ id: number }>(
      `INSERT INTO comment_messages (thread_id, body, author_id)
       SELECT id, $3, $4 FROM comment_threads WHERE document_id = $1 AND id = $2
       RETURNING id`,
      [documentId, threadId, body, authorId],
    )
    return rows.length === 0 ? null : this.get(documentId, threadId)
  }

  /**
   * Marks a thread resolved (`by` a member) or open again (`by` null).
   * Null when the thread does not exist.
   */
  async setResolved(documentId: string, threadId: string, by: string | null): Promise<CommentThreadRecord | null> {
    const rows = await this.db.query<{ id: string }>(
      `UPDATE comment_threads
          SET resolved_at = CASE WHEN $3::text IS NULL THEN NULL ELSE now() END, resolved_by = $3
        WHERE document_id = $1 AND id = $2
        RETURNING id`,
      [documentId, threadId, by],
    )
    return rows.length === 0 ? null : this.get(documentId, threadId)
  }

  async get(documentId: string, threadId: string): Promise<CommentThreadRecord | null> {
    const threads = await this.db.query<ThreadRow>('SELECT * FROM comment_threads WHERE document_id = $1 AND id = $2', [documentId, threadId])
    if (threads.length === 0) return null
    const messages = await this.db.query<MessageRow>('SELECT * FROM comment_messages WHERE thread_id = $1 ORDER BY id', [threadId])
    return threadRecord(threads[0]!, messages)
  }

  /** Every thread of the document, oldest first, with its messages. */
  async list(documentId: string): Promise<CommentThreadRecord[]> {
    const [threads, messages] = await Promise.all([
      this.db.query<ThreadRow>('SELECT * FROM comment_threads WHERE document_id = $1 ORDER BY created_at, id', [documentId]),
      this.db.query<MessageRow>(
        `SELECT m.* FROM comment_messages m JOIN comment_threads t ON t.id = m.thread_id
          WHERE t.document_id = $1 ORDER BY m.id`,
        [documentId],
      ),
    ])
    return threadsWithMessages(threads, messages, threadRecord)
  }
}
