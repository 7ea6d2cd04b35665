/**
 * Sealed exports: what the server signs with its seal key — signing
 * originals and rounds' Records of Discussion — sealed, recorded in the
 * exports table and the audit trail as they are handed out, and verified
 * when a copy comes back (`POST /api/verify`).
 */

import type { Principal } from '../access/principal.js'
import { canonicalStatement, checkSeal, sealPackage, sha256Hex, type SealKey, type SealStatement } from '../export/seal.js'
import type { PackedZip } from '../export/zipArchive.js'
import type { ExportStore } from '../storage/exportStore.js'
import type { MemberStore } from '../storage/memberStore.js'
import type { VerdictView } from '../vocabulary/verdictView.js'
import type { AuditEvent, AuditTrail } from './auditTrail.js'
import type { DocumentCatalog } from './documentCatalog.js'

/** What a sealed file states of itself (see `SealStatement`), the languages required. */
export type SealFacts = Omit<SealStatement, 'format' | 'docxSha256'> & { languages: string }

export class SealedExports {
  constructor(
    private readonly key: SealKey,
    private readonly exports: ExportStore,
    private readonly audit: Pick<AuditTrail, 'record'>,
    private readonly catalog: DocumentCatalog,
    private readonly members: Pick<MemberStore, 'get'>,
  ) {}

  /** The public half of the seal key, PEM. */
  get publicKeyPem(): string {
    return this.key.publicKeyPem
  }

  /** The seal key's fingerprint (see `SealKey.fingerprint`). */
  get fingerprint(): string {
    return this.key.fingerprint
  }

  /**
   * Seals `packed` as `facts` state it, and records it as exported by
   * `principal` — in the exports table, and in the audit trail as `event`
   * with the file's SHA-256 added to its details. The sealed bytes and
   * their SHA-256 (hex).
   */
  async issue(principal: Principal, packed: PackedZip, facts: SealFacts, event: AuditEvent): Promise<{ bytes: Uint8Array; sha256: string }> {
    const { bytes, statement, signature } = sealPackage(packed, facts, this.key)
    const sha256 = sha256Hex(bytes)
    await this.exports.record({
      documentId: facts.documentId,
      revisionSeq: facts.revision,
      counterpart: facts.counterpart,
      docxSha256: sha256,
      statement: canonicalStatement(statement),
      signature,
      exportedBy: principal.kind === 'member' ? principal.member.id : null,
      exportedByKind: principal.kind === 'member' ? 'member' : 'admin',
      round: facts.round ?? null,
    })
    await this.audit.record(facts.documentId, principal, { ...event, details: { ...event.details, sha256 } })
    return { bytes, sha256 }
  }

  /** Whether `bytes` are an untouched copy sealed and exported here, and what it is. */
  async verify(bytes: Uint8Array): Promise<VerdictView> {
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
      languages: check.statement.languages === undefined ? null : check.statement.languages.split(','),
      round: exported.round,
      exportedBy: { kind: exported.exportedByKind, memberId: exported.exportedBy, name: exporter?.name ?? null, party: exporter?.party ?? null },
      exportedAt: exported.createdAt.toISOString(),
    }
  }
}
