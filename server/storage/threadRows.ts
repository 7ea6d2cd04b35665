/**
 * The rows of comment threads and their messages — the shared threads'
 * (`commentStore.ts`) and each party's private ones (`privateThreadStore.ts`):
 * the same columns in tables of their own — read as the records the
 * services take.
 */

import type { CommentThreadRecord } from '../vocabulary/comment.js'

interface ThreadRow {
  id: string
  document_id: string
  anchor_from: Uint8Array
  anchor_to: Uint8Array
  quote: string
  created_by: string
  created_at: Date
  resolved_at: Date | null
  resolved_by: string | null
}

interface MessageRow {
  id: number
  thread_id: string
  body: string
  author_id: string
  created_at: Date
}

/** A thread's row and its messages' rows (in order) as one record. */
export function threadRecord(row: ThreadRow, messages: readonly MessageRow[]): CommentThreadRecord {
  return {
    id: row.id,
    documentId: row.document_id,
    anchorFrom: row.anchor_from,
    anchorTo: row.anchor_to,
    quote: row.quote,
    createdBy: row.created_by,
    createdAt: row.created_at,
    resolvedAt: row.resolved_at,
    resolvedBy: row.resolved_by,
    messages: messages.map((message) => ({ id: message.id, body: message.body, authorId: message.author_id, createdAt: message.created_at })),
  }
}

/** Threads' rows, each with its own of `messages` (in their order), read by `read`. */
export function threadsWithMessages<Row extends { id: string }, Record>(threads: readonly Row[], messages: readonly MessageRow[], read: (row: Row, messages: readonly MessageRow[]) => Record): Record[] {
  const byThread = new Map<string, MessageRow[]>()
  for (const message of messages) {
    const own = byThread.get(message.thread_id)
    if (own) own.push(message)
    else byThread.set(message.thread_id, [message])
  }
  return threads.map((thread) => read(thread, byThread.get(thread.id) ?? []))
}
