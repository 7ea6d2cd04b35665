/**
 * People: accounts that sign in with passkeys, separate from their
 * memberships (person × document × party × role). What `GET /api/me`
 * answers is declared here, for the server and the browser client alike.
 */

import type { MemberRecord, Role } from './member.js'

/**
 * The languages Counterpart's interface is written in (its labels, buttons,
 * notices), chosen per person: independent of the languages of any
 * document's texts.
 */
export const interfaceLanguages = ['en', 'th', 'km'] as const
export type InterfaceLanguage = (typeof interfaceLanguages)[number]

/** Whether `value` names one of the interface's languages. */
export const isInterfaceLanguage = (value: unknown): value is InterfaceLanguage => (interfaceLanguages as readonly unknown[]).includes(value)

export interface PersonRecord {
  id: string
  name: string
  organisation: string | null
  /** For display only: the server never writes to it. */
  email: string | null
  /** Made through the administrator's own registration link: acts as the administrator where they hold no membership. */
  administrator: boolean
  createdAt: Date
  /** The language of the interface they chose, or null: their browser's languages decide. */
  interfaceLanguage: InterfaceLanguage | null
}

/** A WebAuthn credential of a person, as the server keeps it. */
export interface PasskeyRecord {
  /** base64url. */
  credentialId: string
  personId: string
  /** COSE public key. */
  publicKey: Uint8Array
  counter: number
  transports: string[]
  createdAt: Date
  lastUsedAt: Date | null
}

/** A passkey as `GET /api/me/passkeys` lists it: never its public key. */
export interface PasskeyView {
  credentialId: string
  createdAt: string
  /** When it last signed in; null if never (it made the account, or was added, and has not signed in since). */
  lastUsedAt: string | null
  /** How the authenticator said it can be reached (`internal`, `hybrid`, `usb`…). */
  transports: string[]
}

/** A standing membership of a person, with its document's title. */
export interface PersonMembership {
  member: MemberRecord
  title: string
}

/** A person as the API shows it. */
export interface PersonView {
  id: string
  name: string
  organisation: string | null
  email: string | null
  administrator: boolean
  createdAt: string
  /** The language of the interface they chose (`PATCH /api/me`), or null: their browser's languages decide. */
  interfaceLanguage: InterfaceLanguage | null
}

/** One of a signed-in person's standing memberships, as `GET /api/me` lists it. */
export interface PersonMembershipView {
  documentId: string
  title: string
  memberId: string
  party: string | null
  role: Role
  /** The document's parties, in the order they were named. */
  parties: { code: string; shortName: string }[]
  summary: NegotiationSummary
}

/** Where a negotiation stands, for one of its members: its clauses (as `negotiation/negotiationProgress.ts` counts them) and what waits on the member. */
export interface NegotiationSummary {
  clauses: number
  agreed: number
  /** Under negotiation, or agreed ad referendum by one party. */
  underNegotiation: number
  /** The items `GET /api/documents/:id/waiting` lists for this member. */
  waiting: number
}

/** What `GET /api/me` adds to a standing membership: the document's parties and the summary. */
export type MembershipOverview = Pick<PersonMembershipView, 'parties' | 'summary'>

/** The answer of `GET /api/me`. */
export interface MeView {
  person: PersonView
  memberships: PersonMembershipView[]
  /** Whether this person may start a negotiation: the administrator, or whoever is the secretariat of one. */
  mayCreate: boolean
}

/** Whether `person` may start a negotiation: the administrator, or whoever is the secretariat of one. */
export function mayStartNegotiation(person: Pick<PersonRecord, 'administrator'>, roles: readonly Role[]): boolean {
  return person.administrator || roles.includes('secretariat')
}
