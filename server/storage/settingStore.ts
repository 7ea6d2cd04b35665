/**
 * Server-wide key/value settings that must survive restarts.
 */

import type { Database } from './database.js'

export class SettingStore {
  constructor(private readonly db: Database) {}

  /** The value stored under `key`, or null. */
  async get(key: string): Promise<string | null> {
    const rows = await this.db.query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [key])
    return rows[0]?.value ?? null
  }

  /**
   * Stores `value` under `key` unless a value is there already. Resolves to
   * the value that is stored afterwards, so two processes racing agree.
   */
  async putIfAbsent(key: string, value: string): Promise<string> {
    await this.db.query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [key, value])
    const stored = await this.get(key)
    if (stored === null) throw new Error(`setting ${key} missing right after it was written`)
    return stored
  }
}
