/**
 * The document's changes outside its shared text — comments, translations'
 * confirmations, members and invitations — heard as they happen over the
 * server's event stream (`GET /api/documents/:id/events`, with the session
 * cookie), each kind told to the panel that shows it. On every (re)opening
 * of the stream each panel reads again, for what was missed while it was
 * closed. The browser reconnects a dropped stream on its own; a stream the
 * server ends (the membership revoked) is not reopened.
 */

import { documentChanges, type DocumentChange } from '../../server/vocabulary/documentChange.js'

export type ChangeListeners = Partial<Record<DocumentChange, () => void>>

export class DocumentChanges {
  private readonly source: EventSource

  constructor(documentId: string, listeners: ChangeListeners) {
    this.source = new EventSource(`/api/documents/${encodeURIComponent(documentId)}/events`)
    this.source.addEventListener('open', () => {
      for (const kind of documentChanges) listeners[kind]?.()
    })
    this.source.addEventListener('change', (event) => {
      const { kind } = JSON.parse((event as MessageEvent<string>).data) as { kind: DocumentChange }
      listeners[kind]?.()
    })
    this.source.addEventListener('end', () => this.close())
  }

  /** Stops listening (the page's access has ended). */
  close(): void {
    this.source.close()
  }
}
