/**
 * What waits on a member: what the other side did that needs this person.
 * Derived from the negotiation as it stands — never kept twice — so an item
 * goes away when it is handled; each item's key names the event it stands
 * for (the clause and the time of the agreement, the request, the last
 * message), so a dismissed item comes back only when something new happens.
 *
 * For a member of a party:
 * - the other party has agreed a clause (or the title, preamble, final
 *   provisions) ad referendum: this party's agreement makes it agreed;
 * - the other party asks to reopen an agreed clause;
 * - a request to resolve a bracket awaits this party's consent;
 * - a comment thread this member or this party opened, or this member wrote
 *   in, has a newer message from someone outside the party, unresolved;
 * - a clause's text in the party's language is stale (the working text
 *   changed since it was confirmed).
 */

import type { Node } from 'prosemirror-model'
import type { ResolutionRequest } from '../vocabulary/bracketRequest.js'
import { clauseStateOf, partSubject } from '../vocabulary/clauseState.js'
import type { Numbering } from '../vocabulary/numbering.js'
import { isNegotiatedNode, type negotiatedParts } from '../vocabulary/schema.js'
import type { ThreadView } from '../vocabulary/comment.js'
import type { TranslationStatus } from '../vocabulary/translation.js'
import { waitingText, type WaitingItem } from '../vocabulary/waiting.js'

export interface WaitingInputs {
  /** The working text. */
  content: Node
  numbering: Numbering
  /** Pending requests to resolve brackets, each with the clause holding its bracket (null outside clauses). */
  requests: readonly { request: ResolutionRequest; clauseId: string | null }[]
  /** Each clause's status in the member's party's language (empty when the party has none, or it is the working one). */
  translations: readonly { clauseId: string; lang: string; status: TranslationStatus; confirmedAt: string | null }[]
  threads: readonly ThreadView[]
}

/** What waits on `member` (a member of a party), oldest first. */
export function waitingFor(member: { id: string; party: string }, inputs: WaitingInputs): WaitingItem[] {
  const items: WaitingItem[] = []
  const labelOf = (node: Node, offset: number): string =>
    node.type.name === 'clause' ? (inputs.numbering.clauses.find((entry) => entry.pos === offset)?.label ?? String(node.attrs.id)) : partSubject(node.type.name as keyof typeof negotiatedParts)
  inputs.content.forEach((node, offset) => {
    if (!isNegotiatedNode(node.type.name)) return
    const state = clauseStateOf(node.attrs)
    const id = String(node.attrs.id)
    const label = labelOf(node, offset)
    if (state.status === 'agreed-ad-referendum' && !state.agreements.some((agreement) => agreement.party === member.party)) {
      const other = state.agreements.find((agreement) => agreement.party !== member.party)
      if (other) {
        const said = waitingText('waiting.text.agreement', { party: other.party, label, name: other.name })
        items.push({ key: `agreement:${id}:${other.at}`, kind: 'agreement', clauseId: id, label, ...said, at: other.at })
      }
    }
    if (state.reopenRequest && state.reopenRequest.party !== member.party) {
      const request = state.reopenRequest
      const said = waitingText('waiting.text.reopen', { party: request.party, label, name: request.name })
      items.push({ key: `reopen:${id}:${request.at}`, kind: 'reopen', clauseId: id, label, ...said, at: request.at })
    }
  })
  for (const { request, clauseId } of inputs.requests) {
    if (!request.awaiting.includes(member.party)) continue
    const label = clauseId === null ? null : inputs.numbering.clauseLabel(clauseId)
    const clause = clauseId === null || label === null ? null : { id: clauseId, label }
    items.push({
      key: `bracket:${request.bracketId}:${request.at}`,
      kind: 'bracket',
      clauseId: clause?.id ?? null,
      label: clause?.label ?? '',
      ...waitingText('waiting.text.bracket', {
        party: request.party ?? 'none',
        keep: request.keep === null ? 'none' : 'one',
        proposal: request.proposal,
        inClause: clause ? 'yes' : 'no',
        label: clause?.label ?? '',
        name: request.name,
      }),
      at: request.at,
    })
  }
  for (const thread of inputs.threads) {
    if (thread.resolved !== null) continue
    const last = thread.messages.at(-1)
    if (!last || last.author.party === member.party) continue
    const concerns = thread.createdBy.memberId === member.id || thread.createdBy.party === member.party || thread.messages.some((message) => message.author.memberId === member.id)
    if (!concerns) continue
    const clause = thread.clauseId === null ? null : inputs.numbering.clauses.find((entry) => entry.id === thread.clauseId)
    items.push({
      key: `comment:${thread.id}:${last.id}`,
      kind: 'comment',
      clauseId: thread.clauseId,
      label: clause?.label ?? '',
      ...waitingText('waiting.text.comment', {
        author: last.author.name,
        party: last.author.party ?? 'none',
        quote: thread.quote,
        body: last.body.length > 120 ? `${last.body.slice(0, 119)}…` : last.body,
      }),
      at: last.createdAt,
    })
  }
  for (const entry of inputs.translations) {
    if (entry.status !== 'stale') continue
    const label = inputs.numbering.clauseLabel(entry.clauseId) ?? entry.clauseId
    items.push({
      key: `translation:${entry.clauseId}:${entry.lang}:${entry.confirmedAt ?? ''}`,
      kind: 'translation',
      clauseId: entry.clauseId,
      label,
      ...waitingText('waiting.text.translation', { lang: entry.lang, label }),
      at: entry.confirmedAt,
    })
  }
  return items.sort((a, b) => (a.at ?? '').localeCompare(b.at ?? ''))
}
