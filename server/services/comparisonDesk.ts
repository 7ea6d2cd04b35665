/**
 * Compare: what changed between two states of a document (revisions or the
 * live text), word by word and by author, in the three forms the API gives
 * it — JSON, a self-contained HTML page, and a DOCX in which every change
 * is a tracked change — in the working text or any language text (`lang`).
 * Any member may compare; DOCX redlines are audited.
 */

import type { Principal } from '../access/principal.js'
import { docxBytes, packDocx, type ExportedFile } from '../export/docxPackage.js'
import { renderRedline } from '../export/redlinePage.js'
import { buildRedline } from '../export/redlineDocument.js'
import { PieceCache, PiecedBody } from '../export/bodyPieces.js'
import { sha256Hex } from '../export/seal.js'
import type { StateRef } from '../vocabulary/revision.js'
import type { InstrumentStyle } from '../vocabulary/document.js'
import type { Comparison } from '../vocabulary/views.js'
import type { AuditTrail } from './auditTrail.js'
import type { ComparedState, VersionHistory } from './versionHistory.js'
import { minuteOf } from '../revisions/loggedAuthorship.js'
import { changeTime } from '../vocabulary/redlineHtml.js'

/** How a state is named in a redline: "revision 3" or "the live text". */
const nameOf = (ref: StateRef) => (ref === 'live' ? 'the live text' : `revision ${ref}`)

/** "revision 3 “After the round” (2026-01-05 08:30 UTC)", or "the live text (…)". */
const describeState = (state: ComparedState) => `${nameOf(state.ref)}${state.label ? ` “${state.label}”` : ''} (${changeTime(minuteOf(state.date))})`

export class ComparisonDesk {
  /** The redlines' unchanged parts and clauses as written, kept by what they render: a redline costs what changed. */
  private readonly pieces = new PieceCache()

  constructor(
    private readonly history: VersionHistory,
    private readonly audit: Pick<AuditTrail, 'record'>,
  ) {}

  /** The comparison as data, with the document it is of. */
  async compare(
    principal: Principal,
    documentId: string,
    from: StateRef,
    to: StateRef,
    lang: string | null = null,
  ): Promise<{ documentId: string; style: InstrumentStyle; lang: string; from: StateRef; to: StateRef } & Comparison> {
    const { document, comparison } = await this.history.compare(principal, documentId, from, to, 'to', lang)
    return { documentId: document.id, style: document.style, lang: lang ?? document.languages.working, from, to, ...comparison }
  }

  /** The comparison as a self-contained HTML page (no script; its own CSP is the caller's to send). */
  async page(principal: Principal, documentId: string, from: StateRef, to: StateRef, lang: string | null = null): Promise<string> {
    const { document, comparison, states } = await this.history.compare(principal, documentId, from, to, 'to', lang)
    return renderRedline(comparison, { title: document.title, fromLabel: describeState(states.from), toLabel: describeState(states.to), parties: document.parties })
  }

  /**
   * A DOCX of `to` in which every difference from `from` is a tracked
   * change, dated by the update that made it and credited to whoever made
   * it, under a header naming the two states (with their labels and dates)
   * and the language.
   */
  async document(principal: Principal, documentId: string, from: StateRef, to: StateRef, lang: string | null = null): Promise<ExportedFile> {
    const compared = await this.history.compare(principal, documentId, from, to, 'own', lang)
    const language = lang ?? compared.document.languages.working
    const pieces = new PiecedBody(this.pieces)
    const redline = buildRedline({ ...compared, fromName: nameOf(from), toName: nameOf(to), date: compared.toDate, lang: language }, pieces)
    const bytes = docxBytes(packDocx(redline, compared.toDate, pieces))
    await this.audit.record(documentId, principal, { event: 'redline-exported', details: { from, to, ...(lang === null ? {} : { lang }) } })
    const suffix = lang === null ? '' : `-${lang}`
    return { bytes, sha256: sha256Hex(bytes), filename: `redline-${documentId.slice(0, 8)}-${from}-to-${to}${suffix}.docx` }
  }
}
