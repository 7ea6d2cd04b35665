/**
 * The refusals a member meets in daily use, in words (`words.ts`): the
 * server sends them beside its English message (an HTTP error's `words`; on
 * the collaboration connection, a Counterpart auth message before the
 * refusal or close it explains), and the browser says them in the reader's
 * language. Refusals only a crafted client can provoke (an update that does
 * not decode, a field of the wrong type) stay in English: a stock client
 * never sends them, and they are for the programmer who did.
 */

import { inEnglishOf, isWordsOf, type WordValue, type Words } from './words.js'

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
  'refusal.draft.empty': '{party} has no draft wording for clause {clause} to propose',
  'refusal.draft.tooLong': 'the draft of clause {clause} is {length} characters, more than the {max} one proposal may bring',
  'refusal.draft.alternativeExists': '{owner} has an alternative in bracket {bracket} already: withdraw it before proposing another',
  'refusal.draft.bracketNotInClause': 'clause {clause} holds no bracket {bracket}',
  'refusal.bracket.withdrawOwn': "alternative {alternative} of bracket {bracket} (“{words}”) is {owner}'s: only {owner} withdraws it; ask for its removal instead (POST …/resolve)",

  // Translations
  'refusal.translation.confirmingParty': 'a translation into {lang} is confirmed by a delegate of {parties}',
  'refusal.translation.nothingToConfirm': 'clause {clause} has no text in {lang} yet: there is nothing to confirm',

  // Members and invitations
  // Who governs whom among the members
  'refusal.governance.mayNotManage': 'a {role} may not manage members; ask the secretariat',
  'refusal.governance.partyHasHead': "{party} has a head of delegation, who alone adds, changes and revokes {party}'s members; {governor, select, admin {the administrator} other {the secretariat}} manages only {party}'s head",
  'refusal.governance.ownPartyOnly': "a head of delegation manages only the members of its own party ({own}), not {seatParty, select, none {members of neither party} other {{seatParty}'s members}}",
  'refusal.governance.headsSeats': 'a head of delegation adds, changes and revokes the delegates, legal staff and observers of {own}, not a {role}; ask the secretariat',
  'refusal.member.headInOffice': '{party} already has a head of delegation ({head}); change or revoke that member first',
  'refusal.member.alreadyInRole': 'member {member} is already a {role}',
  'refusal.member.revoked': 'member {member} was revoked at {at}; add a member instead',
  'refusal.member.revokedMeanwhile': 'member {member} was revoked meanwhile',
  'refusal.member.alreadyRevoked': 'member {member} was already revoked at {at}',
  'refusal.invitation.used': 'this invitation has been used; it opens nothing again',
  'refusal.invitation.expired': 'this invitation has expired; ask whoever invited you for a new one',
  'refusal.invitation.voided': 'this invitation was withdrawn or sent again; use the newest link, or ask for a new one',
  'refusal.invitation.unknown': 'this invitation link opens nothing: it is not a link Counterpart made',
  'refusal.invitation.inviterGone': 'whoever invited you is no longer a member of this negotiation; ask for a new invitation',
  'refusal.invitation.alreadyMember': 'you already hold a membership of document {document}',

  // Comments
  'refusal.comment.administrator': 'comments are written by members of the negotiation, not the administrator',
  'refusal.comment.alreadyResolved': 'comment thread {thread} is already {resolved, select, yes {resolved} other {open}}',
  'refusal.comment.threadNotFound': 'there is no comment thread {thread} in this document',
  'refusal.comment.anchorNotYetReceived': 'the anchor refers to text the server has not received yet; try again in a moment',

  // Sessions, sign-in and passkeys
  'refusal.session.tokenRequired': 'a token is required',
  'refusal.session.tokenUnknown': 'the token is not valid',
  'refusal.session.tokenRevoked': 'the token was revoked',
  'refusal.session.notMemberToken': 'the token is not valid (the administrator token opens no document: sign in, or add a member)',
  'refusal.session.ended': 'the session has ended; sign in again',
  'refusal.session.endedByTime': 'the session has ended after a time; sign in again',
  'refusal.session.pageEndedByTime': "this page's session has ended after a time; open the link you were sent again",
  'refusal.session.pageEnded': "this page's session has ended; open the link you were sent again",
  'refusal.session.membershipRevoked': 'your membership was revoked',
  'refusal.session.noMembership': 'you hold no membership of document {document}',
  'refusal.session.memberOfAnother': 'member {member} belongs to another person',
  'refusal.signIn.tooMany': 'too many sign-in attempts from this address; try again in {seconds} s',
  'refusal.passkey.linkUnknown': 'this registration link is unknown, used or expired',
  'refusal.passkey.registrationNotAsked': 'this registration was not asked for, was already answered, or took too long; start again',
  'refusal.passkey.signInNotAsked': 'this sign-in was not asked for, was already answered, or took too long; start again',
  'refusal.passkey.addingNotAsked': 'adding this passkey was not asked for in this session, was already answered, or took too long; start again',
  'refusal.passkey.unknown': 'this passkey is not known here',
  'refusal.passkey.notVerified': 'the passkey could not be verified{detail, select, none {} other {: {detail}}}',
  'refusal.passkey.usedElsewhere': 'this passkey was used at the same moment elsewhere; sign in again',
  'refusal.passkey.alreadyRegistered': 'this passkey is already registered here',
  'refusal.passkey.last': 'this is your last passkey: removing it would lock you out; add another passkey first',

  // Clauses and negotiations
  'refusal.clause.deleteAgreed': '{clause} is {agreement, select, agreed {agreed; reopen it} other {agreed ad referendum; withdraw the agreement}} before deleting it',
  'refusal.clause.deleteReferred': '{clause} is referred to from {referring}: remove {count, plural, one {that reference} other {those references}} before deleting it',
  'refusal.negotiation.sameCodes': 'both parties have the code "{code}"; party codes must differ',
  'refusal.negotiation.fullAgreementBySecretariat': 'only the secretariat sets who gives full agreement',
  'refusal.negotiation.titleRequired': 'field "title" is required for a document without a template',
  'refusal.signing.textsUnconfirmed': 'revision {revision} is not ready for signature: not every text is confirmed: {texts}',
  'refusal.signing.openItems': 'revision {revision} is not ready for signature: {brackets, plural, =0 {} one {# bracketed proposal: {bracketList}} other {# bracketed proposals: {bracketList}}}{brackets, plural, =0 {} other {{parts, plural, =0 {} other {; and }}}}{parts, plural, =0 {} one {# part not agreed: {partList}} other {# parts not agreed: {partList}}}',
  'refusal.signing.secretariatOnly': 'only the secretariat may {action, select, settings {set what is signed} other {export signing originals}}',

  // Rounds
  'refusal.round.keeping': 'only the secretariat plans, opens and closes rounds (this member is {role})',
  'refusal.round.attendanceOf': "a round's attendance for {party} is set by the secretariat or {party}'s head of delegation (this member is {role}{memberParty, select, none {} other { of {memberParty}}})",
  'refusal.round.anotherOpen': 'round {open} is open: close it before opening round {round}',
  'refusal.round.openedMeanwhile': 'another round of document {document} was opened meanwhile',
  'refusal.round.notInState': 'round {round} is {state, select, planned {planned} open {open} other {closed}}: only {step, select, opening {a planned round opens} other {an open round closes}}',
  'refusal.round.steppedMeanwhile': 'round {round} was {step, select, opening {opened} other {closed}} meanwhile',
  'refusal.round.attendanceClosed': 'round {round} is closed: its attendance is part of its Record of Discussion and stays as it was',
  'refusal.round.tooManyAttendees': 'a round lists at most {max} attendees (got {count})',
  'refusal.round.endBeforeStart': 'field "endDate" must not be before "startDate" (got {end} before {start})',
  'refusal.round.agendaClauseGone': 'field "agenda[{index}].clauseId" names no clause of the text (got "{clause}")',
} as const

export type RefusalKey = keyof typeof refusalMessages

/** A refusal in words: its message and its values, as sent to the client. */
export type RefusalWords = Words<RefusalKey>

/** The words of a refusal. */
export const refusal = (key: RefusalKey, values: Readonly<Record<string, WordValue>> = {}): RefusalWords => ({ key, values })

/** The refusal in English: the server's message, its logs and the close reason a stock client shows. */
export const inEnglish = (words: RefusalWords): string => inEnglishOf(refusalMessages, words)

/**
 * The sub-type of the y-websocket auth message (type 2) that carries a
 * refusal's words as JSON, sent just before the denial (sub-type 0) or the
 * close it explains. The stock provider reads only sub-type 0 and passes
 * this one by.
 */
export const authRefusalWords = 1

/** Whether `value`, read from the wire, is a refusal in words this vocabulary knows. */
export const isRefusalWords = (value: unknown): value is RefusalWords => isWordsOf(refusalMessages, value)
