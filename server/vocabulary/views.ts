/**
 * The JSON the HTTP API answers, as both the server (which shapes it) and
 * the browser client (which reads it) know it: one definition of each view.
 * Dates are ISO 8601 strings.
 */

import type { Bracket } from './brackets.js'
import type { ResolutionRequest } from './bracketRequest.js'
import type { Agreement, ClauseState, ReopenRequest } from './clauseState.js'
import type { DocumentLanguages, FullAgreementBy, InstrumentStyle, PartyNaming } from './document.js'
import type { Role } from './member.js'
import type { TranslationStatus } from './translation.js'
import type { SigningSettings } from './signing.js'
import type { ErrorCode } from './errors.js'
import type { RefusalWords } from './refusal.js'

export interface PartyView {
  code: string
  name: string
  shortName: string
  /** The State the party belongs to, or "". */
  state: string
  /** The party's own language, or null. */
  language: string | null
  /** Its names in the document's other languages. */
  names: Record<string, PartyNaming>
  /** 0 or 1: the order in which the parties were named at creation. */
  position: number
}

export interface DocumentView {
  id: string
  title: string
  style: InstrumentStyle
  parties: PartyView[]
  languages: DocumentLanguages
  /** Who gives a party's full agreement and accepts a reopen request: any delegate of the party, or its head of delegation. */
  fullAgreementBy: FullAgreementBy
  createdAt: string
}

export interface MemberView {
  id: string
  documentId: string
  name: string
  party: string | null
  role: Role
  createdAt: string
  revokedAt: string | null
}

/** A member as GET …/members lists them: with when they were last in the document (null: not yet). */
export interface ListedMemberView extends MemberView {
  lastSeenAt: string | null
}

/** GET /api/session: who the token belongs to and what they may do. */
export interface SessionView {
  kind: 'member' | 'admin'
  member: MemberView | null
  document: DocumentView | null
  may: { edit: boolean; manageMembers: boolean; export: boolean }
}

/** A revision as the API shows it. */
export interface RevisionView {
  seq: number
  label: string
  note: string
  auto: boolean
  createdBy: { kind: 'member' | 'admin' | 'server'; memberId: string | null; name: string | null; party: string | null }
  createdAt: string
  contentHash: string
  parentHash: string
  hash: string
}

/** A clause's negotiation state, as the status and reopen routes answer it. */
export type ClauseStateView = ClauseState & { clauseId: string }

/** POST …/clauses/agree: each clause agreed, with its new status, and each refused, with what `…/status` would have answered. */
export interface BulkAgreementView {
  agreed: { clauseId: string; status: ClauseState['status'] }[]
  refused: { clauseId: string; code: ErrorCode; reason: string; words?: RefusalWords }[]
}

/** GET …/content: the document's text and each clause's state. */
export interface ContentView {
  documentId: string
  style: InstrumentStyle
  /** ProseMirror JSON. */
  doc: Record<string, unknown>
  /** Clause id → "Article 3" / "Paragraph 3". */
  numbering: Record<string, string>
  title: string
  preamble: string
  clauses: {
    id: string | null
    templateId: string | null
    status: string
    /** Who agreed for which party (ad referendum), with initials. */
    agreements: Agreement[]
    reopenRequest: ReopenRequest | null
    /** The clause's bracketed proposals, in order, each with its pending request to resolve it (null: none). */
    brackets: (Bracket & { request: ResolutionRequest | null })[]
    label: string | null
    heading: string | null
    text: string
  }[]
  finalProvisions: string | null
  /** The title, the preamble and the final provisions: signed as the clauses are, so negotiated like them, each by its fixed id. */
  parts: {
    id: string
    part: 'title' | 'preamble' | 'final_provisions'
    status: string
    agreements: Agreement[]
    reopenRequest: ReopenRequest | null
    brackets: Bracket[]
  }[]
}

/** A clause's text in another language: where it stands against the working text (GET …/translations). */
export interface TranslationView {
  clauseId: string
  lang: string
  status: TranslationStatus
  confirmedBy: { memberId: string; name: string | null; party: string | null } | null
  confirmedAt: string | null
  /** For a stale translation: the working text's change since the confirmation, word by word. */
  workingChange: DiffRun[] | null
}

/** An entry of the audit trail, as its readers see it. */
export interface AuditEntryView {
  id: number
  at: string
  event: string
  actor: { kind: 'member' | 'admin' | 'server'; memberId: string | null; party: string | null }
  clauseId: string | null
  details: Record<string, unknown>
  visibleTo: string | null
}

/** A template of the library, listed: an instrument, a clause, a preamble or final provisions. */
export interface TemplateSummary {
  id: string
  kind: string
  title: string
  summary: string
  category: string | null
  tag: string | null
  variables: { name: string; type: string; default: unknown; description: string }[]
}

/** Who made a change: a member, or the server (memberId null). */
export interface Author {
  memberId: string | null
  name: string
  party: string | null
}

/** What a block of a clause is: the kinds a paragraph structure is told in. */
export type BlockKind = 'title' | 'recital' | 'closing_formula' | 'heading' | 'paragraph' | 'numbered' | 'sub'

export interface DiffRun {
  op: 'equal' | 'insert' | 'delete'
  text: string
  /** For insert and delete runs: who, when the log knows. */
  author?: Author | null
  /** For insert and delete runs: when the update that made the change was stored (ISO 8601, UTC, to the minute), when the log knows. */
  at?: string | null
}

export type ClauseChange = 'added' | 'removed' | 'moved' | 'modified' | 'renumbered' | 'unchanged'

export interface ClauseSide {
  number: number
  label: string
  heading: string
  /** The number of each of the clause's blocks, heading first, as cited: "9.2", "9.2(a)", "9(a)", or "" (`paragraphNumbers.ts`). */
  paragraphs: string[]
}

export interface ClauseComparison {
  id: string | null
  /** The most telling change: added, removed, moved, modified, renumbered or unchanged (in that order). */
  change: ClauseChange
  moved: boolean
  renumbered: boolean
  modified: boolean
  from: ClauseSide | null
  to: ClauseSide | null
  /** The kinds of the clause's blocks on each side, when they differ (a paragraph split, numbered, lettered…). */
  structure: { from: BlockKind[]; to: BlockKind[] } | null
  /** Word-level diff of the clause's text (heading, then blocks, one per line); null when unchanged. */
  diff: DiffRun[] | null
}

export interface PartComparison {
  part: 'title' | 'preamble' | 'final_provisions'
  modified: boolean
  diff: DiffRun[] | null
}

export interface Comparison {
  clauses: ClauseComparison[]
  parts: PartComparison[]
  summary: Record<ClauseChange, number>
}

/** GET /api/documents/:id/signing/readiness: what stands between the live text and signature. */
export interface SigningReadinessView {
  documentId: string
  /** Whether an original could be exported from a revision of the live text as it stands (the settings aside: blanks are left for them). */
  ready: boolean
  /** Clauses and the title, preamble or final provisions not agreed; `agreedBy`: parties that agreed ad referendum. */
  unagreed: { clauseId: string | null; label: string; heading: string; status: string; agreedBy: string[] }[]
  brackets: { id: string; owner: string; owners: string[]; text: string; clauseId: string | null; label: string | null }[]
  /** Clause texts in other languages not confirmed. */
  translations: { clauseId: string; label: string; lang: string; status: TranslationStatus }[]
  /** How many wording findings each language text has. */
  wording: { lang: string; findings: number }[]
  signing: { settings: SigningSettings; missing: string[] }
}
