/**
 * The version log as the API serves it: recording named revisions, reading
 * them, verifying the chain, restoring an old text as a forward change,
 * comparing any two states, and attributing text to members and parties.
 */

import type { Node } from 'prosemirror-model'
import * as Y from 'yjs'
import { partyNamer } from '../vocabulary/partyReference.js'
import { requireEditing, type Principal } from '../access/principal.js'
import type { DocumentCatalog } from './documentCatalog.js'
import { notFound } from '../vocabulary/errors.js'
import { contentsOfState, readContent, readInPlace, withStateDoc } from '../mou/contentCodec.js'
import { SharedClauses } from '../mou/sharedClauses.js'
import { ElementMemo } from '../mou/elementMemo.js'
import { clauseLabelIn, missingReferenceLabelIn } from '../vocabulary/numbering.js'
import { contentFragmentName, languageFragmentName, languageText } from '../vocabulary/documentRoots.js'
import type { AuditTrail } from './auditTrail.js'
import { restoreText } from '../negotiation/restoration.js'
import { compareDocuments, joinBlocks, splitByAuthor, type Authorship } from '../revisions/comparison.js'
import { labelText, readDocumentText, readUnlabelled, type DocumentText, type TextBlock, type UnlabelledText } from '../revisions/provenance.js'
import { contentHash, genesisHash, revisionHash } from '../revisions/revisionHash.js'
import type { AuthorshipStore } from '../storage/authorshipStore.js'
import type { MemberStore } from '../storage/memberStore.js'
import type { RevisionStore } from '../storage/revisionStore.js'
import { contentView } from './documentContent.js'
import { changeInLine, type DocumentEditor } from './documentEditor.js'
import type { RevisionFollower, RevisionRecorder } from './revisionRecorder.js'
import { AuthorshipLogs } from './authorshipLogs.js'
import { loggedAuthorship } from '../revisions/loggedAuthorship.js'
import { requireCounterpart, type DocumentRecord } from '../vocabulary/document.js'
import type { MemberRecord } from '../vocabulary/member.js'
import type { RevisionRecord, RevisionSummary } from '../vocabulary/revision.js'
import type { Author, Comparison, ContentView } from '../vocabulary/views.js'
import type { RevisionView } from '../vocabulary/views.js'
import type { StateRef } from '../vocabulary/revision.js'

export interface Verification {
  valid: boolean
  revisions: number
  firstBreak: { seq: number; problem: string } | null
}

export interface ComparedStates {
  document: DocumentRecord
  comparison: Comparison
  from: DocumentText
  to: DocumentText
  authorship: Authorship
  /** When the `to` state was recorded (now, for the live text). */
  toDate: Date
  /** The two states compared: their revision labels (null: the live text) and dates. */
  states: { from: ComparedState; to: ComparedState }
}

/** A state compared, as a redline names it. */
export interface ComparedState {
  ref: StateRef
  /** The revision's label; null for the live text. */
  label: string | null
  /** When the revision was recorded (now, for the live text). */
  date: Date
}

export interface ClauseAttribution {
  id: string | null
  label: string
  heading: string
  /** The clause's text (heading, then blocks, one per line) in spans of one author each. */
  spans: { text: string; author: Author | null }[]
}

/** Revisions kept decoded in memory for compare, attribution and originals. */
const cachedRevisionDocs = 16

/**
 * A revision decoded: its Yjs document, the ProseMirror texts read from it
 * so far and its texts as the compare reads them (references unlabelled),
 * by fragment. The document is handed on to a later revision of the same
 * document by moving it forward with what that revision added (see
 * `recording`); what was read from it stays, and anything else is read from
 * the revision decoded again.
 */
interface DecodedRevision {
  documentId: string
  seq: number
  doc: Y.Doc | null
  /** What was read from the document's elements, handed on with it. */
  memo: ElementMemo | null
  contents: Map<string, Node>
  texts: Map<string, UnlabelledText>
}

export class VersionHistory implements RevisionFollower {
  private readonly revisionDocs = new Map<string, DecodedRevision>()
  private readonly authorshipLogs: AuthorshipLogs
  /** A clause that did not change from one revision read to the next is read as the same node. */
  private readonly sharedClauses = new SharedClauses()

