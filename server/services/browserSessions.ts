/**
 * Browser sessions of signed-in people: opened at sign-in (replacing the
 * session the browser held), ended on sign-out or everywhere at once, and
 * read on every request. A page opened with a member's token trades it
 * for a session of that membership alone (`openForMember`), kept in a
 * cookie of its own per document. A person acts in a document as their standing
 * membership there, so every permission check stays the member's.
 */

import type { Principal } from '../access/principal.js'
import { generateSessionToken } from '../access/sessionCookie.js'
import { hashToken } from '../access/token.js'
import type { MemberStore } from '../storage/memberStore.js'
import type { PersonStore } from '../storage/personStore.js'
import type { SessionStore } from '../storage/sessionStore.js'
import { conflict, expired, forbidden, invalid, unauthorized } from '../vocabulary/errors.js'
import { refusal, type RefusalWords } from '../vocabulary/refusal.js'
import type { MemberRecord } from '../vocabulary/member.js'
import type { InterfaceLanguage, PersonMembership, PersonRecord } from '../vocabulary/person.js'

export interface SessionLimits {
  /** A session unused this long has ended. */
  idleMs: number
  /** A session ends this long after sign-in, however used. */
  maxAgeMs: number
}

export class BrowserSessions {
  constructor(
    private readonly sessions: SessionStore,
    private readonly people: PersonStore,
    private readonly members: MemberStore,
    readonly limits: SessionLimits,
  ) {}

  /**
   * Opens a session for `personId` and ends `replacing` (the session the
   * browser held, if any): the token is new at every sign-in. Resolves to
   * the token, shown only to the browser in its cookie.
   */
  async open(personId: string, replacing: string | null): Promise<{ token: string; expiresAt: Date }> {
    if (replacing !== null) await this.sessions.revoke(hashToken(replacing))
    const token = generateSessionToken()
    const { expiresAt } = await this.sessions.create(hashToken(token), { personId }, this.limits.maxAgeMs)
    return { token, expiresAt }
  }

  /**
   * Trades a member's bearer token for a session of that membership (the
   * page opened with `/d/<id>?token=…`), ending the browser's earlier
   * session of the same document (`replacing` finds it by the document's
   * id). Throws Unauthorized for a token that is not a standing member's.
   */
  async openForMember(
    memberToken: string,
    replacingIn: (documentId: string) => string | null,
  ): Promise<{ token: string; expiresAt: Date; member: MemberRecord }> {
    const member = await this.members.findByTokenHash(hashToken(memberToken))
    if (!member) throw unauthorized(refusal('refusal.session.notMemberToken'))
    if (member.revokedAt !== null) throw unauthorized(refusal('refusal.session.tokenRevoked'))
    const replacing = replacingIn(member.documentId)
    if (replacing !== null) await this.sessions.revoke(hashToken(replacing))
    const token = generateSessionToken()
    const { expiresAt } = await this.sessions.create(hashToken(token), { memberId: member.id }, this.limits.maxAgeMs)
    return { token, expiresAt, member }
  }

  /** The person whose session `token` is; throws Expired when it idled out or reached its maximum age, Unauthorized when it was ended, never was, or is a membership's. */
  async personOf(token: string): Promise<PersonRecord> {
    const session = await this.standing(token, refusal('refusal.session.endedByTime'))
    const person = session && 'personId' in session && (await this.people.get(session.personId))
    if (!person) throw unauthorized(refusal('refusal.session.ended'))
    return person
  }

  /**
   * The member whose session `token` is, in `documentId`; throws Expired
   * when the session ran out of time, Unauthorized when it was ended or the
   * membership was revoked
   * (revocation takes effect at once), Forbidden for another document's.
   */
  async memberOf(token: string, documentId: string): Promise<MemberRecord> {
    const session = await this.standing(token, refusal('refusal.session.pageEndedByTime'))
    const member = session && 'memberId' in session && (await this.members.get(documentId, session.memberId))
    if (!member) throw unauthorized(refusal('refusal.session.pageEnded'))
    if (member.revokedAt !== null) throw unauthorized(refusal('refusal.session.membershipRevoked'))
    return member
  }

  /**
   * The session `token` if it stands (marked seen now), else null — or,
   * when it ended by time (idle, or at its maximum age) rather than by a
   * sign-out, Expired with `expiredWords`: the page may keep what it did
   * not send, to send once its person is back.
   */
  private async standing(token: string, expiredWords: RefusalWords) {
    const tokenHash = hashToken(token)
    const session = await this.sessions.touch(tokenHash, this.limits.idleMs)
    if (session === null && (await this.sessions.endedBy(tokenHash)) === 'time') throw expired(expiredWords)
    return session
  }

  /** Ends the session `token`; resolves to whether it stood. */
  async end(token: string): Promise<boolean> {
    return this.sessions.revoke(hashToken(token))
  }

  /** Ends every session of `personId` (sign out everywhere); resolves to how many were open. */
  async endEverywhere(personId: string): Promise<number> {
    return this.sessions.revokeAll(personId)
  }

  /**
   * The principal `person` is in `documentId`: their standing membership
   * there, or else, for an administrator, the administrator. Throws
   * Forbidden when they are neither.
   */
  async principalIn(person: PersonRecord, documentId: string): Promise<Principal> {
    const member = await this.people.membershipOf(person.id, documentId)
    if (member) return { kind: 'member', member }
    if (person.administrator) return { kind: 'admin' }
    throw forbidden(refusal('refusal.session.noMembership', { document: documentId }))
  }

  /** Keeps `language` as the language of `person`'s interface; resolves to the person as now stored. */
  async chooseInterfaceLanguage(person: PersonRecord, language: InterfaceLanguage): Promise<PersonRecord> {
    const updated = await this.people.setInterfaceLanguage(person.id, language)
    if (!updated) throw unauthorized(refusal('refusal.session.ended'))
    return updated
  }

  /** The person's standing memberships, with their documents' titles. */
  async memberships(person: PersonRecord): Promise<PersonMembership[]> {
    return this.people.memberships(person.id)
  }

  /**
   * Adds to `person` the membership whose bearer token is `memberToken`:
   * who holds a member's token is that member, and may make it theirs.
   * Throws Invalid for a token that is not a standing member's, Conflict
   * when another person holds it or the person already holds a membership
   * of that document.
   */
  async claimMembership(person: PersonRecord, memberToken: string): Promise<MemberRecord> {
    const member = await this.members.findByTokenHash(hashToken(memberToken))
    if (!member || member.revokedAt !== null) throw invalid('field "token" is not the token of a standing member')
    const outcome = await this.people.linkMember(member.id, person.id)
    if (outcome === 'taken') throw conflict(refusal('refusal.session.memberOfAnother', { member: member.id }))
    if (outcome === 'duplicate') throw conflict(refusal('refusal.invitation.alreadyMember', { document: member.documentId }))
    return member
  }
}

