/**
 * The members of a document: their roles and what a role may do to the text.
 */

import { refusal, type RefusalWords } from './refusal.js'

/** The roles a member can hold; mirrors the CHECK constraint on `members.role`. */
export const roles = ['secretariat', 'head', 'delegate', 'legal', 'observer'] as const
export type Role = (typeof roles)[number]

/** Whether `value` names a role. */
export const isRole = (value: unknown): value is Role => (roles as readonly unknown[]).includes(value)

/** What a role is called on the screen. */
export const roleNames: Record<Role, string> = {
  secretariat: 'Secretariat',
  head: 'Head of delegation',
  delegate: 'Delegate',
  legal: 'Legal staff',
  observer: 'Observer',
}

/**
 * The roles that act for their party in the negotiation (agree, withdraw,
 * reopen, answer and withdraw brackets): the head of delegation, delegates
 * and legal staff. Each needs a party.
 */
export const partyRoles: readonly Role[] = ['head', 'delegate', 'legal']

/** The roles a party's head of delegation adds, changes and revokes within its own party. */
export const delegationRoles: readonly Role[] = ['delegate', 'legal', 'observer']

export interface MemberRecord {
  id: string
  documentId: string
  name: string
  /** Party code, or null for a secretariat or observer belonging to neither party. */
  party: string | null
  role: Role
  createdAt: Date
  revokedAt: Date | null
}

/** The party `member` acts for in the negotiation, or null (the secretariat, observers). */
export function partyActedFor(member: { role: Role; party: string | null }): string | null {
  return member.party !== null && partyRoles.includes(member.role) ? member.party : null
}

/** Whether `role` may change the text of a document. */
export function canEdit(role: Role): boolean {
  return role !== 'observer'
}

/** Who asks to manage members: the administrator, or a member by its role and party. */
export type Governor = { kind: 'admin' } | { kind: 'member'; role: Role; party: string | null }

/** A member as a membership change sees it: its party and role. */
export interface Seat {
  party: string | null
  role: Role
}

/**
 * A change to the members of a document: the member as it is (null when
 * it is being added) and as it will be (null when it is being revoked).
 */
export interface MembershipChange {
  before: Seat | null
  after: Seat | null
}

/**
 * Why `who` may not manage members at all, or null when it may: the
 * administrator, the secretariat and the heads of delegation manage
 * members; nobody else does.
 */
export function managementRefusal(who: Governor): RefusalWords | null {
  if (who.kind === 'admin' || who.role === 'secretariat' || who.role === 'head') return null
  return refusal('refusal.governance.mayNotManage', { role: who.role })
}

/** Whether `who` manages members at all: the administrator, the secretariat and the heads of delegation. */
export function managesMembers(who: Governor): boolean {
  return managementRefusal(who) === null
}

/**
 * The parties with a head of delegation in office among `members`,
 * leaving out member `except` (the one being changed or revoked).
 */
export function headedParties(
  members: readonly { id: string; party: string | null; role: Role; revokedAt: Date | string | null }[],
  except: string | null = null,
): Set<string> {
  return new Set(members.filter((member) => member.role === 'head' && member.revokedAt === null && member.id !== except && member.party !== null).map((member) => member.party!))
}

/**
 * Why `who` may not make `change` to a document's members, or null when it
 * may. `headed` lists the parties with a head of delegation in office
 * other than the member changed. Who governs whom:
 * - the administrator and the secretariat add, change and revoke anyone,
 *   except the members of a party that has a head of delegation (they
 *   still appoint, change and revoke the head itself);
 * - a party's head adds, changes and revokes the delegates, legal staff
 *   and observers of its own party, and no one else;
 * - nobody else manages members.
 * The server throws the reason as Forbidden; the client shows only the
 * controls for which it is null.
 */
export function governanceRefusal(who: Governor, change: MembershipChange, headed: ReadonlySet<string>): RefusalWords | null {
  const refused = managementRefusal(who)
  if (refused !== null) return refused
  const seats = [change.before, change.after].filter((seat): seat is Seat => seat !== null)
  if (who.kind === 'admin' || who.role === 'secretariat') {
    for (const seat of seats) {
      if (seat.party !== null && seat.role !== 'head' && headed.has(seat.party)) {
        return refusal('refusal.governance.partyHasHead', { party: seat.party, governor: who.kind === 'admin' ? 'admin' : 'secretariat' })
      }
    }
    return null
  }
  const own = who.party
  for (const seat of seats) {
    if (seat.party !== own) {
      return refusal('refusal.governance.ownPartyOnly', { own, seatParty: seat.party ?? 'none' })
    }
    if (!delegationRoles.includes(seat.role)) {
      return refusal('refusal.governance.headsSeats', { own, role: seat.role })
    }
  }
  return null
}
