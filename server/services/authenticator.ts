/**
 * Turns a bearer token into a Principal — the administrator's, a member's,
 * or a person's API token acting as their membership — and establishes the
 * administrator's token at start.
 */

import { unauthorized } from '../vocabulary/errors.js'
import { refusal } from '../vocabulary/refusal.js'
import type { MemberStore } from '../storage/memberStore.js'
import type { ApiTokenStore } from '../storage/apiTokenStore.js'
import type { SettingStore } from '../storage/settingStore.js'
import type { Principal } from '../access/principal.js'
import { generateToken, hashToken, sameHash } from '../access/token.js'

const ADMIN_TOKEN_SETTING = 'admin_token_sha256'

export class Authenticator {
  constructor(
    private readonly members: MemberStore,
    private readonly adminTokenHash: string,
    private readonly apiTokens: ApiTokenStore,
  ) {}

  /**
   * The principal holding `token`: a personal API token is its member, as
   * the member's own token is. Throws Unauthorized when the token is
   * missing, unknown or revoked, or its membership was.
   */
  async authenticate(token: string | null | undefined): Promise<Principal> {
    if (token === null || token === undefined || token === '') throw unauthorized(refusal('refusal.session.tokenRequired'))
    const tokenHash = hashToken(token)
    if (sameHash(tokenHash, this.adminTokenHash)) return { kind: 'admin' }
    const member = await this.members.findByTokenHash(tokenHash)
    if (member) {
      if (member.revokedAt !== null) throw unauthorized(refusal('refusal.session.tokenRevoked'))
      return { kind: 'member', member }
    }
    const held = await this.apiTokens.use(tokenHash)
    if (!held) throw unauthorized(refusal('refusal.session.tokenUnknown'))
    if (held.revokedAt !== null || held.member.revokedAt !== null) throw unauthorized(refusal('refusal.session.tokenRevoked'))
    return { kind: 'member', member: held.member }
  }
}

/**
 * Settles the administrator token: the configured one if given; otherwise
 * the one generated on an earlier start; otherwise a new one, stored (as a
 * hash) and returned in `generated` so the caller can show it once.
 */
export async function establishAdminToken(
  settings: SettingStore,
  configured: string | null,
): Promise<{ tokenHash: string; generated: string | null }> {
  if (configured !== null) return { tokenHash: hashToken(configured), generated: null }
  const existing = await settings.get(ADMIN_TOKEN_SETTING)
  if (existing !== null) return { tokenHash: existing, generated: null }
  const token = generateToken()
  const stored = await settings.putIfAbsent(ADMIN_TOKEN_SETTING, hashToken(token))
  // Another process may have won the race; then its token is the one.
  return stored === hashToken(token) ? { tokenHash: stored, generated: token } : { tokenHash: stored, generated: null }
}
