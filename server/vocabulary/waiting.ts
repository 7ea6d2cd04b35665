/**
 * What waits on a member, as the API answers it and the browser client
 * lists it (see `negotiation/waitingItems.ts`).
 */

export const waitingKinds = ['agreement', 'reopen', 'bracket', 'comment', 'translation'] as const
export type WaitingKind = (typeof waitingKinds)[number]

export interface WaitingItem {
  /** Names the event the item stands for; a dismissed key stays dismissed, a new event makes a new key. */
  key: string
  kind: WaitingKind
  /** The clause (or the title, preamble, final provisions) it is about, or null. */
  clauseId: string | null
  /** "Paragraph 6", "The title", or "" when about no clause. */
  label: string
  /** What happened and what it asks, in words. */
  text: string
  /** When it happened (ISO 8601), or null when not known. */
  at: string | null
}

/** The longest key a dismissal takes. */
export const maxWaitingKeyLength = 300