  constructor(
    private readonly catalog: DocumentCatalog,
    private readonly editor: DocumentEditor,
    private readonly recorder: RevisionRecorder,
    private readonly revisions: RevisionStore,
    authorship: AuthorshipStore,
    private readonly members: MemberStore,
    private readonly audit: Pick<AuditTrail, 'record'>,
  ) {
    this.authorshipLogs = new AuthorshipLogs(authorship)
    recorder.follow(this)
  }

  /** Records the live document as a named revision (members who may edit, and the administrator). */
  async create(principal: Principal, documentId: string, request: { label: string; note: string }): Promise<RevisionView> {
    requireEditing(principal, documentId)
    await this.catalog.get(principal, documentId)
    const revision = await this.editor.hold(documentId, (document) =>
      this.recorder.record(document, { ...request, auto: false, ...authorOf(principal) }),
    )
    await this.audit.record(documentId, principal, { event: 'revision-created', details: { seq: revision.seq, label: revision.label } })
    return this.view(documentId, revision)
  }

  /** Every revision, oldest first. */
  async list(principal: Principal, documentId: string): Promise<RevisionView[]> {
    await this.catalog.get(principal, documentId)
    const [revisions, members] = await Promise.all([this.revisions.list(documentId), this.memberMap(documentId)])
    return revisions.map((revision) => revisionView(revision, members))
  }

  /**
   * One revision with its content, exactly as it was recorded: the working
   * text, or the text in `lang`, with the parties named in `counterpart`'s
   * order (its original's, see `partyReference.ts`) or their own.
   */
  async get(principal: Principal, documentId: string, seq: number, lang: string | null = null, counterpart: string | null = null): Promise<RevisionView & { content: ContentView }> {
    const document = await this.catalog.get(principal, documentId)
    if (counterpart !== null) requireCounterpart(document, counterpart)
    const text = languageText(document, lang)
    const revision = await this.revision(documentId, seq)
    const content = withStateDoc(revision.state, (doc) => readContent(doc, text.fragment))
    return { ...(await this.view(documentId, revision)), content: contentView(documentId, document, content, new Map(), { lang: text.lang, counterpart }) }
  }

  /** Recomputes every content hash and the chain; reports the first break. */
  async verify(principal: Principal, documentId: string): Promise<Verification> {
    await this.catalog.get(principal, documentId)
    const revisions = await this.revisions.all(documentId)
    let previous: RevisionRecord | null = null
    for (const [index, revision] of revisions.entries()) {
      const problem = checkRevision(revision, previous, index + 1)
      if (problem) return { valid: false, revisions: revisions.length, firstBreak: { seq: revision.seq, problem } }
      previous = revision
    }
    return { valid: true, revisions: revisions.length, firstBreak: null }
  }

  /**
   * Brings the text of revision `seq` back into the live document as a
   * forward change that every client sees, and records the result as a
   * new revision. History is never rewritten, and negotiation state is
   * never restored: clauses locked now stay as they are, the others keep
   * their current status (see `negotiation/restoration.ts`).
   */
  async restore(principal: Principal, documentId: string, seq: number): Promise<RevisionView> {
    requireEditing(principal, documentId)
    const document = await this.catalog.get(principal, documentId)
    const old = await this.revision(documentId, seq)
    const fragments = document.languages.others.map(languageFragmentName)
    const [content, ...texts] = contentsOfState(old.state, [contentFragmentName, ...fragments])
    const translations = fragments.map((fragment, index) => [fragment, texts[index]!] as const)
    const author = authorOf(principal)
    const { revision, keptLocked } = await this.editor.hold(documentId, async (live) => {
      const outcome = await changeInLine(live, author.createdBy, (doc) => {
        for (const [fragment, text] of translations) restoreText(doc, text, fragment)
        return restoreText(doc, content!)
      })
      const kept = outcome.keptLocked.length
      const revision = await this.recorder.record(live, {
        label: `Restored revision ${seq}: ${old.label}`,
        note:
          `The text of revision ${seq} brought back as a new revision; statuses and agreements are as they were before the restore.` +
          (kept > 0 ? ` ${kept} agreed clause${kept === 1 ? ' was' : 's were'} kept as ${kept === 1 ? 'it was' : 'they were'}: agreed text is locked.` : ''),
        auto: false,
        ...author,
      })
      return { revision, keptLocked: outcome.keptLocked }
    })
    await this.audit.record(documentId, principal, { event: 'revision-restored', details: { seq: revision.seq, restored: seq, label: revision.label, keptLocked } })
    return this.view(documentId, revision)
  }

