import { describe, expect, it } from 'vitest'
import { mayAdd, mayRevoke, placesToAdd, rolesToGive, type Governor, type Seat } from '../../../client/src/memberGovernance.js'
import type { Role } from '../../../server/vocabulary/member.js'

const seat = (id: string, role: Role, party: string | null, revokedAt: string | null = null): Seat => ({ id, role, party, revokedAt })
const as = (member: Seat): Governor => ({ kind: 'member', id: member.id, role: member.role, party: member.party })

const secretariat = seat('s', 'secretariat', null)
const thHead = seat('th-head', 'head', 'TH')
const thDelegate = seat('th-1', 'delegate', 'TH')
const khDelegate = seat('kh-1', 'delegate', 'KH')
const observer = seat('o', 'observer', null)
const members = [secretariat, thHead, thDelegate, khDelegate, observer]
const admin: Governor = { kind: 'admin' }

/** Places as "TH head", "- observer". */
const places = (who: Governor, among: Seat[]) => placesToAdd(who, ['TH', 'KH'], among).map((place) => `${place.party ?? '-'} ${place.role}`)

describe('who may add whom', () => {
  it('lets the secretariat add anyone to a party without a head, and only a head to a party with one', () => {
    expect(places(as(secretariat), members)).toEqual(['KH head', 'KH delegate', 'KH legal', 'KH observer', '- secretariat', '- observer'])
    expect(places(admin, [secretariat])).toEqual(['TH head', 'TH delegate', 'TH legal', 'TH observer', 'KH head', 'KH delegate', 'KH legal', 'KH observer', '- secretariat', '- observer'])
  })

  it("lets a head add its own party's delegates, legal staff and observers, and nobody else", () => {
    expect(places(as(thHead), members)).toEqual(['TH delegate', 'TH legal', 'TH observer'])
  })

  it('lets delegates and observers add nobody', () => {
    expect(places(as(thDelegate), members)).toEqual([])
    expect(places(as(observer), members)).toEqual([])
    expect(mayAdd(as(khDelegate), { party: 'KH', role: 'observer' }, members)).toBe(false)
  })

  it('counts a revoked head as no head', () => {
    expect(mayAdd(as(secretariat), { party: 'TH', role: 'delegate' }, [secretariat, seat('h', 'head', 'TH', '2026-01-01T00:00:00Z')])).toBe(true)
  })
})

describe('who may change and revoke whom', () => {
  it("offers a head its own party's other members, within the delegation roles", () => {
    expect(rolesToGive(as(thHead), thDelegate, members)).toEqual(['delegate', 'legal', 'observer'])
    expect(mayRevoke(as(thHead), thDelegate, members)).toBe(true)
    expect(rolesToGive(as(thHead), khDelegate, members)).toEqual([])
    expect(mayRevoke(as(thHead), secretariat, members)).toBe(false)
  })

  it("lets the secretariat change and revoke a party's head but not the members under it", () => {
    expect(rolesToGive(as(secretariat), thHead, members)).toEqual(['head', 'delegate', 'legal', 'observer'])
    expect(mayRevoke(as(secretariat), thHead, members)).toBe(true)
    expect(rolesToGive(as(secretariat), thDelegate, members)).toEqual([])
    expect(mayRevoke(as(secretariat), thDelegate, members)).toBe(false)
    expect(rolesToGive(as(secretariat), khDelegate, members)).toEqual(['delegate', 'head', 'legal', 'observer'])
    expect(rolesToGive(as(secretariat), observer, members)).toEqual(['observer', 'secretariat'])
  })

  it('offers nobody to change or revoke themselves, or a member already revoked', () => {
    expect(rolesToGive(as(secretariat), secretariat, members)).toEqual([])
    expect(mayRevoke(as(secretariat), secretariat, members)).toBe(false)
    const gone = seat('g', 'delegate', 'KH', '2026-01-01T00:00:00Z')
    expect(mayRevoke(as(secretariat), gone, [...members, gone])).toBe(false)
  })
})
