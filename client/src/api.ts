/**
 * The server's HTTP API, on the page's session cookie (a person's, or the
 * membership's the page traded its token for). Errors come back as
 * `ApiError` carrying the server's message, to be shown in words.
 */

import type { Answer, BracketOutcome } from '../../server/vocabulary/bracketRequest.js'
import type { Bracket } from '../../server/vocabulary/brackets.js'
import type { CommentVisibility, ThreadView } from '../../server/vocabulary/comment.js'
import type { AgreementSelection } from '../../server/vocabulary/clauseState.js'
import type { SigningRequest, SigningSettings } from '../../server/vocabulary/signing.js'
import type { WaitingItem } from '../../server/vocabulary/waiting.js'
import type { AgendaItem, Attendee, RoundView } from '../../server/vocabulary/round.js'
import type { DraftProposalView, PrivateLayerView, PrivateNoteView } from '../../server/vocabulary/privateLayer.js'
import { isRefusalWords, type RefusalWords } from '../../server/vocabulary/refusal.js'
import type {
  AuditEntryView,
  BulkAgreementView,
  ClauseStateView,
  Comparison,
  RevisionView,
  SessionView,
  SigningReadinessView,
  TemplateSummary,
  TranslationView,
} from '../../server/vocabulary/views.js'
import { send, sessionPath, tradePath, type FirstRequests } from './request.js'
import type { ImportAppliedView, ImportPreviewView } from '../../server/vocabulary/draftImport.js'

export class ApiError extends Error {
  override name = 'ApiError'
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The refusal in words, when the server sent them: said in the reader's language instead of `message`. */
    readonly words: RefusalWords | null = null,
  ) {
    super(message)
  }
}

/** `sent`'s answer when it is a success; else the error it says (`apiErrorOf`). */
async function answerOf(sent: Promise<Response>, method: string, path: string): Promise<Response> {
  const response = await sent
  if (!response.ok) throw apiErrorOf(response.status, await response.json().catch(() => null), `${method} ${path} failed (${response.status})`)
  return response
}

/**
 * The error an answer of `status` says, from its body's `{"error": {code,
 * message, words}}` (any of them missing or malformed: `fallback` and no
 * words).
 */
export function apiErrorOf(status: number, body: unknown, fallback: string): ApiError {
  const error = (body as { error?: { code?: unknown; message?: unknown; words?: unknown } } | null)?.error
  const code = typeof error?.code === 'string' ? error.code : 'error'
  const message = typeof error?.message === 'string' ? error.message : fallback
  return new ApiError(status, code, message, isRefusalWords(error?.words) ? error.words : null)
}


/** A round as the secretariat plans it (`POST …/rounds`). */
export interface RoundPlan {
  title: string
  place: string
  startDate: string
  endDate: string
  agenda: AgendaItem[]
}

/** An attendee as the API takes one: a title, organisation or role left empty is sent as null. */
export type ListedAttendee = Pick<Attendee, 'party' | 'name'> & { [Field in 'title' | 'organisation' | 'role']: string | null }

export interface ApiOptions {
  /** Where the server is: the page's own origin unless given (a script or a test outside the page). */
  origin?: string
  /** How long a request may go unanswered (`requestPatienceMs`). */
  patienceMs?: number
}

