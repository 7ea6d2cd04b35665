/**
 * The refusals a member meets in daily use, as words any interface language
 * can give: a message key and its values (codes and data), never a sentence
 * made in English alone. The server sends them beside its English message
 * (an HTTP error's `words`; on the collaboration connection, a Counterpart
 * auth message before the refusal or close it explains), and the browser
 * says them in the reader's language from its catalogues, whose English is
 * this one.
 *
 * The messages are ICU messages (intl-messageformat). A value is data as it
 * is — a party code, a clause's heading, a bracket's words — or, by the
 * placeholder's name, a code each side names in its own language
 * (`valueKinds`): a status, a role, a part of the instrument, a language, the
 * asker of a request (a party code, or null for the secretariat), or a list
 * of languages or parties. Refusals only a crafted client can provoke (an
 * update that does not decode, a field of the wrong type) stay in English:
 * a stock client never sends them, and they are for the programmer who did.
 */

import IntlMessageFormat from 'intl-messageformat'
import { partNames } from './clauseState.js'

export const refusalMessages = {
  // The text, at the gate
  'refusal.text.partLocked': '{part} is {status}: its text is locked and the change was not applied',
  'refusal.text.clauseLocked': 'clause “{clause}” is {status}: its text is locked and the change was not applied',
  'refusal.text.roleMayNotEdit': 'members with the {role} role may not change the document',
  'refusal.bracket.othersProposal':
    "the change {change, select, delete {deletes text of} rebracket {changes the brackets of} other {writes into}} {owner}'s bracketed proposal {bracket}{inClause, select, yes { in clause {clause}} other {}}: only {owner} changes or withdraws it; resolving it is proposed through POST …/brackets/{bracket}/resolve",
  'refusal.bracket.openForOther': 'a bracket owned by {owner} can only be opened by a member of that party',

  // A clause's status
  'refusal.status.administrator': 'clause status is changed by members of the negotiation, not the administrator',
  'refusal.status.observer': 'observers may not change the status of a clause',
  'refusal.status.noDraftAgain': 'a clause does not go back to draft',
  'refusal.status.alreadyUnderNegotiation': 'the clause is already under negotiation',
  'refusal.status.reopenByRequest': 'an agreed clause is reopened only when one party asks and the other accepts (POST …/reopen)',
  'refusal.status.withdrawByAgreeingParty': 'only the party that agreed may withdraw its agreement',
  'refusal.status.agreeByPartyMember': 'only a delegate or legal member of a party agrees to a clause for that party',
  'refusal.status.stillDraft': 'the clause is still a draft: start the negotiation first',
  'refusal.status.alreadyAgreed': 'the clause is already agreed',
  'refusal.status.partyAlreadyAgreed': '{party} has already agreed to this clause',
  'refusal.status.openBrackets': 'the clause still holds {count, plural, one {# bracketed proposal} other {# bracketed proposals}}; resolve them first',
  'refusal.status.otherPartyFirst': 'the other party has not agreed yet: agree ad referendum',
  'refusal.status.headAgrees':
    "in this document only {party}'s head of delegation gives the full agreement that makes a clause agreed; a delegate agrees ad referendum only while the other party has not agreed",
  'refusal.status.translationsOpen': 'clause {clause} cannot be agreed until its text in every language is confirmed: {languages}',
  'refusal.reopen.byPartyMember': 'only a delegate or legal member of a party may ask to reopen a clause',
  'refusal.reopen.onlyAgreed': 'only an agreed clause is reopened (this one is {status}); a party that agreed ad referendum may withdraw instead',
  'refusal.reopen.alreadyAsked': '{party} has already asked to reopen this clause',
  'refusal.reopen.acceptByPartyMember': 'only a delegate or legal member of a party may accept a request to reopen',
  'refusal.reopen.nobodyAsked': 'nobody has asked to reopen this clause',
  'refusal.reopen.otherPartyAccepts': 'the other party must accept the request to reopen',
  'refusal.reopen.headAccepts': "in this document only {party}'s head of delegation accepts a request to reopen",
  'refusal.clause.notFound': 'there is no clause {clause} in the document',

  // Brackets and their resolution
  'refusal.bracket.notFound': 'there is no bracket {bracket} in the document',
  'refusal.bracket.observerResolves': 'observers may not resolve a bracket',
  'refusal.bracket.observerAnswers': 'observers may not answer a request to resolve a bracket',
  'refusal.bracket.alreadyAsked':
    '{asker} has already asked to {keep, select, none {remove every alternative} other {keep “{kept}”}} in bracket {bracket}; accept, decline or cancel that request first',
  'refusal.bracket.requestPending':
    '{asker} has asked to {keep, select, none {remove every alternative} other {keep “{kept}”}} in bracket {bracket}; answer or cancel that request first',
  'refusal.bracket.nobodyAsked': 'nobody has asked to resolve bracket {bracket}',
  'refusal.bracket.cancelByAsker': 'only {asker}, who asked, may cancel the request to resolve bracket {bracket}',
  'refusal.bracket.askerAnswers': '{party} asked for this resolution of bracket {bracket}: {awaited} {answer, select, accept {accepts} other {declines}} it',
  'refusal.bracket.answerByAwaited': 'only a delegate or legal member of {awaited} {answer, select, accept {accepts} other {declines}} the request to resolve bracket {bracket}',
  'refusal.bracket.withdrawOwn': "alternative {alternative} of bracket {bracket} (“{words}”) is {owner}'s: only {owner} withdraws it; ask for its removal instead (POST …/resolve)",

  // Translations
  'refusal.translation.confirmingParty': 'a translation into {lang} is confirmed by a delegate of {parties}',
  'refusal.translation.nothingToConfirm': 'clause {clause} has no text in {lang} yet: there is nothing to confirm',

  // Comments
  'refusal.comment.administrator': 'comments are written by members of the negotiation, not the administrator',
  'refusal.comment.alreadyResolved': 'comment thread {thread} is already {resolved, select, yes {resolved} other {open}}',
  'refusal.comment.threadNotFound': 'there is no comment thread {thread} in this document',
  'refusal.comment.anchorNotYetReceived': 'the anchor refers to text the server has not received yet; try again in a moment',
} as const

