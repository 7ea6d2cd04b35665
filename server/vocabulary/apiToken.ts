/**
 * Personal API tokens: made by a signed-in person for scripts and stock
 * clients, each acting as one of their memberships exactly as the member's
 * own token does. Their record, and the views `/api/me/tokens` answers
 * (never the secret, except once when it is made).
 */

/** The longest label a token may carry. */
export const apiTokenLabelMaxLength = 100

export interface ApiTokenRecord {
  id: string
  /** The person who made it: they alone list and revoke it. */
  personId: string
  /** The membership it acts as. */
  documentId: string
  memberId: string
  label: string
  createdAt: Date
  /** When it last authenticated a request, to the minute. */
  lastUsedAt: Date | null
  revokedAt: Date | null
}

/** A token as `GET /api/me/tokens` lists it: no secret. */
export interface ApiTokenView {
  id: string
  label: string
  documentId: string
  memberId: string
  createdAt: string
  lastUsedAt: string | null
  revokedAt: string | null
}

/** The answer of `POST /api/me/tokens`: the secret, shown this once. */
export interface CreatedApiTokenView {
  id: string
  token: string
  label: string
  documentId: string
  memberId: string
  createdAt: string
}

export function apiTokenView(record: ApiTokenRecord): ApiTokenView {
  return {
    id: record.id,
    label: record.label,
    documentId: record.documentId,
    memberId: record.memberId,
    createdAt: record.createdAt.toISOString(),
    lastUsedAt: record.lastUsedAt?.toISOString() ?? null,
    revokedAt: record.revokedAt?.toISOString() ?? null,
  }
}

export function createdApiTokenView(record: ApiTokenRecord, token: string): CreatedApiTokenView {
  return { id: record.id, token, label: record.label, documentId: record.documentId, memberId: record.memberId, createdAt: record.createdAt.toISOString() }
}
