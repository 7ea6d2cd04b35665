import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { maxRememberedClients, Presence, presenceState, type PresencePeer } from '../../../server/engine/presence.js'
import { decodeAwarenessUpdate, encodeAwarenessUpdate, type AwarenessEntry } from '../../../server/protocol/awarenessUpdate.js'
import { decodeClientMessage } from '../../../server/protocol/message.js'
import type { MemberRecord } from '../../../server/vocabulary/member.js'

const parties = [
  { code: 'TH', name: 'Department of Special Investigation', shortName: 'DSI', position: 0, language: null, state: '', names: {} },
  { code: 'KH', name: 'Cambodian National Police', shortName: 'CNP', position: 1, language: null, state: '', names: {} },
]

/** A connection of a new member. */
function peer(name: string, party: string | null = 'TH', role: MemberRecord['role'] = 'delegate'): PresencePeer {
  const member = { id: `member-${name}`, documentId: 'doc', name, party, role, createdAt: new Date(0), revokedAt: null }
  return { member }
}

/** Another connection of the same member. */
const sameMember = (of: PresencePeer): PresencePeer => ({ member: of.member })

const cursor = (assoc: number) => ({ anchor: { tname: 'prosemirror', assoc }, head: { tname: 'prosemirror', assoc } })

/** Timers run by hand: `tick()` ends every running interval. */
function manualTimers() {
  const tasks = new Set<() => void>()
  return {
    schedule: (task: () => void) => {
      tasks.add(task)
      return () => tasks.delete(task)
    },
    get running() {
      return tasks.size
    },
    tick() {
      const due = [...tasks]
      tasks.clear()
      for (const task of due) task()
    },
  }
}

const presences: Presence[] = []
afterEach(() => {
  for (const presence of presences.splice(0)) presence.destroy()
})

/** A presence on a fresh document, recording the entries of every frame it broadcasts. */
function setup() {
  const timers = manualTimers()
  const sent: AwarenessEntry[][] = []
  const presence = new Presence(new Y.Doc(), parties, (frame) => {
    const message = decodeClientMessage(frame)
    if (message.type === 'awareness') sent.push(decodeAwarenessUpdate(message.update))
  }, { schedule: timers.schedule })
  presences.push(presence)
  const send = (from: PresencePeer, ...entries: AwarenessEntry[]) => presence.receive(from, encodeAwarenessUpdate(entries))
  const states = () => Object.fromEntries(presence.awareness.getStates())
  return { presence, timers, sent, send, states }
}

describe('presence states', () => {
  it('are rebuilt from what the server validates: the identity as `user`, a cursor of the right shape, nothing else', () => {
    const somchai = peer('Khun Somchai')
    const { presence } = setup()
    const identity = presence.identityOf(somchai.member)
    expect(identity).toEqual({ memberId: 'member-Khun Somchai', name: 'Khun Somchai', party: 'TH', role: 'delegate', color: '#1d4ed8' })
    expect(presence.identityOf(peer('Lok Sokha', 'KH').member).color).toBe('#c2410c')
    expect(presence.identityOf(peer('Secretariat', null, 'secretariat').member).color).toBe('#4b5563')

    expect(presenceState({ cursor: cursor(0), user: { name: 'Lok Sokha' }, script: '<img>' }, identity)).toEqual({ user: identity, cursor: cursor(0) })
    for (const crafted of [{ anchor: {}, head: {} }, { anchor: { tname: 'prosemirror' } }, { anchor: 3 }, 'here', null]) {
      expect(presenceState({ cursor: crafted }, identity)).toEqual({ user: identity })
    }
    expect(presenceState({}, identity)).toEqual({ user: identity })
  })
})