  /**
   * Compares two states, clause by clause and word by word, with authors;
   * also returns what it compared. References show the numbers of `to` on
   * both sides, unless `references` is 'own' (each side its own numbers:
   * a redline must give back the old text exactly). `lang` names the
   * language text compared (null: the working text); NotFound for a
   * language the document does not have.
   */
  async compare(principal: Principal, documentId: string, from: StateRef, to: StateRef, references: 'to' | 'own' = 'to', lang: string | null = null): Promise<ComparedStates> {
    const document = await this.catalog.get(principal, documentId)
    const text = languageText(document, lang)
    const [fromText, toText] = await this.readTexts(document, from, to, references, text)
    const [authorship, fromState, toState] = await Promise.all([this.authorshipOf(documentId), this.stateOf(documentId, from), this.stateOf(documentId, to)])
    return {
      document,
      comparison: compareDocuments(fromText, toText, document.style, authorship, undefined, text.lang),
      from: fromText,
      to: toText,
      authorship,
      toDate: toState.date,
      states: { from: fromState, to: toState },
    }
  }

  /** A state's label and date: a revision's, or the live text's now. */
  private async stateOf(documentId: string, ref: StateRef): Promise<ComparedState> {
    if (ref === 'live') return { ref, label: null, date: new Date() }
    const revision = await this.revisionSummary(documentId, ref)
    return { ref, label: revision.label, date: revision.createdAt }
  }

  /** Per clause, the spans of text with the member and party who inserted them. */
  async attribution(
    principal: Principal,
    documentId: string,
    at: StateRef,
    lang: string | null = null,
  ): Promise<{ clauses: ClauseAttribution[]; parts: Record<string, { text: string; author: Author | null }[]> }> {
    const document = await this.catalog.get(principal, documentId)
    const language = languageText(document, lang)
    const [text] = await this.readTexts(document, at, at, 'to', language)
    const authorship = await this.authorshipOf(documentId)
    const spans = (blocks: readonly TextBlock[]) => {
      const joined = joinBlocks(blocks)
      return splitByAuthor(joined, 0, joined.text.length, (client) => authorship.insertedBy(client))
    }
    return {
      clauses: text.clauses.map((clause, index) => ({
        id: clause.id,
        label: clauseLabelIn(index + 1, document.style, language.lang),
        heading: clause.blocks[0]?.kind === 'heading' ? clause.blocks[0].text : '',
        spans: spans(clause.blocks),
      })),
      parts: { title: spans(text.title), preamble: spans(text.preamble), final_provisions: spans(text.finalProvisions) },
    }
  }

  /**
   * The texts of two states. Each is read from its own state (a revision's
   * stored state, or a copy of the live document): Yjs item ids are global,
   * so characters line up across the two. References on both sides show
   * the numbers of `to`, so a reference that only renumbered does not read
   * as a change.
   */
  private async readTexts(
    document: DocumentRecord,
    from: StateRef,
    to: StateRef,
    references: 'to' | 'own',
    { lang, fragment }: { lang: string; fragment: string },
  ): Promise<[DocumentText, DocumentText]> {
    const labelIn = (clauseId: string | null, order: (string | null)[]) => {
      const index = clauseId === null ? -1 : order.indexOf(clauseId)
      return index === -1 ? null : clauseLabelIn(index + 1, document.style, lang)
    }
    const missing = missingReferenceLabelIn(lang)
    const ownLabels = (clauseId: string | null, order: (string | null)[]) => labelIn(clauseId, order) ?? missing
    const toText = await this.readText(document, to, fragment, lang, ownLabels)
    if (from === to) return [toText, toText]
    if (references === 'own') return [await this.readText(document, from, fragment, lang, ownLabels), toText]
    const toOrder = toText.clauses.map((clause) => clause.id)
    const fromText = await this.readText(document, from, fragment, lang, (clauseId, order) => labelIn(clauseId, toOrder) ?? labelIn(clauseId, order) ?? missing)
    return [fromText, toText]
  }

