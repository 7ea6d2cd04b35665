/**
 * Personal API tokens, for scripts and stock clients: a signed-in person
 * makes one for a standing membership of theirs, and it then acts as that
 * member exactly as the member's own token does (the authenticator reads
 * it); the person lists and revokes their own. A revoked token, or one of a
 * revoked membership, opens nothing, and revoking a token closes the
 * sockets it opened.
 */

import { randomUUID } from 'node:crypto'
import { generateToken, hashToken } from '../access/token.js'
import type { ApiTokenStore } from '../storage/apiTokenStore.js'
import type { PersonStore } from '../storage/personStore.js'
import { conflict, forbidden, notFound, unauthorized, type CounterpartError } from '../vocabulary/errors.js'
import type { ApiTokenRecord } from '../vocabulary/apiToken.js'
import type { PersonRecord } from '../vocabulary/person.js'

export class ApiTokens {
  /**
   * @param closeOpenedWith closes the open connections a token (by the hash
   *   of its secret) opened, with `reason`: handed in at wiring, since the
   *   sockets are the transport's.
   */
  constructor(
    private readonly tokens: ApiTokenStore,
    private readonly people: PersonStore,
    private readonly closeOpenedWith: (tokenHash: string, reason: CounterpartError) => void,
  ) {}

  /**
   * Makes a token labelled `label` that acts as `person`'s standing
   * membership of `documentId`. Resolves to its record and its secret, to
   * be shown this once. Throws Forbidden when the person holds no standing
   * membership there.
   */
  async create(person: PersonRecord, documentId: string, label: string): Promise<{ record: ApiTokenRecord; token: string }> {
    const member = await this.people.membershipOf(person.id, documentId)
    if (!member) {
      throw forbidden(`you hold no membership of document ${documentId}: an API token acts as one of your memberships`)
    }
    const token = generateToken()
    const record = await this.tokens.create({ id: randomUUID(), tokenHash: hashToken(token), personId: person.id, documentId, memberId: member.id, label })
    return { record, token }
  }

  /** The tokens `person` made, revoked ones included, oldest first. */
  async list(person: PersonRecord): Promise<ApiTokenRecord[]> {
    return this.tokens.list(person.id)
  }

  /**
   * Revokes `person`'s token `id` and closes the sockets it opened (4401).
   * Throws NotFound when they made no such token, Conflict when it was
   * already revoked.
   */
  async revoke(person: PersonRecord, id: string): Promise<ApiTokenRecord> {
    const revoked = await this.tokens.revoke(person.id, id)
    if (!revoked) {
      const existing = await this.tokens.get(person.id, id)
      if (!existing) throw notFound(`you have no API token ${id}`)
      throw conflict(`API token ${id} was already revoked at ${existing.revokedAt!.toISOString()}`)
    }
    this.closeOpenedWith(revoked.tokenHash, unauthorized('the token was revoked'))
    return revoked.token
  }
}
