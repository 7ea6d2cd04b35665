/**
 * The demo negotiation a newcomer finds on first start: the DSI–CNP
 * memorandum drafted from the starter library, with a secretariat, one
 * delegate per party and an observer (by token, for scripts and stock
 * clients), and an invitation for each party's head of delegation (for
 * people, who sign in). `demoRound.ts` then puts a first round of
 * negotiation on it.
 */

import type { Membership } from './membership.js'
import type { Principal } from '../access/principal.js'
import type { DocumentCatalog } from './documentCatalog.js'
import type { Invitations } from './invitations.js'
import type { InvitationRecord } from '../vocabulary/invitation.js'
import type { DocumentRecord } from '../vocabulary/document.js'
import type { MemberRecord } from '../vocabulary/member.js'

export interface DemoNegotiation {
  document: DocumentRecord
  members: { member: MemberRecord; token: string }[]
  /** One single-use invitation per party's head of delegation, with its link. */
  invitations: { invitation: InvitationRecord; url: string }[]
}

const admin: Principal = { kind: 'admin' }

/** The instrument template the demo is drafted from. */
export const demoInstrument = 'anti-trafficking-mou'

/** Creates the demo document, its members and its heads of delegation's invitations; returns them with their tokens and links. */
export async function seedDemoNegotiation(catalog: DocumentCatalog, membership: Membership, invitations: Pick<Invitations, 'invite'>): Promise<DemoNegotiation> {
  const document = await catalog.create(admin, {
    title: null,
    template: demoInstrument,
    variables: {},
    style: 'mou',
    languages: { working: 'en', others: ['th', 'km'] },
    parties: [
      {
        code: 'TH',
        name: 'Department of Special Investigation, Ministry of Justice of the Kingdom of Thailand',
        shortName: 'DSI',
        state: 'Kingdom of Thailand',
        language: 'th',
        names: {
          th: { name: 'กรมสอบสวนคดีพิเศษ กระทรวงยุติธรรม แห่งราชอาณาจักรไทย', shortName: 'ดีเอสไอ', state: 'ราชอาณาจักรไทย' },
          km: { name: 'នាយកដ្ឋានស៊ើបអង្កេតករណីពិសេស នៃក្រសួងយុត្តិធម៌ ព្រះរាជាណាចក្រថៃ', shortName: 'DSI', state: 'ព្រះរាជាណាចក្រថៃ' },
        },
      },
      {
        code: 'KH',
        name: 'Cambodian National Police',
        shortName: 'CNP',
        state: 'Kingdom of Cambodia',
        language: 'km',
        names: {
          th: { name: 'สำนักงานตำรวจแห่งชาติกัมพูชา', shortName: 'CNP', state: 'ราชอาณาจักรกัมพูชา' },
          km: { name: 'នគរបាលជាតិកម្ពុជា', shortName: 'CNP', state: 'ព្រះរាជាណាចក្រកម្ពុជា' },
        },
      },
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
  const heads = [
    { name: 'Head of the DSI delegation', party: 'TH', role: 'head' },
    { name: 'Head of the CNP delegation', party: 'KH', role: 'head' },
  ] as const
  const invited = []
  for (const head of heads) invited.push(await invitations.invite(admin, document.id, head))
  return { document, members, invitations: invited }
}
