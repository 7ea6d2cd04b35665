import { describe, expect, it } from 'vitest'
import { MemberSockets } from '../../../server/ws/memberSockets.js'

describe('per-member socket counting', () => {
  it('admits up to the limit, refuses the next, and admits again once one is released', () => {
    const held = new MemberSockets<object>(3)
    const sockets = [{}, {}, {}]
    for (const socket of sockets) expect(held.admit('alice', socket)).toBe(true)
    const extra = {}
    expect(held.admit('alice', extra)).toBe(false)
    expect(held.count('alice')).toBe(3)

    held.release('alice', sockets[1]!)
    expect(held.count('alice')).toBe(2)
    expect(held.admit('alice', extra)).toBe(true)
    expect(held.admit('alice', {})).toBe(false)
  })

  it('counts each member on its own', () => {
    const held = new MemberSockets<object>(1)
    expect(held.admit('alice', {})).toBe(true)
    expect(held.admit('bob', {})).toBe(true)
    expect(held.admit('alice', {})).toBe(false)
    expect([held.count('alice'), held.count('bob'), held.memberCount]).toEqual([1, 1, 2])
  })

  it('never counts a refused socket, a socket twice, or a release twice', () => {
    const held = new MemberSockets<object>(2)
    const [a, b, refused] = [{}, {}, {}]
    held.admit('alice', a)
    held.admit('alice', a)
    held.admit('alice', b)
    held.admit('alice', refused)
    held.release('alice', refused)
    expect(held.count('alice')).toBe(2)
    held.release('alice', a)
    held.release('alice', a)
    held.release('alice', b)
    expect([held.count('alice'), held.memberCount]).toEqual([0, 0])
  })

  it('refuses a limit that is not a positive integer', () => {
    expect(() => new MemberSockets(0)).toThrow(new RangeError('the per-member connection limit must be a positive integer (got 0)'))
    expect(() => new MemberSockets(1.5)).toThrow(RangeError)
  })
})