  /**
   * The text of `ref` in `fragment`, references labelled by `labelOf`. A
   * revision's is kept with it unlabelled, and labelled at each reading.
   */
  private async readText(
    document: DocumentRecord,
    ref: StateRef,
    fragment: string,
    lang: string,
    labelOf: (clauseId: string | null, order: (string | null)[]) => string,
  ): Promise<DocumentText> {
    const nameParty = partyNamer(document.parties, lang)
    if (ref !== 'live') {
      const decoded = await this.decodedRevision(document.id, ref)
      let text = decoded.texts.get(fragment)
      if (!text) {
        const { doc, memo } = await this.withDocument(decoded)
        text = readUnlabelled(doc, fragment, memo)
        decoded.texts.set(fragment, text)
      }
      return labelText(text, labelOf, nameParty)
    }
    const doc = new Y.Doc({ gc: false })
    try {
      Y.applyUpdate(doc, await this.editor.read(document.id, (live) => Y.encodeStateAsUpdate(live)))
      return readDocumentText(doc, labelOf, fragment, nameParty)
    } finally {
      doc.destroy()
    }
  }

  /**
   * The texts of revision `seq` in `fragments`, as ProseMirror documents
   * (which never change): read once from the revision's kept Yjs document
   * and kept with it, so that the compare, the redline and each original of
   * a revision decode it once between them; a clause equal to the one read
   * last in the same text is that node (`SharedClauses`). A reading that
   * changed the document (see `readInPlace`) lets the document go.
   */
  async revisionContents(documentId: string, seq: number, fragments: readonly string[]): Promise<Node[]> {
    const decoded = await this.decodedRevision(documentId, seq)
    // A reading changes its own fragment alone, so every text is read before a changed document is let go.
    let modified = false
    const contents: Node[] = []
    for (const fragment of fragments) {
      const kept = decoded.contents.get(fragment)
      if (kept) {
        contents.push(kept)
        continue
      }
      const { doc, memo } = await this.withDocument(decoded)
      const read = readInPlace(doc, fragment, memo)
      const content = this.sharedClauses.share(`${documentId}#${fragment}`, read.content)
      modified ||= read.modified
      decoded.contents.set(fragment, content)
      contents.push(content)
    }
    if (modified) this.letGo(decoded)
    return contents
  }

  /** A revision's summary (its hash and date, not its state); throws NotFound. */
  async revisionSummary(documentId: string, seq: number): Promise<RevisionSummary> {
    const revision = await this.revisions.summary(documentId, seq)
    if (!revision) throw missingRevision(documentId, seq)
    return revision
  }

  /**
   * Follows the revisions the recorder takes (`RevisionFollower`): when a
   * revision of the same document is held decoded, its document is moved
   * forward to the new one by the update between them, taken now from the
   * live document (which holds exactly the new revision's state); a
   * revision's first compare, redline and original then read only what
   * changed since. The revision left behind keeps what was read from it.
   */
  recording(documentId: string, live: Y.Doc): ((revision: { seq: number }) => void) | null {
    const latest = this.latestDecoded(documentId)
    if (!latest?.doc) return null
    const { doc, memo } = latest
    // Every revision of a document holds every earlier one (a Yjs state only grows), so this update brings it to the new one.
    const update = Y.encodeStateAsUpdate(live, Y.encodeStateVector(doc))
    return ({ seq }) => {
      // Meanwhile the document was handed on or let go, or the new revision was decoded from storage: nothing to do.
      if (latest.doc !== doc || this.revisionDocs.has(`${documentId}#${seq}`)) return
      Y.applyUpdate(doc, update)
      latest.doc = null
      latest.memo = null
      this.keep({ documentId, seq, doc, memo, contents: new Map(), texts: new Map() })
    }
  }

  /** The decoded revision of `documentId` with the highest number that still holds its document, if any. */
  private latestDecoded(documentId: string): DecodedRevision | null {
    let latest: DecodedRevision | null = null
    for (const decoded of this.revisionDocs.values()) {
      if (decoded.documentId === documentId && decoded.doc && (!latest || decoded.seq > latest.seq)) latest = decoded
    }
    return latest
  }

  /** A revision decoded; revisions never change, so the last few are kept. */
  private async decodedRevision(documentId: string, seq: number): Promise<DecodedRevision> {
    const key = `${documentId}#${seq}`
    const cached = this.revisionDocs.get(key)
    if (cached) {
      this.revisionDocs.delete(key)
      this.revisionDocs.set(key, cached)
      return cached
    }
    const doc = await this.decodedState(documentId, seq)
    return this.keep({ documentId, seq, doc, memo: new ElementMemo(doc), contents: new Map(), texts: new Map() })
  }

  /** The document of `decoded`, decoded again if it was handed on or let go. */
  private async withDocument(decoded: DecodedRevision): Promise<{ doc: Y.Doc; memo: ElementMemo }> {
    if (!decoded.doc) {
      decoded.doc = await this.decodedState(decoded.documentId, decoded.seq)
      decoded.memo = new ElementMemo(decoded.doc)
    }
    return { doc: decoded.doc, memo: decoded.memo! }
  }

