/**
 * The JSON the HTTP API answers, as both the server (which shapes it) and
 * the browser client (which reads it) know it: one definition of each view.
 * Dates are ISO 8601 strings.
 */

import type { Bracket } from './brackets.js'
import type { ResolutionRequest } from './bracketRequest.js'
import type { Agreement, ClauseState, ReopenRequest } from './clauseState.js'
import type { DocumentLanguages, InstrumentStyle } from './document.js'
import type { Role } from './member.js'
import type { TranslationStatus } from './translation.js'

export interface PartyView {
  code: string
  name: string
  shortName: string
  /** The party's own language, or null. */
  language: string | null
}

export interface DocumentView {
  id: string
  title: string
  style: InstrumentStyle
  parties: PartyView[]
  languages: DocumentLanguages
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
}

export type ClauseChange = 'added' | 'removed' | 'moved' | 'modified' | 'renumbered' | 'unchanged'

export interface ClauseSide {
  number: number
  label: string
  heading: string
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
