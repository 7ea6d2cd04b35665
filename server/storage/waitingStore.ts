/**
 * The items members dismissed from what waits on them (migration 0010).
 */

import type { Database } from './database.js'

export class WaitingStore {
  constructor(private readonly db: Database) {}

  /** The keys `memberId` dismissed. */
  async dismissed(memberId: string): Promise<Set<string>> {
    const rows = await this.db.query<{ item_key: string }>('SELECT item_key FROM waiting_dismissals WHERE member_id = $1', [memberId])
    return new Set(rows.map((row) => row.item_key))
  }

  /** Records that `memberId` dismissed `key` (again is no change). */
  async dismiss(memberId: string, documentId: string, key: string): Promise<void> {
    await this.db.query('INSERT INTO waiting_dismissals (member_id, document_id, item_key) VALUES ($1, $2, $3) ON CONFLICT (member_id, item_key) DO NOTHING', [memberId, documentId, key])
  }
}
