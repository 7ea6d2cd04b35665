/**
 * People, their passkeys, and which memberships each holds
 * (`members.person_id`).
 */

import { toMember } from './memberStore.js'
import type { Database } from './database.js'
import type { InterfaceLanguage, PasskeyRecord, PersonMembership, PersonRecord } from '../vocabulary/person.js'
import type { MemberRecord } from '../vocabulary/member.js'

interface PersonRow {
  id: string
  name: string
  organisation: string | null
  email: string | null
  administrator: boolean
  created_at: Date
  interface_language: InterfaceLanguage | null
}

interface PasskeyRow {
  credential_id: string
  person_id: string
  public_key: Uint8Array
  counter: number
  transports: string[]
  created_at: Date
  last_used_at: Date | null
}

type MembershipRow = Parameters<typeof toMember>[0] & { title: string }

const personColumns = 'id, name, organisation, email, administrator, created_at, interface_language'
const passkeyColumns = 'credential_id, person_id, public_key, counter, transports, created_at, last_used_at'
const memberColumns = 'm.id, m.document_id, m.name, m.party, m.role, m.created_at, m.revoked_at'

export class PersonStore {
  constructor(private readonly db: Database) {}

  /**
   * Creates a person with their first passkey, using up the registration
   * link `linkHash` (an administrator's link makes an administrator), in
   * one transaction. Resolves to null, creating nothing, when the link was
   * used meanwhile or has expired. Without a link (null) the caller holds
   * another permit: an invitation, accepted next.
   */
  async createWithPasskey(
    person: { id: string; name: string; organisation: string | null; email: string | null },
    passkey: { credentialId: string; publicKey: Uint8Array; counter: number; transports: string[] },
    linkHash: string | null,
  ): Promise<PersonRecord | null> {
    return this.db.transaction(async (tx) => {
      let administrator = false
      if (linkHash !== null) {
        const link = await tx.query<{ administrator: boolean }>(
          `UPDATE registration_links SET used_at = now()
            WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now() RETURNING administrator`,
          [linkHash],
        )
        if (link.length === 0) return null
        administrator = link[0]!.administrator
      }
      const rows = await tx.query<PersonRow>(
        `INSERT INTO people (id, name, organisation, email, administrator) VALUES ($1, $2, $3, $4, $5) RETURNING ${personColumns}`,
        [person.id, person.name, person.organisation, person.email, administrator],
      )
      await tx.query(
        `INSERT INTO passkeys (credential_id, person_id, public_key, counter, transports) VALUES ($1, $2, $3, $4, $5)`,
        [passkey.credentialId, person.id, passkey.publicKey, passkey.counter, passkey.transports],
      )
      if (linkHash !== null) await tx.query('UPDATE registration_links SET person_id = $2 WHERE token_hash = $1', [linkHash, person.id])
      return toPerson(rows[0]!)
    })
  }

  /** The person `personId`, or null. */
  async get(personId: string): Promise<PersonRecord | null> {
    const rows = await this.db.query<PersonRow>(`SELECT ${personColumns} FROM people WHERE id = $1`, [personId])
    return rows[0] ? toPerson(rows[0]) : null
  }

  /** Sets the language of the person's interface; resolves to the person as now stored, or null when there is no such person. */
  async setInterfaceLanguage(personId: string, language: InterfaceLanguage): Promise<PersonRecord | null> {
    const rows = await this.db.query<PersonRow>(`UPDATE people SET interface_language = $2 WHERE id = $1 RETURNING ${personColumns}`, [personId, language])
    return rows[0] ? toPerson(rows[0]) : null
  }

  /** The passkey `credentialId`, or null. */
  async findPasskey(credentialId: string): Promise<PasskeyRecord | null> {
    const rows = await this.db.query<PasskeyRow>(`SELECT ${passkeyColumns} FROM passkeys WHERE credential_id = $1`, [credentialId])
    return rows[0] ? toPasskey(rows[0]) : null
  }

  /** The person's passkeys, oldest first. */
  async passkeysOf(personId: string): Promise<PasskeyRecord[]> {
    const rows = await this.db.query<PasskeyRow>(
      `SELECT ${passkeyColumns} FROM passkeys WHERE person_id = $1 ORDER BY created_at, credential_id`,
      [personId],
    )
    return rows.map(toPasskey)
  }