export type RefusalKey = keyof typeof refusalMessages

/** A value in a refusal: data or a code, a number, null (the secretariat as asker), or a list of codes. */
export type RefusalValue = string | number | null | readonly string[]

/** A refusal in words: its message and its values, as sent to the client. */
export interface RefusalWords {
  key: RefusalKey
  values: Readonly<Record<string, RefusalValue>>
}

/** The words of a refusal. */
export const refusal = (key: RefusalKey, values: Readonly<Record<string, RefusalValue>> = {}): RefusalWords => ({ key, values })

/** What each side names in its own language, by placeholder name; every other value is data, given as it is. */
const valueKinds = {
  status: 'status',
  role: 'role',
  part: 'part',
  lang: 'language',
  asker: 'asker',
  languages: 'languages',
  awaited: 'partiesAll',
  parties: 'partiesAny',
} as const

/** How one language names the codes in a refusal's values. */
export interface RefusalNames {
  status(code: string): string
  role(code: string): string
  part(code: keyof typeof partNames): string
  language(code: string): string
  secretariat(): string
  list(items: readonly string[], kind: 'and' | 'or'): string
}

/** `values` with every code named by `names`, ready for the message. */
export function namedValues(values: RefusalWords['values'], names: RefusalNames): Record<string, string | number> {
  const named: Record<string, string | number> = {}
  for (const [name, value] of Object.entries(values)) {
    const kind = Object.hasOwn(valueKinds, name) ? valueKinds[name as keyof typeof valueKinds] : null
    const items = Array.isArray(value) ? (value as readonly string[]) : [String(value)]
    if (typeof value === 'number') named[name] = value
    else if (kind === 'status') named[name] = names.status(String(value))
    else if (kind === 'role') named[name] = names.role(String(value))
    else if (kind === 'part' && Object.hasOwn(partNames, String(value))) named[name] = names.part(value as keyof typeof partNames)
    else if (kind === 'language') named[name] = names.language(String(value))
    else if (kind === 'asker') named[name] = value === null ? names.secretariat() : String(value)
    else if (kind === 'languages') named[name] = names.list(items.map((code) => names.language(code)), 'and')
    else if (kind === 'partiesAll' || kind === 'partiesAny') named[name] = names.list(items, kind === 'partiesAll' ? 'and' : 'or')
    else named[name] = Array.isArray(value) ? items.join(', ') : String(value)
  }
  return named
}

/** Codes as the server's English messages have always written them. */
const englishNames: RefusalNames = {
  status: (code) => code,
  role: (code) => code,
  part: (code) => partNames[code].inSentence,
  language: (code) => code,
  secretariat: () => 'the secretariat',
  list: (items, kind) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} ${kind} ${items.at(-1)!}`),
}

const englishFormats = new Map<RefusalKey, IntlMessageFormat>()

/** The refusal in English: the server's message, its logs and the close reason a stock client shows. */
export function inEnglish(words: RefusalWords): string {
  let format = englishFormats.get(words.key)
  if (!format) {
    format = new IntlMessageFormat(refusalMessages[words.key], 'en')
    englishFormats.set(words.key, format)
  }
  return String(format.format(namedValues(words.values, englishNames)))
}

/**
 * The sub-type of the y-websocket auth message (type 2) that carries a
 * refusal's words as JSON, sent just before the denial (sub-type 0) or the
 * close it explains. The stock provider reads only sub-type 0 and passes
 * this one by.
 */
export const authRefusalWords = 1

/** Whether `value`, read from the wire, is a refusal in words this vocabulary knows. */
export function isRefusalWords(value: unknown): value is RefusalWords {
  if (typeof value !== 'object' || value === null) return false
  const { key, values } = value as Partial<RefusalWords>
  return typeof key === 'string' && Object.hasOwn(refusalMessages, key) && typeof values === 'object' && values !== null && !Array.isArray(values)
}
