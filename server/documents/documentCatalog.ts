/**
 * Creating, listing and reading negotiation documents, with the rules that
 * govern who may do which.
 */

import { randomUUID } from 'node:crypto'
import { conflict, invalid, notFound } from '../errors.js'
import { requireAdmin, requireDocumentAccess, type Principal } from '../access/principal.js'
import type { DocumentRecord, DocumentStore, InstrumentStyle } from '../storage/documentStore.js'

export interface NewDocument {
  title: string
  style: InstrumentStyle
  parties: { code: string; name: string; shortName: string }[]
}

export class DocumentCatalog {
  constructor(private readonly documents: DocumentStore) {}

  /**
   * Creates a document between exactly two parties (administrator only).
   * Throws Invalid for a wrong number of parties and Conflict for two
   * parties sharing a code.
   */
  async create(principal: Principal, spec: NewDocument): Promise<DocumentRecord> {
    requireAdmin(principal)
    if (spec.parties.length !== 2) {
      throw invalid(`field "parties" must list exactly two parties (got ${spec.parties.length})`)
    }
    const [first, second] = spec.parties as [NewDocument['parties'][0], NewDocument['parties'][0]]
    if (first.code === second.code) throw conflict(`both parties have the code "${first.code}"; party codes must differ`)
    return this.documents.create({
      id: randomUUID(),
      title: spec.title,
      style: spec.style,
      parties: spec.parties.map((party, position) => ({ ...party, position })),
    })
  }

  /** The documents `principal` may see: all for the administrator, their own for a member. */
  async list(principal: Principal): Promise<DocumentRecord[]> {
    if (principal.kind === 'admin') return this.documents.list()
    const own = await this.documents.get(principal.member.documentId)
    return own ? [own] : []
  }

  /** One document. Throws Forbidden for another document's member, NotFound for an unknown id. */
  async get(principal: Principal, documentId: string): Promise<DocumentRecord> {
    requireDocumentAccess(principal, documentId)
    const document = await this.documents.get(documentId)
    if (!document) throw notFound(`document ${documentId} does not exist`)
    return document
  }
}