  /** Adds a passkey to the person; resolves to it, or to null, adding nothing, when that credential is already stored. */
  async addPasskey(
    personId: string,
    passkey: { credentialId: string; publicKey: Uint8Array; counter: number; transports: string[] },
  ): Promise<PasskeyRecord | null> {
    const rows = await this.db.query<PasskeyRow>(
      `INSERT INTO passkeys (credential_id, person_id, public_key, counter, transports) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (credential_id) DO NOTHING RETURNING ${passkeyColumns}`,
      [passkey.credentialId, personId, passkey.publicKey, passkey.counter, passkey.transports],
    )
    return rows[0] ? toPasskey(rows[0]) : null
  }

  /**
   * Removes the person's passkey `credentialId`, unless it is their last
   * one. Resolves to 'removed', 'last' (nothing removed: they could no
   * longer sign in) or 'unknown' (no such passkey of theirs). The person's
   * passkeys are locked meanwhile, so two removals at once cannot leave none.
   */
  async removePasskey(personId: string, credentialId: string): Promise<'removed' | 'last' | 'unknown'> {
    return this.db.transaction(async (tx) => {
      const held = await tx.query<{ credential_id: string }>('SELECT credential_id FROM passkeys WHERE person_id = $1 FOR UPDATE', [personId])
      if (!held.some((row) => row.credential_id === credentialId)) return 'unknown'
      if (held.length === 1) return 'last'
      await tx.query('DELETE FROM passkeys WHERE person_id = $1 AND credential_id = $2', [personId, credentialId])
      return 'removed'
    })
  }

  /**
   * Records a use of the passkey and its new signature counter. Resolves
   * to false when the stored counter moved on meanwhile (a concurrent or
   * replayed sign-in), in which case nothing changed.
   */
  async usePasskey(credentialId: string, previousCounter: number, newCounter: number): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE passkeys SET counter = $3, last_used_at = now() WHERE credential_id = $1 AND counter = $2 RETURNING credential_id`,
      [credentialId, previousCounter, newCounter],
    )
    return rows.length === 1
  }

  /** The person's standing (unrevoked) memberships, with their documents' titles, in order of creation. */
  async memberships(personId: string): Promise<PersonMembership[]> {
    const rows = await this.db.query<MembershipRow>(
      `SELECT ${memberColumns}, d.title FROM members m JOIN documents d ON d.id = m.document_id
        WHERE m.person_id = $1 AND m.revoked_at IS NULL ORDER BY m.created_at, m.id`,
      [personId],
    )
    return rows.map((row) => ({ member: toMember(row), title: row.title }))
  }

  /** The person's standing membership of `documentId`, or null. */
  async membershipOf(personId: string, documentId: string): Promise<MemberRecord | null> {
    const rows = await this.db.query<MembershipRow>(
      `SELECT ${memberColumns}, '' AS title FROM members m WHERE m.person_id = $1 AND m.document_id = $2 AND m.revoked_at IS NULL`,
      [personId, documentId],
    )
    return rows[0] ? toMember(rows[0]) : null
  }

  /**
   * Links the member to the person. Resolves to 'linked', 'already' (it
   * was theirs), 'taken' (another person holds it) or 'duplicate' (the
   * person already holds another standing membership of that document).
   */
  async linkMember(memberId: string, personId: string): Promise<'linked' | 'already' | 'taken' | 'duplicate'> {
    return this.db.transaction(async (tx) => {
      const current = await tx.query<{ person_id: string | null; document_id: string }>(
        'SELECT person_id, document_id FROM members WHERE id = $1 FOR UPDATE',
        [memberId],
      )
      const row = current[0]
      if (!row) throw new RangeError(`no member ${memberId}`)
      if (row.person_id === personId) return 'already'
      if (row.person_id !== null) return 'taken'
      const other = await tx.query(
        'SELECT 1 FROM members WHERE person_id = $1 AND document_id = $2 AND revoked_at IS NULL',
        [personId, row.document_id],
      )
      if (other.length > 0) return 'duplicate'
      await tx.query('UPDATE members SET person_id = $2 WHERE id = $1', [memberId, personId])
      return 'linked'
    })
  }
}

function toPerson(row: PersonRow): PersonRecord {
  return { id: row.id, name: row.name, organisation: row.organisation, email: row.email, administrator: row.administrator, createdAt: row.created_at, interfaceLanguage: row.interface_language }
}

function toPasskey(row: PasskeyRow): PasskeyRecord {
  return {
    credentialId: row.credential_id,
    personId: row.person_id,
    publicKey: row.public_key,
    counter: Number(row.counter),
    transports: row.transports,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
  }
}

