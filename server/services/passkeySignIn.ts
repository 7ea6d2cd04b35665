/**
 * Passkey sign-in (WebAuthn), through `@simplewebauthn/server`: creating
 * an account with a passkey, allowed by a registration link, and signing
 * in with a discoverable credential; a signed-in person's passkeys, listed,
 * added and removed (never the last). Every challenge is kept on the server,
 * expires, and is taken once. An account is allowed by a registration
 * link (the administrator's) or by an invitation (`invitations.ts`).
 */

import { randomUUID } from 'node:crypto'
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server'
import { requireAdmin, type Principal } from '../access/principal.js'
import { generateToken, hashToken } from '../access/token.js'
import type { ChallengeStore } from '../storage/challengeStore.js'
import type { PersonStore } from '../storage/personStore.js'
import { conflict, forbidden, invalid, notFound, unauthorized } from '../vocabulary/errors.js'
import { refusal } from '../vocabulary/refusal.js'
import type { PasskeyRecord, PersonRecord } from '../vocabulary/person.js'

export interface RelyingParty {
  /** The origin browsers sign in from, e.g. `https://counterpart.example.org`. */
  origin: string
  /** Its host name: the WebAuthn relying party id. */
  id: string
  /** The name authenticators show. */
  name: string
}

/** How long a challenge may wait for its answer. */
const challengeTtlMs = 5 * 60 * 1000
/** How long a registration link stands. */
const registrationLinkTtlMs = 24 * 3600 * 1000

/** The account a registration creates. */
export interface NewAccount {
  name: string
  organisation: string | null
  email: string | null
}

export class PasskeySignIn {
  constructor(
    private readonly people: PersonStore,
    private readonly challenges: ChallengeStore,
    readonly relyingParty: RelyingParty,
  ) {}

  /**
   * A single-use link that lets one person create an account (the
   * administrator only), an administrator's account with `administrator`
   * (what the first start's banner prints, so that the administrator
   * signs in as a person). The token appears only in the answer; it is
   * stored hashed.
   */
  async createRegistrationLink(principal: Principal, { administrator = false } = {}): Promise<{ token: string; expiresAt: Date }> {
    requireAdmin(principal)
    const token = generateToken()
    const { expiresAt } = await this.challenges.putRegistrationLink(hashToken(token), registrationLinkTtlMs, administrator)
    return { token, expiresAt }
  }

