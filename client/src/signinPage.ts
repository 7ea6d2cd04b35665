/**
 * The sign-in page, `/signin`: a passkey creates an account (from a
 * registration link, `/signin?register=<token>`, or an invitation,
 * `/signin?invitation=<token>`, whose token leaves the address bar at once)
 * or signs in; an invitation says what it invites to and is accepted by
 * the new account, or by the signed-in person with one press, and the
 * negotiation opens; signed in, it shows the person and
 * their memberships (`GET /api/me`) and their passkeys (`GET /api/me/passkeys`),
 * adds a passkey or removes one (never the last), and signs out here or everywhere. The
 * session is an HttpOnly cookie: this page never sees it.
 */

import { startAuthentication, startRegistration } from '@simplewebauthn/browser'
import type { MeView, PasskeyView } from '../../server/vocabulary/person.js'
import { roleNames, type Role } from '../../server/vocabulary/member.js'
import type { MemberView } from '../../server/vocabulary/views.js'
import { h, replaceChildren } from './dom.js'
import './styles.css'
import './verifyPage.css'

/** Sends JSON to `path` with `method`; resolves to the parsed answer, or throws with the server's message. */
async function send<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  })
  const answer = (await response.json()) as T & { error?: { message: string } }
  if (!response.ok) throw new Error(answer.error?.message ?? `the server answered ${response.status}`)
  return answer
}

/** POSTs JSON to `path`; resolves to the parsed answer, or throws with the server's message. */
const post = <T>(path: string, body: unknown = {}): Promise<T> => send<T>('POST', path, body)

/** A day as people read it, e.g. "5 Dec 2026". */
const day = (iso: string) => new Date(iso).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' })

/** One passkey in words: when it was made and last used, and how it is reached. */
function describePasskey(passkey: PasskeyView): string {
  const reached = passkey.transports.length > 0 ? ` (${passkey.transports.join(', ')})` : ''
  return `Made ${day(passkey.createdAt)}, ${passkey.lastUsedAt === null ? 'not used to sign in yet' : `last used ${day(passkey.lastUsedAt)}`}${reached}`
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
  return `${name}, you are invited to “${title}” as ${roleNames[role].toLowerCase()}${party === null ? '' : ` of ${party}`}. The link works once, until ${day(expiresAt)}.`
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
      heading.textContent = 'This invitation opens nothing'
      say(`${sentence((error as Error).message)}.`)
      return
    }
    document.getElementById('invitation')!.textContent = describeInvitation(invitation)
    document.getElementById('invited')!.hidden = false
    document.getElementById('register-words')!.textContent = 'Create your account to join: your passkey stays on this device, and there is no password.'
    document.getElementById('sign-in-words')!.textContent = 'Already have an account? Sign in with your passkey and the negotiation is added to it.'
    input('name').value = invitation.name
  }

  /** Opens the negotiation `member` belongs to. */
  const enter = (member: MemberView) => location.assign(`/d/${encodeURIComponent(member.documentId)}`)
  const acceptInvitation = async () => enter((await post<{ member: MemberView }>('/api/me/invitations', { token: invitationToken })).member)

  const show = async (): Promise<void> => {
    const response = await fetch('/api/me', { credentials: 'same-origin' })
    document.getElementById('accept-part')!.hidden = !response.ok || invitation === null
    if (!response.ok) {
      heading.textContent = invitation !== null ? 'Join the negotiation' : link !== null ? 'Create your account' : 'Sign in'
      signedIn.hidden = true
      // An invitation lets a newcomer make an account or a member sign in with theirs; a registration link only makes one.
      signedOut.hidden = link !== null && invitation === null
      register.hidden = link === null && invitation === null
      return
    }
    const me = (await response.json()) as MeView
    heading.textContent = invitation !== null ? 'Join the negotiation' : 'Signed in'
    signedOut.hidden = register.hidden = true
    signedIn.hidden = false
    document.getElementById('who')!.textContent = `Signed in as ${me.person.name}${me.person.organisation ? `, ${me.person.organisation}` : ''}.`
    replaceChildren(
      document.getElementById('memberships')!,
      me.memberships.length === 0
        ? [h('li', {}, 'No negotiation yet.')]
        : me.memberships.map((membership) => h('li', {}, `${membership.title}: ${membership.role}${membership.party ? ` of ${membership.party}` : ''}`)),
    )
    const { passkeys } = await send<{ passkeys: PasskeyView[] }>('GET', '/api/me/passkeys')
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
              title: passkeys.length === 1 ? 'your only passkey: add another before removing this one' : null,
              onclick: attempt(async () => {
                await send('DELETE', `/api/me/passkeys/${encodeURIComponent(passkey.credentialId)}`)
                say('The passkey is removed: it no longer signs you in.')
              }),
            },
            'Remove',
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
      say((error as Error).message)
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
      say('Your account is ready; you are signed in.')
      if (member !== null) enter(member)
    })()
  })
  document.getElementById('sign-in')!.addEventListener(
    'click',
    attempt(async () => {
      const options = await post<Parameters<typeof startAuthentication>[0]['optionsJSON']>('/api/auth/login/options')
      const credential = await startAuthentication({ optionsJSON: options })
      await post('/api/auth/login/verify', { credential })
      say('You are signed in.')
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
      say('The passkey is added: you can sign in with it too.')
    }),
  )
  document.getElementById('sign-out')!.addEventListener(
    'click',
    attempt(async () => {
      await post('/api/auth/logout')
      say('You are signed out on this browser.')
    }),
  )
  document.getElementById('sign-out-everywhere')!.addEventListener(
    'click',
    attempt(async () => {
      const { ended } = await post<{ ended: number }>('/api/auth/logout-everywhere')
      say(`You are signed out everywhere (${ended} ${ended === 1 ? 'session' : 'sessions'} ended).`)
    }),
  )
  await show()
}

void start()