describe('a connection', () => {
  it('holds the first client id it publishes a state for, and nothing else it sends is applied', () => {
    const somchai = peer('Khun Somchai')
    const { send, states, sent } = setup()
    send(somchai, { clientId: 1, clock: 1, state: { cursor: cursor(1), typing: true } }, { clientId: 2, clock: 1, state: {} })
    send(somchai, { clientId: 3, clock: 1, state: {} })
    expect(Object.keys(states())).toEqual(['1'])
    expect(states()[1]).toEqual({ user: expect.objectContaining({ name: 'Khun Somchai' }), cursor: cursor(1) })
    expect(sent).toEqual([[{ clientId: 1, clock: 1, state: states()[1] }]])
  })

  it('claims no client id with a removal, nor one a live connection holds — not even of its own member', () => {
    const somchai = peer('Khun Somchai')
    const { send, states, timers } = setup()
    const lok = peer('Lok Sokha', 'KH')
    send(lok, { clientId: 9, clock: 4, state: null })
    send(somchai, { clientId: 1, clock: 1, state: {} })
    // Relays: a stock provider hands back what it received.
    send(lok, { clientId: 1, clock: 2, state: { cursor: cursor(7) } })
    send(sameMember(somchai), { clientId: 1, clock: 3, state: { cursor: cursor(8) } })
    timers.tick()
    expect(Object.keys(states())).toEqual(['1'])
    expect(states()[1]?.cursor).toBeUndefined()
    // Each can still publish its own.
    send(lok, { clientId: 2, clock: 1, state: {} })
    expect(Object.keys(states()).sort()).toEqual(['1', '2'])
  })

  it("never takes over a client id that another member's closed connection held, while the same member may", () => {
    const somchai = peer('Khun Somchai')
    const { presence, send, states } = setup()
    send(somchai, { clientId: 1, clock: 1, state: {} })
    presence.forget(somchai)
    const lok = peer('Lok Sokha', 'KH')
    // A late relay of the state that was just removed.
    send(lok, { clientId: 1, clock: 1, state: { user: presence.identityOf(somchai.member) } })
    expect(states()).toEqual({})
    const back = sameMember(somchai)
    send(back, { clientId: 1, clock: 2, state: { cursor: cursor(2) } })
    expect(states()[1]).toEqual({ user: presence.identityOf(somchai.member), cursor: cursor(2) })
  })

  it('sends at most one state per interval, and the newest one when the interval ends', () => {
    const somchai = peer('Khun Somchai')
    const { send, sent, timers } = setup()
    send(somchai, { clientId: 1, clock: 1, state: { cursor: cursor(1) } })
    for (let clock = 2; clock <= 50; clock++) send(somchai, { clientId: 1, clock, state: { cursor: cursor(clock) } })
    expect(sent.map((entries) => entries.map((entry) => entry.clock))).toEqual([[1]])
    timers.tick()
    expect(sent.map((entries) => entries.map((entry) => entry.clock))).toEqual([[1], [50]])
    expect(sent[1]![0]!.state?.cursor).toEqual(cursor(50))
    // Nothing waits: the interval ends quietly, and the next state goes at once.
    timers.tick()
    expect(timers.running).toBe(0)
    send(somchai, { clientId: 1, clock: 51, state: {} })
    expect(sent).toHaveLength(3)
  })

  it("paces each connection on its own: one member's stream does not hold back another's state", () => {
    const somchai = peer('Khun Somchai')
    const lok = peer('Lok Sokha', 'KH')
    const { send, sent } = setup()
    send(somchai, { clientId: 1, clock: 1, state: {} })
    send(somchai, { clientId: 1, clock: 2, state: {} })
    send(lok, { clientId: 2, clock: 1, state: {} })
    expect(sent.map((entries) => entries[0]!.clientId)).toEqual([1, 2])
  })

  it('leaves with its state when it closes: removed for everyone, a waiting state never sent, its interval stopped', () => {
    const somchai = peer('Khun Somchai')
    const { presence, send, sent, states, timers } = setup()
    send(somchai, { clientId: 1, clock: 1, state: {} })
    send(somchai, { clientId: 1, clock: 2, state: { cursor: cursor(2) } })
    presence.forget(somchai)
    expect(states()).toEqual({})
    expect(timers.running).toBe(0)
    expect(sent.map((entries) => entries.map((entry) => [entry.clientId, entry.state === null ? 'removed' : 'shown']))).toEqual([
      [[1, 'shown']],
      [[1, 'removed']],
    ])
    expect(presence.encodeAll()).toBeNull()
    // Forgetting twice, or a connection that never published, changes nothing.
    presence.forget(somchai)
    presence.forget(peer('Observer', null, 'observer'))
    expect(sent).toHaveLength(2)
  })

  it('may remove its own state and publish again, keeping its client id', () => {
    const somchai = peer('Khun Somchai')
    const { send, states, timers } = setup()
    send(somchai, { clientId: 1, clock: 1, state: {} })
    timers.tick()
    send(somchai, { clientId: 1, clock: 1, state: null })
    expect(states()).toEqual({})
    timers.tick()
    send(somchai, { clientId: 2, clock: 1, state: {} })
    send(somchai, { clientId: 1, clock: 2, state: { cursor: cursor(3) } })
    expect(Object.keys(states())).toEqual(['1'])
  })
})

