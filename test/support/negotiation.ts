/**
 * Moving clauses through the negotiation over the HTTP API, as the
 * delegations do: every clause agreed (for signing copies), a clause
 * reopened (to edit agreed text again).
 */

import type { Api } from './testServer.js'

/** Brings every clause to `agreed`: `first` starts the negotiation and agrees last, `second` agrees ad referendum. */
export async function agreeEveryClause(api: Api, documentId: string, first: string, second: string): Promise<void> {
  const { body } = await api.request('GET', `/api/documents/${documentId}/content`, { token: first })
  for (const clause of body.clauses as { id: string; status: string }[]) {
    await setStatus(api, documentId, clause.id, first, 'under-negotiation')
    await setStatus(api, documentId, clause.id, second, 'agreed-ad-referendum')
    await setStatus(api, documentId, clause.id, first, 'agreed')
  }
}

/** Moves a clause to `status`; throws unless the server agrees. */
export async function setStatus(api: Api, documentId: string, clauseId: string, token: string, status: string, initials?: string): Promise<void> {
  succeeded(await api.request('POST', `/api/documents/${documentId}/clauses/${clauseId}/status`, { token, body: { status, initials } }))
}

/** Reopens an agreed clause: `requester` asks, `accepter` (the other party) accepts. */
export async function reopenClause(api: Api, documentId: string, clauseId: string, requester: string, accepter: string): Promise<void> {
  const path = `/api/documents/${documentId}/clauses/${clauseId}/reopen`
  succeeded(await api.request('POST', path, { token: requester, body: { action: 'request' } }))
  succeeded(await api.request('POST', path, { token: accepter, body: { action: 'accept' } }))
}

function succeeded(response: { status: number; body: unknown }): void {
  if (response.status !== 200) throw new Error(`the server answered ${response.status}: ${JSON.stringify(response.body)}`)
}
