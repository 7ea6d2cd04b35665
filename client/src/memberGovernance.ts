/**
 * Which members the People tab offers to add, change and revoke. Who
 * governs whom is the server's own rule (`governanceRefusal` in the member
 * vocabulary), asked here of each control; the server still decides, and
 * a refusal is shown in its words. What this module adds is which places
 * are worth offering (`holdable`).
 */

import { governanceRefusal, headedParties, partyRoles, roles, type Governor as Asker, type MembershipChange, type Role } from '../../server/vocabulary/member.js'

/** Who asks: the administrator, or a member by its id, role and party. */
export type Governor = { kind: 'admin' } | { kind: 'member'; id: string; role: Role; party: string | null }

/** A member as governance sees it. */
export interface Seat {
  id: string
  party: string | null
  role: Role
  revokedAt: string | null
}

/** A place to fill: a party (or none) and a role. */
export interface Place {
  party: string | null
  role: Role
}

/** Whether `who` may make `change`, given the parties with a head (`headed`). */
function governs(who: Asker, change: MembershipChange, headed: ReadonlySet<string>): boolean {
  return governanceRefusal(who, change, headed) === null
}

/**
 * Whether `place` is one to offer: a party role needs a party, a party has
 * one head, and the secretariat belongs to neither party (the server would
 * let it have one; nothing here makes sense of that).
 */
function holdable(place: Place, headed: ReadonlySet<string>): boolean {
  if (place.party === null) return !partyRoles.includes(place.role)
  if (place.role === 'secretariat') return false
  return place.role !== 'head' || !headed.has(place.party)
}

/** Whether `who` may add (or invite) a member to `place` now, among `members`. */
export function mayAdd(who: Governor, place: Place, members: readonly Seat[]): boolean {
  const headed = headedParties(members)
  return holdable(place, headed) && governs(who, { before: null, after: place }, headed)
}

/** The places `who` may add a member to among `members`, for each of `parties` and for neither party (null). */
export function placesToAdd(who: Governor, parties: readonly string[], members: readonly Seat[]): Place[] {
  return [...parties, null].flatMap((party) => roles.map((role) => ({ party, role })).filter((place) => mayAdd(who, place, members)))
}

/**
 * The roles `who` may give `member` (its own role first when it may
 * change it at all), or [] when it may not: nor change nor revoke it.
 * Nobody is offered to change or revoke themselves here.
 */
export function rolesToGive(who: Governor, member: Seat, members: readonly Seat[]): Role[] {
  if (member.revokedAt !== null || (who.kind === 'member' && who.id === member.id)) return []
  const headed = headedParties(members, member.id)
  if (!governs(who, { before: member, after: null }, headed)) return []
  const others = roles.filter((role) => role !== member.role && holdable({ party: member.party, role }, headed) && governs(who, { before: member, after: { party: member.party, role } }, headed))
  return [member.role, ...others]
}

/** Whether `who` may revoke `member` (not themselves here). */
export function mayRevoke(who: Governor, member: Seat, members: readonly Seat[]): boolean {
  if (member.revokedAt !== null || (who.kind === 'member' && who.id === member.id)) return false
  return governs(who, { before: member, after: null }, headedParties(members, member.id))
}
