/**
 * Who is here: every member with a connection to the document, by the
 * identity the server stamped on their presence, coloured by party.
 */

import type { Awareness } from 'y-protocols/awareness'
import { h, replaceChildren } from '../dom.js'

interface StampedUser {
  memberId: string
  name: string
  party: string | null
  role: string
  color: string
}

export function presenceList(awareness: Awareness, self: { id: string; name: string; party: string | null; role: string } | null): HTMLElement {
  const list = h('ul', { class: 'presence-list', 'aria-label': 'Who is here' })
  const render = () => {
    const people = new Map<string, StampedUser>()
    for (const [clientId, state] of awareness.getStates()) {
      const user = (state as { user?: StampedUser }).user
      if (user?.memberId && clientId !== awareness.clientID) people.set(user.memberId, user)
    }
    if (self) people.delete(self.id)
    replaceChildren(
      list,
      self ? h('li', { class: 'presence-self' }, h('span', { class: 'dot' }), `${self.name} (you)`) : null,
      [...people.values()].map((user) =>
        h('li', { 'data-member': user.memberId }, h('span', { class: 'dot', style: `background:${user.color}` }), `${user.name}${user.party ? ` · ${user.party}` : ''}`, h('span', { class: 'role' }, user.role)),
      ),
    )
  }
  awareness.on('change', render)
  render()
  return list
}
