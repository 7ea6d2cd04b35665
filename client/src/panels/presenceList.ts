/**
 * Who is here: every page open on the document — observers and members who
 * have not clicked into the text included, since each page announces
 * itself as it connects — by the identity the server stamped on its
 * presence (name, party, role, colour), and where each one is: reading, or
 * in which clause of which text ("in Paragraph 6 (Thai text)").
 */

import type { Awareness } from 'y-protocols/awareness'
import type * as Y from 'yjs'
import { cursorPlace, type CursorPlace } from '../cursorPlace.js'
import { h, replaceChildren } from '../dom.js'
import { languageName } from '../languageNames.js'
import type { InstrumentStyle } from '../../../server/vocabulary/document.js'
import type { Role } from '../../../server/vocabulary/member.js'
import { clauseLabelIn } from '../../../server/vocabulary/numbering.js'
import { interfaceLanguage, t } from '../i18n/translator.js'
import { partInSentence, roleName } from '../i18n/vocabularyWords.js'

/** The identity the server writes into every presence (`server/engine/presence.ts`). */
interface StampedUser {
  memberId: string
  name: string
  party: string | null
  role: Role
  color: string
}

export interface PresenceListOptions {
  awareness: Awareness
  /** The member this page is, listed first; null for the administrator. */
  self: { id: string; name: string; party: string | null } | null
  /** The shared document the cursors point into. */
  doc: Y.Doc
  style: InstrumentStyle
  /** The working text's language. */
  working: string
  /** Whether the document has texts in other languages (then each place names its text). */
  multilingual: boolean
}

/** The words of this list, in one place (in the interface's language). */
const words = {
  get list() { return t('presence.list') },
  you: (name: string) => t('presence.you', { name }),
  get reading() { return t('presence.reading') },
  get text() { return t('presence.inText') },
  inText: (where: string, language: string | null) => t('presence.inPlace', { where, language: language ?? 'none' }),
  inWholeText: (language: string) => t('presence.inWholeText', { language }),
}

/**
 * Where someone is, in words: "reading" without a cursor (`place`
 * undefined); with one, "in Paragraph 6", "in the preamble" or "in the
 * text" (a place not known yet) — and, in a document in several
 * languages, which text: "in Paragraph 6 (Thai text)", "in the Thai text".
 */
export function placeInWords(place: CursorPlace | null | undefined, style: InstrumentStyle, multilingual: boolean): string {
  if (place === undefined) return words.reading
  const language = multilingual && place !== null ? languageName(place.lang) : null
  const part = place?.part ?? null
  if (part === null) return language === null ? words.text : words.inWholeText(language)
  // Clauses numbered in the interface's words, Western digits, as the outline numbers them.
  const where = part.kind === 'clause' ? clauseLabelIn(part.number, style, interfaceLanguage(), 'western') : partInSentence(part.kind)
  return words.inText(where, language)
}

/** The list of who is here, kept up to date as presences change. */
export function presenceList(options: PresenceListOptions): HTMLElement {
  const { awareness, self, doc, style, working, multilingual } = options
  const list = h('ul', { class: 'presence-list', 'aria-label': words.list })
  /** What the list last showed: a presence that changed nothing shown (this page's own cursor, at every keystroke) redraws nothing. */
  let shown = ''
  const render = () => {
    // One entry a member: of their pages, one with a cursor says most.
    const people = new Map<string, { user: StampedUser; cursor: unknown }>()
    for (const [clientId, state] of awareness.getStates()) {
      const { user, cursor } = state as { user?: StampedUser; cursor?: unknown }
      if (!user?.memberId || clientId === awareness.clientID || user.memberId === self?.id) continue
      const known = people.get(user.memberId)
      if (!known || (known.cursor == null && cursor != null)) people.set(user.memberId, { user, cursor })
    }
    const others = [...people.values()]
      .sort((a, b) => (a.user.party ?? '\uffff').localeCompare(b.user.party ?? '\uffff') || a.user.name.localeCompare(b.user.name))
      .map(({ user, cursor }) => ({
        member: user.memberId,
        color: user.color,
        name: `${user.name}${user.party ? ` · ${user.party}` : ''}`,
        where: placeInWords(cursor == null ? undefined : cursorPlace(doc, cursor, working), style, multilingual),
        role: roleName(user.role) ?? user.role,
      }))
    const showing = JSON.stringify([self ? words.you(self.name) : null, others])
    if (showing === shown) return
    shown = showing
    replaceChildren(
      list,
      self ? h('li', { class: 'presence-self' }, h('span', { class: 'dot' }), words.you(self.name)) : null,
      others.map(({ member, color, name, where, role }) =>
        h('li', { 'data-member': member }, h('span', { class: 'dot', style: `background:${color}` }), name, h('span', { class: 'where' }, where), h('span', { class: 'role' }, role)),
      ),
    )
  }
  awareness.on('change', render)
  render()
  return list
}
