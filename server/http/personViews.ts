/**
 * People as the API shows them (`vocabulary/person.ts` declares the shapes).
 */

import { mayStartNegotiation, type MembershipOverview, type MeView, type PersonMembership, type PersonRecord, type PersonView } from '../vocabulary/person.js'
import type { PasskeyRecord, PasskeyView } from '../vocabulary/person.js'

export function personView(person: PersonRecord): PersonView {
  return { id: person.id, name: person.name, organisation: person.organisation, email: person.email, administrator: person.administrator, createdAt: person.createdAt.toISOString(), interfaceLanguage: person.interfaceLanguage }
}

/** `GET /api/me`'s answer: `person`, and their standing memberships each with its overview. */
export function meView(person: PersonRecord, memberships: (PersonMembership & MembershipOverview)[]): MeView {
  return {
    person: personView(person),
    memberships: memberships.map(({ member, title, parties, summary }) => ({
      documentId: member.documentId,
      title,
      memberId: member.id,
      party: member.party,
      role: member.role,
      parties,
      summary,
    })),
    mayCreate: mayStartNegotiation(person, memberships.map(({ member }) => member.role)),
  }
}

export function passkeyView(passkey: PasskeyRecord): PasskeyView {
  return {
    credentialId: passkey.credentialId,
    createdAt: passkey.createdAt.toISOString(),
    lastUsedAt: passkey.lastUsedAt?.toISOString() ?? null,
    transports: passkey.transports,
  }
}
