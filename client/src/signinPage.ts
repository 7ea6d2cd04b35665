/**
 * The sign-in page, `/signin`: a passkey creates an account (from a
 * registration link, `/signin?register=<token>`, or an invitation,
 * `/signin?invitation=<token>`, whose token leaves the address bar at once)
 * or signs in; an invitation says what it invites to and is accepted by
 * the new account, or by the signed-in person with one press, and the
 * negotiation opens; signed in, it shows the person and
 * their memberships (`GET /api/me`) and their passkeys (`GET /api/me/passkeys`),
 * adds a passkey or removes one (never the last), and signs out here or everywhere
 * (removing what this browser keeps of the negotiations: `keptCopies.ts`). The
 * session is an HttpOnly cookie: this page never sees it.
 */

import { startAuthentication, startRegistration } from '@simplewebauthn/browser'
import type { MeView, PasskeyView } from '../../server/vocabulary/person.js'
import type { Role } from '../../server/vocabulary/member.js'
import type { MemberView } from '../../server/vocabulary/views.js'
import { apiErrorOf } from './api.js'
import { h, replaceChildren } from './dom.js'
import { forgetKeptCopies } from './keptCopies.js'
import { formatDate } from './i18n/dateFormat.js'
import { errorText, reasonOf } from './i18n/errorWords.js'
import { languageChooser } from './i18n/languageChooser.js'
import { followAccount, startPageLanguage } from './i18n/pageLanguage.js'
import { t } from './i18n/translator.js'
import { roleInSentence } from './i18n/vocabularyWords.js'
import './styles.css'
import './verifyPage.css'
import './home.css'

/** Sends JSON to `path` with `method`; resolves to the parsed answer, or throws an ApiError with the server's code and message. */
async function send<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  })
  const answer: unknown = await response.json().catch(() => ({}))
  if (!response.ok) throw apiErrorOf(response.status, answer, t('error.status', { status: response.status }))
  return answer as T
}

/** POSTs JSON to `path`; resolves to the parsed answer, or throws with the server's message. */
const post = <T>(path: string, body: unknown = {}): Promise<T> => send<T>('POST', path, body)

/** One passkey in words: when it was made and last used, and how it is reached. */
function describePasskey(passkey: PasskeyView): string {
  const made = t('signin.passkey.made', { made: formatDate(passkey.createdAt), lastUsed: passkey.lastUsedAt === null ? 'none' : formatDate(passkey.lastUsedAt) })
  return passkey.transports.length > 0 ? t('signin.passkey.transports', { passkey: made, transports: passkey.transports.join(', ') }) : made
}

/** What an invitation link invites to, as `GET /api/invitations?token=` answers. */
interface InvitationLook {
  title: string
  name: string
  party: string | null
  role: Role
  expiresAt: string
}

/** The invitation in words: who, to what, as what, until when. */
function describeInvitation({ title, name, party, role, expiresAt }: InvitationLook): string {
  return t('signin.invitation', { name, title, role: roleInSentence(role), party: party ?? 'none', expires: formatDate(expiresAt) })
}

/** `text` begun with a capital, as a sentence on its own (the server's messages begin in lower case). */
const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)

/** Takes the tokens out of the address bar at once, so that no bookmark, history entry or shared screen keeps them. */
function takeTokens(): { link: string | null; invitation: string | null } {
  const address = new URL(location.href)
  const tokens = { link: address.searchParams.get('register'), invitation: address.searchParams.get('invitation') }
  address.searchParams.delete('register')
  address.searchParams.delete('invitation')
  history.replaceState(null, '', address.pathname + address.search)
  return tokens
}

