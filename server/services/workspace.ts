/**
 * A signed-in person's workspace outside any one document: starting a
 * negotiation. The administrator, or whoever is already the secretariat of
 * a negotiation, may start one; they become its secretariat (a membership
 * of theirs), so that they open it in the editor and invite the heads of
 * delegation from there.
 */

import type { NewDocument } from './documentCatalog.js'
import type { DocumentCatalog } from './documentCatalog.js'
import type { BrowserSessions } from './browserSessions.js'
import type { Membership } from './membership.js'
import { forbidden } from '../vocabulary/errors.js'
import type { DocumentRecord } from '../vocabulary/document.js'
import { mayStartNegotiation, type PersonRecord } from '../vocabulary/person.js'
import type { Principal } from '../access/principal.js'

const admin: Principal = { kind: 'admin' }

export class Workspace {
  constructor(
    private readonly catalog: Pick<DocumentCatalog, 'create'>,
    private readonly membership: Pick<Membership, 'add'>,
    private readonly sessions: Pick<BrowserSessions, 'memberships' | 'claimMembership'>,
  ) {}

  /** Starts the negotiation `spec` for `person`, who becomes its secretariat. Throws Forbidden for whoever may not start one. */
  async startNegotiation(person: PersonRecord, spec: NewDocument): Promise<DocumentRecord> {
    const roles = (await this.sessions.memberships(person)).map(({ member }) => member.role)
    if (!mayStartNegotiation(person, roles)) {
      throw forbidden('only the administrator, or the secretariat of a negotiation, starts a negotiation')
    }
    const document = await this.catalog.create(admin, spec)
    const { token } = await this.membership.add(admin, document.id, { name: person.name, party: null, role: 'secretariat' })
    await this.sessions.claimMembership(person, token)
    return document
  }
}