  /**
   * The options for `navigator.credentials.create()` for a new account,
   * allowed by `permit`: a registration link's token, or an invitation's
   * (which the caller has found pending). Throws Forbidden when the link
   * is unknown, used or expired.
   */
  async registrationOptions(permit: { kind: 'link' | 'invitation'; token: string }, account: NewAccount): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const hash = hashToken(permit.token)
    if (permit.kind === 'link' && !(await this.challenges.registrationLinkStands(hash))) throw forbidden(refusal('refusal.passkey.linkUnknown'))
    const personId = randomUUID()
    const options = await generateRegistrationOptions({
      rpName: this.relyingParty.name,
      rpID: this.relyingParty.id,
      userName: account.email ?? account.name,
      userDisplayName: account.name,
      userID: new TextEncoder().encode(personId),
      attestationType: 'none',
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
      timeout: challengeTtlMs,
    })
    await this.challenges.put(options.challenge, 'register', challengeTtlMs, { personId, ...account, permit: { kind: permit.kind, hash } })
    return options
  }

  /**
   * Checks the authenticator's answer to a registration challenge and
   * creates the account with its passkey, using up a registration link.
   * A registration allowed by an invitation must name it again
   * (`invitationToken`): the caller accepts it next, and is told to by
   * `invitation`. Throws Unauthorized when the challenge is unknown, taken
   * or expired, the answer does not verify or the invitation is not the
   * one asked for; Forbidden when the link was used meanwhile.
   */
  async register(response: RegistrationResponseJSON, invitationToken: string | null): Promise<{ person: PersonRecord; invitation: string | null }> {
    const challenge = challengeOf(response.response.clientDataJSON)
    const taken = await this.challenges.take(challenge, 'register')
    const details = taken?.details
    if (!details) throw unauthorized(refusal('refusal.passkey.registrationNotAsked'))
    const { permit } = details
    if (permit.kind === 'invitation' && (invitationToken === null || hashToken(invitationToken) !== permit.hash)) {
      throw unauthorized('this registration was asked for with an invitation: send the same invitation with the passkey')
    }
    const passkey = await this.verifiedPasskey(response, challenge)
    const person = await this.people.createWithPasskey(
      { id: details.personId, name: details.name, organisation: details.organisation, email: details.email },
      passkey,
      permit.kind === 'link' ? permit.hash : null,
    )
    if (!person) throw forbidden(refusal('refusal.passkey.linkUnknown'))
    return { person, invitation: permit.kind === 'invitation' ? invitationToken : null }
  }

  /** The options for `navigator.credentials.get()`: any passkey of this site (discoverable credentials). */
  async loginOptions(): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const options = await generateAuthenticationOptions({
      rpID: this.relyingParty.id,
      userVerification: 'required',
      timeout: challengeTtlMs,
    })
    await this.challenges.put(options.challenge, 'login', challengeTtlMs, null)
    return options
  }

  /**
   * Checks the authenticator's answer to a sign-in challenge; resolves to
   * the person the passkey belongs to. Throws Unauthorized for an unknown,
   * taken or expired challenge, an unknown passkey, or an answer that does
   * not verify (a signature counter gone backwards among them).
   */
  async signIn(response: AuthenticationResponseJSON): Promise<PersonRecord> {
    const challenge = challengeOf(response.response.clientDataJSON)
    if (!(await this.challenges.take(challenge, 'login'))) {
      throw unauthorized(refusal('refusal.passkey.signInNotAsked'))
    }
    const passkey = await this.people.findPasskey(response.id)
    if (!passkey) throw unauthorized(refusal('refusal.passkey.unknown'))
    const verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: this.relyingParty.origin,
      expectedRPID: this.relyingParty.id,
      requireUserVerification: true,
      credential: {
        id: passkey.credentialId,
        publicKey: new Uint8Array(passkey.publicKey),
        counter: passkey.counter,
        transports: passkey.transports as AuthenticatorTransportFuture[],
      },
    }).catch((error: unknown) => {
      throw unauthorized(refusal('refusal.passkey.notVerified', { detail: (error as Error).message }))
    })
    if (!verification.verified) throw unauthorized(refusal('refusal.passkey.notVerified', { detail: 'none' }))
    if (!(await this.people.usePasskey(passkey.credentialId, passkey.counter, verification.authenticationInfo.newCounter))) {
      throw unauthorized(refusal('refusal.passkey.usedElsewhere'))
    }
    const person = await this.people.get(passkey.personId)
    if (!person) throw unauthorized(refusal('refusal.passkey.unknown'))
    return person
  }

  /** The person's passkeys, oldest first. */
  async passkeysOf(person: PersonRecord): Promise<PasskeyRecord[]> {
    return this.people.passkeysOf(person.id)
  }

  /**
   * The options for `navigator.credentials.create()` to add a passkey to
   * the signed-in `person`: the same account (user id), and none of the
   * authenticators that already hold one of theirs.
   */
  async addPasskeyOptions(person: PersonRecord): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const held = await this.people.passkeysOf(person.id)
    const options = await generateRegistrationOptions({
      rpName: this.relyingParty.name,
      rpID: this.relyingParty.id,
      userName: person.email ?? person.name,
      userDisplayName: person.name,
      userID: new TextEncoder().encode(person.id),
      attestationType: 'none',
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
      excludeCredentials: held.map((passkey) => ({ id: passkey.credentialId, transports: passkey.transports as AuthenticatorTransportFuture[] })),
      timeout: challengeTtlMs,
    })
    await this.challenges.putPasskeyChallenge(options.challenge, person.id, challengeTtlMs)
    return options
  }

  /**
   * Checks the authenticator's answer to an add-a-passkey challenge and
   * adds the passkey to `person`. Throws Unauthorized when the challenge is
   * unknown, taken, expired or was handed to someone else, or the answer
   * does not verify; Conflict when the passkey is already stored.
   */
  async addPasskey(person: PersonRecord, response: RegistrationResponseJSON): Promise<PasskeyRecord> {
    const challenge = challengeOf(response.response.clientDataJSON)
    if (!(await this.challenges.takePasskeyChallenge(challenge, person.id))) {
      throw unauthorized(refusal('refusal.passkey.addingNotAsked'))
    }
    const passkey = await this.verifiedPasskey(response, challenge)
    const added = await this.people.addPasskey(person.id, passkey)
    if (!added) throw conflict(refusal('refusal.passkey.alreadyRegistered'))
    return added
  }

  /**
   * The passkey an authenticator's registration answer makes, once it
   * verifies as an answer to `challenge` from this relying party, the user
   * verified. Throws Unauthorized when it does not.
   */
  private async verifiedPasskey(response: RegistrationResponseJSON, challenge: string): Promise<{ credentialId: string; publicKey: Uint8Array; counter: number; transports: string[] }> {
    const verification = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: this.relyingParty.origin,
      expectedRPID: this.relyingParty.id,
      requireUserVerification: true,
    }).catch((error: unknown) => {
      throw unauthorized(refusal('refusal.passkey.notVerified', { detail: (error as Error).message }))
    })
    if (!verification.verified) throw unauthorized(refusal('refusal.passkey.notVerified', { detail: 'none' }))
    const { credential } = verification.registrationInfo
    return { credentialId: credential.id, publicKey: credential.publicKey, counter: credential.counter, transports: credential.transports ?? [] }
  }

  /**
   * Removes the person's passkey `credentialId`. Throws NotFound when they
   * hold no such passkey, Conflict when it is their last (they could no
   * longer sign in).
   */
  async removePasskey(person: PersonRecord, credentialId: string): Promise<void> {
    const outcome = await this.people.removePasskey(person.id, credentialId)
    if (outcome === 'unknown') throw notFound(`you hold no passkey ${JSON.stringify(credentialId.slice(0, 200))}`)
    if (outcome === 'last') throw conflict(refusal('refusal.passkey.last'))
  }
}

/** The challenge a client answered, read from its `clientDataJSON` (base64url). Throws Invalid when unreadable. */
function challengeOf(clientDataJSON: unknown): string {
  try {
    if (typeof clientDataJSON !== 'string') throw new TypeError('not a string')
    const data = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8')) as { challenge?: unknown }
    if (typeof data.challenge !== 'string' || data.challenge === '') throw new TypeError('no challenge')
    return data.challenge
  } catch {
    throw invalid('field "response.clientDataJSON" must be the base64url JSON the authenticator returned')
  }
}