async function start(): Promise<void> {
  startPageLanguage()
  document.querySelector('.home-top')!.append(languageChooser())
  const status = document.getElementById('status')!
  const heading = document.getElementById('heading')!
  const signedOut = document.getElementById('signed-out')!
  const signedIn = document.getElementById('signed-in')!
  const register = document.getElementById('register') as HTMLFormElement
  const say = (text: string) => (status.textContent = text)
  const input = (id: string) => document.getElementById(id) as HTMLInputElement
  const field = (id: string) => input(id).value.trim()
  const { link, invitation: invitationToken } = takeTokens()

  let invitation: InvitationLook | null = null
  if (invitationToken !== null) {
    try {
      invitation = await send<InvitationLook>('GET', `/api/invitations?token=${encodeURIComponent(invitationToken)}`)
    } catch (error) {
      heading.textContent = t('signin.heading.invitationVoid')
      say(`${sentence(reasonOf(error))}.`)
      return
    }
    document.getElementById('invitation')!.textContent = describeInvitation(invitation)
    document.getElementById('invited')!.hidden = false
    // Marked, so that the words are written again if the account's language differs from this browser's.
    document.getElementById('register-words')!.dataset.i18n = 'signin.register.wordsInvited'
    document.getElementById('register-words')!.textContent = t('signin.register.wordsInvited')
    document.getElementById('sign-in-words')!.dataset.i18n = 'signin.signIn.wordsInvited'
    document.getElementById('sign-in-words')!.textContent = t('signin.signIn.wordsInvited')
    input('name').value = invitation.name
  }

  /** Opens the negotiation `member` belongs to. */
  const enter = (member: MemberView) => location.assign(`/d/${encodeURIComponent(member.documentId)}`)
  const acceptInvitation = async () => enter((await post<{ member: MemberView }>('/api/me/invitations', { token: invitationToken })).member)

  const show = async (): Promise<void> => {
    const response = await fetch('/api/me', { credentials: 'same-origin' })
    document.getElementById('accept-part')!.hidden = !response.ok || invitation === null
    if (!response.ok) {
      heading.textContent = t(invitation !== null ? 'signin.heading.join' : link !== null ? 'signin.heading.create' : 'signin.heading.signIn')
      signedIn.hidden = true
      // An invitation lets a newcomer make an account or a member sign in with theirs; a registration link only makes one.
      signedOut.hidden = link !== null && invitation === null
      register.hidden = link === null && invitation === null
      return
    }
    const me = (await response.json()) as MeView
    // Fetched before anything is shown: the signed-in part appears whole, never with an empty list of passkeys.
    const { passkeys } = await send<{ passkeys: PasskeyView[] }>('GET', '/api/me/passkeys')
    // The account's language wins: the page's words are written again in it.
    if (followAccount(me.person) && invitation !== null) document.getElementById('invitation')!.textContent = describeInvitation(invitation)
    heading.textContent = t(invitation !== null ? 'signin.heading.join' : 'signin.heading.signedIn')
    signedOut.hidden = register.hidden = true
    signedIn.hidden = false
    const { name, organisation } = me.person
    document.getElementById('who')!.textContent = t('signin.who', { name: organisation ? t('home.personWithOrganisation', { name, organisation }) : name })
    replaceChildren(
      document.getElementById('memberships')!,
      me.memberships.length === 0
        ? [h('li', {}, t('signin.noNegotiation'))]
        : me.memberships.map((membership) => h('li', {}, t('signin.membership', { title: membership.title, role: roleInSentence(membership.role), party: membership.party ?? 'none' }))),
    )
    replaceChildren(
      document.getElementById('passkeys')!,
      passkeys.map((passkey) =>
        h(
          'li',
          { 'data-credential-id': passkey.credentialId },
          `${describePasskey(passkey)} `,
          // The last passkey stays: without it the person could not sign in again (the server refuses too).
          h(
            'button',
            {
              type: 'button',
              class: 'remove-passkey',
              disabled: passkeys.length === 1,
              title: passkeys.length === 1 ? t('signin.onlyPasskey') : null,
              onclick: attempt(async () => {
                await send('DELETE', `/api/me/passkeys/${encodeURIComponent(passkey.credentialId)}`)
                say(t('signin.removed'))
              }),
            },
            t('signin.remove'),
          ),
        ),
      ),
    )
  }

  const attempt = (work: () => Promise<unknown>) => async () => {
    say('')
    try {
      await work()
      await show()
    } catch (error) {
      say(errorText(error))
    }
  }

  register.addEventListener('submit', (event) => {
    event.preventDefault()
    void attempt(async () => {
      const options = await post<Parameters<typeof startRegistration>[0]['optionsJSON']>('/api/auth/register/options', {
        ...(invitationToken !== null ? { invitation: invitationToken } : { link }),
        name: field('name'),
        organisation: field('organisation') || null,
        email: field('email') || null,
      })
      const credential = await startRegistration({ optionsJSON: options })
      const { member } = await post<{ member: MemberView | null }>('/api/auth/register/verify', { credential, invitation: invitationToken })
      say(t('signin.ready'))
      if (member !== null) enter(member)
    })()
  })
  document.getElementById('sign-in')!.addEventListener(
    'click',
    attempt(async () => {
      const options = await post<Parameters<typeof startAuthentication>[0]['optionsJSON']>('/api/auth/login/options')
      const credential = await startAuthentication({ optionsJSON: options })
      await post('/api/auth/login/verify', { credential })
      say(t('signin.signedIn'))
      if (invitationToken !== null) await acceptInvitation()
    }),
  )
  document.getElementById('accept')!.addEventListener('click', attempt(acceptInvitation))
  document.getElementById('add-passkey')!.addEventListener(
    'click',
    attempt(async () => {
      const options = await post<Parameters<typeof startRegistration>[0]['optionsJSON']>('/api/auth/passkeys/options')
      const credential = await startRegistration({ optionsJSON: options })
      await post('/api/auth/passkeys/verify', { credential })
      say(t('signin.added'))
    }),
  )
  document.getElementById('sign-out')!.addEventListener(
    'click',
    attempt(async () => {
      await post('/api/auth/logout')
      // Nothing of the negotiations stays behind on this browser: the local copies and the cached shell go too.
      await forgetKeptCopies()
      say(t('signin.signedOut'))
    }),
  )
  document.getElementById('sign-out-everywhere')!.addEventListener(
    'click',
    attempt(async () => {
      const { ended } = await post<{ ended: number }>('/api/auth/logout-everywhere')
      await forgetKeptCopies()
      say(t('signin.signedOutEverywhere', { ended }))
    }),
  )
  await show()
}

void start()
