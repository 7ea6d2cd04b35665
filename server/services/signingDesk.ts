/**
 * The secretariat's desk: sealed signing counterparts of exact revisions,
 * and verification of copies handed back.
 */

import { requireDocumentAccess, type Principal } from '../access/principal.js'
import type { DocumentCatalog } from './documentCatalog.js'
import { conflict, forbidden, invalid } from '../vocabulary/errors.js'
import { packDocx, type ExportedFile } from '../export/docxPackage.js'
import { canonicalStatement, checkSeal, sealPackage, sha256Hex, type SealKey } from '../export/seal.js'
import { buildSigningCopy } from '../export/signingCopy.js'
import type { AuditTrail } from './auditTrail.js'
import { describeOpenItems, openItems } from '../negotiation/signingReadiness.js'
import type { ExportStore } from '../storage/exportStore.js'
import type { MemberStore } from '../storage/memberStore.js'
import { contentOf, type VersionHistory } from './versionHistory.js'
import { unsettled, type TranslationDesk } from './translationDesk.js'
import { withStateDoc } from '../mou/contentCodec.js'

export type Verdict =
  | {
      valid: true
      document: { id: string; title: string }
      revision: number
      contentHash: string
      counterpart: string
      exportedBy: { kind: 'member' | 'admin'; memberId: string | null; name: string | null; party: string | null }
      exportedAt: string
    }
  | { valid: false; reason: string }

export class SigningDesk {
  constructor(
    private readonly catalog: DocumentCatalog,
    private readonly history: VersionHistory,
    private readonly exports: ExportStore,
    private readonly members: MemberStore,
    private readonly key: SealKey,
    private readonly audit: Pick<AuditTrail, 'record'>,
    private readonly translations: Pick<TranslationDesk, 'confirmations'>,
  ) {}

  /** The public half of the seal key, PEM. */
  get publicKeyPem(): string {
    return this.key.publicKeyPem
  }

  /**
   * The sealed signing counterpart of revision `seq` for party
   * `counterpart` (the secretariat and the administrator only). The same
   * revision and party always give the same bytes. The copy is in the
   * working language only, so a document with other languages is refused
   * until every clause of every language text is confirmed.
   */
  async exportCounterpart(principal: Principal, documentId: string, seq: number, counterpart: string): Promise<ExportedFile> {
    requireDocumentAccess(principal, documentId)
    if (principal.kind === 'member' && principal.member.role !== 'secretariat') {
      throw forbidden('only the secretariat may export signing copies')
    }
    const document = await this.catalog.get(principal, documentId)
    if (!document.parties.some((party) => party.code === counterpart)) {
      throw invalid(`parameter "counterpart" must be ${document.parties.map((party) => `"${party.code}"`).join(' or ')} (got ${JSON.stringify(counterpart)})`)
    }
    const revision = await this.history.revisionRecord(documentId, seq)
    if (document.languages.others.length > 0) {
      const confirmations = await this.translations.confirmations(documentId)
      const open = withStateDoc(revision.state, (doc) => unsettled(doc, document.languages.others, confirmations, null))
      if (open.length > 0) throw conflict(`revision ${seq} is not ready for signature: not every text is confirmed: ${open.join(', ')}`)
    }
    const content = contentOf(revision.state)
    const open = openItems(content, document.style)
    if (open.brackets.length > 0 || open.unagreedClauses.length > 0) {
      throw conflict(`revision ${seq} is not ready for signature: ${describeOpenItems(open)}`, { ...open })
    }
    const entries = await packDocx(buildSigningCopy({ document, revision, content, counterpart }), revision.createdAt)
    const { bytes, statement, signature } = sealPackage(entries, { documentId, revision: seq, contentHash: revision.contentHash, counterpart }, this.key)
    const sha256 = sha256Hex(bytes)
    await this.exports.record({
      documentId,
      revisionSeq: seq,
      counterpart,
      docxSha256: sha256,
      statement: canonicalStatement(statement),
      signature,
      exportedBy: principal.kind === 'member' ? principal.member.id : null,
      exportedByKind: principal.kind === 'member' ? 'member' : 'admin',
    })
    await this.audit.record(documentId, principal, { event: 'signing-copy-exported', details: { revision: seq, counterpart, sha256 } })
    return { bytes, sha256, filename: `counterpart-${documentId.slice(0, 8)}-r${seq}-${counterpart}.docx` }
  }

  /** Whether `bytes` are an untouched copy sealed and exported here. */
  async verify(bytes: Uint8Array): Promise<Verdict> {
    const check = checkSeal(bytes, this.key.publicKey)
    if (!check.valid) return check
    const exported = await this.exports.findByHash(sha256Hex(bytes))
    if (!exported) return { valid: false, reason: 'the seal is genuine but this server has no record of exporting this file' }
    const [document, exporter] = await Promise.all([
      this.catalog.get({ kind: 'admin' }, exported.documentId),
      exported.exportedBy === null ? Promise.resolve(null) : this.members.get(exported.documentId, exported.exportedBy),
    ])
    return {
      valid: true,
      document: { id: document.id, title: document.title },
      revision: exported.revisionSeq,
      contentHash: check.statement.contentHash,
      counterpart: exported.counterpart,
      exportedBy: { kind: exported.exportedByKind, memberId: exported.exportedBy, name: exporter?.name ?? null, party: exporter?.party ?? null },
      exportedAt: exported.createdAt.toISOString(),
    }
  }
}
