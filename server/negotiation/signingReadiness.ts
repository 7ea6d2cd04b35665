/**
 * Whether a text is ready for signature: every clause — and the title,
 * the preamble and the final provisions — agreed by both parties, and no
 * bracketed text left anywhere. Signing copies are refused
 * until it is, with the list of what is still open.
 */

import type { Node } from 'prosemirror-model'
import { numberDocument } from '../vocabulary/numbering.js'
import { inlineText } from '../vocabulary/documentText.js'
import type { DocumentRecord } from '../vocabulary/document.js'
import { partyNamer } from '../vocabulary/partyReference.js'
import { isNegotiatedNode, type negotiatedParts } from '../vocabulary/schema.js'
import { clauseStateOf, partSubject } from '../vocabulary/clauseState.js'
import { bracketsOf, describeBracket } from '../vocabulary/brackets.js'
import { refusal, type RefusalWords } from '../vocabulary/refusal.js'

export interface OpenItems {
  /** `owner` opened the proposal; `owners` proposed each alternative, by number. */
  brackets: { id: string; owner: string; owners: string[]; text: string; clauseId: string | null; label: string | null }[]
  /** Clauses and negotiated parts not agreed; `agreedBy`: the parties that have agreed them ad referendum. */
  unagreedClauses: { clauseId: string | null; label: string; heading: string; status: string; agreedBy: string[] }[]
}

/** The parties that have agreed `node` (ad referendum). */
const agreedParties = (node: Node): string[] => clauseStateOf(node.attrs).agreements.map((agreement) => agreement.party)

/** What keeps `content` from being signed; both lists empty when nothing does. */
export function openItems(content: Node, document: Pick<DocumentRecord, 'style' | 'parties'>): OpenItems {
  const numbering = numberDocument(content, document.style)
  const nameParty = partyNamer(document.parties, 'en')
  const items: OpenItems = { brackets: [], unagreedClauses: [] }
  content.forEach((child, offset) => {
    const clause = child.type.name === 'clause' ? numbering.clauses.find((entry) => entry.pos === offset) : undefined
    for (const bracket of bracketsOf(child)) {
      const { id, owner, owners } = bracket
      items.brackets.push({ id, owner, owners, text: describeBracket(bracket), clauseId: clause?.id ?? null, label: clause?.label ?? null })
    }
    if (clause && child.attrs.status !== 'agreed') {
      const heading = child.firstChild ? inlineText(child.firstChild, numbering, nameParty) : ''
      items.unagreedClauses.push({ clauseId: clause.id, label: clause.label, heading, status: child.attrs.status ?? 'draft', agreedBy: agreedParties(child) })
    } else if (!clause && isNegotiatedNode(child.type.name) && child.attrs.status !== 'agreed') {
      // The title, the preamble and the final provisions are signed too.
      const label = partSubject(child.type.name as keyof typeof negotiatedParts)
      items.unagreedClauses.push({ clauseId: child.attrs.id, label, heading: '', status: child.attrs.status ?? 'draft', agreedBy: agreedParties(child) })
    }
  })
  return items
}

/**
 * Why revision `revision` is refused for signature, in words: how many
 * bracketed proposals and parts not agreed, each listed as it reads (its
 * alternatives with their parties and place; its label, heading and status).
 */
export function notReadyRefusal(revision: number, items: OpenItems): RefusalWords {
  return refusal('refusal.signing.openItems', {
    revision,
    brackets: items.brackets.length,
    bracketList: items.brackets.map((bracket) => `${bracket.text} (${[...new Set(bracket.owners)].join('/')}${bracket.label ? `, ${bracket.label}` : ''})`).join('; '),
    parts: items.unagreedClauses.length,
    partList: items.unagreedClauses.map((clause) => [`${clause.label}${clause.heading ? ` “${clause.heading}”` : ''}`, clause.status] as const),
  })
}