describe('a state from a client behind its clock', () => {
  it('is shown with the next clock: a provider starts at clock 0, and repeats its clock when it reconnects', () => {
    const somchai = peer('Khun Somchai')
    const { presence, send, sent, states, timers } = setup()
    send(somchai, { clientId: 1, clock: 0, state: {} })
    expect(Object.keys(states())).toEqual(['1'])
    timers.tick()
    send(somchai, { clientId: 1, clock: 4, state: { cursor: cursor(4) } })
    presence.forget(somchai)
    const again = sameMember(somchai)
    send(again, { clientId: 1, clock: 4, state: { cursor: cursor(4) } })
    expect(states()[1]?.cursor).toEqual(cursor(4))
    // Each clock newer than the last anyone was sent, so every client applies it.
    expect(sent.map((entries) => entries[0]!.clock)).toEqual([1, 4, 4, 5])
  })

  it("is shown when it differs from the echo the sender has not seen yet, and the sender's relay of that echo changes nothing", () => {
    const somchai = peer('Khun Somchai')
    const { send, sent, states, timers } = setup()
    send(somchai, { clientId: 1, clock: 0, state: {} })
    timers.tick()
    // Sent before the echo at clock 1 arrived.
    send(somchai, { clientId: 1, clock: 1, state: { cursor: cursor(1) } })
    timers.tick()
    expect(states()[1]?.cursor).toEqual(cursor(1))
    expect(sent.map((entries) => entries[0]!.clock)).toEqual([1, 2])
    // The echo at clock 2 is newer than the sender's own: it takes it, and relays it back.
    send(somchai, { clientId: 1, clock: 2, state: sent[1]![0]!.state })
    timers.tick()
    expect(sent).toHaveLength(2)
    // And goes on from there.
    send(somchai, { clientId: 1, clock: 3, state: { cursor: cursor(3) } })
    expect(sent.map((entries) => entries[0]!.clock)).toEqual([1, 2, 3])
  })
})

describe('an awareness flood', () => {
  it('of 20 messages listing 10,000 client ids each leaves one state, and hands on one small frame per interval', () => {
    const observer = peer('Observer', null, 'observer')
    const { presence, send, sent, states, timers } = setup()
    for (let message = 0; message < 20; message++) {
      const entries: AwarenessEntry[] = [{ clientId: 7, clock: message + 1, state: { cursor: cursor(message) } }]
      for (let i = 1; i < 10_000; i++) entries.push({ clientId: 1_000 + message * 10_000 + i, clock: 1, state: { user: { name: 'Ghost' } } })
      send(observer, ...entries)
    }
    timers.tick()
    expect(Object.keys(states())).toEqual(['7'])
    expect(sent.map((entries) => entries.map((entry) => [entry.clientId, entry.clock]))).toEqual([[[7, 1]], [[7, 20]]])
    expect(presence.encodeAll()!.length).toBeLessThan(400)
    // All it held goes when it closes.
    presence.forget(observer)
    expect(states()).toEqual({})
  })
})

describe('connections coming and going', () => {
  it('leave behind a bounded memory of the client ids they held', () => {
    const { presence, send, states } = setup()
    const first = peer('Khun Somchai')
    for (let i = 0; i <= maxRememberedClients + 100; i++) {
      const connection = i === 0 ? first : peer(`Visitor ${i}`)
      send(connection, { clientId: 1_000 + i, clock: 1, state: {} })
      presence.forget(connection)
    }
    expect(states()).toEqual({})
    // The server's own entry, and the remembered ones.
    expect(presence.awareness.meta.size).toBe(1 + maxRememberedClients)
    // The oldest is forgotten: its id is free again, for anyone.
    send(peer('Lok Sokha', 'KH'), { clientId: 1_000, clock: 1, state: {} })
    expect(Object.keys(states())).toEqual(['1000'])
  })
})

describe('destroying presence', () => {
  it('stops every running interval', () => {
    const { presence, send, timers } = setup()
    send(peer('Khun Somchai'), { clientId: 1, clock: 1, state: {} })
    send(peer('Lok Sokha', 'KH'), { clientId: 2, clock: 1, state: {} })
    expect(timers.running).toBe(2)
    presence.destroy()
    expect(timers.running).toBe(0)
  })
})
