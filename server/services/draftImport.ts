/**
 * Importing a draft (a Word file, or Akoma Ntoso) into a negotiation: read the file (within bounds,
 * as hostile bytes), map it onto the instrument and answer what it would
 * become — the preview and the report — without changing anything; or
 * apply the same mapping as one change attributed to the member who asks,
 * through the gate like any server change, between two revisions (the
 * text before and after) so that the compare shows the import as a new
 * version. The file's tracked changes become brackets owned by the
 * importing party (or are accepted or rejected as asked); its comments
 * become comment threads on the same words, opened by the importer with
 * their authors named. Audited with the file's change authors. The file
 * is read off the event loop, by the `DraftReader` handed in.
 */

import * as Y from 'yjs'
import { requireEditing, type Principal } from '../access/principal.js'
import { readContent } from '../mou/contentCodec.js'
import { keepsTrackedChanges, planImport, type ImportPlan } from '../import/importPlan.js'
import type { ImportedDraft } from '../import/importedDraft.js'
import type { DraftReader } from '../import/draftReader.js'
import { writeImport } from '../import/importWriting.js'
import type { RevisionStore } from '../storage/revisionStore.js'
import type { DocumentRecord } from '../vocabulary/document.js'
import type { ImportAppliedView, ImportFormat, ImportPreviewView, ImportReport, TrackedChangeHandling } from '../vocabulary/draftImport.js'
import { forbidden, invalid } from '../vocabulary/errors.js'
import { partyActedFor } from '../vocabulary/member.js'
import { newClauseId } from '../vocabulary/clauseId.js'
import type { AuditTrail } from './auditTrail.js'
import type { DocumentCatalog } from './documentCatalog.js'
import { changeInLine, type DocumentEditor } from './documentEditor.js'
import type { Discussion } from './discussion.js'
import type { RevisionRecorder } from './revisionRecorder.js'

/** What is imported, and how. */
export interface ImportRequest {
  /** The file's bytes. */
  file: Uint8Array
  /** What the file is: a Word file, or Akoma Ntoso (an XML expression or a zip of them); `draftFormatOf` tells it. */
  format: ImportFormat
  changes: TrackedChangeHandling
  /** The party whose brackets the tracked changes become: the asker's own (a member of a party), or as the secretariat names it. */
  party: string | null
}

/** Most comment threads one import opens (the file's comments are bounded by the reader too). */
const maxThreads = 1_000

export class DraftImport {
  constructor(
    private readonly catalog: Pick<DocumentCatalog, 'get'>,
    private readonly editor: DocumentEditor,
    private readonly recorder: RevisionRecorder,
    private readonly revisions: Pick<RevisionStore, 'list'>,
    private readonly discussion: Pick<Discussion, 'open' | 'reply'>,
    private readonly audit: Pick<AuditTrail, 'record'>,
    /** Reads the file off the event loop, in its thread. */
    private readonly reader: Pick<DraftReader, 'read'>,
  ) {}

  /**
   * What importing `request.file` into `documentId` would do: the texts it
   * would write and the report. Changes nothing. Throws Forbidden for
   * anyone who may not edit the document (an observer), Invalid or
   * TooLarge for a file that cannot be read, Invalid when tracked changes
   * would become brackets of no party or of another party, Unavailable
   * when the reader has too many files waiting already.
   */
  async preview(principal: Principal, documentId: string, request: ImportRequest): Promise<ImportPreviewView> {
    const { record, draft, owner } = await this.read(principal, documentId, request)
    const plan = await this.editor.read(documentId, (doc) => this.plan(draft, record, readContent(doc), owner))
    return { documentId, applied: false, texts: plan.preview, report: plan.report }
  }

  /**
   * Applies the import: reads the text as it stands, writes the draft as
   * one change attributed to `principal`, then records the text before
   * (unless the latest revision holds it) and after, and opens the
   * comments' threads. Refused as `preview` is, before anything changes; a
   * change the gate refuses (an agreed clause the import would touch)
   * stores nothing, not even the revision before.
   */
  async apply(principal: Principal, documentId: string, request: ImportRequest): Promise<ImportAppliedView> {
    const { record, draft, owner } = await this.read(principal, documentId, request)
    const author = principal.kind === 'member' ? { createdBy: principal.member.id, createdByKind: 'member' as const } : { createdBy: null, createdByKind: 'admin' as const }
    const applied = await this.editor.hold(documentId, async (live) => {
      const latest = (await this.revisions.list(documentId)).at(-1)
      // The text as it stands, read now and recorded only once the import is stored: a change the gate refuses leaves no "before" behind.
      const before = live.changedSinceRevision || latest === undefined ? this.recorder.capture(live, { label: `Before importing ${draftName[request.format]}`, note: `The text as it stood before ${draftName[request.format]} was imported.`, auto: false, ...author }) : null
      const { plan, written } = await changeInLine(live, author.createdBy, (doc) => {
        const plan = this.plan(draft, record, readContent(doc), owner)
        let written: ReturnType<typeof writeImport>
        doc.transact(() => {
          written = writeImport(doc, plan)
        })
        return { plan, written: written! }
      })
      const beforeSeq = before ? (await before.commit()).seq : latest!.seq
      const after = await this.recorder.record(live, { label: `Imported ${draftName[request.format]}`, note: describeImport(plan.report), auto: false, ...author })
      return { plan, written, revisions: { before: beforeSeq, after: after.seq } }
    })
    const { plan, written } = applied
    const report = { ...plan.report, unmapped: [...plan.report.unmapped], notes: [...plan.report.notes] }
    const threads = await this.openThreads(principal, documentId, draft, written.spans, report)
    await this.audit.record(documentId, principal, {
      event: 'draft-imported',
      details: {
        format: report.format,
        changes: report.changes,
        bracketOwner: report.bracketOwner,
        authors: report.authors,
        counts: report.counts,
        revisions: applied.revisions,
        keptLocked: written.keptLocked,
      },
    })
    return { documentId, applied: true, revisions: applied.revisions, keptLocked: written.keptLocked, threads, report }
  }

