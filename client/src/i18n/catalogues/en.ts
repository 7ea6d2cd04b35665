/**
 * The interface in English: the source of every message's key. Each value
 * is an ICU message (intl-messageformat): a whole sentence, its
 * placeholders in braces, plurals and selects inside it. The Thai and
 * Khmer catalogues have exactly these keys and placeholders.
 *
 * Adding a message: add it here, then in th.ts and km.ts (the compiler
 * refuses a catalogue that lacks a key), and ask `t('its.key', {…})`.
 * Data — names, party codes, document text, the server's own words — is
 * never put in a catalogue.
 */

export const en = {
  // Lists and the interface's own language
  'list.separator': ', ',
  'list.and': '{head} and {last}',
  'list.or': '{head} or {last}',
  'interfaceLanguage.label': 'Language of the interface',

  // Languages of a document's texts, named in the interface's language
  'language.en': 'English',
  'language.th': 'Thai',
  'language.km': 'Khmer',

  // Roles, statuses and the negotiated parts
  'role.secretariat': 'Secretariat',
  'role.head': 'Head of delegation',
  'role.delegate': 'Delegate',
  'role.legal': 'Legal staff',
  'role.observer': 'Observer',
  'status.draft': 'Draft',
  'status.under-negotiation': 'Under negotiation',
  'status.agreed-ad-referendum': 'Agreed ad referendum',
  'status.agreed': 'Agreed',
  'part.title': 'Title',
  'part.preamble': 'Preamble',
  'part.final_provisions': 'Final provisions',
  'part.title.inSentence': 'the title',
  'part.preamble.inSentence': 'the preamble',
  'part.final_provisions.inSentence': 'the final provisions',

  // The server's refusals, by their code; the server's own words follow
  'error.withReason': '{summary}: {reason}',
  'error.invalid': 'Not accepted',
  'error.unauthorized': 'Not signed in',
  'error.forbidden': 'Not allowed',
  'error.not-found': 'Not found',
  'error.conflict': 'Not possible now',
  'error.too-large': 'Too large',
  'error.too-many': 'Too many at once',
  'error.unavailable': 'The server cannot do it now',
  'error.going-away': 'The server is restarting',
  'error.internal': 'The server failed',
  'error.other': 'Refused',
  'error.network': 'The server cannot be reached; try again in a moment.',
  'error.status': 'The server answered {status}.',

  // Why the server closed the collaboration connection, by close code
  'close.4400': 'the server refused a malformed message',
  'close.4401': 'your access has ended (revoked, signed out, or a token unknown); sign in again, or ask your head of delegation or the secretariat for a new invitation',
  'close.4403': 'the server refused this action',
  'close.4404': 'this document does not exist',
  'close.4409': 'the change conflicts with the negotiation (agreed text is locked)',
  'close.4413': 'a change was too large to send',
  'close.4429': 'this link is already open in too many tabs or windows; close one of them, then reload this page',
  'close.4503': 'the server cannot store changes right now; it will be retried',
  'close.other': 'the server closed the connection',
}

/** The key of a message. */
export type MessageKey = keyof typeof en

/** A language's messages: one for every key of the English catalogue. */
export type Catalogue = Readonly<Record<MessageKey, string>>
