/**
 * Where each clause's text in each other language stands — missing, draft,
 * confirmed or stale — as the server derives it (GET …/translations). The
 * page never computes a status itself: it asks again shortly after the
 * shared document changed (here or by anyone), after a confirmation, and
 * when the document's event stream tells of another member's confirmation
 * (which changes no text), and tells its listeners only when an answer
 * differs from the last.
 */

import type * as Y from 'yjs'
import type { Api } from './api.js'
import type { TranslationView } from '../../server/vocabulary/views.js'

export interface RegisterTiming {
  /** How long the document must be quiet before statuses are asked again. */
  settleMs: number
}

const defaultTiming: RegisterTiming = { settleMs: 700 }

const keyOf = (clauseId: string, lang: string) => `${clauseId}\u0000${lang}`

export class TranslationRegister {
  private entries = new Map<string, TranslationView>()
  private signature = ''
  private readonly listeners = new Set<() => void>()
  private settleTimer: ReturnType<typeof setTimeout> | null = null
  /** Answers are applied in the order the questions were asked; a late answer to an older one is dropped. */
  private asked = 0
  private applied = 0
  private stopFollowing: (() => void) | null = null

  constructor(
    private readonly api: Pick<Api, 'translations' | 'confirmTranslation'>,
    private readonly timing: RegisterTiming = defaultTiming,
  ) {}

  /** Whether statuses have arrived at least once. */
  get loaded(): boolean {
    return this.applied > 0
  }

  /** Clause `clauseId` in `lang`, or null when the server has not listed it (yet). */
  get(clauseId: string | null, lang: string): TranslationView | null {
    return clauseId === null ? null : (this.entries.get(keyOf(clauseId, lang)) ?? null)
  }

  /** Calls `listener` whenever a status (or its confirmation, or a stale clause's change) differs; returns what stops that. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Asks now, then after every change of `doc`. */
  follow(doc: Y.Doc): void {
    this.stop()
    const onUpdate = () => this.refreshSoon()
    doc.on('update', onUpdate)
    this.stopFollowing = () => doc.off('update', onUpdate)
    void this.refresh()
  }

  /** Stops asking. */
  stop(): void {
    this.stopFollowing?.()
    this.stopFollowing = null
    if (this.settleTimer !== null) clearTimeout(this.settleTimer)
    this.settleTimer = null
  }

  /** Asks once the document has been quiet for `settleMs`. */
  refreshSoon(): void {
    if (this.settleTimer !== null) clearTimeout(this.settleTimer)
    this.settleTimer = setTimeout(() => {
      this.settleTimer = null
      void this.refresh()
    }, this.timing.settleMs)
  }

  /** Asks the server now. A failure keeps the statuses last known (the connection status says when the server is away). */
  async refresh(): Promise<void> {
    const question = ++this.asked
    let translations: TranslationView[]
    try {
      translations = await this.api.translations()
    } catch {
      return
    }
    if (question < this.applied) return
    this.applied = question
    this.apply(translations)
  }

  /**
   * Confirms clause `clauseId` in `lang` as its text stands, and shows it
   * confirmed at once. Throws the server's ApiError (403: not this member's
   * to confirm; 409: no words in that language yet).
   */
  async confirm(clauseId: string, lang: string): Promise<TranslationView> {
    const translation = await this.api.confirmTranslation(clauseId, lang)
    // Answers to questions asked before the confirmation no longer hold.
    this.applied = ++this.asked
    const entries = [...this.entries.values()].map((entry) => (entry.clauseId === clauseId && entry.lang === lang ? translation : entry))
    if (!this.entries.has(keyOf(clauseId, lang))) entries.push(translation)
    this.apply(entries)
    this.refreshSoon()
    return translation
  }

  private apply(translations: readonly TranslationView[]): void {
    const signature = JSON.stringify(translations)
    if (signature === this.signature) return
    this.signature = signature
    this.entries = new Map(translations.map((translation) => [keyOf(translation.clauseId, translation.lang), translation]))
    for (const listener of this.listeners) listener()
  }
}
