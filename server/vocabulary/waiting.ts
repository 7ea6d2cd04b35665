/**
 * What waits on a member, as the API answers it and the browser client
 * lists it (see `negotiation/waitingItems.ts`): each item says what
 * happened in English and in words (`words.ts`) the page says in its
 * reader's language.
 */

import { inEnglishOf, isWordsOf, type WordValue, type Words } from './words.js'

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
  /** What happened and what it asks, in English. */
  text: string
  /** The same in words, for a reader of another language. */
  words: WaitingWords
  /** When it happened (ISO 8601), or null when not known. */
  at: string | null
}

/** The longest key a dismissal takes. */
export const maxWaitingKeyLength = 300

/** What an item says, by kind: the English of the words. */
export const waitingMessages = {
  'waiting.text.agreement': "{party} agreed {label} ad referendum ({name}): your party's agreement makes it agreed",
  'waiting.text.reopen': '{party} asks to reopen {label} ({name})',
  'waiting.text.bracket':
    "{party, select, none {The secretariat} other {{party}}} asks to {keep, select, none {remove every alternative of} other {resolve}} {proposal}{inClause, select, yes { in {label}} other {}} ({name}): your party's consent is awaited",
  'waiting.text.comment': '{author}{party, select, none {} other { ({party})}} wrote on “{quote}”: {body}',
  'waiting.text.translation': 'The {lang} text of {label} is stale: the working text changed since it was confirmed',
} as const

export type WaitingWords = Words<keyof typeof waitingMessages>

/** An item's words, and their English. */
export function waitingText(key: keyof typeof waitingMessages, values: Readonly<Record<string, WordValue>>): { text: string; words: WaitingWords } {
  const words = { key, values }
  return { text: inEnglishOf(waitingMessages, words), words }
}

/** Whether `value`, read from an answer, is an item's words this vocabulary knows. */
export const isWaitingWords = (value: unknown): value is WaitingWords => isWordsOf(waitingMessages, value)