  /** The document, the draft read from the file, and the party its tracked changes are bracketed for; every refusal before anything changes. */
  private async read(principal: Principal, documentId: string, request: ImportRequest): Promise<{ record: DocumentRecord; draft: ImportedDraft; owner: string | null }> {
    requireEditing(principal, documentId)
    const record = await this.catalog.get(principal, documentId)
    const codes = record.parties.map((party) => party.code)
    if (request.party !== null && !codes.includes(request.party)) {
      throw invalid(`parameter "party" must be ${codes.map((code) => `"${code}"`).join(' or ')} (got ${JSON.stringify(request.party)})`)
    }
    const own = principal.kind === 'member' ? partyActedFor(principal.member) : null
    if (own !== null && request.party !== null && request.party !== own) {
      throw forbidden(`a member of ${own} brackets tracked changes as ${own}'s proposals, not ${request.party}'s`)
    }
    const draft = await this.reader.read(request.file, request.format, request.changes)
    const owner = own ?? request.party
    if (owner === null && keepsTrackedChanges(draft)) {
      throw invalid(
        `the file has tracked changes (by ${draft.authors.map((author) => author.name).join(', ')}): name the party whose bracketed proposals they become (party=${codes.join(' or party=')}), or accept or reject them all (changes=accept or changes=reject)`,
      )
    }
    return { record, draft, owner }
  }

  private plan(draft: ImportedDraft, record: DocumentRecord, current: ReturnType<typeof readContent>, owner: string | null): ImportPlan {
    return planImport(draft, { document: record, current, bracketOwner: owner, newClauseId, newBracketId })
  }

  /** Opens a thread per comment anchored in the text written, replies as messages; reports the others. */
  private async openThreads(principal: Principal, documentId: string, draft: ImportedDraft, spans: ReadonlyMap<string, { from: Y.RelativePosition; to: Y.RelativePosition }>, report: ImportReport): Promise<string[]> {
    const roots = draft.comments.filter((comment) => comment.replyTo === null || !draft.comments.some((candidate) => candidate.id === comment.replyTo))
    const threads: string[] = []
    if (principal.kind !== 'member') {
      for (const comment of roots) report.unmapped.push({ kind: 'comment', where: `comment ${comment.id}`, text: `${comment.author}: ${comment.text}`.slice(0, 2_000), note: 'not opened: the administrator opens no comment threads (a member imports them)' })
      return threads
    }
    for (const comment of roots.slice(0, maxThreads)) {
      const span = spans.get(comment.id)
      if (!span) {
        report.unmapped.push({ kind: 'comment', where: `comment ${comment.id}`, text: `${comment.author}: ${comment.text}`.slice(0, 2_000), note: 'not opened: its words were not written (they are in agreed text, kept as it was)' })
        continue
      }
      const thread = await this.discussion.open(principal, documentId, { from: span.from, to: span.to, body: commentBody(comment) })
      threads.push(thread.id)
      for (const reply of repliesTo(draft, comment.id)) await this.discussion.reply(principal, documentId, thread.id, commentBody(reply))
    }
    return threads
  }
}

/** A comment's message: its words, with who wrote it in the file and when. */
function commentBody(comment: ImportedDraft['comments'][number]): string {
  const when = comment.date ? ` (${comment.date.slice(0, 10)})` : ''
  const body = `${comment.author}${when}, in the Word file: ${comment.text}`
  return body.length > 10_000 ? `${body.slice(0, 9_999)}…` : body
}

/** The replies to comment `id`, and theirs, in the file's order. */
function repliesTo(draft: ImportedDraft, id: string): ImportedDraft['comments'] {
  const thread = new Set([id])
  const replies: ImportedDraft['comments'] = []
  for (const comment of draft.comments) {
    if (comment.replyTo !== null && thread.has(comment.replyTo)) {
      thread.add(comment.id)
      replies.push(comment)
    }
  }
  return replies
}

/** A revision's note: what the import brought in. */
function describeImport(report: ImportReport): string {
  const { counts } = report
  const parts = [`${counts.clauses} clause${counts.clauses === 1 ? '' : 's'} from ${counts.paragraphs} paragraph${counts.paragraphs === 1 ? '' : 's'}`]
  if (counts.brackets > 0) parts.push(`${counts.brackets} tracked change${counts.brackets === 1 ? '' : 's'} bracketed as ${report.bracketOwner}'s proposals (by ${report.authors.map((author) => author.name).join(', ')})`)
  if (report.changes !== 'brackets' && report.authors.length > 0) parts.push(`tracked changes ${report.changes === 'accept' ? 'accepted' : 'rejected'}`)
  if (counts.unmapped > 0) parts.push(`${counts.unmapped} thing${counts.unmapped === 1 ? '' : 's'} not mapped (see the import report)`)
  const name = draftName[report.format]
  return `${name[0]!.toUpperCase()}${name.slice(1)} imported: ${parts.join('; ')}.`
}

/** A draft of each format, as revisions' labels and notes name it. */
const draftName: Readonly<Record<ImportFormat, string>> = { docx: 'a Word draft', akn: 'an Akoma Ntoso draft' }

/** A fresh bracket id, as the editor makes them. */
function newBracketId(): string {
  return `br_${newClauseId().slice(3)}`
}
