/**
 * The server side of WebAuthn ceremonies: the challenges handed out (each
 * taken once, before it expires) to create an account, sign in or add a
 * passkey, and the administrator's single-use registration links (stored
 * hashed).
 */

import type { Database } from './database.js'

type ChallengePurpose = 'register' | 'login'

/** What a registration challenge carries from the options to the verification. */
export interface NewRegistration {
  personId: string
  name: string
  organisation: string | null
  email: string | null
  /** What allows the account, hashed (SHA-256): a registration link's token, or an invitation's. */
  permit: { kind: 'link' | 'invitation'; hash: string }
}

export class ChallengeStore {
  constructor(private readonly db: Database) {}

  /** Stores a challenge for `purpose`, valid for `ttlMs`, sweeping expired ones (anyone may ask for a challenge). */
  async put(challenge: string, purpose: ChallengePurpose, ttlMs: number, details: NewRegistration | null): Promise<void> {
    await this.db.query('DELETE FROM auth_challenges WHERE expires_at <= now()')
    await this.db.query(
      `INSERT INTO auth_challenges (challenge, purpose, details, expires_at)
       VALUES ($1, $2, $3, now() + make_interval(secs => $4::double precision / 1000))`,
      [challenge, purpose, details === null ? null : JSON.stringify(details), ttlMs],
    )
  }

  /**
   * Takes the challenge: deletes it and resolves to its details when it was
   * handed out for `purpose` and has not expired; null otherwise (unknown,
   * already taken, expired, or for the other ceremony). Expired challenges
   * are swept on the way.
   */
  async take(challenge: string, purpose: ChallengePurpose): Promise<{ details: NewRegistration | null } | null> {
    await this.db.query('DELETE FROM auth_challenges WHERE expires_at <= now()')
    const rows = await this.db.query<{ details: NewRegistration | string | null }>(
      'DELETE FROM auth_challenges WHERE challenge = $1 AND purpose = $2 AND expires_at > now() RETURNING details',
      [challenge, purpose],
    )
    if (!rows[0]) return null
    const details = rows[0].details
    return { details: typeof details === 'string' ? (JSON.parse(details) as NewRegistration) : details }
  }

  /** Stores a challenge to add a passkey to the person `personId`, valid for `ttlMs`, sweeping expired ones. */
  async putPasskeyChallenge(challenge: string, personId: string, ttlMs: number): Promise<void> {
    await this.db.query('DELETE FROM auth_challenges WHERE expires_at <= now()')
    await this.db.query(
      `INSERT INTO auth_challenges (challenge, purpose, details, expires_at)
       VALUES ($1, 'passkey', $2, now() + make_interval(secs => $3::double precision / 1000))`,
      [challenge, JSON.stringify({ personId }), ttlMs],
    )
  }

  /**
   * Takes a challenge to add a passkey to `personId`: deletes it and
   * resolves to true when it was handed to that person and has not expired;
   * false otherwise (unknown, already taken, expired, another person's, or
   * for another ceremony), leaving it as it was.
   */
  async takePasskeyChallenge(challenge: string, personId: string): Promise<boolean> {
    const rows = await this.db.query(
      `DELETE FROM auth_challenges
        WHERE challenge = $1 AND purpose = 'passkey' AND details ->> 'personId' = $2 AND expires_at > now() RETURNING challenge`,
      [challenge, personId],
    )
    return rows.length === 1
  }

  /** Stores a registration link (its token's hash) valid for `ttlMs`; an `administrator` link makes an administrator. */
  async putRegistrationLink(tokenHash: string, ttlMs: number, administrator = false): Promise<{ expiresAt: Date }> {
    const rows = await this.db.query<{ expires_at: Date }>(
      `INSERT INTO registration_links (token_hash, expires_at, administrator)
       VALUES ($1, now() + make_interval(secs => $2::double precision / 1000), $3) RETURNING expires_at`,
      [tokenHash, ttlMs, administrator],
    )
    return { expiresAt: rows[0]!.expires_at }
  }

  /** Whether the registration link `tokenHash` is unused and unexpired. */
  async registrationLinkStands(tokenHash: string): Promise<boolean> {
    const rows = await this.db.query(
      'SELECT 1 FROM registration_links WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()',
      [tokenHash],
    )
    return rows.length === 1
  }
}
