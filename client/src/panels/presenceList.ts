/**
 * Who is here: every member with a connection to the document, by the
 * identity the server stamped on their presence, coloured by party — and,
 * in a document in several languages, the text each one's cursor is in.
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

/**
 * The list of who is here. `where` names the text a presence's cursor is
 * in ("ไทย"), or null; by default nothing is said.
 */
export function presenceList(
  awareness: Awareness,
  self: { id: string; name: string; party: string | null; role: string } | null,
  where: (cursor: unknown) => string | null = () => null,
): HTMLElement {
  const list = h('ul', { class: 'presence-list', 'aria-label': 'Who is here' })
  const render = () => {
    const people = new Map<string, StampedUser & { where: string | null }>()
    for (const [clientId, state] of awareness.getStates()) {
      const user = (state as { user?: StampedUser }).user
      if (user?.memberId && clientId !== awareness.clientID) people.set(user.memberId, { ...user, where: where((state as { cursor?: unknown }).cursor) })
    }
    if (self) people.delete(self.id)
    replaceChildren(
      list,
      self ? h('li', { class: 'presence-self' }, h('span', { class: 'dot' }), `${self.name} (you)`) : null,
      [...people.values()].map((user) =>
        h('li', { 'data-member': user.memberId }, h('span', { class: 'dot', style: `background:${user.color}` }), `${user.name}${user.party ? ` · ${user.party}` : ''}`, user.where ? h('span', { class: 'where' }, `in ${user.where}`) : null, h('span', { class: 'role' }, user.role)),
      ),
    )
  }
  awareness.on('change', render)
  render()
  return list
}