  private async decodedState(documentId: string, seq: number): Promise<Y.Doc> {
    const state = await this.revisions.state(documentId, seq)
    if (!state) throw missingRevision(documentId, seq)
    const doc = new Y.Doc({ gc: false })
    Y.applyUpdate(doc, state)
    return doc
  }

  private keep(decoded: DecodedRevision): DecodedRevision {
    this.revisionDocs.set(`${decoded.documentId}#${decoded.seq}`, decoded)
    for (const oldKey of this.revisionDocs.keys()) {
      if (this.revisionDocs.size <= cachedRevisionDocs) break
      this.letGo(this.revisionDocs.get(oldKey)!)
      this.revisionDocs.delete(oldKey)
    }
    return decoded
  }

  /** Destroys the document of `decoded` (what was read from it stays). */
  private letGo(decoded: DecodedRevision): void {
    decoded.doc?.destroy()
    decoded.doc = null
    decoded.memo = null
  }

  private async authorshipOf(documentId: string): Promise<Authorship> {
    const [log, members] = await Promise.all([this.authorshipLogs.of(documentId), this.memberMap(documentId)])
    return loggedAuthorship(log, (memberId): Author => {
      if (memberId === null) return { memberId: null, name: 'Counterpart server', party: null }
      const member = members.get(memberId)
      return member ? { memberId, name: member.name, party: member.party } : { memberId, name: 'unknown member', party: null }
    })
  }

  private async revision(documentId: string, seq: number): Promise<RevisionRecord> {
    const revision = await this.revisions.get(documentId, seq)
    if (!revision) throw missingRevision(documentId, seq)
    return revision
  }

  private async view(documentId: string, revision: RevisionSummary): Promise<RevisionView> {
    return revisionView(revision, await this.memberMap(documentId))
  }

  private async memberMap(documentId: string): Promise<Map<string, MemberRecord>> {
    return new Map((await this.members.list(documentId)).map((member) => [member.id, member]))
  }
}

const missingRevision = (documentId: string, seq: number) => notFound(`document ${documentId} has no revision ${seq}`)

function authorOf(principal: Principal): { createdBy: string | null; createdByKind: RevisionRecord['createdByKind'] } {
  return principal.kind === 'member' ? { createdBy: principal.member.id, createdByKind: 'member' } : { createdBy: null, createdByKind: 'admin' }
}

function revisionView(revision: RevisionSummary, members: Map<string, MemberRecord>): RevisionView {
  const member = revision.createdBy === null ? undefined : members.get(revision.createdBy)
  return {
    seq: revision.seq,
    label: revision.label,
    note: revision.note,
    auto: revision.auto,
    createdBy: { kind: revision.createdByKind, memberId: revision.createdBy, name: member?.name ?? null, party: member?.party ?? null },
    createdAt: revision.createdAt.toISOString(),
    contentHash: revision.contentHash,
    parentHash: revision.parentHash,
    hash: revision.hash,
  }
}

/** The content a revision's state holds. */
export function contentOf(state: Uint8Array): Node {
  return contentsOfState(state, [contentFragmentName])[0]!
}

/** Why `revision` breaks the log, or null when it holds. */
function checkRevision(revision: RevisionRecord, previous: RevisionRecord | null, expectedSeq: number): string | null {
  if (revision.seq !== expectedSeq) return `revision ${expectedSeq} is missing`
  let computedContent: string
  try {
    computedContent = contentHash(contentOf(revision.state))
  } catch {
    return 'its stored state cannot be read'
  }
  if (computedContent !== revision.contentHash) return 'its content hash does not match its stored content'
  const expectedParent = previous?.hash ?? genesisHash
  if (revision.parentHash !== expectedParent) {
    return previous ? `its parentHash does not match the hash of revision ${previous.seq}` : 'its parentHash is not the genesis value'
  }
  const recomputed = revisionHash({
    documentId: revision.documentId,
    seq: revision.seq,
    label: revision.label,
    note: revision.note,
    auto: revision.auto,
    createdBy: revision.createdBy,
    createdByKind: revision.createdByKind,
    createdAt: revision.createdAt.toISOString(),
    contentHash: revision.contentHash,
    parentHash: revision.parentHash,
  })
  if (recomputed !== revision.hash) return 'its hash does not match its recorded fields'
  return null
}