export class Api {
  constructor(
    readonly documentId: string,
    private readonly options: ApiOptions = {},
  ) {}

  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.fetch(method, path, body)
    return (await response.json()) as T
  }

  /** Like `json`, for a request whose success may be 204 No Content: then null. */
  async maybeJson<T>(method: string, path: string, body?: unknown): Promise<T | null> {
    const response = await this.fetch(method, path, body)
    return response.status === 204 ? null : ((await response.json()) as T)
  }

  /** A binary download: the bytes and the file name the server suggests. */
  async download(path: string): Promise<{ blob: Blob; filename: string }> {
    const response = await this.fetch('GET', path)
    const filename = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'download.docx'
    return { blob: await response.blob(), filename }
  }

  async text(path: string): Promise<string> {
    return (await this.fetch('GET', path)).text()
  }

  private fetch(method: string, path: string, body?: unknown): Promise<Response> {
    // A request given up on rejects with a TimeoutError, said in words by `reasonOf`.
    return answerOf(send(method, `${this.options.origin ?? ''}${path}`, body, this.options.patienceMs), method, path)
  }

  /** The answer to the token's trade the page's first script sent (`session.ts`'s `startSession`), read as any of this API's; nothing when there was no token. */
  async traded(first: FirstRequests): Promise<void> {
    if (first.trade) await answerOf(first.trade, 'POST', tradePath)
  }

  /** Who the page is for, from the request its first script sent after the trade. */
  async firstSession(first: FirstRequests): Promise<SessionView> {
    return (await (await answerOf(first.session, 'GET', sessionPath(this.documentId))).json()) as SessionView
  }

  session = () => this.json<SessionView>('GET', sessionPath(this.documentId))
  waiting = () => this.json<{ items: WaitingItem[] }>('GET', `/api/documents/${this.documentId}/waiting`).then((body) => body.items)
  dismissWaiting = async (key: string): Promise<void> => {
    await this.fetch('POST', `/api/documents/${this.documentId}/waiting/${encodeURIComponent(key)}/dismiss`)
  }
  revisions = () => this.json<{ revisions: RevisionView[] }>('GET', `/api/documents/${this.documentId}/revisions`).then((body) => body.revisions)
  createRevision = (label: string, note: string) => this.json<RevisionView>('POST', `/api/documents/${this.documentId}/revisions`, { label, note })
  revision = (seq: number) => this.json<RevisionView & { content: { doc: Record<string, unknown> } }>('GET', `/api/documents/${this.documentId}/revisions/${seq}`)
  restore = (seq: number) => this.json<RevisionView>('POST', `/api/documents/${this.documentId}/revisions/${seq}/restore`)
  compare = (from: number | 'live', to: number | 'live') => this.json<Comparison>('GET', `/api/documents/${this.documentId}/compare?from=${from}&to=${to}`)
  templates = () => this.json<{ clauses: TemplateSummary[] }>('GET', `/api/documents/${this.documentId}/templates`).then((body) => body.clauses)
  /** Drafts a clause from `templateId` with `variables` (by name; the rest take their defaults) and inserts it after the clause `after`. */
  insertClause = (templateId: string, after: string | null, variables: Record<string, string> = {}) =>
    this.json<{ clause: { id: string; label: string } }>('POST', `/api/documents/${this.documentId}/clauses`, { templateId, after, variables })
  setStatus = (clauseId: string, status: string, initials: string | null) =>
    this.json<{ clause: ClauseStateView }>('POST', `/api/documents/${this.documentId}/clauses/${clauseId}/status`, { status, initials })
  /** Agrees several clauses for the member's party; answers which were agreed and which refused, with the reason. */
  agreeAll = (selection: AgreementSelection, initials: string | null) =>
    this.json<BulkAgreementView>('POST', `/api/documents/${this.documentId}/clauses/agree`, { ...selection, initials })
  /** Deletes a clause (not agreed, not referred to) from every language text: DELETE …/clauses/:clauseId. */
  deleteClause = (clauseId: string) => this.json<{ deleted: { id: string; label: string } }>('DELETE', `/api/documents/${this.documentId}/clauses/${encodeURIComponent(clauseId)}`)

  reopen = (clauseId: string, action: 'request' | 'accept') =>
    this.json<{ clause: ClauseStateView }>('POST', `/api/documents/${this.documentId}/clauses/${clauseId}/reopen`, { action })
  /** Keeps alternative `keep` (null: drops them all): applied at once, or asked of the parties whose wording it drops (`resolved: false`). */
  resolveBracket = (bracketId: string, keep: number | null) =>
    this.json<BracketOutcome>('POST', `/api/documents/${this.documentId}/brackets/${bracketId}/resolve`, { keep })
  answerResolution = (bracketId: string, action: Answer) =>
    this.json<BracketOutcome>('POST', `/api/documents/${this.documentId}/brackets/${bracketId}/resolution`, { action })
  withdrawAlternative = (bracketId: string, alt: number) =>
    this.json<{ bracketId: string; withdrawn: string; bracket: Bracket | null }>('POST', `/api/documents/${this.documentId}/brackets/${bracketId}/withdraw`, { alt })
  /** What stands between the live text and signature. */
  readiness = () => this.json<SigningReadinessView>('GET', `/api/documents/${this.documentId}/signing/readiness`)
  /** Sets what the originals print for signature (the secretariat). */
  setSigning = (request: SigningRequest) => this.json<SigningSettings>('PUT', `/api/documents/${this.documentId}/signing`, request)
  comments = () => this.json<{ threads: ThreadView[] }>('GET', `/api/documents/${this.documentId}/comments`).then((body) => body.threads)
  /** Opens a thread on the span `from`–`to`: shared, or with `visibility` "party" one the member's party alone sees. */
  openThread = (from: unknown, to: unknown, body: string, visibility: CommentVisibility = 'shared') =>
    this.json<{ thread: ThreadView }>('POST', `/api/documents/${this.documentId}/comments`, { from, to, body, ...(visibility === 'party' ? { visibility } : {}) })
  reply = (threadId: string, body: string) => this.json<{ thread: ThreadView }>('POST', `/api/documents/${this.documentId}/comments/${threadId}/replies`, { body })
  setThreadResolved = (threadId: string, resolved: boolean) =>
    this.json<{ thread: ThreadView }>('POST', `/api/documents/${this.documentId}/comments/${threadId}/${resolved ? 'resolve' : 'reopen'}`)
  audit = () => this.json<{ entries: AuditEntryView[] }>('GET', `/api/documents/${this.documentId}/audit`).then((body) => body.entries)
  /** The rounds of the negotiation, by number (without what each did). */
  rounds = () => this.json<{ rounds: RoundView[] }>('GET', `/api/documents/${this.documentId}/rounds`).then((body) => body.rounds)
  /** Round `number`, with what it did clause by clause (`changes`: null while it is planned). */
  round = (number: number) => this.json<RoundView>('GET', `/api/documents/${this.documentId}/rounds/${number}`)
  /** Plans the negotiation's next round (the secretariat): answers it, numbered. */
  planRound = (plan: RoundPlan) => this.json<RoundView>('POST', `/api/documents/${this.documentId}/rounds`, plan)
  /** Opens or closes round `number` (the secretariat), recording the text as it stands. */
  stepRound = (number: number, step: 'open' | 'close') => this.json<RoundView>('POST', `/api/documents/${this.documentId}/rounds/${number}/${step}`)
  /** Replaces who attends round `number` for `party` (the secretariat, or that party's head), until the round is closed. */
  setAttendance = (number: number, party: string, attendance: readonly ListedAttendee[]) =>
    this.json<RoundView>('PUT', `/api/documents/${this.documentId}/rounds/${number}/attendance/${encodeURIComponent(party)}`, { attendance })
  /** The member's own party's private layer: its notes on clauses and its private threads (party members only). */
  privateLayer = () => this.json<PrivateLayerView>('GET', `/api/documents/${this.documentId}/private`)
  /** Writes the member's party's private note on `clauseId`; an empty text removes it (null). */
  setPrivateNote = (clauseId: string, text: string) =>
    this.maybeJson<PrivateNoteView>('PUT', `/api/documents/${this.documentId}/clauses/${encodeURIComponent(clauseId)}/private-note`, { text })
  /** Brings the member's party's private draft of `clauseId` into the shared text: a new bracket of the party's (`bracketId` null), or its alternative in bracket `bracketId`. */
  proposeDraft = (clauseId: string, bracketId: string | null) =>
    this.json<DraftProposalView>('POST', `/api/documents/${this.documentId}/clauses/${encodeURIComponent(clauseId)}/private-draft/propose`, bracketId === null ? {} : { bracketId })
  /** Every clause's text in every other language, with its status. */
  translations = () => this.json<{ translations: TranslationView[] }>('GET', `/api/documents/${this.documentId}/translations`).then((body) => body.translations)
  /** Confirms that clause `clauseId` in `lang` renders the working text as it stands. */
  confirmTranslation = (clauseId: string, lang: string) =>
    this.json<{ translation: TranslationView }>('POST', `/api/documents/${this.documentId}/clauses/${encodeURIComponent(clauseId)}/translations/${encodeURIComponent(lang)}/confirm`).then(
      (body) => body.translation,
    )
  /** Sends a draft file (Word, or Akoma Ntoso) to `POST …/import` with `query` (`importQuery`): its preview, or, with `apply`, the import applied. */
  importDraft = (file: Blob, query: string) => this.json<ImportPreviewView | ImportAppliedView>('POST', `/api/documents/${this.documentId}/import${query}`, file)
}
