/**
 * The demo negotiation a newcomer finds on first start: the DSI–CNP
 * memorandum drafted from the starter library, with a secretariat, one
 * delegate per party and an observer. `demoRound.ts` then puts a
 * first round of negotiation on it.
 */

import type { Membership } from './membership.js'
import type { Principal } from '../access/principal.js'
import type { DocumentCatalog } from './documentCatalog.js'
import type { DocumentRecord } from '../vocabulary/document.js'
import type { MemberRecord } from '../vocabulary/member.js'

export interface DemoNegotiation {
  document: DocumentRecord
  members: { member: MemberRecord; token: string }[]
}

const admin: Principal = { kind: 'admin' }

/** The instrument template the demo is drafted from. */
export const demoInstrument = 'anti-trafficking-mou'

/** Creates the demo document and its members; returns them with their tokens. */
export async function seedDemoNegotiation(catalog: DocumentCatalog, membership: Membership): Promise<DemoNegotiation> {
  const document = await catalog.create(admin, {
    title: null,
    template: demoInstrument,
    variables: {},
    style: 'mou',
    languages: { working: 'en', others: ['th', 'km'] },
    parties: [
      { code: 'TH', name: 'Department of Special Investigation, Ministry of Justice of the Kingdom of Thailand', shortName: 'DSI', language: 'th' },
      { code: 'KH', name: 'Cambodian National Police', shortName: 'CNP', language: 'km' },
    ],
  })
  const people = [
    { name: 'Joint Secretariat', party: null, role: 'secretariat' },
    { name: 'DSI delegation', party: 'TH', role: 'delegate' },
    { name: 'CNP delegation', party: 'KH', role: 'delegate' },
    { name: 'Observer', party: null, role: 'observer' },
  ] as const
  const members = []
  for (const person of people) members.push(await membership.add(admin, document.id, person))
  return { document, members }
}
