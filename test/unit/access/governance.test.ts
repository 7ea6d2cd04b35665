/**
 * Who governs whom (`requireGovernance`): the administrator and the
 * secretariat manage every member until a party has a head of delegation,
 * then only that head; a head manages its own party's delegates, legal
 * staff and observers, and no one else.
 */

import { describe, expect, it } from 'vitest'
import { CounterpartError } from '../../../server/vocabulary/errors.js'
import { requireGovernance, type Principal } from '../../../server/access/principal.js'
import type { MembershipChange, Role, Seat } from '../../../server/vocabulary/member.js'

const documentId = 'doc-1'
const member = (role: Role, party: string | null, of = documentId): Principal => ({
  kind: 'member',
  member: { id: `${role}-${party}`, documentId: of, name: `${role} ${party}`, party, role, createdAt: new Date(0), revokedAt: null },
})
const admin: Principal = { kind: 'admin' }
const secretariat = member('secretariat', null)
const thaiHead = member('head', 'TH')
const seat = (role: Role, party: string | null): Seat => ({ role, party })
const adding = (to: Seat): MembershipChange => ({ before: null, after: to })
const changing = (from: Seat, role: Role): MembershipChange => ({ before: from, after: { ...from, role } })
const revoking = (from: Seat): MembershipChange => ({ before: from, after: null })

/** What `principal` gets for `change` when `headed` parties have a head: 'allowed', or the refusal's message. */
function verdict(principal: Principal, change: MembershipChange, headed: string[] = []): string {
  try {
    requireGovernance(principal, documentId, change, new Set(headed))
    return 'allowed'
  } catch (error) {
    if (error instanceof CounterpartError) return `${error.code}: ${error.message}`
    throw error
  }
}

describe('who governs whom', () => {
  it('the administrator and the secretariat manage a party’s members until it has a head, and its head always', () => {
    for (const principal of [admin, secretariat]) {
      expect(verdict(principal, adding(seat('delegate', 'TH')))).toBe('allowed')
      expect(verdict(principal, adding(seat('head', 'TH')), ['TH'])).toBe('allowed')
      expect(verdict(principal, revoking(seat('head', 'TH')), ['KH'])).toBe('allowed')
      expect(verdict(principal, adding(seat('delegate', 'KH')), ['TH'])).toBe('allowed')
      expect(verdict(principal, adding(seat('observer', null)), ['TH', 'KH'])).toBe('allowed')
      expect(verdict(principal, adding(seat('legal', 'TH')), ['TH'])).toMatch(/^forbidden: TH has a head of delegation, who alone adds, changes and revokes TH's members/)
      expect(verdict(principal, changing(seat('delegate', 'TH'), 'head'), ['TH'])).toMatch(/^forbidden: TH has a head/)
    }
  })

  it('a head manages its own party’s delegates, legal staff and observers, and nobody else', () => {
    for (const role of ['delegate', 'legal', 'observer'] as const) {
      expect(verdict(thaiHead, adding(seat(role, 'TH')), ['TH'])).toBe('allowed')
      expect(verdict(thaiHead, revoking(seat(role, 'TH')), ['TH'])).toBe('allowed')
      expect(verdict(thaiHead, adding(seat(role, 'KH')), ['TH'])).toBe("forbidden: a head of delegation manages only the members of its own party (TH), not KH's members")
    }
    expect(verdict(thaiHead, changing(seat('delegate', 'TH'), 'legal'), ['TH'])).toBe('allowed')
    expect(verdict(thaiHead, changing(seat('delegate', 'TH'), 'head'), ['TH'])).toMatch(/^forbidden: .* not a head; ask the secretariat$/)
    expect(verdict(thaiHead, adding(seat('secretariat', null)), ['TH'])).toMatch(/not members of neither party$/)
    expect(verdict(thaiHead, revoking(seat('head', 'KH')), ['TH', 'KH'])).toMatch(/not KH's members$/)
  })

  it('nobody else manages members, and nobody manages another document’s', () => {
    for (const role of ['delegate', 'legal', 'observer'] as const) {
      expect(verdict(member(role, 'TH'), adding(seat('observer', 'TH')))).toBe(`forbidden: a ${role} may not manage members; ask the secretariat`)
    }
    expect(verdict(member('secretariat', null, 'doc-2'), adding(seat('observer', null)))).toBe('forbidden: this token is not valid for document doc-1')
  })
})
