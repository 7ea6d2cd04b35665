/**
 * The home page, `/`: signed out (`GET /api/me` answers 401), what
 * Counterpart is and the way to sign in; signed in, the person's
 * negotiations — one card each, with its parties, their seat in it, how
 * far it has come and what waits on them — and, for whoever may start one,
 * the way to `/new`. The session is an HttpOnly cookie: this page never
 * sees it.
 */

import type { MeView, PersonMembershipView } from '../../server/vocabulary/person.js'
import { h, replaceChildren } from './dom.js'
import { partiesText, progressText, seatText, waitingText } from './negotiationSummary.js'
import { followAccount, startPageLanguage } from './i18n/pageLanguage.js'
import { languageChooser } from './i18n/languageChooser.js'
import { t } from './i18n/translator.js'
import { apiErrorOf } from './api.js'
import { reasonOf } from './i18n/errorWords.js'
import './styles.css'
import './verifyPage.css'
import './home.css'

/** One negotiation's card: its title (the link to its text), parties, the person's seat, its progress. */
function negotiationCard(membership: PersonMembershipView): HTMLLIElement {
  const waiting = waitingText(membership.summary)
  return h(
    'li',
    { class: 'negotiation-card', 'data-document': membership.documentId },
    h('h2', { class: 'negotiation-title' }, h('a', { href: `/d/${encodeURIComponent(membership.documentId)}` }, membership.title)),
    h('p', { class: 'negotiation-seat' }, h('span', { class: 'negotiation-parties' }, partiesText(membership.parties)), ' · ', seatText(membership)),
    h(
      'p',
      { class: 'negotiation-progress' },
      h('span', { class: 'negotiation-counts' }, progressText(membership.summary)),
      waiting && h('span', { class: 'negotiation-waiting' }, waiting),
    ),
  )
}

async function start(): Promise<void> {
  startPageLanguage()
  document.querySelector('.home-top')!.append(languageChooser())
  const status = document.getElementById('status')!
  let response: Response
  try {
    response = await fetch('/api/me', { credentials: 'same-origin' })
  } catch {
    status.textContent = t('error.network')
    return
  }
  if (response.status === 401) {
    document.getElementById('signed-out')!.hidden = false
    return
  }
  if (!response.ok) {
    status.textContent = reasonOf(apiErrorOf(response.status, await response.json().catch(() => null), t('error.status', { status: response.status })))
    return
  }
  const me = (await response.json()) as MeView
  followAccount(me.person)
  const who = document.getElementById('who')!
  const { name, organisation } = me.person
  replaceChildren(who, organisation ? t('home.personWithOrganisation', { name, organisation }) : name, ' · ', h('a', { href: '/signin' }, t('home.account')))
  who.hidden = false
  document.getElementById('new-negotiation')!.hidden = !me.mayCreate
  replaceChildren(
    document.getElementById('negotiations')!,
    me.memberships.length === 0
      ? h('li', { class: 'negotiation-card empty-list' }, t('home.noNegotiation'))
      : me.memberships.map(negotiationCard),
  )
  document.getElementById('signed-in')!.hidden = false
}

void start()
