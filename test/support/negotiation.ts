/**
 * Moving clauses through the negotiation over the HTTP API, as the
 * delegations do: every clause agreed (for signing copies), a clause
 * reopened (to edit agreed text again), a negotiation part-way through
 * (for what the home page counts).
 */

import type { Api, TestServer } from './testServer.js'

/**
 * Brings every clause — and the title, the preamble and the final
 * provisions, signed as the clauses are — to `agreed`: `first` starts the
 * negotiation and agrees last, `second` agrees ad referendum.
 */
export async function agreeEveryClause(api: Api, documentId: string, first: string, second: string): Promise<void> {
  const { body } = await api.request('GET', `/api/documents/${documentId}/content`, { token: first })
  for (const clause of [...body.parts, ...body.clauses] as { id: string; status: string }[]) {
    await setStatus(api, documentId, clause.id, first, 'under-negotiation')
    await setStatus(api, documentId, clause.id, second, 'agreed-ad-referendum')
    await setStatus(api, documentId, clause.id, first, 'agreed')
  }
}

/**
 * A drafted MOU between two heads of delegation (TH: Pol. Col. Somchai, KH:
 * Lok Sokha), part-way through: its first clause agreed by both, the
 * second under negotiation, the third agreed ad referendum by KH, which
 * waits on TH; the others drafted.
 */
export async function negotiationUnderWay(server: TestServer): Promise<{ documentId: string; thai: { id: string; token: string }; khmer: { id: string; token: string } }> {
  const documentId = await server.draftDocument('anti-trafficking-mou', { style: 'mou' })
  const thai = await server.addMember(documentId, 'head', 'TH', 'Pol. Col. Somchai')
  const khmer = await server.addMember(documentId, 'head', 'KH', 'Lok Sokha')
  const { body } = await server.request('GET', `/api/documents/${documentId}/content`)
  const [first, second, third] = (body.clauses as { id: string }[]).map((clause) => clause.id)
  await setStatus(server, documentId, first!, thai.token, 'under-negotiation')
  await setStatus(server, documentId, first!, khmer.token, 'agreed-ad-referendum')
  await setStatus(server, documentId, first!, thai.token, 'agreed')
  await setStatus(server, documentId, second!, thai.token, 'under-negotiation')
  await setStatus(server, documentId, third!, thai.token, 'under-negotiation')
  await setStatus(server, documentId, third!, khmer.token, 'agreed-ad-referendum')
  return { documentId, thai, khmer }
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

/**
 * The starter MOU drafted with both delegations in full — for each party a
 * delegate, legal staff and a head of delegation (added in that order: once
 * a party has a head, the head alone adds its members) — the secretariat and
 * an observer; with the working text's clause ids in order.
 */
export async function fullDelegations(server: TestServer) {
  const documentId = await server.draftDocument('anti-trafficking-mou')
  const thDelegate = await server.addMember(documentId, 'delegate', 'TH', 'Pol. Maj. Somchai')
  const thLegal = await server.addMember(documentId, 'legal', 'TH', 'Khun Malee')
  const khDelegate = await server.addMember(documentId, 'delegate', 'KH', 'Lok Sokha')
  const members = {
    thDelegate,
    thLegal,
    khDelegate,
    thHead: await server.addMember(documentId, 'head', 'TH', 'Pol. Gen. Anan'),
    khHead: await server.addMember(documentId, 'head', 'KH', 'Gen. Dara'),
    secretariat: await server.addMember(documentId, 'secretariat', null, 'Joint Secretariat'),
    observer: await server.addMember(documentId, 'observer', null, 'Observer'),
  }
  const { body: content } = await server.request('GET', `/api/documents/${documentId}/content`)
  return { documentId, members, clauseIds: (content.clauses as { id: string }[]).map((clause) => clause.id) }
}
